#!/usr/bin/env bash
# test-accuracy, part 3 (and make accuracy-record): the QUICK study of the
# committed model (tests/accuracy/plan-quick.json) checked by
# check_summary.py against
#   - tests/accuracy/recorded.json: the SHA-256 of every list's logits and
#     the non-ideal counts, recorded from a run (a change in any layer of the
#     datapath fails; `make accuracy-record` re-records after a deliberate one);
#   - the trainer's record (models/vit-digits/record.json): integer top-1 of
#     every list it recorded and its logits hashes (its own NumPy integer
#     implementation), and the ideal top-1 within 1 point of its float top-1;
#   - scripts/vit/intref.py on the first 4 images of two lists.
# usage: run-quick.sh TREX MODEL_DIR check|record
set -uo pipefail
TREX=${1:-build/bin/trex}
M=${2:-models/vit-digits}
mode=${3:-check}
PY=/usr/bin/python3
O=build/test/accuracy/quick
REC=tests/accuracy/recorded.json
if [[ ! -f $M/model.json ]]; then
  if [[ $mode == record ]]; then echo "accuracy-record: no model $M/model.json" >&2; exit 1; fi
  echo "test-accuracy: quick: SKIPPED: no trained model at $M (the train branch installs models/vit-digits); the synthetic-model tests above ran"
  exit 0
fi
[[ -f $REC || $mode == record ]] || { echo "test-accuracy: quick: $REC is missing (make accuracy-record)"; exit 1; }
mkdir -p build/test/accuracy
t0=$(date +%s)
$TREX accuracy-study --plan tests/accuracy/plan-quick.json --model "$M" --data "$M/data" \
  --record "$M/record.json" --out "$O" --jobs 2 --quiet > "$O.txt" 2> "$O.err" ||
  { cat "$O.err"; echo "test-accuracy: quick: trex accuracy-study failed"; exit 1; }
t1=$(date +%s)
args=(--trex "$TREX" --dir "$O" --data "$M/data" --model "$M" --record "$M/record.json" --intref 4)
if [[ $mode == record ]]; then args+=(--write-recorded "$REC"); else args+=(--recorded "$REC"); fi
if $PY tests/accuracy/check_summary.py "${args[@]}" > "$O.check" 2>&1; then
  echo "test-accuracy: quick: $(tail -1 "$O.check"); study $((t1 - t0)) s ($O.txt)"
  [[ $mode == record ]] && grep '^check_summary: recorded' "$O.check"
  exit 0
fi
cat "$O.check"
echo "test-accuracy: quick: FAILED ($O.check)"
exit 1
