#!/usr/bin/env bash
# make valgrind: valgrind memcheck over every trex subcommand on small inputs,
# the good paths and the error paths (which free what they allocated too).
# A case fails on any memcheck error or definite/indirect leak (valgrind's
# --error-exitcode 99), or when its exit status differs from the expected
# one. Logs: build/valgrind/<case>.log.
#   valgrind-cli.sh TREX
set -uo pipefail
TREX=${1:-build/bin/trex}
VG=${VALGRIND:-valgrind}
command -v "$VG" >/dev/null 2>&1 || { echo "valgrind: '$VG' is not on PATH (apt-get install valgrind)"; exit 2; }
O=build/valgrind
rm -rf "$O"; mkdir -p "$O"
pass=0 fail=0
vg() { # name expected-exit command...
  local name=$1 want=$2 t0=$SECONDS; shift 2
  "$VG" -q --tool=memcheck --error-exitcode=99 --leak-check=full \
    --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
    --log-file="$O/$name.log" "$@" > "$O/$name.out" 2> "$O/$name.err"
  local rc=$?
  [[ -n ${VG_TIMES:-} ]] && echo "$name $((SECONDS - t0))s"
  if ((rc == want)) && [[ ! -s $O/$name.log ]]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL valgrind $name: exit $rc (want $want); $O/$name.log:"
    head -20 "$O/$name.log"
  fi
}
# inputs
printf '{"tile": {"rows": 128, "outs": 16, "w_bits": 8, "cell_bits": 2, "x_bits": 8, "adc_bits": 7, "cols_per_adc": 8}, "par_tiles": 16}\n' > "$O/chip.json"
printf '{"name": "tiny", "tokens": 16, "embedding": 32, "heads": 2, "mlp": 64, "depth": 4}\n' > "$O/tiny.json"
grep -v '"mux_pj"' tech/default.json > "$O/nomux.json"
printf "encoder,impact\n1,0.5\n2,0.1\n3,0.7\n" > "$O/impact4.csv"

vg vecgen-random 0 "$TREX" vecgen --config tests/configs/m05.json --count 20 --seed 1 --out "$O/v1"
vg vecgen-corner 0 "$TREX" vecgen --config tests/configs/default.json --count 8 --seed 2 --mode corner --out "$O/v2"
vg xbar 0 "$TREX" xbar "$O/v1"
vg xbar-nonideal 0 "$TREX" xbar "$O/v2" --nonideal g_sigma=0.05,stuck_off=0.01,adc_sigma=0.5,seed=3
vg cycles-text 0 "$TREX" cycles tests/configs/default.json --count 10
vg cycles-json 0 "$TREX" cycles "$O/v1" --format json
vg schedule 0 "$TREX" schedule --model deit-t --reuse 3,5:1
vg schedule-json 0 "$TREX" schedule --model "$O/tiny.json" --chip "$O/chip.json" --reuse 2 --json
vg edap-compare 0 "$TREX" edap --model deit-s --reuse 2,4,6 --compare --json
vg edap-text 0 "$TREX" edap --model "$O/tiny.json" --chip "$O/chip.json" --reuse 1
vg search 0 "$TREX" search --model deit-t --delay-budget 0.9x --max-reuse 4
vg search-impact 0 "$TREX" search --model "$O/tiny.json" --delay-budget 0.9x --impact "$O/impact4.csv" --json
vg search-dp 0 "$TREX" search --model deit-t --delay-budget 0.95x --max-reuse 3 --method dp --csv
vg modelgen 0 "$TREX" modelgen --shape tiny --seed 1 --out "$O/tinyvit" --stats 4
/usr/bin/python3 -c 'import numpy as np, sys; np.save(sys.argv[1], np.arange(-16, 16, dtype=np.int8).reshape(2, 1, 4, 4))' "$O/img.npy"
vg infer 0 "$TREX" infer --model "$O/tinyvit" --input "$O/img.npy" --reuse 2:0 --dump "$O/dump" --json
vg infer-nonideal 0 "$TREX" infer --model "$O/tinyvit" --input "$O/img.npy" --chip "$O/chip.json" --reuse 1 --nonideal g_sigma=0.05,adc_sigma=0.5
# accuracy: a dataset of the two images (labels 0, 3), one run and two seeds, and a small study
mkdir -p "$O/acc-data"; cp "$O/img.npy" "$O/acc-data/images.npy"
/usr/bin/python3 -c 'import numpy as np, sys; np.save(sys.argv[1], np.array([0, 3], dtype=np.int64))' "$O/acc-data/labels.npy"
printf '{"format": "trex-dataset", "version": 1, "count": 2}\n' > "$O/acc-data/split.json"
vg accuracy 0 "$TREX" accuracy --model "$O/tinyvit" --data "$O/acc-data" --reuse 2:0 --logits "$O/acc-logits.npy"
vg accuracy-nonideal 0 "$TREX" accuracy --model "$O/tinyvit" --data "$O/acc-data" --chip "$O/chip.json" --nonideal g_sigma=0.05,adc_sigma=0.5 --seeds 2 --json
printf '{"format": "trex-accuracy-plan", "version": 1, "model": "%s", "data": "%s", "ideal_chip": "tests/accuracy/chip-lossless.json", "seeds": 2, "nonideal": [{"name": "g", "spec": "g_sigma=0.05"}], "lists": ["1,2"], "budgets": ["0.9x"], "adc": {"rows": [16], "cell_bits": [2], "below": 1}}\n' "$O/tinyvit" "$O/acc-data" > "$O/plan.json"
vg accuracy-study 0 "$TREX" accuracy-study --plan "$O/plan.json" --out "$O/study" --jobs 2 --quiet
# issue 18: pruning and sharing (schedule, infer, the mix search, compare-strategies)
cp -r "$O/tinyvit" "$O/prunevit"
/usr/bin/python3 - "$O/prunevit" <<'P'
import json, os, sys
d = sys.argv[1]
j = json.load(open(d + "/model.json"))
j["model"].update(encoder_tokens=[5, 3, 3], share_attention=[[2, 0]], share_mlp=[[2, 1]])
json.dump(j, open(d + "/model.json", "w"))
for l in ("q_proj", "k_proj", "v_proj", "out_proj", "fc1", "fc2"):
    os.remove("%s/enc02.%s.w.npy" % (d, l))
