// S = Q·Kᵀ for step 04 at every key-tile width it builds, and the backward's (step 05) 64-wide score tiles. Both operands are K-major in shared memory (SS-wgmma),
// as in the GEMM ladder, whose wrappers (kernels/cuda/gemm/hopper.cuh) cover the GEMM's tile widths only; a key
// tile of 176 needs n176. 176 is FlashAttention-3's key tile for D=128: the widest whose S, P and O fit the
// consumers' 240 registers without spilling (192 spills), so per-tile costs (barriers, row-max shuffles, the O
// rescale) spread over 37% more keys than at 128.
#pragma once

#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include <cstdint>
#include <type_traits>

#include "kernels/cuda/gemm/hopper.cuh"

namespace spak::fmha {

// TYPE is the PTX element type ("bf16" or "f16"); d, desc_a, desc_b and scale_d come from the function below.
#define SPAK_FMHA_WGMMA_SS_N176(TYPE) \
  asm volatile( \
      "{\n.reg .pred p;\nsetp.ne.b32 p, %90, 0;\n" \
      "wgmma.mma_async.sync.aligned.m64n176k16.f32." TYPE "." TYPE " {" \
  "%0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15," \
  "%16, %17, %18, %19, %20, %21, %22, %23, %24, %25, %26, %27, %28, %29, %30, %31," \
  "%32, %33, %34, %35, %36, %37, %38, %39, %40, %41, %42, %43, %44, %45, %46, %47," \
  "%48, %49, %50, %51, %52, %53, %54, %55, %56, %57, %58, %59, %60, %61, %62, %63," \
  "%64, %65, %66, %67, %68, %69, %70, %71, %72, %73, %74, %75, %76, %77, %78, %79," \
  "%80, %81, %82, %83, %84, %85, %86, %87" \
      "}, %88, %89, p, 1, 1, 0, 0;\n}\n" \
      : \
      "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3]), "+f"(d[4]), "+f"(d[5]), "+f"(d[6]), "+f"(d[7]), \
      "+f"(d[8]), "+f"(d[9]), "+f"(d[10]), "+f"(d[11]), "+f"(d[12]), "+f"(d[13]), "+f"(d[14]), "+f"(d[15]), \
      "+f"(d[16]), "+f"(d[17]), "+f"(d[18]), "+f"(d[19]), "+f"(d[20]), "+f"(d[21]), "+f"(d[22]), "+f"(d[23]), \
      "+f"(d[24]), "+f"(d[25]), "+f"(d[26]), "+f"(d[27]), "+f"(d[28]), "+f"(d[29]), "+f"(d[30]), "+f"(d[31]), \
      "+f"(d[32]), "+f"(d[33]), "+f"(d[34]), "+f"(d[35]), "+f"(d[36]), "+f"(d[37]), "+f"(d[38]), "+f"(d[39]), \
      "+f"(d[40]), "+f"(d[41]), "+f"(d[42]), "+f"(d[43]), "+f"(d[44]), "+f"(d[45]), "+f"(d[46]), "+f"(d[47]), \
      "+f"(d[48]), "+f"(d[49]), "+f"(d[50]), "+f"(d[51]), "+f"(d[52]), "+f"(d[53]), "+f"(d[54]), "+f"(d[55]), \
      "+f"(d[56]), "+f"(d[57]), "+f"(d[58]), "+f"(d[59]), "+f"(d[60]), "+f"(d[61]), "+f"(d[62]), "+f"(d[63]), \
      "+f"(d[64]), "+f"(d[65]), "+f"(d[66]), "+f"(d[67]), "+f"(d[68]), "+f"(d[69]), "+f"(d[70]), "+f"(d[71]), \
      "+f"(d[72]), "+f"(d[73]), "+f"(d[74]), "+f"(d[75]), "+f"(d[76]), "+f"(d[77]), "+f"(d[78]), "+f"(d[79]), \
      "+f"(d[80]), "+f"(d[81]), "+f"(d[82]), "+f"(d[83]), "+f"(d[84]), "+f"(d[85]), "+f"(d[86]), "+f"(d[87]) \
      : "l"(desc_a), "l"(desc_b), "r"(scale_d))

// The backward's score tiles are 64 queries (or keys) wide: short tiles keep its five accumulators in registers.
#define SPAK_FMHA_WGMMA_SS_N64(TYPE) \
  asm volatile( \
      "{\n.reg .pred p;\nsetp.ne.b32 p, %34, 0;\n" \
      "wgmma.mma_async.sync.aligned.m64n64k16.f32." TYPE "." TYPE " {" \
  "%0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15," \
  "%16, %17, %18, %19, %20, %21, %22, %23, %24, %25, %26, %27, %28, %29, %30, %31" \
      "}, %32, %33, p, 1, 1, 0, 0;\n}\n" \
      : \
      "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3]), "+f"(d[4]), "+f"(d[5]), "+f"(d[6]), "+f"(d[7]), \
      "+f"(d[8]), "+f"(d[9]), "+f"(d[10]), "+f"(d[11]), "+f"(d[12]), "+f"(d[13]), "+f"(d[14]), "+f"(d[15]), \
      "+f"(d[16]), "+f"(d[17]), "+f"(d[18]), "+f"(d[19]), "+f"(d[20]), "+f"(d[21]), "+f"(d[22]), "+f"(d[23]), \
      "+f"(d[24]), "+f"(d[25]), "+f"(d[26]), "+f"(d[27]), "+f"(d[28]), "+f"(d[29]), "+f"(d[30]), "+f"(d[31]) \
      : "l"(desc_a), "l"(desc_b), "r"(scale_d))

/// D(64 x N, fp32) (+)= A(64 x 16) * B(N x 16)ᵀ, both K-major in shared memory; scale_d = 0 ignores D.
template <int N, typename T>
__device__ inline void wgmma_ss_m64k16(float (&d)[N / 2], uint64_t desc_a, uint64_t desc_b, int scale_d) {
  if constexpr (N == 176) {
    if constexpr (std::is_same_v<T, __half>) SPAK_FMHA_WGMMA_SS_N176("f16"); else SPAK_FMHA_WGMMA_SS_N176("bf16");
  } else if constexpr (N == 64) {
    if constexpr (std::is_same_v<T, __half>) SPAK_FMHA_WGMMA_SS_N64("f16"); else SPAK_FMHA_WGMMA_SS_N64("bf16");
  } else {
    gemm::hopper::wgmma_m64k16<N, T>(d, desc_a, desc_b, scale_d);
  }
}

#undef SPAK_FMHA_WGMMA_SS_N176
#undef SPAK_FMHA_WGMMA_SS_N64

}  // namespace spak::fmha
