#!/usr/bin/env bash
# trex modelgen and trex infer are deterministic: two runs of the -O2 build,
# and the -O0 build against the -O2 build, give byte-identical model
# directories and dumps (every op's output) and identical stdout -- on a lossy
# tile with reuse, and with non-ideal tiles (doubles, libm, seeded draws).
#   run-determinism.sh TREX_O2 TREX_O0
set -uo pipefail
A=${1:-build/bin/trex} B=${2:-build/o0/bin/trex}
PY=/usr/bin/python3
T=build/test/encoder/determinism
rm -rf "$T"; mkdir -p "$T"
pass=0 fail=0
same_dir() { # what dir1 dir2
  local n=0 f
  for f in "$2"/*; do
    n=$((n + 1))
    cmp -s "$f" "$3/$(basename "$f")" || { echo "FAIL $1: $(basename "$f") differs"; fail=$((fail + 1)); return; }
  done
  [[ $(ls "$2" | wc -l) == $(ls "$3" | wc -l) ]] || { echo "FAIL $1: file counts differ"; fail=$((fail + 1)); return; }
  pass=$((pass + 1)); files=$((files + n))
}
files=0
for sh in digits odd; do
  "$A" modelgen --shape $sh --seed 7 --out "$T/$sh-a" > "$T/$sh-a.txt" || { echo "FAIL modelgen"; exit 1; }
  "$A" modelgen --shape $sh --seed 7 --out "$T/$sh-a2" > "$T/$sh-a2.txt"
  "$B" modelgen --shape $sh --seed 7 --out "$T/$sh-b" > "$T/$sh-b.txt"
  same_dir "modelgen $sh -O2 twice" "$T/$sh-a" "$T/$sh-a2"
  same_dir "modelgen $sh -O2 vs -O0" "$T/$sh-a" "$T/$sh-b"
  sed "s|$sh-b|$sh-a|" "$T/$sh-b.txt" | cmp -s - "$T/$sh-a.txt" && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL modelgen $sh statistics differ -O0/-O2"; }
  "$PY" - "$T/$sh-a" "$T/$sh.in.npy" <<'P'
import json, sys
import numpy as np
im = json.load(open(sys.argv[1] + "/model.json"))["image"]
r = np.random.default_rng(4)
np.save(sys.argv[2], r.integers(im["input_min"], im["input_max"] + 1, size=(6, im["channels"], im["height"], im["width"])).astype(np.int8))
P
  for args in "--reuse 3:1,2" "--reuse 1 --nonideal g_sigma=0.05,stuck_off=0.01,stuck_on=0.01,adc_sigma=0.7,adc_offset=0.2,seed=9"; do
    # shellcheck disable=SC2086
    "$A" infer --model "$T/$sh-a" --input "$T/$sh.in.npy" $args --dump "$T/da" --json > "$T/a.json" &&
    "$A" infer --model "$T/$sh-a" --input "$T/$sh.in.npy" $args --dump "$T/da2" --json > "$T/a2.json" &&
    "$B" infer --model "$T/$sh-a" --input "$T/$sh.in.npy" $args --dump "$T/db" --json > "$T/b.json" || { fail=$((fail + 1)); echo "FAIL infer $sh $args"; continue; }
    same_dir "infer $sh $args -O2 twice" "$T/da" "$T/da2"
    same_dir "infer $sh $args -O2 vs -O0" "$T/da" "$T/db"
    if cmp -s "$T/a.json" "$T/b.json" && cmp -s "$T/a.json" "$T/a2.json"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL infer $sh $args: stdout differs"; fi
    rm -rf "$T/da" "$T/da2" "$T/db"
  done
done
echo "determinism: $pass passed, $fail failed ($files files compared byte for byte: -O2 twice and -O0 vs -O2)"
exit $((fail != 0))
