"""Time, energy and SM clock of step 04 and cuDNN per forward launch, with the card at a known power state.

An H200 running attention draws its whole power limit (about 700 W) and lowers its SM clock to stay under it, so
how fast a kernel runs depends on the state the card is in when it is timed: the first timing after an idle gap runs
at a higher clock until the power average catches up (run 25: 682 against about 600 TFLOPS on the same tensors). And
once the card sits at its limit, a kernel's speed is its clock times its work per cycle, where the clock follows the
energy each cycle spends. This probe reads both through NVML (the driver's libnvidia-ml, no Python package needed):

- hot: each kernel runs back to back for --heat seconds, then for --seconds more while NVML's energy counter and a
  5 ms clock sampler run: time, joules and mean SM clock per launch, and the throttle reasons seen (the energy
  counter moves in coarse steps: over 1-2 s its per-launch joules scatter by a few %, the times by 0.2 %);
- cold (--cold): the same measurement right after --idle seconds of idle, as a benchmark's first timing after its
  correctness checks would be;
- copies (--copies N): the hot measurement on N separately allocated copies of the same inputs, to tell a placement
  effect (repeating per copy) from the card's state.

Every kernel's output is checked against SDPA's before anything is timed.
Usage: python3 bench/fmha/power_probe.py --lib A/libspak_fmha.so [--lib B/libspak_fmha.so:5,13 ...]
       [--case d=128,s=2048,h=16[,causal=1]] ... [--configs 5,12] [--heat 2] [--seconds 2] [--passes 1] [--cold]
       [--idle 3] [--copies 1] [--out rows.jsonl]
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch
from torch.nn.attention import SDPBackend

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fmha import FA3, Fmha  # noqa: E402
from fmha_bench import case_flops, make_inputs, parse_case, sdpa_fn, write_file  # noqa: E402
from power import Nvml, Sampler, heat_up  # noqa: E402


def measure(fn, nvml, sampler, heat_s, seconds):
    """Back-to-back launches of fn: heat_s seconds unmeasured, then about `seconds` measured."""
    heat_up(fn, heat_s)
    start, stop = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    fn()
    start.record()
    fn()
    stop.record()
    stop.synchronize()
    n = max(10, int(seconds * 1000 / start.elapsed_time(stop)))
    sampler.start_window()
    e0 = nvml.energy_mj()
    start.record()
    for _ in range(n):
        fn()
    stop.record()
    stop.synchronize()
    e1 = nvml.energy_mj()
    mhz, reasons = sampler.end_window()
    ms = start.elapsed_time(stop) / n
    return dict(ms=ms, joules=(e1 - e0) / 1000 / n, watts=(e1 - e0) / start.elapsed_time(stop), sm_mhz=mhz,
                reasons=reasons, launches=n)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--lib", action="append", required=True,
                   help="libspak_fmha.so[:CONFIGS]; repeat to compare builds in one process (named by their folder);"
                        " CONFIGS overrides --configs for that build")
    p.add_argument("--case", action="append",
                   help="d=128,s=2048,h=16[,h_kv=4][,causal=1][,b=8] (fmha_bench.py's form); repeat for several")
    p.add_argument("--configs", default="5", help="step 04's configs, a comma list (default 5)")
    p.add_argument("--heat", type=float, default=2.0, help="seconds of unmeasured launches before each measurement")
    p.add_argument("--seconds", type=float, default=2.0, help="seconds measured per (case, kernel, copy, pass)")
    p.add_argument("--passes", type=int, default=1, help="hot measurements of every kernel, pass after pass")
    p.add_argument("--cold", action="store_true", help="also measure each kernel right after --idle seconds idle")
    p.add_argument("--idle", type=float, default=3.0)
    p.add_argument("--copies", type=int, default=1, help="separately allocated copies of the inputs to time")
    p.add_argument("--out", help="JSON lines, one per measurement")
    args = p.parse_args()
    libs = {}  # tag -> (library, its configs)
    for spec in args.lib:
        path, _, own = spec.partition(":")
        tag = os.path.basename(os.path.dirname(os.path.abspath(path))) if len(args.lib) > 1 else "ours"
        libs[tag] = (Fmha(path), [int(x) for x in (own or args.configs).split(",")])
    if len(libs) < len(args.lib):
        p.error("the libraries' folders must have different names")
    nvml = Nvml(torch.cuda.current_device())
    sampler = Sampler(nvml)
    sampler.start()
    print(f"# {torch.cuda.get_device_name()}, enforced power limit {nvml.power_limit_w():.0f} W", flush=True)
    rows, ok = [], True
    for text in args.case or ["d=128,s=2048,h=16"]:
        c = parse_case(text)
        flops = case_flops(c)
        master = list(make_inputs(c, torch.bfloat16))
        copies = [master] + [[t.clone() for t in master] for _ in range(args.copies - 1)]
        for i, (q, k, v) in enumerate(copies):
            o = torch.empty_like(q)
            cudnn = sdpa_fn(q, k, v, c["causal"], SDPBackend.CUDNN_ATTENTION)
            kernels = {}
            for tag, (lib, configs) in libs.items():
                a = lib.make_args(q, k, v, o, None, c["causal"])
                for cfg in configs:
                    kernels[f"{tag}:{cfg}"] = lambda lib=lib, a=a, cfg=cfg: lib.forward(FA3, cfg, a)
            expected = cudnn().float()
            for name, fn in kernels.items():
                o.fill_(float("nan"))
                fn()
                err = (o.float() - expected).abs().max().item()
                if not err <= 2e-2:
                    print(f"FAIL {text} copy {i} {name}: against cuDNN max abs error {err:.2e}", flush=True)
                    ok = False
            if not ok:
                continue
            kernels["cudnn"] = cudnn
            rounds = (["cold"] if args.cold else []) + ["hot"] * args.passes
            for pass_, mode in enumerate(rounds):
                for name, fn in kernels.items():
                    if mode == "cold":
                        time.sleep(args.idle)
                    r = measure(fn, nvml, sampler, 0 if mode == "cold" else args.heat,
                                args.seconds if mode == "hot" else 0.1)
                    r.update(case=text, copy=i, mode=mode, pass_=pass_, kernel=name, tflops=flops / r["ms"] / 1e9,
                             mcycles=r["ms"] * r["sm_mhz"] / 1e3, k_ptr=hex(k.data_ptr()))
                    rows.append(r)
                    print(f"{text:24} copy {i} {mode:4} {name:12} {r['tflops']:6.1f} TFLOPS {r['ms']:.4f} ms"
                          f" {r['joules']:.4f} J {r['watts']:5.0f} W {r['sm_mhz']:5.0f} MHz"
                          f" {r['mcycles']:.4f} Mcycles  {','.join(r['reasons'])}", flush=True)
        hot = {n: [r for r in rows if r["case"] == text and r["mode"] == "hot" and r["kernel"] == n]
               for n in kernels}

        def median(n, key):
            return statistics.median(r[key] for r in hot[n])
        for n in kernels:
            if n != "cudnn" and hot[n] and hot.get("cudnn"):
                print(f"# {text} hot medians, {n} / cuDNN: {median('cudnn', 'ms') / median(n, 'ms'):.3f}x as fast"
                      f" ({median(n, 'tflops'):.1f} TFLOPS), energy {median(n, 'joules') / median('cudnn', 'joules'):.3f}x,"
                      f" clock {median(n, 'sm_mhz') / median('cudnn', 'sm_mhz'):.3f}x,"
                      f" cycles {median(n, 'mcycles') / median('cudnn', 'mcycles'):.3f}x", flush=True)
        del copies, master
        torch.cuda.empty_cache()
    sampler.stop.set()
    if args.out:
        write_file(args.out, "".join(json.dumps(r) + "\n" for r in rows))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
