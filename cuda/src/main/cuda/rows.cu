// Last-dimension kernels on row-major [rows, n] data: one block per row, block-wide reductions.
#include "common.cuh"

#define ROW(ptr) ((ptr) + (long long) blockIdx.x * n)
#define FOR_COLUMNS(j) for (int j = threadIdx.x; j < n; j += blockDim.x)

__device__ float row_max(const float* x, int n) {
    float m = -INFINITY;
    FOR_COLUMNS(j) m = fmaxf(m, x[j]);
    return block_max(m);
}

// log(sum(exp(x))) computed stably; -inf for an all -inf row.
__device__ float row_log_sum_exp(const float* x, int n) {
    float m = row_max(x, n);
    if (m == -INFINITY) return m;
    float s = 0.f;
    FOR_COLUMNS(j) s += expf(x[j] - m);
    return m + logf(block_sum(s));
}

extern "C" __global__ void row_sum(float* out, const float* x, int n) {
    const float* r = ROW(x);
    float s = 0.f;
    FOR_COLUMNS(j) s += r[j];
    s = block_sum(s);
    if (threadIdx.x == 0) out[blockIdx.x] = s;
}

extern "C" __global__ void softmax(float* out, const float* x, int n) {
    const float* r = ROW(x);
    float* o = ROW(out);
    float m = row_max(r, n), s = 0.f;
    FOR_COLUMNS(j) s += expf(r[j] - m);
    s = block_sum(s);
    FOR_COLUMNS(j) o[j] = expf(r[j] - m) / s;
}

// y (dy - sum(dy y)), y the softmax output.
extern "C" __global__ void softmax_backward(float* out, const float* y, const float* dy, int n) {
    const float *p = ROW(y), *g = ROW(dy);
    float* o = ROW(out);
    float dot = 0.f;
    FOR_COLUMNS(j) dot += g[j] * p[j];
    dot = block_sum(dot);
    FOR_COLUMNS(j) o[j] = p[j] * (g[j] - dot);
}

extern "C" __global__ void log_softmax(float* out, const float* x, int n) {
    const float* r = ROW(x);
    float* o = ROW(out);
    float lse = row_log_sum_exp(r, n);
    FOR_COLUMNS(j) o[j] = r[j] - lse;
}

// dy - exp(y) sum(dy), y the log-softmax output.
extern "C" __global__ void log_softmax_backward(float* out, const float* y, const float* dy, int n) {
    const float *ly = ROW(y), *g = ROW(dy);
    float* o = ROW(out);
    float s = 0.f;
    FOR_COLUMNS(j) s += g[j];
    s = block_sum(s);
    FOR_COLUMNS(j) o[j] = g[j] - expf(ly[j]) * s;
}

__device__ float inverse_rms(const float* x, int n, float eps) {
    float ss = 0.f;
    FOR_COLUMNS(j) ss += x[j] * x[j];
    return 1.f / sqrtf(block_sum(ss) / n + eps);
}

extern "C" __global__ void rms_norm(float* out, const float* x, const float* w, float eps, int n) {
    const float* r = ROW(x);
    float* o = ROW(out);
    float inv = inverse_rms(r, n, eps);
    FOR_COLUMNS(j) o[j] = r[j] * inv * w[j];
}

// xhat = x inv; dx = inv (dy w - xhat mean(dy w xhat)); the row's inv is kept for dWeight (rms_norm_weight_grad).
extern "C" __global__ void rms_norm_backward(float* dx, float* invOut, const float* x, const float* w, const float* dy, float eps, int n) {
    const float *r = ROW(x), *g = ROW(dy);
    float* o = ROW(dx);
    float inv = inverse_rms(r, n, eps), dot = 0.f;
    FOR_COLUMNS(j) dot += g[j] * w[j] * r[j] * inv;
    dot = block_sum(dot) / n;
    FOR_COLUMNS(j) o[j] = inv * (g[j] * w[j] - r[j] * inv * dot);
    if (threadIdx.x == 0) invOut[blockIdx.x] = inv;
}

