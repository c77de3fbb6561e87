#!/usr/bin/env bash
# test-regress-tools: the regression's writers (scripts/regress-tool.c) on
# canned inputs, a failing run among them: summary.json counts and failure
# modes, junit.xml well-formed (xmllint) with one root element and a
# <failure> carrying the replay command, the report's Before | After | Delta
# | Status table and its exit status on a changed figure, the baseline
# writer, the coverage merge (bins never hit) and the mutation summary, and
# one-line errors on bad input.
set -uo pipefail
TOOL=${1:-build/bin/regress-tool}
T=build/test/regress-tools
rm -rf "$T"; mkdir -p "$T"
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
expect() { # description command... (must succeed)
  local d=$1; shift
  if "$@" >"$T/out" 2>"$T/err"; then ok; else bad "$d: $(head -2 "$T/err")"; fi
}
command -v xmllint >/dev/null || { echo "regress-tools: xmllint missing (apt-get install libxml2-utils)"; exit 1; }

# ---- a run with one failure of each mode, a pass and a skip -----------------
cat >"$T/log-mm" <<'EOF'
MISMATCH config r16o4w2c1x2s-a1m1-off vector 3 output 1
  expected 0x00000002 (2)  got 0x00000003 (3)  xor 0x00000001
  a line with <xml> & "quotes" and a control char: 
sim: config=r16o4w2c1x2s-a1m1-off vectors=4 words=16 mismatches=1 cycle_errors=0 FAIL
EOF
tab=$'\t'
{
  echo "m01/lock-s1${tab}1${tab}PASS${tab}${tab}0.52${tab}make lockstep CFG=tests/configs/m01.json N=2000 SEED=1${tab}$T/log-ok${tab}"
  echo "m01/file-random-s1${tab}1${tab}FAIL${tab}MISMATCH${tab}0.30${tab}make sim VEC=x & y <z>${tab}$T/log-mm${tab}MISMATCH config r16o4w2c1x2s-a1m1-off vector 3 output 1"
  echo "m02/lock-s1${tab}1${tab}FAIL${tab}TIMEOUT${tab}600.00${tab}make lockstep CFG=tests/configs/m02.json${tab}$T/none${tab}TIMEOUT config m02"
  echo "ctrl/sim-s1${tab}1${tab}FAIL${tab}CRASH${tab}1.00${tab}make sim-ctrl CTRL_SEED=1${tab}${tab}exit status 139"
  echo "indep/c1${tab}-${tab}FAIL${tab}FILE_ERROR${tab}0.01${tab}make sim VEC=vectors/indep-c1${tab}${tab}weights.hex:10: 10 values"
  echo "build/r16${tab}-${tab}FAIL${tab}BUILD${tab}20.0${tab}make build/sim/r16/tb_xbar${tab}${tab}Verilator build failed"
  echo "synth/check${tab}-${tab}SKIP${tab}${tab}0${tab}${tab}${tab}not present"
} >"$T/results.tsv"
expect "summary on a failing run" "$TOOL" summary "$T/results.tsv" "$T" 12.3 quick
s=$T/summary.json
for kv in '"tests":	7' '"passed":	1' '"failed":	5' '"skipped":	1' '"seconds":	12.3' \
          '"failure_mode":	"MISMATCH"' '"failure_mode":	"TIMEOUT"' '"failure_mode":	"CRASH"' \
          '"failure_mode":	"FILE_ERROR"' '"failure_mode":	"BUILD"' '"seed":	1' '"seed":	null'; do
  grep -qF "$kv" "$s" && ok || bad "summary.json lacks $kv"
done
if xmllint --noout "$T/junit.xml" 2>"$T/xerr"; then ok; else bad "junit.xml not well-formed: $(head -1 "$T/xerr")"; fi
roots=$(xmllint --xpath 'count(/*)' "$T/junit.xml" 2>/dev/null)
[[ $roots == 1 ]] && ok || bad "junit.xml root elements: $roots"
[[ $(xmllint --xpath 'string(/testsuites/@failures)' "$T/junit.xml") == 5 ]] && ok || bad "junit failures attribute"
[[ $(xmllint --xpath 'count(//testcase)' "$T/junit.xml") == 7 ]] && ok || bad "junit testcase count"
[[ $(xmllint --xpath 'count(//testcase/failure)' "$T/junit.xml") == 5 ]] && ok || bad "junit failure count"
[[ $(xmllint --xpath 'count(//testcase/skipped)' "$T/junit.xml") == 1 ]] && ok || bad "junit skipped count"
xmllint --xpath 'string(//testcase[@name="m01/file-random-s1"]/failure)' "$T/junit.xml" | grep -q '^replay: make sim VEC=x & y <z>' \
  && ok || bad "junit failure body lacks the replay command"
