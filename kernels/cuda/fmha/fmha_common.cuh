// Pieces every FMHA step shares: element traits and warp-level tensor-core helpers (taken from the GEMM ladder),
// the transposing ldmatrix that P·V needs, the per-thread error message and the launcher signature.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>
#include <string>

#include "kernels/cuda/fmha/fmha.h"
#include "kernels/cuda/gemm/mma_sync.cuh"

namespace spak::fmha {

using gemm::ceil_div;
using gemm::cp_async_16;
using gemm::cp_async_commit;
using gemm::cp_async_wait;
using gemm::Elem;
using gemm::ldmatrix_x4;
using gemm::mma_16816;
using gemm::smem_u32;

/// ldmatrix with transpose: each lane receives two elements of one column, the layout of an mma B operand
/// read from a row-major [k][n] tile (V is [key][d], and P·V contracts over keys).
__device__ inline void ldmatrix_x4_trans(uint32_t (&r)[4], const void* p) {
  asm volatile("ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16 {%0, %1, %2, %3}, [%4];\n"
               : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3])
               : "r"(smem_u32(p)));
}

/// 2^x on the special-function unit alone: exp2f adds denormal range fix-ups we do not need, since the
/// probabilities are summed in fp32 and rounded to bf16/fp16 where such tiny values flush to zero anyway.
__device__ inline float fast_exp2(float x) {
  float y;
  asm("ex2.approx.ftz.f32 %0, %1;\n" : "=f"(y) : "f"(x));
  return y;
}

/// log2(e): scores are scaled by scale * log2(e) once so the softmax runs on exp2 (one MUFU op, no multiply).
constexpr float kLog2e = 1.4426950408889634f;
constexpr float kLn2 = 0.6931471805599453f;

/// Records the message spak_fmha_last_error() returns and yields `status`, so callers write `return fail(...)`.
int fail(int status, const std::string& message);

/// Checks a CUDA launch or call; on failure records the message and returns SPAK_FMHA_CUDA_ERROR.
int check_cuda(cudaError_t err, const char* what);

/// SMs of the current device (a persistent grid's size), asked once per device.
int multiprocessors();

/// The first key index a query block can see past all masking (causal prunes tiles beyond it): keys
/// [0, key_end) matter for queries [q0, q0 + rows).
__host__ __device__ inline int causal_key_end(int q0, int rows, int s_k, bool causal, int pos_offset) {
  if (!causal) return s_k;
  const int end = q0 + rows + pos_offset;  // last query q0+rows-1 sees keys <= q0+rows-1+pos_offset
  return end < 0 ? 0 : (end < s_k ? end : s_k);
}

// Step launchers (NN_*.cu); each validates what it alone restricts and returns a spak_fmha_status.
int num_configs_reference();
int num_configs_fa2();
std::string config_name_fa2(int config);
int default_config_fa2(const spak_fmha_args& a);
int forward_reference(const spak_fmha_args& a, void* workspace, int64_t workspace_bytes, cudaStream_t stream);
int forward_fa2(int config, const spak_fmha_args& a, cudaStream_t stream);
int num_configs_fa3();
std::string config_name_fa3(int config);
int default_config_fa3(const spak_fmha_args& a);
int64_t workspace_bytes_fa3(const spak_fmha_args& a);
int forward_fa3(int config, const spak_fmha_args& a, void* workspace, int64_t workspace_bytes, cudaStream_t stream);
int64_t workspace_bytes_backward(const spak_fmha_args& a);
int backward(const spak_fmha_args& a, const void* d_o, void* dq, void* dk, void* dv, void* workspace,
             int64_t workspace_bytes, cudaStream_t stream);
int num_configs_backward_wgmma();
std::string config_name_backward_wgmma(int config);
int default_config_backward_wgmma(const spak_fmha_args& a);
int64_t workspace_bytes_backward_wgmma(const spak_fmha_args& a);
int backward_wgmma(int config, const spak_fmha_args& a, const void* d_o, void* dq, void* dk, void* dv,
                   void* workspace, int64_t workspace_bytes, cudaStream_t stream);

}  // namespace spak::fmha
