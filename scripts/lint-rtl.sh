#!/usr/bin/env bash
# verilator --lint-only -Wall over the RTL for every test configuration
# (tile) and the controller when present. Exit 0 only when all are clean.
set -uo pipefail
TREX=${TREX:-build/bin/trex}
fail=0 n=0
for cfg in tests/configs/*.json; do
  params=$($TREX cycles "$cfg" --format verilator) || { fail=1; continue; }
  n=$((n + 1))
  # shellcheck disable=SC2086
  if ! out=$(verilator --lint-only -Wall --top-module xbar_tile $params rtl/xbar_*.sv 2>&1); then
    echo "lint: $cfg: $out" | head -20; fail=$((fail + 1))
  fi
done
# Yosys 0.23 and Icarus must accept the tile too (default configuration)
n=$((n + 1))
if ! out=$(yosys -q -p "read_verilog -sv rtl/xbar_*.sv; hierarchy -check -top xbar_tile; proc; check -assert" 2>&1); then
  echo "lint: yosys: $out" | head -20; fail=$((fail + 1))
fi
n=$((n + 1))
if ! out=$(iverilog -g2012 -o /dev/null -s xbar_tile rtl/xbar_*.sv 2>&1); then
  echo "lint: iverilog: $out" | head -20; fail=$((fail + 1))
fi
if compgen -G "rtl/ctrl_*.sv" >/dev/null; then
  n=$((n + 1))
  if ! out=$(verilator --lint-only -Wall --top-module trex_ctrl rtl/ctrl_*.sv 2>&1); then
    echo "lint: trex_ctrl: $out" | head -20; fail=$((fail + 1))
  fi
fi
echo "lint: $((n - fail)) passed, $fail failed"
exit $((fail != 0))
