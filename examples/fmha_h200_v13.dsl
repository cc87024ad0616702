---
title: "FMHA forward on H200, version 13: run 24's findings (chained units, and the loop layout a boundary change moves)"
source: "bench/results/fmha_h200_2026-12-04_run24_ab.json, bench/fmha/sass_order.py (--compare), docs/fmha.md (run 24)"
tags: [cuda, hopper, attention, fmha, ptxas, sass, boundary]
status: measured
version: 13
derived-from: fmha_h200_v12.dsl
date: 2026-12-04
---
import "fmha_h200_v12.dsl"

// Version 13, edited by hand after run 24. No kernel or knob changed: chaining the work tiles and pinning the
// exponentials' place were measured and dropped. Version 12's hint was taken up (the two boundary waits were
// removed, 24a-24b); what it found corrects version 12's q_double_buffer_loses and the hint's reading.
system FmhaH100 extends FmhaH100 {
  knowledge {
    fact q_double_buffer_loses {
      description: "Superseded by boundary_changes_move_the_loop. Run 23i's loss (-1.6 %) came with a different schedule of the unchanged key-tile loop: its SASS differs from its base's in 6 % of the loop's opcodes (all 64 exponentials after the P·V wait instead of ten before it), so the second Q buffer itself was never measured alone."
      confidence: 0.7
      source: "docs/fmha.md run 24; bench/fmha/sass_order.py --compare on run 23's libraries"
    }
    fact boundary_changes_move_the_loop {
      description: "Changes at a work tile's boundary (a second Q buffer, chained units, the same code rearranged into lambdas) each moved ptxas's schedule of step 04's unchanged key-tile loop: 924c3e3's non-causal loop has the 59 exponent FFMAs and 10 exponentials between the barrier and the P·V wait; the variants had none or 32 FFMAs and 6 exponentials before the barrier. The layout alone is worth 1.5-3 % (24d). A boundary change must be compared with sass_order.py --compare before it is timed, or it measures two things."
      confidence: 0.8
      source: "docs/fmha.md run 24 (24a, 24d, 24e); bench/results/fmha_h200_2026-12-04_run24_ab.json"
    }
    fact chained_units_move_the_wait {
      description: "Chaining units (a unit's last P·V and the next unit's first Q·Kᵀ in one MMA turn, P·V first; the unit finished between the two waits; Q double-buffered and loaded a unit ahead) removes the peeled first-S and last-P·V waits from the profile, but the cycle count at D=128 S=2048 stays the same (ncu 694-706 k against 698-701 k): the consumers then wait for the next unit's Q, first K tile and the turn. Two-stage ring: the next unit's first K can load only about one key tile before the chained turn needs it. Same-call A/B: S <= 2048 +2 %, S=8192 -0.6 %, causal -2 % (24b); as a separate config beside an unchanged config 5, -0.7 to -5 % (24e)."
      confidence: 0.7
      source: "docs/fmha.md run 24 (24a-24c, 24e); bench/results/fmha_h200_2026-12-04_run24_ab.json"
    }
    fact chained_loop_pays_in_its_issue_block {
      description: "Even with the causal loop's marks equal to the unchained kernel's (one loop copy per Q buffer, 24f), chaining lost 3.7-6.4 % causal, most at S=16384 where boundaries are rare: the chained kernel's MMA issue block holds 53-62 other instructions per turn against 30-32 (uniform descriptor arithmetic recomputed in the loop, tied by offline bisection to the shared turn), the issue-path cost run 15 measured at 3-7 %."
      confidence: 0.7
      source: "docs/fmha.md run 24 (24f); bench/results/fmha_h200_2026-12-04_run24_ab.json (call8_ab)"
    }
    fact exponential_placement_pin {
      description: "The exponentials' place in step 04's loop can be fixed by dependencies alone: a barrier reduction whose predicate reads the first K exponentials minus the row max (a sum of exponentials alone ptxas folds, knowing it is never negative) keeps them before the P·V wait, and an exponent shift that reads O times zero keeps the rest after it. The SASS follows for every K (0, 10, 16, 32) and any code around the loop, but no pinned layout was faster than ptxas's own at 924c3e3: unchained S=2048 593-601 against 614 TFLOPS."
      confidence: 0.7
      source: "docs/fmha.md run 24 (24d); bench/results/fmha_h200_2026-12-04_run24_ab.json (call5_ab)"
    }
    hint: "D=128 S=2048 non-causal stays at 1.037x (run 23's standing). Removing the two boundary waits did not shorten the boundary: what must land between units (the next unit's first K/V tiles, Q) does not arrive sooner with a two-stage ring. Chaining also cost the loop itself in every build: its MMA issue block grew by about 25 uniform instructions a turn (24f), offline bisection ties that to the shared turn (the last P·V and the next first Q·Kᵀ issued together), and the exponentials' move after the P·V wait to the second Q buffer. Next: a boundary change must leave the loop's machine code as 924c3e3's (sass_order.py --compare before any device time, the issue block's instruction count included); even storing O from the registers moved it. The chain is still the structure that removes lone MMA turns at the boundary (offsetting the two warpgroups by a key tile would add lone turns, not remove them); what is left to find is a way to write its shared turn that ptxas compiles without growing the loop's issue block. Issued from a second site beside the loop it grew in every form tried (P·V first or run 20's Q·Kᵀ first: 52-55 against 30-32), and one loop over the block's key tiles across units (the boundary's work in branches) made it 99-101. Writing the turn's descriptor steps so that ptxas cannot recompute them in the loop (the issue block in one inline-assembly block, say) is the next thing to try, checked with sass_order.py --compare and fmha.loop_order before any device time"
  }
}
