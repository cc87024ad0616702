#!/bin/bash
# One device call for microGPT (docs/microgpt.md, "Numbers"): the CUDA trainer's tests, then ours (CUDA, CPU,
# scalar) and the PyTorch peer on the same runs, default and larger configs. Binaries come built from the
# workstation in carry/microgpt/ (with the Debian libraries they need in carry/microgpt/lib); logs go to $OUT.
#
#   bench/microgpt/device_run.sh          # on the device, from the repository root; OUT must be set
set -u
carry=carry/microgpt
export LD_LIBRARY_PATH=$carry/lib PYTHONUNBUFFERED=1
bin=$carry/spak-microgpt
data=$carry/names.txt
out=${OUT:?OUT must name the results folder}
default=()
large=(--n-embd 128 --n-layer 4 --batch 32)
mid=(--n-embd 64 --n-layer 4 --batch 32)

nvidia-smi --query-gpu=name,driver_version,clocks.sm --format=csv,noheader | tee "$out/gpu.txt"
git rev-parse HEAD 2>/dev/null | tee -a "$out/gpu.txt"

echo "== CUDA trainer tests"
timeout 120 $carry/spak_microgpt_tests --gtest_filter='CudaTrainer*' > "$out/gtest.log" 2>&1; echo "exit $?"
grep -E '^\[  (PASSED|FAILED|SKIPPED) |Failure|error' "$out/gtest.log" | head -20

echo "== compute-sanitizer (memcheck, racecheck) on a few steps of each grid layout"
for tool in memcheck racecheck; do
  timeout 45 compute-sanitizer --tool $tool --error-exitcode 9 "$bin" --data "$data" --impl cuda --steps 3 --sample 1 \
    --log-every 0 >> "$out/sanitizer.log" 2>&1; echo "$tool one block: exit $?"
  timeout 45 compute-sanitizer --tool $tool --error-exitcode 9 "$bin" --data "$data" --impl cuda --steps 2 --sample 0 \
    --log-every 0 --n-embd 32 --n-layer 2 --batch 4 >> "$out/sanitizer.log" 2>&1; echo "$tool per document: exit $?"
done

# ours: name, then spak-microgpt flags; every run prints its Performance trace line into ours.log
ours() {
  local name=$1; shift
  echo "== $name: $*"
  timeout 60 "$bin" --data "$data" --sample 3 --log-every 0 "$@" 2>&1 | sed "s/^/[$name] /" | tee -a "$out/ours.log" | grep -v '^.*sample'
}
ours scalar-default-333 --impl scalar --steps 333
ours cuda-f64-default-333 --impl cuda --double --steps 333
ours cuda-f32-default-333 --impl cuda --steps 333
for threads in 128 256; do ours cuda-f32-default-333-t$threads --impl cuda --steps 333 --cuda-threads $threads; done
ours cuda-f32-default-333-grid-batch --impl cuda --steps 333 --cuda-grid batch
ours cpu-f32-default-333 --impl cpu --steps 333
ours cuda-f32-large-333 --impl cuda --steps 333 "${large[@]}"
for threads in 256; do ours cuda-f32-large-333-t$threads --impl cuda --steps 333 --cuda-threads $threads "${large[@]}"; done
ours cuda-f32-mid-333 --impl cuda --steps 333 "${mid[@]}"
ours cpu-f32-large-10 --impl cpu --steps 10 "${large[@]}"

echo "== parity on the names file: scalar vs cuda f64, 50 steps, every step"
"$bin" --data "$data" --impl scalar --steps 50 --sample 0 > /tmp/parity_scalar.log
"$bin" --data "$data" --impl cuda --double --steps 50 --sample 0 > /tmp/parity_cuda.log
python3 - /tmp/parity_scalar.log /tmp/parity_cuda.log <<'PY'
import json, sys
def losses(p):
    return [json.loads(l[14:])["loss"] for l in open(p) if l.startswith('__SPAK_TRACE__{') and '"Loss"' in l]
a, b = losses(sys.argv[1]), losses(sys.argv[2])
worst = max(abs(x - y) / abs(x) for x, y in zip(a, b))
print(f"parity: {len(a)} steps, worst relative difference {worst:.3e} ({'PASS' if len(a) == 50 and worst <= 1e-4 else 'FAIL'})")
PY

echo "== torch peer"
"$bin" --data "$data" --steps 333 --sample 0 --log-every 0 --export-setup /tmp/setup_default.json > /dev/null
"$bin" --data "$data" --steps 333 --sample 0 --log-every 0 --export-setup /tmp/setup_large.json "${large[@]}" > /dev/null
"$bin" --data "$data" --steps 333 --sample 0 --log-every 0 --export-setup /tmp/setup_mid.json "${mid[@]}" > /dev/null
timeout 120 python3 bench/microgpt_torch.py --setup /tmp/setup_default.json --device cuda --modes eager,compile-ro,compile \
  --json "$out/torch_default_cuda.json" 2>&1 | grep -v __SPAK_TRACE__
timeout 30 python3 bench/microgpt_torch.py --setup /tmp/setup_default.json --device cpu --modes eager \
  --json "$out/torch_default_cpu.json" 2>&1 | grep -v __SPAK_TRACE__
timeout 90 python3 bench/microgpt_torch.py --setup /tmp/setup_large.json --device cuda --modes eager,compile \
  --json "$out/torch_large_cuda.json" 2>&1 | grep -v __SPAK_TRACE__
timeout 30 python3 bench/microgpt_torch.py --setup /tmp/setup_mid.json --device cuda --modes eager \
  --json "$out/torch_mid_cuda.json" 2>&1 | grep -v __SPAK_TRACE__
echo "== summary"
python3 - "$out/ours.log" <<'PY'
import json, re, sys
for line in open(sys.argv[1]):
    m = re.match(r"\[([^\]]+)\] __SPAK_TRACE__(\{.*\"Performance\".*\})$", line.strip())
    if m:
        r = json.loads(m.group(2))
        print(f"{m.group(1):<36} {r['us_per_step']:10.2f} us/step  mean loss last 50 {r['mean_loss_last50']:.4f}")
PY
