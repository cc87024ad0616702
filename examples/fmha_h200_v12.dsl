---
title: "FMHA forward on H200, version 12: run 23's findings (stream-K at D=128 through a warp-wide producer)"
source: "kernels/cuda/fmha/04_fa3_wgmma.cu, bench/fmha/sass_order.py, tests/kernels/fmha_loop_order.py, bench/results/fmha_h200_2026-12-04_run23_ab.json, bench/results/fmha_h200_2026-12-04_run23_fwd.json, docs/fmha.md (run 23)"
tags: [cuda, hopper, attention, fmha, stream-k, registers, sass]
status: measured
version: 12
derived-from: fmha_h200_v11.dsl
date: 2026-12-04
---
import "fmha_h200_v11.dsl"

// Version 12, edited by hand after run 23. No tuning knob changed: stream-K now follows causality (a kernel
// instantiation per launch kind), not a config, so this version adds facts only and corrects version 10's fact on
// stream-K beside two consumer warpgroups, whose cause run 23 found. Version 11's hint was taken up: the profile
// came first (23), the D=64 barrier predicate measured within noise (23f).
system FmhaH100 extends FmhaH100 {
  knowledge {
    fact stream_k_beside_two_consumers_loses {
      description: "Superseded by stream_k_every_non_causal_launch. Run 21's losses had two causes found in the SASS (run 23): one producer thread spilled the stream-K schedule at 24 registers, and with the stream-K code in the consumer ptxas moved 54 of the 64 row maxima below the P·V wait (the order 22c/22e measured 2-5 % slower)."
      confidence: 0.8
      source: "docs/fmha.md run 23; bench/fmha/sass_order.py on the offline builds"
    }
    fact warp_wide_producer_fits_24_registers {
      description: "Step 04's producer loop on a whole warp (warp index broadcast from lane 0, lane 0 issuing TMA and barrier arrivals, the causal counter broadcast) keeps its state warp-uniform in uniform registers: the stream-K schedule fits setmaxnreg's 24 with 0 bytes of spill (84 with one thread), and the 4-byte spill of the whole-tile producer goes too. Alone: 0 to +1.3 % at D=128, D=64 within noise."
      confidence: 0.8
      source: "docs/fmha.md run 23 (23a); bench/results/fmha_h200_2026-12-04_run23_ab.json (call2)"
    }
    fact stream_k_every_non_causal_launch {
      description: "Non-causal launches run a stream-K instantiation of step 04 (round-robin whole tiles, the last partial wave's key tiles shared evenly), causal ones a whole-tile instantiation fed by the counter, at every block shape. Same-call A/B against the whole-tile kernels, config 5: D=128 non-causal S=1024 +3 %, 2048 +0.4 to +1.9 %, 4096 +2.3 %, 8192 +5 %, causal 0 to +1.7 %; D=64 non-causal +3-4 %. One kernel for both (the stream-K code in the causal kernel too) cost causal 1.2-1.5 %. Whole set, seven processes each: D=128 non-causal medians 1.037, 1.057, 1.086, 1.078x the best SDPA at S 2048-16384 (1.025-1.036 before), causal 1.054-1.141."
      confidence: 0.8
      source: "docs/fmha.md run 23 (23b, 23d); bench/results/fmha_h200_2026-12-04_run23_fwd.json"
    }
    fact d64_row_max_placement_inert {
      description: "At D=64 (config 1) a barrier predicate that reads the row max (bar.red.or.pred on setp.lt m0, -1e30) moves 65 of the 68 FMNMX ahead of the P·V wait, as D=128 has them; measured -1.5 to +2 % per case, within noise. Putting D=64 causal back on the stream-K kernel: within +-1 %."
      confidence: 0.6
      source: "docs/fmha.md run 23 (23e, 23f); bench/results/fmha_h200_2026-12-04_run23_ab.json (call1_ab64, call5_ab64)"
    }
    fact deferred_epilogue_loses {
      description: "Deferring a work tile's epilogue until the next unit's first Q·Kᵀ is issued (so the MMA turn passes before O is stored): ptxas injects a warpgroup wait before the deferred epilogue (C7517) and, in the causal kernel, moves the row maxima below the P·V wait again. S=1024 +0.6 %, S=2048 -1 %, S=4096 -4 %, causal S=2048 -3.8 %."
      confidence: 0.7
      source: "docs/fmha.md run 23 (23g); bench/results/fmha_h200_2026-12-04_run23_ab.json (call7_ab)"
    }
    fact q_double_buffer_loses {
      description: "Q double-buffered where it fits (config 5: 230,400 of 232,448 bytes beside O's staging tile), so the next unit's Q loads a unit ahead instead of after this one's last Q·Kᵀ: S=512 +0.2 %, S=2048 -1.6 %, S=8192 -1.7 %, causal S=2048 -0.5 %, D=64 0 to -0.8 %. Waiting for Q is not the tile boundary's cost."
      confidence: 0.6
      source: "docs/fmha.md run 23 (23i); bench/results/fmha_h200_2026-12-04_run23_ab.json (call10_ab, call10_ab64)"
    }
    fact default_config_after_stream_k {
      description: "With stream-K, D=128 non-causal configs in the same processes (three rounds): config 5 (lazy) 613 and 638 TFLOPS at S=2048 and 4096, config 6 (early + lazy) 614 and 638, config 7 (early + lazy, no ping-pong) 585 and 611, config 12 (lazy, Q in registers) 583 and 611. The default stays config 5."
      confidence: 0.7
      source: "docs/fmha.md run 23 (23h); bench/results/fmha_h200_2026-12-04_run23_ab.json (call9_ab_configs)"
    }
    hint: "D=128 meets 1.05x the best SDPA as a median from S=4096 and causal; S=2048 non-causal is at 1.037. There the fixed cost per work tile is about 1.7 key tiles' time against cuDNN's 0.6 (throughput from S=2048 to 16384: ours +9 %, cuDNN +3 %). cuDNN's loop is flat (Q·Kᵀ, wait, softmax, P·V, wait; no peeled first Q·Kᵀ or last P·V, no intra-warpgroup overlap); run 20 chained our tiles and 23g deferred the epilogue (both lost to ptxas's scheduling), 23i loaded Q a unit ahead (lost 1.6 %). The profile (run 23, call 6) puts 12.4 % of our consumers' samples in code run once a work tile (2.4 iterations' worth) against cuDNN's 4.0 % (0.74): the peeled first Q·Kᵀ and last P·V waits, where both consumer warpgroups of a work tile stall at once. A change must shorten those two waits without touching the main loop, whose order ptxas keeps only as fmha.loop_order checks"
  }
}
