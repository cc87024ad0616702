"""Step 04's main loop, read from the built libspak_fmha.so, in the D=128 defaults (bf16 and fp16 each): config 13
(early + lazy rescaling, Q in registers) above 512 keys, causal and not; up to 512 keys config 6 (early + lazy) for
non-causal launches and config 5 (lazy) for causal ones. Each key tile's wait for S must be followed by the row
maxima, then the warpgroup barrier, then the P·V wait, then the tile's exponentials. That order is what ptxas makes
of the source, not what the source says, and run 22 (docs/fmha.md) measured the alternatives 2-5 % slower: without
the barrier ptxas moves the P·V wait up to the wait for S, and with the barrier right after that wait the row maxima
follow it (as ptxas lays out config 6's causal kernel, 0.8-2.8 % behind config 5's, run 25). The turn's MMA issue
block is held to its size too: the other instructions between its first HGMMA and the wait for S, not counting the
early O rescale, whose FMULs sit between the turn's two MMA groups in a branch that runs only when a row maximum
grew. Configs 5 and 6 have 30-32 (limit 40), config 13 42-43 (limit 46; its Q·Kᵀ is an RS-wgmma); run 24's builds of
configs 5 and 6 where ptxas recomputed the wgmma descriptors there had 52-62 and lost 3.7-6.4 % with the same marks.
A failure here means a source change or a new ptxas changed the schedule; measure it on the device before accepting
it. (D=64's config 1 is not held to it: ptxas leaves most of its row maxima after the P·V wait, and a barrier that
moves them measured within noise, run 23.)

  python3 tests/kernels/fmha_loop_order.py build/kernels/cuda/libspak_fmha.so
"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench", "fmha"))
from sass_order import between_marks, compressed_cubins, kernels, stretches  # noqa: E402

# The defaults' template arguments of fa3_forward_kernel<T, D, BM, BN, STAGES, PINGPONG, EARLY, LAZY, QREG, STREAM_K>,
# mangled, STREAM_K included (on in the non-causal kernel, off in the causal one), and each one's issue block limit.
DEFAULTS = {"Li128ELi128ELi128ELi2ELb1ELb1ELb1ELb1ELb1E": ("config 13 non-causal", 46),
            "Li128ELi128ELi128ELi2ELb1ELb1ELb1ELb1ELb0E": ("config 13 causal", 46),
            "Li128ELi128ELi128ELi2ELb1ELb1ELb1ELb0ELb1E": ("config 6 non-causal", 40),
            "Li128ELi128ELi128ELi2ELb1ELb0ELb1ELb0ELb0E": ("config 5 causal", 40)}
FMNMX = 0x209  # sm_90a's FMNMX (low 12 bits), told apart by count: 64 row-max FMNMX per tile and thread
FMUL = 0x220  # sm_90a's FMUL: the early O rescale (D/2 of them) inside the turn
EXPONENTIALS = 64  # BN / 2 MUFU.EX2 per tile and thread


def main_loop_problem(code, issue_block):
    """None when the loop has the order above, else what it has instead."""
    marks = stretches(code)
    text = between_marks([m for m in marks if m.mark])
    names = [m.mark for m in marks]
    for i in range(len(marks) - 4):
        if names[i:i + 5] != ["H", "DEP", "BAR", "DEP", "M"] or marks[i].count < 12:
            continue
        if marks[i + 4].count < EXPONENTIALS:
            continue
        row_max = marks[i + 1].opcodes[FMNMX]
        if row_max < 64:
            return f"only {row_max} FMNMX between the wait for S and the barrier (expected the 64 row maxima)"
        issue = sum(n for opcode, n in marks[i].opcodes.items() if opcode != FMUL)
        if issue > issue_block:
            return (f"{issue} other instructions among the turn's MMAs (at most {issue_block}: ptxas recomputes the "
                    "wgmma descriptors in the loop)")
        return None
    return "no key-tile loop of the form 'H... DEP BAR DEP M...'; the marks are: " + text


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        with open(sys.argv[1], "rb") as f:
            data = f.read()
        found = kernels(data)
    except (OSError, ValueError) as e:
        print(f"{sys.argv[1]}: {e}")
        return 1
    failures, checked = 0, 0
    for name, code in found:
        default = next((d for mangled, d in DEFAULTS.items() if "fa3_forward_kernel" in name and mangled in name), None)
        if default is None:
            continue
        kind, issue_block = default
        dtype = re.search(r"kernelI\d+(__nv_bfloat16|__half)", name)
        problem = main_loop_problem(code, issue_block)
        checked += 1
        failures += problem is not None
        print(f"{kind} {dtype.group(1) if dtype else '?'}: {problem or 'ok'}")
    if checked != 2 * len(DEFAULTS):
        print(f"expected {2 * len(DEFAULTS)} kernels (the defaults in bf16 and fp16), found {checked}")
        if compressed_cubins(data):
            print("the library holds compressed cubins this test cannot read: build it with nvcc --no-compress")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
