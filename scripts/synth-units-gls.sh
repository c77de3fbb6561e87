#!/usr/bin/env bash
# Gate-level replay and switching activity of one synthesized digital unit
# of the integer encoder (called by scripts/synth-run.sh; docs/synthesis.md,
# "The digital units"). The mapped netlist (Yosys' hidden nets _N_ renamed
# tglN_, which Verilator's toggle coverage would skip) and the liberty's
# cell models are built under the units' own C testbench
# (build/obj/testbench/tb_units.a, unchanged) by scripts/verilate.sh --gls
# (toggle coverage); the testbench
# runs the stream workload (full-length rows of typical values, one table;
# no gaps, no back-pressure), compares every output with the golden C
# functions and every row's cycles with c-model/units_cycles.h, and writes
# the toggle counts of the window from the first input accept to the end.
#
#   synth-units-gls.sh DIR MODULE PARAMS JOBS
#     DIR      holds netlist.v and cells_models.v; gets gls/, gls.log,
#              gls/toggles.dat
#     MODULE   enc_softmax, enc_layernorm, enc_gelu, enc_requant, enc_add
#     PARAMS   comma-separated NAME=VALUE (LANES, NMAX, STEPS, ACC_W)
#     JOBS     stream rows (element-wise units: 16-beat batches)
# Prints "WINDOW ELEMENTS" (cycles of the activity window, elements
# compared); exit 1 with one line on stderr on any failure.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-} module=${2:-} params=${3:-} jobs=${4:-}
[[ -d $dir && -f $dir/netlist.v && -f $dir/cells_models.v ]] || { echo "synth-units-gls: $dir holds no netlist.v/cells_models.v" >&2; exit 1; }
[[ $jobs =~ ^[1-9][0-9]*$ ]] || { echo "synth-units-gls: JOBS must be a positive integer" >&2; exit 1; }
unit=${module#enc_}
case $unit in
  softmax|layernorm|gelu|requant|add) ;;
  *) echo "synth-units-gls: unknown module '$module'" >&2; exit 1 ;;
esac
OBJ=${OBJ:-build/obj}
opts=()
IFS=, read -ra kv <<<"$params"
for p in "${kv[@]}"; do
  case ${p%%=*} in
    LANES) opts+=(--lanes "${p#*=}") ;; NMAX) opts+=(--nmax "${p#*=}") ;;
    STEPS) opts+=(--steps "${p#*=}") ;; ACC_W) opts+=(--acc-w "${p#*=}") ;;
    *) echo "synth-units-gls: bad parameter '$p'" >&2; exit 1 ;;
  esac
done
mkdir -p "$dir/gls"
sed -E 's/(^|[^A-Za-z0-9_$\\])_([0-9]+)_/\1tgl\2_/g; s/(^|[^A-Za-z0-9_$\\])_([0-9]+)_/\1tgl\2_/g' \
  "$dir/netlist.v" >"$dir/gls/netlist_vl.v"
{ echo "// verilator coverage_off"; cat "$dir/cells_models.v"; } >"$dir/gls/cells_vl.v"
# the one Verilator recipe (scripts/verilate.sh): the gate-level replay build
if ! OBJ=$OBJ bash "$here/scripts/verilate.sh" --top "$module" --out "$dir/gls" --exe tb_units_gl --gls \
     --coverage toggle --netlist "$dir/gls/netlist_vl.v" --netlist "$dir/gls/cells_vl.v" \
     --log "$dir/gls_build.log" >"$dir/gls_verilate.out" 2>&1; then
  echo "synth-units-gls: verilator could not build the gate-level replay: $(cat "$dir/gls_build.log" "$dir/gls_verilate.out" 2>/dev/null | grep -m1 -E '%Error|error|not built|not found' | cut -c1-160) (log: $dir/gls_build.log)" >&2
  exit 1
fi
"$dir/gls/tb_units_gl" --unit "$unit" "${opts[@]}" --sets stream --random "$jobs" --seed 1 \
  --activity "$dir/gls/toggles.dat" >"$dir/gls.log" 2>&1
if ! grep -q '^sim-units: .* PASS$' "$dir/gls.log"; then
  echo "synth-units-gls: gate-level replay of $module ($params) does not match the golden model: $(grep -m1 -E 'MISMATCH|TIMEOUT|tb_units' "$dir/gls.log" | cut -c1-160) (log: $dir/gls.log)" >&2
  exit 1
fi
w=$(sed -n 's/^activity: \([0-9]*\) cycles, \([0-9]*\) elements$/\1 \2/p' "$dir/gls.log")
[[ -n $w ]] || { echo "synth-units-gls: the replay printed no activity window (log: $dir/gls.log)" >&2; exit 1; }
rm -rf "$dir/gls/obj" "$dir/gls_verilate.out"
echo "$w"
