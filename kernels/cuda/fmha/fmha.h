/* The C ABI of libspak_fmha.so: fused multi-head attention forward kernels that any caller (the torch benchmark
 * through ctypes, a C++ program) runs on its own device buffers.
 *
 * O[b, i, h, :] = softmax_j(scale * Q[b, i, h, :] . K[b, j, hk, :]) V[b, j, hk, :], hk = h / (h / h_kv) (GQA/MQA).
 * Tensors are addressed by element strides (the last dimension, the head dim, is contiguous), so both the
 * (B, S, H, D) and the (B, H, S, D) layouts work without a copy. Causal masking keeps key j for query i when
 * j <= i + pos_offset (pos_offset = s_k - s_q aligns the last query with the last key, as in KV-cache decoding).
 * Functions return 0 on success or a negative spak_fmha_status; spak_fmha_last_error() says why. */
#ifndef SPAK_FMHA_H
#define SPAK_FMHA_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The element type of Q, K, V and O (accumulation is always fp32). */
enum spak_fmha_dtype { SPAK_FMHA_BF16 = 0, SPAK_FMHA_F16 = 1 };

/** Ladder steps (kernels/cuda/fmha/NN_*.cu): forwards 1, 2, 4; backwards 3 (mma.sync) and 5 (Hopper wgmma). */
enum spak_fmha_step {
  SPAK_FMHA_REFERENCE = 1,
  SPAK_FMHA_FA2 = 2,
  SPAK_FMHA_BACKWARD = 3,
  SPAK_FMHA_FA3 = 4,
  SPAK_FMHA_BACKWARD_WGMMA = 5
};

/** Error codes; spak_fmha_last_error() holds the message of the last failure on the calling thread. */
enum spak_fmha_status {
  SPAK_FMHA_OK = 0,
  SPAK_FMHA_BAD_ARGUMENT = -1,
  SPAK_FMHA_UNSUPPORTED = -2,
  SPAK_FMHA_CUDA_ERROR = -3
};

/** One attention forward call: shapes, strides (in elements), device pointers and the mode knobs. */
typedef struct spak_fmha_args {
  int b, h, h_kv, s_q, s_k, d;      /* batch, query heads, KV heads (h % h_kv == 0), lengths, head dim */
  int64_t q_stride_b, q_stride_s, q_stride_h;  /* Q element strides; O uses the same strides as Q */
  int64_t k_stride_b, k_stride_s, k_stride_h;  /* K and V share strides */
  const void* q;
  const void* k;
  const void* v;
  void* o;
  float* lse;          /* training mode: [b, h, s_q] natural-log log-sum-exp of the scaled scores; NULL = inference */
  int dtype;           /* spak_fmha_dtype */
  int causal;          /* 0 or 1 */
  int pos_offset;      /* causal: query i sees keys j <= i + pos_offset */
  float scale;         /* softmax scale, typically 1 / sqrt(d) */
} spak_fmha_args;

/** Number of compile-time configurations (block tiles) of a step; configs are numbered 0 .. n-1 (0 for step 03,
 * whose one tiling is fixed). */
int spak_fmha_num_configs(int step);

/** Writes a short description of a config ("bm=128 bn=64 warps=8") into buf; returns SPAK_FMHA_OK, or
 * SPAK_FMHA_BAD_ARGUMENT for an unknown config or a buf too small for the whole name (128 bytes hold every name). */
int spak_fmha_config_name(int step, int config, char* buf, int buf_len);

/** Bytes of device workspace a step needs for these arguments (the reference keeps one head's score matrix, the
 * backwards the fp32 rowsum(dO·O) of every query row, step 5 also the scaled LSE, both padded to 128 rows per head;
 * step 4 causal its work-tile counter, cleared on `stream`, and non-causal the stream-K partial results of every
 * SM of the current device, whose ready flags need no clearing). */
int64_t spak_fmha_workspace_bytes(int step, const spak_fmha_args* args);

/** Runs a step's forward on `stream` (a cudaStream_t; NULL = the default stream). `config` -1 picks the step's
 * default for the shape. `workspace` must hold spak_fmha_workspace_bytes() bytes (NULL when that is 0). Step 4
 * runs one block per SM; non-causal blocks wait for their neighbours' partial results (stream-K), so the launch
 * needs every SM the device reports, not a share of them held by other work. */
int spak_fmha_forward(int step, int config, const spak_fmha_args* args, void* workspace, int64_t workspace_bytes,
                      void* stream);

/** Backward of a training-mode forward (args->o and args->lse hold its outputs): writes dQ (Q's strides) and dK,
 * dV (K's strides) from dO (Q's strides). `step` is SPAK_FMHA_BACKWARD (03, mma.sync, any sm_80+) or
 * SPAK_FMHA_BACKWARD_WGMMA (05, sm_90a; TMA needs 16-byte-aligned pointers and strides). Both are deterministic
 * (no atomics; bitwise reproducible) and take head dims 64 and 128. `config` -1 picks the step's default tiling
 * (step 05 has spak_fmha_num_configs(SPAK_FMHA_BACKWARD_WGMMA) of them, named by spak_fmha_config_name; step 03
 * one, 0). `workspace` must hold spak_fmha_workspace_bytes(step, args) bytes. */
int spak_fmha_backward_step(int step, int config, const spak_fmha_args* args, const void* d_o, void* dq, void* dk,
                            void* dv, void* workspace, int64_t workspace_bytes, void* stream);

/** spak_fmha_backward_step(SPAK_FMHA_BACKWARD, -1, ...): step 03, the backward of the first ABI version. */
int spak_fmha_backward(const spak_fmha_args* args, const void* d_o, void* dq, void* dk, void* dv, void* workspace,
                       int64_t workspace_bytes, void* stream);

/** The message of the last failure on this thread ("" if none). */
const char* spak_fmha_last_error(void);

#ifdef __cplusplus
}
#endif

#endif /* SPAK_FMHA_H */
