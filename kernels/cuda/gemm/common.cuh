// Device-side helpers shared by the ladder: element-type traits and the launch glue every step uses.
#pragma once

#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include <cstdint>

#include "gemm.h"

namespace spak::gemm {

/// Conversions between an input element type and fp32, so one kernel template serves bf16 and fp16.
template <typename T>
struct Elem;

template <>
struct Elem<__nv_bfloat16> {
  static constexpr DType kDType = DType::bf16;
  __device__ static float to_float(__nv_bfloat16 x) { return __bfloat162float(x); }
  __device__ static __nv_bfloat16 from_float(float x) { return __float2bfloat16_rn(x); }
  __device__ static uint32_t pack2(float lo, float hi) {
    __nv_bfloat162 v = __floats2bfloat162_rn(lo, hi);
    return *reinterpret_cast<uint32_t*>(&v);
  }
};

template <>
struct Elem<__half> {
  static constexpr DType kDType = DType::f16;
  __device__ static float to_float(__half x) { return __half2float(x); }
  __device__ static __half from_float(float x) { return __float2half_rn(x); }
  __device__ static uint32_t pack2(float lo, float hi) {
    __half2 v = __floats2half2_rn(lo, hi);
    return *reinterpret_cast<uint32_t*>(&v);
  }
};

__host__ __device__ constexpr int ceil_div(int a, int b) { return (a + b - 1) / b; }

/// Unpacks a 16-byte vector of 8 elements into fp32.
template <typename T>
__device__ inline void unpack8(const uint4& v, float (&out)[8]) {
  const T* e = reinterpret_cast<const T*>(&v);
#pragma unroll
  for (int i = 0; i < 8; ++i) out[i] = Elem<T>::to_float(e[i]);
}

/// Maps a linear tile index to (block row, block column) in groups of `group` block rows, so consecutive
/// tiles share A rows and B columns in L2 ("rasterisation"); group 0 is plain row-major order.
__host__ __device__ inline void raster_tile(int tile, int blocks_m, int blocks_n, int group, int& bm, int& bn) {
  if (group <= 0) {
    bm = tile / blocks_n;
    bn = tile % blocks_n;
    return;
  }
  const int per_group = group * blocks_n;
  const int first_m = (tile / per_group) * group;
  const int rows = min(blocks_m - first_m, group);
  const int in_group = tile % per_group;
  bm = first_m + in_group % rows;
  bn = in_group / rows;
}

}  // namespace spak::gemm
