# spak check: clean files exit 0, errors exit 1 with file:line:col, caret and hint; --werror, --quiet.

# Every example checks without errors.
expect_exit 0 "$SPAK" check "$SPAK_SOURCE_DIR"/examples/*.dsl
expect_contains "$err" "0 errors"

# An unclosed brace is reported where it was opened, with the source line and a caret.
printf 'system A {\n  tuning_space {\n    x: [1, 2]\n}\n' > open.dsl
expect_exit 1 "$SPAK" check open.dsl
expect_contains "$err" "open.dsl:1:10: error: this \`{\` is never closed"
expect_contains "$err" "  system A {
           ^"
expect_contains "$err" "hint: add the matching \`}\`"

# Several errors in one file, in order, columns in code points.
printf 'system 한국 {\n  note: "open\n}\n}\n' > many.dsl
expect_exit 1 "$SPAK" check many.dsl
expect_contains "$err" "many.dsl:2:9: error: unterminated string"
expect_contains "$err" "many.dsl:4:1: error: unmatched \`}\`"

# Warnings do not fail unless --werror; --quiet hides them.
printf 'system W {\n  mystery { x: 1 }\n}\n' > warn.dsl
expect_exit 0 "$SPAK" check warn.dsl
expect_contains "$err" "warn.dsl:2:3: warning: unknown section \`mystery\`"
expect_exit 1 "$SPAK" check --werror warn.dsl
expect_exit 0 "$SPAK" check --quiet warn.dsl
[ -z "$err" ] || fail "--quiet printed: $err"

# Bad input: empty file, binary file, missing file, 10,000 nested braces.
: > empty.dsl
expect_exit 0 "$SPAK" check empty.dsl
head -c 4096 "$SPAK" > blob.dsl
expect_exit 1 "$SPAK" check blob.dsl
expect_contains "$err" "binary file"
expect_exit 1 "$SPAK" check does-not-exist.dsl
expect_contains "$err" "spak: error: does-not-exist.dsl: cannot open"
expect_contains "$err" "1 error"
{ printf 'x '; head -c 10000 /dev/zero | tr '\0' '{'; head -c 10000 /dev/zero | tr '\0' '}'; echo; } > deep.dsl
expect_exit 1 "$SPAK" check deep.dsl
expect_contains "$err" "nesting deeper than 256 levels"
head -c 10000 /dev/zero | tr '\0' '{' > open_deep.dsl
expect_exit 1 "$SPAK" check open_deep.dsl
expect_contains "$err" "more \`{\` are never closed"

"$SPAK" check --help | grep -q -- "--werror" || fail "check --help does not document --werror"
