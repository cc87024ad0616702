#!/usr/bin/env python3
"""Turns the logs of one bench/microgpt/device_run.sh call into bench/results/microgpt_<device>_<date>.json.

    python3 bench/microgpt/make_results.py FILES_AT OUTPUT.json --date 2026-11-25 --commit SHA --note "..."

FILES_AT holds gpu.txt, ours.log (spak-microgpt Performance traces, each line prefixed by its run's name) and
torch_<config>_<device>.json (bench/microgpt_torch.py --json). Each of our runs becomes a case with the torch
peer's eager time on the same config and device kind (CUDA for cuda, CPU for cpu and scalar) as
torch_us_per_step, and ratio = torch_us_per_step / us_per_step.
"""

import argparse
import json
import os
import re

CONFIGS = {"default": "n_embd 16, n_layer 1, batch 1", "mid": "n_embd 64, n_layer 4, batch 32",
           "large": "n_embd 128, n_layer 4, batch 32"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("files_at")
    ap.add_argument("output")
    ap.add_argument("--date", required=True)
    ap.add_argument("--commit", required=True)
    ap.add_argument("--note", default="")
    a = ap.parse_args()
    gpu = open(os.path.join(a.files_at, "gpu.txt")).read().splitlines()[0].split(",")[0].strip()
    torch_runs = {}
    for name in os.listdir(a.files_at):
        m = re.fullmatch(r"torch_(\w+?)_(cuda|cpu)\.json", name)
        if m:
            data = json.load(open(os.path.join(a.files_at, name)))
            for r in data["results"]:
                if "error" not in r:
                    torch_runs[(m.group(1), m.group(2), r["mode"])] = r
    cases = []
    for line in open(os.path.join(a.files_at, "ours.log")):
        m = re.match(r"\[([^\]]+)\] __SPAK_TRACE__(\{.*\"Performance\".*\})$", line.strip())
        if not m:
            continue
        name, r = m.group(1), json.loads(m.group(2))
        config = next(c for c in CONFIGS if f"-{c}-" in name)
        kind = "cuda" if r["impl"] == "cuda" else "cpu"
        peer = torch_runs.get((config, kind, "eager"))
        case = {"name": name, "impl": r["impl"], "precision": r["precision"], "config": CONFIGS[config],
                "steps": r["steps"], "us_per_step": round(r["us_per_step"], 2), "final_loss": r["final_loss"],
                "mean_loss_last50": r["mean_loss_last50"]}
        if peer:
            case["torch_us_per_step"] = round(peer["us_per_step"], 1)
            case["torch_mean_loss_last50"] = peer["mean_loss_last50"]
            case["ratio"] = round(peer["us_per_step"] / r["us_per_step"], 1)
        cases.append(case)
    peers = [{"config": CONFIGS[c], "device": d, "mode": mode, "us_per_step": round(r["us_per_step"], 1),
              "mean_loss_last50": r["mean_loss_last50"], "final_loss": r["final_loss"]}
             for (c, d, mode), r in sorted(torch_runs.items())]
    result = {"device": gpu, "date": a.date, "commit": a.commit,
              "command": "bench/microgpt/device_run.sh (carry/microgpt: spak-microgpt and spak_microgpt_tests built "
                         "on the workstation with SPAK_CUDA, names.txt)",
              "note": a.note, "cases": cases, "torch": peers}
    tmp = a.output + ".tmp"
    with open(tmp, "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    os.replace(tmp, a.output)


if __name__ == "__main__":
    main()
