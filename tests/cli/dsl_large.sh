# A 100 MB file parses in seconds (a clean parse, not a hang).

python3 - <<'PY'
block = open(__import__("os").environ["SPAK_SOURCE_DIR"] + "/examples/full_system.dsl").read()
body = block.split("---\n", 2)[2]
with open("big.dsl", "w") as f:
    n = 0
    while f.tell() < 100 * 1024 * 1024:
        f.write(body.replace("system FullDemo", f"system FullDemo{n}"))
        n += 1
PY
start=$(date +%s)
expect_exit 0 "$SPAK" check --quiet big.dsl
elapsed=$(( $(date +%s) - start ))
[ "$elapsed" -lt 60 ] || fail "checking 100 MB took ${elapsed}s"
echo "100 MB checked in ${elapsed}s"
