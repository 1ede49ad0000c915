#include "common.cuh"

// The non-GEMM parts of attention. Scores live as [B * Hkv, group * T, S]: the query heads of one key/value head
// are stacked, so that row r is query head (r / T) of the group at query position i = r % T, and its global row
// (b * Hq + h) * T + i is r plus the batch offset, the log-sum-exp layout [B, Hq, T].

// Keys visible to query i of the last T of S positions: j <= i + S - T when causal.
__device__ __forceinline__ int visible(long long row, int t, int s, int causal) {
    return causal ? (int) (row % t) + s - t + 1 : s;
}


// In place: scores -> probabilities softmax(scale * scores) with masked keys at 0; lse[row] for backward.
extern "C" __global__ void attention_softmax(float* scores, float* lse, int t, int s, float scale, int causal) {
    long long row = blockIdx.x;
    float* p = scores + row * s;
    int n = visible(row, t, s, causal);
    float m = -INFINITY;
    for (int j = threadIdx.x; j < n; j += blockDim.x) m = fmaxf(m, scale * p[j]);
    m = block_max(m);
    float sum = 0.f;
    for (int j = threadIdx.x; j < n; j += blockDim.x) sum += expf(scale * p[j] - m);
    sum = block_sum(sum);
    for (int j = threadIdx.x; j < s; j += blockDim.x) p[j] = j < n ? expf(scale * p[j] - m) / sum : 0.f;
    if (threadIdx.x == 0) lse[row] = m + logf(sum);
}

// In place: scores -> probabilities recomputed from the forward's log-sum-exp, exp(scale * score - lse).
extern "C" __global__ void attention_probabilities(float* scores, const float* lse, int t, int s, float scale, int causal) {
    long long row = blockIdx.x;
    float* p = scores + row * s;
    int n = visible(row, t, s, causal);
    float l = lse[row];
    for (int j = threadIdx.x; j < s; j += blockDim.x) p[j] = j < n ? expf(scale * p[j] - l) : 0.f;
}

// In place: dP -> dS = P (dP - sum(dO * O)) row by row; dOut and out are [rows, d].
extern "C" __global__ void attention_score_grad(float* dp, const float* p, const float* dOut, const float* out, int s, int d) {
    long long row = blockIdx.x;
    float dot = 0.f;
    for (int c = threadIdx.x; c < d; c += blockDim.x) dot += dOut[row * d + c] * out[row * d + c];
    dot = block_sum(dot);
    for (int j = threadIdx.x; j < s; j += blockDim.x) dp[row * s + j] = p[row * s + j] * (dp[row * s + j] - dot);
}
