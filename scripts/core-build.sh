#!/usr/bin/env bash
# Builds the Verilated C testbench of the accelerator top trex_core
# (docs/core.md) for one parameter set and prints the binary's path. A build
# is reused while its RTL, testbench, library, parameters and flags are
# unchanged (a hash in DIR/stamp).
#
#   core-build.sh PARAMS [DEFINES] [--trace]
#     PARAMS   comma-separated NAME=VALUE of trex_core: ROWS OUTS CELL_BITS
#              ADC_BITS COLS_PER_ADC DIFFERENTIAL N_TILES LANES TMAX EMAX
#              WMAX HMAX DMAX (all required)
#     DEFINES  space-separated -D flags (the fault injections CORE_BREAK_*)
#     --trace  FST waveforms (tb_core --wave)
# Needs build/obj/testbench/core_tb_main.o and build/obj/libtrex.a (make
# builds them first). Output: build/sim-core/<id>/tb_core.
set -uo pipefail
# shellcheck source=SCRIPTDIR/lib-opts.sh
. "$(dirname "$0")/lib-opts.sh"
opt_cd_root
opt_operands core-build 2,15 1 "$@"
params=$1 defines=${2:-} trace=0
[[ ${3:-} == --trace || ${2:-} == --trace ]] && trace=1
[[ $defines == --trace ]] && defines=""
OBJ=${OBJ:-build/obj}
ROOT=${CORE_SIM_ROOT:-build/sim-core}
need=(ROWS OUTS CELL_BITS ADC_BITS COLS_PER_ADC DIFFERENTIAL N_TILES LANES TMAX EMAX WMAX HMAX DMAX)
declare -A val=()
IFS=, read -ra kv <<<"$params"
for p in "${kv[@]}"; do
  [[ $p =~ ^([A-Z_]+)=([0-9]+)$ ]] || die 2 "bad parameter '$p' (NAME=VALUE)"
  # Verilator takes a parameter as a 32-bit int (a larger value wrapped,
  # while the C testbench's define kept it; H156)
  pn=${BASH_REMATCH[1]} pv=${BASH_REMATCH[2]}
  chk_uint core-build "parameter $pn" "$pv" 0 2147483647
  val[$pn]=$((10#$pv))
done
gflags=() cdefs=() id=core
for n in "${need[@]}"; do
  [[ -n ${val[$n]:-} ]] || die 2 "parameter $n missing"
  gflags+=("-G$n=${val[$n]}")
  id+=-${val[$n]}
done
cdefs="-DCORE_ROWS=${val[ROWS]} -DCORE_OUTS=${val[OUTS]} -DCORE_CELL_BITS=${val[CELL_BITS]} -DCORE_ADC_BITS=${val[ADC_BITS]} -DCORE_CPA=${val[COLS_PER_ADC]} -DCORE_DIFF=${val[DIFFERENTIAL]} -DCORE_N_TILES=${val[N_TILES]} -DCORE_LANES=${val[LANES]} -DCORE_TMAX=${val[TMAX]} -DCORE_EMAX=${val[EMAX]} -DCORE_WMAX=${val[WMAX]} -DCORE_HMAX=${val[HMAX]} -DCORE_DMAX=${val[DMAX]}"
dflags=()
for dd in $defines; do
  [[ $dd =~ ^-D[A-Z_0-9]+(=[0-9]+)?$ ]] || die 2 "bad define '$dd' (-DNAME)"
  dflags+=("$dd")
done
((${#dflags[@]})) && id+=-d$(printf '%s ' "${dflags[@]}" | sha256sum | cut -c1-8)
((trace)) && id+=-trace
dir=$ROOT/$id
mapfile -t srcs < <(bash scripts/rtl-files.sh trex_core) || exit 1
src=testbench/core_tb_main.c
[[ -f $OBJ/libtrex.a ]] || die 1 "$OBJ/libtrex.a not built (make build)"
key=$({ printf '%s\n' "${gflags[@]}" "${dflags[@]}" "$trace"; cat "${srcs[@]}" rtl/*.svh "$0" scripts/verilate.sh "$src" testbench/core_dut.cpp testbench/core_dut.h testbench/core_setup.h testbench/vl_port.h c-model/*.h
        cat "$OBJ/libtrex.a"; } | sha256sum | cut -c1-16)
# one build per directory at a time: a second caller waits, then reuses it
mkdir -p "$ROOT"
exec 9>"$dir.lock"
flock 9
if [[ -x $dir/tb_core && -f $dir/stamp && $(cat "$dir/stamp") == "$key" ]]; then
  echo "$dir/tb_core"
  exit 0
fi
mkdir -p "$dir"
rm -f "$dir/stamp" "$dir/tb_core"
cj=$(pkg-config --cflags libcjson 2>/dev/null || echo -I/usr/include/cjson)
# the C testbench is compiled here with the core's parameters as defines
${CC:-gcc} -std=c11 -O2 -g -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter $cdefs \
  -I"$here/c-model" -I"$here/testbench" $cj -c -o "$dir/core_tb_main.o" "$src" \
  || die 1 "$src does not compile"
pflags="${gflags[*]}"
vflags=(--top trex_core --out "$dir" --exe tb_core --params "$pflags" --tb-obj "$here/$dir/core_tb_main.o")
((${#dflags[@]})) && vflags+=(--defines "${dflags[*]}")
((trace)) && vflags+=(--trace)
bash scripts/verilate.sh "${vflags[@]}" >&2 || die 1 "Verilator build of trex_core ($params${defines:+ $defines}) failed"
echo "$key" >"$dir/stamp"
echo "$dir/tb_core"
