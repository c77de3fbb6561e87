#!/usr/bin/env bash
# make train-check: short torch checks of the training flow (docs/accuracy.md).
#   run-train-check.sh OUTDIR
# 1. every stage (base, distil, option (a), option (b)) run twice in separate
#    processes with the same seed and threads gives bit-identical weights;
# 2. a different seed gives different weights (the check can fail);
# 3. the export of one checkpoint twice gives byte-identical model directories,
#    and the integer emulation reads it.
set -uo pipefail
OUT=${1:-build/train-check}
PY=/usr/bin/python3
T=scripts/vit/train_digits.py
rm -rf "$OUT"; mkdir -p "$OUT"
fails=0
ok()  { echo "train-check: ok   $*"; }
bad() { echo "train-check: FAIL $*"; fails=$((fails + 1)); }
run() { "$PY" "$@" >>"$OUT/log" 2>&1 || { bad "command failed: $* (see $OUT/log)"; exit 1; }; }
h()   { "$PY" "$T" hash --ckpt "$1"; }

"$PY" -c 'import torch, sklearn' 2>/dev/null || { echo "train-check: /usr/bin/python3 lacks torch or sklearn (scripts/install-deps.sh --train)"; exit 1; }
run "$T" split --out "$OUT/split"
for r in a b; do
  run "$T" base --data "$OUT/split" --epochs 2 --seed 5 --out "$OUT/base-$r.pt"
  run "$T" distil --data "$OUT/split" --epochs 1 --seed 5 --base "$OUT/base-a.pt" --out "$OUT/distil-$r.pt"
  run "$T" shared --data "$OUT/split" --epochs 1 --seed 5 --init "$OUT/distil-a.pt" --out "$OUT/shared-$r.pt"
  run "$T" dedicated --data "$OUT/split" --epochs 1 --seed 5 --init "$OUT/distil-a.pt" --reuse 2,4 --out "$OUT/ded-$r.pt"
done
for s in base distil shared ded; do
  ha=$(h "$OUT/$s-a.pt"); hb=$(h "$OUT/$s-b.pt")
  [[ -n $ha && $ha == "$hb" ]] && ok "$s: rerun bit-identical ($ha)" || bad "$s: rerun differs ($ha vs $hb)"
done
run "$T" base --data "$OUT/split" --epochs 2 --seed 6 --out "$OUT/base-c.pt"
[[ $(h "$OUT/base-a.pt") != $(h "$OUT/base-c.pt") ]] && ok "base: another seed gives other weights" \
  || bad "base: seeds 5 and 6 gave the same weights"
for r in a b; do
  run scripts/vit/export_int.py --ckpt "$OUT/shared-a.pt" --data "$OUT/split" --calib-lists pairs \
    --name check --out "$OUT/model-$r"
done
diff -r "$OUT/model-a" "$OUT/model-b" >/dev/null && ok "export: byte-identical on rerun" || bad "export: reruns differ"
if "$PY" scripts/vit/intemu.py --model "$OUT/model-a" --data "$OUT/split/data" --reuse none --reuse 3:1 >>"$OUT/log" 2>&1; then
  ok "intemu reads the export"; else bad "intemu failed on the export"; fi
if ((fails)); then echo "train-check: $fails failure(s) ($OUT/log)"; exit 1; fi
echo "train-check: all passed ($OUT)"
