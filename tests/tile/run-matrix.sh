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
  id=$($TREX tile-params "$cfg" --format id) || return 1
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

# The matrix must use every legal value of every parameter at least once.
params=$(for c in "${cfgs[@]}"; do $TREX tile-params "$c" --format verilator; done)
missing=""
need() { grep -q -- "-G$1=$2 " <<<"$params " || grep -q -- "-G$1=$2\$" <<<"$params" || missing+=" $1=$2"; }
for v in 16 32 64 128 256; do need ROWS $v; done
for v in 1 2 4; do need CELL_BITS $v; done
for v in 2 3 4 5 6 7 8; do need W_BITS $v; done
for v in 1 2 3 4 5 6 7 8 9 10 11 12; do need ADC_BITS $v; done
for v in 0 1; do need DIFFERENTIAL $v; done
for v in 1 2 4 8 16; do need COLS_PER_ADC $v; done
for s in 0 1; do for v in 2 3 4 5 6 7 8; do
  grep -q -- "-GX_BITS=$v -GX_SIGNED=$s " <<<"$params" || missing+=" X_BITS=$v/X_SIGNED=$s"
done; done
if [[ -n $missing ]]; then echo "tile matrix: parameter values never used:$missing"; exit 1; fi
echo "tile matrix: every legal value of rows, cell_bits, w_bits, x_bits (signed and unsigned), adc_bits and both encodings is used"

start=$(date +%s)
k=0
args=()
for c in "${cfgs[@]}"; do k=$((k + 1)); args+=("$c $k"); done
printf '%s\n' "${args[@]}" | xargs -P "$JOBS" -L 1 bash -c 'one "$0" "$1"' > "$OUT/summary.txt"
rc=$?
cat "$OUT/summary.txt"
words=$(grep -o 'words=[0-9]*' "$OUT/summary.txt" | awk -F= '{ s += $2 } END { print s + 0 }')
mism=$(grep -o ' mismatches=[0-9]*' "$OUT/summary.txt" | awk -F= '{ s += $2 } END { print s + 0 }')
runs=$(grep -c '^  sim:' "$OUT/summary.txt")
pass=$(grep -c 'PASS$' "$OUT/summary.txt")
echo "tile matrix: ${#cfgs[@]} configurations, $runs runs, $words words compared, $mism mismatches, $(( $(date +%s) - start ))s"
expected_runs=$(( ${#cfgs[@]} * 3 ))
if ((rc != 0 || runs != expected_runs || pass != expected_runs)); then
  echo "matrix: $pass passed, $((expected_runs - pass)) failed"
  exit 1
fi
echo "matrix: $pass passed, 0 failed"
