"""Prints the order of a Hopper kernel's MMAs, exponentials, waits and barrier reductions, read from a cubin's
instruction words, for a workstation without cuobjdump or nvdisasm (ptxas alone writes the cubin):

  ptxas -arch=sm_90a kernel.ptx -o kernel.cubin && python3 bench/fmha/sass_order.py kernel.cubin

One line per kernel (.text.<name> section): H = HGMMA, M = MUFU (the exponentials), and the waits spelled out:
DEP = WARPGROUP.DEPBAR (a wgmma wait), RED = BAR.RED (a barrier reduction), BAR = BAR.SYNC (a named barrier).
docs/fmha.md runs 21g and 22 read step 04's main loop this way: the wait for S, the barrier, the P·V wait, then the
tile's 64 MUFUs. Opcodes were matched against cuobjdump's listing of the same kernel (BAR.SYNC against the
instruction a named barrier added; sm_90a, other architectures encode differently).

  python3 bench/fmha/sass_order.py --between kernel.cubin

prints instead what lies between those marks: after each mark or run of marks (64M: 64 MUFUs), the commonest other
opcodes up to the next one (the instruction word's low 12 bits, unnamed) with their counts, those interleaved with
the run included. Run 22 told the row maxima (0x209, 64 per tile plus 2) and the exponent FFMAs
(0xc23, 64) and row-sum FADDs (0x221) apart by their counts in step 04's loop.

  python3 bench/fmha/sass_order.py --compare other.so kernel.so

says, for every kernel the two files share (paired by name), whether ptxas scheduled it the same way (the same
marks, and the same opcodes in the same numbers between each pair of them), and which stretches between marks
differ. Run 24 found that a change at a work tile's boundary also moves ptxas's schedule of the unchanged key-tile
loop, which is worth 2-6 % on its own: compare before timing such a change.
"""
import argparse
import re
import struct
import sys
from collections import Counter


