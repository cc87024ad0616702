---
title: "FMHA forward on H100 and H200, version 4: step 04's rescaling knobs in the tuning space"
source: "kernels/cuda/fmha/04_fa3_wgmma.cu, bench/results/fmha_h200_2026-12-02_probe.json, docs/fmha.md (run 11)"
tags: [cuda, hopper, attention, fmha, online-softmax]
status: measured
version: 4
derived-from: fmha_h100_v3.dsl
date: 2026-12-02
---
import "fmha_h100_v3.dsl"

// Version 4 adds step 04's FA3 rescaling configs (4-7, D=128) to the tuning space, so `spak tune` can measure
// them on the H200 and `spak compound` can turn the trials into facts. It holds no H200 facts yet: run 11
// (docs/fmha.md) was a fmha_bench.py call, not a `spak tune` run, and `spak trace import` / `spak compound
// --traces` reject its files (fmha_bench names a config as a string: `config must be an object`). The bn=176
// configs (8-10) stay out of the space: in run 11 they lost to their bn=128 counterparts in every case (2-24%).
// Edited by hand, not by compound: the space, its constraints and the loop.
system FmhaH100 extends FmhaH100 {
  tuning_space {
    // early: O rescaled while Q·Kᵀ runs (FA3's order); lazy: a row's stale max is kept unless it grew by more
    // than 8 (log2 units), so most tiles skip the rescale of O and l
    early: [0, 1]
    lazy: [0, 8]
  }

  constraints {
    // the built combinations: configs 0/2 (neither), 4 (early), 5 (lazy), 6 (both), 7 (both, no ping-pong)
    "[early, lazy, pingpong] in [[0, 0, 0], [0, 0, 1], [1, 0, 1], [0, 8, 1], [1, 8, 1], [1, 8, 0]]"
    "early + lazy == 0 or (step == 'fa3_wgmma_tma' and head_dim == 128)"  // built for step 04 at D=128 only
  }

  // As version 1's loop, with early and lazy in the selection (fmha_bench reads an absent field as 0, so
  // early=0,lazy=0 selects the configs that have neither).
  engineering_loop TuneForward {
    measure {
      cmd: "python3 bench/fmha/fmha_bench.py --lib build-fmha/libspak_fmha.so --steps {{step}} --select bm={{bm}},bn={{bn}},warps={{warps}},pingpong={{pingpong}},early={{early}},lazy={{lazy}} --case d={{head_dim}},s={{seq_len}},h={{num_heads}},h_kv={{num_kv_heads}},causal={{causal}} --dtype {{dtype}} --no-backward"
      metric: Performance.ratio
      objective: maximize
    }
    strategy: grid
    budget: 8
    timeout: 120
  }

  build {
    artifact "bench/results/fmha_h200_2026-12-02_probe.json"
  }
}
