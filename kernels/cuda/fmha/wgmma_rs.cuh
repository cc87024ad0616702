// wgmma with the A operand in registers and a transposed (MN-major) B operand in shared memory: the P·V
// product of the Hopper forward (step 04). P never leaves the registers its softmax produced it in (the m64n*
// accumulator layout of S equals the register A-fragment layout of the next k16 step), and V is used as TMA
// lands it, [key][d] with d contiguous, which is B = V with N = d contiguous ("transposed", imm-trans-b = 1).
// Step 04's q=regs configs also run S = Q·Kᵀ this way, Q's fragments in registers and K K-major (not transposed).
// The GEMM ladder's wrappers (kernels/cuda/gemm/hopper.cuh) cover the shared-memory x shared-memory form only.
#pragma once

#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include <cstdint>
#include <type_traits>

#include "kernels/cuda/gemm/hopper.cuh"

namespace spak::fmha {

/// Descriptor of an MN-major operand written by TMA with 128-byte swizzle: rows of 64 N-contiguous 16-bit
/// elements (128 bytes) along K, 8-row swizzle atoms 1024 bytes apart (SBO), further 64-column N blocks
/// `n_block_bytes` apart (LBO). Stepping K by 16 rows is a +2048-byte start address.
__device__ inline uint64_t desc_mn_major_sw128(const void* p, uint32_t n_block_bytes) {
  const uint64_t addr = gemm::hopper::smem_u32(p);
  return ((addr & 0x3FFFF) >> 4) | (uint64_t(n_block_bytes >> 4) << 16) | (uint64_t(1024 >> 4) << 32) |
         (uint64_t(1) << 62);
}

// One asm statement per N; TYPE is the PTX element type ("bf16" or "f16"). d, a, desc_b, scale_d and TRANS_B
// come from the calling function below.
#define SPAK_FMHA_WGMMA_RS_N64(TYPE) \
  asm volatile( \
      "{\n.reg .pred p;\nsetp.ne.b32 p, %37, 0;\n" \
      "wgmma.mma_async.sync.aligned.m64n64k16.f32." TYPE "." TYPE " {" \
  "%0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15," \
  "%16, %17, %18, %19, %20, %21, %22, %23, %24, %25, %26, %27, %28, %29, %30, %31" \
      "}, {%32, %33, %34, %35}, %36, p, 1, 1, %38;\n}\n" \
      : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3]), "+f"(d[4]), "+f"(d[5]), "+f"(d[6]), "+f"(d[7]), \
      "+f"(d[8]), "+f"(d[9]), "+f"(d[10]), "+f"(d[11]), "+f"(d[12]), "+f"(d[13]), "+f"(d[14]), "+f"(d[15]), \
      "+f"(d[16]), "+f"(d[17]), "+f"(d[18]), "+f"(d[19]), "+f"(d[20]), "+f"(d[21]), "+f"(d[22]), "+f"(d[23]), \
      "+f"(d[24]), "+f"(d[25]), "+f"(d[26]), "+f"(d[27]), "+f"(d[28]), "+f"(d[29]), "+f"(d[30]), "+f"(d[31]) \
      : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "l"(desc_b), "r"(scale_d), "n"(int(TRANS_B)))

#define SPAK_FMHA_WGMMA_RS_N128(TYPE) \
  asm volatile( \
      "{\n.reg .pred p;\nsetp.ne.b32 p, %69, 0;\n" \
      "wgmma.mma_async.sync.aligned.m64n128k16.f32." TYPE "." TYPE " {" \
  "%0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15," \
  "%16, %17, %18, %19, %20, %21, %22, %23, %24, %25, %26, %27, %28, %29, %30, %31," \
  "%32, %33, %34, %35, %36, %37, %38, %39, %40, %41, %42, %43, %44, %45, %46, %47," \
  "%48, %49, %50, %51, %52, %53, %54, %55, %56, %57, %58, %59, %60, %61, %62, %63" \
      "}, {%64, %65, %66, %67}, %68, p, 1, 1, %70;\n}\n" \
      : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3]), "+f"(d[4]), "+f"(d[5]), "+f"(d[6]), "+f"(d[7]), \
      "+f"(d[8]), "+f"(d[9]), "+f"(d[10]), "+f"(d[11]), "+f"(d[12]), "+f"(d[13]), "+f"(d[14]), "+f"(d[15]), \
      "+f"(d[16]), "+f"(d[17]), "+f"(d[18]), "+f"(d[19]), "+f"(d[20]), "+f"(d[21]), "+f"(d[22]), "+f"(d[23]), \
      "+f"(d[24]), "+f"(d[25]), "+f"(d[26]), "+f"(d[27]), "+f"(d[28]), "+f"(d[29]), "+f"(d[30]), "+f"(d[31]), \
      "+f"(d[32]), "+f"(d[33]), "+f"(d[34]), "+f"(d[35]), "+f"(d[36]), "+f"(d[37]), "+f"(d[38]), "+f"(d[39]), \
      "+f"(d[40]), "+f"(d[41]), "+f"(d[42]), "+f"(d[43]), "+f"(d[44]), "+f"(d[45]), "+f"(d[46]), "+f"(d[47]), \
      "+f"(d[48]), "+f"(d[49]), "+f"(d[50]), "+f"(d[51]), "+f"(d[52]), "+f"(d[53]), "+f"(d[54]), "+f"(d[55]), \
      "+f"(d[56]), "+f"(d[57]), "+f"(d[58]), "+f"(d[59]), "+f"(d[60]), "+f"(d[61]), "+f"(d[62]), "+f"(d[63]) \
      : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "l"(desc_b), "r"(scale_d), "n"(int(TRANS_B)))

/// D(64 x N, fp32) (+)= A(64 x 16, registers: the m16n8k16 A fragment of each warp's 16 rows) * B(16 x N), B
/// MN-major in shared memory (desc_mn_major_sw128) or, without TRANS_B, K-major (desc_k_major_sw128);
/// scale_d = 0 ignores D.
template <int N, typename T, bool TRANS_B = true>
__device__ inline void wgmma_rs_m64k16(float (&d)[N / 2], const uint32_t (&a)[4], uint64_t desc_b, int scale_d = 1) {
  static_assert(N == 64 || N == 128, "instantiated for head dims 64 and 128");
  constexpr bool kHalf = std::is_same_v<T, __half>;
  if constexpr (N == 64) {
    if constexpr (kHalf) SPAK_FMHA_WGMMA_RS_N64("f16"); else SPAK_FMHA_WGMMA_RS_N64("bf16");
  } else {
    if constexpr (kHalf) SPAK_FMHA_WGMMA_RS_N128("f16"); else SPAK_FMHA_WGMMA_RS_N128("bf16");
  }
}

#undef SPAK_FMHA_WGMMA_RS_N64
#undef SPAK_FMHA_WGMMA_RS_N128

/// Keeps the registers of an RS-wgmma's A operand alive (not reused by the compiler) until the MMA has completed.
template <int R>
__device__ inline void fence_registers(uint32_t (&r)[R][4]) {
#pragma unroll
  for (int i = 0; i < R; ++i)
#pragma unroll
    for (int j = 0; j < 4; ++j) asm volatile("" : "+r"(r[i][j])::"memory");
}

}  // namespace spak::fmha
