"""bench/fmha/sass_order.py on synthetic input (no GPU, no nvcc): the fatbin walk that counts compressed cubins,
which kernels() cannot read, the errors for input that is no ELF at all, and the schedule comparison (--compare).

  python3 tests/kernels/sass_order_test.py
"""
import os
import struct
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench", "fmha"))
from sass_order import (FATBIN_CUBIN, FATBIN_MAGIC, compressed_cubins, kernel_key, kernels,  # noqa: E402
                        schedule_difference)

ZSTD_FRAME = b"\x28\xb5\x2f\xfd" + bytes(12)
ELF_START = b"\x7fELF\x02\x01" + bytes(10)
PTX = 1


def fatbin(*entries):
    """A fatbin as nvcc lays it out: its header (magic, version, header size, size of what follows), then each
    entry's 64-byte header (kind, version, header size, payload size) and payload."""
    body = b""
    for kind, payload in entries:
        header = struct.pack("<HHIQ", kind, 0x101, 64, len(payload)).ljust(64, b"\0")
        body += header + payload
    return FATBIN_MAGIC + struct.pack("<HHQ", 1, 16, len(body)) + body


class CompressedCubins(unittest.TestCase):
    def test_counts_cubins_whose_payload_is_not_elf(self):
        data = b"host code" + fatbin((FATBIN_CUBIN, ELF_START), (FATBIN_CUBIN, ZSTD_FRAME), (PTX, ZSTD_FRAME))
        self.assertEqual(compressed_cubins(data), 1)

    def test_every_fatbin_of_a_library(self):
        data = fatbin((FATBIN_CUBIN, ZSTD_FRAME)) + b"padding" + fatbin((FATBIN_CUBIN, ZSTD_FRAME))
        self.assertEqual(compressed_cubins(data), 2)

    def test_uncompressed_and_truncated_input_count_nothing(self):
        self.assertEqual(compressed_cubins(fatbin((FATBIN_CUBIN, ELF_START))), 0)
        self.assertEqual(compressed_cubins(fatbin((FATBIN_CUBIN, ZSTD_FRAME))[:24]), 0)
        self.assertEqual(compressed_cubins(FATBIN_MAGIC), 0)


class Kernels(unittest.TestCase):
    def test_input_without_any_elf_is_an_error(self):
        with self.assertRaises(ValueError):
            kernels(b"not a binary at all")

    def test_a_library_whose_cubins_are_all_compressed_has_no_kernels(self):
        self.assertEqual(kernels(b"\x7fELF\x02\x01 host" + fatbin((FATBIN_CUBIN, ZSTD_FRAME))), [])


# Instruction words (low, high) as sass_order classifies them: an HGMMA, a wgmma wait, a MUFU, and two unmarked
# opcodes (0x209 and 0x221: FMNMX and FADD in step 04's loop).
HGMMA, WAIT, MUFU, FMNMX, FADD = (0x79F0, 0), (0x00008000000079C5, 0), (0x7308, 0), (0x7209, 0), (0x7221, 0)


def code(*words):
    return b"".join(struct.pack("<QQ", lo, hi) for lo, hi in words)


class ScheduleDifference(unittest.TestCase):
    LOOP = (HGMMA, HGMMA, WAIT, FMNMX, FMNMX, WAIT, MUFU, FADD)

    def test_the_same_schedule_in_another_register_allocation_matches(self):
        renamed = tuple((lo, hi | 0x55) for lo, hi in self.LOOP)  # only the high words (registers) differ
        self.assertIsNone(schedule_difference(code(*self.LOOP), code(*renamed)))

    def test_an_instruction_moved_across_a_wait_is_named_by_its_stretch(self):
        moved = (HGMMA, HGMMA, WAIT, FMNMX, WAIT, FMNMX, MUFU, FADD)
        where = schedule_difference(code(*self.LOOP), code(*moved))
        self.assertIn("2 of 5 stretches differ: 2 (DEP), 3 (DEP)", where)
        self.assertIn("0x209 x2 against 0x209 x1", where)

    def test_different_marks_are_spelled_out(self):
        where = schedule_difference(code(*self.LOOP), code(HGMMA, WAIT, FMNMX, FMNMX, WAIT, MUFU, FADD))
        self.assertEqual(where, "marks differ: start 2H DEP DEP 1M against start 1H DEP DEP 1M")

    def test_kernels_of_two_builds_pair_up_without_the_namespace_hash(self):
        self.assertEqual(kernel_key("_ZN4spak4fmha48_GLOBAL__N__503d108d_15_04_cu_7666f2ef18kernel"),
                         kernel_key("_ZN4spak4fmha48_GLOBAL__N__c2c284a7_15_04_cu_7666f2ef18kernel"))


if __name__ == "__main__":
    unittest.main()
