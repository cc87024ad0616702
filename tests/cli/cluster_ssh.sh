# spak tune --executor ssh against two real sshd on 127.0.0.1 (non-default ports, host and user keys made here,
# stopped by their pids): the bundle is copied to each "host" once, trials run there ({{dsl_dir}} is the host's
# copy), the second host gives one worker per GPU (CUDA_VISIBLE_DEVICES), a hanging trial hits the timeout.
# Skips (77) when OpenSSH's server or client is absent.

SSHD=/usr/sbin/sshd
[ -x "$SSHD" ] || { echo "skip: openssh-server is not installed"; exit 77; }
for tool in ssh scp ssh-keygen; do command -v "$tool" >/dev/null || { echo "skip: $tool is not installed"; exit 77; }; done
SFTP=/usr/lib/openssh/sftp-server

S=$TMPDIR/ssh
mkdir -p "$S"
stop_sshd() {
  for pidfile in "$S"/sshd-*.pid; do [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null; done
  true
}
previous_exit_trap=$(trap -p EXIT | sed "s/^trap -- '\(.*\)' EXIT$/\1/")
trap "stop_sshd; $previous_exit_trap" EXIT

ssh-keygen -q -t ed25519 -N '' -f "$S/host_key"
ssh-keygen -q -t ed25519 -N '' -f "$S/user_key"
cp "$S/user_key.pub" "$S/authorized_keys"
[ -d /run/sshd ] || mkdir -p /run/sshd  # sshd's privilege separation directory (Debian's package makes it at boot)
port=$((22000 + RANDOM % 2000))
for p in $port $((port + 1)); do
  cat > "$S/sshd-$p.conf" <<CONF
Port $p
ListenAddress 127.0.0.1
HostKey $S/host_key
PidFile $S/sshd-$p.pid
AuthorizedKeysFile $S/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PermitRootLogin prohibit-password
StrictModes no
Subsystem sftp $SFTP
CONF
  "$SSHD" -f "$S/sshd-$p.conf" -E "$S/sshd-$p.log" || fail "sshd on port $p did not start: $(cat "$S/sshd-$p.log")"
done
ssh_args=(--ssh-arg=-F/dev/null --ssh-arg=-oIdentityFile="$S/user_key" --ssh-arg=-oIdentitiesOnly=yes
          --ssh-arg=-oStrictHostKeyChecking=no --ssh-arg=-oUserKnownHostsFile="$S/known_hosts" --ssh-arg=-oLogLevel=ERROR)
for _ in $(seq 1 40); do
  ssh -F /dev/null -oIdentityFile="$S/user_key" -oStrictHostKeyChecking=no -oUserKnownHostsFile="$S/known_hosts" \
    -oLogLevel=ERROR -oBatchMode=yes -p $((port + 1)) "$(id -un)@127.0.0.1" true 2>/dev/null && break
  sleep 0.25
done

mkdir project
cat > project/fake.sh <<'SH'
x=$1
[ "$x" = 4 ] && sleep 30
echo "__SPAK_TRACE__{\"type\":\"Performance\",\"score\":$x,\"gpu\":\"${CUDA_VISIBLE_DEVICES:-none}\",\"dir\":\"$(pwd)\",\"env\":\"$SPAK_X\"}"
SH
cat > project/fake.dsl <<'DSL'
system Fake {
  tuning_space { x: range [1, 6] }
  trace_schema { variant T { case Performance { score: float } } }
  engineering_loop L {
    measure { cmd: "sh {{dsl_dir}}/fake.sh {{x}}"  metric: Performance.score  objective: maximize }
  }
}
DSL

user=$(id -un)
expect_exit 0 "$SPAK" tune project/fake.dsl --executor ssh --strategy grid --budget 6 --timeout 2 \
  --hosts "127.0.0.1:$port,$user@127.0.0.1:$((port + 1))/gpus=0,1" --remote-dir "$TMPDIR/remote" "${ssh_args[@]}"
db=.spak/spak.db
[ "$(sqlite3 $db "select count(*) from trials where status = 'ok'")" = 5 ] || fail "expected 5 ok trials: $out $err"
expect_contains "$(sqlite3 $db "select status || ' ' || reason from trials where json_extract(config, '\$.x') = 4")" \
  "timeout"
hosts=$(sqlite3 $db "select distinct host from trials order by host")
expect_contains "$hosts" "127.0.0.1:$port"
expect_contains "$hosts" "$user@127.0.0.1:$((port + 1))"
# Both hosts ran ok trials; the second one's workers were pinned to GPU 0 and 1.
[ "$(sqlite3 $db "select count(distinct host) from trials where status = 'ok'")" = 2 ] || fail "not both hosts ran trials"
gpus=$(sqlite3 $db "select group_concat(distinct json_extract(items, '\$[0].gpu')) from trials where host like '$user@%'")
expect_contains "$gpus" "0"
expect_contains "$gpus" "1"
# The trials ran in the hosts' copy of the bundle, never in project/, and got their values.
dirs=$(sqlite3 $db "select distinct json_extract(items, '\$[0].dir') from trials where status = 'ok'")
expect_contains "$dirs" "$TMPDIR/remote/"
case "$dirs" in *project*) fail "a trial ran in the local project directory: $dirs" ;; esac
[ -f "$(echo "$dirs" | head -1)/fake.dsl" ] || fail "the bundle was not unpacked on the host"
expect_contains "$(sqlite3 $db "select items from trials where json_extract(config, '\$.x') = 3")" '"env":"3"'
# The recorded command is the trial's own, not the ssh line around it.
expect_contains "$(sqlite3 $db "select command from trials limit 1")" "fake.sh"
case "$(sqlite3 $db "select command from trials limit 1")" in *BatchMode*) fail "ssh line recorded as command" ;; esac

# A host that refuses is an error naming it, before any trial.
expect_exit 2 "$SPAK" tune project/fake.dsl --executor ssh --budget 1 --hosts "127.0.0.1:1" "${ssh_args[@]}" \
  --store other.db
expect_contains "$err" "ssh 127.0.0.1:1: cannot"
