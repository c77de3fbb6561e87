#!/usr/bin/env bash
# Builds the Verilated C testbench of one digital unit of the integer
# encoder (docs/encoder-units.md) for one parameter set and prints the
# binary's path. A build is reused while its RTL, testbench, C model,
# parameters and flags are unchanged (a hash in DIR/stamp).
#
#   units-build.sh UNIT PARAMS [DEFINES] [--coverage toggle] [--netlist F...]
#     UNIT     softmax, layernorm, gelu, requant, add (top enc_UNIT, files
#              from rtl/enc_UNIT.f)
#     PARAMS   comma-separated NAME=VALUE: LANES, NMAX, STEPS, ACC_W
#     DEFINES  space-separated -D flags (the checker self-test's breaks)
# The testbench objects (build/obj/testbench/units_tb_*.o) and
# build/obj/libtrex.a must be built (make does that first).
# Output: build/sim-units/<id>/tb_units, id = UNIT-<params>[-d<hash of DEFINES>].
# Environment: OBJ (default build/obj), UNITS_SIM_ROOT (default build/sim-units).
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here" || exit 1
if [[ ${1:-} == --help || ${1:-} == -h || $# -lt 2 ]]; then
  sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
  [[ ${1:-} == --help || ${1:-} == -h ]] && exit 0 || exit 2
fi
unit=$1 params=$2 defines=${3:-}
shift 2
(($#)) && shift
case $unit in
  softmax) def=UD_TOP_SOFTMAX ;;
  layernorm) def=UD_TOP_LAYERNORM ;;
  gelu) def=UD_TOP_GELU ;;
  requant) def=UD_TOP_REQUANT ;;
  add) def=UD_TOP_ADD ;;
  *) echo "units-build: unknown unit '$unit' (softmax, layernorm, gelu, requant, add)" >&2; exit 2 ;;
esac
top=enc_$unit
OBJ=${OBJ:-build/obj}
ROOT=${UNITS_SIM_ROOT:-build/sim-units}
gflags=() pid=""
IFS=, read -ra kv <<<"$params"
for p in "${kv[@]}"; do
  [[ $p =~ ^(LANES|NMAX|STEPS|ACC_W)=([0-9]+)$ ]] || { echo "units-build: bad parameter '$p' (NAME=VALUE, NAME one of LANES NMAX STEPS ACC_W)" >&2; exit 2; }
  gflags+=("-G${BASH_REMATCH[1]}=${BASH_REMATCH[2]}")
  pid+=-$(tr 'A-Z_' 'a-z' <<<"${BASH_REMATCH[1]}" | cut -c1)${BASH_REMATCH[2]}
done
dflags=()
for dd in $defines; do
  [[ $dd =~ ^-D[A-Z_0-9]+$ ]] || { echo "units-build: bad define '$dd' (-DNAME)" >&2; exit 2; }
  dflags+=("$dd")
done
id=$unit$pid
((${#dflags[@]})) && id+=-d$(printf '%s ' "${dflags[@]}" | sha256sum | cut -c1-8)
dir=$ROOT/$id

mapfile -t srcs < <(sed -e 's://.*$::' -e '/^[[:space:]]*$/d' "rtl/$top.f")
((${#srcs[@]})) || { echo "units-build: rtl/$top.f lists no files" >&2; exit 1; }
for f in "${srcs[@]}"; do [[ -f $f ]] || { echo "units-build: rtl/$top.f: no such file '$f'" >&2; exit 1; }; done
tbo=()
for f in testbench/units_tb_main.c testbench/units_tb_gen.c testbench/units_tb_real.c testbench/units_tb_unit.c; do
  o=$OBJ/${f%.c}.o
  [[ -f $o ]] || { echo "units-build: $o not built (make $o)" >&2; exit 1; }
  tbo+=("$here/$o")
done
[[ -f $OBJ/libtrex.a ]] || { echo "units-build: $OBJ/libtrex.a not built (make build)" >&2; exit 1; }

key=$({ printf '%s\n' "$unit" "${gflags[@]}" "${dflags[@]}"; cat "${srcs[@]}" "$0" testbench/units_dut.cpp testbench/units_dut.h testbench/vl_port.h
        cat "${tbo[@]}" "$OBJ/libtrex.a"; } | sha256sum | cut -c1-16)
if [[ -x $dir/tb_units && -f $dir/stamp && $(cat "$dir/stamp") == "$key" ]]; then
  echo "$dir/tb_units"
  exit 0
fi
mkdir -p "$dir"
# One build per directory at a time (two at once shared obj/): a lock, then
# the check again (the other may have built it meanwhile). The binary is
# linked as tb_units.new and renamed over tb_units, so that a run of the
# earlier build is untouched and nobody runs a half-written one.
exec 7>"$dir/.build.lock" || { echo "units-build: cannot create $dir/.build.lock" >&2; exit 1; }
flock 7
if [[ -x $dir/tb_units && -f $dir/stamp && $(cat "$dir/stamp") == "$key" ]]; then
  echo "$dir/tb_units"
  exit 0
fi
trap 'rm -f "$dir/tb_units.new" "$dir/stamp.tmp"' EXIT
rm -f "$dir/stamp" "$dir/tb_units.new"
cache=()
command -v ccache >/dev/null 2>&1 && cache=(-MAKEFLAGS "OBJCACHE=ccache")
cj=$(pkg-config --cflags libcjson 2>/dev/null || echo -I/usr/include/cjson)
abs=()
for f in "${srcs[@]}"; do abs+=("$here/$f"); done
if ! ${VERILATOR:-verilator} --cc --exe --build -j 2 --top-module "$top" "${gflags[@]}" "${dflags[@]}" \
     --trace-fst -Wall -Wno-fatal --x-assign unique --x-initial unique \
     --Mdir "$dir/obj" -o ../tb_units.new "${cache[@]}" \
     -CFLAGS "-O1 -I$here/testbench -I$here/c-model -D$def $cj" \
     -LDFLAGS "${tbo[*]} $here/$OBJ/libtrex.a -lcjson -lm" \
     "${abs[@]}" "$here/testbench/units_dut.cpp" >"$dir/verilator.log" 2>&1; then
  tail -20 "$dir/verilator.log" >&2
  echo "units-build: Verilator build of $top ($params${defines:+ $defines}) failed (log: $dir/verilator.log)" >&2
  exit 1
fi
mv -f "$dir/tb_units.new" "$dir/tb_units" || exit 1
echo "$key" >"$dir/stamp.tmp" && mv -f "$dir/stamp.tmp" "$dir/stamp"
echo "$dir/tb_units"
