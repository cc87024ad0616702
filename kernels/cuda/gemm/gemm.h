// The GEMM ladder's host interface: every step in kernels/cuda/gemm/NN_*.cu registers the template
// instantiations it was built with, and bench/gemm picks one at run time (no rebuild per configuration).
//
// Layout (the "TN" GEMM that wgmma and cuBLAS both prefer): A is M x K row-major, B is N x K row-major,
// C is M x N row-major, C[m][n] = sum_k A[m][k] * B[n][k], inputs bf16 or fp16, accumulation fp32,
// output in the input type.
#pragma once

#include <cuda_runtime.h>

#include <string>
#include <vector>

namespace spak::gemm {

/// The element type of A, B and C.
enum class DType { bf16, f16 };

const char* dtype_name(DType dtype);

/// One GEMM call: sizes, device pointers and the run-time schedule knobs that need no new instantiation.
struct Problem {
  int m = 0, n = 0, k = 0;
  DType dtype = DType::bf16;
  const void* a = nullptr;  // M x K, row-major
  const void* b = nullptr;  // N x K, row-major
  void* c = nullptr;        // M x N, row-major
  int raster = 8;           // tile-order group width in blocks (steps that rasterise; 0 = plain row order)
  int sms = 0;              // multiprocessors to fill (persistent steps); 0 = all
};

/// The compile-time schedule of one instantiation; 0 means "not a parameter of this step".
struct Config {
  int bm = 0, bn = 0, bk = 0;  // block tile
  int stages = 0;              // shared-memory pipeline depth
  int warps = 0;               // warps per block (consumer warpgroups x 4 for the wgmma steps)
  int cluster = 1;             // thread-block cluster size (TMA multicast)
  DType dtype = DType::bf16;
  int epilogue = 0;            // 0: registers -> global stores; 1: registers -> shared memory -> TMA store;
                               // 2, 3: as 1 through a 1/2- or 1/3-size buffer in two or three rounds
  int defer = 0;               // step 08: 1 = a tile's epilogue runs under the next tile's first MMAs
  int l2_hint = 0;             // step 08: 1 = C stores evict_first in L2; 2 = B loads too

  std::string name() const;  // e.g. "bm128_bn256_bk64_s4_w8_c1_e0_bf16"; "_d1", "_h1" appended when set
};

/// Launches one instantiation asynchronously on a stream; returns the launch error (or an unsupported-shape error).
using LaunchFn = cudaError_t (*)(const Problem& problem, cudaStream_t stream);

/// One instantiation of a ladder step.
struct Variant {
  Config config;
  LaunchFn launch = nullptr;
  /// What the shape must satisfy (e.g. "K % 8 == 0"); checked by `supports`.
  int k_multiple = 1;
  int n_multiple = 1;
  bool supports(const Problem& p) const { return p.k % k_multiple == 0 && p.n % n_multiple == 0; }
};

/// One rung of the ladder: its number, short name, what it adds, and the instantiations it was built with.
struct Step {
  int number = 0;
  std::string name;
  std::string adds;
  std::vector<Variant> variants;  // the first is the step's default
};

/// All steps in ladder order (01_naive first).
const std::vector<Step>& ladder();

// Each ladder file defines one of these; ladder.cu lists them.
Step step_naive();
Step step_smem_tiling();
Step step_register_blocking();
Step step_vectorized();
Step step_mma_sync();
Step step_cp_async();
Step step_wgmma_tma();
Step step_warp_specialized();
Step step_stream_k();
Step step_pingpong();

}  // namespace spak::gemm
