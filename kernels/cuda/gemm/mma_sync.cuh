// Warp-level tensor-core helpers for steps 05 and 06: ldmatrix, mma.sync m16n8k16, cp.async, and the
// warp tile loop over one shared-memory K tile.
#pragma once

#include "common.cuh"

namespace spak::gemm {

__device__ inline uint32_t smem_u32(const void* p) { return static_cast<uint32_t>(__cvta_generic_to_shared(p)); }

__device__ inline void ldmatrix_x4(uint32_t (&r)[4], const void* p) {
  asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0, %1, %2, %3}, [%4];\n"
               : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3])
               : "r"(smem_u32(p)));
}

/// D += A * B for one m16n8k16 tile, fp32 accumulators.
template <typename T>
__device__ inline void mma_16816(float (&d)[4], const uint32_t (&a)[4], uint32_t b0, uint32_t b1);

template <>
__device__ inline void mma_16816<__nv_bfloat16>(float (&d)[4], const uint32_t (&a)[4], uint32_t b0, uint32_t b1) {
  asm volatile(
      "mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};\n"
      : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
      : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
}

template <>
__device__ inline void mma_16816<__half>(float (&d)[4], const uint32_t (&a)[4], uint32_t b0, uint32_t b1) {
  asm volatile(
      "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};\n"
      : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
      : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
}

/// 16-byte asynchronous copy global -> shared; `valid == false` writes zeros (out-of-range rows or K).
__device__ inline void cp_async_16(void* dst, const void* src, bool valid) {
  asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;\n" ::"r"(smem_u32(dst)), "l"(src),
               "r"(valid ? 16 : 0));
}
__device__ inline void cp_async_commit() { asm volatile("cp.async.commit_group;\n" ::); }
template <int N>
__device__ inline void cp_async_wait() { asm volatile("cp.async.wait_group %0;\n" ::"n"(N)); }

/// Shared-memory row stride (elements) of a K tile: 8 elements of padding shift consecutive rows by 16 bytes,
/// so the 8 row addresses of an ldmatrix hit 8 different bank groups.
template <int BK>
__host__ __device__ constexpr int padded_ld() { return BK + 8; }

/// Copies a rows x BK tile (row-major, ld = k) into shared memory [rows][BK + 8] with 16-byte accesses.
/// `async` selects cp.async (step 06) over load-then-store (step 05).
template <typename T, int ROWS, int BK, int THREADS, bool ASYNC>
__device__ inline void load_tile(T* dst, const T* src, int row0, int rows_total, int k0, int k, int tid) {
  constexpr int kVecs = ROWS * BK / 8;
  constexpr int kLd = padded_ld<BK>();
#pragma unroll
  for (int i = tid; i < kVecs; i += THREADS) {
    const int r = i / (BK / 8), kk = (i % (BK / 8)) * 8;
    const bool valid = row0 + r < rows_total && k0 + kk < k;
    const T* g = valid ? src + size_t(row0 + r) * k + k0 + kk : src;
    if constexpr (ASYNC) {
      cp_async_16(dst + r * kLd + kk, g, valid);
    } else {
      *reinterpret_cast<uint4*>(dst + r * kLd + kk) = valid ? *reinterpret_cast<const uint4*>(g) : make_uint4(0, 0, 0, 0);
    }
  }
}

/// One warp's MT x NT grid of m16n8 tiles over a BK-deep shared-memory tile. `as` points at the warp's first
/// A row, `bs` at its first B row (both [rows][BK + 8]).
template <typename T, int MT, int NT, int BK>
__device__ inline void warp_mma_tile(float (&acc)[MT][NT][4], const T* as, const T* bs, int lane) {
  static_assert(NT % 2 == 0, "B fragments are loaded two n8 tiles at a time");
  constexpr int kLd = padded_ld<BK>();
#pragma unroll
  for (int kk = 0; kk < BK; kk += 16) {
    uint32_t af[MT][4], bf[NT / 2][4];
#pragma unroll
    for (int mt = 0; mt < MT; ++mt)  // lanes 0-15 address rows 0-15 at k, lanes 16-31 the same rows at k+8
      ldmatrix_x4(af[mt], as + (mt * 16 + lane % 16) * kLd + kk + (lane / 16) * 8);
#pragma unroll
    for (int np = 0; np < NT / 2; ++np)  // matrices: (n0-7,k), (n0-7,k+8), (n8-15,k), (n8-15,k+8)
      ldmatrix_x4(bf[np], bs + (np * 16 + (lane / 16) * 8 + lane % 8) * kLd + kk + ((lane / 8) % 2) * 8);
#pragma unroll
    for (int mt = 0; mt < MT; ++mt)
#pragma unroll
      for (int nt = 0; nt < NT; ++nt)
        mma_16816<T>(acc[mt][nt], af[mt], bf[nt / 2][(nt % 2) * 2], bf[nt / 2][(nt % 2) * 2 + 1]);
  }
}

/// Writes a warp's accumulators (m16n8 C fragment layout) to C with bounds checks; needs N even.
template <typename T, int MT, int NT>
__device__ inline void warp_store_c(const float (&acc)[MT][NT][4], T* c, int row0, int col0, int m, int n, int lane) {
#pragma unroll
  for (int mt = 0; mt < MT; ++mt)
#pragma unroll
    for (int half = 0; half < 2; ++half) {
      const int row = row0 + mt * 16 + lane / 4 + half * 8;
      if (row >= m) continue;
#pragma unroll
      for (int nt = 0; nt < NT; ++nt) {
        const int col = col0 + nt * 8 + (lane % 4) * 2;
        if (col < n)
          *reinterpret_cast<uint32_t*>(c + size_t(row) * n + col) =
              Elem<T>::pack2(acc[mt][nt][half * 2], acc[mt][nt][half * 2 + 1]);
      }
    }
}

}  // namespace spak::gemm
