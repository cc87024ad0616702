# Helpers for tests/cli/*.sh. Each fails the test with a message saying what was expected.

fail() { echo "FAIL: $*" >&2; exit 1; }

# expect_exit CODE CMD...: runs CMD, captures stdout in $out and stderr in $err, checks the exit code.
expect_exit() {
  local want=$1; shift
  local got=0
  out=$("$@" 2>"$TMPDIR/.stderr") || got=$?
  err=$(cat "$TMPDIR/.stderr")
  [ "$got" -eq "$want" ] || fail "expected exit $want, got $got from: $*
stdout: $out
stderr: $err"
}

# expect_contains HAYSTACK NEEDLE
expect_contains() {
  case "$1" in *"$2"*) ;; *) fail "expected to find [$2] in:
$1" ;; esac
}

# expect_same_file A B: byte-for-byte equality with a diff on failure.
expect_same_file() { cmp -s "$1" "$2" || fail "files differ: $1 $2
$(diff "$1" "$2" | head -40)"; }
