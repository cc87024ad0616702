// Host half of hopper.cuh: encodes TMA tensor maps through the driver entry point (no -lcuda at link time).
#include <cudaTypedefs.h>

#include "hopper.cuh"

namespace spak::gemm::hopper {

PFN_cuTensorMapEncodeTiled_v12000 tensor_map_encoder() {
  static PFN_cuTensorMapEncodeTiled_v12000 fn = [] {
    void* p = nullptr;
    cudaDriverEntryPointQueryResult status{};
    if (cudaGetDriverEntryPointByVersion("cuTensorMapEncodeTiled", &p, 12000, cudaEnableDefault, &status) !=
            cudaSuccess ||
        status != cudaDriverEntryPointSuccess)
      p = nullptr;
    return reinterpret_cast<PFN_cuTensorMapEncodeTiled_v12000>(p);
  }();
  return fn;
}

// L2 promotion 128 B, not 256 B: a box row is 128 B, and with a row pitch that is no multiple of 128 B (K = 3000:
// 6000 B) 256-byte promotion fetches lines no box needs. Measured on H100 (docs/gemm.md): 3000^3 +13% (0.74x ->
// 0.84x of cuBLAS at 128x192), aligned shapes unchanged within 0.3% (presumably the extra lines cost L2 bandwidth).
cudaError_t make_tensor_map_sw128(CUtensorMap* map, const void* base, int rows, int cols, int box_rows, DType dtype) {
  auto encode = tensor_map_encoder();
  if (!encode) return cudaErrorSymbolNotFound;
  if (cols % 8 != 0 || box_rows > 256) return cudaErrorInvalidValue;
  const cuuint64_t dims[2] = {cuuint64_t(cols), cuuint64_t(rows)};
  const cuuint64_t strides[1] = {cuuint64_t(cols) * 2};
  const cuuint32_t box[2] = {64, cuuint32_t(box_rows)};
  const cuuint32_t elem_strides[2] = {1, 1};
  const CUresult r = encode(map, dtype == DType::bf16 ? CU_TENSOR_MAP_DATA_TYPE_BFLOAT16 : CU_TENSOR_MAP_DATA_TYPE_FLOAT16,
                            2, const_cast<void*>(base), dims, strides, box, elem_strides,
                            CU_TENSOR_MAP_INTERLEAVE_NONE, CU_TENSOR_MAP_SWIZZLE_128B,
                            CU_TENSOR_MAP_L2_PROMOTION_L2_128B, CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE);
  return r == CUDA_SUCCESS ? cudaSuccess : cudaErrorInvalidValue;
}

}  // namespace spak::gemm::hopper
