#!/usr/bin/env bash
# Runs a vector set on Icarus Verilog (testbench/icarus/tb_xbar_tile.sv,
# $readmemh of the set's files) and exits 0 only on PASS.
# usage: icarus-run.sh TREX VEC_DIR OUT_BASE [DEFINES]
# DEFINES (RTL_DEFINES of make) are words of the form -DNAME or -DNAME=VALUE
# ([A-Za-z0-9_]); anything else is refused. Each run compiles and simulates
# in its own temporary directory under OUT_BASE/<config-id>/, so that two
# runs at once never share a file; the logs and tb.vvp are moved into
# OUT_BASE/<config-id>/ at the end.
set -uo pipefail
# iverilog and vvp run in one process group that an interruption stops whole
# (scripts/lib-run.sh) before the EXIT trap removes the work directory
. "$(dirname "$0")/lib-run.sh"
run_self "$@"
trex=$1 vec=$2 base=$3 defines=${4:-}
here=$(cd "$(dirname "$0")/.." && pwd)
for tool in iverilog vvp; do
  command -v "$tool" >/dev/null 2>&1 \
    || { echo "icarus: '$tool' is not on PATH (apt-get install iverilog)"; exit 1; }
done
# the defines as an array, each word checked (no globbing, no other options)
def_args=()
if [[ -n $defines ]]; then
  read -ra def_words <<<"$defines"
  for w in "${def_words[@]}"; do
    [[ $w =~ ^-D[A-Za-z_][A-Za-z0-9_]*(=[A-Za-z0-9_]*)?$ ]] \
      || { echo "icarus: RTL define '$w' is not -DNAME or -DNAME=VALUE"; exit 1; }
    def_args+=("$w")
  done
fi
id=$("$trex" tile-params "$vec" --format id) || exit 1
params=$("$trex" tile-params "$vec" --format icarus) || exit 1
read -ra param_args <<<"$params"
# validate the whole set with the model and count its vectors
ny=$("$trex" xbar "$vec" | wc -l) || exit 1
outs=$(sed -n 's/.*OUTS=\([0-9]*\).*/\1/p' <<<"$params")
[[ $outs =~ ^[1-9][0-9]*$ ]] || { echo "icarus: $vec: no OUTS in the configuration"; exit 1; }
count=$((ny / outs))
if ((count < 1)); then echo "icarus: $vec: no vectors"; exit 1; fi
suffix=${defines:+-$(echo "$defines" | md5sum | cut -c1-8)}
dir=$base/$id$suffix
mkdir -p "$dir" || exit 1
work=$(mktemp -d "$dir/.run.XXXXXX") || { echo "icarus: cannot create a work directory in $dir"; exit 1; }
trap 'rm -rf "$work"' EXIT
mapfile -t rtl < <(bash "$here/scripts/rtl-files.sh" xbar_tile --abs) || exit 1
if ! iverilog -g2012 -I "$here/rtl" -o "$work/tb.vvp" "${param_args[@]}" -Ptb_xbar_tile.MAX_COUNT="$count" \
     "${def_args[@]}" -s tb_xbar_tile "${rtl[@]}" "$here/testbench/icarus/tb_xbar_tile.sv" \
     >"$work/iverilog.log" 2>&1; then
  cat "$work/iverilog.log"
  mv -f "$work/iverilog.log" "$dir/iverilog.log"
  echo "icarus: compile failed for $id (log: $dir/iverilog.log)"
  exit 1
fi
start=$(date +%s.%N)
vvp -n "$work/tb.vvp" +vec="$vec" +count="$count" >"$work/run.log" 2>&1
end=$(date +%s.%N)
secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
grep -v '^VCD\|^\$finish\|^WARNING: .*readmem' "$work/run.log" | tail -25 | grep -v '^PASS$\|^FAIL$' || true
rate=$(awk -v n="$count" -v s="$secs" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')
ok=0
grep -qx PASS "$work/run.log" && ! grep -qx FAIL "$work/run.log" && ok=1
# publish this run's files (each rename is atomic; a concurrent run's are
# whole files too)
for f in iverilog.log tb.vvp run.log; do mv -f "$work/$f" "$dir/$f"; done
if ((ok)); then
  echo "icarus: config=$id vectors=$count seconds=$secs mvm_per_s=$rate PASS"
  exit 0
fi
echo "icarus: config=$id FAIL (log: $dir/run.log)"
exit 1
