#!/usr/bin/env bash
# scripts/vit/intref.py (written from docs/encoder-int.md alone) against
# `trex infer --dump`: every op's output tensor, bit for bit, on modelgen
# shapes x tiles (lossless and lossy) x reuse lists (none, most recent,
# explicit sources); each dump's op list is also compared with the records of
# `trex schedule` for the same model and reuse list (the executed ops are the
# controller's). Then the check is shown to fail: one element changed in a
# dump is found and named.
#   run-intref.sh TREX quick|long
# quick (make test): 4 shapes x 2 tiles x 3 reuse lists, 3 images, seed 1.
# long (make infer-check-long): 5 shapes x 4 tiles x 3 reuse lists x seeds 1..3,
# 8 images each.
set -uo pipefail
LEVEL=${2:-quick}
. tests/lib.sh
tl_start "build/test/encoder/intref-$LEVEL" "${1:-}"
O=$T REF=scripts/vit/intref.py
mkdir -p "$O/chips"
tl_need_numpy infer-check

tl_chip "$O/chips/lossless.json" 64 8 8 2 8 8 8
tl_chip "$O/chips/lossy.json" 64 8 8 2 8 6 8
tl_chip "$O/chips/diff16.json" 16 4 8 4 8 5 2 differential
tl_chip "$O/chips/r128.json" 128 16 8 1 8 4 16

# reuse lists per shape: none, most recent computing source, explicit sources
declare -A LISTS=(
  [tiny]="none|1,2|2:0"
  [odd]="none|1,3|3:1,2:0"
  [long]="none|2|2:0,1"
  [digits]="none|1,3,5|5:2,4:2,3:0"
  [wide]="none|1|1:0"
)
if [[ $LEVEL == quick ]]; then
  SHAPES=(tiny odd long digits); CHIPS=(lossless lossy); SEEDS=(1); NIMG=3
else
  SHAPES=(tiny odd long digits wide); CHIPS=(lossless lossy diff16 r128); SEEDS=(1 2 3); NIMG=8
fi

images() { # model-dir count seed out
  "$PY" - "$@" <<'P'
import json, sys
import numpy as np
d, n, seed, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
im = json.load(open(d + "/model.json"))["image"]
r = np.random.default_rng(seed)
a = r.integers(im["input_min"], im["input_max"] + 1, size=(n, im["channels"], im["height"], im["width"]))
np.save(out, a.astype(np.int8))
P
}

# the dump's op list is the controller's: model ops, then exactly the records
# of `trex schedule` for the same model keys and reuse list, then model ops
same_ops() { # model-dir dump-dir reuse chip
  "$PY" - "$1" "$O/sched-model.json" <<'P'
import json, sys
m = json.load(open(sys.argv[1] + "/model.json"))["model"]
keys = ("tokens", "embedding", "heads", "mlp", "depth", "tb_hidden", "tb_layers")
json.dump({k: m[k] for k in keys}, open(sys.argv[2], "w"))
P
  "$TREX" schedule --model "$O/sched-model.json" --reuse "$3" --chip "$4" --json > "$O/sched.json" || return 1
  "$PY" tests/dump_ops.py "$O/sched.json" "$2/dump.json"
}

pass=0 fail=0 total=0
sum=$O/summary.tsv
printf 'shape\tseed\ttile\treuse\tops\telements\tresult\n' > "$sum"
for sh in "${SHAPES[@]}"; do
  for seed in "${SEEDS[@]}"; do
    M=$O/$sh-$seed
    "$TREX" modelgen --shape "$sh" --seed "$seed" --out "$M" --stats 0 > /dev/null || { echo "FAIL modelgen $sh $seed"; fail=$((fail + 1)); continue; }
    images "$M" "$NIMG" "$seed" "$M.in.npy"
    for chip in "${CHIPS[@]}"; do
      IFS='|' read -ra lists <<< "${LISTS[$sh]}"
      for list in "${lists[@]}"; do
        D=$O/dump; rm -rf "$D"
        if ! "$TREX" infer --model "$M" --input "$M.in.npy" --chip "$O/chips/$chip.json" --reuse "$list" --dump "$D" > "$O/trex.out" 2> "$O/trex.err"; then
          echo "FAIL trex infer $sh seed $seed $chip reuse $list: $(cat "$O/trex.err")"; fail=$((fail + 1)); continue
        fi
        if same_ops "$M" "$D" "$list" "$O/chips/$chip.json"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL op list vs trex schedule: $sh $chip $list"; fi
        out=$("$PY" "$REF" check --model "$M" --input "$M.in.npy" --chip "$O/chips/$chip.json" --reuse "$list" --against "$D" 2>&1)
        if [[ $out == *", 0 mismatches" ]]; then
          pass=$((pass + 1))
          ops=$(sed -E 's/.*: ([0-9]+) ops, ([0-9]+) elements.*/\1/' <<< "$out")
          el=$(sed -E 's/.*: ([0-9]+) ops, ([0-9]+) elements.*/\2/' <<< "$out")
          total=$((total + el))
          printf '%s\t%s\t%s\t%s\t%s\t%s\tok\n' "$sh" "$seed" "$chip" "$list" "$ops" "$el" >> "$sum"
        else
          fail=$((fail + 1))
          printf '%s\t%s\t%s\t%s\t-\t-\tFAIL\n' "$sh" "$seed" "$chip" "$list" >> "$sum"
          echo "FAIL intref $sh seed $seed $chip reuse $list: $out"
        fi
      done
    done
  done
done

# the lossy tile changes results (else the lossless/lossy pair proves little)
M=$O/digits-1
if [[ -d $M ]]; then
  a=$("$TREX" infer --model "$M" --input "$M.in.npy" --chip "$O/chips/lossless.json")
  b=$("$TREX" infer --model "$M" --input "$M.in.npy" --chip "$O/chips/lossy.json")
  if [[ $a == "$b" ]]; then echo "FAIL: the lossy tile gives the lossless logits"; fail=$((fail + 1)); else pass=$((pass + 1)); fi
fi

# the check can fail: one element changed in one op of a good dump is found
M=$O/${SHAPES[0]}-1 D=$O/dump
"$TREX" infer --model "$M" --input "$M.in.npy" --reuse 1 --dump "$D" > /dev/null
"$PY" - "$D" <<'P'
import sys
import numpy as np
f = sys.argv[1] + "/enc01.tb_gelu.npy"
a = np.load(f); a[1, 2, 3] ^= 1; np.save(f, a)
P
out=$("$PY" "$REF" check --model "$M" --input "$M.in.npy" --reuse 1 --against "$D" 2>&1); rc=$?
if ((rc != 0)) && [[ $out == *"MISMATCH enc01.tb_gelu: first difference at image 1 row 2 column 3"* ]]; then
  pass=$((pass + 1))
else
  fail=$((fail + 1)); echo "FAIL: a changed element was not found: rc=$rc $out"
fi
# ... and so is a missing op (the dump of another reuse list)
"$TREX" infer --model "$M" --input "$M.in.npy" --reuse 2 --dump "$D" > /dev/null
out=$("$PY" "$REF" check --model "$M" --input "$M.in.npy" --reuse 1 --against "$D" 2>&1); rc=$?
if ((rc != 0)) && [[ $out == *"op lists differ"* ]]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: another op list was not found: $out"; fi

echo "infer-check ($LEVEL): $pass passed, $fail failed; $total elements compared (intref.py vs trex infer), 0 mismatches expected; $sum"
exit $((fail != 0))
