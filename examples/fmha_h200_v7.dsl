---
title: "FMHA forward on H200, version 7: run 17's findings as rules (lazy rescaling for long sequences again)"
source: "kernels/cuda/fmha/04_fa3_wgmma.cu, bench/results/fmha_h200_2026-12-03_run17_ab.json, bench/results/fmha_h200_2026-12-03_run17_fwd.json, docs/fmha.md (run 17)"
tags: [cuda, hopper, attention, fmha, online-softmax]
status: measured
version: 7
derived-from: fmha_h200_v6.dsl
date: 2026-12-03
---
import "fmha_h200_v6.dsl"

// Version 7, edited by hand after run 17. The kernel changed under the tuning space without changing it: the ring
// stage is warp-uniform (descriptors stay in uniform registers) and the softmax's exponentials are pinned before
// the P·V wait. That reorders the configs, so version 6's facts about which config wins describe a kernel that is
// gone; the rule and the hint below say what run 17 measured instead. Run 17 was fmha_bench.py calls (A/B in one process),
// not a `spak tune` run, hence a rule with evidence rather than compound's best_config facts.
system FmhaH100 extends FmhaH100 {
  knowledge {
    rule "Lazy rescaling for long sequences at D=128" {
      when: "step == 'fa3_wgmma_tma' and head_dim == 128 and seq_len >= 2048"
      recommend: "lazy = 8"
      recommend: "early = 0"
      recommend: "pingpong = 1"
      recommend: "q = '0'"
      reason: "With the exponentials before the P·V wait, O's rescale is the work that follows that wait; lazy skips it for most tiles. Run 17f, two rounds in one process: config 5 ahead of config 0 by 2-3 % non-causal (S=4096 597-601 -> 618 TFLOPS) and 0-2 % causal; the whole issue set twice: 1.002-1.056x the best SDPA non-causal, 0.960-1.128x causal."
      confidence: 0.8  source: "docs/fmha.md run 17 (17f, 17c)"
    }
    hint: "run 17f: early + lazy without ping-pong (config 7) ran 595 TFLOPS against lazy's 589 at D=128 S=8192 causal (one process, two rounds), within 1 % elsewhere: a candidate for the next tune of causal long sequences, not a rule"
  }
}
