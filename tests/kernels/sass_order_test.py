"""bench/fmha/sass_order.py on synthetic input (no GPU, no nvcc): the fatbin walk that counts compressed cubins,
which kernels() cannot read, and the errors for input that is no ELF at all.

  python3 tests/kernels/sass_order_test.py
"""
import os
import struct
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench", "fmha"))
from sass_order import FATBIN_CUBIN, FATBIN_MAGIC, compressed_cubins, kernels  # noqa: E402

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


if __name__ == "__main__":
    unittest.main()
