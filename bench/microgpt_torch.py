#!/usr/bin/env python3
"""The PyTorch peer of spak-microgpt: the same model, data, initial weights and steps, trained by PyTorch.

    build/spak-microgpt --data names.txt --steps 333 --sample 0 --log-every 0 --export-setup setup.json
    python3 bench/microgpt_torch.py --setup setup.json --device cuda --modes eager,compile,compile-ro

The setup file (spak-microgpt --export-setup) carries the sizes, the initial weights in ParamLayout order and the
documents of every step in training order, so both sides train the same run and their losses can be compared.
Modes: eager; compile (torch.compile of forward + loss); compile-ro (mode="reduce-overhead": CUDA graphs). Each
mode trains from the initial weights for all steps after a short warm-up run (compilation, graph capture); the
time is the wall time of the whole run (one device synchronization at the end) over the steps. Prints one line per mode and
__SPAK_TRACE__ Performance items; --json writes the results.
"""

import argparse
import json
import os
import sys
import time

import torch
import torch.nn.functional as F


def load_setup(path):
    with open(path) as f:
        return json.load(f)


class MicroGPT(torch.nn.Module):
    """microGPT as models/microgpt implements it: RMSNorm without weights (eps 1e-5) after the embedding sum and
    before attention and MLP, causal attention, ReLU MLP 4x, residuals, no biases, lm_head."""

    def __init__(self, s, dtype, device):
        super().__init__()
        v, c, t, m = s["vocab_size"], s["n_embd"], s["block_size"], 4 * s["n_embd"]
        self.n_head, self.n_layer = s["n_head"], s["n_layer"]
        flat = torch.tensor(s["weights"], dtype=torch.float64)
        at = 0

        def take(rows, cols):
            nonlocal at
            w = flat[at:at + rows * cols].view(rows, cols).to(dtype=dtype, device=device).clone()
            at += rows * cols
            return torch.nn.Parameter(w)

        self.wte, self.wpe, self.lm_head = take(v, c), take(t, c), take(v, c)
        self.layers = torch.nn.ModuleList()
        for _ in range(self.n_layer):
            layer = torch.nn.ParameterDict()
            for name, rows, cols in (("wq", c, c), ("wk", c, c), ("wv", c, c), ("wo", c, c), ("fc1", m, c),
                                     ("fc2", c, m)):
                layer[name] = take(rows, cols)
            self.layers.append(layer)
        assert at == flat.numel(), "weights do not match the sizes"

    @staticmethod
    def rmsnorm(x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-5)

    def forward(self, idx):
        b, n = idx.shape
        c = self.wte.shape[1]
        hd = c // self.n_head
        x = self.rmsnorm(self.wte[idx] + self.wpe[:n])
        for w in self.layers:
            xn = self.rmsnorm(x)
            q, k, v = (F.linear(xn, w[name]).view(b, n, self.n_head, hd).transpose(1, 2) for name in ("wq", "wk", "wv"))
            att = F.scaled_dot_product_attention(q, k, v, is_causal=True)
            x = x + F.linear(att.transpose(1, 2).reshape(b, n, c), w["wo"])
            x = x + F.linear(F.relu(F.linear(self.rmsnorm(x), w["fc1"])), w["fc2"])
        return F.linear(x, self.lm_head)


def loss_fn(model, idx, targets):
    logits = model(idx)
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), ignore_index=-1)


def make_batches(s, device, pad_to_block):
    """Per step: inputs [batch, n] and targets (-1 where padded), n the longest document of the step or
    block_size. Padding sits after a document's positions, which causal attention keeps from influencing them."""
    t, bsz = s["block_size"], s["batch"]
    batches = []
    for step in range(s["steps"]):
        docs = s["docs"][step * bsz:(step + 1) * bsz]
        lens = [min(t, len(d) - 1) for d in docs]
        n = t if pad_to_block else max(lens)
        idx = torch.zeros(bsz, n, dtype=torch.long)
        tgt = torch.full((bsz, n), -1, dtype=torch.long)
        for i, (d, ln) in enumerate(zip(docs, lens)):
            idx[i, :ln] = torch.tensor(d[:ln])
            tgt[i, :ln] = torch.tensor(d[1:ln + 1])
        batches.append((idx.to(device), tgt.to(device)))
    return batches


