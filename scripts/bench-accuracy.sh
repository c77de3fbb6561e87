#!/usr/bin/env bash
# make bench-accuracy (part of make bench): images per second of the golden
# model's `trex accuracy` and of the PyTorch peer scripts/vit/inttorch.py,
# both running the integer contract (docs/encoder-int.md) on the same model
# directory and dataset, side by side; the two runs' logits are compared (they
# must be equal, else the bench fails). Medians of BENCH_RUNS runs; each tool
# times its own evaluation loop (trex accuracy --json cpu_s/wall_s, inttorch.py
# --json cpu_s/wall_s: loading, interpreter start-up and imports excluded), in
# CPU seconds (other load on a shared machine inflates them less than wall
# time; with 2 threads CPU time adds both threads) and wall seconds.
# Writes build/bench/accuracy.json and accuracy.md.
#
# The model is MODEL (default models/vit-digits); without it a trex modelgen
# 'digits' model on a synthetic dataset stands in (said in the output).
# Rows: trex accuracy on the lossless chip (8-bit ADC; the tile emulation on
# every MVM; the default chip), on the 6-bit ADC chip (the default until issue
# 12, tests/edap/chip-adc6.json: lossy), non-ideal (g_sigma 5%), and
# inttorch.py (exact int64 products, 1 thread and, for reference, 2 threads).
# Without torch for /usr/bin/python3 the peer rows say "skipped".
set -uo pipefail
# every command below runs in one process group that an interruption stops
# whole (scripts/lib-run.sh)
. "$(dirname "$0")/lib-run.sh"
run_self "$@"
TREX=${1:-build/bin/trex}
MODEL=${2:-models/vit-digits}
RUNS=${BENCH_RUNS:-3}
PY=/usr/bin/python3
. "$(dirname "$0")/lib-checks.sh"
. "$(dirname "$0")/lib-json.sh"
JSONW=${JSONW:-build/bin/regress-tool}
chk_uint bench-accuracy BENCH_RUNS "$RUNS" 1 100
O=build/bench
A=$O/accuracy
mkdir -p "$A"
die() { echo "bench-accuracy: error: $*" >&2; exit 1; }
# one run at a time on build/bench (the same lock as bench.sh: make bench runs
# both, one after the other); the earlier summary goes first, so that an
# interrupted or failed run never leaves it beside this run's partial files
# (issue 15, classes 5 and 6; H151, H152)
run_lock bench-accuracy "$O" "$O"
rm -f "$O/accuracy.json" "$O/accuracy.md"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (apt-get install time)"
CHIP=tests/accuracy/chip-lossless.json
if [[ -f $MODEL/model.json ]]; then
  M=$MODEL D=$MODEL/data what="$MODEL (trained)"
else
  M=$A/synth-model D=$A/synth-data what="trex modelgen digits seed 1 with a synthetic dataset ($MODEL is absent)"
  if [[ ! -f $M/model.json || ! -f $D/images.npy ]]; then
    # made in a private directory and renamed into place, the data first (a
    # model without its data, left by a failed or interrupted run, was reused)
    rm -rf "$M" "$D"
    BA_TMP=$(mktemp -d "$A/.synth.XXXXXX") || die "cannot create a directory in $A"
    trap 'rm -rf "$BA_TMP"' EXIT
    "$TREX" modelgen --shape digits --seed 1 --out "$BA_TMP/model" > /dev/null || die "modelgen failed"
    $PY tests/accuracy/synth_data.py --trex "$TREX" --model "$BA_TMP/model" --chip "$CHIP" --out "$BA_TMP/data" --count 360 > /dev/null ||
      die "synth_data.py failed"
    mv -T "$BA_TMP/data" "$D" && mv -T "$BA_TMP/model" "$M" || die "cannot rename the synthetic model into $A"
  fi
fi
n=$($PY -c 'import numpy, sys; print(numpy.load(sys.argv[1], mmap_mode="r").shape[0])' "$D/images.npy") ||
  die "$D/images.npy: cannot read"
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
jnum() { $PY -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }
rate() { # key images cmd...: medians over RUNS runs of images per CPU second and
  # per wall second of the evaluation itself (each tool times its own loop:
  # model loading, Python start-up and imports are outside), "cpu wall"
  local key=$1 imgs=$2; shift 2
  : > "$A/$key.rates"
  for ((r = 0; r < RUNS; r++)); do
    "$@" --json > "$A/$key.json" 2> "$A/$key.err" || { cat "$A/$key.err" >&2; return 1; }
    echo "$(jnum "$A/$key.json" cpu_s) $(jnum "$A/$key.json" wall_s)" >> "$A/$key.rates"
  done
  local c w
  c=$(awk '{ print $1 }' "$A/$key.rates" | median)
  w=$(awk '{ print $2 }' "$A/$key.rates" | median)
  awk -v n="$imgs" -v c="$c" -v w="$w" 'BEGIN { printf "%.1f %.1f\n", n / c, n / w }'
}
echo "bench-accuracy: $n images of $D, model $what, $RUNS runs each"
read -r r_ll w_ll < <(rate trex-lossless "$n" $TREX accuracy --model "$M" --data "$D" --chip "$CHIP" --reuse 1,3,5 --logits "$A/trex.npy") ||
  die "trex accuracy failed"
