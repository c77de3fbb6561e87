#!/usr/bin/env bash
# trex_core (rtl/trex_core.f) through verilator --lint-only -Wall at two parameter
# sets (with and without the fault-injection define), Yosys 0.23 (read,
# hierarchy, proc, check; only with CORE_LINT_YOSYS=1, it takes 10+ minutes)
# and Icarus 11 at a small parameter set.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
mapfile -t F < <(bash scripts/rtl-files.sh trex_core) || exit 1
small=(N_TILES=2 LANES=2 TMAX=2 EMAX=4 WMAX=4 HMAX=1 DMAX=1 ROWS=16 OUTS=4)
fail=0 n=0
g=() p=() y=()
for kv in "${small[@]}"; do g+=("-G$kv"); p+=("-Ptrex_core.$kv"); y+=(-set "${kv%%=*}" "${kv#*=}"); done
n=$((n + 1))
out=$(verilator --lint-only -Wall --top-module trex_core "${F[@]}" 2>&1) || { echo "lint-core: verilator (defaults): $out" | head -20; fail=$((fail + 1)); }
n=$((n + 1))
out=$(verilator --lint-only -Wall -DCORE_FAULTS --top-module trex_core "${g[@]}" "${F[@]}" 2>&1) || { echo "lint-core: verilator (small, CORE_FAULTS): $out" | head -20; fail=$((fail + 1)); }
n=$((n + 1))
out=$(iverilog -g2012 -o /dev/null -s trex_core "${p[@]}" "${F[@]}" 2>&1 | grep -v "sorry:")
[[ -z $out ]] || { echo "lint-core: iverilog: $out" | head -20; fail=$((fail + 1)); }
# Yosys takes 10+ minutes on the top (the execution unit's loops over the
# memories): only with CORE_LINT_YOSYS=1 (make lint-core CORE_LINT_YOSYS=1)
if [[ ${CORE_LINT_YOSYS:-0} == 1 ]]; then
n=$((n + 1))
out=$(timeout 3600 yosys -q -p "read_verilog -sv ${F[*]}; chparam ${y[*]} trex_core; hierarchy -check -top trex_core; proc; check -assert" 2>&1) || { echo "lint-core: yosys: $out" | tail -20; fail=$((fail + 1)); }
fi
echo "lint-core: $((n - fail)) passed, $fail failed (verilator x2, iverilog${CORE_LINT_YOSYS:+, yosys} over ${#F[@]} files)"
exit $((fail != 0))
