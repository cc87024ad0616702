# The store's failure modes reach the user as one `spak: error:` line and a non-zero exit, never a crash:
# no store, a file that is not a store, a corrupted store, a store locked by another process.
fx=$SPAK_SOURCE_DIR/tests/trace/fixtures

expect_exit 2 "$SPAK" trace list
expect_contains "$err" "spak: error: no trace store at .spak/spak.db"
[ ! -e .spak ] || fail "a reading command created .spak"

printf 'these are not the bytes of a database, just some text that is long enough to have a header.%.0s' $(seq 50) > text.db
expect_exit 2 "$SPAK" trace list --store text.db
expect_contains "$err" "spak: error: text.db: not a SPAK trace store (the file is not an SQLite database)"

# A store whose pages after the first were overwritten.
expect_exit 0 "$SPAK" trace import "$fx/last_engineering_trace.json" "$fx/trace.json" --store good.db
size=$(stat -c %s good.db)
[ "$size" -gt 8192 ] || fail "store unexpectedly small: $size bytes"
cp good.db bad.db
head -c $((size - 4096)) /dev/zero | tr '\0' '\377' | dd of=bad.db bs=4096 seek=1 conv=notrunc status=none
expect_exit 2 "$SPAK" trace show 1 --store bad.db
expect_contains "$err" "spak: error: bad.db: the store is corrupted"

# Another process holds the write lock for longer than spak waits (3 s): a clear error, in bounded time.
mkfifo hold
sqlite3 good.db < hold &
holder=$!
exec 3>hold
echo "BEGIN IMMEDIATE; INSERT INTO insights (category, content, source, created_at) VALUES ('a','b','c','d');" >&3
sleep 0.5
start=$(date +%s%N)
expect_exit 2 "$SPAK" trace import "$fx/insights_log.jsonl" --store good.db
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
expect_contains "$err" "spak: error: good.db: the store is locked by another process (waited 3.0 s"
[ "$elapsed_ms" -lt 6000 ] || fail "the locked store took ${elapsed_ms} ms to report"
# Readers are not blocked by a writer (WAL).
expect_exit 0 "$SPAK" trace list --store good.db
echo "ROLLBACK;" >&3
exec 3>&-
wait $holder
expect_exit 0 "$SPAK" trace import "$fx/insights_log.jsonl" --store good.db
expect_contains "$out" "added 0 runs, 0 trials, 3 insights"

# A newer schema version is refused with advice.
sqlite3 good.db "PRAGMA user_version=99"
expect_exit 2 "$SPAK" trace list --store good.db
expect_contains "$err" "written by a newer spak (schema version 99"

# Bad import files name the file and line.
printf '{"category": "c", "content": "x"}\n{"oops"\n' > broken.jsonl
expect_exit 2 "$SPAK" trace import broken.jsonl --store fresh.db
expect_contains "$err" "spak: error: broken.jsonl:2: malformed JSON"
