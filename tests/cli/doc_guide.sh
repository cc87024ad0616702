# The user guide cannot rot: every ```sh doctest block of docs/guide.md runs, in order, in a scratch copy of
# examples/ and kernels/ with the built spak first on PATH; blocks marked file=NAME (the C++ and Python trace
# examples, the DSL) are written first. Only the blocks listed in ALLOWED_SKIPS may be left out, each with a reason.
guide=$SPAK_SOURCE_DIR/docs/guide.md
ALLOWED_SKIPS="make run"

cp -r "$SPAK_SOURCE_DIR/examples" "$SPAK_SOURCE_DIR/kernels" .
export PATH="$(dirname "$SPAK"):$PATH"
export SOURCE_DATE_EPOCH=1764000000  # spak compound stamps this date: the guide's output stays the same

python3 - "$guide" <<'PY' || fail "docs/guide.md could not be split into blocks (see above)"
import re, sys
text = open(sys.argv[1]).read()
fence = re.compile(r"^```(\S*)([^\n]*)\n(.*?)^```[ \t]*$", re.M | re.S)
runnable, skipped, files = 0, [], []
for match in fence.finditer(text):
    lang, attrs, body = match.group(1), match.group(2), match.group(3)
    name = re.search(r"\bfile=(\S+)", attrs)
    if name:
        open(name.group(1), "w").write(body)
        files.append(name.group(1))
    if lang != "sh":
        continue
    if attrs.split()[:1] == ["doctest"]:
        runnable += 1
        open(f"block_{runnable:02d}.sh", "w").write(body)
    elif re.match(r'\s*skip="[^"]+"', attrs):
        skipped.append(body.strip())
    else:
        sys.exit(f"a sh block is neither `sh doctest` nor `sh skip=\"reason\"`:\n{body}")
open("skipped.txt", "w").write("\n".join(skipped))
print(f"{runnable} runnable blocks; files {files}; skipped {skipped}")
assert runnable >= 10, "the guide lost its commands"
for needed in ["block_sum.cpp", "block_sum.py", "block_sum.dsl"]:
    assert needed in files, f"the guide no longer writes {needed}"
PY
[ "$(cat skipped.txt)" = "$ALLOWED_SKIPS" ] || fail "skipped guide blocks changed: [$(cat skipped.txt)]"

for block in block_*.sh; do
  got=0
  output=$(bash -euo pipefail "$block" 2>&1) || got=$?
  [ "$got" -eq 0 ] || fail "docs/guide.md block ${block#block_} failed (exit $got):
$(cat "$block")
--- output:
$(printf '%s\n' "$output" | tail -30)"
done

# The C++ and the Python example ran under spak tune, and their trace lines became ok trials.
ok_trials() { sqlite3 .spak/spak.db "select count(*) from trials join runs on runs.id = trials.run_id where runs.loop = '$1' and trials.status = 'ok'"; }
[ "$(ok_trials TuneCpp)" -ge 9 ] || fail "the C++ example's sweep has $(ok_trials TuneCpp) ok trials, expected 9 or more"
[ "$(ok_trials TunePython)" -eq 4 ] || fail "the Python example's sweep has $(ok_trials TunePython) ok trials, expected 4"
[ -s report.html ] && [ -s history.html ] && [ -s block_sum_v2.dsl ] || fail "the guide's outputs are missing"
grep -q 'id="compound-history"' history.html || fail "history.html has no compound history"
