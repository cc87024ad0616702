"""Prints the order of a Hopper kernel's MMAs, exponentials, waits and barrier reductions, read from a cubin's
instruction words, for a workstation without cuobjdump or nvdisasm (ptxas alone writes the cubin):

  ptxas -arch=sm_90a kernel.ptx -o kernel.cubin && python3 bench/fmha/sass_order.py kernel.cubin

One line per kernel (.text.<name> section): H = HGMMA, M = MUFU (the exponentials), and the waits spelled out:
DEP = WARPGROUP.DEPBAR (a wgmma wait), RED = BAR.RED (a barrier reduction), BAR = BAR.SYNC (a named barrier).
docs/fmha.md runs 21g and 22 read step 04's main loop this way: the wait for S, the barrier, the P·V wait, then the
tile's 64 MUFUs. Opcodes were matched against cuobjdump's listing of the same kernel (BAR.SYNC against the
instruction a named barrier added; sm_90a, other architectures encode differently).
"""
import struct
import sys


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


def order(code):
    return "".join(classify(*struct.unpack_from("<QQ", code, off)) for off in range(0, len(code) - 15, 16))


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1], "rb") as f:
        data = f.read()
    try:
        sections = text_sections(data)
    except ValueError as e:
        print(f"{sys.argv[1]}: {e} (expected a cubin from ptxas or nvcc -cubin)", file=sys.stderr)
        return 1
    for name, code in sections:
        print(f"{name}: {order(code).strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
