#!/usr/bin/env bash
# Builds the Verilated C testbench of one digital unit of the integer
# encoder (docs/encoder-units.md) for one parameter set and prints the
# binary's path. A build is reused while its RTL, testbench, C model,
# parameters and flags are unchanged (a hash in DIR/stamp).
#
#   units-build.sh UNIT PARAMS [DEFINES]
#     UNIT     softmax, layernorm, gelu, requant, add (top enc_UNIT, files
#              from rtl/enc_UNIT.f)
#     PARAMS   comma-separated NAME=VALUE: LANES, NMAX, STEPS, ACC_W
#     DEFINES  space-separated -D flags (the checker self-test's breaks)
# Built by scripts/verilate.sh (the one Verilator recipe) from rtl/enc_UNIT.f.
# The testbench archive (build/obj/testbench/tb_units.a) and
# build/obj/libtrex.a must be built (make does that first).
# Output: build/sim-units/<id>/tb_units, id = UNIT-<params>[-d<hash of DEFINES>].
# Environment: OBJ (default build/obj), UNITS_SIM_ROOT (default build/sim-units).
set -uo pipefail
. "$(dirname "$0")/lib-opts.sh"
opt_cd_root
opt_operands units-build 2,16 2 "$@"
unit=$1 params=$2 defines=${3:-}
shift 2
(($#)) && shift
case $unit in
  softmax|layernorm|gelu|requant|add) ;;
  *) echo "units-build: unknown unit '$unit' (softmax, layernorm, gelu, requant, add)" >&2; exit 2 ;;
esac
top=enc_$unit
chk_unit_params units-build "$params"
ROOT=${UNITS_SIM_ROOT:-build/sim-units}
gflags=() pid=""
IFS=, read -ra kv <<<"$params"
for p in "${kv[@]}"; do
  [[ $p =~ ^(LANES|NMAX|STEPS|ACC_W)=([0-9]+)$ ]] || die 2 "bad parameter '$p' (NAME=VALUE, NAME one of LANES NMAX STEPS ACC_W)"
  gflags+=("-G${BASH_REMATCH[1]}=${BASH_REMATCH[2]}")
  pid+=-$(tr 'A-Z_' 'a-z' <<<"${BASH_REMATCH[1]}" | cut -c1)${BASH_REMATCH[2]}
done
dflags=()
for dd in $defines; do
  [[ $dd =~ ^-D[A-Z_0-9]+$ ]] || die 2 "bad define '$dd' (-DNAME)"
  dflags+=("$dd")
done
id=$unit$pid
((${#dflags[@]})) && id+=-d$(printf '%s ' "${dflags[@]}" | sha256sum | cut -c1-8)
dir=$ROOT/$id

mapfile -t srcs < <(bash scripts/rtl-files.sh "$top") || exit 1
OBJ=${OBJ:-build/obj}
tba=$OBJ/testbench/tb_units.a
[[ -f $tba ]] || die 1 "$tba not built (make $tba)"
[[ -f $OBJ/libtrex.a ]] || die 1 "$OBJ/libtrex.a not built (make build)"

key=$({ printf '%s\n' "$unit" "${gflags[@]}" "${dflags[@]}"; cat "${srcs[@]}" "$0" scripts/verilate.sh testbench/units_dut.cpp testbench/units_dut.h testbench/vl_port.h testbench/dut_cov.h
        cat "$tba" "$OBJ/libtrex.a"; } | sha256sum | cut -c1-16)
if [[ -x $dir/tb_units && -f $dir/stamp && $(cat "$dir/stamp") == "$key" ]]; then
  echo "$dir/tb_units"
  exit 0
fi
mkdir -p "$dir"
# One build per directory at a time (two at once shared obj/): a lock (on
# DIR/.stamp.lock; verilate.sh holds DIR/.build.lock itself), then the check
# again (the other may have built it meanwhile). verilate.sh links the
# binary under another name and renames it over tb_units, so that a run of
# the earlier build is untouched and nobody runs a half-written one.
exec 7>"$dir/.stamp.lock" || die 1 "cannot create $dir/.stamp.lock"
flock 7
if [[ -x $dir/tb_units && -f $dir/stamp && $(cat "$dir/stamp") == "$key" ]]; then
  echo "$dir/tb_units"
  exit 0
fi
trap 'rm -f "$dir/stamp.tmp"' EXIT
rm -f "$dir/stamp"
# the one Verilator recipe (scripts/verilate.sh); its messages to stderr
if ! OBJ=$OBJ bash scripts/verilate.sh --top "$top" --out "$dir" --exe tb_units --trace \
     --params "${gflags[*]}" --defines "${dflags[*]}" >&2; then
  echo "units-build: Verilator build of $top ($params${defines:+ $defines}) failed (log: $dir/verilator.log)" >&2
  exit 1
fi
echo "$key" >"$dir/stamp.tmp" && mv -f "$dir/stamp.tmp" "$dir/stamp"
echo "$dir/tb_units"
