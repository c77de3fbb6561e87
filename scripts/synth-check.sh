#!/usr/bin/env bash
# Baseline gating of the synthesis figures.
#   synth-check.sh check    OUTDIR   run every synth/baseline/*.json case, print
#                                    Before | After | Delta | Status, exit 1 on
#                                    a change beyond tolerance
#   synth-check.sh baseline OUTDIR   rewrite synth/baseline/*.json (on purpose)
# A baseline file holds the case (module, config, liberty) and, per metric,
# the committed value, the comparison and the tolerance in percent:
#   "area_um2": {"value": V, "compare": "<=", "tolerance_pct": T}
#     "<=": fails when after > V * (1 + T/100)   (area, energy, power)
#     ">=": fails when after < V * (1 - T/100)   (fmax)
# Cases on a liberty that is not present are skipped with a message.
set -u
cd "$(dirname "$0")/.." || exit 1
MODE=${1:?usage: synth-check.sh check|baseline OUTDIR}
OUT=${2:?usage: synth-check.sh check|baseline OUTDIR}
BASE=synth/baseline
SKY=../shared/pdk/sky130hd_tt.lib.gz
mkdir -p "$OUT" || exit 1

# Cases written by "baseline": config|liberty ("default" = synth/lib/trex_min.lib)
CASES="tests/synth/configs/s16.json|default
tests/synth/configs/s32.json|default
tests/synth/configs/s16.json|$SKY"
# metric|compare|tolerance_pct (tolerances: the flow is deterministic for a
# given RTL, liberty and tool set; these leave room for tool-version noise
# while catching real regressions)
METRICS="area_um2|<=|2
sequential_area_um2|<=|2
fmax_mhz|>=|5
power_mw|<=|5
energy_pj_per_mvm|<=|5"

JSONW=${JSONW:-build/bin/regress-tool}
[ -x "$JSONW" ] || { echo "synth-check: error: $JSONW not built (make build)" >&2; exit 1; }
# a member of a JSON file (regress-tool json-get); empty when absent
val() { "$JSONW" json-get "$2" "$1" 2>/dev/null; }
run_case() {   # config liberty -> prints metrics path
  local cfg=$1 lib=$2 log
  log=$OUT/run-$(basename "$cfg" .json)-$(basename "$lib").log
  if [ "$lib" = default ]; then
    bash scripts/synth-run.sh --config "$cfg" --root "$OUT" > "$log" 2>&1
  else
    bash scripts/synth-run.sh --config "$cfg" --lib "$lib" --root "$OUT" > "$log" 2>&1
  fi || { echo "synth-check: error: $(tail -1 "$log")" >&2; return 1; }
  sed -n 's/^synth: metrics: //p' "$log"
}

if [ "$MODE" = baseline ]; then
  mkdir -p "$BASE"
  echo "$CASES" | while IFS='|' read -r cfg lib; do
    if [ "$lib" != default ] && [ ! -r "$lib" ]; then echo "synth-baseline: skip $cfg on $lib (absent)"; continue; fi
    m=$(run_case "$cfg" "$lib") || exit 1
    key=$(basename "$(dirname "$m")")
    f=$BASE/$key.json
    {
      printf 's\tmodule\t%s\n' "$(val module "$m")"
      printf 's\tconfig\t%s\n' "$cfg"
      printf 's\tliberty\t%s\n' "$lib"
      printf 's\tliberty_sha256\t%s\n' "$(val liberty.sha256 "$m")"
      printf 's\twritten\t%s by make synth-baseline\n' "$(date -u +%Y-%m-%d)"
      echo "$METRICS" | while IFS='|' read -r k cmp tol; do
        printf 'n\tmetrics\t%s\tvalue\t%s\n' "$k" "$(val "$k" "$m")"
        printf 's\tmetrics\t%s\tcompare\t%s\n' "$k" "$cmp"
        printf 'n\tmetrics\t%s\ttolerance_pct\t%s\n' "$k" "$tol"
      done
    } | "$JSONW" json-write "$f" || exit 1
    echo "synth-baseline: wrote $f"
  done
  exit $?
fi

[ "$MODE" = check ] || { echo "synth-check: error: mode must be check or baseline" >&2; exit 2; }
ls "$BASE"/*.json > /dev/null 2>&1 || { echo "synth-check: error: no baselines in $BASE (make synth-baseline)" >&2; exit 1; }
fail=0; ncase=0
TABLE=$OUT/check.txt; : > "$TABLE"
for b in "$BASE"/*.json; do
  cfg=$(val config "$b")
  lib=$(val liberty "$b")
  [ -n "$cfg" ] && [ -n "$lib" ] || { echo "synth-check: error: $b: no config or liberty" >&2; fail=1; continue; }
  if [ "$lib" != default ] && [ ! -r "$lib" ]; then echo "synth-check: SKIP $(basename "$b"): liberty $lib absent" | tee -a "$TABLE"; continue; fi
  m=$(run_case "$cfg" "$lib") || { fail=1; continue; }
  ncase=$((ncase + 1))
  {
    echo
    echo "$(basename "$b" .json)  ($cfg, $lib)"
    printf '| %-20s | %14s | %14s | %9s | %-7s |\n' Metric Before After Delta Status
    printf '|%s|%s|%s|%s|%s|\n' ---------------------- ---------------- ---------------- ----------- ---------
  } | tee -a "$TABLE"
  while IFS='|' read -r k _ _; do
    before=$(val "metrics.$k.value" "$b"); [ -n "$before" ] || continue
    cmp=$(val "metrics.$k.compare" "$b")
    tol=$(val "metrics.$k.tolerance_pct" "$b")
    after=$(val "$k" "$m")
    st=$(awk -v b="$before" -v a="$after" -v c="$cmp" -v t="$tol" 'BEGIN {
      if (a == "" || a == "null") { print "MISSING"; exit }
      d = (b != 0) ? (a - b) / b * 100 : 0
      if (c == "<=") { if (a > b * (1 + t / 100)) s = "FAIL"; else if (a < b * (1 - t / 100)) s = "better"; else s = "ok" }
      else           { if (a < b * (1 - t / 100)) s = "FAIL"; else if (a > b * (1 + t / 100)) s = "better"; else s = "ok" }
      printf "%+.2f%% %s", d, s }')
    printf '| %-20s | %14.6g | %14.6g | %9s | %-7s |\n' "$k" "$before" "${after:-0}" "${st% *}" "${st#* }" | tee -a "$TABLE"
    case "$st" in *FAIL*|*MISSING*) fail=1 ;; esac
  done <<<"$METRICS"
done
echo
if [ $fail -ne 0 ]; then
  echo "synth-check: FAILED: a figure moved beyond its tolerance (table: $TABLE; make synth-baseline if the change is intended)"
  exit 1
fi
echo "synth-check: $ncase case(s) within tolerance (table: $TABLE)"
