# spak report end to end: a real CPU GEMM sweep into a store and the compound history of examples/versions,
# rendered as HTML and loaded in headless Chromium (every plot in the DOM, no console error, no request to the
# network, a real screenshot), and as Markdown. The checks are shown to catch a bad page first.
source "$SPAK_SOURCE_DIR/tests/report/browser_check.sh"
browser_available || { echo "SKIP: chromium is not installed (scripts/setup-deps.sh installs it)"; exit 77; }

# The detectors work: a page with a script error and an image from the network is caught on both counts.
printf '<!DOCTYPE html><p>bad</p><img src="http://example.com/a.png"><script>undefined_fn()</script>\n' >bad.html
browser_render bad.html bad 800,600
problems=$(browser_problems bad)
expect_contains "$problems" "console:"
expect_contains "$problems" "Uncaught ReferenceError: undefined_fn is not defined"
expect_contains "$problems" "network: http://example.com/a.png"

expect_exit 0 "$SPAK" tune "$SPAK_SOURCE_DIR/examples/matmul_cpu.dsl" --budget 6 --timeout 30 --store store.db
expect_exit 0 "$SPAK" report --store store.db --dsl "$SPAK_SOURCE_DIR/examples/versions" -o report.html
expect_contains "$out" "wrote report.html (1 run, 1 system, 3 versions)"
if grep -Eo 'https?://[^" ]*' report.html; then fail "the report names a URL: it must load nothing"; fi
if grep -q '<script' report.html; then fail "the report has a script"; fi

browser_render report.html page 1400,2400
problems=$(browser_problems page)
[ -z "$problems" ] || fail "the report misbehaved in Chromium:
$problems"

# Every plot and table is in the DOM the browser built.
python3 - page/dom.html store.db <<'PY' || fail "the DOM lacks part of the report (see above)"
import json, re, sqlite3, sys
dom = open(sys.argv[1]).read()
db = sqlite3.connect(sys.argv[2])
trials = [json.loads(c) for (c,) in db.execute("select config from trials")]
ok = db.execute("select count(*) from trials where status = 'ok'").fetchone()[0]
assert ok >= 6, f"only {ok} ok trials"
plots = set(re.findall(r'<svg id="([^"]+)" class="plot plot-(?:scatter|line|bar)"', dom))
prefix = "system-1-matmulcpu"
params = ["tile_m", "tile_n", "tile_k", "order", "unroll", "vec", "threads"]
varied = [p for p in params if len({json.dumps(t[p]) for t in trials}) > 1]
want = {prefix + "-progress", "history-growth"} | {f"{prefix}-param-{p.replace('_', '-')}" for p in varied}
missing = want - plots
assert not missing, f"missing plots {sorted(missing)}; found {sorted(plots)}"
for p in set(params) - set(varied):  # a parameter the sweep never varied is named, not plotted
    assert f"{p}={trials[0][p]}" in dom, f"{p} held at one value but not listed"
for hook in ['<section id="system-1-matmulcpu">', '<section id="compound-history">', '<table class="runs">',
             '<table class="best-configs">', '<table class="history">', 'fact best_h100_causal']:
    assert hook in dom, f"missing {hook}"
# Each scatter has a dot per successful trial.
for p in varied:
    svg = dom.split(f'<svg id="{prefix}-param-{p.replace("_", "-")}"')[1].split("</svg>")[0]
    dots = svg.count('class="dot"')
    assert dots == ok, f"{p}: {dots} dots, expected {ok}"
PY
png_check page/shot.png 1400 2400

# Markdown: the same tables, for a terminal.
expect_exit 0 "$SPAK" report --store store.db --format md -o -
expect_contains "$out" "# SPAK report"
expect_contains "$out" "## System MatmulCPU"
expect_contains "$out" "| run | loop | device | host | started | finished | trials | by status | best | at trial |"
expect_contains "$out" "ok $(sqlite3 store.db "select count(*) from trials where status = 'ok'")"
expect_exit 0 "$SPAK" report --store store.db --format md
[ -s report.md ] || fail "--format md did not write report.md"

# Selecting runs, and the errors a user can make.
expect_exit 0 "$SPAK" report --store store.db --run 1 -o one.html
expect_exit 2 "$SPAK" report --store store.db --run 99
expect_contains "$err" "no run 99 in store.db"
expect_exit 2 "$SPAK" report --store missing.db
expect_contains "$err" "no trace store at missing.db"
[ ! -e missing.db ] || fail "a report must not create a store"
expect_exit 2 "$SPAK" report --store store.db --format pdf
