// Element-wise kernels over strided views (broadcasting is a stride of 0), and the in-place optimizer updates.
#include "common.cuh"

// Op codes: the order of Java's Kernels.Unary and Kernels.Binary.
enum { U_SCALE, U_EXP, U_LOG, U_SILU, U_GELU };
enum { B_ADD, B_SUB, B_MUL, B_DIV, B_SILU_BACKWARD, B_GELU_BACKWARD, B_MASKED_FILL };

__device__ __forceinline__ float sigmoid(float x) { return 1.f / (1.f + expf(-x)); }

// out[i] = src[view i]: a row-major copy of any view.
extern "C" __global__ void strided_copy(float* out, Layout dst, const float* src, Layout from, long long n) {
    GRID_STRIDE(i, n) out[at(dst, i)] = src[at(from, i)];
}

// Row-major bfloat16 copy of a view (round to nearest even), the operands of BF16 matmuls.
extern "C" __global__ void to_bf16(__nv_bfloat16* out, const float* src, Layout from, long long n) {
    GRID_STRIDE(i, n) out[i] = __float2bfloat16_rn(src[at(from, i)]);
}

extern "C" __global__ void unary(int op, float s, float* out, const float* x, Layout lx, long long n) {
    GRID_STRIDE(i, n) {
        float v = x[at(lx, i)], r;
        switch (op) {
            case U_SCALE: r = s * v; break;
            case U_EXP: r = expf(v); break;
            case U_LOG: r = logf(v); break;
            case U_SILU: r = v * sigmoid(v); break;
            default: r = v * normcdff(v); break;  // exact GELU: x Phi(x)
        }
        out[i] = r;
    }
}

extern "C" __global__ void binary(int op, float s, float* out, const float* a, Layout la, const float* b, Layout lb, long long n) {
    GRID_STRIDE(i, n) {
        float x = a[at(la, i)], y = b[at(lb, i)], r;
        switch (op) {
            case B_ADD: r = x + y; break;
            case B_SUB: r = x - y; break;
            case B_MUL: r = x * y; break;
            case B_DIV: r = x / y; break;
            case B_SILU_BACKWARD: {  // y: dy
                float sg = sigmoid(x);
                r = y * sg * (1.f + x * (1.f - sg));
                break;
            }
            case B_GELU_BACKWARD:  // dy (Phi(x) + x phi(x))
                r = y * (normcdff(x) + x * 0.3989422804014327f * expf(-0.5f * x * x));
                break;
            default: r = y != 0.f ? s : x; break;  // y: the mask
        }
        out[i] = r;
    }
}

// dst += alpha * src; dst row-major.
extern "C" __global__ void axpy(float* dst, float alpha, const float* src, Layout ls, long long n) {
    GRID_STRIDE(i, n) dst[i] += alpha * src[at(ls, i)];
}

// torch.optim.AdamW's single-tensor step with the per-step constants the host rounds once (see cpu.AdamW.Step):
// p = p (1 - lr wd); m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; p -= stepSize m / (sqrt(v) / rootC2 + eps).
extern "C" __global__ void adamw(float* p, const float* g, Layout lg, float* m, float* v, long long n, float decay,
                                 float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2, float stepSize,
                                 float rootC2, float eps) {
    GRID_STRIDE(i, n) {
        float gi = g[at(lg, i)];
        float mi = beta1 * m[i] + oneMinusBeta1 * gi;
        float vi = beta2 * v[i] + oneMinusBeta2 * gi * gi;
        float denom = sqrtf(vi) / rootC2 + eps;
        p[i] = p[i] * decay - stepSize * (mi / denom);
        m[i] = mi;
        v[i] = vi;
    }
}

// Sum over the middle of [outer, n, inner] (row-major) -> [outer, inner], one thread per output.
extern "C" __global__ void sum_middle(float* out, const float* x, int outer, int n, int inner) {
    GRID_STRIDE(i, (long long) outer * inner) {
        long long o = i / inner, j = i - o * inner;
        const float* p = x + o * n * inner + j;
        float acc = 0.f;
        for (int k = 0; k < n; k++) acc += p[(long long) k * inner];
        out[i] = acc;
    }
}

// Per-block partial sums of squares in double; the host adds the partials.
extern "C" __global__ void sum_squares(double* partial, const float* x, Layout lx, long long n) {
    double acc = 0;
    GRID_STRIDE(i, n) {
        double v = x[at(lx, i)];
        acc += v * v;
    }
    acc = block_sum(acc);
    if (threadIdx.x == 0) partial[blockIdx.x] = acc;
}
