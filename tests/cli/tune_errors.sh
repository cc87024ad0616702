# Bad input to spak tune gives a clear error and a non-zero exit, never a crash.

cat > nocmd.dsl <<'DSL'
system NoCmd {
  tuning_space { x: [1, 2] }
  engineering_loop L {
    measure { metric: score }
  }
}
DSL
expect_exit 2 "$SPAK" tune nocmd.dsl
expect_contains "$err" "nocmd.dsl:4:"
expect_contains "$err" "error: engineering loop L has no measure { cmd:"

cat > ok.dsl <<'DSL'
system Ok {
  tuning_space { x: [1, 2] }
  trace_schema { variant T { case Performance { score: float } } }
  engineering_loop L {
    measure { cmd: "echo '__SPAK_TRACE__{\"type\":\"Performance\",\"score\":'{{x}}'}' {{typo}}"  metric: score }
  }
}
DSL
expect_exit 2 "$SPAK" tune ok.dsl
expect_contains "$err" "unknown hole {{typo}} (known: x, dsl_dir, spak_build)"
sed -i 's/ {{typo}}//' ok.dsl

expect_exit 2 "$SPAK" tune ok.dsl --set y=3
expect_contains "$err" "spak: error: --set y=3: no tuning parameter or design axis named 'y'"
expect_exit 2 "$SPAK" tune ok.dsl --strategy hyperband
expect_contains "$err" "unknown strategy 'hyperband'"
expect_exit 2 "$SPAK" tune ok.dsl --jobs 3 --devices 0,1
expect_contains "$err" "--jobs 3 needs 3 devices"
expect_exit 2 "$SPAK" tune ok.dsl --resume --store fresh.db
expect_contains "$err" "nothing to resume"

printf 'this is not a database, just text that is long enough to fill a header page %.0s' $(seq 40) > corrupt.db
expect_exit 2 "$SPAK" tune ok.dsl --store corrupt.db
expect_contains "$err" "spak: error:"
expect_contains "$err" "corrupt.db"

expect_exit 0 "$SPAK" tune ok.dsl --store locked.db
(echo 'BEGIN EXCLUSIVE; SELECT 1;'; sleep 8) | sqlite3 locked.db > /dev/null &
holder=$!
sleep 0.5
expect_exit 2 "$SPAK" tune ok.dsl --store locked.db
expect_contains "$err" "locked.db"
kill "$holder" 2>/dev/null || true
