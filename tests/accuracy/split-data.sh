#!/usr/bin/env bash
# The synthetic study of test-accuracy (tests/accuracy/plan-synth.json: a trex
# modelgen model, a synthetic dataset) in a directory of its own, for the
# tests of the study in parts (run-split.sh, tests/slurm/run.sh): makes
# DIR/model, DIR/data and DIR/plan.json (plan-synth.json with those paths),
# and prints the plan's path.
# usage: split-data.sh TREX DIR
set -uo pipefail
TREX=${1:?TREX}
D=${2:?DIR}
PY=/usr/bin/python3
rm -rf "$D/model" "$D/data"
mkdir -p "$D"
"$TREX" modelgen --shape digits --seed 3 --out "$D/model" >/dev/null || { echo "split-data: modelgen failed" >&2; exit 1; }
$PY tests/accuracy/synth_data.py --trex "$TREX" --model "$D/model" --chip tests/accuracy/chip-lossless.json \
  --out "$D/data" --count 24 --seed 5 >/dev/null || { echo "split-data: synth_data failed" >&2; exit 1; }
$PY - tests/accuracy/plan-synth.json "$D" <<'PYEOF' || { echo "split-data: cannot write $D/plan.json" >&2; exit 1; }
import json, os, sys
p = json.load(open(sys.argv[1]))
d = sys.argv[2]
p["model"], p["data"] = os.path.join(d, "model"), os.path.join(d, "data")
p["doc"] = "tests/accuracy/plan-synth.json on a model and dataset of " + d + " (tests/accuracy/split-data.sh)"
with open(os.path.join(d, "plan.json.tmp"), "w") as f:
    json.dump(p, f, indent=1)
os.replace(os.path.join(d, "plan.json.tmp"), os.path.join(d, "plan.json"))
PYEOF
echo "$D/plan.json"
