// 4-D TMA tensor maps (d, s, head, batch) for the Hopper FMHA steps (04 forward, 05 backward): one map reads or
// writes a (B,S,H,D) or a (B,H,S,D) tensor alike, in [rows][64] boxes with 128-byte swizzle (the layout the wgmma
// descriptors of kernels/cuda/gemm/hopper.cuh and wgmma_rs.cuh describe). The GEMM ladder's maps are 2-D.
#pragma once

#include <cudaTypedefs.h>

#include <string>

#include "kernels/cuda/fmha/fmha_common.cuh"
#include "kernels/cuda/gemm/hopper.cuh"

namespace spak::fmha {

/// Copies the box at (d0, s0, head, batch) of a 4-D tensor map into shared memory, completing on `bar`.
__device__ inline void tma_load_4d(void* dst, const CUtensorMap* map, uint64_t* bar, int d0, int s0, int head,
                                   int batch) {
  asm volatile(
      "cp.async.bulk.tensor.4d.shared::cluster.global.tile.mbarrier::complete_tx::bytes"
      " [%0], [%1, {%3, %4, %5, %6}], [%2];\n" ::"r"(gemm::hopper::smem_u32(dst)),
      "l"(map), "r"(gemm::hopper::smem_u32(bar)), "r"(d0), "r"(s0), "r"(head), "r"(batch)
      : "memory");
}

/// Stores a shared-memory box to (d0, s0, head, batch); rows past the tensor's sequence length are not written.
__device__ inline void tma_store_4d(const CUtensorMap* map, const void* src, int d0, int s0, int head, int batch) {
  asm volatile("cp.async.bulk.tensor.4d.global.shared::cta.bulk_group [%0, {%2, %3, %4, %5}], [%1];\n" ::"l"(map),
               "r"(gemm::hopper::smem_u32(src)), "r"(d0), "r"(s0), "r"(head), "r"(batch)
               : "memory");
}

/// A 4-D map (d, s, head, batch) over a tensor with the given element strides, read in [box_rows][64] boxes with
/// 128-byte swizzle; past-the-end rows read as zero. `who` prefixes the error messages ("fa3").
inline int make_tensor_map_4d(CUtensorMap* map, const void* base, int dtype, int d, int s, int heads, int batch,
                              int64_t stride_s, int64_t stride_h, int64_t stride_b, int box_rows, const char* who) {
  auto encode = gemm::hopper::tensor_map_encoder();
  if (!encode) return fail(SPAK_FMHA_CUDA_ERROR, std::string(who) + ": the driver has no cuTensorMapEncodeTiled");
  const cuuint64_t dims[4] = {cuuint64_t(d), cuuint64_t(s), cuuint64_t(heads), cuuint64_t(batch)};
  const cuuint64_t strides[3] = {cuuint64_t(stride_s) * 2, cuuint64_t(stride_h) * 2, cuuint64_t(stride_b) * 2};
  const cuuint32_t box[4] = {64, cuuint32_t(box_rows), 1, 1};
  const cuuint32_t elem_strides[4] = {1, 1, 1, 1};
  const CUresult r =
      encode(map, dtype == SPAK_FMHA_BF16 ? CU_TENSOR_MAP_DATA_TYPE_BFLOAT16 : CU_TENSOR_MAP_DATA_TYPE_FLOAT16, 4,
             const_cast<void*>(base), dims, strides, box, elem_strides, CU_TENSOR_MAP_INTERLEAVE_NONE,
             CU_TENSOR_MAP_SWIZZLE_128B, CU_TENSOR_MAP_L2_PROMOTION_L2_256B, CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE);
  if (r != CUDA_SUCCESS)
    return fail(SPAK_FMHA_UNSUPPORTED, std::string(who) + ": cuTensorMapEncodeTiled rejected the tensor (error " +
                                           std::to_string(int(r)) + "); pointers and strides must be 16-byte aligned");
  return SPAK_FMHA_OK;
}

}  // namespace spak::fmha
