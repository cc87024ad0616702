"""The trace lines fmha_bench.py prints (docs/trace.md): `__SPAK_TRACE__` and one JSON item. Written by the
benchmark, read back by the device-session scripts' summaries (which need no torch, hence a module of its own)."""
import json

PREFIX = "__SPAK_TRACE__"


def emit(item):
    print(PREFIX + json.dumps(item), flush=True)


def items(path):
    """Every trace item in a log, in order; other lines are skipped."""
    return [json.loads(line[len(PREFIX):]) for line in open(path, errors="replace") if line.startswith(PREFIX)]
