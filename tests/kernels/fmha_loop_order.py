"""Step 04's main loop, read from the built libspak_fmha.so: in the D=128 default (config 5, bf16 and fp16) each key
tile's wait for S must be followed by the row maxima, then the warpgroup barrier, then the P·V wait, then the
tile's exponentials. That order is what ptxas makes of the source, not what the source says, and run 22
(docs/fmha.md) measured the alternatives 2-5 % slower: without the barrier ptxas moves the P·V wait up to the wait
for S, and with the barrier right after that wait the row maxima follow it. A failure here means a source change or
a new ptxas changed the schedule; measure it on the device before accepting it. (D=64's config 1 is not held to
it: ptxas leaves most of its row maxima after the P·V wait, which run 22 did not measure against.)

  python3 tests/kernels/fmha_loop_order.py build/kernels/cuda/libspak_fmha.so
"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench", "fmha"))
from sass_order import kernels, stretches  # noqa: E402

# Config 5's template arguments of fa3_forward_kernel<T, D, BM, BN, STAGES, PINGPONG, EARLY, LAZY, QREG>, mangled.
CONFIG_5 = "Li128ELi128ELi128ELi2ELb1ELb0ELb1ELb0E"
FMNMX = 0x209  # sm_90a's FMNMX (low 12 bits), told apart by count: 64 row-max FMNMX per tile and thread
EXPONENTIALS = 64  # BN / 2 MUFU.EX2 per tile and thread


def main_loop_problem(code):
    """None when the loop has the order above, else what it has instead."""
    marks = stretches(code)
    text = " ".join(f"{m.count}{m.mark}" if m.mark in ("H", "M") else m.mark for m in marks if m.mark)
    for i in range(len(marks) - 4):
        if marks[i].mark == "H" and marks[i].count >= 12 and [m.mark for m in marks[i + 1:i + 4]] == \
                ["DEP", "BAR", "DEP"] and marks[i + 4].mark == "M" and marks[i + 4].count >= EXPONENTIALS:
            row_max = marks[i + 1].opcodes[FMNMX]
            if row_max < 64:
                return f"only {row_max} FMNMX between the wait for S and the barrier (expected the 64 row maxima)"
            return None
    return "no key-tile loop of the form 'H... DEP BAR DEP' then the exponentials; the marks are: " + text


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        with open(sys.argv[1], "rb") as f:
            found = kernels(f.read())
    except (OSError, ValueError) as e:
        print(f"{sys.argv[1]}: {e}")
        return 1
    failures, checked = 0, 0
    for name, code in found:
        if "fa3_forward_kernel" not in name or CONFIG_5 not in name:
            continue
        dtype = re.search(r"kernelI\d+(__nv_bfloat16|__half)", name)
        problem = main_loop_problem(code)
        checked += 1
        failures += problem is not None
        print(f"config 5 {dtype.group(1) if dtype else '?'}: {problem or 'ok'}")
    if checked != 2:
        print(f"expected config 5's two kernels (bf16 and fp16), found {checked}")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
