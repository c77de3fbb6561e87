#!/usr/bin/env bash
# make synth-sweep: synthesize a range of tile configurations and plot area,
# fmax and energy per MVM against each parameter.
#   synth-sweep.sh OUTDIR [LIB]
# One parameter varies at a time around a small base configuration (below);
# every point is a full run of scripts/synth-run.sh (measured, not scaled),
# kept under OUTDIR/runs. Outputs: OUTDIR/sweep.csv and OUTDIR/<param>.png.
# SWEEP_ROWS etc. override the value lists (space separated).
# The points are a plan run by scripts/plan-run.sh: SCHED=slurm (and
# PARTITION=P) runs them as Slurm job arrays, SWEEP_JOBS=N runs N at a time
# locally (default 1: a synthesis run uses the machine).
set -u
# every command below runs in one process group that an interruption stops
# whole (scripts/lib-run.sh)
. "$(dirname "$0")/lib-run.sh"
run_self "$@"
cd "$(dirname "$0")/.." || exit 1
# one point (a command of the plan): synthesise CFG, record its metrics path
if [[ ${1:-} == --point ]]; then
  cfg=${2:?} lib=${3:-} root=${4:?} rec=${5:?}
  libarg=(); [[ -n $lib ]] && libarg=(--lib "$lib")
  rm -f "$rec"
  bash scripts/synth-run.sh --config "$cfg" "${libarg[@]}" --root "$root" > "$rec.out" 2>&1 || { tail -3 "$rec.out"; exit 1; }
  sed -n 's/^synth: metrics: //p' "$rec.out" > "$rec.tmp" && mv "$rec.tmp" "$rec"
  exit 0
fi
OUT=${1:?usage: synth-sweep.sh OUTDIR [LIB]}
LIB=${2:-}
TREX=${TREX:-build/bin/trex}
. scripts/lib-checks.sh
chk_path synth-sweep OUTDIR "$OUT"
mkdir -p "$OUT/runs" "$OUT/configs" || { echo "synth-sweep: error: cannot create $OUT" >&2; exit 1; }

# Base: rows 32, outs 2, w_bits 4, cell_bits 2, x_bits 4 (signed), adc_bits 4,
# cols_per_adc 2, offset encoding.
ROWS=${SWEEP_ROWS:-"16 32 64 128 256"}
ADC=${SWEEP_ADC_BITS:-"2 4 6 8"}
CPA=${SWEEP_COLS_PER_ADC:-"1 2 4"}
CB=${SWEEP_CELL_BITS:-"1 2 4"}
ENC=${SWEEP_ENCODING:-"offset differential"}
# The lists become file names and JSON: whole numbers and the two encodings
# only (a value like '1, "x": 2' or '../../x' is refused, not written).
set -f  # the lists are split on blanks, never globbed
for v in $ROWS $ADC $CPA $CB; do
  [[ $v =~ ^[0-9]{1,4}$ ]] || { echo "synth-sweep: error: sweep value '$v' is not a whole number" >&2; exit 1; }
done
for v in $ENC; do
  [[ $v == offset || $v == differential ]] || { echo "synth-sweep: error: SWEEP_ENCODING value '$v' is not offset or differential" >&2; exit 1; }
done
# the liberty's name in the plot titles: reduced to [A-Za-z0-9._-]
LIBTAG=$(basename "${LIB:-trex_min}" | tr -c 'A-Za-z0-9._\n-' '_')

mkcfg() {   # rows adc cpa cb enc -> path
  local f="$OUT/configs/r$1-a$2-m$3-c$4-$5.json"
  printf '{ "rows": %s, "outs": 2, "w_bits": 4, "cell_bits": %s, "x_bits": 4, "x_signed": true, "adc_bits": %s, "cols_per_adc": %s, "w_encoding": "%s" }\n' \
    "$1" "$4" "$2" "$3" "$5" > "$f"
  echo "$f"
}
# a member of a metrics.json (regress-tool json-get: the JSON is read in C)
JSONW=${JSONW:-build/bin/regress-tool}
val() { "$JSONW" json-get "$2" "$1" 2>/dev/null; }
modarea() { "$JSONW" json-get "$2" "area_by_module.$1.area_um2" 2>/dev/null; }

