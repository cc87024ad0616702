# Every command that reads a .dsl file treats bad input the same way (src/spak/cli/load_for_command.h): a file
# that cannot be read or has errors prints its diagnostics in the one format and exits 1; usage errors exit 2;
# `spak diff` alone exits 2 for bad input, because 1 there means "the versions differ".

printf 'system Broken {\n  knowledge {\n' > broken.dsl
printf 'system Good { tuning_space { a: [1, 2] } }\n' > good.dsl

for cmd in check fmt export show recommend run; do
  expect_exit 1 "$SPAK" $cmd broken.dsl
  expect_contains "$err" "broken.dsl:2:13: error: this \`{\` is never closed"
  expect_exit 1 "$SPAK" $cmd missing.dsl
  expect_contains "$err" "spak: error: missing.dsl: cannot open"
done
expect_exit 1 "$SPAK" compound broken.dsl --store s.db
expect_contains "$err" "broken.dsl:2:13: error: this \`{\` is never closed"
expect_exit 1 "$SPAK" compound missing.dsl --store s.db
expect_contains "$err" "spak: error: missing.dsl: cannot open"
expect_exit 1 "$SPAK" show good.dsl --system Nope
expect_contains "$err" "no system named \`Nope\`"
expect_exit 1 "$SPAK" lift missing.cu
expect_contains "$err" "spak: error: missing.cu: cannot open"

expect_exit 2 "$SPAK" diff good.dsl broken.dsl
expect_contains "$err" "broken.dsl:2:13: error: this \`{\` is never closed"

# Usage errors stay 2.
expect_exit 2 "$SPAK" export
expect_exit 2 "$SPAK" show good.dsl --no-such-flag
