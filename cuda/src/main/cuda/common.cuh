// Shared by every kernel file: the strided layout of a tensor view, and block-wide reductions.
#pragma once
#include <cuda_bf16.h>

#define MAX_RANK 8

// A view as Tensor has it: element (i_0, ..., i_r-1) lives at offset + sum i_d * stride[d] (stride 0 broadcasts).
// Passed by value; the Java side (Layout.java) writes the same 2 + 2 * MAX_RANK ints.
struct Layout {
    int rank;
    int offset;
    int shape[MAX_RANK];
    int stride[MAX_RANK];
};

// Storage index of the element whose row-major number in the view is i.
__device__ __forceinline__ long long at(const Layout& l, long long i) {
    long long off = l.offset;
    for (int d = l.rank - 1; d >= 0; d--) {
        long long q = i / l.shape[d];
        off += (i - q * l.shape[d]) * (long long) l.stride[d];
        i = q;
    }
    return off;
}

#define GRID_STRIDE(i, n) \
    for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < (n); i += (long long) gridDim.x * blockDim.x)

// Every thread of the block gets the block's total (blockDim.x a multiple of 32, at most 1024).
template <typename T>
__device__ T block_sum(T v) {
    __shared__ T partial[32];
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    __syncthreads();  // the previous call's readers are done with partial
    if ((threadIdx.x & 31) == 0) partial[threadIdx.x >> 5] = v;
    __syncthreads();
    T total = 0;
    for (int w = 0; w < (blockDim.x >> 5); w++) total += partial[w];
    return total;
}

__device__ inline float block_max(float v) {
    __shared__ float partial[32];
    for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
    __syncthreads();
    if ((threadIdx.x & 31) == 0) partial[threadIdx.x >> 5] = v;
    __syncthreads();
    float m = -INFINITY;
    for (int w = 0; w < (blockDim.x >> 5); w++) m = fmaxf(m, partial[w]);
    return m;
}
