#!/usr/bin/env bash
# The Verilator line/toggle coverage build of a testbench, under its own
# directory (the normal build/sim/ binaries are not touched or slowed); the
# testbench writes the data with --rtl-cov FILE (testbench/dut_cov.h).
#   regress-covbuild.sh tile CFG OUTDIR   tile testbench of CFG (tb_xbar)
#   regress-covbuild.sh ctrl -   OUTDIR   controller testbench (tb_ctrl), with
#                                         the functional bins of
#                                         tests/regress/ctrl_cov_bind.sv
# Needs build/obj/testbench/{tb_main,ctrl_tb_main}.o and libtrex.a (make).
set -uo pipefail
if [[ ${1:-} == --help || $# -ne 3 ]]; then
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
  [[ ${1:-} == --help ]] && exit 0 || exit 2
fi
what=$1 cfg=$2 out=$3
TREX=${TREX:-build/bin/trex}
case $what in
  tile)
    g=$("$TREX" tile-params "$cfg" --format verilator) || exit 1
    bash scripts/verilate.sh --top xbar_tile --out "$out" --exe tb_xbar --trace --params "$g" \
      --coverage line,toggle || { echo "regress-covbuild: Verilator build failed for $cfg"; exit 1; } ;;
  ctrl)
    bash scripts/verilate.sh --top trex_ctrl --out "$out" --exe tb_ctrl --coverage line,toggle,user \
      --extra tests/regress/ctrl_cov_bind.sv || { echo "regress-covbuild: Verilator build of trex_ctrl failed"; exit 1; } ;;
  *) echo "regress-covbuild: first argument must be tile or ctrl" >&2; exit 2 ;;
esac
echo "regress-covbuild: $out"
