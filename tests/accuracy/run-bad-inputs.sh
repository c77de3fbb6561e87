#!/usr/bin/env bash
# test-accuracy, part 1: bad datasets, options and plans of trex accuracy and
# trex accuracy-study (docs/bad-inputs.md, rows A01..). Each case must fail
# with a non-zero exit and exactly one line on stderr that holds the
# expected text, and leave no output (no --out directory, no .tmp.*).
set -uo pipefail
. tests/lib.sh
tl_start build/test/accuracy/bad "${1:-}"
fails=0 n=0
$TREX modelgen --shape tiny --seed 1 --out "$T/m" > /dev/null || { echo "test-accuracy: modelgen failed"; exit 1; }
$PY tests/accuracy/synth_data.py --trex "$TREX" --model "$T/m" --chip tests/accuracy/chip-lossless.json \
  --out "$T/good" --count 12 > /dev/null || { echo "test-accuracy: synth_data failed"; exit 1; }

# a copy of the good dataset with one edit (python: numpy writes the arrays)
variant() { # name python-statements (d = the directory)
  rm -rf "${T:?}/$1"; cp -r "$T/good" "$T/$1"
  $PY - "$T/$1" <<PYEOF
import json, sys
import numpy as np
d = sys.argv[1]
img = np.load(d + "/images.npy"); lab = np.load(d + "/labels.npy")
sp = json.load(open(d + "/split.json"))
$2
PYEOF
}
case_fail() { # id expected-exit pattern cmd...
  local id=$1 want=$2 pat=$3
  shift 3
  n=$((n + 1))
  "$@" > "$T/out" 2> "$T/err"
  local rc=$? lines
  lines=$(wc -l < "$T/err")
  local left; left=$(find "$T" -maxdepth 1 -name '*.tmp.*' | head -1)
  if [[ $rc -ne $want || $lines -ne 1 || -n $left || -e $T/study ]] || ! grep -q -- "$pat" "$T/err"; then
    echo "FAIL $id: exit $rc (want $want), $lines stderr lines, want /$pat/${left:+, left $left}:"
    cat "$T/err"; fails=$((fails + 1))
    rm -rf "${T:?}/study"
  else
    echo "ok   $id: $(cat "$T/err")"
  fi
}
A=(accuracy --model "$T/m" --chip tests/accuracy/chip-lossless.json)
# data_case ID NAME EDIT WANT: trex accuracy on the good dataset with one
# edit (variant NAME EDIT) fails with exit 1 and WANT
data_case() { variant "$2" "$3"; case_fail "$1" 1 "$4" $TREX "${A[@]}" --data "$T/$2"; }

data_case A01 noimg 'import os; os.remove(d + "/images.npy")' "noimg/images.npy: cannot read"
data_case A02 shape 'np.save(d + "/images.npy", img[:, :, :, :3])' "shape/images.npy: shape (12, 1, 4, 3), expected (\*, 1, 4, 4)"
data_case A03 range 'img[3, 0, 1, 2] = 100; np.save(d + "/images.npy", img)' "range/images.npy: image 3, element \[0, 1, 2\] is 100, outside the model's input range"
data_case A04 lab32 'np.save(d + "/labels.npy", lab.astype(np.int32))' "lab32/labels.npy: dtype int32, expected int64"
data_case A05 labn 'np.save(d + "/labels.npy", lab[:11])' "labn/labels.npy: shape (11,), expected (12,)"
data_case A06 labr 'lab[7] = 4; np.save(d + "/labels.npy", lab)' "labr/labels.npy: label 7 is 4, outside the model's classes 0..3"
data_case A07 nosplit 'import os; os.remove(d + "/split.json")' "nosplit/split.json: cannot read"
data_case A08 count 'sp["count"] = 13; json.dump(sp, open(d + "/split.json", "w"))' "count/split.json: key 'count': 13, but images.npy and labels.npy hold 12 images"
data_case A09 fmt 'sp["format"] = "csv"; json.dump(sp, open(d + "/split.json", "w"))' "fmt/split.json: key 'format': 'csv' is not 'trex-dataset'"
data_case A10 classes 'sp["classes"] = 10; json.dump(sp, open(d + "/split.json", "w"))' "classes/split.json: key 'classes': 10, but the model has 4 classes"
case_fail A11 2 "--seeds 3 needs --nonideal" $TREX "${A[@]}" --data "$T/good" --seeds 3
case_fail A12 2 "--seeds '0' is not an integer in 1..100000" $TREX "${A[@]}" --data "$T/good" --nonideal g_sigma=0.1 --seeds 0
case_fail A13 2 "--limit '-1' is not a non-negative integer" $TREX "${A[@]}" --data "$T/good" --limit -1
case_fail A14 1 "--nonideal: unknown key 'sigma'" $TREX "${A[@]}" --data "$T/good" --nonideal sigma=0.1
case_fail A15 1 "reuse: encoder 0 cannot reuse" $TREX "${A[@]}" --data "$T/good" --reuse 0
printf '{"tile": {"rows": 64, "outs": 8, "w_bits": 8, "cell_bits": 2, "x_bits": 6, "adc_bits": 8, "cols_per_adc": 8}}\n' > "$T/chip6.json"
case_fail A16 1 "chip6.json: key 'tile': w_bits 8, x_bits 6" $TREX accuracy --model "$T/m" --data "$T/good" --chip "$T/chip6.json"
case_fail A17 2 "--data DIR is required" $TREX accuracy --model "$T/m"
case_fail A18 1 "nojson/model.json: cannot read" $TREX accuracy --model "$T/nojson" --data "$T/good"