// dWeight[j] += sum over a chunk of rows of dy x inv; grid (column blocks, row chunks), dw zeroed first.
extern "C" __global__ void rms_norm_weight_grad(float* dw, const float* x, const float* dy, const float* inv, int rows, int n, int chunk) {
    int j = blockIdx.x * blockDim.x + threadIdx.x;
    if (j >= n) return;
    int from = blockIdx.y * chunk, to = min(rows, from + chunk);
    float acc = 0.f;
    for (int r = from; r < to; r++) acc += dy[(long long) r * n + j] * x[(long long) r * n + j] * inv[r];
    atomicAdd(dw + j, acc);
}

// Index of the largest element of the row, the first one on ties.
extern "C" __global__ void argmax(int* out, const float* x, int n) {
    const float* r = ROW(x);
    float best = -INFINITY;
    int index = n;
    FOR_COLUMNS(j) if (r[j] > best || index == n) { best = r[j]; index = j; }
    __shared__ float values[1024];
    __shared__ int indices[1024];
    values[threadIdx.x] = best;
    indices[threadIdx.x] = index;
    __syncthreads();
    for (int half = blockDim.x / 2; half > 0; half >>= 1) {
        if (threadIdx.x < half) {
            float v = values[threadIdx.x + half];
            int k = indices[threadIdx.x + half];
            bool takes = indices[threadIdx.x] == n || (k != n && (v > values[threadIdx.x] || (v == values[threadIdx.x] && k < indices[threadIdx.x])));
            if (takes) { values[threadIdx.x] = v; indices[threadIdx.x] = k; }
        }
        __syncthreads();
    }
    if (threadIdx.x == 0) out[blockIdx.x] = indices[0];
}

// Hugging Face's rotate-half rotary embedding; angles in double as the reference computes them.
// One thread per (row, pair); positions[row % t] is the token's position; sign -1 turns back.
extern "C" __global__ void rope(float* out, const float* x, const int* positions, int rows, int t, int d, double theta, float sign) {
    int half = d / 2;
    GRID_STRIDE(k, (long long) rows * half) {
        long long row = k / half;
        int i = (int) (k - row * half);
        double angle = positions[row % t] * pow(theta, -2.0 * i / d);
        double sn, cs;
        sincos(angle, &sn, &cs);
        float c = (float) cs, s = sign * (float) sn;
        const float* r = x + row * d;
        float x1 = r[i], x2 = r[i + half];
        out[row * d + i] = x1 * c - x2 * s;
        out[row * d + i + half] = x2 * c + x1 * s;
    }
}

extern "C" __global__ void embedding(float* out, const float* table, const int* ids, int count, int d) {
    GRID_STRIDE(k, (long long) count * d) {
        long long i = k / d;
        out[k] = table[(long long) ids[i] * d + (k - i * d)];
    }
}

// Scatter-add into a zeroed [vocab, d]; repeated ids add up through atomics.
extern "C" __global__ void embedding_backward(float* out, const float* dy, const int* ids, int count, int d) {
    GRID_STRIDE(k, (long long) count * d) {
        long long i = k / d;
        atomicAdd(out + (long long) ids[i] * d + (k - i * d), dy[k]);
    }
}

// Each row's log-sum-exp, and its negative log-likelihood lse - z[target] (0 on ignored rows); the host adds them.
extern "C" __global__ void cross_entropy(float* lse, float* nll, const float* logits, const int* targets, int ignore, int n) {
    const float* z = ROW(logits);
    float l = row_log_sum_exp(z, n);
    if (threadIdx.x == 0) {
        int t = targets[blockIdx.x];
        lse[blockIdx.x] = l;
        nll[blockIdx.x] = t == ignore ? 0.f : l - z[t];
    }
}

// g (softmax(z) - onehot(target)) on counted rows, 0 on ignored ones.
extern "C" __global__ void cross_entropy_backward(float* out, const float* logits, const float* lse, const int* targets, int ignore, float g, int n) {
    const float* z = ROW(logits);
    float* o = ROW(out);
    int t = targets[blockIdx.x];
    float l = lse[blockIdx.x];
    FOR_COLUMNS(j) o[j] = t == ignore ? 0.f : g * expf(z[j] - l) - (j == t ? g : 0.f);
}
