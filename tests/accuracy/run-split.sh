#!/usr/bin/env bash
# test-accuracy, part 4: the study in parts (trex accuracy-study --stage;
# docs/accuracy.md "A study in parts", docs/slurm.md) on the synthetic study
# of tests/accuracy/split-data.sh:
#  1. the split study run as the regression runs it (scripts/regress.sh with
#     REGRESS_ACC_PLAN, local back end: accuracy/full-ideal, one test per
#     task, accuracy/full after all of them) gives the single command's
#     summary.json byte for byte apart from the run times, and every other
#     output file byte for byte;
#  2. a task that dies (SIGSEGV, through a TREX wrapper) is that test's
#     failure (CRASH); the merge reports it as BUILD naming the part, writes
#     no summary, and every other part passes;
#  3. the merge refuses a missing task and a task of another ideal run, one
#     line naming the task; an interrupted ideal stage leaves neither its
#     parts directory nor a temporary, and an interrupted rerun leaves the
#     earlier parts as they were.
# usage: run-split.sh TREX [--no-regress]   (--no-regress: part 3 only, for
#        SAN=1, where scripts/regress.sh would build its own prerequisites)
set -uo pipefail
TREX=${1:-build/bin/trex}
noreg=0; [[ ${2:-} == --no-regress ]] && noreg=1
S=build/test/accuracy/split
rm -rf "$S"
mkdir -p "$S"
fails=0
t0=$(date +%s)
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }
P=$(bash tests/accuracy/split-data.sh "$TREX" "$S/synth") || { echo "test-accuracy: split: no synthetic study"; exit 1; }
ntask=$("$TREX" accuracy-study --plan "$P" --stage tasks | grep -c .)
((noreg)) || "$TREX" accuracy-study --plan "$P" --out "$S/single" --quiet >"$S/single.txt" 2>&1 || bad "the single command failed ($S/single.txt)"

# the summary without its run times (throughput cpu_s, wall_s, images/s; seconds)
norm() { sed -E 's/^(\t*"(cpu_s|wall_s|images_per_cpu_s|seconds)":\t).*$/\1T/' "$1"; }
same_outputs() { # DIR: the single command's outputs, byte for byte apart from times
  local f n=0
  for f in "$S"/single/*; do
    f=${f##*/}
    if [[ $f == summary.json ]]; then cmp -s <(norm "$S/single/$f") <(norm "$1/$f") || { echo "differs: $1/$f"; return 1; }
    else cmp -s "$S/single/$f" "$1/$f" || { echo "differs: $1/$f"; return 1; }; fi
    n=$((n + 1))
  done
  echo "$n files"
}

# ---- 1. through the regression's plan, local back end -----------------------
if ((noreg == 0)); then
REGRESS_ACC_PLAN=$P bash scripts/regress.sh --quick --only '^accuracy/' --out "$S/regress" >"$S/regress.log" 2>&1
rc=$?
R=$S/regress/results.tsv
np=$(awk -F'\t' '$1 ~ /^accuracy\/full-(ideal|t[0-9]+)$/ && $3 == "PASS"' "$R" 2>/dev/null | grep -c .)
if ((rc == 0)) && ((np == ntask + 1)) && grep -q $'^accuracy/full\t-\tPASS' "$R" &&
   msg=$(same_outputs "$S/regress/tests/accuracy/full/accuracy"); then
  ok "split study through regress (local): ideal, $ntask tasks and the merge pass; the single command's outputs ($msg) apart from times"
else bad "split study through regress: exit $rc, $np of $((ntask + 1)) parts passed, ${msg:-} (log $S/regress.log)"; fi
for st in ideal t00 t$(printf %02d $((ntask - 1))); do
  grep -q "^accuracy/full-$st$" <(cut -f1 "$R") || bad "no test accuracy/full-$st in $R"
done
# the dependency list reached the back end: the merge after every part
deps=$(awk -F'\t' '$1 == "accuracy/full" { print $2 }' "$S/regress/plan-sched.tsv")
[[ $(tr ',' '\n' <<<"$deps" | grep -c .) == $((ntask + 1)) ]] && ok "the merge's plan line depends on the ideal part and the $ntask tasks" ||
  bad "the merge's dependencies: '$deps'"

