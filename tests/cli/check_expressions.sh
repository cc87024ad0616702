# spak check: a constraint, invariant assert or rule when/recommend/apply that does not parse as an expression is
# a warning at the exact code point where the expression parser stopped: inside the quotes, past escapes, in
# code points (Korean text before it), on the right line of a multi-line block. Such text is natural language
# (kept, never evaluated), so it never fails the check unless --werror.

cat > expr.dsl <<'DSL'
system E {
  constraints {
    "tile_m * (tile_n + 1"
    tile_k >= 16 and and x
  }
  knowledge {
    invariant I { assert: "name == '한글' +" }
    rule "R" {
      when: "device == \"H100\" and ) "
      recommend: "block = = 2"
      apply: "select variant = 'a'"
    }
  }
}
DSL
expect_exit 0 "$SPAK" check expr.dsl
expect_contains "$err" "1 file checked: 0 errors, 5 warnings"

# Inside quotes: a missing `)` is reported at the closing quote, where the expression ends.
expect_contains "$err" "expr.dsl:3:26: warning: \`constraint\` is not an expression (expected ')' to close the '(' at column 10, found the end of the expression); it is kept as natural language and never checked
      \"tile_m * (tile_n + 1\"
                           ^
  hint: write an expression"
# A bare statement: the second `and`.
expect_contains "$err" "expr.dsl:4:22: warning: \`constraint\` is not an expression (expected a value"
expect_contains "$err" "      tile_k >= 16 and and x
                       ^"
# Columns in code points: two Korean syllables before the end of the assert.
expect_contains "$err" "expr.dsl:7:42: warning: \`assert\` is not an expression (expected a value after '+', found the end of the expression); it is kept as natural language and never checked"
# Escaped quotes count as written: the caret is under the `)`.
expect_contains "$err" "expr.dsl:9:37: warning: \`when\` is not an expression"
expect_contains "$err" "        when: \"device == \\\"H100\\\" and ) \"
                                      ^"
expect_contains "$err" "expr.dsl:10:27: warning: \`recommend\` is not an expression (expected a value (a number, string, name, call, '(' or '['), found '='); it is kept as natural language and never applied"
expect_contains "$err" "hint: write \`name = expr\` (or \`select axis = expr\`), or move advice to a \`hint\`"
case "$err" in *"apply"*"is not an expression"*) fail "a valid apply was reported: $err" ;; esac

expect_exit 1 "$SPAK" check --werror expr.dsl
expect_exit 0 "$SPAK" check --quiet expr.dsl
[ -z "$err" ] || fail "--quiet printed: $err"