def text_sections(data):
    """(name, bytes) of every .text.* section of an ELF64 little-endian file."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ValueError("not an ELF64 little-endian file")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    headers = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    names_offset = headers[shstrndx][4]

    def name(h):
        end = data.index(b"\0", names_offset + h[0])
        return data[names_offset + h[0]:end].decode()

    return [(name(h)[len(".text."):], data[h[4]:h[4] + h[5]]) for h in headers if name(h).startswith(".text.")]


def classify(lo, hi):
    if lo & 0xFFFF == 0x7308:
        return "M"
    if lo & 0xFFFF in (0x79F0, 0x7DF0):  # HGMMA, operand A from shared memory / from registers
        return "H"
    if lo == 0x00008000000079C5:
        return " DEP "
    if lo & 0xFFFFFFFF == 0x751D and hi & 0xFFFFF == 0x14800:
        return " RED "
    if lo & 0xFFFFFFFF == 0x751D and hi & 0xFFFFF == 0x10000:
        return " BAR "
    return ""


def words(code):
    return [struct.unpack_from("<QQ", code, off) for off in range(0, len(code) - 15, 16)]


def order(code):
    return "".join(classify(lo, hi) for lo, hi in words(code))


class Stretch:
    """A mark (H and M: a run of them, `count` long; "" before the first mark) and the unmarked opcodes (the
    instruction word's low 12 bits) from it up to the next mark, those interleaved with a run included."""

    def __init__(self, mark):
        self.mark, self.count, self.opcodes = mark, 1, Counter()


def stretches(code):
    out = [Stretch("")]
    for lo, hi in words(code):
        mark = classify(lo, hi).strip()
        if not mark:
            out[-1].opcodes[lo & 0xFFF] += 1
        elif mark in "HM" and out[-1].mark == mark:
            out[-1].count += 1
        else:
            out.append(Stretch(mark))
    return out


def between(code, top=4):
    """The marks (runs of H and M counted) with the commonest unmarked opcodes of each stretch after them."""
    parts = []
    for st in stretches(code):
        if st.mark:
            parts.append(mark_name(st))
        if st.opcodes:
            parts.append("(" + ", ".join(f"{op:#x} x{n}" for op, n in st.opcodes.most_common(top)) + ")")
    return " ".join(parts)


def schedule_difference(code, other):
    """None where two kernels' schedules match (marks, and the counts of every unmarked opcode between them), else
    which stretches differ (by index and mark) and what the first of them has on each side."""
    mine, theirs = stretches(code), stretches(other)
    if [(st.mark, st.count) for st in mine] != [(st.mark, st.count) for st in theirs]:
        return f"marks differ: {between_marks(mine)} against {between_marks(theirs)}"
    differ = [i for i, (a, b) in enumerate(zip(mine, theirs)) if a.opcodes != b.opcodes]
    if not differ:
        return None
    a, b = mine[differ[0]], theirs[differ[0]]
    changed = sorted(op for op in set(a.opcodes) | set(b.opcodes) if a.opcodes[op] != b.opcodes[op])[:4]

    def show(st):
        return ", ".join(f"{op:#x} x{st.opcodes[op]}" for op in changed)
    where = ", ".join(f"{i} ({mark_name(mine[i])})" for i in differ[:8]) + (" ..." if len(differ) > 8 else "")
    return f"{len(differ)} of {len(mine)} stretches differ: {where}; the first has {show(a)} against {show(b)}"


def mark_name(st):
    """A stretch's mark as printed: a run of H or M with its length (64M), a wait by name, "start" before the first."""
    return (f"{st.count}{st.mark}" if st.mark in ("H", "M") else st.mark) if st.mark else "start"


def between_marks(sts):
    return " ".join(mark_name(st) for st in sts)


def kernel_key(name):
    """A kernel's name without the anonymous namespace's per-build hash, so two builds' kernels pair up."""
    return re.sub(r"_GLOBAL__N__[0-9a-f]+_", "_GLOBAL__N_", name)


def kernels(data):
    """(name, code) of every kernel in a cubin, or in the cubins a shared library or fatbin embeds uncompressed,
    so a built libspak_fmha.so can be read as it is (see compressed_cubins for the ones it cannot)."""
    found = []
    start = 0
    while (start := data.find(b"\x7fELF\x02\x01", start)) >= 0:
        try:
            found += text_sections(data[start:])
        except (ValueError, struct.error, IndexError):
            pass  # an ELF magic that starts no readable ELF image
        start += 1
    if not found and data[:4] != b"\x7fELF":
        raise ValueError("not an ELF file")
    return found


FATBIN_MAGIC = struct.pack("<I", 0xBA55ED50)
FATBIN_CUBIN = 2  # an entry's kind: 1 is PTX, 2 an ELF cubin


def compressed_cubins(data):
    """How many cubins the fatbins in `data` hold compressed, which kernels() cannot read: nvcc 13 compresses a
    large one (libspak_fmha.so with -lineinfo) unless built with --no-compress."""
    count, pos = 0, 0
    while (pos := data.find(FATBIN_MAGIC, pos)) >= 0:
        try:
            _, header, size = struct.unpack_from("<HHQ", data, pos + 4)
            entry, end = pos + header, pos + header + size
            while entry < end:
                kind, _, entry_header, payload = struct.unpack_from("<HHIQ", data, entry)
                if entry_header == 0:
                    break
                start = entry + entry_header
                count += kind == FATBIN_CUBIN and data[start:start + 4] != b"\x7fELF"
                entry = start + payload
        except struct.error:
            pass  # a magic number that starts no fatbin
        pos += len(FATBIN_MAGIC)
    return count


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("cubin", help="a cubin, or a shared library or fatbin that embeds cubins")
    parser.add_argument("--between", action="store_true", help="the commonest opcodes between the marks")
    parser.add_argument("--compare", metavar="OTHER", help="a second file: whether each kernel both files hold is "
                        "scheduled the same way, and which stretches differ (this file's against OTHER's; exit "
                        "status 2 if any differs)")
    args = parser.parse_args()
    sections = read_kernels(args.cubin)
    if sections is None:
        return 1
    if args.compare:
        others = read_kernels(args.compare)
        if others is None:
            return 1
        theirs = {kernel_key(name): code for name, code in others}
        shared = differ = 0
        for name, code in sections:
            if (other := theirs.get(kernel_key(name))) is None:
                continue
            shared += 1
            if (where := schedule_difference(code, other)) is not None:
                differ += 1
                print(f"{name}: {where}")
        print(f"{shared} kernels in both files, {differ} scheduled differently")
        return 2 if differ else 0
    for name, code in sections:
        print(f"{name}: {between(code) if args.between else order(code).strip()}")
    return 0


def read_kernels(path):
    """The kernels of a file, or None with the reason on stderr."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        print(f"{path}: {e.strerror}", file=sys.stderr)
        return None
    try:
        sections = kernels(data)
    except ValueError as e:
        print(f"{path}: {e} (expected a cubin from ptxas or nvcc -cubin, or a library with cubins)", file=sys.stderr)
        return None
    if skipped := compressed_cubins(data):
        print(f"{path}: {skipped} compressed cubin(s) skipped, their kernels missing below; rebuild with "
              "nvcc --no-compress", file=sys.stderr)
    if not sections:
        print(f"{path}: no kernel (.text.*) sections", file=sys.stderr)
        return None
    return sections


if __name__ == "__main__":
    sys.exit(main())
