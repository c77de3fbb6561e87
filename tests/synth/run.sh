#!/usr/bin/env bash
# test-synth: the synthesis flow (docs/synthesis.md).
#  1. the flow on the default liberty and on sky130 (skipped, visibly, when
#     ../shared/pdk/sky130hd_tt.lib.gz is absent) for two small tile
#     configurations (rows 16 and 32, otherwise equal): exit 0, metrics.json
#     with every required key, numbers positive, activity coverage at or
#     above its threshold, gate-level replay passed, manifest.json present;
#  2. area grows with rows (total and xbar_array);
#  3. make gls on a vector set passes, and fails on a corrupted expected.hex;
#  4. bad input: missing liberty, corrupt gzip, a text that is no liberty,
#     a liberty Yosys rejects, an activity threshold that cannot be met:
#     one line, non-zero exit, no metrics.json;
#  5. the per-module areas (area_by_module) add up to the design's total:
#     on every metrics.json of this run, and on a nested hierarchy with one
#     module in two parameter variants (tests/synth/fixtures/, figures by
#     hand: the top's accounting counted each variant at every variant's
#     instance count, 2.0 % over the total).
# Outputs under build/synth/test (removed and rebuilt each run).
set -u
cd "$(dirname "$0")/../.."
ROOT=build/synth/test
TREX=build/bin/trex
SKY=../shared/pdk/sky130hd_tt.lib.gz
rm -rf "$ROOT"; mkdir -p "$ROOT"
fails=0
ok()   { echo "  ok   $*"; }
bad()  { echo "  FAIL $*"; fails=$((fails + 1)); }
T0=$(date +%s)

REQ="module config liberty area_um2 area_by_module sequential_area_um2 cells fmax_mhz critical_path_ns power_mw clock_mhz_used activity energy_pj_per_mvm"
POS="area_um2 sequential_area_um2 cells fmax_mhz critical_path_ns power_mw clock_mhz_used energy_pj_per_mvm"
JG=build/bin/regress-tool
# a member of a JSON file (regress-tool json-get: the layout does not matter)
val() { "$JG" json-get "$2" "$1" 2>/dev/null; }
modarea() { val "area_by_module.$1.area_um2" "$2"; }

# the parts' areas add up to the total (4 decimals each)
sum_parts() {   # FILE LABEL
  local m=$1 l=$2 tot parts
  tot=$(val area_um2 "$m")
  parts=$("$JG" json-get "$m" area_by_module 2>/dev/null | tr ',{}' '\n\n\n' | sed -n 's/.*"area_um2": *\([0-9.eE+-]*\).*/\1/p' |
    awk '{ s += $1; n++ } END { printf "%.4f %d", s, n }')
  awk -v t="$tot" -v p="${parts% *}" -v n="${parts#* }" 'BEGIN { exit !(n > 0 && (p - t) ^ 2 <= (0.0001 * n + 0.001) ^ 2) }' \
    && ok "$l: the ${parts#* } parts add up to the total ($tot um2)" || bad "$l: parts add up to ${parts% *}, total $tot"
}

