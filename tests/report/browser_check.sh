# Helpers for the report end-to-end tests (sourced by tests/cli/report_*.sh): load a page in headless Chromium
# with every host name unresolvable, keep its DOM, console, network log and a screenshot, and say what went wrong.

# browser_available: true when Debian's chromium is installed (scripts/setup-deps.sh installs it).
browser_available() { command -v chromium >/dev/null 2>&1; }

# browser_render PAGE DIR [WIDTH,HEIGHT]: writes DIR/dom.html (the DOM after load), DIR/console.txt (Chromium's
# log with console messages), DIR/net.json (every request, as a NetLog) and DIR/shot.png.
browser_render() {
  local page dir size
  page=$(realpath "$1") dir=$2 size=${3:-1400,2000}
  mkdir -p "$dir"
  local common=(--headless --no-sandbox --disable-gpu --no-first-run --disable-extensions
                --host-resolver-rules='MAP * ~NOTFOUND' --enable-logging=stderr --v=0)
  HOME=$dir timeout 120 chromium "${common[@]}" --user-data-dir="$dir/profile-dom" --log-net-log="$dir/net.json" \
    --dump-dom "file://$page" >"$dir/dom.html" 2>"$dir/console.txt" || fail "chromium --dump-dom failed on $page:
$(tail -5 "$dir/console.txt")"
  HOME=$dir timeout 120 chromium "${common[@]}" --user-data-dir="$dir/profile-shot" --hide-scrollbars \
    --window-size="$size" --screenshot="$dir/shot.png" "file://$page" >/dev/null 2>>"$dir/console.txt" ||
    fail "chromium --screenshot failed on $page"
}

# browser_problems DIR: prints one line per console error of the page and per request it sent to the network
# (Chromium's own background requests, which have no page behind them, are not the page's doing).
browser_problems() {
  python3 - "$1" <<'PY'
import json, re, sys
d = sys.argv[1]
for line in open(f"{d}/console.txt", errors="replace"):
    if ":CONSOLE" in line and re.search(r"Uncaught|Error|error|Failed", line):
        print("console:", line.strip()[-200:])
log = json.load(open(f"{d}/net.json"))
seen = set()
for event in log.get("events", []):
    params = event.get("params", {})
    url = params.get("url", "")
    if url.startswith(("http:", "https:", "ws:", "wss:")) and "file://" in params.get("network_isolation_key", ""):
        if url not in seen:
            seen.add(url)
            print("network:", url)
PY
}

# png_check FILE MIN_WIDTH MIN_HEIGHT [MIN_DISTINCT]: fails unless FILE is a PNG at least that large whose pixels
# are not all alike (MIN_DISTINCT distinct samples, default 20: a blank screenshot fails).
png_check() {
  python3 - "$@" <<'PY' || fail "screenshot $1 is not a real picture"
import struct, sys, zlib
path, min_w, min_h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
min_distinct = int(sys.argv[4]) if len(sys.argv) > 4 else 20
data = open(path, "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
w, h = struct.unpack(">II", data[16:24])
assert w >= min_w and h >= min_h, f"{w}x{h} is smaller than {min_w}x{min_h}"
idat, at = b"", 8
while at < len(data):
    length, kind = struct.unpack(">I4s", data[at:at + 8])
    if kind == b"IDAT":
        idat += data[at + 8:at + 8 + length]
    at += 12 + length
pixels = zlib.decompress(idat)
distinct = len(set(pixels[i:i + 3] for i in range(0, len(pixels) - 3, 997)))
assert distinct >= min_distinct, f"only {distinct} distinct samples: a blank page?"
PY
}