read -r r_def w_def < <(rate trex-adc6 "$n" $TREX accuracy --model "$M" --data "$D" --chip tests/edap/chip-adc6.json --reuse 1,3,5) || die "trex accuracy (6-bit ADC chip) failed"
nn=$((n < 120 ? n : 120))
read -r r_ni w_ni < <(rate trex-nonideal "$nn" $TREX accuracy --model "$M" --data "$D" --chip "$CHIP" --reuse 1,3,5 --nonideal g_sigma=0.05 --limit "$nn") ||
  die "trex accuracy (non-ideal) failed"
peer="skipped" r_t1=null r_t2=null w_t1=null w_t2=null same=null tv=null
if $PY -c 'import torch' 2> /dev/null; then
  read -r r_t1 w_t1 < <(rate torch1 "$n" $PY scripts/vit/inttorch.py --model "$M" --data "$D" --reuse 1,3,5 --threads 1 --logits "$A/torch.npy") ||
    die "inttorch.py failed"
  read -r r_t2 w_t2 < <(rate torch2 "$n" $PY scripts/vit/inttorch.py --model "$M" --data "$D" --reuse 1,3,5 --threads 2) ||
    die "inttorch.py (2 threads) failed"
  tv=$($PY -c 'import torch; print(torch.__version__)')
  if cmp -s "$A/trex.npy" "$A/torch.npy"; then same=true; else same=false; fi
  peer="torch $tv"
else
  echo "bench-accuracy: torch is not installed for $PY: the PyTorch peer is skipped"
fi
load=$(cut -d' ' -f1 /proc/loadavg)
# accuracy.json through regress-tool json-write (lib-json.sh)
{
  jw s format trex-bench-accuracy; jw n version 1
  jw s model "$what"; jw n images "$n"; jw n runs "$RUNS"; jw n loadavg "$load"
  jwn trex_lossless_images_per_s cpu "$r_ll"; jwn trex_lossless_images_per_s wall "$w_ll"
  jwn trex_adc6_chip_images_per_s cpu "$r_def"; jwn trex_adc6_chip_images_per_s wall "$w_def"
  jwn trex_nonideal_images_per_s cpu "$r_ni"; jwn trex_nonideal_images_per_s wall "$w_ni"
  jw n nonideal_images "$nn"
  jwn torch_1thread_images_per_s cpu "$r_t1"; jwn torch_1thread_images_per_s wall "$w_t1"
  jwn torch_2threads_images_per_s cpu "$r_t2"; jwn torch_2threads_images_per_s wall "$w_t2"
  if [[ $tv == null ]]; then jw z torch ""; else jw s torch "$tv"; fi
  if [[ $same == null ]]; then jw z logits_equal ""; else jw b logits_equal "$same"; fi
} | "$JSONW" json-write "$O/accuracy.json" || die "accuracy.json: regress-tool json-write failed"
{
  echo "| run (reuse 1,3,5; $n images; median of $RUNS) | images / CPU s | images / wall s |"
  echo "| --- | --- | --- |"
  echo "| trex accuracy, lossless tile (64x8, 8-bit ADC: the default chip) | $r_ll | $w_ll |"
  echo "| trex accuracy, 6-bit ADC chip (lossy; the default until issue 12) | $r_def | $w_def |"
  echo "| trex accuracy, non-ideal g_sigma 5% ($nn images) | $r_ni | $w_ni |"
  echo "| inttorch.py ($peer), 1 thread | $r_t1 | $w_t1 |"
  echo "| inttorch.py ($peer), 2 threads | $r_t2 | $w_t2 |"
  echo
  echo "Model: $what. Logits of trex (lossless) and inttorch.py equal: $same. Load average at the end: $load."
} > "$O/accuracy.md.tmp" && mv "$O/accuracy.md.tmp" "$O/accuracy.md" || die "cannot write $O/accuracy.md"
cat "$O/accuracy.md"
[[ $same == false ]] && die "trex and inttorch.py disagree on the logits ($A/trex.npy, $A/torch.npy)"
echo "bench-accuracy: $O/accuracy.json, $O/accuracy.md"
