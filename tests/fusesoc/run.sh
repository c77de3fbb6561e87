#!/usr/bin/env bash
# The FuseSoC core rtl/trex.core checked by FuseSoC itself: FuseSoC
# $FUSESOC_VERSION from PyPI in a virtual environment under build/fusesoc/venv
# (made once, kept), then
#   1. fusesoc core-info: the core parses;
#   2. the targets lint (controller), lint_tile (tile) and lint_<unit> (the
#      digital units): FuseSoC runs verilator --lint-only -Wall through
#      edalize; all must pass;
#   3. sim_tile: FuseSoC sets up and builds the Icarus simulation;
#   4. synth: FuseSoC sets up the Yosys project (not run: make synth does);
#   5. the lint target must fail on a copy of the core whose RTL has a lint
#      error (so this test can fail).
# When PyPI cannot be reached the test says so and fails (it never passes
# without FuseSoC having run).
set -uo pipefail
cd "$(dirname "$0")/../.."
FUSESOC_VERSION=${FUSESOC_VERSION:-2.4.3}
OUT=build/fusesoc
VENV=$OUT/venv
PY=${PYTHON:-/usr/bin/python3}
mkdir -p "$OUT"
pass=0 fail=0
ok() { echo "  ok   $*"; pass=$((pass + 1)); }
bad() { echo "  FAIL $*"; fail=$((fail + 1)); }

if [[ $("$VENV/bin/fusesoc" --version 2>/dev/null) != "$FUSESOC_VERSION" ]]; then
  echo "fusesoc: installing FuseSoC $FUSESOC_VERSION from PyPI into $VENV (once) ..."
  rm -rf "$VENV"
  if ! "$PY" -m venv "$VENV" >"$OUT/venv.log" 2>&1; then
    echo "fusesoc: FAIL: $PY cannot make a virtual environment (apt-get install python3-venv; log $OUT/venv.log)"
    exit 1
  fi
  if ! "$VENV/bin/pip" install --disable-pip-version-check "fusesoc==$FUSESOC_VERSION" >"$OUT/pip.log" 2>&1; then
    rm -rf "$VENV"
    echo "fusesoc: FAIL: cannot install fusesoc==$FUSESOC_VERSION from PyPI (unreachable, or no such"
    echo "  version): the core was NOT checked by FuseSoC. pip said: $(grep -m1 -iE 'error|could not|failed' "$OUT/pip.log" | cut -c1-160) (log $OUT/pip.log)"
    exit 1
  fi
fi
FS=$PWD/$VENV/bin/fusesoc
echo "fusesoc: $("$FS" --version 2>&1 | head -1) ($VENV)"

work=$OUT/work
rm -rf "$work"; mkdir -p "$work"
run() { # label dir args...: fusesoc in dir with --cores-root of the core
  local label=$1 dir=$2 cores=$3; shift 3
  (cd "$dir" && "$FS" --cores-root "$cores" "$@") >"$work/$label.log" 2>&1
}
root=$PWD/rtl
run core-info "$work" "$root" core-info trex:imc:trex && grep -q '^lint ' "$work/core-info.log" \
  && ok "core-info: rtl/trex.core parses ($(grep -c '^[a-z_]* *: ' "$work/core-info.log") targets)" \
  || bad "core-info failed (log $work/core-info.log)"
for t in lint lint_tile lint_softmax lint_layernorm lint_gelu lint_requant lint_add; do
  if run "$t" "$work" "$root" run --target="$t" trex:imc:trex; then ok "target $t: verilator --lint-only -Wall passes"
  else bad "target $t failed: $(grep -m1 -E '%(Error|Warning)|ERROR' "$work/$t.log") (log $work/$t.log)"; fi
done
run sim_tile "$work" "$root" run --target=sim_tile --setup --build trex:imc:trex \
  && ok "target sim_tile: set up and built (Icarus)" || bad "target sim_tile failed (log $work/sim_tile.log)"
run synth "$work" "$root" run --target=synth --setup trex:imc:trex \
  && ok "target synth: Yosys project set up" || bad "target synth failed (log $work/synth.log)"

# a copy of the core whose controller RTL has a lint error must fail
neg=$OUT/broken
rm -rf "$neg"; mkdir -p "$neg/rtl" "$neg/work"
cp rtl/trex.core rtl/*.sv rtl/*.svh "$neg/rtl/"
sed -i 's/^  assign busy_o     = busy;/  assign busy_o     = busy;\n  logic stray_q;/' "$neg/rtl/ctrl_top.sv"
grep -q stray_q "$neg/rtl/ctrl_top.sv" || bad "could not break the copy"
if run broken "$neg/work" "$PWD/$neg/rtl" run --target=lint trex:imc:trex; then
  bad "target lint passed on RTL with an undriven, unused signal (log $work/broken.log)"
else
  ok "target lint fails on a broken copy: $(grep -m1 -oE '%Warning-[A-Z]+' "$work/broken.log")"
fi
echo "fusesoc: $pass passed, $fail failed"
exit $((fail != 0))
