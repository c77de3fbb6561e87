#!/usr/bin/env bash
# Runs a vector set on Icarus Verilog (testbench/icarus/tb_xbar_tile.sv,
# $readmemh of the set's files) and exits 0 only on PASS.
# usage: icarus-run.sh TREX VEC_DIR OUT_BASE [DEFINES]
set -uo pipefail
trex=$1 vec=$2 base=$3 defines=${4:-}
here=$(cd "$(dirname "$0")/.." && pwd)
id=$("$trex" tile-params "$vec" --format id) || exit 1
params=$("$trex" tile-params "$vec" --format icarus) || exit 1
# validate the whole set with the model and count its vectors
ny=$("$trex" xbar "$vec" | wc -l) || exit 1
outs=$(sed -n 's/.*OUTS=\([0-9]*\).*/\1/p' <<<"$params")
count=$((ny / outs))
if ((count < 1)); then echo "icarus: $vec: no vectors"; exit 1; fi
suffix=${defines:+-$(echo "$defines" | md5sum | cut -c1-8)}
dir=$base/$id$suffix
mkdir -p "$dir"
# shellcheck disable=SC2086
mapfile -t rtl < <(bash "$here/scripts/rtl-files.sh" xbar_tile --abs) || exit 1
iverilog -g2012 -o "$dir/tb.vvp.tmp" $params -Ptb_xbar_tile.MAX_COUNT="$count" $defines \
  -s tb_xbar_tile "${rtl[@]}" "$here/testbench/icarus/tb_xbar_tile.sv" \
  >"$dir/iverilog.log" 2>&1 || { cat "$dir/iverilog.log"; echo "icarus: compile failed for $id"; exit 1; }
mv "$dir/tb.vvp.tmp" "$dir/tb.vvp"
start=$(date +%s.%N)
vvp -n "$dir/tb.vvp" +vec="$vec" +count="$count" >"$dir/run.log" 2>&1
end=$(date +%s.%N)
secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
grep -v '^VCD\|^\$finish\|^WARNING: .*readmem' "$dir/run.log" | tail -25 | grep -v '^PASS$\|^FAIL$' || true
rate=$(awk -v n="$count" -v s="$secs" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')
if grep -qx PASS "$dir/run.log" && ! grep -qx FAIL "$dir/run.log"; then
  echo "icarus: config=$id vectors=$count seconds=$secs mvm_per_s=$rate PASS"
  exit 0
fi
echo "icarus: config=$id FAIL (log: $dir/run.log)"
exit 1
