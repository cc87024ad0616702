#include "cublas_ref.h"

#include <stdexcept>
#include <string>

namespace spak::gemm {

namespace {
void check(cublasStatus_t s, const char* what) {
  if (s != CUBLAS_STATUS_SUCCESS) throw std::runtime_error(std::string("cuBLASLt ") + what + " failed: status " + std::to_string(int(s)));
}
}  // namespace

// cuBLAS is column-major: our row-major C (M x N) is its N x M matrix D = op(X) * Y, with X = our B buffer seen
// as K x N (ld K, transposed) and Y = our A buffer seen as K x M (ld K).
CublasRef::CublasRef(cublasLtHandle_t handle, const Problem& problem, void* workspace, size_t workspace_bytes,
                     cudaStream_t stream)
    : handle_(handle), problem_(problem), workspace_(workspace), workspace_bytes_(workspace_bytes), stream_(stream) {
  const cudaDataType_t type = problem.dtype == DType::bf16 ? CUDA_R_16BF : CUDA_R_16F;
  check(cublasLtMatmulDescCreate(&op_, CUBLAS_COMPUTE_32F, CUDA_R_32F), "MatmulDescCreate");
  const cublasOperation_t trans = CUBLAS_OP_T, no_trans = CUBLAS_OP_N;
  check(cublasLtMatmulDescSetAttribute(op_, CUBLASLT_MATMUL_DESC_TRANSA, &trans, sizeof trans), "set TRANSA");
  check(cublasLtMatmulDescSetAttribute(op_, CUBLASLT_MATMUL_DESC_TRANSB, &no_trans, sizeof no_trans), "set TRANSB");
  check(cublasLtMatrixLayoutCreate(&a_, type, problem.k, problem.n, problem.k), "layout X");
  check(cublasLtMatrixLayoutCreate(&b_, type, problem.k, problem.m, problem.k), "layout Y");
  check(cublasLtMatrixLayoutCreate(&c_, type, problem.n, problem.m, problem.n), "layout D");
  cublasLtMatmulPreference_t pref = nullptr;
  check(cublasLtMatmulPreferenceCreate(&pref), "PreferenceCreate");
  check(cublasLtMatmulPreferenceSetAttribute(pref, CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES, &workspace_bytes_,
                                             sizeof workspace_bytes_),
        "set workspace");
  int found = 0;
  const cublasStatus_t s = cublasLtMatmulAlgoGetHeuristic(handle_, op_, a_, b_, c_, c_, pref, 1, &algo_, &found);
  cublasLtMatmulPreferenceDestroy(pref);
  check(s, "AlgoGetHeuristic");
  if (found == 0) throw std::runtime_error("cuBLASLt found no algorithm for this shape");
}

CublasRef::~CublasRef() {
  cublasLtMatrixLayoutDestroy(c_);
  cublasLtMatrixLayoutDestroy(b_);
  cublasLtMatrixLayoutDestroy(a_);
  cublasLtMatmulDescDestroy(op_);
}

cublasStatus_t CublasRef::run() {
  const float alpha = 1.f, beta = 0.f;
  return cublasLtMatmul(handle_, op_, &alpha, problem_.b, a_, problem_.a, b_, &beta, problem_.c, c_, problem_.c, c_,
                        &algo_.algo, workspace_, workspace_bytes_, stream_);
}

}  // namespace spak::gemm
