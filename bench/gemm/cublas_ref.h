// The vendor reference: cuBLASLt bf16/fp16 GEMM in the ladder's layout (A M x K, B N x K, C M x N, all
// row-major), fp32 compute, with the heuristic's first algorithm and a 32 MiB workspace (what PyTorch uses).
#pragma once

#include <cublasLt.h>

#include "kernels/cuda/gemm/gemm.h"

namespace spak::gemm {

/// A cuBLASLt plan for one (m, n, k, dtype); run() launches it on the stream the plan was made for.
class CublasRef {
 public:
  CublasRef(cublasLtHandle_t handle, const Problem& problem, void* workspace, size_t workspace_bytes,
            cudaStream_t stream);
  ~CublasRef();
  CublasRef(const CublasRef&) = delete;
  CublasRef& operator=(const CublasRef&) = delete;

  cublasStatus_t run();

 private:
  cublasLtHandle_t handle_;
  Problem problem_;
  void* workspace_;
  size_t workspace_bytes_;
  cudaStream_t stream_;
  cublasLtMatmulDesc_t op_ = nullptr;
  cublasLtMatrixLayout_t a_ = nullptr, b_ = nullptr, c_ = nullptr;
  cublasLtMatmulHeuristicResult_t algo_{};
};

}  // namespace spak::gemm
