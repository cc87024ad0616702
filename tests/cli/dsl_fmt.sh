# spak fmt: canonical layout on stdout, idempotent, meaning-preserving; -i rewrites atomically; --check.

for f in "$SPAK_SOURCE_DIR"/examples/*.dsl "$SPAK_SOURCE_DIR"/tests/dsl/data/*.dsl; do
  name=$(basename "$f")
  expect_exit 0 "$SPAK" fmt "$f"
  printf '%s\n' "$out" > "once_$name"
  expect_exit 0 "$SPAK" fmt "once_$name"
  printf '%s\n' "$out" > "twice_$name"
  expect_same_file "once_$name" "twice_$name"
  "$SPAK" export --no-spans "$f" > a.json
  "$SPAK" export --no-spans "once_$name" > b.json
  expect_same_file a.json b.json
done

# Golden: a messy file becomes the canonical layout.
printf 'system  A{\ntuning_space{\n\tx:[1,2]   \n\n\n  y: 3\n}\n  }' > messy.dsl
expect_exit 0 "$SPAK" fmt messy.dsl
[ "$out" = "$(printf 'system  A{\n  tuning_space{\n    x:[1,2]\n\n    y: 3\n  }\n}')" ] || fail "unexpected layout:
$out"

# --check and -i.
expect_exit 1 "$SPAK" fmt --check messy.dsl
expect_contains "$err" "messy.dsl: not formatted"
cp messy.dsl before.dsl
expect_exit 0 "$SPAK" fmt -i messy.dsl
cmp -s messy.dsl before.dsl && fail "fmt -i did not rewrite the file"
expect_exit 0 "$SPAK" fmt --check messy.dsl
touch -d '2000-01-01' messy.dsl
expect_exit 0 "$SPAK" fmt -i messy.dsl
[ "$(stat -c %Y messy.dsl)" = "$(date -d '2000-01-01' +%s)" ] || fail "fmt -i rewrote an already formatted file"
ls -a | grep -q '\.tmp' && fail "fmt -i left a temporary file"

# A file with errors is not formatted.
printf 'a {\n' > bad.dsl
expect_exit 1 "$SPAK" fmt bad.dsl
expect_contains "$err" "bad.dsl:1:3: error"
true
