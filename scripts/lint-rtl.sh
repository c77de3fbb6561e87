#!/usr/bin/env bash
# make lint: the RTL of both tops (file lists rtl/xbar_tile.f, rtl/trex_ctrl.f)
# through verilator --lint-only -Wall (the tile for every test configuration),
# Yosys 0.23 and Icarus 11; the controller contract (rtl/ctrl_pkg.sv and the
# tables of docs/controller.md against c-model/ctrl_contract.def); the FuseSoC
# core (rtl/trex.core) against the file lists. Exit 0 only when all pass.
#   lint-rtl.sh [--only ctrl]
set -uo pipefail
TREX=${TREX:-build/bin/trex}
only=""
[[ ${1:-} == --only ]] && only=${2:-}
fail=0 n=0
check() { # label command...: runs it, counts, prints its first lines on failure
  local label=$1 out; shift
  n=$((n + 1))
  if ! out=$("$@" 2>&1); then
    echo "lint: $label: $out" | head -20
    fail=$((fail + 1))
  fi
}
mapfile -t tile < <(bash scripts/rtl-files.sh xbar_tile) || exit 1
mapfile -t ctrl < <(bash scripts/rtl-files.sh trex_ctrl) || exit 1
yosys_ok() { # top files...
  local top=$1; shift
  yosys -q -p "read_verilog -sv -Irtl $*; hierarchy -check -top $top; proc; check -assert"
}
if [[ $only != ctrl ]]; then
  for cfg in tests/configs/*.json; do
    if ! params=$($TREX tile-params "$cfg" --format verilator); then fail=$((fail + 1)); continue; fi
    check "$cfg" bash scripts/verilate.sh --top xbar_tile --lint --params "$params"
  done
  # Yosys 0.23 and Icarus must accept the tile too (default configuration)
  check "yosys (xbar_tile)" yosys_ok xbar_tile "${tile[@]}"
  check "iverilog (xbar_tile)" iverilog -g2012 -I rtl -o /dev/null -s xbar_tile "${tile[@]}"
fi
check "verilator (trex_ctrl)" bash scripts/verilate.sh --top trex_ctrl --lint
check "yosys (trex_ctrl)" yosys_ok trex_ctrl "${ctrl[@]}"
check "iverilog (trex_ctrl)" iverilog -g2012 -I rtl -o /dev/null -s trex_ctrl "${ctrl[@]}"
check "contract" "$TREX" contract --check --sv-file rtl/ctrl_pkg.sv --doc docs/controller.md
check "fusesoc core" bash scripts/core-check.sh
echo "lint: $((n - fail)) passed, $fail failed"
exit $((fail != 0))
