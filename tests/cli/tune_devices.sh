# --devices pins one device per worker through CUDA_VISIBLE_DEVICES, records the device index in every trial,
# and never puts two trials on one device at once (checked by the fake program with an atomic mkdir).

cat > dev.sh <<'SH'
d=$CUDA_VISIBLE_DEVICES
if ! mkdir "busy.$d" 2>/dev/null; then echo "device $d is busy"; exit 9; fi
sleep 0.2
rmdir "busy.$d"
echo "__SPAK_TRACE__{\"type\":\"Performance\",\"score\":$1,\"seen\":\"$d\"}"
SH
cat > dev.dsl <<'DSL'
system Dev {
  tuning_space { x: range [1, 8] }
  trace_schema { variant T { case Performance { score: float  seen: string } } }
  engineering_loop L {
    measure { cmd: "sh {{dsl_dir}}/dev.sh {{x}}"  metric: score }
  }
}
DSL
start=$(date +%s%N)
expect_exit 0 "$SPAK" tune dev.dsl --strategy grid --devices 4,7
took_ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$(sqlite3 .spak/spak.db "select count(*) from trials where status = 'ok'")" = 8 ] || fail "not every trial ok: $out"
mismatch=$(sqlite3 .spak/spak.db "select count(*) from trials where json_extract(items, '\$[0].seen') != json_extract(device, '\$.index')")
[ "$mismatch" = 0 ] || fail "a trial ran on another device than recorded"
[ "$(sqlite3 .spak/spak.db "select group_concat(distinct json_extract(device, '\$.index')) from (select device from trials order by 1)")" = "4,7" ] ||
  fail "expected both devices used"
# 8 trials of 0.2 s on two workers: well under the 1.6 s they take one after another.
[ "$took_ms" -lt 8000 ] || fail "took $took_ms ms"
expect_contains "$out" "on device 4"
