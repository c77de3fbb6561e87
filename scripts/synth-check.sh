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

val() { awk -v k="\"$1\":" '$1 == k && /^  "/ { v = $2; sub(/,$/, "", v); print v; exit }' "$2"; }
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
      echo "{"
      echo "  \"module\": \"$(val module "$m" | tr -d '"')\","
      echo "  \"config\": \"$cfg\","
      echo "  \"liberty\": \"$lib\","
      echo "  \"liberty_sha256\": $(sed -n 's/.*"liberty": {[^}]*"sha256": \("[0-9a-f]*"\).*/\1/p' "$m"),"
      echo "  \"written\": \"$(date -u +%Y-%m-%d) by make synth-baseline\","
      echo "  \"metrics\": {"
      n=0; total=$(echo "$METRICS" | wc -l)
      echo "$METRICS" | while IFS='|' read -r k cmp tol; do
        n=$((n + 1)); sep=","; [ $n -eq "$total" ] && sep=""
        echo "    \"$k\": {\"value\": $(val "$k" "$m"), \"compare\": \"$cmp\", \"tolerance_pct\": $tol}$sep"
      done
      echo "  }"
      echo "}"
    } > "$f.tmp" && mv "$f.tmp" "$f"
    echo "synth-baseline: wrote $f"
  done
  exit $?
fi

[ "$MODE" = check ] || { echo "synth-check: error: mode must be check or baseline" >&2; exit 2; }
ls "$BASE"/*.json > /dev/null 2>&1 || { echo "synth-check: error: no baselines in $BASE (make synth-baseline)" >&2; exit 1; }
fail=0; ncase=0
TABLE=$OUT/check.txt; : > "$TABLE"
for b in "$BASE"/*.json; do
  cfg=$(sed -n 's/^  "config": "\(.*\)",$/\1/p' "$b")
  lib=$(sed -n 's/^  "liberty": "\(.*\)",$/\1/p' "$b")
  if [ "$lib" != default ] && [ ! -r "$lib" ]; then echo "synth-check: SKIP $(basename "$b"): liberty $lib absent" | tee -a "$TABLE"; continue; fi
  m=$(run_case "$cfg" "$lib") || { fail=1; continue; }
  ncase=$((ncase + 1))
  {
    echo
    echo "$(basename "$b" .json)  ($cfg, $lib)"
    printf '| %-20s | %14s | %14s | %9s | %-7s |\n' Metric Before After Delta Status
    printf '|%s|%s|%s|%s|%s|\n' ---------------------- ---------------- ---------------- ----------- ---------
  } | tee -a "$TABLE"
  while read -r line; do
    k=$(echo "$line" | sed -n 's/^ *"\([a-z_0-9]*\)": {"value".*/\1/p'); [ -n "$k" ] || continue
    before=$(echo "$line" | sed -n 's/.*"value": \([^,]*\),.*/\1/p')
    cmp=$(echo "$line" | sed -n 's/.*"compare": "\([<>]=\)".*/\1/p')
    tol=$(echo "$line" | sed -n 's/.*"tolerance_pct": \([0-9.]*\).*/\1/p')
    after=$(val "$k" "$m")
    st=$(awk -v b="$before" -v a="$after" -v c="$cmp" -v t="$tol" 'BEGIN {
      if (a == "" || a == "null") { print "MISSING"; exit }
      d = (b != 0) ? (a - b) / b * 100 : 0
      if (c == "<=") { if (a > b * (1 + t / 100)) s = "FAIL"; else if (a < b * (1 - t / 100)) s = "better"; else s = "ok" }
      else           { if (a < b * (1 - t / 100)) s = "FAIL"; else if (a > b * (1 + t / 100)) s = "better"; else s = "ok" }
      printf "%+.2f%% %s", d, s }')
    printf '| %-20s | %14.6g | %14.6g | %9s | %-7s |\n' "$k" "$before" "${after:-0}" "${st% *}" "${st#* }" | tee -a "$TABLE"
    case "$st" in *FAIL*|*MISSING*) fail=1 ;; esac
  done < "$b"
done
echo
if [ $fail -ne 0 ]; then
  echo "synth-check: FAILED: a figure moved beyond its tolerance (table: $TABLE; make synth-baseline if the change is intended)"
  exit 1
fi
echo "synth-check: $ncase case(s) within tolerance (table: $TABLE)"