check_metrics() {   # FILE LABEL
  local m=$1 l=$2 k v miss=""
  [ -s "$m" ] || { bad "$l: no metrics.json"; return; }
  for k in $REQ; do "$JG" json-get "$m" "$k" >/dev/null 2>&1 || miss="$miss $k"; done
  [ -z "$miss" ] && ok "$l: every required key present" || bad "$l: keys missing:$miss"
  for k in $POS; do
    v=$(val "$k" "$m")
    awk -v v="$v" 'BEGIN { exit !(v + 0 > 0) }' || bad "$l: $k = '$v' is not positive"
  done
  [[ $(val liberty.sha256 "$m") =~ ^[0-9a-f]{64}$ ]] && ok "$l: liberty sha256 recorded" || bad "$l: no liberty sha256"
  cov="$(val activity.coverage "$m") $(val activity.min_coverage "$m")"
  awk -v c="${cov% *}" -v t="${cov#* }" 'BEGIN { exit !(c != "" && c + 0 >= t + 0 && t + 0 > 0) }' \
    && ok "$l: activity coverage ${cov% *} >= ${cov#* }" || bad "$l: activity coverage '$cov'"
  [ "$(val gate_level_replay.status "$m")" = pass ] && ok "$l: gate-level replay matched expected.hex" \
    || bad "$l: gate-level replay did not pass"
  [[ $(val tools.yosys "$(dirname "$m")/manifest.json") == Yosys* ]] \
    && ok "$l: manifest.json with tool versions" || bad "$l: manifest.json missing or incomplete"
  sum_parts "$m" "$l"
  ok "$l: area $(val area_um2 "$m") um2, fmax $(val fmax_mhz "$m") MHz, power $(val power_mw "$m") mW, $(val energy_pj_per_mvm "$m") pJ/MVM"
}

echo "== test-synth: flow on two configurations"
LIBS="default"
if [ -r "$SKY" ]; then LIBS="default sky130"; else
  echo "  SKIP sky130 runs: $SKY is not present (default liberty only)"; fi
for lib in $LIBS; do
  for c in s16 s32; do
    if [ "$lib" = default ]; then la=""; suf=""; else la="--lib $SKY"; suf="-sky130hd_tt"; fi
    id=$($TREX tile-params tests/synth/configs/$c.json --format id)
    if bash scripts/synth-run.sh --config tests/synth/configs/$c.json $la --root "$ROOT" --count 16 \
         > "$ROOT/$c-$lib.out" 2>&1; then
      ok "$lib/$c: flow exit 0 ($(tail -1 "$ROOT/$c-$lib.out"))"
    else
      bad "$lib/$c: flow failed: $(tail -1 "$ROOT/$c-$lib.out")"
    fi
    check_metrics "$ROOT/xbar_tile-$id$suf/metrics.json" "$lib/$c"
  done
  i16=$($TREX tile-params tests/synth/configs/s16.json --format id)
  i32=$($TREX tile-params tests/synth/configs/s32.json --format id)
  m16=$ROOT/xbar_tile-$i16$suf/metrics.json; m32=$ROOT/xbar_tile-$i32$suf/metrics.json
  a16=$(val area_um2 "$m16"); a32=$(val area_um2 "$m32")
  r16=$(modarea xbar_array "$m16"); r32=$(modarea xbar_array "$m32")
  awk -v a="$a16" -v b="$a32" 'BEGIN { exit !(a + 0 > 0 && b + 0 > a + 0) }' \
    && ok "$lib: area grows with rows ($a16 -> $a32 um2)" || bad "$lib: area does not grow with rows ($a16 -> $a32)"
  awk -v a="$r16" -v b="$r32" 'BEGIN { exit !(a + 0 > 0 && b + 0 > a + 0) }' \
    && ok "$lib: xbar_array area grows with rows ($r16 -> $r32 um2)" || bad "$lib: xbar_array area ($r16 -> $r32)"
done

echo "== test-synth: make gls"
$TREX vecgen --config tests/synth/configs/s16.json --count 8 --seed 7 --mode mixed --out "$ROOT/vec16" > /dev/null \
  || bad "vecgen for the gls test failed"
if make --no-print-directory gls VEC="$ROOT/vec16" SYNTH_ROOT="$ROOT/gls-ok" > "$ROOT/gls.out" 2>&1 \
   && grep -q 'PASS' "$ROOT/gls.out"; then ok "make gls: $(tail -1 "$ROOT/gls.out")"
else bad "make gls failed: $(tail -2 "$ROOT/gls.out" | tr '\n' ' ')"; fi
cp -r "$ROOT/vec16" "$ROOT/vec16-bad"
sed '3{s/0$/1/;t;s/.$/0/}' "$ROOT/vec16/expected.hex" > "$ROOT/vec16-bad/expected.hex"
if cmp -s "$ROOT/vec16/expected.hex" "$ROOT/vec16-bad/expected.hex"; then
  bad "could not corrupt expected.hex for the negative gls test"
