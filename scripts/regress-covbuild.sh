#!/usr/bin/env bash
# The Verilator line/toggle coverage build of a testbench, under its own
# directory (the normal build/sim/ binaries are not touched or slowed).
#   regress-covbuild.sh tile CFG OUTDIR   tile testbench of CFG (tb_xbar)
#   regress-covbuild.sh ctrl -   OUTDIR   controller testbench (tb_ctrl), with
#                                         the functional bins of
#                                         tests/regress/ctrl_cov_bind.sv
# Needs build/obj/testbench/{tb_main,ctrl_tb_main}.o and libtrex.a (make).
set -uo pipefail
if [[ ${1:-} == --help || $# -ne 3 ]]; then
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
  [[ ${1:-} == --help ]] && exit 0 || exit 2
fi
what=$1 cfg=$2 out=$3
here=$(pwd)
TREX=${TREX:-build/bin/trex}
OBJ=${OBJ:-build/obj}
cjson=$(pkg-config --cflags libcjson 2>/dev/null || echo -I/usr/include/cjson)
cache=()
command -v ccache >/dev/null && cache=(-MAKEFLAGS "OBJCACHE=ccache")
mkdir -p "$out"
rm -f "$out/tb_xbar" "$out/tb_ctrl"
case $what in
  tile)
    g=$("$TREX" cycles "$cfg" --format verilator) || exit 1
    # shellcheck disable=SC2086
    verilator --cc --exe --build -j 2 --top-module xbar_tile $g --coverage-line --coverage-toggle \
      --trace-fst -Wno-fatal -Wno-lint -Wno-style --x-assign unique --x-initial unique \
      --Mdir "$out/obj" -o ../tb_xbar "${cache[@]}" \
      -CFLAGS "-O1 -I$here/testbench -I$here/c-model" \
      -LDFLAGS "$here/$OBJ/testbench/tb_main.o $here/$OBJ/libtrex.a -lcjson -lm" \
      "$here"/rtl/xbar_*.sv "$here/tests/regress/tb_dut_cov.cpp" >"$out/verilator.log" 2>&1 \
      || { tail -20 "$out/verilator.log"; echo "regress-covbuild: Verilator build failed for $cfg (log: $out/verilator.log)"; exit 1; } ;;
  ctrl)
    verilator --cc --exe --build -j 2 --top-module trex_ctrl --coverage-line --coverage-toggle --coverage-user \
      -Wno-fatal -Wno-lint -Wno-style --x-assign unique --x-initial unique \
      --Mdir "$out/obj" -o ../tb_ctrl "${cache[@]}" \
      -CFLAGS "-O1 -I$here/testbench -I$here/c-model $cjson" \
      -LDFLAGS "$here/$OBJ/testbench/ctrl_tb_main.o $here/$OBJ/libtrex.a -lcjson -lm" \
      "$here"/rtl/ctrl_*.sv "$here/tests/regress/ctrl_cov_bind.sv" "$here/tests/regress/ctrl_dut_cov.cpp" \
      >"$out/verilator.log" 2>&1 \
      || { tail -20 "$out/verilator.log"; echo "regress-covbuild: Verilator build of trex_ctrl failed (log: $out/verilator.log)"; exit 1; } ;;
  *) echo "regress-covbuild: first argument must be tile or ctrl" >&2; exit 2 ;;
esac
echo "regress-covbuild: $out"
