#!/usr/bin/env bash
# Icarus runs the same RTL on the same vector files as Verilator, for two
# configurations (small ones: Icarus is slow on the full column-sum array),
# random and corner sets; every run must PASS.
set -uo pipefail
TREX=${TREX:-build/bin/trex}
OUT=build/test/icarus
mkdir -p "$OUT"
fail=0 runs=0
for spec in "m01 3" "m07 4" "m14 5"; do
  set -- $spec
  cfg=tests/configs/$1.json
  for mode in random corner; do
    vec=$OUT/$1-$mode
    $TREX vecgen --config "$cfg" --count 12 --seed "$2" --mode $mode --out "$vec" 2>/dev/null || { fail=1; continue; }
    runs=$((runs + 1))
    if ! bash scripts/icarus-run.sh "$TREX" "$vec" build/icarus | tail -1; then fail=$((fail + 1)); continue; fi
    # Verilator must agree on the same files
    make --no-print-directory sim VEC="$vec" | tail -1 || fail=$((fail + 1))
  done
done
echo "icarus: $((runs - fail)) passed, $fail failed"
exit $((fail != 0))
