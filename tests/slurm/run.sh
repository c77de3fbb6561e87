#!/usr/bin/env bash
# make test-slurm: the Slurm back end on a private single-node cluster
# (scripts/slurm-local.sh), against the local back end (docs/slurm.md).
#  1. a small regression (a subset of the quick level plus one deliberately
#     failing test) through both back ends: the same verdicts and the same
#     summary.json, junit.xml and report.md apart from times and paths;
#  2. faults: a task killed (CRASH, retried once), a tool missing on the node
#     (NODE), a task over its time limit (TIMEOUT); a command after a retried
#     one runs again after the retry;
#  3. an interrupted submission cancels its jobs (none left in the queue);
#  4. a small mutation run (scripts/mutate.sh: prepare, check, prove plans)
#     through both back ends: the same results.tsv and summary.json;
#  5. the accuracy study in parts (a plan with a dependency list: the merge
#     after the ideal part and every task) through the cluster: the single
#     command's summary.json apart from times.
# Needs the Slurm packages (scripts/install-deps.sh --slurm).
set -uo pipefail
cd "$(dirname "$0")/../.."
T=build/test/slurm
rm -rf "$T"
mkdir -p "$T"
T=$(cd "$T" && pwd -P)
CL=$T/cluster
fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }

bash scripts/slurm-local.sh start --dir "$CL" >"$T/start.log" 2>&1 || { cat "$T/start.log"; echo "test-slurm: the local cluster did not start"; exit 1; }
trap 'bash scripts/slurm-local.sh stop --dir "$CL" >/dev/null 2>&1' EXIT
export SLURM_CONF=$CL/slurm.conf
ok "local cluster started ($(tail -2 "$T/start.log" | head -1))"

# ---- 2a. the timed-out task runs first, in the background (Slurm enforces a
# 1-minute limit at its next check, about 90 s here)
printf 'sleeper\t-\t-\t%s/never\tsleep\t600\n' "$T" >"$T/timeout.plan"
bash scripts/plan-run.sh --sched slurm --time-limit 1 --retries 0 --out "$T/timeout" "$T/timeout.plan" >"$T/timeout.log" 2>&1 &
tpid=$!

# ---- 1. the same small regression through both back ends --------------------
only='^(default/(lock-s1|file-random-s1|file-corner-s1|directed-wrow)|ctrl/sim-s1|edap/deit-s|icarus/m01-random|extra/bad-vec)$'
badvec=$T/bad-vec
build/bin/trex vecgen --config tests/configs/m01.json --count 4 --seed 7 --out "$badvec" >/dev/null || { bad "vecgen"; exit 1; }
# one flipped bit in the first expected word: a mismatch both must report
first=$(head -1 "$badvec/expected.hex")
last=${first: -1}
[[ $last == 0 ]] && new=1 || new=0
{ echo "${first%?}$new"; tail -n +2 "$badvec/expected.hex"; } >"$badvec/e.tmp" && mv "$badvec/e.tmp" "$badvec/expected.hex"
printf 'quick\tbad-vec\t-\tvec\t%s\n' "$badvec" >"$T/extra.tsv"
for be in local slurm; do
  t0=$SECONDS
  bash scripts/regress.sh --quick --sched "$be" --only "$only" --extra "$T/extra.tsv" --out "$T/$be" >"$T/$be.log" 2>&1
  echo "$?" >"$T/$be.rc"
  echo "     regress --sched $be: $((SECONDS - t0)) s"
done
for be in local slurm; do
  rc=$(<"$T/$be.rc")
  if [[ $rc == 1 ]] && grep -q 'FAIL extra/bad-vec (MISMATCH)' "$T/$be.log"; then ok "$be: the failing test is reported as FAIL (MISMATCH), exit 1"
  else bad "$be: exit $rc; expected the failing test reported (log $T/$be.log)"; fi
