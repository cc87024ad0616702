# Sourced by the device-session scripts (h100_session.sh, pingpong_session.sh, probe_session.sh, tune_session.sh,
# tune_validate.sh, validate_facts.sh).
# `step NAME SECONDS COMMAND...`
# runs the command bounded by `timeout`, appends its output to "$log", records a failure in `status`, keeps the
# exit code in `last_rc` (124: it hung) and returns it. The caller sets `log` and `status`.
step() {
  local name=$1 limit=$2
  shift 2
  echo "=== $name ($(date -u +%H:%M:%S)): $*" | tee -a "$log"
  timeout "$limit" "$@" >>"$log" 2>&1
  local rc=$?
  echo "=== $name: exit $rc" | tee -a "$log"
  [ $rc -eq 0 ] || status=1
  last_rc=$rc
  return $rc
}

# `gpu_state FILE`: the GPU's name, driver, clocks, power and temperature as CSV, kept beside the session's log.
gpu_state() {
  nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.max.sm,power.draw,power.limit,temperature.gpu \
    --format=csv >"$1" 2>&1
}

# `gemm_config_args K=V...`: a tuning configuration (the v4+ DSL's parameters, as `spak tune` prints them) as
# gemm_bench arguments, naming the instantiation as the DSL's measure command does (v6's sms: 0 = every SM).
gemm_config_args() {
  local -A p
  local kv
  for kv in "$@"; do p[${kv%%=*}]=${kv#*=}; done
  local name="bm${p[bm]}_bn${p[bn]}_bk64_s${p[stages]}_w${p[warps]}_c${p[cluster]}_e${p[epilogue]}_bf16"
  [ "${p[defer]}" = 0 ] || name+="_d${p[defer]}"
  [ "${p[l2_hint]}" = 0 ] || name+="_h${p[l2_hint]}"
  echo "--step ${p[ladder_step]} --config $name --raster ${p[raster]} --sms ${p[sms]:-0}"
}

# `gemm_pairs NAME SHAPE SEED JSON GEMM_BENCH_ARGS...`: one bounded step timing the named instantiation against
# cuBLAS in $PAIRS (default 200) interleaved pairs on the seed's data, result JSON at JSON. The caller sets
# `bench` and `commit` besides `log` and `status`.
gemm_pairs() {
  local name=$1 shape=$2 seed=$3 json=$4
  shift 4
  step "$name" 60 "$bench" "$@" --shape "$shape" --reps "${PAIRS:-200}" --budget 6 --seed "$seed" \
    --commit "$commit" --json "$json"
}
