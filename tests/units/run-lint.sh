#!/usr/bin/env bash
# The digital units of the integer encoder through verilator --lint-only
# -Wall at several parameter sets each, and through Yosys 0.23 (read, proc,
# check -assert) and Icarus 11 (-g2012) at their defaults. Every unit's
# files come from its file list rtl/enc_<unit>.f (scripts/rtl-files.sh);
# Verilator runs through the one recipe (scripts/verilate.sh --lint).
set -uo pipefail
fail=0 n=0
files() { bash scripts/rtl-files.sh "$1"; }
check() { # what command...
  local what=$1 out
  shift
  n=$((n + 1))
  if ! out=$("$@" 2>&1); then echo "lint-units: $what: $out" | head -20; fail=$((fail + 1)); fi
}
for u in softmax layernorm gelu requant add; do
  top=enc_$u
  mapfile -t f < <(files "$top")
  case $u in
    softmax|layernorm) sets=("" "-GLANES=1 -GNMAX=1 -GSTEPS=1" "-GLANES=3 -GNMAX=17 -GSTEPS=4"
                             "-GLANES=64 -GNMAX=65535 -GSTEPS=41" "-GLANES=8 -GNMAX=5 -GSTEPS=24") ;;
    requant) sets=("" "-GLANES=1 -GACC_W=20" "-GLANES=64 -GACC_W=63") ;;
    *) sets=("" "-GLANES=1" "-GLANES=64") ;;
  esac
  for p in "${sets[@]}"; do
    check "$top ${p:-defaults}" bash scripts/verilate.sh --top "$top" --lint --params "$p"
  done
  check "$top yosys" yosys -q -p "read_verilog -sv ${f[*]}; hierarchy -check -top $top; proc; check -assert"
  check "$top iverilog" iverilog -g2012 -o /dev/null -s "$top" "${f[@]}"
done
echo "lint-units: $((n - fail)) passed, $fail failed"
exit $((fail != 0))