xmllint --xpath 'string(//testcase[@name="m01/file-random-s1"]/failure)' "$T/junit.xml" | grep -q 'xor 0x00000001' \
  && ok || bad "junit failure body lacks the log tail"
[[ $(xmllint --xpath 'string(//testcase[@name="m02/lock-s1"]/failure/@type)' "$T/junit.xml") == TIMEOUT ]] && ok || bad "junit failure type"
# GitLab/Jenkins read testsuite/testcase with classname, name, time
[[ $(xmllint --xpath 'string(//testcase[1]/@classname)' "$T/junit.xml") == regress.m01 ]] && ok || bad "junit classname"

# ---- bad result lines: one line, non-zero, nothing written ------------------
mkdir -p "$T/bad"
printf 'x\t1\tMAYBE\t\t0\t\t\t\n' >"$T/bad/r1"
printf 'x\t1\tFAIL\t\t0\t\t\t\n' >"$T/bad/r2"
printf 'x\t1\tFAIL\tOOPS\t0\t\t\t\n' >"$T/bad/r3"
printf 'x\t1\tPASS\n' >"$T/bad/r4"
for r in r1 r2 r3 r4; do
  if "$TOOL" summary "$T/bad/$r" "$T/bad" 1 quick >/dev/null 2>"$T/err"; then bad "summary accepted bad/$r"
  elif [[ $(grep -c '' "$T/err") == 1 && -n $(grep "$r:1:" "$T/err") && ! -e $T/bad/summary.json ]]; then ok
  else bad "summary error for bad/$r: $(cat "$T/err")"; fi
done
"$TOOL" summary "$T/nonexistent" "$T/bad" 1 quick >/dev/null 2>"$T/err" && bad "summary read a missing file" || ok

# ---- report against a baseline ------------------------------------------------
cat >"$T/figures.tsv" <<'EOF'
words	1000	words	words compared
mismatches	0		mismatches
cpm_default	68	cycles	cycles per MVM, default config
area	n/a	um^2	area
edap_base	425774808.80595213	uJ*ms*mm^2	EDAP DeiT-S baseline
EOF
expect "baseline writer" "$TOOL" baseline "$T/figures.tsv" quick "$T/base.json"
grep -q '"value":	1000' "$T/base.json" && grep -q '"value":	"n/a"' "$T/base.json" && ok || bad "baseline values"
printf 'functional bins: 3 of 4 hit (75.0%%) over 2 files; never hit: 1\nnever hit: cfg x.all_min\n' >"$T/cov.txt"
# same figures: exit 0, every status "same" or "not measured"
if "$TOOL" report "$T/figures.tsv" "$T/base.json" "$T/summary.json" "$T/cov.txt" "$T/report.md" 2>"$T/err"; then ok; else bad "report on equal figures exited non-zero: $(cat "$T/err")"; fi
grep -q '^| figure | Before | After | Delta | Status |' "$T/report.md" && ok || bad "report table header"
grep -q '^| words compared (words) | 1000 | 1000 | 0 | same |' "$T/report.md" && ok || bad "report same row"
grep -q '^| area (um^2) | n/a | n/a | - | not measured |' "$T/report.md" && ok || bad "report not-measured row"
grep -q 'make lockstep\|replay: `make sim VEC=x' "$T/report.md" && ok || bad "report lists the failed tests' replay"
grep -q 'never hit: cfg x.all_min' "$T/report.md" && ok || bad "report coverage section"
# a changed figure: exit 1, a delta with percentage and CHANGED
sed -i 's/^cpm_default\t68/cpm_default\t70/; s/^mismatches\t0/mismatches\t3/' "$T/figures.tsv"
if "$TOOL" report "$T/figures.tsv" "$T/base.json" "$T/summary.json" "$T/cov.txt" "$T/report2.md" 2>"$T/err"; then
  bad "report on a changed figure exited 0"
else ok; fi
grep -q '^| cycles per MVM, default config (cycles) | 68 | 70 | +2 (+2.94%) | \*\*CHANGED\*\* |' "$T/report2.md" && ok || bad "report changed row: $(grep cycles "$T/report2.md")"
grep -q '^| mismatches | 0 | 3 | +3 | \*\*CHANGED\*\* |' "$T/report2.md" && ok || bad "report changed row from 0"
grep -q '^2 figures changed' "$T/report2.md" && ok || bad "report change count"
# no baseline: every figure "new", exit 0
"$TOOL" report "$T/figures.tsv" "$T/nobase.json" "$T/summary.json" "$T/none.txt" "$T/report3.md" && grep -q '| new |' "$T/report3.md" && ok || bad "report without baseline"
printf 'words\tmany\twords\tx\n' >"$T/badfig.tsv"
"$TOOL" report "$T/badfig.tsv" "$T/base.json" "$T/summary.json" "$T/cov.txt" "$T/r4.md" 2>"$T/err" && bad "report accepted a non-number" \
  || { grep -q 'badfig.tsv:1: value must be a number or n/a' "$T/err" && [[ ! -e $T/r4.md ]] && ok || bad "report bad figure error: $(cat "$T/err")"; }

