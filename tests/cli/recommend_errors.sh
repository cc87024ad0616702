# spak recommend: bad input gets a clear message and a non-zero exit, never a crash.
F=$SPAK_SOURCE_DIR/examples/attention_rules.dsl

expect_exit 2 $SPAK recommend $F --set device
expect_contains "$err" "spak: error: --set expects name=value (for example --set device=H100), got 'device'"

echo '[1, 2]' > list.json
expect_exit 2 $SPAK recommend $F --context list.json
expect_contains "$err" 'a context file must hold a JSON object'

expect_exit 1 $SPAK recommend $F --system Nope
expect_contains "$err" "no system named 'Nope'"

printf 'system Broken {\n  knowledge {\n' > broken.dsl
expect_exit 1 $SPAK recommend broken.dsl
expect_contains "$err" 'broken.dsl:'

expect_exit 1 $SPAK recommend missing.dsl     # a bad input file, as in every command
expect_contains "$err" 'spak: error: missing.dsl: cannot open'

expect_exit 0 $SPAK recommend --help
expect_contains "$out" '--set'
expect_contains "$out" 'higher confidence wins'