P
printf '{"tokens": 5, "embedding": 16, "heads": 2, "mlp": 32, "depth": 3, "encoder_tokens": [5, 3, 3], "share_mlp": [[2, 1]]}' > "$O/prune.json"
vg schedule-prune 0 "$TREX" schedule --model "$O/prune.json" --reuse 2 --json
vg infer-prune 0 "$TREX" infer --model "$O/prunevit" --input "$O/img.npy" --reuse 2 --dump "$O/dump-prune"
printf '1,0.5\n2,0.2\n' > "$O/impact3.csv"; printf '0,5 5 5\n1,5 3 3\n' > "$O/sched.csv"
vg search-mix 0 "$TREX" search --model "$O/prune.json" --delay-budget 0.95x --impact "$O/impact3.csv" --prune-schedules "$O/sched.csv" --accuracy-limit 2 --json
printf '{"format": "trex-strat-plan", "version": 1, "data": "%s", "chip": "tests/accuracy/chip-lossless.json", "nonideal": "g_sigma=0.05", "seeds": 2, "entries": [{"kind": "base", "model": "%s"}, {"kind": "reuse", "model": "%s", "reuse": "2", "match": "2"}, {"kind": "prune", "model": "%s", "match": "2"}]}\n' "$O/acc-data" "$O/tinyvit" "$O/tinyvit" "$O/prunevit" > "$O/stratplan.json"
vg compare-strategies 0 "$TREX" compare-strategies --plan "$O/stratplan.json" --out "$O/strat" --quiet
vg err-schedule-prune 1 "$TREX" schedule --model "$O/prune.json" --reuse 1 --regs "$O/regs.txt"
# writers of issue 15: staged directories, --force, gnuplot through trex_run
mkdir -p "$O/mixed"; echo keep > "$O/mixed/notes.txt"
vg vecgen-force 0 "$TREX" vecgen --config tests/configs/m01.json --count 4 --seed 3 --out "$O/mixed" --force
vg edap-sweep 0 "$TREX" edap --model "$O/tiny.json" --sweep --out "$O/sweep"
vg search-pareto 0 "$TREX" search --model deit-t --delay-budget 0.95x --max-reuse 3 --pareto "$O/pareto.csv"
# error paths
cp -r "$O/v1" "$O/trunc"; head -n 5 "$O/v1/weights.hex" > "$O/trunc/weights.hex"
vg err-xbar-trunc 1 "$TREX" xbar "$O/trunc"
vg err-vecgen-config 1 "$TREX" vecgen --config "$O/none.json" --count 2 --seed 1 --out "$O/x"
vg err-schedule-reuse 1 "$TREX" schedule --model deit-t --reuse 0
vg err-schedule-syntax 1 "$TREX" schedule --model deit-t --reuse 1,,2
vg err-edap-tech 1 "$TREX" edap --model deit-s --tech "$O/nomux.json"
vg err-search-budget 1 "$TREX" search --model deit-t --delay-budget 0.1x --max-reuse 2
vg err-infer-reuse 1 "$TREX" infer --model "$O/tinyvit" --input "$O/img.npy" --reuse 0
vg err-accuracy-labels 1 "$TREX" accuracy --model "$O/tinyvit" --data "$O/v1"
printf '{"format": "trex-accuracy-plan", "version": 1, "model": "%s", "data": "%s", "ideal_chip": "tests/accuracy/chip-lossless.json", "lists": ["9"]}\n' "$O/tinyvit" "$O/acc-data" > "$O/badplan.json"
vg err-accuracy-study 1 "$TREX" accuracy-study --plan "$O/badplan.json" --out "$O/study2"
cp -r "$O/tinyvit" "$O/badvit"; rm "$O/badvit/enc01.fc2.b.npy"
vg err-infer-tensor 1 "$TREX" infer --model "$O/badvit" --input "$O/img.npy" --dump "$O/dump2"
vg err-unknown 2 "$TREX" frobnicate
vg err-vecgen-foreign 1 "$TREX" vecgen --config tests/configs/m01.json --count 2 --seed 1 --out "$O/mixed"
printf '{"rows": 16, "rows": 32}' > "$O/dup.json"
vg err-dup-key 1 "$TREX" cycles "$O/dup.json"
echo "valgrind: $pass passed, $fail failed (logs $O/)"
exit $((fail != 0))
