#!/usr/bin/env bash
# The accelerator top trex_core in make bench (docs/core.md, "Speed";
# docs/performance.md): inferences per second of CPU and simulated cycles per
# second of CPU of the Verilated top (tb_core, which also runs the golden
# model in-process and compares every op), of the same RTL on Icarus (the
# replay of scripts/core-icarus.sh) and of the golden C model alone (trex
# infer), on the same images.
#
#   bench-core.sh [--out DIR] [--runs N]
#
# Models: the tiny trex modelgen shape (seed 1; BENCH_CORE_TINY_N random
# images, default 20, drawn once with a fixed seed into an .npy) and, when
# models/vit-digits is present (and BENCH_CORE_DIGITS is not 0), the trained
# model on the first
# BENCH_CORE_DIGITS_N (default 2) images of its test split. The C model runs
# every image of the file: BENCH_CORE_INFER_N tiny images (default 2000, the
# Verilated run takes the first of them), the whole 360-image split of the
# digits model. Icarus runs
# one image of the tiny model; the digits model on Icarus only with
# BENCH_CORE_ICARUS_DIGITS=1 (more than 26 CPU minutes for one image, docs).
# Rates are medians of N runs (default 1: the RTL runs are long) in CPU
# seconds (user+sys of the process). The Verilated build of a model's
# parameters is reused (scripts/core-build.sh); its first build is not timed.
# Writes DIR/results.json, DIR/results.md (default DIR build/bench/core).
set -uo pipefail
. "$(dirname "$0")/lib-run.sh"
run_self "$@"
cd "$(dirname "$0")/.." || exit 1
out=build/bench/core runs=1
. "$(dirname "$0")/lib-opts.sh"
opt_parse bench-core 2,22 --out=out --runs=runs -- "$@"
chk_path bench-core --out "$out"
chk_uint bench-core --runs "$runs" 1 100
TINY_N=${BENCH_CORE_TINY_N:-20}
DIG_N=${BENCH_CORE_DIGITS_N:-2}
INF_N=${BENCH_CORE_INFER_N:-}
ICD=${BENCH_CORE_ICARUS_DIGITS:-0}
DIG=${BENCH_CORE_DIGITS:-1}
chk_uint bench-core BENCH_CORE_DIGITS "$DIG" 0 1
chk_uint bench-core BENCH_CORE_TINY_N "$TINY_N" 1 10000
chk_uint bench-core BENCH_CORE_DIGITS_N "$DIG_N" 1 360
[[ -z $INF_N ]] || chk_uint bench-core BENCH_CORE_INFER_N "$INF_N" 1 1000000
chk_uint bench-core BENCH_CORE_ICARUS_DIGITS "$ICD" 0 1
TREX=${TREX:-build/bin/trex}
say() { echo "bench-core: $*"; }
die() { echo "bench-core: error: $*" >&2; exit 1; }
for t in "$TREX" build/sim-core/core_params build/bin/regress-tool /usr/bin/time; do
  [[ -x $t ]] || die "$t is missing (make build build/sim-core/core_params; apt-get install time)"
done
command -v vvp > /dev/null || die "vvp (Icarus) is not on PATH"
[[ -x /usr/bin/python3 ]] && /usr/bin/python3 -c 'import numpy' 2>/dev/null \
  || die "/usr/bin/python3 with numpy is needed to draw the tiny model's images (apt-get install python3-numpy)"
