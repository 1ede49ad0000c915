// The C side of bench/kernels/compare-matvec.sh: decoding's matrix-vector product y = W x as llama.cpp's CPU
// backend computes it, each row of a row-major W one dot product (ggml_vec_dot_f32: four accumulators of 16 lanes;
// ggml_vec_dot_bf16: x rounded to bfloat16 once, then the CPU's bfloat16 dot-product instruction). Built with
// gcc -O3 -march=native; needs AVX-512 (F and BF16), as the machines these benchmarks run on have.
#include <immintrin.h>
#include <stdint.h>

void matvec_f32(const float *w, const float *x, float *y, long rows, int cols) {
    for (long r = 0; r < rows; r++) {
        const float *a = w + r * (long) cols;
        __m512 s0 = _mm512_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
        int p = 0;
        for (; p + 64 <= cols; p += 64) {
            s0 = _mm512_fmadd_ps(_mm512_loadu_ps(a + p), _mm512_loadu_ps(x + p), s0);
            s1 = _mm512_fmadd_ps(_mm512_loadu_ps(a + p + 16), _mm512_loadu_ps(x + p + 16), s1);
            s2 = _mm512_fmadd_ps(_mm512_loadu_ps(a + p + 32), _mm512_loadu_ps(x + p + 32), s2);
            s3 = _mm512_fmadd_ps(_mm512_loadu_ps(a + p + 48), _mm512_loadu_ps(x + p + 48), s3);
        }
        float sum = _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(s0, s1), _mm512_add_ps(s2, s3)));
        for (; p < cols; p++) sum += a[p] * x[p];
        y[r] = sum;
    }
}

// xb: scratch for x rounded to bfloat16 (cols elements).
void matvec_bf16(const uint16_t *w, const float *x, uint16_t *xb, float *y, long rows, int cols) {
    int p = 0;
    for (; p + 32 <= cols; p += 32) {
        __m512bh pair = _mm512_cvtne2ps_pbh(_mm512_loadu_ps(x + p + 16), _mm512_loadu_ps(x + p));
        _mm512_storeu_si512((void *) (xb + p), (__m512i) pair);
    }
    for (; p < cols; p++) {
        union { float f; uint32_t u; } v = {x[p]};
        xb[p] = (uint16_t) ((v.u + 0x7FFF + ((v.u >> 16) & 1)) >> 16);
    }
    for (long r = 0; r < rows; r++) {
        const uint16_t *a = w + r * (long) cols;
        __m512 s0 = _mm512_setzero_ps(), s1 = s0;
        int q = 0;
        for (; q + 64 <= cols; q += 64) {
            s0 = _mm512_dpbf16_ps(s0, (__m512bh) _mm512_loadu_si512(a + q), (__m512bh) _mm512_loadu_si512(xb + q));
            s1 = _mm512_dpbf16_ps(s1, (__m512bh) _mm512_loadu_si512(a + q + 32), (__m512bh) _mm512_loadu_si512(xb + q + 32));
        }
        float sum = _mm512_reduce_add_ps(_mm512_add_ps(s0, s1));
        for (; q < cols; q++) {
            union { uint32_t u; float f; } wa = {(uint32_t) a[q] << 16}, xa = {(uint32_t) xb[q] << 16};
            sum += wa.f * xa.f;
        }
        y[r] = sum;
    }
}