# ---- coverage merge --------------------------------------------------------------
printf 'config c1\nbin x.all_zero 0\nbin y.pos 3\n' >"$T/b1.txt"
printf '# tb\nconfig c1\nbin x.all_zero 2\nbin y.neg 0\nconfig ctrl\nbin bp_stall 0\n' >"$T/b2.txt"
expect "covmerge" "$TOOL" covmerge "$T/merged.txt" "$T/b1.txt" "$T/b2.txt"
head -1 "$T/merged.txt" | grep -q '^functional bins: 2 of 4 hit (50.0%) over 2 files; never hit: 2$' && ok || bad "covmerge totals: $(head -1 "$T/merged.txt")"
grep -q '^never hit: c1 y.neg$' "$T/merged.txt" && grep -q '^never hit: ctrl bp_stall$' "$T/merged.txt" && ! grep -q '^never hit: c1 x.all_zero' "$T/merged.txt" \
  && ok || bad "covmerge never-hit list"
printf 'bin x 1\n' >"$T/b3.txt"
"$TOOL" covmerge "$T/m3.txt" "$T/b3.txt" 2>"$T/err" && bad "covmerge accepted a bin before config" || ok

# ---- json-get, json-write and mutation summary -------------------------------------------------
printf '{"a": {"b": 2.5, "s": "x"}}\n' >"$T/j.json"
[[ $("$TOOL" json-get "$T/j.json" a.b) == 2.5 && $("$TOOL" json-get "$T/j.json" a.s) == x ]] && ok || bad "json-get"
"$TOOL" json-get "$T/j.json" a.c 2>"$T/err" && bad "json-get found a missing key" || { grep -q "missing key 'a.c'" "$T/err" && ok || bad "json-get error"; }
# json-write: typed lines -> one object (nesting, arrays, exact numbers, a
# string with quotes, null, a file); bad lines fail naming the line, nothing written
printf '{"rows": 16}\n' >"$T/cfg.json"
printf 's\tname\tsay "hi"\\\nn\tarea\t20284.454400\nn\tmods\ttile\tn\t2\nn\tlist\t0\tv\t1e+06\nn\tlist\t1\tv\t-3\nz\tpower\t\nb\tok\ttrue\nf\tconfig\t%s\n' "$T/cfg.json" \
  | "$TOOL" json-write "$T/w.json" && [[ $("$TOOL" json-get "$T/w.json" name) == 'say "hi"\' && $("$TOOL" json-get "$T/w.json" mods.tile.n) == 2 \
  && $("$TOOL" json-get "$T/w.json" config.rows) == 16 && $("$TOOL" json-get "$T/w.json" power) == null ]] \
  && grep -qF '"area":	20284.454400' "$T/w.json" && grep -qF '"v":	1e+06' "$T/w.json" && ok || bad "json-write: $(cat "$T/w.json" 2>&1 | head -5)"
for bl in 'n\tx\tinf' 'n\tx\t.5' 's\tx\ta\ns\tx\tb' 'n\tl\t1\tv\t3' 'q\tx\t1' 'b\tx\tyes' 'x'; do
  printf "$bl\n" | "$TOOL" json-write "$T/wbad.json" 2>"$T/err" && bad "json-write accepted '$bl'" \
    || { grep -q 'json-write: .*wbad.json: line [0-9]' "$T/err" && [[ ! -e $T/wbad.json ]] && ok || bad "json-write error for '$bl': $(cat "$T/err")"; }
done
{
  printf 'tile-a\t1\tkilled\tlock-s1\trtl/xbar_tile.sv:10.1-10.5\tcnot0 -cell x\n'
  printf 'tile-a\t2\tsurvived\tnone\trtl/xbar_adc.sv:42.1-42.9\tconst1 -cell y\n'
  printf 'ctrl\t1\tequivalent\tsat-tempinduct(unbounded)\trtl/ctrl_seq.sv:7.1-7.2\tinv_1 -cell z\n'
  printf 'ctrl\t2\tkilled\tctrl-s1\trtl/ctrl_seq.sv:8.1-8.2\tinv_2 -cell w\n'
} >"$T/mut.tsv"
expect "mutsummary" "$TOOL" mutsummary "$T/mut.tsv" "$T/mut.json"
for kv in '"mutants":	4' '"killed":	2' '"survived":	1' '"equivalent":	1' '"kill_rate":	0.6667' '"source":	"rtl/xbar_adc.sv:42.1-42.9"' '"proof":	"sat-tempinduct(unbounded)"'; do
  grep -qF "$kv" "$T/mut.json" && ok || bad "mutate summary lacks $kv"
done
echo "regress-tools: $pass passed, $fail failed"
exit $((fail != 0))
