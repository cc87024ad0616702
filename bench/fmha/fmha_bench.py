"""FMHA benchmark (issue 7): our kernels (libspak_fmha.so via ctypes) against PyTorch SDPA's backends (cuDNN,
flash, efficient, default) on the same tensors in the same run, on the device.

For each shape: check every fused step and config (step 02 fa2, step 04 fa3) against the library's unfused fp32
reference (max abs error of O and of the LSE, tolerance below) before any timing, then time each of them and
each SDPA backend (triton do_bench, median, L2 flushed between runs, after --heat seconds of back-to-back launches
so that every kernel is timed at the card's sustained power state, not at the top clock an idle gap leaves: run 25
found ours, timed first after the checks, up to 14 % fast that way). TFLOPS = 4·B·H·S_q·S_k·D / t, halved when
causal. Then each selected backward (--bwd-steps: 03 mma.sync, 05 wgmma) is checked against torch fp32 autograd
(one Correctness item per backward, per-tensor errors for dQ, dK, dV) and forward+backward is timed against the
SDPA backends. Prints __SPAK_TRACE__ items and writes the issue's JSON.

  python3 bench/fmha/fmha_bench.py --lib build/libspak_fmha.so --out bench/results/fmha_h100_DATE.json
  python3 bench/fmha/fmha_bench.py --lib ... --steps fa3 --select bm=128,bn=128,warps=12,pingpong=1 \
      --case d=128,s=4096,h=16,h_kv=16,causal=1 --no-backward      # one config on one shape (spak tune)
  python3 bench/fmha/fmha_bench.py --lib ... --check-only --bwd-steps 05 \
      --case d=64,s=256,h=4,b=2,causal=1                            # backward errors per tensor, no timing

Step 04's rescaling tricks (config name fields early=1, lazy=8) are selected by --select only where it names
them, so a selection written before they existed still picks exactly one config.
"""
import argparse
import datetime
import json
import math
import os
import subprocess
import sys

import torch
import torch.nn.functional as F
from torch.nn.attention import SDPBackend, sdpa_kernel
from triton.testing import do_bench

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fmha import BACKWARD, BACKWARD_WGMMA, FA2, FA3, REFERENCE, Fmha  # noqa: E402
from power import heat_up  # noqa: E402
import traces  # noqa: E402

STEPS = {"fa2": (FA2, "02_fa2_mma_sync"), "fa3": (FA3, "04_fa3_wgmma")}  # name -> (ABI step, ladder file)
STEP_ALIASES = {"fa2_mma_sync": "fa2", "fa3_wgmma_tma": "fa3"}  # the DSL's design values of `step`
# Backward steps: name -> (ABI step, ladder file). A backward variant is (name, config), config -1 the default.
BWD_STEPS = {"03": (BACKWARD, "03_backward"), "05": (BACKWARD_WGMMA, "05_backward_wgmma")}


def bwd_key(variant):
    """'03', '05' (default config) or '05c2' (config 2): the variant's name in traces, JSON and printed lines."""
    return variant[0] if variant[1] < 0 else f"{variant[0]}c{variant[1]}"


def bwd_config_name(lib, variant):
    if variant[0] == "03":
        return "bm=64 bn=64 warps=4"
    return "default config" if variant[1] < 0 else lib.config_name(BWD_STEPS[variant[0]][0], variant[1])

# Backward: max |grad - grad_ref| / max |grad_ref| per tensor against torch fp32 autograd (P and dS are rounded to
# the input type before their MMAs, and dK/dV sum over every query).
GRAD_TOLERANCE = {torch.bfloat16: 3e-2, torch.float16: 1e-2}
# The fp32 autograd reference holds B·H·S² floats several times: above this S the gradients are checked on the
# first batch and the first KV head's query heads only (same kernels, same S, a smaller grid).
GRAD_CHECK_MAX_S = 2048

# O passes when |O - O_ref| <= ATOL + RTOL·|O_ref| everywhere (O_ref: the unfused fp32 reference, itself rounded
# to the input type on output). O is a convex mix of unit-normal V rows, so |O| reaches ~4 where a row sees few
# keys (the first causal rows); one output rounding is 2^-8 (bf16) / 2^-11 (fp16) relative, and P is rounded to
# the input type before P·V, so the bound scales with |O|. The max abs error is reported as well.
TOLERANCE = {torch.bfloat16: (1e-2, 1e-2), torch.float16: (2e-3, 2e-3)}  # (ATOL, RTOL)
LSE_TOLERANCE = 1e-2
BACKENDS = {"cudnn": SDPBackend.CUDNN_ATTENTION, "flash": SDPBackend.FLASH_ATTENTION,
            "efficient": SDPBackend.EFFICIENT_ATTENTION, "default": None}


