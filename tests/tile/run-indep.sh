#!/usr/bin/env bash
# Independently made vector sets (vectors/*/): the golden model reproduces
# every expected word, and the RTL passes every set (two at a time).
set -uo pipefail
TREX=${TREX:-build/bin/trex}
OUT=build/test/indep
mkdir -p "$OUT"
fail=0 n=0
for d in vectors/*/; do
  d=${d%/}; n=$((n + 1))
  if ! $TREX xbar "$d" | cmp -s - "$d/expected.hex"; then
    echo "FAIL trex xbar $d differs from expected.hex"; fail=$((fail + 1))
  fi
done
echo "indep: trex xbar reproduced $((n - fail)) of $n sets"
sims=$(ls -d vectors/*/ | sed 's:/$::' | xargs -P 2 -I{} bash -c \
  'make --no-print-directory sim VEC={} > '"$OUT"'/$(basename {}).log 2>&1 && tail -1 '"$OUT"'/$(basename {}).log || { echo "FAIL make sim {}"; tail -20 '"$OUT"'/$(basename {}).log; }')
echo "$sims"
sfail=$(grep -c '^FAIL' <<<"$sims")
spass=$(grep -c 'PASS$' <<<"$sims")
fail=$((fail + sfail))
echo "indep: $((2 * n - fail)) passed, $fail failed"
((fail == 0 && spass == n))
