#!/usr/bin/env bash
# test-accuracy, part 2: trex accuracy and trex accuracy-study on a trex
# modelgen model with a synthetic dataset (no trained model needed):
# - trex accuracy's count equals the count from trex infer's classes and the
#   labels, and its --logits equal trex infer's logits (ideal and non-ideal);
# - the study's summary passes check_summary.py (counts from logits, every
#   interval recomputed, trex edap and trex search agree);
# - --jobs 2 gives the same summary as --jobs 1 (timing fields aside).
set -uo pipefail
. tests/lib.sh
tl_start build/test/accuracy/synth "${1:-}"
D=$T
fails=0
t0=$(date +%s)
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }
$TREX modelgen --shape digits --seed 3 --out "$D/model" > /dev/null || { echo "test-accuracy: modelgen failed"; exit 1; }
$PY tests/accuracy/synth_data.py --trex "$TREX" --model "$D/model" --chip tests/accuracy/chip-lossless.json \
  --out "$D/data" --count 24 --seed 5 > /dev/null || { echo "test-accuracy: synth_data failed"; exit 1; }

# trex accuracy against trex infer, ideal and non-ideal (run 0 = the spec's seed)
for spec in "" "g_sigma=0.05,adc_sigma=0.1,seed=4"; do
  ni=(); [[ -n $spec ]] && ni=(--nonideal "$spec")
  tag=${spec:+nonideal}; tag=${tag:-ideal}
  $TREX accuracy --model "$D/model" --data "$D/data" "${ni[@]}" --limit 16 --logits "$D/acc-$tag.npy" --json > "$D/acc-$tag.json" ||
    { bad "trex accuracy ($tag)"; continue; }
  $PY -c 'import numpy as np, sys; np.save(sys.argv[2], np.load(sys.argv[1])[:16])' "$D/data/images.npy" "$D/in16.npy"
  $TREX infer --model "$D/model" --input "$D/in16.npy" "${ni[@]}" --json > "$D/inf-$tag.json" || { bad "trex infer ($tag)"; continue; }
  if $PY - "$D/acc-$tag.json" "$D/inf-$tag.json" "$D/acc-$tag.npy" "$D/data/labels.npy" <<'PYEOF'
import json, sys
import numpy as np
acc = json.load(open(sys.argv[1])); inf = json.load(open(sys.argv[2]))
lab = np.load(sys.argv[4])[:16]
cls = np.array([r["class"] for r in inf["results"]])
lg = np.array([r["logits"] for r in inf["results"]])
assert acc["runs"][0]["correct"] == int((cls == lab).sum()), (acc["runs"][0], int((cls == lab).sum()))
assert np.array_equal(np.load(sys.argv[3]), lg)
assert acc["images"] == 16 and acc["chip"] == inf["chip"] and acc["reuse"] == inf["reuse"] == ""
PYEOF
  then ok "trex accuracy ($tag): count and logits equal trex infer's on 16 images"
  else bad "trex accuracy ($tag) differs from trex infer"; fi
done
# seeds: run k draws from seed + k (run 1 of seed 4 = run 0 of seed 5)
if $TREX accuracy --model "$D/model" --data "$D/data" --nonideal g_sigma=0.1,seed=4 --seeds 2 --limit 12 --json > "$D/s4.json" &&
   $TREX accuracy --model "$D/model" --data "$D/data" --nonideal g_sigma=0.1,seed=5 --limit 12 --json > "$D/s5.json" &&
   $PY -c 'import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); assert a["runs"][1]["seed"] == 5 and a["runs"][1]["correct"] == b["runs"][0]["correct"]' "$D/s4.json" "$D/s5.json"
then ok "--seeds: run k uses the spec's seed + k"; else bad "--seeds: run 1 of seed 4 is not run 0 of seed 5"; fi

# the study, then its independent checks; --jobs 2 = --jobs 1
$TREX accuracy-study --plan tests/accuracy/plan-synth.json --out "$D/study1" --quiet > "$D/study1.txt" ||
  bad "accuracy-study (synthetic plan)"
$TREX accuracy-study --plan tests/accuracy/plan-synth.json --out "$D/study2" --jobs 2 --quiet > "$D/study2.txt" ||
  bad "accuracy-study --jobs 2"
if $PY tests/accuracy/check_summary.py --trex "$TREX" --dir "$D/study1" --data "$D/data" --model "$D/model" > "$D/check.txt" 2>&1; then
  ok "accuracy-study: $(tail -1 "$D/check.txt")"
else
  cat "$D/check.txt"; bad "accuracy-study: check_summary.py"
fi
if $PY - "$D/study1/summary.json" "$D/study2/summary.json" <<'PYEOF'
import json, sys
def strip(o):
    o.pop("throughput"); o.pop("seconds")
    return o
a, b = (strip(json.load(open(p))) for p in sys.argv[1:])
assert a == b
PYEOF
then ok "accuracy-study: --jobs 2 gives the summary of --jobs 1"; else bad "accuracy-study: --jobs 2 differs from --jobs 1"; fi
for f in summary.json lists.csv impact.csv impact-ni0.csv impact-ni1.csv accuracy-edap.png adc.csv adc.png logits-000.npy; do
  [[ -s $D/study1/$f ]] || bad "accuracy-study: $f missing"
done
echo "test-accuracy: synthetic model: $fails failure(s) ($(( $(date +%s) - t0 )) s)"
((fails == 0))