# ---- 2. a task that dies --------------------------------------------------------
W=$S/trex-crash-task1
cat >"$W" <<EOW
#!/usr/bin/env bash
# $TREX, except that task 1 of a study in parts dies of SIGSEGV
[[ " \$* " == *" --stage task --task 1 "* ]] && kill -SEGV \$\$
exec $(pwd)/$TREX "\$@"
EOW
chmod +x "$W"
TREX=$W REGRESS_ACC_PLAN=$P bash scripts/regress.sh --quick --only '^accuracy/' --out "$S/crash" >"$S/crash.log" 2>&1
rc=$?
R=$S/crash/results.tsv
t1=$(awk -F'\t' '$1 == "accuracy/full-t01" { print $3 "/" $4 }' "$R" 2>/dev/null)
m=$(awk -F'\t' '$1 == "accuracy/full" { print $3 "/" $4 "/" $8 }' "$R" 2>/dev/null)
np=$(awk -F'\t' '$1 ~ /^accuracy\/full-/ && $3 == "PASS"' "$R" 2>/dev/null | grep -c .)
if ((rc == 1)) && [[ $t1 == FAIL/CRASH && $m == "FAIL/BUILD/part accuracy/full-t01 failed (CRASH): see that test" ]] &&
   ((np == ntask)) && [[ ! -e $S/crash/tests/accuracy/full/accuracy/summary.json ]]; then
  ok "a task that dies: FAIL (CRASH) for accuracy/full-t01, the merge FAIL (BUILD) naming it, no summary, the other $ntask parts PASS"
else bad "a task that dies: exit $rc, t01 '$t1', merge '$m', $np parts passed (log $S/crash.log)"; fi

fi

# ---- 3. the parts' own checks, and interruptions ---------------------------------
A=$S/parts
"$TREX" accuracy-study --plan "$P" --stage ideal --parts "$A" --quiet 2>"$S/ideal.err" || bad "--stage ideal ($S/ideal.err)"
for ((t = 0; t < ntask; t++)); do
  "$TREX" accuracy-study --plan "$P" --stage task --task "$t" --parts "$A" --quiet 2>>"$S/ideal.err" || bad "--stage task $t"
done
mv "$A/task-00002.json" "$S/t2.json"
e=$("$TREX" accuracy-study --plan "$P" --stage merge --parts "$A" --out "$S/m1" --quiet 2>&1 >/dev/null); rc=$?
if ((rc == 1)) && [[ $(grep -c . <<<"$e") == 1 && $e == *"task 2 ("*") has no result: $A/task-00002.json: cannot read"* && ! -e $S/m1 ]]; then
  ok "merge without task 2: one line naming the task, exit 1, no output"
else bad "merge without task 2: exit $rc, '$e'"; fi
cp -r "$A" "$S/parts-old"
"$TREX" accuracy-study --plan "$P" --stage ideal --parts "$A" --quiet 2>>"$S/ideal.err" || bad "--stage ideal again"
[[ ! -e $A/task-00000.json ]] && ok "a new ideal stage replaces the parts directory whole (no task of the earlier run stays)" ||
  bad "a task file of the earlier run is still in $A"
cp "$S"/parts-old/task-*.json "$S/t2.json" "$A/" 2>/dev/null; mv "$A/t2.json" "$A/task-00002.json"
e=$("$TREX" accuracy-study --plan "$P" --stage merge --parts "$A" --out "$S/m2" --quiet 2>&1 >/dev/null); rc=$?
if ((rc == 1)) && [[ $e == *"task 0 ("*"is of another run of the ideal stage"* && ! -e $S/m2 ]]; then ok "merge of tasks of another ideal run: refused, naming the task"
else bad "stale tasks: exit $rc, '$e'"; fi
e=$("$TREX" accuracy-study --plan "$P" --stage task --task 0 --seeds 3 --parts "$A" --quiet 2>&1 >/dev/null); rc=$?
[[ $rc == 1 && $e == *"ideal.json: made with seeds 2, not 3"* ]] && ok "a stage with other options than the ideal one: refused ($e)" || bad "other options: exit $rc, '$e'"
# interrupted: stopped once its staging directory exists, then SIGTERM (a
# background job of a script ignores SIGINT)
interrupt() { # PARTS: runs the ideal stage into PARTS and interrupts it
  "$TREX" accuracy-study --plan "$P" --stage ideal --parts "$1" --quiet 2>/dev/null &
  local pid=$! i
  for ((i = 0; i < 2000; i++)); do compgen -G "$1.tmp.*" >/dev/null && break; sleep 0.005; done
  kill -STOP "$pid" 2>/dev/null; kill -TERM "$pid" 2>/dev/null; kill -CONT "$pid" 2>/dev/null
  wait "$pid"
}
interrupt "$S/p-int"; rc=$?
if ((rc == 143)) && [[ ! -e $S/p-int ]] && ! compgen -G "$S/p-int.tmp*" >/dev/null; then ok "interrupted ideal stage: killed by SIGTERM, no parts directory, no temporary"
else bad "interrupted ideal stage: exit $rc; $(ls -d "$S"/p-int* 2>/dev/null | tr '\n' ' ')"; fi
cp "$A/ideal.json" "$S/ideal-before.json"
interrupt "$A"; rc=$?
if ((rc == 143)) && cmp -s "$A/ideal.json" "$S/ideal-before.json" && ! compgen -G "$A.tmp*" >/dev/null; then ok "interrupted rerun (SIGTERM): the earlier parts as they were"
else bad "interrupted rerun: exit $rc"; fi
echo "test-accuracy: split: $fails failure(s) ($(($(date +%s) - t0)) s)"
((fails == 0))
