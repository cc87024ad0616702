# Sourced by the device-session scripts (h100_session.sh, pingpong_session.sh): `step NAME SECONDS COMMAND...`
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
