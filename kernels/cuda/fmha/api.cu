// The C ABI of libspak_fmha.so (fmha.h): argument validation shared by all steps, then dispatch to a step.
#include <cstdio>
#include <cstring>
#include <string>

#include "kernels/cuda/fmha/fmha_common.cuh"

namespace spak::fmha {

namespace {
thread_local std::string last_error;

/// Checks what every step relies on; returns SPAK_FMHA_OK or a recorded error.
int validate(const spak_fmha_args* a) {
  if (!a) return fail(SPAK_FMHA_BAD_ARGUMENT, "args is NULL");
  if (a->b <= 0 || a->h <= 0 || a->h_kv <= 0 || a->s_q <= 0 || a->s_k <= 0 || a->d <= 0)
    return fail(SPAK_FMHA_BAD_ARGUMENT, "b, h, h_kv, s_q, s_k and d must be positive");
  if (a->h % a->h_kv != 0)
    return fail(SPAK_FMHA_BAD_ARGUMENT, "num_heads (" + std::to_string(a->h) + ") is not a multiple of num_kv_heads (" +
                                            std::to_string(a->h_kv) + ")");
  if (!a->q || !a->k || !a->v || !a->o) return fail(SPAK_FMHA_BAD_ARGUMENT, "q, k, v and o must be device pointers");
  if (a->dtype != SPAK_FMHA_BF16 && a->dtype != SPAK_FMHA_F16)
    return fail(SPAK_FMHA_BAD_ARGUMENT, "dtype must be SPAK_FMHA_BF16 or SPAK_FMHA_F16");
  if (a->causal != 0 && a->causal != 1) return fail(SPAK_FMHA_BAD_ARGUMENT, "causal must be 0 or 1");
  if (!(a->scale > 0.f)) return fail(SPAK_FMHA_BAD_ARGUMENT, "scale must be positive");
  return SPAK_FMHA_OK;
}

int num_configs(int step) {
  switch (step) {
    case SPAK_FMHA_REFERENCE: return num_configs_reference();
    case SPAK_FMHA_FA2: return num_configs_fa2();
    case SPAK_FMHA_FA3: return num_configs_fa3();
    case SPAK_FMHA_BACKWARD_WGMMA: return num_configs_backward_wgmma();
    default: return 0;
  }
}
}  // namespace

int fail(int status, const std::string& message) {
  last_error = message;
  return status;
}

int check_cuda(cudaError_t err, const char* what) {
  if (err == cudaSuccess) return SPAK_FMHA_OK;
  return fail(SPAK_FMHA_CUDA_ERROR, std::string(what) + ": " + cudaGetErrorString(err));
}

}  // namespace spak::fmha

using namespace spak::fmha;

extern "C" int spak_fmha_num_configs(int step) { return num_configs(step); }

extern "C" int spak_fmha_config_name(int step, int config, char* buf, int buf_len) {
  if (config < 0 || config >= num_configs(step)) return fail(SPAK_FMHA_BAD_ARGUMENT, "no such step/config");
  if (!buf || buf_len <= 0) return fail(SPAK_FMHA_BAD_ARGUMENT, "buf is NULL or empty");
  const std::string name = step == SPAK_FMHA_FA2               ? config_name_fa2(config)
                           : step == SPAK_FMHA_FA3             ? config_name_fa3(config)
                           : step == SPAK_FMHA_BACKWARD_WGMMA ? config_name_backward_wgmma(config)
                                                               : "unfused fp32";
  if (name.size() >= size_t(buf_len))  // a cut name would pass for another config's
    return fail(SPAK_FMHA_BAD_ARGUMENT, "buf too small for the config's name (" + std::to_string(name.size() + 1) +
                                            " bytes)");
  std::snprintf(buf, size_t(buf_len), "%s", name.c_str());
  return SPAK_FMHA_OK;
}

extern "C" int64_t spak_fmha_workspace_bytes(int step, const spak_fmha_args* args) {
  if (!args) return 0;
  if (step == SPAK_FMHA_BACKWARD) return workspace_bytes_backward(*args);
  if (step == SPAK_FMHA_BACKWARD_WGMMA) return workspace_bytes_backward_wgmma(*args);
  if (step == SPAK_FMHA_FA3) return workspace_bytes_fa3(*args);
  if (step != SPAK_FMHA_REFERENCE) return 0;
  return int64_t(args->s_q) * args->s_k * int64_t(sizeof(float));
}

extern "C" int spak_fmha_forward(int step, int config, const spak_fmha_args* args, void* workspace,
                                 int64_t workspace_bytes, void* stream) {
  last_error.clear();
  if (int rc = validate(args)) return rc;
  if (step == SPAK_FMHA_BACKWARD || step == SPAK_FMHA_BACKWARD_WGMMA)
    return fail(SPAK_FMHA_BAD_ARGUMENT, "step " + std::to_string(step) + " is a backward: call spak_fmha_backward_step");
  const int n = num_configs(step);
  if (n == 0) return fail(SPAK_FMHA_BAD_ARGUMENT, "unknown step " + std::to_string(step));
  if (config < -1 || config >= n)
    return fail(SPAK_FMHA_BAD_ARGUMENT, "config " + std::to_string(config) + " out of range for step " +
                                            std::to_string(step));
  auto s = static_cast<cudaStream_t>(stream);
  if (step == SPAK_FMHA_REFERENCE) return forward_reference(*args, workspace, workspace_bytes, s);
  if (step == SPAK_FMHA_FA3)
    return forward_fa3(config < 0 ? default_config_fa3(*args) : config, *args, workspace, workspace_bytes, s);
  return forward_fa2(config < 0 ? default_config_fa2(*args) : config, *args, s);
}

extern "C" int spak_fmha_backward_step(int step, int config, const spak_fmha_args* args, const void* d_o, void* dq,
                                       void* dk, void* dv, void* workspace, int64_t workspace_bytes, void* stream) {
  last_error.clear();
  if (int rc = validate(args)) return rc;
  if (step != SPAK_FMHA_BACKWARD && step != SPAK_FMHA_BACKWARD_WGMMA)
    return fail(SPAK_FMHA_BAD_ARGUMENT, "backward: unknown step " + std::to_string(step) +
                                            " (SPAK_FMHA_BACKWARD or SPAK_FMHA_BACKWARD_WGMMA)");
  // Step 03 has one fixed tiling (no configs to enumerate): -1 and 0 both name it.
  const int n = step == SPAK_FMHA_BACKWARD ? 1 : num_configs(step);
  if (config < -1 || config >= n)
    return fail(SPAK_FMHA_BAD_ARGUMENT, "config " + std::to_string(config) + " out of range for step " +
                                            std::to_string(step));
  auto s = static_cast<cudaStream_t>(stream);
  if (step == SPAK_FMHA_BACKWARD) return backward(*args, d_o, dq, dk, dv, workspace, workspace_bytes, s);
  return backward_wgmma(config, *args, d_o, dq, dk, dv, workspace, workspace_bytes, s);
}

extern "C" int spak_fmha_backward(const spak_fmha_args* args, const void* d_o, void* dq, void* dk, void* dv,
                                  void* workspace, int64_t workspace_bytes, void* stream) {
  return spak_fmha_backward_step(SPAK_FMHA_BACKWARD, -1, args, d_o, dq, dk, dv, workspace, workspace_bytes, stream);
}

extern "C" const char* spak_fmha_last_error(void) { return last_error.c_str(); }