trace = traces.emit


def issue_cases():
    """The issue's shapes: B·S = 16384, H·D = 2048, causal on/off; GQA 32/8 at S 2048, 8192; ragged S 1000."""
    cases = []
    for d in (64, 128):
        for s in (512, 1024, 2048, 4096, 8192, 16384):
            for causal in (False, True):
                cases.append(dict(b=16384 // s, h=2048 // d, h_kv=2048 // d, s=s, d=d, causal=causal))
    for s in (2048, 8192):
        for causal in (False, True):
            cases.append(dict(b=16384 // s, h=32, h_kv=8, s=s, d=64, causal=causal))
    for causal in (False, True):
        cases.append(dict(b=16, h=16, h_kv=16, s=1000, d=128, causal=causal))
    return cases


def correctness_cases():
    """Extra correctness-only cases: fp16, MQA, KV-cache decoding (s_q < s_k with a position offset)."""
    return [dict(b=2, h=8, h_kv=1, s=777, s_k=777, d=64, causal=True, dtype=torch.float16),
            dict(b=3, h=8, h_kv=2, s=64, s_k=1000, d=128, causal=True, dtype=torch.bfloat16),
            dict(b=1, h=4, h_kv=4, s=200, s_k=333, d=128, causal=False, dtype=torch.float16),
            dict(b=2, h=4, h_kv=4, s=130, s_k=130, d=64, causal=True, dtype=torch.bfloat16)]


def small_cases(dtype):
    """--check-only's default shapes: small grids over D 64/128, causal on/off, GQA, ragged and s_q != s_k."""
    return [dict(b=2, h=4, h_kv=4, s=128, d=64, causal=False, dtype=dtype),
            dict(b=2, h=4, h_kv=4, s=128, d=64, causal=True, dtype=dtype),
            dict(b=2, h=4, h_kv=4, s=256, d=128, causal=False, dtype=dtype),
            dict(b=2, h=4, h_kv=4, s=256, d=128, causal=True, dtype=dtype),
            dict(b=1, h=8, h_kv=2, s=384, d=64, causal=True, dtype=dtype),
            dict(b=2, h=4, h_kv=4, s=1000, d=128, causal=False, dtype=dtype),
            dict(b=2, h=4, h_kv=4, s=1000, d=128, causal=True, dtype=dtype)] + correctness_cases()


def case_label(c, dtype):
    s_k = c.get("s_k", c["s"])
    return (f"b{c['b']} h{c['h']}/{c['h_kv']} s{c['s']}" + (f" sk{s_k}" if s_k != c["s"] else "")
            + f" d{c['d']} causal{int(c['causal'])} {str(dtype)[6:]}")


def make_inputs(c, dtype):
    s_k = c.get("s_k", c["s"])
    g = torch.Generator(device="cuda").manual_seed(hash((c["b"], c["h"], c["s"], c["d"], c["causal"])) % 2**31)
    q = torch.randn(c["b"], c["h"], c["s"], c["d"], device="cuda", dtype=dtype, generator=g)
    k = torch.randn(c["b"], c["h_kv"], s_k, c["d"], device="cuda", dtype=dtype, generator=g)
    v = torch.randn(c["b"], c["h_kv"], s_k, c["d"], device="cuda", dtype=dtype, generator=g)
    return q, k, v


def reference(lib, c, q, k, v):
    """The library's unfused fp32 reference O and LSE (outputs poisoned with NaN first)."""
    o_ref = torch.full_like(q, float("nan"))
    lse_ref = torch.full(q.shape[:3], float("nan"), device="cuda")
    lib.forward(REFERENCE, 0, lib.make_args(q, k, v, o_ref, lse_ref, c["causal"]))
    lib.release_workspace()
    return o_ref, lse_ref


def check(lib, c, q, k, v, variant, ref):
    """Max abs errors (O, LSE) of a fused (step, config) against the reference; outputs poisoned with NaN first."""
    o_ref, lse_ref = ref
    o = torch.full_like(q, float("nan"))
    lse = torch.full(q.shape[:3], float("nan"), device="cuda")
    lib.forward(STEPS[variant[0]][0], variant[1], lib.make_args(q, k, v, o, lse, c["causal"]))
    torch.cuda.synchronize()
    diff = (o.float() - o_ref.float()).abs()
    atol, rtol = TOLERANCE[q.dtype]
    err = diff.max().item()  # NaN (an unwritten element) propagates into max
    within = bool((diff <= atol + rtol * o_ref.float().abs()).all().item())  # False on any NaN
    if math.isnan(err):
        err = float("inf")
    finite = torch.isfinite(lse_ref)
    lse_err = (lse - lse_ref)[finite].abs().max().item() if finite.any() else 0.0
    lse_err = lse_err if torch.equal(torch.isfinite(lse), finite) else float("inf")
    return err, lse_err, within


def check_reference_against_torch(lib):
    """Grounds the library's reference: fp32 math in torch on the same inputs (causal, GQA, ragged)."""
    c = dict(b=1, h=4, h_kv=2, s=300, d=64, causal=True)
    q, k, v = make_inputs(c, torch.bfloat16)
    o = torch.empty_like(q)
    lse = torch.empty(q.shape[:3], device="cuda")
    lib.forward(REFERENCE, 0, lib.make_args(q, k, v, o, lse, True))
    kk = k.float().repeat_interleave(2, dim=1)
    vv = v.float().repeat_interleave(2, dim=1)
    s = q.float() @ kk.transpose(-1, -2) / math.sqrt(64)
    s = s.masked_fill(torch.ones(300, 300, device="cuda", dtype=torch.bool).triu(1), float("-inf"))
    ref = torch.softmax(s, -1) @ vv
    diff = (o.float() - ref).abs()
    err = diff.max().item()
    lse_err = (lse - torch.logsumexp(s, -1)).abs().max().item()
    # The reference computes in fp32 and rounds O once to bf16 (half an ulp: 2^-9 relative).
    passed = bool((diff <= 1e-3 + 2 ** -8 * ref.abs()).all().item()) and lse_err < 1e-4
    trace({"type": "Correctness", "step": "reference", "case": "torch fp32 b1 h4/2 s300 d64 causal",
           "passed": passed, "max_abs_error": err, "lse_error": lse_err, "tolerance": 1e-3})
    return passed


def grad_check_view(q, k, v):
    """The inputs the gradients are checked on: all of them up to GRAD_CHECK_MAX_S, else copies of batch 0 and KV
    head 0 with its query heads."""
    if q.shape[2] <= GRAD_CHECK_MAX_S:
        return q, k, v
    group = q.shape[1] // k.shape[1]
    return q[:1, :group].contiguous(), k[:1, :1].contiguous(), v[:1, :1].contiguous()


def grad_errors(lib, c, q, k, v, fwd_step, bwd_variants):
    """Per backward variant that supports the case: (relative, absolute) max errors of dQ, dK, dV against torch
    fp32 autograd, relative = max |g - g_ref| / max |g_ref| per tensor, and whether dQ, dK and dV are bitwise equal
    to the first variant's (both backwards are deterministic and accumulate in the same order). Gradients are
    poisoned with NaN first (an unwritten element fails)."""
    q, k, v = grad_check_view(q, k, v)
    s_q, s_k, group = q.shape[2], k.shape[2], q.shape[1] // k.shape[1]
    d_o = torch.randn_like(q)  # *_like: the same strides as q (make_args and backward() require them)
    qf, kf, vf = (x.detach().float().requires_grad_() for x in (q, k, v))
    s = qf @ kf.repeat_interleave(group, 1).transpose(-1, -2) / math.sqrt(q.shape[3])
    if c["causal"]:
        s = s.masked_fill(torch.ones(s_q, s_k, device="cuda", dtype=torch.bool).triu(s_k - s_q + 1), float("-inf"))
    (torch.softmax(s, -1) @ vf.repeat_interleave(group, 1)).backward(d_o.float())
    refs = (qf.grad, kf.grad, vf.grad)
    del s, qf, kf, vf
    o = torch.empty_like(q)
    lse = torch.empty(q.shape[:3], device="cuda")
    a = lib.make_args(q, k, v, o, lse, c["causal"])
    lib.forward(fwd_step, -1, a)
    out, first = {}, None
    for vr in bwd_variants:
        step = BWD_STEPS[vr[0]][0]
        grads = [torch.full_like(x, float("nan")) for x in (q, k, v)]
        if not run_backward(lib, a, d_o, grads, lib.backward_workspace(a, step), vr):
            continue
        torch.cuda.synchronize()
        diffs = [(g.float() - r).abs().max().item() for g, r in zip(grads, refs)]
        diffs = [float("inf") if math.isnan(e) else e for e in diffs]
        first = first or grads
        same = all(torch.equal(g, f) for g, f in zip(grads, first))
        out[vr] = ([e / r.abs().max().item() for e, r in zip(diffs, refs)], diffs, same)
    return out


def run_backward(lib, a, d_o, grads, workspace, variant):
    """Runs a backward variant; False where the library does not support it for these arguments (a config built
    for the other head dim), any other failure raises."""
    try:
        lib.backward(a, d_o, *grads, workspace, BWD_STEPS[variant[0]][0], variant[1])
        return True
    except RuntimeError as e:
        if ": -2:" not in str(e):  # SPAK_FMHA_UNSUPPORTED
            raise
        return False


def check_backwards(lib, c, q, k, v, fwd_step, bwd_variants, dtype):
    """Checks every selected backward on the case: one Correctness trace item and one printed line each (errors of
    dQ, dK, dV separately). Returns (all passed, {variant: relative errors}) for the variants that support it."""
    errs = grad_errors(lib, c, q, k, v, fwd_step, bwd_variants)
    tol = GRAD_TOLERANCE[dtype]
    label = case_label(c, dtype) + (" (checked on b0, kv head 0)" if c["s"] > GRAD_CHECK_MAX_S else "")
    all_ok = True
    first = bwd_key(next(iter(errs))) if errs else None
    for vr, (rel, absolute, same) in errs.items():
        ok = max(rel) <= tol
        all_ok &= ok
        name = bwd_key(vr)
        trace({"type": "Correctness", "step": "backward " + name, "config": bwd_config_name(lib, vr), "case": label,
               "passed": ok, "max_abs_error": max(absolute), "max_rel_error": max(rel),
               "rel_errors": dict(zip(("dq", "dk", "dv"), rel)), "abs_errors": dict(zip(("dq", "dk", "dv"), absolute)),
               "bitwise_equal_to": first if same else None,
               "lse_error": 0.0, "tolerance": tol, "tolerance_kind": "max|g - g_ref| / max|g_ref| per tensor"})
        print(f"    backward {name} {label}: " + " ".join(
            f"{t} abs={e:.2e} rel={r:.2e}" for t, e, r in zip(("dQ", "dK", "dV"), absolute, rel))
            + (f" (bitwise = {first})" if same and name != first else "")
            + (" ok" if ok else f" FAIL (tolerance {tol:.0e} relative)"), flush=True)
    return all_ok, {vr: e[0] for vr, e in errs.items()}


def fwd_bwd_tflops(lib, c, q, k, v, flops, fwd_step, bwd_variants, backends):
    """Forward (training) + backward TFLOPS, 3.5x the forward's FLOPs: ours per backward variant (and that
    backward alone in ms), then each SDPA backend."""
    o = torch.empty_like(q)
    lse = torch.empty(q.shape[:3], device="cuda")
    d_o = torch.randn_like(q)
    grads = [torch.empty_like(x) for x in (q, k, v)]
    a = lib.make_args(q, k, v, o, lse, c["causal"])
    result = {"ours": {}, "bwd_ms": {}}
    for vr in bwd_variants:
        step = BWD_STEPS[vr[0]][0]
        ws = lib.backward_workspace(a, step)

        def ours():
            lib.forward(fwd_step, -1, a)
            lib.backward(a, d_o, *grads, ws, step, vr[1])
        result["ours"][vr] = 3.5 * flops / bench_ms(ours) / 1e9
        result["bwd_ms"][vr] = bench_ms(lambda: lib.backward(a, d_o, *grads, ws, step, vr[1]))
        del ws
    qg, kg, vg = (x.detach().requires_grad_() for x in (q, k, v))
    for name in backends:
        backend = BACKENDS[name]
        fwd = sdpa_fn(qg, kg, vg, c["causal"], backend)

        def step():
            qg.grad = kg.grad = vg.grad = None
            out = fwd()
            if backend is None:
                out.backward(d_o)
            else:
                with sdpa_kernel(backend):
                    out.backward(d_o)
        try:
            step()
            result[name] = 3.5 * flops / bench_ms(step) / 1e9
        except RuntimeError:
            result[name] = None
    return result


def sdpa_fn(q, k, v, causal, backend):
    gqa = q.shape[1] != k.shape[1]

    def run():
        return F.scaled_dot_product_attention(q, k, v, is_causal=causal, enable_gqa=gqa)

    if backend is None:
        return run

    def run_backend():
        with sdpa_kernel(backend):
            return run()
    return run_backend


HEAT_SECONDS = 1.0  # --heat
# The process's first timing follows seconds of light load (start-up, the reference, the checks), and one second of
# heat-up left it up to 14 % fast (run 25: 723 against 634-647 TFLOPS in later processes); it gets this long.
FIRST_HEAT_SECONDS = 10.0
_heated_before = False


def bench_ms(fn):
    """Median ms of fn after it ran back to back for HEAT_SECONDS (FIRST_HEAT_SECONDS before the process's first
    timing), so that every kernel is timed at the card's sustained power state."""
    global _heated_before
    heat_up(fn, HEAT_SECONDS if _heated_before or HEAT_SECONDS == 0 else max(HEAT_SECONDS, FIRST_HEAT_SECONDS))
    _heated_before = True
    return do_bench(fn, warmup=25, rep=100, return_mode="median")


def parse_case(text):
    """'d=128,s=4096,h=16,h_kv=16,causal=1[,b=4]' -> one case; B defaults to 16384 / S (the issue's token count)."""
    kv = dict(item.split("=", 1) for item in text.split(","))
    c = dict(d=int(kv["d"]), s=int(kv["s"]), h=int(kv["h"]), h_kv=int(kv.get("h_kv", kv["h"])),
             causal=kv.get("causal", "0") in ("1", "true", "True"))
    c["b"] = int(kv.get("b", max(1, 16384 // c["s"])))
    if "s_k" in kv:  # a KV length other than S (--check-only; causal aligns the last query with the last key)
        c["s_k"] = int(kv["s_k"])
    return c


def write_file(path, text):
    """Writes text to path through a temporary file and a rename, so an interrupted run leaves no partial file."""
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.replace(path + ".tmp", path)


def case_flops(c):
    """Forward FLOPs of a case: 4·B·H·S²·D, halved when causal."""
    return 4 * c["b"] * c["h"] * c["s"] * c["s"] * c["d"] / (2 if c["causal"] else 1)


def name_fields(config_name):
    """'bm=128 bn=64 warps=4' -> {'bm': '128', ...}; a field a config's name lacks reads as '0'."""
    return dict(tok.split("=", 1) for tok in config_name.split() if "=" in tok)


# Config name fields that are off ('0') unless named: a selection that does not name them means them off.
OPT_IN_FIELDS = ("early", "lazy", "q")


def selected(config_name, select):
    fields = name_fields(config_name)
    want = dict(item.split("=", 1) for item in select.split(","))
    # Values compare as written; bools from the DSL ('true'/'false') mean 1/0.
    norm = {"true": "1", "false": "0", "True": "1", "False": "0"}
    want = {k: norm.get(v, v) for k, v in want.items()}
    for field in OPT_IN_FIELDS:
        want.setdefault(field, "0")
    return all(fields.get(k, "0") == v for k, v in want.items())


def bwd_variants_of(lib, args):
    """(backward step name, config) pairs from --bwd-steps and --bwd-configs (step 05 only; 03 has one tiling)."""
    out = []
    for name in (n for n in args.bwd_steps.split(",") if n):
        if name not in BWD_STEPS:
            sys.exit(f"fmha_bench: unknown backward step '{name}' (backward steps: {', '.join(BWD_STEPS)})")
        n = lib.num_configs(BWD_STEPS[name][0])
        if name == "03" or args.bwd_configs == "default":
            out.append((name, -1))
        elif args.bwd_configs == "all":
            out += [(name, i) for i in range(n)]
        else:
            out += [(name, int(x)) for x in args.bwd_configs.split(",") if int(x) < n]
    return out


def sdpa_names(args):
    names = [n for n in args.sdpa.split(",") if n]
    for name in names:
        if name not in BACKENDS:
            sys.exit(f"fmha_bench: unknown SDPA backend '{name}' (backends: {', '.join(BACKENDS)})")
    return names


def check_forward_case(lib, c, q, k, v, variants):
    """Checks every (step, config) that supports the case against the reference; a trace item each."""
    ref = reference(lib, c, q, k, v)
    ok_all = True
    for vr in variants:
        if not supports(lib, vr, c, q, k, v):
            continue
        err, lse_err, within = check(lib, c, q, k, v, vr, ref)
        ok = within and lse_err <= LSE_TOLERANCE
        ok_all &= ok
        trace({"type": "Correctness", "step": vr[0], "config": lib.config_name(STEPS[vr[0]][0], vr[1]),
               "case": case_label(c, c["dtype"]), "passed": ok, "max_abs_error": err, "lse_error": lse_err,
               "tolerance": TOLERANCE[c["dtype"]][0]})
        if not ok:
            print(f"    forward {vr[0]} {lib.config_name(STEPS[vr[0]][0], vr[1])} {case_label(c, c['dtype'])}: "
                  f"FAIL O err {err:.2e} LSE err {lse_err:.2e}", flush=True)
    return ok_all


def step_names(args):
    names = [STEP_ALIASES.get(n, n) for n in args.steps.split(",")]
    for name in names:
        if name not in STEPS:
            sys.exit(f"fmha_bench: unknown step '{name}' (steps: {', '.join(list(STEPS) + list(STEP_ALIASES))})")
    return names


def variants_of(lib, args):
    """(step name, config index) pairs to check and time, from --steps and --configs / --config-name / --select."""
    out = []
    for name in step_names(args):
        n = lib.num_configs(STEPS[name][0])
        if args.config_name:
            out += [(name, i) for i in range(n) if lib.config_name(STEPS[name][0], i) == args.config_name]
        elif args.select:
            out += [(name, i) for i in range(n) if selected(lib.config_name(STEPS[name][0], i), args.select)]
        elif args.configs == "all":
            out += [(name, i) for i in range(n)]
        else:
            out += [(name, int(x)) for x in args.configs.split(",") if int(x) < n]
    if not out:
        sys.exit("fmha_bench: no (step, config) selected; see spak_fmha_config_name for the names")
    return out


def supports(lib, variant, c, q, k, v):
    """Whether the library runs this (step, config) on the case (e.g. fa3 bm=192 is built for D=64 only)."""
    try:
        lib.forward(STEPS[variant[0]][0], variant[1], lib.make_args(q, k, v, torch.empty_like(q), None, c["causal"]))
        return True
    except RuntimeError as e:
        if ": -2:" not in str(e):  # SPAK_FMHA_UNSUPPORTED; anything else is a real failure
            raise
        return False


def main():
    global HEAT_SECONDS  # bench_ms reads it; set once from --heat
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--lib", required=True, help="path of libspak_fmha.so")
    p.add_argument("--out", help="JSON result file (the issue's format)")
    p.add_argument("--steps", default="fa3,fa2",
                   help="comma list of fused forward steps: fa2 (02, or fa2_mma_sync), fa3 (04, or fa3_wgmma_tma)")
    p.add_argument("--configs", default="all", help="'all' or a comma list of config indices (of every step)")
    p.add_argument("--config-name", help="only the config with this name (spak_fmha_config_name), any step")
    p.add_argument("--select", help="only configs whose name has these fields: bm=128,bn=128,warps=12,pingpong=1")
    p.add_argument("--case", action="append",
                   help="only this shape: d=128,s=4096,h=16,h_kv=16,causal=1[,b=4]; repeat for several")
    p.add_argument("--quick", action="store_true", help="only S <= 2048 (a smoke run)")
    p.add_argument("--dtype", default="bf16", choices=["bf16", "fp16"])
    p.add_argument("--no-backward", action="store_true", help="skip the backward checks and timings")
    p.add_argument("--bwd-steps", default="03,05",
                   help="comma list of backward steps to check and time: 03 (mma.sync), 05 (Hopper wgmma)")
    p.add_argument("--bwd-configs", default="default",
                   help="step 05's configs: 'default' (per head dim), 'all', or a comma list of indices")
    p.add_argument("--sdpa", default=",".join(BACKENDS), help="comma list of SDPA backends to time (" +
                   ", ".join(BACKENDS) + ")")
    p.add_argument("--no-forward-check", action="store_true",
                   help="--check-only: skip the forward checks against the library's fp32 reference (slow at large S; "
                        "the backward checks still run our forward and compare to torch fp32 autograd)")
    p.add_argument("--check-only", action="store_true",
                   help="correctness only, no timing: the --case shapes (b defaults to 16384 / S; s_k=N sets a "
                        "different KV length) or a set of small shapes; prints dQ, dK, dV errors per backward")
    p.add_argument("--heat", type=float, default=HEAT_SECONDS,
                   help="seconds each kernel runs back to back before it is timed (default %(default)s; the "
                        f"process's first timing: at least {FIRST_HEAT_SECONDS:g}; 0: none)")
    args = p.parse_args()
    HEAT_SECONDS = args.heat
    dtype = torch.bfloat16 if args.dtype == "bf16" else torch.float16
    lib = Fmha(args.lib)
    variants = variants_of(lib, args)
    label = {vr: f"{vr[0]} {lib.config_name(STEPS[vr[0]][0], vr[1])}" for vr in variants}
    # The backward follows the fastest forward step selected (it needs O and the LSE of a training forward).
    bwd_fwd_step = FA3 if "fa3" in step_names(args) else FA2
    fwd_name = "fa3" if bwd_fwd_step == FA3 else "fa2"
    bwd_variants = [] if args.no_backward else bwd_variants_of(lib, args)
    backends = sdpa_names(args)

    all_ok = check_reference_against_torch(lib)
    if args.check_only:
        cases = [dict(parse_case(text), dtype=dtype) for text in args.case] if args.case else small_cases(dtype)
    else:
        cases = correctness_cases()
    for c in cases:
        q, k, v = make_inputs(c, c["dtype"])
        if not (args.check_only and args.no_forward_check):
            all_ok &= check_forward_case(lib, c, q, k, v, variants)
        if bwd_variants:
            all_ok &= check_backwards(lib, c, q, k, v, bwd_fwd_step, bwd_variants, c["dtype"])[0]
        del q, k, v
        torch.cuda.empty_cache()
    if args.check_only:
        print("all correctness checks passed" if all_ok else "SOME CORRECTNESS CHECKS FAILED")
        return 0 if all_ok else 1

    results = []
    for c in [parse_case(text) for text in args.case] if args.case else issue_cases():
        if args.quick and c["s"] > 2048:
            continue
        q, k, v = make_inputs(c, dtype)
        flops = case_flops(c)
        configs = [vr for vr in variants if supports(lib, vr, c, q, k, v)]
        if not configs:
            print(f"# no selected step/config supports {c}", file=sys.stderr)
            all_ok = False
            continue
        ref = reference(lib, c, q, k, v)
        errs = {vr: check(lib, c, q, k, v, vr, ref) for vr in configs}
        del ref
        for vr, (err, lse_err, within) in errs.items():  # per config, so a failure names its config
            trace({"type": "Correctness", "step": vr[0], "config": lib.config_name(STEPS[vr[0]][0], vr[1]),
                   "case": f"b{c['b']} h{c['h']}/{c['h_kv']} s{c['s']} d{c['d']} causal{int(c['causal'])} {args.dtype}",
                   "passed": within and lse_err <= LSE_TOLERANCE, "max_abs_error": err, "lse_error": lse_err,
                   "tolerance": TOLERANCE[dtype][0]})
        passed = all(w and le <= LSE_TOLERANCE for _, le, w in errs.values())
        all_ok &= passed
        o = torch.empty_like(q)
        timing = {}
        for vr in configs:
            a = lib.make_args(q, k, v, o, None, c["causal"])
            timing[vr] = flops / bench_ms(lambda: lib.forward(STEPS[vr[0]][0], vr[1], a)) / 1e9
        best_cfg = max(timing, key=timing.get)
        sdpa = {}
        for name in backends:
            backend = BACKENDS[name]
            try:
                fn = sdpa_fn(q, k, v, c["causal"], backend)
                fn()
                sdpa[name] = flops / bench_ms(fn) / 1e9
            except RuntimeError as e:  # backend refuses the shape (e.g. GQA); recorded as null
                sdpa[name] = None
                print(f"# {name} unavailable for {c}: {str(e).splitlines()[0][:120]}", file=sys.stderr)
        best = max((v for v in sdpa.values() if v is not None), default=float("nan"))
        ratio = timing[best_cfg] / best
        row = dict(b=c["b"], h=c["h"], h_kv=c["h_kv"], s=c["s"], d=c["d"], causal=c["causal"], pass_="forward",
                   step=STEPS[best_cfg[0]][1], config=lib.config_name(STEPS[best_cfg[0]][0], best_cfg[1]),
                   ours_tflops=timing[best_cfg],
                   sdpa=sdpa, ratio_best=ratio, max_abs_error=max(e for e, _, _ in errs.values()),
                   lse_error=max(le for _, le, _ in errs.values()), tolerance=dict(zip(("atol", "rtol"), TOLERANCE[dtype])), passed=passed,
                   configs={label[k_]: t for k_, t in timing.items()},
                   steps={n: max(t for vr, t in timing.items() if vr[0] == n)
                          for n in STEPS if any(vr[0] == n for vr in timing)})
        row["pass"] = row.pop("pass_")
        results.append(row)
        for vr in configs:
            trace({"type": "Performance", "step": vr[0], "config": lib.config_name(STEPS[vr[0]][0], vr[1]),
                   "b": c["b"], "h": c["h"], "h_kv": c["h_kv"], "s": c["s"], "d": c["d"], "causal": c["causal"],
                   "dtype": args.dtype, "ours_tflops": timing[vr], "best_sdpa_tflops": best,
                   "ratio": timing[vr] / best, "passed": passed})
        print(f"{c['b']:3d} {c['h']:3d}/{c['h_kv']:<3d} s={c['s']:6d} d={c['d']:3d} causal={int(c['causal'])} "
              f"ours={timing[best_cfg]:6.1f} [{label[best_cfg]}] "
              + " ".join(f"{n}={t:6.1f}" for n, t in row["steps"].items()) + " | "
              + " ".join(f"{n}={v:6.1f}" if v else f"{n}=  n/a" for n, v in sdpa.items())
              + f" ratio={ratio:.3f} err={row['max_abs_error']:.2e} {'ok' if passed else 'FAIL'}", flush=True)
        if bwd_variants:  # every backward checked (a trace item each) before any of them is timed
            bwd_ok, gerr = check_backwards(lib, dict(c, dtype=dtype), q, k, v, bwd_fwd_step, bwd_variants, dtype)
            all_ok &= bwd_ok
            checked = [vr for vr in bwd_variants if vr in gerr]  # the variants that support the case
            fb = fwd_bwd_tflops(lib, c, q, k, v, flops, bwd_fwd_step, checked, backends)
            sd = {n: fb[n] for n in backends}
            best_sd = max((x for x in sd.values() if x), default=None)
            for vr in checked:
                ours, name = fb["ours"][vr], bwd_key(vr)
                config = f"{fwd_name} forward (default config) + backward {name} {bwd_config_name(lib, vr)}"
                bwd_row = dict(row, **{"pass": "forward+backward", "step": BWD_STEPS[vr[0]][1], "config": config,
                                       "ours_tflops": ours, "backward_ms": fb["bwd_ms"][vr], "sdpa": sd,
                                       "ratio_best": ours / best_sd if best_sd else None,
                                       "ratio_flash": ours / sd["flash"] if sd.get("flash") else None,
                                       "grad_rel_errors": gerr[vr], "grad_tolerance": GRAD_TOLERANCE[dtype],
                                       "passed": max(gerr[vr]) <= GRAD_TOLERANCE[dtype]})
                bwd_row.pop("configs", None)
                bwd_row.pop("steps", None)
                results.append(bwd_row)
                trace({"type": "Performance", "step": "fwd+bwd " + name, "config": config, "b": c["b"],
                       "h": c["h"], "h_kv": c["h_kv"], "s": c["s"], "d": c["d"], "causal": c["causal"],
                       "dtype": args.dtype, "ours_tflops": ours, "backward_ms": fb["bwd_ms"][vr],
                       "best_sdpa_tflops": best_sd, "flash_tflops": sd.get("flash"),
                       "ratio": bwd_row["ratio_best"], "ratio_flash": bwd_row["ratio_flash"],
                       "passed": bwd_row["passed"]})
            ours_text = " ".join(f"{bwd_key(vr)}={fb['ours'][vr]:6.1f} ({fb['bwd_ms'][vr]:.3f} ms bwd)"
                                 for vr in checked)
            ratio_text = " ".join(f"{bwd_key(vr)}={fb['ours'][vr] / sd['flash']:.3f}" if sd.get("flash") else
                                  f"{bwd_key(vr)}=n/a" for vr in checked)
            sdpa_text = " ".join(f"{n}={v:6.1f}" if v else f"{n}=  n/a" for n, v in sd.items())
            print(f"    fwd+bwd {ours_text} | {sdpa_text} | ratio_flash {ratio_text}" + (" ok" if bwd_ok else " FAIL"),
                  flush=True)
        del q, k, v, o
        torch.cuda.empty_cache()

    if args.out:
        try:
            commit = os.environ.get("SPAK_COMMIT") or subprocess.check_output(["git", "rev-parse", "HEAD"], text=True).strip()
        except (OSError, subprocess.CalledProcessError):
            commit = os.environ.get("SPAK_COMMIT", "unknown")
        doc = dict(device=torch.cuda.get_device_name(), date=datetime.date.today().isoformat(), commit=commit,
                   command=" ".join(sys.argv), torch=torch.__version__, cudnn=torch.backends.cudnn.version(),
                   dtype=args.dtype, cases=results)
        write_file(args.out, json.dumps(doc, indent=1))
    print("all correctness checks passed" if all_ok else "SOME CORRECTNESS CHECKS FAILED")
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
