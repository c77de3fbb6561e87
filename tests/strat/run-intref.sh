#!/usr/bin/env bash
# Token pruning and weight sharing in the golden model (docs/encoder-int.md
# section 3.1): scripts/vit/intref.py (written from the document) against
# `trex infer --dump`, every op bit for bit, on modelgen shapes made pruned
# and shared (model keys encoder_tokens, share_attention, share_mlp added to
# model.json; a shared layer's own w file is deleted, so that reading it would
# fail) x a lossless and a lossy tile x three reuse lists; each dump's op list
# against `trex schedule` for the same model keys. Then the check is shown to
# fail: intref with the tie-break reversed (higher row first) must differ on
# the `long` shape, whose class-token scores tie at the cut.
#   run-intref.sh [TREX]
set -uo pipefail
. tests/lib.sh
tl_start build/test/strat-intref "${1:-}"
O=$T REF=scripts/vit/intref.py
mkdir -p "$O/chips"
tl_need_numpy test-strat
tl_chip "$O/chips/lossless.json" 64 8 8 2 8 8 8
tl_chip "$O/chips/lossy.json" 16 4 8 2 8 5 4
# shape | strategy keys | reuse lists
declare -A KEYS=(
  [tiny]='"encoder_tokens": [5, 3, 3], "share_attention": [[2, 0]], "share_mlp": [[2, 1]]'
  [odd]='"encoder_tokens": [7, 7, 4, 2], "share_mlp": [[3, 0]]'
  [long]='"encoder_tokens": [82, 40, 10], "share_attention": [[2, 0]]'
  [digits]='"encoder_tokens": [17, 17, 12, 12, 9, 5], "share_attention": [[3, 2]], "share_mlp": [[5, 1], [2, 0]]'
)
declare -A LISTS=([tiny]="none|1,2|2:0" [odd]="none|3|3:0" [long]="none|2|2:0" [digits]="none|2,5|5:0,2:0")
pass=0 fail=0 runs=0 elems=0
for sh in tiny odd long digits; do
  d=$O/$sh
  "$TREX" modelgen --shape $sh --seed 1 --out "$d" > /dev/null || { echo "FAIL modelgen $sh"; fail=$((fail + 1)); continue; }
  "$PY" - "$d" "{${KEYS[$sh]}}" "$O/$sh-img.npy" "$O/$sh-sched.json" <<'P'
import json, os, sys
import numpy as np
d, keys, img, sched = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3], sys.argv[4]
j = json.load(open(d + "/model.json"))
j["model"].update(keys)
json.dump(j, open(d + "/model.json", "w"), indent=1)
for name, layers in (("share_attention", ("q_proj", "k_proj", "v_proj", "out_proj")),
                     ("share_mlp", ("fc1", "fc2"))):
    for i, _ in keys.get(name, []):
        for l in layers:
            os.remove("%s/enc%02d.%s.w.npy" % (d, i, l))  # the owner's w is used
m = j["model"]
json.dump({k: m[k] for k in ("tokens", "embedding", "heads", "mlp", "depth", "tb_hidden",
                             "tb_layers", "encoder_tokens", "share_attention", "share_mlp") if k in m},
          open(sched, "w"))
im = j["image"]
r = np.random.default_rng(1)
a = r.integers(im["input_min"], im["input_max"] + 1, size=(3, im["channels"], im["height"], im["width"]))
np.save(img, a.astype(np.int8))
P
  IFS='|' read -ra lists <<<"${LISTS[$sh]}"
  for chip in lossless lossy; do
    for l in "${lists[@]}"; do
      runs=$((runs + 1))
      dump=$O/dump-$sh-$chip-${l//[,:]/_}
      if ! "$TREX" infer --model "$d" --input "$O/$sh-img.npy" --chip "$O/chips/$chip.json" --reuse "$l" --dump "$dump" > /dev/null; then
        echo "FAIL trex infer $sh $chip '$l'"; fail=$((fail + 1)); continue
      fi
      out=$("$PY" "$REF" check --model "$d" --input "$O/$sh-img.npy" --chip "$O/chips/$chip.json" --reuse "$l" --against "$dump")
      if [[ $? -ne 0 ]]; then echo "FAIL intref $sh $chip '$l': $out"; fail=$((fail + 1)); continue; fi
      elems=$((elems + $(sed -n 's/.* ops, \([0-9]*\) elements.*/\1/p' <<<"$out")))
      "$TREX" schedule --model "$O/$sh-sched.json" --reuse "$l" --chip "$O/chips/$chip.json" --json > "$O/sched.json"
      if ! "$PY" tests/dump_ops.py "$O/sched.json" "$dump/dump.json" > /dev/null; then echo "FAIL $sh $chip '$l': dump ops differ from trex schedule's"; fail=$((fail + 1)); continue; fi
      pass=$((pass + 1))
    done
  done
done
echo "test-strat: intref vs trex infer on pruned/shared models: $pass of $runs runs agree, $elems elements compared, 0 mismatches in the passing runs"
# the check fails when the tie-break differs
sed 's/order = np.lexsort((rows, -score\[n, 1:\]))/order = np.lexsort((-rows, -score[n, 1:]))/' "$REF" > "$O/intref-ties.py"
if cmp -s "$REF" "$O/intref-ties.py"; then echo "FAIL the tie-break mutant is the same file"; fail=$((fail + 1))
elif PYTHONPATH=scripts/vit "$PY" "$O/intref-ties.py" check --model "$O/long" --input "$O/long-img.npy" --chip "$O/chips/lossless.json" \
     --reuse none --against "$O/dump-long-lossless-none" > "$O/ties.txt"; then
  echo "FAIL intref with the tie-break reversed agrees on long (no tie at the cut?)"; fail=$((fail + 1))
else
  echo "test-strat: tie-break reversed: $(head -c 200 "$O/ties.txt")"
fi
exit $((fail != 0))
