# spak tune --executor slurm on a real one-node SLURM cluster (munge + slurmctld + slurmd started here, in the
# scratch directory, on non-default ports; stopped by their pids): a small sweep where one trial fails and one is
# cancelled with scancel, every trial stored with its status; then a sweep interrupted while its job is queued or
# running, which --resume collects without submitting it again. Skips (77) when the slurm binaries are absent.

export PATH=$PATH:/usr/sbin:/sbin
for tool in munged slurmctld slurmd sbatch squeue scancel sinfo; do
  command -v "$tool" >/dev/null || { echo "skip: $tool is not installed (slurmctld slurmd slurm-client munge)"; exit 77; }
done

D=$TMPDIR/slurm
mkdir -p "$D/state" "$D/spool"
stop_cluster() {
  # Jobs first (their processes belong to slurmstepd, not to us), then the daemons, each by its pid file.
  if [ -f "$D/slurmctld.pid" ]; then
    scancel --user="$(id -un)" 2>/dev/null || true
    for _ in $(seq 1 20); do [ -z "$(squeue -h 2>/dev/null)" ] && break; sleep 0.5; done
  fi
  for daemon in slurmd slurmctld munged; do
    if [ -f "$D/$daemon.pid" ]; then kill "$(cat "$D/$daemon.pid")" 2>/dev/null || true; fi
  done
  for _ in $(seq 1 20); do
    alive=0
    for daemon in slurmd slurmctld munged; do
      [ -f "$D/$daemon.pid" ] && kill -0 "$(cat "$D/$daemon.pid")" 2>/dev/null && alive=1
    done
    [ $alive = 0 ] && break
    sleep 0.25
  done
}
previous_exit_trap=$(trap -p EXIT | sed "s/^trap -- '\(.*\)' EXIT$/\1/")
trap "stop_cluster; $previous_exit_trap" EXIT

dd if=/dev/urandom of="$D/munge.key" bs=1024 count=1 2>/dev/null
chmod 400 "$D/munge.key"
munged --key-file="$D/munge.key" --socket="$D/munge.socket" --pid-file="$D/munged.pid" \
  --log-file="$D/munged.log" --seed-file="$D/munge.seed" -f
node=$(hostname -s)
port=$((17000 + RANDOM % 2000))
cat > "$D/slurm.conf" <<CONF
ClusterName=spaktest
SlurmctldHost=$node(127.0.0.1)
AuthType=auth/munge
AuthInfo=socket=$D/munge.socket
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$port
SlurmdPort=$((port + 1))
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool
SlurmctldPidFile=$D/slurmctld.pid
SlurmdPidFile=$D/slurmd.pid
SlurmctldLogFile=$D/slurmctld.log
SlurmdLogFile=$D/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
NodeName=$node NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=spak Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$D/slurm.conf
slurmctld -c -f "$D/slurm.conf"
slurmd -f "$D/slurm.conf"
for _ in $(seq 1 60); do sinfo -h -o %t 2>/dev/null | grep -q idle && break; sleep 0.5; done
sinfo -h -o %t | grep -q idle || fail "the test cluster did not come up: $(tail -5 "$D/slurmctld.log" "$D/slurmd.log")"

cat > fake.sh <<'SH'
x=$1
[ -n "${SLOW:-}" ] && sleep "$SLOW"
case "$x" in
  3) echo "trial 3 gives up"; exit 3 ;;
  5) echo "${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}" > cancel-me.tmp; mv cancel-me.tmp cancel-me; sleep 60 ;;
  *) echo "__SPAK_TRACE__{\"type\":\"Performance\",\"score\":$x,\"task\":\"$SLURM_ARRAY_TASK_ID\"}" ;;
esac
SH
cat > fake.dsl <<'DSL'
system Fake {
  tuning_space { x: range [1, 6] }
  trace_schema { variant T { case Performance { score: float } } }
  engineering_loop L {
    measure { cmd: "sh {{dsl_dir}}/fake.sh {{x}}"  metric: Performance.score  objective: maximize }
  }
}
DSL

# 1. Six trials as array tasks: 3 fails, 5 is cancelled with scancel while it runs, the rest are ok.
"$SPAK" tune fake.dsl --executor slurm --strategy grid --budget 6 --jobs 6 --poll 0.3 --partition spak \
  --slurm-arg=--job-name=spak-test >tune.out 2>tune.err &
tune_pid=$!
for _ in $(seq 1 120); do [ -f cancel-me ] && break; sleep 0.25; done
[ -f cancel-me ] || { kill "$tune_pid"; fail "trial 5 never started: $(cat tune.out tune.err)"; }
scancel "$(cat cancel-me)"
code=0
wait "$tune_pid" || code=$?
[ "$code" = 0 ] || fail "spak tune exited $code: $(cat tune.out tune.err)"
status_of() { sqlite3 .spak/spak.db "select status || ' ' || reason from trials where json_extract(config, '\$.x') = $1"; }
for x in 1 2 4 6; do expect_contains "$(status_of $x)" "ok"; done
expect_contains "$(status_of 3)" "failed exited with status 3"
expect_contains "$(status_of 5)" "cancelled slurm: the array task was cancelled"
[ "$(sqlite3 .spak/spak.db 'select count(*) from trials')" = 6 ] || fail "expected 6 trials"
# The nodes ran them (the host is the node's name) and the job ids are kept with the run.
[ "$(sqlite3 .spak/spak.db "select count(*) from trials where host = '$(hostname)'")" = 5 ] ||
  fail "expected 5 trials on node $(hostname): $(sqlite3 .spak/spak.db 'select host from trials')"
[ "$(sqlite3 .spak/spak.db "select json_extract(settings, '\$.executor.kind') from runs")" = slurm ] ||
  fail "the run does not record its executor"
expect_contains "$(sqlite3 .spak/spak.db 'select log_tail from trials where json_extract(config, "$.x") = 3')" "trial 3 gives up"
expect_contains "$(cat tune.out)" "best: 6 score with x=6"

# 2. Interrupted while its job is queued or running; --resume collects the same job, not a new one.
SLOW=3 "$SPAK" tune fake.dsl --executor slurm --strategy grid --budget 2 --jobs 2 --poll 0.3 --store r/spak.db \
  >r.out 2>&1 &
tune_pid=$!
for _ in $(seq 1 60); do ls r/cluster/*/job-0.sh >/dev/null 2>&1 && [ -n "$(squeue -h)" ] && break; sleep 0.25; done
[ -n "$(squeue -h)" ] || fail "no job submitted: $(cat r.out)"
kill -TERM "$tune_pid"
code=0
wait "$tune_pid" || code=$?
[ "$code" = 130 ] || fail "expected exit 130 after SIGTERM, got $code: $(cat r.out)"
[ "$(sqlite3 r/spak.db 'select count(*) from trials')" = 0 ] || fail "trials recorded before the job finished"
expect_exit 0 "$SPAK" tune fake.dsl --executor slurm --resume --poll 0.3 --store r/spak.db
expect_contains "$out" "2 trials submitted before are still on their way"
[ "$(sqlite3 r/spak.db "select count(*) from trials where status = 'ok'")" = 2 ] || fail "expected 2 ok trials after resume"
[ "$(ls r/cluster/*/job-*.sh | wc -l)" = 1 ] || fail "resume submitted the trials again: $(ls r/cluster/*)"
