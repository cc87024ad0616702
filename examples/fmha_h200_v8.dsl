---
title: "FMHA forward on H200, version 8: run 18's findings (exponent arguments before the exponentials; a split tail and a larger producer measured and dropped)"
source: "kernels/cuda/fmha/04_fa3_wgmma.cu, bench/results/fmha_h200_2026-12-03_run18_ab.json, bench/results/fmha_h200_2026-12-03_run18_fwd.json, docs/fmha.md (run 18)"
tags: [cuda, hopper, attention, fmha, online-softmax]
status: measured
version: 8
derived-from: fmha_h200_v7.dsl
date: 2026-12-03
---
import "fmha_h200_v7.dsl"

// Version 8, edited by hand after run 18. Version 7's lazy rule stands (config 5 is the D=128 default above 1024
// keys). Version 7's hint, config 7 ahead at long causal sequences, held in run 18c (+1-3 % at S 8192-16384) and
// was the default for a while, until run 18f computed every exponent argument before the first exponential:
// config 5 gained a median 1.5 % from that, config 7 lost 0.8 %, and config 5 led at S=8192 causal in four
// processes (S=16384 causal was not measured again). The configs of other head dims and of short sequences were
// not run after 18f. What run 18 tried and lost is written as facts, so the next search starts from them.
system FmhaH100 extends FmhaH100 {
  knowledge {
    fact exponent_arguments_first {
      description: "In the softmax, every exponent argument (FFMA of score, scale and max) computed before the first MUFU.EX2: written as one FFMA then its EX2 per score, ptxas kept the pairs together and each EX2 waited out its FFMA (ncu at D=128 S=2048: 6.9 k of 44.8 k stall samples on MUFU, 'wait'; cuDNN's 0.3 k). Apart, at D=128 S 2048-8192, causal and not, four processes: config 5 -1 to +4 % (median +1.5 %, ahead in 22 of 24 pairs, two outliers at +9 and +11 %), config 7 -3 to +3 % (median -0.8 %)."
      confidence: 0.8
      source: "docs/fmha.md runs 18e and 18f; bench/results/fmha_h200_2026-12-03_run18_ab.json"
    }
    hint: "config 7 (early + lazy, no ping-pong) led config 5 by 1-3 % at D=128 causal S 8192-16384 before run 18f and trailed it at S=8192 after; S=16384 causal after 18f is unmeasured: repeat there before changing the default"
    fact split_tail_loses {
      description: "Sharing the last partial wave's key tiles over every SM (pieces merged by the last to finish, through arrival counters) lost at the issue's shapes: D=128 non-causal 0 to -6 % against the unsplit twin, causal (never split) -1.5 to -3 % from the code alone; D=64 without spills -2 to -3.5 %. The tail it targets is worth ~2.5 % (run 17a); splitting costs about as much."
      confidence: 0.8
      source: "docs/fmha.md run 18a; bench/results/fmha_h200_2026-12-03_run18_ab.json"
    }
    fact setmaxnreg_budget {
      description: "setmaxnreg moves registers within the block's launch allocation, not the SM's 65,536: producer x 128 + consumer warpgroups x 128 x consumer registers must fit launch registers x threads. At two consumer warpgroups of 240, a producer at 32 (65,536 > 168 x 384 = 64,512) hung every launch; 24 fits. Three consumer warpgroups of 160 with a producer at 32 fit (128 x 512 = 65,536)."
      confidence: 1.0
      source: "docs/fmha.md run 18b"
    }
  }
}
