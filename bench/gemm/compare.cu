#include "compare.h"

#include <cstring>

#include "kernels/cuda/gemm/common.cuh"

namespace spak::gemm {

namespace {

__device__ inline uint64_t mix(uint64_t x) {  // splitmix64 finaliser
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

template <typename T>
__global__ void fill_kernel(T* data, size_t count, uint64_t seed) {
  for (size_t i = blockIdx.x * size_t(blockDim.x) + threadIdx.x; i < count; i += size_t(gridDim.x) * blockDim.x) {
    const uint64_t h = mix(seed * 0x9e3779b97f4a7c15ull + i);
    data[i] = Elem<T>::from_float(float(h >> 40) * (2.0f / 16777216.0f) - 1.0f);
  }
}

// Non-negative floats order like their bit patterns, so atomicMax on the bits is a float max.
template <typename T>
__global__ void compare_kernel(const T* out, const T* ref, size_t count, unsigned* result) {
  float diff = 0.f, mag = 0.f;
  unsigned bad = 0;
  for (size_t i = blockIdx.x * size_t(blockDim.x) + threadIdx.x; i < count; i += size_t(gridDim.x) * blockDim.x) {
    const float o = Elem<T>::to_float(out[i]), r = Elem<T>::to_float(ref[i]);
    if (!isfinite(o) || !isfinite(r)) bad = 1;
    else {
      diff = fmaxf(diff, fabsf(o - r));
      mag = fmaxf(mag, fabsf(r));
    }
  }
  for (int off = 16; off > 0; off /= 2) {
    diff = fmaxf(diff, __shfl_xor_sync(0xffffffffu, diff, off));
    mag = fmaxf(mag, __shfl_xor_sync(0xffffffffu, mag, off));
    bad |= __shfl_xor_sync(0xffffffffu, bad, off);
  }
  if (threadIdx.x % 32 == 0) {
    atomicMax(&result[0], __float_as_uint(diff));
    atomicMax(&result[1], __float_as_uint(mag));
    atomicOr(&result[2], bad);
  }
}

constexpr int kBlocks = 1024, kThreads = 256;

}  // namespace

cudaError_t fill_random(void* data, size_t count, DType dtype, uint64_t seed, cudaStream_t stream) {
  if (dtype == DType::bf16)
    fill_kernel<<<kBlocks, kThreads, 0, stream>>>(static_cast<__nv_bfloat16*>(data), count, seed);
  else
    fill_kernel<<<kBlocks, kThreads, 0, stream>>>(static_cast<__half*>(data), count, seed);
  return cudaGetLastError();
}

cudaError_t poison(void* data, size_t count, cudaStream_t stream) {
  return cudaMemsetAsync(data, 0xff, count * 2, stream);  // 0xffff is a NaN in both bf16 and fp16
}

cudaError_t compare(const void* out, const void* ref, size_t count, DType dtype, Comparison& result, cudaStream_t stream) {
  unsigned* d = nullptr;
  unsigned h[3] = {0, 0, 0};
  if (cudaError_t e = cudaMallocAsync(&d, sizeof h, stream)) return e;
  cudaError_t e = cudaMemsetAsync(d, 0, sizeof h, stream);
  if (!e) {
    if (dtype == DType::bf16)
      compare_kernel<<<kBlocks, kThreads, 0, stream>>>(static_cast<const __nv_bfloat16*>(out),
                                                        static_cast<const __nv_bfloat16*>(ref), count, d);
    else
      compare_kernel<<<kBlocks, kThreads, 0, stream>>>(static_cast<const __half*>(out), static_cast<const __half*>(ref),
                                                        count, d);
    e = cudaGetLastError();
  }
  if (!e) e = cudaMemcpyAsync(h, d, sizeof h, cudaMemcpyDeviceToHost, stream);
  if (!e) e = cudaStreamSynchronize(stream);
  cudaFreeAsync(d, stream);
  float diff, mag;
  std::memcpy(&diff, &h[0], sizeof diff);
  std::memcpy(&mag, &h[1], sizeof mag);
  result.max_abs_diff = diff;
  result.max_abs_ref = mag;
  result.any_nan = h[2] != 0;
  return e;
}

}  // namespace spak::gemm
