#!/usr/bin/env bash
# scripts/plan-scale.py on hand-computed plans (part of make test-slurm):
# A 4 s, B 3 s, C 2 s, D 1 s after A. One worker: 10 s. Two workers, longest
# first: A and B at 0, C at 3 (B ends), D at 4 (A ends): 5 s. Critical path
# A+D = 5 s; serial fraction 5/10. With 0.5 s per start on two workers:
# A 0-4.5, B 0-3.5, C 3.5-6, D 4.5-6: 6 s. Two stages in a row add up.
# Bad inputs: one-line errors, exit 2.
set -uo pipefail
cd "$(dirname "$0")/../.."
T=build/test/slurm-scale
rm -rf "$T"; mkdir -p "$T/run"
fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }
PS=(/usr/bin/python3 scripts/plan-scale.py)
printf 'A\t-\t-\tr\ttrue\nB\t-\t-\tr\ttrue\nC\t-\t-\tr\ttrue\nD\tA\t-\tr\ttrue\n' >"$T/run/plan.tsv"
printf 'A\tDONE\t1\t9\t4\nB\tDONE\t1\t9\t3\nC\tDONE\t1\t9\t2\nD\tDONE\t1\t9\t1\n' >"$T/run/status.tsv"
row() { awk -F'|' -v w="$1" '$2 + 0 == w && $2 ~ /[0-9]/ { gsub(/ /, "", $3); print $3 }'; }
out=$("${PS[@]}" --workers 1,2,3 "$T/run")
[[ $(row 1 <<<"$out") == 10.0 && $(row 2 <<<"$out") == 5.0 && $(row 3 <<<"$out") == 5.0 ]] &&
  grep -q 'critical path 5.0 s' <<<"$out" && grep -q 'serial fraction 0.5000' <<<"$out" \
  && ok "plan-scale: 10 s on 1 worker, 5 s on 2 and 3, critical path 5 s, serial fraction 0.5" \
  || bad "plan-scale: $out"
out=$("${PS[@]}" --workers 2 --overhead 0.5 "$T/run")
[[ $(row 2 <<<"$out") == 6.0 ]] && ok "plan-scale: 0.5 s per start: 6 s on 2 workers" || bad "plan-scale --overhead: $out"
out=$("${PS[@]}" --workers 2 --time wall "$T/run" "$T/run")
[[ $(row 2 <<<"$out") == 36.0 ]] && ok "plan-scale: wall seconds (9 s each), two stages with a barrier: 2 x 18 s" || bad "plan-scale two stages: $out"
# a list of dependencies: A 4 s; B 3 s and C 1 s after A; D 2 s after B and
# C. One worker 10 s; two: A 0-4, B 4-7, C 4-5, D 7-9 (it waits for B as
# well as C): 9 s; critical path A+B+D = 9 s
mkdir -p "$T/multi"
printf 'A\t-\t-\tr\ttrue\nB\tA\t-\tr\ttrue\nC\tA\t-\tr\ttrue\nD\tB,C\t-\tr\ttrue\n' >"$T/multi/plan.tsv"
printf 'A\tDONE\t1\t9\t4\nB\tDONE\t1\t9\t3\nC\tDONE\t1\t9\t1\nD\tDONE\t1\t9\t2\n' >"$T/multi/status.tsv"
out=$("${PS[@]}" --workers 1,2 "$T/multi")
[[ $(row 1 <<<"$out") == 10.0 && $(row 2 <<<"$out") == 9.0 ]] && grep -q 'critical path 9.0 s' <<<"$out" \
  && ok "plan-scale: a command after two (D after B,C) waits for both: 9 s on 2 workers, critical path 9 s" \
  || bad "plan-scale with a dependency list: $out"
printf 'A\tB\t-\tr\ttrue\nB\tA,C\t-\tr\ttrue\nC\t-\t-\tr\ttrue\n' >"$T/multi/plan.tsv"
printf 'A\tDONE\t1\t9\t4\nB\tDONE\t1\t9\t3\nC\tDONE\t1\t9\t1\n' >"$T/multi/status.tsv"
n=0
for args in "$T/multi" "--workers 0 $T/run" "--workers x $T/run" "--time gpu $T/run" "--overhead -1 $T/run" "$T/nothing" "--bogus $T/run"; do
  # shellcheck disable=SC2086
  e=$("${PS[@]}" $args 2>&1 >/dev/null); rc=$?
  if ((rc == 2)) && [[ $(grep -c . <<<"$e") == 1 && $e == plan-scale:* ]]; then n=$((n + 1)); else bad "plan-scale $args: exit $rc, '$e'"; fi
done
((n == 7)) && ok "plan-scale: 7 bad inputs (a dependency cycle among them), one-line errors, exit 2"
# scripts/slurm-overhead.py on a canned completion log, 2 CPUs: job 7, array
# tasks 0 (commands A 4 s, B 3 s), 1 (C 2 s), 2 (D 1 s), all submitted at
# 10:00:00. Task 0 runs 10:00:01-10:00:09 (8 s for 7 s of commands), task 1
# 10:00:01-10:00:04, task 2 10:00:05-10:00:07 (the CPU of task 1 was free at
# :04). Waits 1, 1, 5 s (mean 2.33); latencies 1, 1, 1 s; overheads 1, 1, 1 s.
O=$T/ovh/sched/R1
mkdir -p "$O/stage" "$O/state"
echo 7 >"$O/stage/jobid"
printf 'A\nB\n' >"$O/stage/b0"; echo C >"$O/stage/b1"; echo D >"$O/stage/b2"
for c in A:4 B:3 C:2 D:1; do printf 'DONE\t1\t%s\t%s\n' "${c#*:}" "${c#*:}" >"$O/state/${c%:*}"; done
: >"$O/plan.tsv"
jl() { echo "JobId=$((20 + $1)) JobState=COMPLETED StartTime=2026-01-01T10:00:0$2 EndTime=2026-01-01T10:00:0$3 SubmitTime=2026-01-01T10:00:00 ArrayJobId=7 ArrayTaskId=$1"; }
{ jl 0 1 9; jl 1 1 4; jl 2 5 7; echo "JobId=3 JobState=COMPLETED"; } >"$T/ovh/jobcomp.log"
OV=(/usr/bin/python3 scripts/slurm-overhead.py)
out=$("${OV[@]}" --jobcomp "$T/ovh/jobcomp.log" --cpus 2 "$T/ovh")
grep -q 'tasks 3, commands 4' <<<"$out" && grep -q 'submit to start: mean 2.3 s' <<<"$out" &&
  grep -q 'CPU free to start): mean 1.00 s' <<<"$out" && grep -q "commands' own seconds: mean 1.00 s" <<<"$out" \
  && ok "slurm-overhead: 3 tasks, waits 1/1/5 s, scheduler latency 1 s, 1 s per task beyond its commands" \
  || bad "slurm-overhead: $out"
n=0
for args in "--cpus 0 --jobcomp $T/ovh/jobcomp.log $T/ovh" "--jobcomp $T/nothing.log $T/ovh" "--jobcomp $T/ovh/jobcomp.log" "--bogus"; do
  # shellcheck disable=SC2086
  e=$("${OV[@]}" $args 2>&1 >/dev/null); rc=$?
  if ((rc == 2)) && [[ $(grep -c . <<<"$e") == 1 && $e == slurm-overhead:* ]]; then n=$((n + 1)); else bad "slurm-overhead $args: exit $rc, '$e'"; fi
done
((n == 4)) && ok "slurm-overhead: 4 bad inputs, one-line errors, exit 2"
echo "test-slurm-scale: $fails failures"
((fails == 0))
