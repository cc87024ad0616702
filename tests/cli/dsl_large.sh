# A 100 MB file parses in seconds (a clean parse, not a hang). Every other system is fmha_h100.dsl's, whose prose
# rules each give a warning: locating a warning once lexed the whole file, which made such a file take minutes.

python3 - <<'PY'
import os
def body(name):
    return open(os.environ["SPAK_SOURCE_DIR"] + "/examples/" + name).read().split("---\n", 2)[2]
systems = [(body("full_system.dsl"), "system FullDemo"), (body("fmha_h100.dsl"), "system FmhaH100")]
with open("big.dsl", "w") as f:
    n = 0
    while f.tell() < 100 * 1024 * 1024:
        text, header = systems[n % 2]
        f.write(text.replace(header, f"{header}{n}"))
        n += 1
PY
start=$(date +%s)
expect_exit 0 "$SPAK" check --quiet big.dsl
elapsed=$(( $(date +%s) - start ))
[ "$elapsed" -lt 60 ] || fail "checking 100 MB took ${elapsed}s"
echo "100 MB checked in ${elapsed}s"
