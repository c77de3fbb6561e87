#!/usr/bin/env bash
# Runs commands of a plan for scripts/plan-run.sh (not called by users).
#   plan-task.sh RUNDIR one NAME      one command (the local back end)
#   plan-task.sh RUNDIR bundle BDIR   the commands listed in
#                                     BDIR/b$SLURM_ARRAY_TASK_ID (a Slurm
#                                     array task), one after another
# For every command it writes RUNDIR/state/NAME ("DONE<TAB>ATTEMPT<TAB>SECONDS<TAB>CPU"
# with CPU the user + system seconds of the command and its children
# when the command ended and its RESULT file exists, CRASH when it ended
# without it) or RUNDIR/node/NAME when a tool it needs is missing on this
# node (the task then exits 3 without running the rest, so that plan-run.sh
# can retry them elsewhere). Commands run without a shell, from the
# directory the task starts in (the project root).
#SBATCH --job-name=trex-plan
# scripts/plan-run.sh sources this file for split_tabs, the one reader of a
# plan line (a Slurm task runs a copy of it in the spool directory, where no
# sibling file is at hand).
# fields of a plan line into f[] (empty fields kept: `read -a` would merge
# consecutive tabs, which are whitespace to IFS)
split_tabs() {
  local rest=$1
  f=()
  while [[ $rest == *$'\t'* ]]; do f+=("${rest%%$'\t'*}"); rest=${rest#*$'\t'}; done
  f+=("$rest")
}
[[ ${BASH_SOURCE[0]} == "$0" ]] || return 0
set -uo pipefail
rdir=${1:?RUNDIR}
mode=${2:?one|bundle}
arg=${3:?NAME or BDIR}
plan=$rdir/plan.tsv
mkdir -p "$rdir/state" "$rdir/node"

if [[ $mode == one ]]; then
  list=("$arg")
  attempt=1
else
  id=${SLURM_ARRAY_TASK_ID:?not an array task}
  mapfile -t list <"$arg/b$id"
  attempt=${arg##*/a}; attempt=${attempt%%-*}
  echo "plan-task: $(hostname -s) task $id: ${#list[@]} command(s), attempt $attempt"
fi

# user + system seconds of the finished (waited-for) children of this shell
# into CPU_NOW: cutime + cstime of /proc/$$/stat ($$ is this shell even inside
# $(...), whose own children bash's `times` would report instead)
tck=$(getconf CLK_TCK 2>/dev/null || echo 100)
cpu_children() {
  CPU_NOW=$(awk -v t="$tck" '{ sub(/^.*\) /, ""); printf "%.3f", ($14 + $15) / t }' "/proc/$$/stat" 2>/dev/null || echo 0)
}

# tools every command of this project needs on a node, and each argv0
need=(${PLAN_TOOLS:-bash make})

for n in "${list[@]}"; do
  line=$(awk -F'\t' -v n="$n" '$1 == n { print; exit }' "$plan")
  [[ -n $line ]] || { echo "plan-task: '$n' is not in $plan" >&2; exit 2; }
  split_tabs "$line"
  result=${f[3]}
  argv=("${f[@]:4}")
  missing=""
  for t in "${need[@]}" "${argv[0]}"; do
    command -v "$t" >/dev/null 2>&1 || { missing=$t; break; }
  done
  if [[ -n $missing ]]; then
    echo "plan-task: $(hostname -s): '$missing' not found: node without a tool" >&2
    printf '%s\n' "$missing" >"$rdir/node/${n//\//%}"
    exit 3
  fi
  cpu_children; c0=$CPU_NOW
  t0=$(date +%s.%N)
  "${argv[@]}"
  secs=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  cpu_children
  cpu=$(awk -v a="$c0" -v b="$CPU_NOW" 'BEGIN { printf "%.1f", b - a }')
  if [[ -f $result ]]; then st=DONE; else st=CRASH; fi
  printf '%s\t%s\t%s\t%s\n' "$st" "$attempt" "$secs" "$cpu" >"$rdir/state/${n//\//%}.tmp"
  mv "$rdir/state/${n//\//%}.tmp" "$rdir/state/${n//\//%}"
done
exit 0