# plans of trex accuracy-study (a copy of the synthetic plan with one edit)
plan() { # name python-statements (p = the plan object)
  $PY - "$T/$1.json" "$T" <<PYEOF
import json, sys
p = json.load(open("tests/accuracy/plan-synth.json"))
p["model"] = sys.argv[2] + "/m"; p["data"] = sys.argv[2] + "/good"
p["lists"] = ["1,2"]; p["nonideal_lists"] = ["none"]; p.pop("adc")
$2
json.dump(p, open(sys.argv[1], "w"))
PYEOF
}
S() { $TREX accuracy-study --quiet --out "$T/study" --plan "$@"; }
# plan_case ID NAME EDIT WANT: the study of the plan with one edit (plan
# NAME EDIT) fails with exit 1 and WANT
plan_case() { plan "$2" "$3"; case_fail "$1" 1 "$4" S "$T/$2.json"; }
case_fail P01 1 "nope.json: cannot read" S "$T/nope.json"
plan_case P02 unk 'p["colour"] = 1' "unk.json: unknown key 'colour'"
plan_case P03 pfmt 'p["format"] = "plan"' "pfmt.json: key 'format': 'plan' is not 'trex-accuracy-plan'"
plan_case P04 nispec 'p["nonideal"][0]["spec"] = "g_sigma=-1"' "nispec.json: key 'nonideal': entry 0: key 'spec': --nonideal: key 'g_sigma'"
plan_case P05 nidup 'p["nonideal"][1]["name"] = p["nonideal"][0]["name"]' "nidup.json: key 'nonideal': entry 1: key 'name': 'g2' is used twice"
plan_case P06 lsyn 'p["lists"] = ["1,,2"]' "lsyn.json: key 'lists': entry 0 '1,,2'"
printf '{"tile": {"rows": 64, "outs": 8, "w_bits": 8, "cell_bits": 2, "x_bits": 8, "adc_bits": 6, "cols_per_adc": 8}}\n' > "$T/lossychip.json"
plan_case P07 lossy "p['ideal_chip'] = '$T/lossychip.json'" "lossy.json: key 'ideal_chip': .*lossychip.json has a lossy ADC"
plan_case P08 nosingles 'p["singles"] = False' "nosingles.json: key 'budgets': the search needs the single-encoder lists"
plan_case P09 rows 'p["adc"] = {"rows": [48], "cell_bits": [2]}' "rows.json: key 'adc': key 'rows': entry 0 is 48, not one of 16, 32, 64, 128, 256"
plan_case P10 seeds0 'p["seeds"] = 0' "seeds0.json: key 'seeds': 0 is outside 1..1000"
plan_case P11 deep 'p["lists"] = ["7"]' "deep.json: reuse list '7': reuse: encoder index 7 is out of range"
plan_case P12 budget 'p["budgets"] = ["fast"]' "budget.json: key 'budgets': entry 0: --delay-budget 'fast'"
printf '{"format": "trex-accuracy-plan", "version": 1, "version": 1}\n' > "$T/twice.json"
case_fail P13 1 "twice.json" S "$T/twice.json"
mkdir -p "$T/foreign"; echo mine > "$T/foreign/notes.txt"
plan ok 'p["budgets"] = []; p["nonideal"] = []; p["limit"] = 4'
case_fail P14 1 "foreign: holds 'notes.txt', which trex accuracy-study did not write" \
  $TREX accuracy-study --quiet --plan "$T/ok.json" --out "$T/foreign"
[[ $(cat "$T/foreign/notes.txt") == mine ]] || { echo "FAIL P14: notes.txt was touched"; fails=$((fails + 1)); }
case_fail P15 2 "--jobs '0' is not an integer in 1..64" S "$T/ok.json" --jobs 0
# the study in parts (--stage)
case_fail P16 2 "--stage 'bogus' is not tasks, ideal, task or merge" S "$T/ok.json" --stage bogus
case_fail P17 2 "--stage task needs --task T" $TREX accuracy-study --quiet --plan "$T/ok.json" --stage task --parts "$T/parts"
mkdir -p "$T/noparts"
case_fail P18 1 "noparts/ideal.json: cannot read: No such file or directory" \
  $TREX accuracy-study --quiet --plan "$T/ok.json" --stage merge --parts "$T/noparts" --out "$T/study"
case_fail P19 1 "ok.json: task 99: the plan has no task (no non-ideality, no ADC sweep)" \
  $TREX accuracy-study --quiet --plan "$T/ok.json" --stage task --task 99 --parts "$T/noparts"
echo "test-accuracy: bad inputs: $((n - fails)) of $n cases as documented"
((fails == 0))