def compiled(mode):
    if mode == "eager":
        return loss_fn
    if mode == "compile":
        return torch.compile(loss_fn, dynamic=False)
    if mode == "compile-ro":
        return torch.compile(loss_fn, mode="reduce-overhead", dynamic=False)
    raise ValueError(f"unknown mode {mode}")


def train(s, model, initial, fn, batches, steps):
    """Trains from the initial weights (copied in place, so compiled code keeps its parameters) with a fresh Adam."""
    with torch.no_grad():
        for p, w in zip(model.parameters(), initial):
            p.copy_(w)
    opt = torch.optim.Adam(model.parameters(), lr=0.01, betas=(0.85, 0.99), eps=1e-8)
    losses = []
    for step in range(steps):
        for group in opt.param_groups:
            group["lr"] = 0.01 * (1 - step / s["steps"])
        idx, tgt = batches[step]
        loss = fn(model, idx, tgt)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        losses.append(loss.detach().clone())
    return losses


def sync(device):
    if device == "cuda":
        torch.cuda.synchronize()


def run_mode(s, mode, device, dtype, warmup):
    batches = make_batches(s, device, pad_to_block=mode != "eager")  # compiled modes see one shape
    model = MicroGPT(s, dtype, device)
    initial = [p.detach().clone() for p in model.parameters()]
    fn = compiled(mode)
    steps = s["steps"]
    t0 = time.perf_counter()
    train(s, model, initial, fn, batches, min(warmup, steps))  # compilation, CUDA graphs, allocator warm-up
    sync(device)
    warm_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    losses = train(s, model, initial, fn, batches, steps)
    sync(device)
    elapsed = time.perf_counter() - t0
    values = [float(x) for x in losses]
    tail = values[-min(50, len(values)):]
    return {"mode": mode, "device": device, "dtype": str(dtype).replace("torch.", ""), "steps": steps,
            "batch": s["batch"], "n_embd": s["n_embd"], "n_layer": s["n_layer"],
            "us_per_step": elapsed / steps * 1e6, "warmup_s": warm_s, "final_loss": values[-1],
            "mean_loss_last50": sum(tail) / len(tail), "first_loss": values[0]}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--setup", required=True, help="spak-microgpt --export-setup file")
    ap.add_argument("--device", default="cuda", choices=["cpu", "cuda"])
    ap.add_argument("--modes", default="eager", help="comma-separated: eager, compile, compile-ro")
    ap.add_argument("--double", action="store_true", help="float64 (loss comparison) instead of float32")
    ap.add_argument("--warmup", type=int, default=20, help="warm-up steps on a separate copy of the model")
    ap.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: torch's default)")
    ap.add_argument("--json", help="write the results here")
    args = ap.parse_args()
    if args.device == "cuda" and not torch.cuda.is_available():
        print("microgpt_torch: error: --device cuda but torch sees no GPU", file=sys.stderr)
        return 1
    if args.threads:
        torch.set_num_threads(args.threads)
    s = load_setup(args.setup)
    dtype = torch.float64 if args.double else torch.float32
    results = []
    for mode in args.modes.split(","):
        try:
            r = run_mode(s, mode, args.device, dtype, args.warmup)
        except Exception as e:  # a compile mode that fails offline is reported, not fatal
            r = {"mode": mode, "device": args.device, "error": f"{type(e).__name__}: {e}"[:500]}
            print(f"torch {mode:<10} {args.device:<4} failed: {r['error']}")
        else:
            print(f"torch {mode:<10} {args.device:<4} {r['dtype']:<7} batch {r['batch']:>2} n_embd {r['n_embd']:>3} "
                  f"n_layer {r['n_layer']} | {r['us_per_step']:10.1f} us/step | final loss {r['final_loss']:.4f} | "
                  f"mean last 50 {r['mean_loss_last50']:.4f} | warm-up {r['warmup_s']:.1f} s")
            trace = {"type": "Performance", "step_name": f"microgpt torch {mode} {args.device}"}
            trace.update(r)
            print("__SPAK_TRACE__" + json.dumps(trace))
        results.append(r)
    if args.json:
        info = {"torch": torch.__version__, "threads": torch.get_num_threads(),
                "gpu": torch.cuda.get_device_name() if args.device == "cuda" else None, "results": results}
        tmp = args.json + ".tmp"
        with open(tmp, "w") as f:
            json.dump(info, f, indent=1)
        os.replace(tmp, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
