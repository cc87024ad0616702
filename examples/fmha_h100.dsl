---
title: "FMHA forward on H100: unfused reference, FlashAttention-2-style mma.sync, FlashAttention-3-style wgmma + TMA, against SDPA"
source: "kernels/cuda/fmha/*.cu, bench/fmha/fmha_bench.py, docs/fmha.md"
tags: [cuda, hopper, attention, fmha, online-softmax]
status: measured
---
// Fused multi-head attention on H100 (issue 7): the ladder in kernels/cuda/fmha (libspak_fmha.so, C ABI in
// fmha.h), measured against PyTorch SDPA's backends on the same tensors in the same run by bench/fmha/fmha_bench.py.
// Build the library on the GPU machine with bench/fmha/build.sh (nvcc only), or with `make` where nvcc is found.
system FmhaH100 {
  baseline {
    description: "torch 2.11 SDPA, bf16, same tensors and run: cuDNN (best), flash (FA2), efficient, default dispatch"
    metrics { cudnn_tflops_d128_s4096: 587.2  cudnn_tflops_d128_s8192: 666.0  flash_tflops_d128_s8192: 347.6 }
  }

  // The problem is part of the design: `spak tune --set head_dim=64 --set num_heads=32 ...` picks the shape the
  // measure command runs (B = 16384 / seq_len tokens per batch, as in the issue); the first values are the
  // default problem (D=128, S=4096, 16 heads: H·D = 2048).
  design_space {
    step: [fa3_wgmma_tma, fa2_mma_sync, reference]
    backward: ["deterministic dK/dV + dQ passes", "fused dQ with fp32 atomics"]
    head_dim: [128, 64]
    seq_len: [4096, 512, 1024, 2048, 8192, 16384, 1000]
    num_heads: [16, 32]
    num_kv_heads: [16, 32, 8, 1]
    dtype: [bf16, fp16]
    causal: [false, true]
    key_masking: ["aligned fast path", "dynamic ragged-tile mask"]
    head_mapping: ["MHA", "GQA", "MQA"]
    mode: ["inference", "training (stores LSE)"]
    softmax: ["exp2 with log2(e) folded into the scale"]
    causal_schedule: ["tile skipping, longest blocks first"]
  }

  // The built instantiations (spak_fmha_config_name) of both fused steps. Step 02: rows per warp = bm / warps
  // (16 or 32). Step 04: warps = 4 (producer) + 4 per consumer warpgroup of 64 rows; pingpong = the consumers
  // take turns at the tensor cores.
  tuning_space {
    bm: [64, 128, 192]
    bn: [32, 64, 128]
    warps: [4, 8, 12, 16]
    pingpong: [0, 1]
  }

  constraints {
    "num_heads % num_kv_heads == 0"
    "step != 'fa2_mma_sync' or ([bm, bn, warps] in [[64, 64, 4], [128, 64, 8], [128, 64, 4], [128, 32, 4], [128, 128, 4]] and pingpong == 0)"
    "step != 'fa3_wgmma_tma' or (bn == 128 and warps == (bm // 64 + 1) * 4 and bm in [128, 192])"
    "step != 'fa3_wgmma_tma' or bm == 128 or head_dim == 64"  // 3 consumers leave 128 registers a thread
    "step != 'reference'"  // the fp32 reference is the correctness oracle, not a tuning target
  }

  knowledge {
    fact optimum_h100_d128 {
      description: "bm128 bn64, 4 warps of 32 rows: best step-02 config at every D=128 shape"
      config: "bm=128 bn=64 warps=4"
      tflops: 311.0   cudnn_tflops: 605.7   ratio: 0.48   flash_ratio: 0.88
      confidence: 0.9   source: "bench/results/fmha_h100_2026-11-25.json"
    }
    fact optimum_h100_d64 {
      description: "D=64: bm128 with 4 warps of 32 rows; bn 128 or 64 within noise of each other"
      config: "bm=128 bn=128 warps=4"
      tflops: 288.7   cudnn_tflops: 361.3   ratio: 0.66
      confidence: 0.8   source: "bench/results/fmha_h100_2026-11-25.json"
    }
    rule "Two m tiles per warp" {
      when: "step == 'fa2_mma_sync'"
      recommend: "bm / warps = 32"
      reason: "each K/V fragment from shared memory feeds twice the MMAs: 16-row warps ran 200-220 TFLOPS, 32-row warps 250-310 (run 1 vs run 2)"
      confidence: 0.9
    }
    rule "Tensor-core generation" {
      when: "device == 'H100' and head_dim == 128"
      recommend: "step = fa3_wgmma_tma"
      reason: "mma.sync tops out near FA2's ~350 TFLOPS; cuDNN reaches 587-666 with wgmma + TMA"
      confidence: 0.9
    }
    invariant GQA_Safety { assert: "num_heads % num_kv_heads == 0" }
    // Q tile + two K/V stages in 227 KiB: step 02 pads rows by 16 bytes; step 04 adds the O staging tile and
    // 1 KiB of alignment slack
    invariant SharedMemory { assert: "(bm + 4 * bn) * (head_dim + 8) * 2 <= 232448 if step == 'fa2_mma_sync' else (2 * bm + 4 * bn) * head_dim * 2 + 1024 <= 232448" }
    fact fa3_h100 {
      description: "step 04 (wgmma + TMA, producer + 2-3 consumer warpgroups, persistent): forward 0.90-1.04x cuDNN at D=128 S>=2048, 1.19-1.91x the flash backend at every issue shape"
      config: "bm=128 bn=128 stages=2 warps=12 (D=128), bm=192 warps=16 (D=64)"
      tflops: 604.2   cudnn_tflops: 603.9   ratio: 1.00   flash_ratio: 1.69
      confidence: 0.8   source: "bench/results/fmha_h100_2026-11-25b.json (D=128 S=16384 non-causal)"
    }
    rule "Three consumer warpgroups at D=64" {
      when: "step == 'fa3_wgmma_tma' and head_dim == 64"
      recommend: "bm = 192"
      reason: "D=64 accumulators fit 128 registers a thread; 3 x 64 rows per K/V tile beat 2 x 64 by 12-21% at S=4096 (bench/results/fmha_h100_2026-11-25b_fa3_grid.jsonl)"
      confidence: 0.8
    }
    hint: "step 04 ping-pong (consumers taking turns at the tensor cores) is worth +7-12% at D=64 bm=128 and -3 to +5% at D=128 (run 6 in docs/fmha.md): a tuning axis, not a rule"
    fact backward_h100 {
      description: "deterministic two-pass backward (bm 64, bn 64, 4 warps): fwd+bwd 0.65-1.12x the flash backend, worst at long S"
      tflops: 223.4   flash_tflops: 317.9   ratio: 0.70
      confidence: 0.8   source: "bench/results/fmha_h100_2026-11-25.json (S 16384, D 128, non-causal)"
    }
    rule "Exp on the SFU alone" {
      when: "step == 'fa2_mma_sync'"
      recommend: "ex2.approx.ftz for the softmax"
      reason: "exp2f's denormal fix-ups cost 8-11% at D=64, 1-3% at D=128 (run 2 vs run 3)"
      confidence: 0.8
    }
    hint: "causal S=512 reaches 1.1x FA2 at D=64 but only 0.65x cuDNN: cuDNN's wgmma path is ahead at every shape"
  }

  trace_schema {
    variant TraceItem {
      case Performance {
        step: string  config: string  b: int  h: int  h_kv: int  s: int  d: int  causal: bool  dtype: string
        ours_tflops: float  best_sdpa_tflops: float  ratio: float  passed: bool
      }
      case Correctness {
        step: string  case: string  passed: bool  max_abs_error: float  lse_error: float  tolerance: float
      }
    }
  }

  // One trial = one built config of `step` on one problem, forward only: the metric is that config's
  // ours / best-SDPA-backend ratio on that shape (the last and only Performance item), checked against the fp32
  // reference first. Sweep step 04 on the default problem: `spak tune examples/fmha_h100.dsl`; another step or
  // shape: `--set step=fa2_mma_sync`, `--set head_dim=64 --set num_heads=32 --set num_kv_heads=32`.
  engineering_loop TuneForward {
    measure {
      cmd: "python3 bench/fmha/fmha_bench.py --lib build-fmha/libspak_fmha.so --steps {{step}} --select bm={{bm}},bn={{bn}},warps={{warps}},pingpong={{pingpong}} --case d={{head_dim}},s={{seq_len}},h={{num_heads}},h_kv={{num_kv_heads}},causal={{causal}} --dtype {{dtype}} --no-backward"
      metric: Performance.ratio
      objective: maximize
    }
    strategy: grid
    budget: 8
    timeout: 120
  }

  build {
    artifact "kernels/cuda/fmha/02_fa2_mma_sync.cu"
    artifact "kernels/cuda/fmha/04_fa3_wgmma.cu"
    artifact "bench/fmha/fmha_bench.py"
    artifact "bench/results/fmha_h100_2026-11-25.json"
    artifact "bench/results/fmha_h100_2026-11-25b.json"
  }
}
