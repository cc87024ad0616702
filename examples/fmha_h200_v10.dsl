---
title: "FMHA forward on H200, version 10: run 21's findings (stream-K in three-consumer blocks)"
source: "kernels/cuda/fmha/04_fa3_wgmma.cu, kernels/cuda/gemm/stream_k.cuh, bench/results/fmha_h200_2026-12-04_run21_ab.json, bench/results/fmha_h200_2026-12-04_run21_fwd.json, docs/fmha.md (run 21)"
tags: [cuda, hopper, attention, fmha, online-softmax, stream-k]
status: measured
version: 10
derived-from: fmha_h200_v9.dsl
date: 2026-12-04
---
import "fmha_h200_v9.dsl"

// Version 10, edited by hand after run 21. No tuning knob changed: stream-K is a property of the block shape
// (compile time), not a config axis, so this version adds facts only. Version 9's hint (what sits between the
// EX2s) was not taken up; run 21 went after the partial last wave instead, and exponentials on the FMA pipe
// lost a second time.
system FmhaH100 extends FmhaH100 {
  knowledge {
    fact stream_k_three_consumer_blocks {
      description: "Non-causal blocks of three consumer warpgroups (bm=192, D=64) split the last partial wave's key tiles by stream-K (GEMM step 09's schedule: one full wave plus the partial one shared evenly, a tile cut at most once, the head's owner adds the tail's O, m and l as one more online-softmax step). Their producer gets 32 registers at no cost to the consumers. Whole issue set, two processes against one of the code before in the same call: D=64 non-causal +2-5 % (S=2048 479-486 against 465 TFLOPS), causal +0-6 %; every check passed, memcheck 0 errors."
      confidence: 0.8
      source: "docs/fmha.md run 21 (21a, 21f); bench/results/fmha_h200_2026-12-04_run21_fwd.json"
    }
    fact stream_k_beside_two_consumers_loses {
      description: "With two consumer warpgroups the stream-K producer needs 40 registers (at 24 it spilled and ran 3-5 % slower; with its schedule in shared memory and no spill, 2.5-6 % slower), which leaves the consumers 232: D=128 then gained nothing non-causal at S >= 2048, lost 1.3 % at S=1024 and 1-3 % causal. Two-consumer configs keep whole tiles and 24/240 registers."
      confidence: 0.7
      source: "docs/fmha.md run 21 (21a, 21c, 21e); bench/results/fmha_h200_2026-12-04_run21_ab.json"
    }
    fact exp2_on_fma_loses_again {
      description: "Every fourth exponential as a degree-3 polynomial on the FMA pipe (relative error 1.0e-4) instead of MUFU.EX2: -4 to -7 % at D=128 and D=64 (run 15e: -2 to -15 % for 1/2 to 1/8). The softmax is bound by issue slots, not by the SFU."
      confidence: 0.8
      source: "docs/fmha.md run 21 (21b); bench/results/fmha_h200_2026-12-04_run21_ab.json"
    }
    hint: "D=128 non-causal S=2048 is still the case furthest from 1.05x (run 19's median 1.007; 1.028-1.045 in run 21's two processes), and balancing the last wave did not help D=128 (21a at S >= 2048: 0). Run 21g found the softmax pin defeated in the SASS (ptxas folded its NaN-test predicate, so the P·V wait sits before every exponential): measure a predicate ptxas cannot fold first"
  }
}