# ---- the plan: one synthesis run per point ---------------------------------
T0=$(date +%s); nfail=0
PLAN=$OUT/plan.tsv
mkdir -p "$OUT/points"
: > "$PLAN.tmp"
declare -a P_PARAM=() P_VAL=() P_ID=()
declare -A planned=()
point() {   # param value cfg; one synthesis per distinct configuration
  local p=$1 v=$2 cfg=$3 id
  id=$("$TREX" tile-params "$cfg" --format id) || { echo "synth-sweep: $p=$v: illegal configuration, skipped"; return; }
  P_PARAM+=("$p"); P_VAL+=("$v"); P_ID+=("$id")
  [[ -n ${planned[$id]:-} ]] && return
  planned[$id]=1
  printf 'sweep/%s\t-\t-\t%s\tbash\tscripts/synth-sweep.sh\t--point\t%s\t%s\t%s\t%s\n' \
    "$id" "$OUT/points/$id.txt" "$cfg" "$LIB" "$OUT/runs" "$OUT/points/$id.txt" >> "$PLAN.tmp"
}
for v in $ROWS; do point rows "$v" "$(mkcfg "$v" 4 2 2 offset)"; done
for v in $ADC;  do point adc_bits "$v" "$(mkcfg 32 "$v" 2 2 offset)"; done
for v in $CPA;  do point cols_per_adc "$v" "$(mkcfg 32 4 "$v" 2 offset)"; done
for v in $CB;   do point cell_bits "$v" "$(mkcfg 32 4 2 "$v" offset)"; done
for v in $ENC;  do point encoding "$v" "$(mkcfg 32 4 2 2 "$v")"; done
mv "$PLAN.tmp" "$PLAN"
runner=(bash scripts/plan-run.sh --sched "${SCHED:-local}" --jobs "${SWEEP_JOBS:-1}" --out "$OUT")
[[ -n ${PARTITION:-} ]] && runner+=(--partition "$PARTITION")
"${runner[@]}" "$PLAN"
prc=$?
((prc == 130)) && { echo "synth-sweep: interrupted" >&2; exit 130; }
((prc == 2)) && { echo "synth-sweep: the ${SCHED:-local} back end did not start (above); no point ran" >&2; exit 2; }

# ---- collect ------------------------------------------------------------------
CSV=$OUT/sweep.csv.tmp
echo "param,value,config_id,area_um2,array_area_um2,sequential_area_um2,fmax_mhz,power_mw,energy_pj_per_mvm,cycles_per_mvm,liberty" > "$CSV"
for ((i = 0; i < ${#P_ID[@]}; i++)); do
  p=${P_PARAM[$i]} v=${P_VAL[$i]} id=${P_ID[$i]} rec=$OUT/points/${P_ID[$i]}.txt
  m=$(cat "$rec" 2>/dev/null)
  if [[ -z $m || ! -f $m ]]; then
    echo "synth-sweep: $p=$v ($id) failed: $(tail -1 "$rec.out" 2>/dev/null || echo 'no output')"; nfail=$((nfail + 1)); continue
  fi
  echo "synth-sweep: $p=$v: $(head -1 "$rec.out" | sed 's/^synth: //')"
  echo "$p,$v,$id,$(val area_um2 "$m"),$(modarea xbar_array "$m"),$(val sequential_area_um2 "$m"),$(val fmax_mhz "$m"),$(val power_mw "$m"),$(val energy_pj_per_mvm "$m"),$(val cycles_per_mvm "$m"),$LIBTAG" >> "$CSV"
done
mv "$CSV" "$OUT/sweep.csv"

# Plots: one PNG per parameter, three panels (area, fmax, energy per MVM).
# gnuplot runs inside OUT on the fixed names p.dat / p.png: no path of the
# user's reaches its script (gnuplot runs `backquoted` text in double-quoted
# strings), and the only other string, the liberty tag, is reduced above.
for p in rows adc_bits cols_per_adc cell_bits encoding; do
  dat=$OUT/$p.dat
  awk -F, -v p="$p" 'NR > 1 && $1 == p { print $2, $4, $7, $9 }' "$OUT/sweep.csv" > "$dat"
  [ -s "$dat" ] || continue
  if [ "$p" = encoding ]; then using="(\$0):%d:xtic(1)"; xr="set xrange [-0.5:1.5]"; else using="1:%d"; xr="set autoscale x"; fi
  [ "$p" = rows ] && lx="set logscale x 2" || lx="unset logscale x"
  (cd "$OUT" && gnuplot > "$p.gnuplot.log" 2>&1) <<EOF || echo "synth-sweep: gnuplot failed for $p (log: $OUT/$p.gnuplot.log)"
set terminal pngcairo noenhanced size 1500,450 font ",10"
set output '$p.png'
set multiplot layout 1,3 title 'TReX tile synthesis vs $p (base: rows 32, outs 2, w 4, cell 2, x 4, adc 4, mux 2, offset; liberty $LIBTAG)' 
set grid
$xr
$lx
set xlabel "$p"
set ylabel "area (um^2)"
plot '$p.dat' using $(printf "$using" 2) with linespoints pt 7 title "area"
set ylabel "fmax (MHz)"
plot '$p.dat' using $(printf "$using" 3) with linespoints pt 7 title "fmax"
set ylabel "energy per MVM (pJ)"
plot '$p.dat' using $(printf "$using" 4) with linespoints pt 7 title "energy/MVM"
unset multiplot
EOF
done
echo "synth-sweep: $(( $(wc -l < "$OUT/sweep.csv") - 1 )) points in $(( $(date +%s) - T0 )) s, $nfail failed"
echo "synth-sweep: csv: $OUT/sweep.csv"
echo "synth-sweep: plots: $(ls "$OUT"/*.png 2>/dev/null | tr '\n' ' ')"
[ $nfail -eq 0 ]
