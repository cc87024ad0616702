// The ladder in order, and the names the bench prints.
#include <cstdio>

#include "gemm.h"

namespace spak::gemm {

const char* dtype_name(DType dtype) { return dtype == DType::bf16 ? "bf16" : "f16"; }

std::string Config::name() const {
  char buf[96];
  std::snprintf(buf, sizeof buf, "bm%d_bn%d_bk%d_s%d_w%d_c%d_e%d_%s", bm, bn, bk, stages, warps, cluster, epilogue,
                dtype_name(dtype));
  std::string s = buf;  // the knobs added later only when set, so the earlier names (results, DSL facts) stay
  if (defer) s += "_d" + std::to_string(defer);
  if (l2_hint) s += "_h" + std::to_string(l2_hint);
  return s;
}

const std::vector<Step>& ladder() {
  static const std::vector<Step> steps = {step_naive(),  step_smem_tiling(), step_register_blocking(),
                                          step_vectorized(), step_mma_sync(), step_cp_async(),
                                          step_wgmma_tma(),  step_warp_specialized(), step_stream_k(),
                                          step_pingpong()};
  return steps;
}

}  // namespace spak::gemm
