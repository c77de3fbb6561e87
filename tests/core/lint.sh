#!/usr/bin/env bash
# trex_core (rtl/trex_core.f) through verilator --lint-only -Wall at two parameter
# sets (with and without the fault-injection define), Yosys 0.23 (read
# deferred, hierarchy at the small parameter set, proc, check; about 30 s of
# CPU; CORE_LINT_YOSYS=0 skips it) and Icarus 11 at a small parameter set.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
mapfile -t F < <(bash scripts/rtl-files.sh trex_core) || exit 1
small=(N_TILES=2 LANES=2 TMAX=2 EMAX=4 WMAX=4 HMAX=1 DMAX=1 ROWS=16 OUTS=4)
fail=0 n=0
g=() p=() y=() rd=""
for kv in "${small[@]}"; do g+=("-G$kv"); p+=("-Ptrex_core.$kv"); y+=(-chparam "${kv%%=*}" "${kv#*=}"); done
for f in "${F[@]}"; do rd+="read_verilog -defer -sv -Irtl $f; "; done
n=$((n + 1))
out=$(verilator --lint-only -Wall -Irtl --top-module trex_core "${F[@]}" 2>&1) || { echo "lint-core: verilator (defaults): $out" | head -20; fail=$((fail + 1)); }
n=$((n + 1))
out=$(verilator --lint-only -Wall -Irtl -DCORE_FAULTS --top-module trex_core "${g[@]}" "${F[@]}" 2>&1) || { echo "lint-core: verilator (small, CORE_FAULTS): $out" | head -20; fail=$((fail + 1)); }
n=$((n + 1))
out=$(iverilog -g2012 -I rtl -o /dev/null -s trex_core "${p[@]}" "${F[@]}" 2>&1 | grep -v "sorry:")
[[ -z $out ]] || { echo "lint-core: iverilog: $out" | head -20; fail=$((fail + 1)); }
# Yosys: read deferred, so that only the small parameter set is elaborated
# (a plain read_verilog elaborates every module at its default parameters
# first: 10+ minutes and gigabytes for the execution unit's memories)
ys=""
if [[ ${CORE_LINT_YOSYS:-1} == 1 ]]; then
n=$((n + 1)) ys=", yosys"
out=$(timeout 1800 yosys -q -p "$rd hierarchy -check -top trex_core ${y[*]}; proc; check -assert" 2>&1) || { echo "lint-core: yosys: $out" | tail -20; fail=$((fail + 1)); }
fi
echo "lint-core: $((n - fail)) passed, $fail failed (verilator x2, iverilog$ys over ${#F[@]} files)"
exit $((fail != 0))
