---
title: "FMHA forward on H200, version 9: run 19's findings (Q's tile handed back after the last Q·Kᵀ; lazy at every D=128 length)"
source: "kernels/cuda/fmha/04_fa3_wgmma.cu, bench/results/fmha_h200_2026-12-03_run19_ab.json, bench/results/fmha_h200_2026-12-03_run19_fwd.json, docs/fmha.md (run 19)"
tags: [cuda, hopper, attention, fmha, online-softmax]
status: measured
version: 9
derived-from: fmha_h200_v8.dsl
date: 2026-12-03
---
import "fmha_h200_v8.dsl"

// Version 9, edited by hand after run 19. Every config now hands Q's shared tile back to the producer after the
// work tile's last Q·Kᵀ (before: after its last P·V), so the next tile's Q loads under this tile's end. That was
// the reason version 6 gave Q in registers the short sequences; with the reason gone for every config, version 6's
// rule is narrowed by name to the one case where q=regs still leads, and lazy rescaling (version 7's rule) covers
// every D=128 length. Version 8's hint is answered: config 5 led config 7 at S=16384 causal in all seven processes.
system FmhaH100 extends FmhaH100 {
  knowledge {
    rule "Q in registers for short sequences" {
      when: "step == 'fa3_wgmma_tma' and head_dim == 64 and causal and seq_len <= 1024"
      recommend: "q = 'regs'"
      recommend: "bm = 128"
      recommend: "pingpong = 1"
      reason: "At D=64 causal, 192-row blocks waste diagonal work on 2-8 key tiles: config 11 ran 235 TFLOPS against config 1's 213 at S=512 and 308 against 280 at S=1024, in every one of five processes of run 19. Elsewhere config 1 (D=64) or config 5 (D=128) lead now that every config releases Q early."
      confidence: 0.8  source: "docs/fmha.md run 19 (19c); bench/results/fmha_h200_2026-12-03_run19_fwd.json"
    }
    rule "Lazy rescaling for short sequences at D=128 too" {
      when: "step == 'fa3_wgmma_tma' and head_dim == 128 and seq_len <= 1024"
      recommend: "lazy = 8"
      recommend: "early = 0"
      recommend: "pingpong = 1"
      recommend: "q = '0'"
      reason: "Run 19c, five processes: config 5 ahead of config 11 (q=regs) at every D=128 case up to 1024 keys, by 2-5 % (S=1024 non-causal 577-588 against 555-562 TFLOPS; S=1000 causal 421-427 against 409-414)."
      confidence: 0.8  source: "docs/fmha.md run 19 (19c); bench/results/fmha_h200_2026-12-03_run19_fwd.json"
    }
    fact q_released_after_last_qk {
      description: "Q's shared tile released to the producer once the work tile's last Q·Kᵀ has completed instead of after its last P·V: the next tile's Q loads under the last softmax, P·V and epilogue. Whole issue set, five processes against two of the code before: D=64 config 1 +1 to +5 %, D=128 config 5 -1 to +4 % (S=2048 non-causal 588-594 -> 604-621 TFLOPS), config 7 +1 to +6 %; every check passed."
      confidence: 0.8
      source: "docs/fmha.md run 19 (19b); bench/results/fmha_h200_2026-12-03_run19_ab.json"
    }
    fact tree_reductions_lose_again {
      description: "Row max and row sum of each thread's values as balanced trees (5 levels at bn=128) instead of chains, on run 18f's softmax: D=128 config 5 -2 to +4 %, median about -1 %; D=64 config 1 -1 to -4 %. Run 16c's tree max lost 27 % on the older code; the chain is not what the softmax waits on."
      confidence: 0.7
      source: "docs/fmha.md run 19 (19a); bench/results/fmha_h200_2026-12-03_run19_ab.json"
    }
    fact three_stage_ring_loses_again {
      description: "A three-stage K/V ring at D=128 (config 5 with stages=3; 224 KB of Q and K/V, so O is stored from registers) in the same processes as config 5: -2 to -14 %, three processes, every S 2048-16384 causal and not (run 14b: -4 to -9 %)."
      confidence: 0.8
      source: "docs/fmha.md run 19 (19e); bench/results/fmha_h200_2026-12-03_run19_ab.json"
    }
    hint: "run 19g (ncu, D=128 S=2048 non-causal): config 5 now takes fewer cycles than cuDNN (706 k against 720 k) in the profiler (clocks locked), but its timed median against the best SDPA is 1.007x (0.93-1.03, seven processes); MUFU.EX2 has 4.9 k of 43.2 k stall samples as 'wait', EX2 behind EX2 (cuDNN interleaves FMUL, FADD and FMNMX). Interleaving the row-sum FADDs in the source (19f) did not change ptxas's schedule for the better (median -0.5 %): the next attempt needs the SASS in view"
  }
}
