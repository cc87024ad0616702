// GEMM on H100 (issue 6): the kernel ladder in kernels/cuda/gemm, measured against cuBLASLt in the same process
// by bench/gemm (gemm_bench). Build it on the GPU machine with bench/gemm/build.sh (nvcc only), or with
// `make` where nvcc is found (SPAK_CUDA=ON, target gemm_bench).
---
title: "bf16 GEMM on H100: naive to wgmma + TMA, against cuBLAS"
source: "kernels/cuda/gemm/*.cu, bench/gemm/gemm_bench.cu, docs/gemm.md"
tags: [cuda, hopper, gemm, wgmma, tma]
status: measured
---
system GemmH100 {
  baseline {
    description: "cuBLASLt bf16 TN GEMM (fp32 accumulate), heuristic's first algorithm, 32 MiB workspace, same run"
    metrics { cublas_tflops_4096: 786.3  cublas_tflops_8192: "718 to 805 across runs (power-limited at 8192^3)" }
  }

  // The ladder steps (kernels/cuda/gemm/NN_*.cu). The first value of a design choice is the one in force unless
  // --set picks another: the loop below tunes step 08, so it comes first (ladder order: naive ... warp_specialized).
  design_space {
    step: [warp_specialized, naive, smem_tiling, register_blocking, vectorized, mma_sync, cp_async, wgmma_tma]
    // The issue's six shapes (MxNxK); each sweep fixes one with --set shape=...
    shape: ["4096x4096x4096", "8192x8192x8192", "2048x2048x2048", "4096x4096x1024", "3000x3000x3000", "16384x1024x4096"]
  }

  // Step 08's schedule knobs; raster is a run-time knob, the others pick one of the built instantiations
  // (gemm_bench --list; name bm_bn_bk64_s<stages>_w8_c<cluster>_e<epilogue>_bf16).
  tuning_space {
    bm: [128, 256]
    bn: [128, 192, 256]
    stages: [3, 4, 6]
    cluster: [1, 2]
    epilogue: [0, 1, 2]
    raster: [0, 4, 8, 16, 32]
  }

  constraints {
    // the bf16 instantiations kernels/cuda/gemm/08_warp_specialized.cu builds, as [bm, bn, stages, cluster, epilogue]
    "[bm, bn, stages, cluster, epilogue] in [[128, 256, 4, 2, 2], [128, 256, 3, 2, 1], [128, 256, 4, 1, 0], [256, 128, 4, 1, 0], [128, 128, 6, 1, 0], [128, 256, 3, 1, 1], [256, 128, 3, 1, 1], [128, 256, 4, 2, 0], [256, 128, 4, 2, 0], [256, 128, 3, 2, 1], [128, 256, 4, 1, 2], [256, 128, 4, 2, 2], [128, 192, 4, 2, 1], [128, 192, 4, 1, 1]]"
    "bn / cluster % 8 == 0"   // each CTA multicasts bn / cluster rows of B, whole 8-row 128-byte swizzle atoms
  }

  knowledge {
    fact optimum_h100_4096_v1 {
      description: "before the half-buffer epilogue: bm128 bn256, 3 stages, cluster 2, TMA-store epilogue, raster 8"
      config: "bm128_bn256_bk64_s3_w8_c2_e1_bf16"
      tflops: 729.2   cublas_tflops: 786.3   ratio: 0.927
      confidence: 0.9   source: "bench/results/gemm_h100_2026-11-25_step8_configs.json"
    }
    fact half_buffer_epilogue {
      description: "a half-size C buffer (epilogue 2) frees 32 KB for a 4th stage: 4096^3 730 -> 767 TFLOPS (0.932x -> 0.978x), 4096x4096x1024 0.908x -> 0.991x, 2048^3 0.889x -> 1.077x, same run"
      config: "bm128_bn256_bk64_s4_w8_c2_e2_bf16"
      confidence: 0.9   source: "bench/results/gemm_h100_2026-11-25_push_configs.json"
    }
    fact cluster4_loses_sms {
      description: "cluster 4 (B multicast to 4 CTAs) fits only 30 clusters = 120 of 132 SMs: 644 vs 768 TFLOPS at 4096^3"
      config: "bm128_bn256_bk64_s4_w8_c4_e2_bf16"
      confidence: 0.9   source: "docs/gemm.md, 2026-11-25"
    }
    rule "Scope the cluster arrive to the CTA" {
      when: "cluster > 1"
      recommend: "remote mbarrier arrive with default .release.cta semantics"
      reason: "mbarrier.arrive.release.cluster on every slot release halved throughput (310 vs 698 TFLOPS at 4096^3)"
      confidence: 1.0   source: "run 2 vs run 3, 2026-11-25"
    }
    rule "Overlap the epilogue" {
      when: "k <= 1024"
      recommend: "epilogue = 2"
      reason: "register-to-global stores stall the tensor cores at every tile end: 0.66x -> 0.94x at 4096x4096x1024"
      confidence: 0.9
    }
    // The C buffer is bm x bn elements for epilogue 1, half of that for epilogue 2, none for epilogue 0.
    invariant SharedMemory { assert: "stages * (bm + bn) * 64 * 2 + (0 if epilogue == 0 else bm * bn * 2 / epilogue) + 1024 <= 232448" }
    invariant Accumulators { assert: "bm * bn / 256 <= 128" }
    hint: "3000^3 stays at 0.74-0.78x: 128x192 tiles fill 2.9 waves (0.67x -> 0.75x); the rest is the 6000-byte row pitch (not 128-byte aligned) slowing TMA: K = 3008 gives 0.93x"
  }

  trace_schema {
    variant TraceItem {
      case Performance {
        step: string  config: string  m: int  n: int  k: int  dtype: string
        ours_tflops: float  cublas_tflops: float  ratio: float  ours_ms: float  cublas_ms: float  tflops: float
      }
      case Correctness { passed: bool  max_rel_error: float  tolerance: float }
    }
  }

  // One sweep per shape on the GPU machine, from the repository root after bench/gemm/build.sh:
  //   spak tune examples/gemm_h100.dsl --strategy grid --set shape=4096x4096x4096
  engineering_loop TuneStep8 {
    measure {
      cmd: "build-gemm/gemm_bench --step 8 --bm {{bm}} --bn {{bn}} --stages {{stages}} --cluster {{cluster}} --epilogue {{epilogue}} --raster {{raster}} --shape {{shape}} --reps 20 --budget 1"
      metric: Performance.ratio
      objective: maximize
    }
    strategy: grid
    budget: 70
    timeout: 60
  }

  build {
    artifact "kernels/cuda/gemm/08_warp_specialized.cu"
    artifact "bench/gemm/gemm_bench.cu"
    artifact "bench/results/gemm_h100_2026-11-25.json"
  }
}
