// Checks libspak_fmha.so's C ABI where no GPU is needed (CI): config enumeration, workspace sizes, and that bad
// arguments come back as error codes with a message instead of a launch or an abort.
#include <cstdio>
#include <cstring>

#include "kernels/cuda/fmha/fmha.h"

namespace {

int failures = 0;

void expect(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "FAIL: %s (last error: '%s')\n", what, spak_fmha_last_error());
    ++failures;
  }
}

/// A well-formed (B, S, H, D) call on fake pointers: every test breaks one field, so validation must fail
/// before anything touches the device.
spak_fmha_args valid_args() {
  alignas(16) static char dummy[16];
  spak_fmha_args a{};
  a.b = 2, a.h = 8, a.h_kv = 2, a.s_q = 100, a.s_k = 120, a.d = 64;
  a.q_stride_s = a.h * a.d, a.q_stride_h = a.d, a.q_stride_b = a.s_q * a.q_stride_s;
  a.k_stride_s = a.h_kv * a.d, a.k_stride_h = a.d, a.k_stride_b = a.s_k * a.k_stride_s;
  a.q = a.k = a.v = dummy;
  a.o = dummy;
  a.dtype = SPAK_FMHA_BF16;
  a.scale = 0.125f;
  return a;
}

bool error_mentions(const char* word) { return std::strstr(spak_fmha_last_error(), word) != nullptr; }

}  // namespace