done
norm() { # file outdir: drop times and the run's own paths
  sed -E -e "s#$2#OUT#g" -e 's/"seconds":[[:space:]]*[0-9.e+-]+/"seconds": T/g' \
         -e 's/time="[0-9.e+-]+"/time="T"/g' -e 's/timestamp="[^"]*"/timestamp="T"/g' \
         -e 's/hostname="[^"]*"/hostname="H"/g' -e 's/in [0-9.]+ s/in T s/g' \
         -e 's/mvm_per_s=[0-9]+/mvm_per_s=R/g' "$1"
}
for f in summary.json junit.xml report.md; do
  if [[ -f $T/local/$f && -f $T/slurm/$f ]] && diff <(norm "$T/local/$f" "$T/local") <(norm "$T/slurm/$f" "$T/slurm") >"$T/$f.diff"; then
    ok "$f: identical apart from times and paths ($(grep -c . "$T/local/$f") lines)"
  else bad "$f differs between the back ends ($T/$f.diff)"; fi
done
n=$(grep -c '"name"' "$T/slurm/summary.json" 2>/dev/null)
echo "     $n tests in each run"

# ---- 2b. a killed task and a node without a tool -------------------------------
printf 'killed\t-\t-\t%s/k\tbash\t-c\tkill -9 $PPID; sleep 9\nnotool\t-\t-\t%s/n\tno-such-tool-trex\nfine\t-\t-\t%s/f\tbash\t-c\techo ok > %s/f\n' \
  "$T" "$T" "$T" "$T" >"$T/faults.plan"
bash scripts/plan-run.sh --sched slurm --out "$T/faults" "$T/faults.plan" >"$T/faults.log" 2>&1
st=$T/faults/sched/last-status.tsv
exp=$'fine\tDONE\t1\nkilled\tCRASH\t2\nnotool\tNODE\t2'
got=$(cut -f1-3 "$st" | sort)
if [[ $got == "$exp" ]]; then ok "killed task: CRASH after one retry; missing tool: NODE after one retry; the good command DONE"
else bad "fault states: got '$got' (log $T/faults.log)"; fi

# a retried command's dependents run again after it: 'flaky' is killed on its
# first attempt, after which 'after' (afterany) ran without its result
printf 'flaky\t-\t-\t%s/fl\tbash\t-c\tif [ -e %s/fl.once ]; then touch %s/fl; else touch %s/fl.once; kill -9 $PPID; fi\nafter\tflaky\t-\t%s/af\tbash\t-c\tif [ -e %s/fl ]; then echo saw > %s/af; else echo missed > %s/af; fi\n' \
  "$T" "$T" "$T" "$T" "$T" "$T" "$T" "$T" >"$T/rerun.plan"
bash scripts/plan-run.sh --sched slurm --out "$T/rerun" "$T/rerun.plan" >"$T/rerun.log" 2>&1
got=$(cut -f1-3 "$T/rerun/sched/last-status.tsv" 2>/dev/null | sort | tr '\n' ' ')
if [[ $got == $'after\tDONE\t2 flaky\tDONE\t2 ' && $(cat "$T/af" 2>/dev/null) == saw ]] && grep -q "after: runs again after its dependency 'flaky'" "$T/rerun.log"; then
  ok "a retried command's dependent runs again after it (and sees its result)"
else bad "rerun of dependents: '$got', after wrote '$(cat "$T/af" 2>/dev/null)' (log $T/rerun.log)"; fi

