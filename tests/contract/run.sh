#!/usr/bin/env bash
# The controller contract is written once (c-model/ctrl_contract.def); its
# other faces, rtl/ctrl_pkg.sv and the tables of docs/controller.md, are
# checked by make lint. This test shows that an edit in one place only fails
# lint, in a copy of the tree (build/test/contract/tree; the tree itself is
# not touched):
#   0. the copy as it is: make lint-ctrl passes
#   1. an op code changed in rtl/ctrl_pkg.sv by hand: fails, naming the file
#   2. a register address changed in the table of docs/controller.md: fails
#   3. a register address changed in c-model/ctrl_contract.def without
#      make contract: fails on both files
#   4. make contract after 3: passes again
#   5. an address taken twice in the table: fails
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=build/test/contract
T=$OUT/tree
rm -rf "$OUT"; mkdir -p "$T"
# the tracked and untracked files (a git checkout) or every file but build/
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files -co --exclude-standard -z
else
  find . -path ./build -prune -o -type f -print0 | sed -z 's|^\./||'
fi | grep -zv '^build/' | xargs -0 cp --parents -t "$T" 2>/dev/null
[[ -f $T/c-model/ctrl_contract.def ]] || { echo "contract: could not copy the tree into $T"; exit 1; }
cc=gcc
command -v ccache >/dev/null && cc="ccache gcc"
pass=0 fail=0
lintrun() { # label expected(pass|fail) grep-pattern
  local label=$1 want=$2 pat=$3 out rc
  (cd "$T" && make --no-print-directory CC="$cc" build >"build.log" 2>&1) \
    || { echo "FAIL $label: the copy does not build ($T/build.log)"; fail=$((fail + 1)); return; }
  out=$(cd "$T" && make --no-print-directory lint-ctrl 2>&1); rc=$?
  if [[ $want == pass && $rc == 0 ]] || [[ $want == fail && $rc != 0 && $out == *"$pat"* ]]; then
    echo "  ok   $label: lint: ${want}$([[ $want == fail ]] && echo ": $(grep -m1 -o "trex contract: .*" <<<"$out" | cut -c1-110)")"
    pass=$((pass + 1))
  else
    echo "FAIL $label: lint exit $rc, wanted $want${pat:+ with '$pat'}"; echo "$out" | tail -5
    fail=$((fail + 1))
  fi
}
keep() { cp "$T/$1" "$OUT/$(basename "$1").orig"; }
restore() { cp "$OUT/$(basename "$1").orig" "$T/$1"; }

lintrun "unchanged copy" pass ""
keep rtl/ctrl_pkg.sv
sed -i "s/OP_QK = 5'd5;/OP_QK = 5'd23;/" "$T/rtl/ctrl_pkg.sv"
lintrun "op code edited in rtl/ctrl_pkg.sv only" fail "rtl/ctrl_pkg.sv:"
restore rtl/ctrl_pkg.sv
keep docs/controller.md
sed -i 's/^| 0x0d | par_tiles |/| 0x0e | par_tiles |/' "$T/docs/controller.md"
grep -q '^| 0x0e | par_tiles |' "$T/docs/controller.md" || { echo "FAIL the doc edit did not apply"; fail=$((fail + 1)); }
lintrun "register address edited in docs/controller.md only" fail "docs/controller.md:"
restore docs/controller.md
keep c-model/ctrl_contract.def
sed -i 's/^CTRL_REG_CHIP(PAR_TILES, 0x0d,/CTRL_REG_CHIP(PAR_TILES, 0x16,/' "$T/c-model/ctrl_contract.def"
grep -q 'PAR_TILES, 0x16' "$T/c-model/ctrl_contract.def" || { echo "FAIL the table edit did not apply"; fail=$((fail + 1)); }
lintrun "register address edited in c-model/ctrl_contract.def only" fail "differs from what c-model/ctrl_contract.def gives"
(cd "$T" && make --no-print-directory contract >/dev/null 2>&1)
lintrun "the same after make contract" pass ""
# a register address taken twice is refused by the table's own check
sed -i 's/^CTRL_REG_CHIP(PAR_TILES, 0x16,/CTRL_REG_CHIP(PAR_TILES, 0x13,/' "$T/c-model/ctrl_contract.def"
lintrun "a register address taken twice in c-model/ctrl_contract.def" fail "is taken twice"
restore c-model/ctrl_contract.def
echo "contract: $pass passed, $fail failed"
exit $((fail != 0))