int main() {
  expect(spak_fmha_num_configs(SPAK_FMHA_REFERENCE) == 1, "reference has one config");
  expect(spak_fmha_num_configs(SPAK_FMHA_FA2) == 5, "fa2 has five configs");
  expect(spak_fmha_num_configs(99) == 0, "unknown step has no configs");
  char name[128];
  expect(spak_fmha_config_name(SPAK_FMHA_FA2, 2, name, sizeof name) == SPAK_FMHA_OK &&
             std::strcmp(name, "bm=128 bn=64 warps=4") == 0,
         "fa2 config 2 is bm=128 bn=64 warps=4");
  expect(spak_fmha_config_name(SPAK_FMHA_FA2, 5, name, sizeof name) == SPAK_FMHA_BAD_ARGUMENT, "config 5 rejected");
  expect(spak_fmha_num_configs(SPAK_FMHA_FA3) == 14, "fa3 has fourteen configs");
  expect(spak_fmha_num_configs(SPAK_FMHA_BACKWARD_WGMMA) == 7, "step 05 has seven configs");
  expect(spak_fmha_config_name(SPAK_FMHA_BACKWARD_WGMMA, 0, name, sizeof name) == SPAK_FMHA_OK &&
             std::strcmp(name, "rows=128 cols=64 stages=2 warps=12") == 0,
         "step 05 config 0 is rows=128 cols=64 stages=2 warps=12");
  expect(spak_fmha_config_name(SPAK_FMHA_FA3, 1, name, sizeof name) == SPAK_FMHA_OK &&
             std::strcmp(name, "bm=192 bn=128 stages=2 warps=16 pingpong=1") == 0,
         "fa3 config 1 is bm=192 bn=128 stages=2 warps=16 pingpong=1");
  expect(spak_fmha_config_name(SPAK_FMHA_FA3, 8, name, sizeof name) == SPAK_FMHA_OK &&
             std::strcmp(name, "bm=128 bn=176 stages=2 warps=12 pingpong=1 early=1 lazy=8") == 0,
         "fa3 config 8 names its rescaling tricks");
  expect(spak_fmha_config_name(SPAK_FMHA_FA3, 12, name, sizeof name) == SPAK_FMHA_OK &&
             std::strcmp(name, "bm=128 bn=128 stages=2 warps=12 pingpong=1 lazy=8 q=regs") == 0,
         "fa3 config 12 names Q in registers");
  expect(spak_fmha_config_name(SPAK_FMHA_FA3, 13, name, sizeof name) == SPAK_FMHA_OK &&
             std::strcmp(name, "bm=128 bn=128 stages=2 warps=12 pingpong=1 early=1 lazy=8 q=regs") == 0,
         "fa3 config 13 is early + lazy + Q in registers");
  const int name_bytes = int(std::strlen(name)) + 1;
  expect(spak_fmha_config_name(SPAK_FMHA_FA3, 13, name, name_bytes - 1) == SPAK_FMHA_BAD_ARGUMENT,
         "a name that does not fit is refused, not cut");
  expect(spak_fmha_config_name(SPAK_FMHA_FA3, 13, name, name_bytes) == SPAK_FMHA_OK,
         "a name that just fits is written");

  spak_fmha_args a = valid_args();
  expect(spak_fmha_workspace_bytes(SPAK_FMHA_REFERENCE, &a) == 100 * 120 * 4, "reference workspace = s_q*s_k*4");
  expect(spak_fmha_workspace_bytes(SPAK_FMHA_BACKWARD, &a) == 2 * 8 * 100 * 4, "backward workspace = b*h*s_q*4");
  expect(spak_fmha_workspace_bytes(SPAK_FMHA_BACKWARD_WGMMA, &a) == 2 * (2 * 8 * 384 * 4),
         "step 05 workspace = LSE and Delta of b*h rows padded to 384");
  expect(spak_fmha_workspace_bytes(SPAK_FMHA_FA2, &a) == 0, "fa2 needs no workspace");
  // Non-causal: stream-K partials (O, m and l of 64 rows) for each consumer warpgroup of the widest block of the
  // head dim (three at D=64, two at D=128) on every SM (at least one; CI has no GPU to count them), behind the flags.
  expect(spak_fmha_workspace_bytes(SPAK_FMHA_FA3, &a) >= 256 + 3 * 128 * (64 / 2 + 4) * 4,
         "fa3 non-causal D=64 workspace holds the stream-K partials");
  a.causal = 1;
  expect(spak_fmha_workspace_bytes(SPAK_FMHA_FA3, &a) == 4, "fa3 causal workspace = its tile counter");
  a.causal = 0, a.d = 128, a.q_stride_s = a.h * a.d, a.q_stride_b = a.s_q * a.q_stride_s;
  expect(spak_fmha_workspace_bytes(SPAK_FMHA_FA3, &a) >= 256 + 2 * 128 * (128 / 2 + 4) * 4,
         "fa3 non-causal D=128 workspace holds the stream-K partials");
  a = valid_args();
  expect(spak_fmha_forward(SPAK_FMHA_FA3, 0, &a, nullptr, 0, nullptr) == SPAK_FMHA_BAD_ARGUMENT &&
             error_mentions("workspace"),
         "fa3 without workspace");

  expect(spak_fmha_forward(SPAK_FMHA_FA2, -1, nullptr, nullptr, 0, nullptr) == SPAK_FMHA_BAD_ARGUMENT, "NULL args");
  a.h_kv = 3;
  expect(spak_fmha_forward(SPAK_FMHA_FA2, -1, &a, nullptr, 0, nullptr) == SPAK_FMHA_BAD_ARGUMENT &&
             error_mentions("num_kv_heads"),
         "h % h_kv != 0 rejected with a message");
  a = valid_args();
  a.d = 96;
  expect(spak_fmha_forward(SPAK_FMHA_FA2, -1, &a, nullptr, 0, nullptr) == SPAK_FMHA_UNSUPPORTED, "head dim 96");
  a.d = 128;
  expect(spak_fmha_forward(SPAK_FMHA_FA3, 1, &a, a.o, spak_fmha_workspace_bytes(SPAK_FMHA_FA3, &a), nullptr) ==
                 SPAK_FMHA_UNSUPPORTED &&
             error_mentions("head dim 64"),
         "fa3 bm=192 refused at D=128");
  a.d = 64;
  expect(spak_fmha_forward(SPAK_FMHA_FA3, 8, &a, a.o, spak_fmha_workspace_bytes(SPAK_FMHA_FA3, &a), nullptr) ==
                 SPAK_FMHA_UNSUPPORTED &&
             error_mentions("head dim 128"),
         "fa3 bn=176 refused at D=64");
  a = valid_args();
  a.q = static_cast<const char*>(a.q) + 2;
  expect(spak_fmha_forward(SPAK_FMHA_FA3, 0, &a, a.o, 4, nullptr) == SPAK_FMHA_UNSUPPORTED &&
             error_mentions("16-byte aligned"),
         "fa3 refuses a misaligned pointer (TMA)");
  a = valid_args();
  a.q_stride_s = 65;
  expect(spak_fmha_forward(SPAK_FMHA_FA2, -1, &a, nullptr, 0, nullptr) == SPAK_FMHA_UNSUPPORTED, "odd stride");
  a = valid_args();
  a.dtype = 7;
  expect(spak_fmha_forward(SPAK_FMHA_FA2, -1, &a, nullptr, 0, nullptr) == SPAK_FMHA_BAD_ARGUMENT, "bad dtype");
  a = valid_args();
  expect(spak_fmha_forward(SPAK_FMHA_FA2, 9, &a, nullptr, 0, nullptr) == SPAK_FMHA_BAD_ARGUMENT, "bad config");
  expect(spak_fmha_forward(42, 0, &a, nullptr, 0, nullptr) == SPAK_FMHA_BAD_ARGUMENT, "unknown step");
  expect(spak_fmha_forward(SPAK_FMHA_REFERENCE, 0, &a, nullptr, 0, nullptr) == SPAK_FMHA_BAD_ARGUMENT &&
             error_mentions("workspace"),
         "reference without workspace");
  expect(spak_fmha_backward(&a, a.q, a.o, a.o, a.o, a.o, 1 << 20, nullptr) == SPAK_FMHA_BAD_ARGUMENT &&
             error_mentions("lse"),
         "backward without LSE");
  expect(spak_fmha_backward_step(SPAK_FMHA_BACKWARD_WGMMA, -1, &a, a.q, a.o, a.o, a.o, a.o, 1 << 20, nullptr) ==
                 SPAK_FMHA_BAD_ARGUMENT &&
             error_mentions("lse"),
         "step 05 backward without LSE");
  expect(spak_fmha_backward_step(SPAK_FMHA_FA3, -1, &a, a.q, a.o, a.o, a.o, a.o, 1 << 20, nullptr) ==
                 SPAK_FMHA_BAD_ARGUMENT &&
             error_mentions("unknown step"),
         "a forward step is not a backward");
  expect(spak_fmha_forward(SPAK_FMHA_BACKWARD_WGMMA, 0, &a, a.o, 1 << 20, nullptr) == SPAK_FMHA_BAD_ARGUMENT &&
             error_mentions("spak_fmha_backward_step"),
         "a backward step is not a forward");
  {
    float lse_dummy[4];
    spak_fmha_args t = a;
    t.lse = lse_dummy;
    expect(spak_fmha_backward_step(SPAK_FMHA_BACKWARD_WGMMA, 9, &t, a.q, a.o, a.o, a.o, a.o, 1 << 20, nullptr) ==
               SPAK_FMHA_BAD_ARGUMENT,
           "step 05 config out of range");
    expect(spak_fmha_backward_step(SPAK_FMHA_BACKWARD_WGMMA, -1, &t, a.q, a.o, a.o, a.o, a.o, 16, nullptr) ==
                   SPAK_FMHA_BAD_ARGUMENT &&
               error_mentions("workspace"),
           "step 05 with a too small workspace");
    t.d = 128;
    expect(spak_fmha_backward_step(SPAK_FMHA_BACKWARD_WGMMA, 1, &t, a.q, a.o, a.o, a.o, a.o, 1 << 20, nullptr) ==
                   SPAK_FMHA_UNSUPPORTED &&
               error_mentions("head dim 64"),
           "step 05 config 1 (cols=128) refused at D=128");
    t = a;
    t.lse = lse_dummy;
    const void* misaligned = static_cast<const char*>(a.q) + 2;
    expect(spak_fmha_backward_step(SPAK_FMHA_BACKWARD_WGMMA, -1, &t, misaligned, a.o, a.o, a.o, a.o, 1 << 20,
                                   nullptr) == SPAK_FMHA_UNSUPPORTED &&
               error_mentions("16-byte aligned"),
           "step 05 refuses a misaligned dO (TMA)");
  }
  a.scale = 0.f;
  expect(spak_fmha_forward(SPAK_FMHA_FA2, -1, &a, nullptr, 0, nullptr) == SPAK_FMHA_BAD_ARGUMENT, "zero scale");

  if (failures == 0) std::printf("fmha ABI checks passed\n");
  return failures == 0 ? 0 : 1;
}
