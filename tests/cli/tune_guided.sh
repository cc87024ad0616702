# spak tune --strategy guided on a compounded system: the recorded best configuration is evaluated first,
# configurations that failed on the same problem never run, a new problem starts from the nearest problem's
# best, and every run records its provenance (spak version, host, git commit of the DSL's repository).

cat > score.sh <<'SH'
# Toy kernel: best at tile = n / 16 with order b; order c always fails.
tile=$1 order=$2 n=$3
[ "$order" = c ] && exit 1
best=$((n / 16))
awk -v t="$tile" -v b="$best" -v o="$order" 'BEGIN {
  d = log(t / b) / log(2); if (d < 0) d = -d
  printf "__SPAK_TRACE__{\"type\":\"Performance\",\"score\":%.2f}\n", 100 - 10 * d + (o == "b" ? 5 : 0) }'
SH
cat > toy.dsl <<'DSL'
system Toy {
  design_space { n: [512, 1024] }
  tuning_space {
    tile: pow2 [8, 256]
    order: ["a", "b", "c"]
  }
  trace_schema { variant T { case Performance { score: float } } }
  engineering_loop L {
    measure { cmd: "sh {{dsl_dir}}/score.sh {{tile}} {{order}} {{n}}"  metric: score  objective: maximize }
  }
}
DSL

# Version 1: every configuration at n = 512 (the best is tile 32, order b), then compound into version 2.
expect_exit 0 "$SPAK" tune toy.dsl --strategy grid --budget 100 --store v1.db
expect_exit 0 "$SPAK" compound toy.dsl --store v1.db -o toy_v2.dsl
expect_contains "$(cat toy_v2.dsl)" "config: {order: \"b\", tile: 32}"
expect_contains "$(cat toy_v2.dsl)" "kind: \"negative\""

first_trial() { sqlite3 "$1" "select json_extract(config, '\$.tile') || ' ' || json_extract(config, '\$.order')
  from trials where run_id = (select max(id) from runs) order by id limit 1"; }

# Same problem: the recorded best runs first; the six failed configurations (order c) never run, so a budget
# larger than the rest of the space runs only the 12 others.
expect_exit 0 "$SPAK" tune toy_v2.dsl --strategy guided --budget 100 --store v2.db
expect_contains "$out" "note: guided: fact best_"
# The best and the runner-ups within 80% of it (score >= 84: 7 of the 10 runner-ups) are the start points.
expect_contains "$out" "(exact match): 8 start points"
expect_contains "$out" "note: guided: 6 configurations are never run"
[ "$(first_trial v2.db)" = "32 b" ] || fail "guided did not evaluate the recorded best first: $(first_trial v2.db)"
[ "$(sqlite3 v2.db "select count(*) from trials where json_extract(config, '\$.order') = 'c'")" = 0 ] ||
  fail "a configuration that failed on this problem ran again"
[ "$(sqlite3 v2.db 'select count(*) from trials')" = 12 ] || fail "expected 12 trials"

# Without the facts (version 1), guided is plain bayes and says so.
expect_exit 0 "$SPAK" tune toy.dsl --strategy guided --budget 3 --store v1b.db
expect_contains "$out" "note: guided: no fact of an earlier version and no rule applies"

# A new problem (n = 1024): the nearest fact (n = 512, distance 1) gives the start; its failures are not
# certain here, so nothing is skipped.
expect_exit 0 "$SPAK" tune toy_v2.dsl --strategy guided --set n=1024 --budget 2 --store v3.db
expect_contains "$out" "problem {\"n\":512} at distance 1): 8 start points"
[ "$(first_trial v3.db)" = "32 b" ] || fail "guided did not start from the nearest problem's best: $(first_trial v3.db)"
case "$out" in *"never run"*) fail "a failure of another problem was skipped: $out" ;; esac

# Provenance: no git repository here, so no commit (not an error); spak version and host are recorded.
setting() { sqlite3 "$1" "select json_extract(settings, '\$.$2') from runs order by id desc limit 1"; }
[ -n "$(setting v1.db spak_version)" ] || fail "no spak_version in the run's settings"
[ "$(setting v1.db host)" = "$(hostname)" ] || fail "host: $(setting v1.db host)"
[ -z "$(setting v1.db commit)" ] || fail "a commit outside any repository: $(setting v1.db commit)"

# In a repository: the commit and whether the tree was dirty; compound's facts name the commit.
mkdir repo && cp toy.dsl score.sh repo/
git -C repo init -q && git -C repo add . && git -C repo -c user.name=t -c user.email=t@x commit -qm v1
head=$(git -C repo rev-parse HEAD)
expect_exit 0 "$SPAK" tune repo/toy.dsl --strategy random --budget 3 --store repo.db
[ "$(setting repo.db commit)" = "$head" ] || fail "commit: $(setting repo.db commit), want $head"
[ "$(setting repo.db commit_dirty)" = 0 ] || fail "a clean tree recorded as dirty"
echo "// edited" >> repo/toy.dsl
expect_exit 0 "$SPAK" tune repo/toy.dsl --strategy random --budget 3 --store dirty.db
[ "$(setting dirty.db commit_dirty)" = 1 ] || fail "an edited tree recorded as clean"
expect_exit 0 "$SPAK" compound repo/toy.dsl --store repo.db -o repo_v2.dsl
expect_contains "$(cat repo_v2.dsl)" "commit: \"$head\""