elif make --no-print-directory gls VEC="$ROOT/vec16-bad" SYNTH_ROOT="$ROOT/gls-bad" > "$ROOT/gls-bad.out" 2>&1; then
  bad "make gls passed on a corrupted expected.hex"
else
  ok "make gls fails on a corrupted expected.hex ($(grep -m1 'synth: error' "$ROOT/gls-bad.out" | cut -c1-90)...)"
fi

echo "== test-synth: bad input"
printf 'this is not a liberty\n' > "$ROOT/notlib.lib"
head -c 20000 "$SKY" > "$ROOT/trunc.lib.gz" 2>/dev/null || printf '\037\213garbage' > "$ROOT/trunc.lib.gz"
# balanced and with a header, but a cell function Yosys cannot parse
sed 's/function : "(!A) | (!B)";/function : "A + + (";/' synth/lib/trex_min.lib > "$ROOT/badfunc.lib"
negcase() {   # LABEL EXPECTED-REGEX ARGS...
  local l=$1 re=$2; shift 2
  local out=$ROOT/neg-$l
  rm -rf "$out"
  bash scripts/synth-run.sh --config tests/synth/configs/s16.json --root "$out" --count 4 "$@" > "$out.txt" 2>&1
  local rc=$? n
  n=$(grep -c . "$out.txt")
  if [ $rc -ne 0 ] && [ "$n" -eq 1 ] && grep -qE "$re" "$out.txt" && [ -z "$(find "$out" -name metrics.json 2>/dev/null)" ]; then
    ok "$l: exit $rc, one line: $(cut -c1-100 "$out.txt")"
  else
    bad "$l: rc=$rc lines=$n metrics=$(find "$out" -name metrics.json 2>/dev/null | head -1) text: $(head -3 "$out.txt" | tr '\n' '|')"
  fi
}
negcase missing-liberty 'synth: error: liberty .*no such file' --lib "$ROOT/nonexistent.lib"
negcase corrupt-gzip 'synth: error: liberty .*corrupt' --lib "$ROOT/trunc.lib.gz"
negcase not-a-liberty 'synth: error: liberty .*not a usable liberty' --lib "$ROOT/notlib.lib"
negcase yosys-failure 'synth: error: yosys failed' --lib "$ROOT/badfunc.lib"
SYNTH_MIN_COV=1.01 negcase low-coverage 'synth: error: .*activity covers' 
negcase bad-config 'synth: error: configuration' --config /nonexistent.json

# 5. the accounting on a nested hierarchy (by hand: top 3 x 1; mid 7 x 3;
# leaf 10 x 6 (two per mid) + 4 x 1; flip-flops of 5 um2: leaf 6, mid 3)
abm=$(awk -v top=top -v seqa="DFF=5" -f scripts/synth-area-by-module.awk tests/synth/fixtures/stat_hier_nested.txt | sort | tr '\t' ' ' | tr '\n' ';')
want="n area_by_module leaf area_um2 64.0000;n area_by_module leaf instances 7;n area_by_module leaf sequential_um2 30.0000;\
n area_by_module mid area_um2 21.0000;n area_by_module mid instances 3;n area_by_module mid sequential_um2 15.0000;\
n area_by_module top area_um2 3.0000;n area_by_module top instances 1;n area_by_module top sequential_um2 0.0000;"
[ "$abm" = "$want" ] && ok "area_by_module on a nested hierarchy with two variants of a module: 64 + 21 + 3 = 88 um2" \
  || bad "area_by_module on the nested fixture: $abm"

echo "test-synth: $(( $(date +%s) - T0 )) s"
if [ $fails -ne 0 ]; then echo "test-synth: $fails check(s) FAILED (outputs: $ROOT)"; exit 1; fi
echo "test-synth: all checks passed (outputs: $ROOT)"
