# Sourced by the device-session scripts (h100_session.sh, pingpong_session.sh, probe_session.sh, tune_session.sh).
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