# ---- 3. an interrupted submission cancels its jobs ---------------------------
printf 'long1\t-\t-\t%s/l1\tsleep\t60\nlong2\t-\t-\t%s/l2\tsleep\t60\n' "$T" "$T" >"$T/int.plan"
# job control, so that the background run does not start with SIGINT ignored
# (as a command typed at a terminal would not)
# and SIGINT back to its default action: a shell started with SIGINT ignored
# (make test in the background of a script, under setsid or nohup) passes
# the ignore on, and bash cannot undo an ignore it inherited
set -m
env --default-signal=INT bash scripts/plan-run.sh --sched slurm --out "$T/int" "$T/int.plan" >"$T/int.log" 2>&1 &
ipid=$!
set +m
jid=""
for ((i = 0; i < 200; i++)); do
  jid=$(cat "$T"/int/sched/*/a1-s0-leaf/jobid 2>/dev/null)
  [[ -n $jid && -n $(squeue -h -t R -j "$jid" -o %i 2>/dev/null) ]] && break
  sleep 0.1
done
kill -INT "$ipid"
wait "$ipid"
irc=$?
left=$(squeue -h -j "${jid:-0}" -o %i 2>/dev/null)
if ((irc == 130)) && [[ -z $left ]] && grep -q CANCELLED "$T/int/sched/last-status.tsv"; then ok "Ctrl-C: exit 130, its jobs cancelled, none left in the queue"
else bad "Ctrl-C: exit $irc, left in queue: '${left}' (log $T/int.log)"; fi

# ---- 4. a small mutation run through both back ends --------------------------
# (one digital-unit set, 6 mutants: the prepare and check plans; the prove
# plan runs on a survivor in `make mutate`)
for be in local slurm; do
  t0=$SECONDS
  bash scripts/mutate.sh --sets unit-add --per-set 6 --sched "$be" --out "$T/mut-$be" >"$T/mut-$be.log" 2>&1
  echo "$?" >"$T/mut-$be.rc"
  echo "     mutate --sched $be: $((SECONDS - t0)) s"
done
if [[ $(<"$T/mut-local.rc") == 0 && $(<"$T/mut-slurm.rc") == 0 ]] &&
   grep -q 'on the slurm back end' "$T/mut-slurm.log" &&
   [[ $(grep -c . "$T/mut-slurm/results.tsv" 2>/dev/null) == 6 ]] &&
   cmp -s "$T/mut-local/results.tsv" "$T/mut-slurm/results.tsv" &&
   cmp -s "$T/mut-local/summary.json" "$T/mut-slurm/summary.json"; then
  ok "mutate: the same 6 results and summary.json from both back ends"
else bad "mutate: the back ends differ or failed (logs $T/mut-local.log, $T/mut-slurm.log)"; fi

# ---- 5. the accuracy study in parts through the cluster ------------------------
# (the synthetic study of tests/accuracy/split-data.sh: the ideal part, one
# array task per study task after it, the merge after all of them) gives the
# single command's summary.json apart from the run times
if P=$(bash tests/accuracy/split-data.sh build/bin/trex "$T/acc" 2>"$T/acc.log") &&
   build/bin/trex accuracy-study --plan "$P" --out "$T/acc/single" --quiet >>"$T/acc.log" 2>&1; then
  t0=$SECONDS
  REGRESS_ACC_PLAN=$P bash scripts/regress.sh --quick --sched slurm --only '^accuracy/' --out "$T/acc-slurm" >"$T/acc-slurm.log" 2>&1
  rc=$?
  echo "     regress --sched slurm, accuracy study in parts: $((SECONDS - t0)) s"
  anorm() { sed -E 's/^(\t*"(cpu_s|wall_s|images_per_cpu_s|seconds)":\t).*$/\1T/' "$1"; }
  np=$(grep -c $'\tPASS\t' "$T/acc-slurm/results.tsv" 2>/dev/null)
  nt=$(build/bin/trex accuracy-study --plan "$P" --stage tasks | grep -c .)
  if ((rc == 0 && np == nt + 2)) && cmp -s <(anorm "$T/acc/single/summary.json") <(anorm "$T/acc-slurm/tests/accuracy/full/accuracy/summary.json") &&
     grep -q 'a1-s2-leaf' <(ls "$T"/acc-slurm/sched/*/); then
    ok "accuracy study in parts on Slurm (3 stages: ideal, $nt tasks, merge): all $np tests PASS, summary.json = the single command's apart from times"
  else bad "accuracy study in parts on Slurm: exit $rc, $np of $((nt + 2)) PASS (log $T/acc-slurm.log)"; fi
else bad "accuracy study in parts: no synthetic study or single run ($T/acc.log)"; fi

# ---- 2a. collect the timeout ------------------------------------------------
wait "$tpid"
if [[ $(cut -f2 "$T/timeout/sched/last-status.tsv" 2>/dev/null) == TIMEOUT ]]; then ok "a task over its time limit: TIMEOUT"
else bad "timeout: $(cat "$T/timeout/sched/last-status.tsv" 2>/dev/null) (log $T/timeout.log)"; fi

echo "test-slurm: $((fails == 0 ? 1 : 0)) group, $fails failures (outputs: $T)"
((fails == 0))
