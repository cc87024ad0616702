---
title: "FMHA forward on H200, version 6: Q in registers in the tuning space, run 16's findings as rules"
source: "kernels/cuda/fmha/04_fa3_wgmma.cu, bench/results/fmha_h200_2026-12-03_run16_fwd.json, bench/results/fmha_h200_2026-12-03_run16_ab.json, docs/fmha.md (run 16)"
tags: [cuda, hopper, attention, fmha, online-softmax]
status: measured
version: 6
derived-from: fmha_h200_v5.dsl
date: 2026-12-03
---
import "fmha_h200_v5.dsl"

// Version 6, edited by hand: step 04's q=regs configs (11: Q in registers; 12: with lazy rescaling, D=128) join
// the tuning space, so the next `spak tune` measures them per problem and `spak compound` turns the trials into
// facts. Run 16 was fmha_bench.py calls, not a `spak tune` run, so what it proved is written below as rules
// with their evidence, not as compound's best_config facts.
system FmhaH100 extends FmhaH100 {
  tuning_space {
    // q: "0" = Q's tile stays in shared memory (SS-wgmma for Q·Kᵀ); "regs" = each consumer holds its Q rows as
    // register fragments (RS-wgmma) and releases Q's tile at once
    q: ["0", "regs"]
  }

  constraints {
    // the built q=regs combinations: config 11 (bm=128, ping-pong, neither rescaling trick; both head dims) and
    // config 12 (the same with lazy rescaling; D=128)
    q_built: "q == '0' or (step == 'fa3_wgmma_tma' and bm == 128 and pingpong == 1 and early == 0)"
  }

  // As version 5's loop, with q in the selection (fmha_bench reads an absent field as 0, so q=0 selects the
  // configs without it).
  engineering_loop TuneForward {
    measure {
      cmd: "python3 bench/fmha/fmha_bench.py --lib build-fmha/libspak_fmha.so --steps {{step}} --select bm={{bm}},bn={{bn}},warps={{warps}},pingpong={{pingpong}},early={{early}},lazy={{lazy}},q={{q}} --case d={{head_dim}},s={{seq_len}},h={{num_heads}},h_kv={{num_kv_heads}},causal={{causal}} --dtype {{dtype}} --no-backward"
      metric: Performance.ratio
      objective: maximize
    }
    strategy: grid
    budget: 10
    timeout: 120
  }

  knowledge {
    rule "Q in registers for short sequences" {
      when: "step == 'fa3_wgmma_tma' and seq_len <= 1024"
      recommend: "q = 'regs'"
      recommend: "bm = 128"
      recommend: "pingpong = 1"
      reason: "With 4-8 key tiles per work tile the next tile's Q load is exposed; holding Q in registers releases its tile at once, so that load runs under this tile's MMAs. Run 16: +2-6 % over config 0 at S 512-1024 (both head dims), and D=64 causal 0.84-0.87x cuDNN against 0.71-0.75x with bm=192."
      confidence: 0.7  source: "docs/fmha.md run 16 (H200, one process per case)"
    }
    rule "Shared memory is not what long sequences wait on" {
      when: "step == 'fa3_wgmma_tma' and seq_len >= 2048"
      recommend: "q = '0'"
      reason: "Q in registers cuts the tensor cores' shared-memory reads per Q·Kᵀ step from 6 to 4 KB and moved S 2048-8192 by only -2..+2 % (two rounds, same process); row sums on the tensor cores (1/16 more MMA work) lost 2-5 %: the tensor pipe is the bound."
      confidence: 0.8  source: "docs/fmha.md run 16 (16b, 16d)"
    }
  }
}
