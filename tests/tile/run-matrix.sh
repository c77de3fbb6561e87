#!/usr/bin/env bash
# RTL vs golden model over the configuration matrix (tests/configs/m*.json):
# for every configuration a random set, a corner set and a lockstep run with
# random back-pressure. Two configurations at a time. Exit 0 only if all pass.
set -uo pipefail
TREX=${TREX:-build/bin/trex}
OUT=build/test/tile
JOBS=${JOBS:-2}
mkdir -p "$OUT"
cfgs=(tests/configs/m*.json tests/configs/default.json)

one() {
  local cfg=$1 k=$2 id log
  id=$($TREX cycles "$cfg" --format id) || return 1
  log=$OUT/$id.log
  {
    $TREX vecgen --config "$cfg" --count 40 --seed "$k" --out "$OUT/$id-random" &&
    $TREX vecgen --config "$cfg" --count 21 --seed "$((k + 100))" --mode corner --out "$OUT/$id-corner" &&
    make --no-print-directory sim VEC="$OUT/$id-random" &&
    make --no-print-directory sim VEC="$OUT/$id-corner" &&
    make --no-print-directory lockstep CFG="$cfg" N=1500 SEED="$k" TB_ARGS="--batch 500 --backpressure 0.3"
  } >"$log" 2>&1
  local rc=$?
  grep -h '^sim:' "$log" | sed "s/^/  /"
  if ((rc != 0)); then
    echo "FAIL $cfg (log: $log)"; tail -25 "$log"
  fi
  return $rc
}
export -f one
export TREX OUT

start=$(date +%s)
k=0
args=()
for c in "${cfgs[@]}"; do k=$((k + 1)); args+=("$c $k"); done
printf '%s\n' "${args[@]}" | xargs -P "$JOBS" -L 1 bash -c 'one "$0" "$1"' > "$OUT/summary.txt"
rc=$?
cat "$OUT/summary.txt"
words=$(grep -o 'words=[0-9]*' "$OUT/summary.txt" | cut -d= -f2 | paste -sd+ | bc)
mism=$(grep -o ' mismatches=[0-9]*' "$OUT/summary.txt" | cut -d= -f2 | paste -sd+ | bc)
runs=$(grep -c '^  sim:' "$OUT/summary.txt")
pass=$(grep -c 'PASS$' "$OUT/summary.txt")
echo "tile matrix: ${#cfgs[@]} configurations, $runs runs, $words words compared, $mism mismatches, $(( $(date +%s) - start ))s"
expected_runs=$(( ${#cfgs[@]} * 3 ))
if ((rc != 0 || runs != expected_runs || pass != expected_runs)); then
  echo "tile matrix: $pass passed, $((expected_runs - pass)) failed"
  exit 1
fi
echo "tile matrix: $pass passed, 0 failed"