mkdir -p "$out" || die "cannot create $out"
rm -f "$out/results.json" "$out/results.md"
raw=$out/runs.tsv
: > "$raw"
rec() { [[ -n $3 && $3 != null ]] && printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$raw"; return 0; }
med() { awk -F'\t' -v k="$1" '$1 == k { print $3 }' "$raw" | sort -g |
        awk '{ v[NR] = $1 } END { if (NR == 0) print "null"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# CPU seconds of a command (its output to $1)
cpu_of() { local o=$1; shift; /usr/bin/time -f '%U %S' -o "$o.time" "$@" > "$o" 2>&1 || return 1; awk 'END { print $1 + $2 }' "$o.time"; }
per() { awk -v n="$1" -v c="$2" 'BEGIN { if (c == "" || c + 0 < 0.01) print "null"; else printf "%.4g", n / c }'; }
load0=$(cut -d' ' -f1 /proc/loadavg)

# the tiny model and its images (fixed seeds: the same work every run)
"$TREX" modelgen --shape tiny --seed 1 --out "$out/model-tiny" > "$out/modelgen.log" 2>&1 || die "trex modelgen tiny failed ($out/modelgen.log)"
ntiny=${INF_N:-2000}
((ntiny >= TINY_N)) || ntiny=$TINY_N
/usr/bin/python3 - "$out/model-tiny/model.json" "$out/tiny-images.npy" "$ntiny" <<'PY' || die "cannot draw the tiny model's images"
import json, sys
import numpy as np
m = json.load(open(sys.argv[1]))["image"]
rng = np.random.default_rng(7)
a = rng.integers(m["input_min"], m["input_max"] + 1,
                 size=(int(sys.argv[3]), m["channels"], m["height"], m["width"]), dtype=np.int64)
np.save(sys.argv[2] + ".tmp.npy", a.astype(np.int8))
import os; os.replace(sys.argv[2] + ".tmp.npy", sys.argv[2])
PY
models=("tiny|$out/model-tiny|$out/tiny-images.npy|$TINY_N|$ntiny|1")
if ((DIG)) && [[ -f models/vit-digits/model.json ]]; then
  ndig=$(/usr/bin/python3 -c 'import sys, numpy as np; print(np.load(sys.argv[1], mmap_mode="r").shape[0])' \
         models/vit-digits/data/images.npy) || die "models/vit-digits/data/images.npy: not readable"
  models+=("digits|models/vit-digits|models/vit-digits/data/images.npy|$DIG_N|$ndig|$ICD")
else
  say "models/vit-digits absent or BENCH_CORE_DIGITS=0: the tiny model only"
fi

rows=()
for spec in "${models[@]}"; do
  IFS='|' read -r name mdir imgs n ninf icarus <<<"$spec"
  d=$out/$name; mkdir -p "$d"
  p=$(build/sim-core/core_params --model "$mdir") || die "core_params --model $mdir failed"
  say "$name: trex_core $p (building if needed)"
  bin=$(bash scripts/core-build.sh "$p" 2> "$d/build.log") || die "the Verilated build failed (log $d/build.log)"
  tiles=$(sed -n 's/.*N_TILES=\([0-9]*\).*/\1/p' <<<"$p")
  for ((r = 1; r <= runs; r++)); do
    say "$name: run $r of $runs: Verilator ($n images), C model ($ninf images)${icarus:+$( ((icarus)) && echo ', Icarus (1 image)')}"
    c=$(cpu_of "$d/verilator.out" "$bin" --model "$mdir" --input "$imgs" --count "$n" --quiet) \
      || die "tb_core failed: $(tail -2 "$d/verilator.out")"
    l=$(grep -m1 '^sim-core: PASS' "$d/verilator.out") || die "tb_core did not pass ($d/verilator.out)"
    cyc=$(sed -n 's/.* \([0-9]*\) cycles in .*/\1/p' <<<"$l")
    rec "$name.v.cpu" "$r" "$c"; rec "$name.v.cycles" "$r" "$cyc"
    rec "$name.v.ips" "$r" "$(per "$n" "$c")"; rec "$name.v.cps" "$r" "$(per "$cyc" "$c")"
    c=$(cpu_of "$d/infer.out" "$TREX" infer --model "$mdir" --input "$imgs") \
      || die "trex infer failed: $(tail -2 "$d/infer.out")"
    rec "$name.c.cpu" "$r" "$c"; rec "$name.c.ips" "$r" "$(per "$ninf" "$c")"
    if ((icarus)); then
      rm -rf "$d/icarus"
      bash scripts/core-icarus.sh --model "$mdir" --input "$imgs" --count 1 --out "$d/icarus" > "$d/icarus.out" 2>&1 \
        || die "core-icarus failed: $(tail -2 "$d/icarus.out")"
      il=$(grep -h '^tb_core_icarus: PASS' "$d"/icarus/run.*/vvp.log) || die "no PASS line from Icarus ($d/icarus)"
      icyc=$(sed -n 's/.*; \([0-9]*\) cycles$/\1/p' <<<"$il")
      ic=$(cat "$d"/icarus/run.*/vvp.cpu 2>/dev/null)
      rec "$name.i.cpu" "$r" "$ic"; rec "$name.i.cycles" "$r" "$icyc"
      rec "$name.i.ips" "$r" "$(per 1 "$ic")"; rec "$name.i.cps" "$r" "$(per "$icyc" "$ic")"
    fi
  done
  rows+=("$name|$tiles|$n|$ninf|$icarus|$p")
done

. "$(dirname "$0")/lib-json.sh"
{
  jw s date "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  jwn runs "$runs"; jwn nproc "$(nproc)"; jwn load_before "$load0"; jwn load_after "$(cut -d' ' -f1 /proc/loadavg)"
  jw s verilator "$(verilator --version | head -1)"; jw s icarus "$(iverilog -V 2>/dev/null | head -1)"
  jw s rate_basis "CPU seconds (user+sys) of the process; the Verilated figure includes loading the chip through the load port and the in-process golden model with every op compared"
  k=0
  for row in "${rows[@]}"; do
    IFS='|' read -r name tiles n ninf icarus p <<<"$row"
    jw s models $k name "$name"; jw s models $k params "$p"; jwn models $k tiles "$tiles"
    jwn models $k verilator images "$n"; jwn models $k verilator cycles "$(med "$name.v.cycles")"
    jwn models $k verilator cpu_s "$(med "$name.v.cpu")"
    jwn models $k verilator images_per_cpu_s "$(med "$name.v.ips")"
    jwn models $k verilator cycles_per_cpu_s "$(med "$name.v.cps")"
    jwn models $k c_model images "$ninf"; jwn models $k c_model cpu_s "$(med "$name.c.cpu")"
    jwn models $k c_model images_per_cpu_s "$(med "$name.c.ips")"
    if ((icarus)); then
      jwn models $k icarus images 1; jwn models $k icarus cycles "$(med "$name.i.cycles")"
      jwn models $k icarus cpu_s "$(med "$name.i.cpu")"
      jwn models $k icarus images_per_cpu_s "$(med "$name.i.ips")"
      jwn models $k icarus cycles_per_cpu_s "$(med "$name.i.cps")"
    else
      jw z models $k icarus ""
    fi
    k=$((k + 1))
  done
} | build/bin/regress-tool json-write "$out/results.json" || die "cannot write $out/results.json"
{
  echo "| trex_core (CPU time) | tiles | Verilator images | Verilator images/s | Verilator cycles/s | Icarus images/s | Icarus cycles/s | C model (trex infer) images/s | C model / Verilator |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for row in "${rows[@]}"; do
    IFS='|' read -r name tiles n ninf icarus p <<<"$row"
    vi=$(med "$name.v.ips") ci=$(med "$name.c.ips")
    echo "| $name | $tiles | $n | $vi | $(med "$name.v.cps") | $( ((icarus)) && med "$name.i.ips" || echo -) | $( ((icarus)) && med "$name.i.cps" || echo -) | $ci | $(awk -v a="$ci" -v b="$vi" 'BEGIN { if (a == "null" || b == "null" || b == 0) print "-"; else printf "%.0f", a / b }') |"
  done
} > "$out/results.md.tmp" && mv "$out/results.md.tmp" "$out/results.md"
cat "$out/results.md"
say "medians of $runs run(s): $out/results.json, $out/results.md (raw: $raw)"
