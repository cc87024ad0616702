# Fidelity against this project's own Hopper GEMM (kernels/cuda/gemm, step 08): the tuning axes its hand-written
# DSL (examples/gemm_h100.dsl) searches are lifted from the source with values, and the DSL passes `spak check`.
# Names only, not values: the kernel's variant list is still being tuned (docs/lift.md has the full comparison).
gemm=$SPAK_SOURCE_DIR/kernels/cuda/gemm
[ -f "$gemm/08_warp_specialized.cu" ] || { echo "skip: no kernels/cuda/gemm/08_warp_specialized.cu"; exit 0; }
expect_exit 0 "$SPAK" lift "$gemm/08_warp_specialized.cu" "$gemm/hopper.cuh" --format json -o gemm08.json
summary=$(python3 -c '
import json
d = json.load(open("gemm08.json"))
axes = {a["name"]: a for a in d["axes"]}
for name in ("BM", "BN", "STAGES", "CLUSTER", "EPILOGUE"):
    a = axes.get(name)
    print(name, "ok" if a and a["kind"] == "tuning" and a["values"] else "MISSING")
for name, value in (("warp_specialization", "producer_consumer"), ("global_to_shared_copy", "tma"),
                    ("mma_instruction", "wgmma")):
    a = axes.get(name)
    print(name, "ok" if a and value in a["observed"] else "MISSING")
print("raster", "ok" if "raster" in axes else "MISSING")
')
case "$summary" in *MISSING*) fail "lifted GEMM lacks axes of examples/gemm_h100.dsl:
$summary" ;; esac
if "$SPAK" check --help >/dev/null 2>&1; then
  "$SPAK" lift "$gemm/08_warp_specialized.cu" "$gemm/hopper.cuh" -o gemm08.dsl
  expect_exit 0 "$SPAK" check gemm08.dsl
fi
