#!/usr/bin/env bash
# The mutation-proof recipe (scripts/mutate-proof.sh) on the real tile, set
# tile-a of `make mutate` (tests/regress/configs/mt-a.json, `mutate -list 70
# -seed 1` as scripts/mutate.sh lists it): mutant 5 (bit 43 of the output
# word out_data_o forced to 0; the quick checks kill it) must give a
# counterexample; mutant 1 (bit 25 of a shift-add mux input inverted, a bit
# the mux never selects) must be proved equivalent by register
# correspondence, and mutant 65 (bit 2 of a shift-add adder input flipped
# when bit 5 is set: an invariant plain induction lacks) by pdr on the
# speculatively reduced model, each as make mutate proves them (one miter
# of the original against all 70 mutants behind mutsel, tied to the
# mutant). The indices follow the RTL: when it changes, `mutate -list`
# draws other mutants and this check says so (then pick again from
# build/test/mutproof-real/list.ys and docs/regression.md's table of the
# last campaign: the tile rewrite made the earlier mutant 1 equivalent and
# mutant 5 reachable).
# Segment induction (--segment and --segment-commute, the shapes and
# paths of scripts/mutate-lemmas.txt): #5 must give no verdict, and mutant
# 20 (the phase's bit 0 changed: the conversion steps in another order)
# must be proved; on set tile-b (mt-b.json), mutant 2 (the same phase bit,
# eight steps in another order) must be proved with its own shapes and
# mutant 1 (killed by simulation) must give no verdict with them.
# Run by the full regression (mutproof/tile-a); about three minutes.
# Usage: tests/mutproof/real.sh [OUTDIR]   (default build/test/mutproof-real)
set -uo pipefail
out=${1:-build/test/mutproof-real}
TREX=${TREX:-build/bin/trex}
top=xbar_tile
rm -rf "$out"; mkdir -p "$out"
[[ -x $TREX ]] || { echo "mutproof-real: $TREX not built (make build)" >&2; exit 2; }
prep() { # set config: the set's base.il and list.ys in $out/SET
  local chp srcs d=$out/$1
  mkdir -p "$d"
  chp=$("$TREX" tile-params "$2" --format verilator | sed 's/-G\([A-Z_]*\)=\([0-9]*\)/-set \1 \2/g') \
    || { echo "mutproof-real: $2: bad configuration" >&2; exit 2; }
  srcs=$(bash scripts/rtl-files.sh xbar_tile | tr '\n' ' ') || { echo "mutproof-real: no tile file list" >&2; exit 2; }
  cat >"$d/prep.ys" <<YS
read_verilog -sv -Irtl $srcs
chparam $chp $top
prep -top $top
flatten
opt_clean
write_rtlil $d/base.il
mutate -list 70 -seed 1 -ctrl mutsel 8 1 -o $d/list.ys
YS
  yosys -q -l "$d/prep.log" "$d/prep.ys" >/dev/null 2>&1 || { echo "mutproof-real: yosys elaboration failed (log $d/prep.log)" >&2; exit 2; }
}
prep tile-a tests/regress/configs/mt-a.json
prep tile-b tests/regress/configs/mt-b.json
pass=0 fail=0
check() { # set index expected-rc expected-prefix [mutate-proof options]
  local set=$1 k=$2 want_rc=$3 want=$4 got rc d=$out/$1 w=$out/$1/m$2
  shift 4
  (($#)) && w=$d/s$k
  got=$(bash scripts/mutate-proof.sh --base "$d/base.il" --top $top --list "$d/list.ys" --index "$k" \
    --shared "$d/shared" --work "$w" --data out_data_o --valid out_valid_o --seconds 600 "$@" 2>&1)
  rc=$?
  if ((rc == want_rc)) && [[ $got == $want* ]]; then
    echo "PASS $set #$k${1:+ (segment)}: $got"; pass=$((pass + 1))
  else
    echo "FAIL $set #$k${1:+ (segment)}: expected '$want...' (exit $want_rc), got '$got' (exit $rc)"; fail=$((fail + 1))
  fi
}
seg_args() { # set index: the segment lines of scripts/mutate-lemmas.txt as options
  seg=()
  while read -r _ _ kind val; do
    case $kind in segment|segment-frames|segment-commute) seg+=("--$kind" "$val") ;; esac
  done < <(awk -v s="$1" -v k="$2" '$1 == s && $2 == k' scripts/mutate-lemmas.txt)
  ((${#seg[@]} >= 6)) || { echo "FAIL: no segment shapes for $1 #$2 in scripts/mutate-lemmas.txt"; fail=$((fail + 1)); }
}
check tile-a 5 1 "counterexample frame "
check tile-a 1 0 "equivalent regcorr"
check tile-a 65 0 "equivalent srm-pdr"
# segment induction with the tile's shapes (scripts/mutate-lemmas.txt):
# the reachable #5 gives no verdict (its outputs differ), #20 (the phase
# read with bit 0 changed: the conversion steps in another order) is proved
seg_args tile-a 20
check tile-a 5 3 "segment obligation " "${seg[@]}"
check tile-a 20 0 "equivalent seg-ind(unbounded)" "${seg[@]}"
seg_args tile-b 2
check tile-b 1 3 "segment obligation " "${seg[@]}"
check tile-b 2 0 "equivalent seg-ind(unbounded)" "${seg[@]}"
echo "mutproof-real: $pass passed, $fail failed"
((fail == 0))
