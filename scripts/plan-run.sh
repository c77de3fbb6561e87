#!/usr/bin/env bash
# Runs a plan of commands on a back end: `local` (make -j on this machine) or
# `slurm` (job arrays on a Slurm cluster). The plan is the one description of
# the work that both back ends read (docs/slurm.md).
#
# usage: scripts/plan-run.sh [options] PLAN
#   --sched local|slurm   back end (default local)
#   --jobs N              local: commands in parallel (default 2)
#   --out DIR             run directory (default: PLAN's directory); the
#                         back end's files go to DIR/sched/RUNID/
#   --partition P         slurm: partition (default: the cluster's default)
#   --time-limit MIN      slurm: time limit per array task in minutes
#                         (default 60)
#   --bundle-seconds S    slurm: commands estimated shorter than S are
#                         bundled into one array task up to about S seconds
#                         (default 30); estimates come from --timings
#   --timings FILE        "name<TAB>seconds" lines from an earlier run
#                         (default DIR/timings.tsv when it exists)
#   --retries N           slurm: a task that was killed, timed out, was
#                         preempted or landed on a node without a tool is
#                         run again up to N times (default 1)
#   --sbatch-arg ARG      slurm: one more argument for every sbatch (repeat);
#                         also the words of $PLAN_SBATCH_ARGS (split at
#                         blanks, never evaluated)
#
# PLAN: one command per line, tab-separated fields
#   NAME  DEP  SEED  RESULT  ARGV0  ARGV1 ...
# NAME is unique; DEP is the NAME of a command that must end first, or a
# comma-separated list of them (a,b,c: all must end first), or "-";
# SEED is informational ("-" if none); RESULT is the file the command writes
# when it has run (its verdict lives there, not in the exit code); ARGV is the
# command, run from the current directory (the project root) without a shell.
# Lines starting with # are comments.
#
# Writes DIR/sched/RUNID/status.tsv: "NAME<TAB>STATE<TAB>ATTEMPTS<TAB>SECONDS<TAB>CPU"
# with STATE one of DONE (the command ran and wrote RESULT), TIMEOUT, CRASH
# (killed or ended without RESULT), NODE (a required tool was missing on the
# node), CANCELLED; and DIR/sched/last-status.tsv, a copy. Exit 0 when every
# command is DONE (its own verdict is for the caller), 1 otherwise, 2 when
# nothing ran (a bad option or plan, no Slurm client, no controller
# answering), 130 on an interrupt (every submitted job is cancelled first).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd -P)
. "$here/plan-task.sh" # split_tabs, the reader of a plan line
sched=local jobs=2 out="" partition="" tlimit=60 bundle=30 timings="" retries=1
sbargs=()
if [[ -n ${PLAN_SBATCH_ARGS:-} ]]; then read -r -a sbargs <<<"$PLAN_SBATCH_ARGS"; fi
. "$here/lib-opts.sh"
opt_parse plan-run 2,40 --sched=sched --jobs=jobs --out=out --partition=partition --time-limit=tlimit \
  --bundle-seconds=bundle --timings=timings --retries=retries --sbatch-arg+=sbargs ARGS -- "$@"
set -- "${OPT_REST[@]}"
(($# == 1)) || die 2 "one PLAN file is required (see --help)"
plan=$1
[[ -f $plan && -r $plan ]] || die 2 "$plan: not a readable file"
[[ $sched == local || $sched == slurm ]] || die 2 "--sched must be local or slurm, not '$sched'"
posint() { [[ $2 =~ ^[1-9][0-9]{0,5}$ ]] || die 2 "$1 needs a positive integer below 10^6, not '$2'"; }
posint --jobs "$jobs"; posint --time-limit "$tlimit"; posint --bundle-seconds "$bundle"
[[ $retries =~ ^[0-9]$ ]] || die 2 "--retries needs 0..9, not '$retries'"
[[ -z $partition || $partition =~ ^[A-Za-z0-9_.-]+$ ]] || die 2 "--partition '$partition' is not a partition name"
[[ -n $out ]] || out=$(dirname "$plan")
mkdir -p "$out"
[[ -n $timings ]] || { [[ -f $out/timings.tsv ]] && timings=$out/timings.tsv; }

# ---- read and check the plan ------------------------------------------------
declare -A dep=() res=() level=()
names=()
ln=0
while IFS= read -r line || [[ -n $line ]]; do
  ln=$((ln + 1))
  [[ -z $line || $line == \#* ]] && continue
  split_tabs "$line"
  # shellcheck disable=SC2154 # f: split_tabs
  ((${#f[@]} >= 5)) || die 2 "$plan:$ln: needs NAME DEP SEED RESULT ARGV..."
  n=${f[0]}
  [[ $n =~ ^[A-Za-z0-9_.+/-]+$ && $n != *..* ]] || die 2 "$plan:$ln: name '$n' has characters outside [A-Za-z0-9_.+/-]"
  [[ -z ${dep[$n]+x} ]] || die 2 "$plan:$ln: name '$n' appears twice"
  dep[$n]=${f[1]}
  res[$n]=${f[3]}
  names+=("$n")
done <"$plan"
declare -A hasdep=() # commands that another command depends on
for n in "${names[@]}"; do
  [[ ${dep[$n]} == - ]] && continue
  [[ ${dep[$n]} =~ ^[^,]+(,[^,]+)*$ ]] || die 2 "$plan: '$n': dependency list '${dep[$n]}' has an empty name"
  IFS=, read -r -a ds <<<"${dep[$n]}"
  for d in "${ds[@]}"; do
    [[ -n $d && -n ${dep[$d]+x} ]] || die 2 "$plan: '$n' depends on '$d', which is not in the plan"
    hasdep[$d]=1
  done
done
# level: 0 without dependency, else 1 + the highest level of its
# dependencies (the length of the longest chain to it); a cycle never settles
maxlv=0
left=${#names[@]} pass=0
while ((left)); do
  pass=$((pass + 1))
  ((pass > ${#names[@]} + 1)) && die 2 "$plan: dependency cycle among: $(for n in "${names[@]}"; do [[ -z ${level[$n]+x} ]] && printf '%s ' "$n"; done)"
  for n in "${names[@]}"; do
    [[ -n ${level[$n]+x} ]] && continue
    l=0 ready=1
    if [[ ${dep[$n]} != - ]]; then
      IFS=, read -r -a ds <<<"${dep[$n]}"
      for d in "${ds[@]}"; do
        [[ -n ${level[$d]+x} ]] || { ready=0; break; }
        ((level[$d] + 1 > l)) && l=$((level[$d] + 1))
      done
    fi
    ((ready)) || continue
    level[$n]=$l
    ((l > maxlv)) && maxlv=$l
    left=$((left - 1))
  done
done

runid=$(date -u +%Y%m%dT%H%M%SZ)-$$-$RANDOM
rdir=$out/sched/$runid
mkdir -p "$rdir"
rdir=$(cd "$rdir" && pwd -P)
status=$rdir/status.tsv
for n in "${names[@]}"; do rm -f "${res[$n]}"; done
echo "plan-run: ${#names[@]} commands, back end $sched, run $runid ($rdir)"

finish() { # write status.tsv from per-command state files; exit code
  local n st a s c bad=0
  : >"$status.tmp"
  for n in "${names[@]}"; do
    st=CRASH a=0 s=0 c=0
    [[ -f $rdir/node/${n//\//%} ]] && st=NODE
    [[ -f $rdir/state/${n//\//%} ]] && IFS=$'\t' read -r st a s c <"$rdir/state/${n//\//%}"
    if [[ $st == DONE && ! -f ${res[$n]} ]]; then st=CRASH; fi
    [[ $st == DONE ]] || bad=1
    printf '%s\t%s\t%s\t%s\t%s\n' "$n" "$st" "$a" "$s" "${c:-0}" >>"$status.tmp"
  done
  mv "$status.tmp" "$status"
  cp "$status" "$out/sched/last-status.tsv.tmp" && mv "$out/sched/last-status.tsv.tmp" "$out/sched/last-status.tsv"
  # estimates for the next run's bundles: this run's times of the commands
  # that ended, the earlier figures of the others
  { awk -F'\t' '$2 == "DONE" { printf "%s\t%s\n", $1, $4 }' "$status"
    if [[ -f $out/timings.tsv ]]; then
      awk -F'\t' 'NR == FNR { if ($2 == "DONE") seen[$1] = 1; next } !($1 in seen)' "$status" "$out/timings.tsv"
    fi
  } | sort >"$out/timings.tsv.tmp" && mv "$out/timings.tsv.tmp" "$out/timings.tsv"
  return $bad
}

# ---- local: a makefile of the plan, make -j --------------------------------
if [[ $sched == local ]]; then
  mkf=$rdir/plan.mk
  {
    echo "# generated by scripts/plan-run.sh from $plan"
    echo "all:"
    declare -A idx=()
    i=0
    for n in "${names[@]}"; do idx[$n]=$i; i=$((i + 1)); done
    i=0
    for n in "${names[@]}"; do
      echo "all: t$i"
      echo ".PHONY: t$i"
      pre=""
      if [[ ${dep[$n]} != - ]]; then
        IFS=, read -r -a ds <<<"${dep[$n]}"
        for d in "${ds[@]}"; do pre+=" t${idx[$d]}"; done
      fi
      echo "t$i:$pre"
      printf '\t@bash %q %q %q %q\n' "$here/plan-task.sh" "$rdir" one "$n"
      i=$((i + 1))
    done
  } >"$mkf"
  cp "$plan" "$rdir/plan.tsv"
  # make runs in its own process group (scripts/lib-run.sh) while this
  # script waits in `wait`, so that SIGTERM to this script alone stops
  # make and every task before the states are written
  . "$here/lib-run.sh"
  trap 'run_stop_children; echo "plan-run: interrupted" >&2; for n in "${names[@]}"; do [[ -f $rdir/state/${n//\//%} ]] || printf "CANCELLED\t0\t0\n" >"$rdir/state/${n//\//%}"; done; finish; exit 130' INT TERM HUP
  run env -u MAKEFLAGS -u MFLAGS make --no-print-directory -k -j "$jobs" -f "$mkf" all
  finish
  exit $?
fi

# ---- slurm --------------------------------------------------------------------
# (exit 2: the back end cannot start, nothing was submitted; the caller
# stops with this line and writes no summary of commands that never ran)
need_tools 2 "not found: Slurm's client is not installed (bash scripts/install-deps.sh --slurm)" sbatch squeue scancel
timeout 10 squeue -h -o %i >/dev/null 2>"$rdir/squeue.err" ||
  { echo "plan-run: Slurm's controller does not answer ($(head -c 200 "$rdir/squeue.err" | tr '\n' ' ')); is SLURM_CONF set?" >&2; exit 2; }
cp "$plan" "$rdir/plan.tsv"
cluster_cpus=$(timeout 10 sinfo -h ${partition:+-p "$partition"} -o %C 2>/dev/null | awk -F/ '{ t += $4 } END { print t + 0 }')
[[ $cluster_cpus =~ ^[1-9][0-9]*$ ]] || cluster_cpus=1
declare -A est=()
if [[ -n $timings && -f $timings ]]; then
  while IFS=$'\t' read -r n s _; do [[ $s =~ ^[0-9]+(\.[0-9]+)?$ ]] && est[$n]=${s%.*}; done <"$timings"
fi
jobids=()
cancel_all() {
  ((${#jobids[@]})) || return 0
  timeout 20 scancel --quiet "${jobids[@]}" 2>/dev/null || true
  local i
  for ((i = 0; i < 300; i++)); do
    [[ -z $(timeout 10 squeue -h -j "$(IFS=,; echo "${jobids[*]}")" -o %i 2>/dev/null) ]] && return 0
    sleep 0.1
  done
  echo "plan-run: jobs still in the queue after scancel: ${jobids[*]}" >&2
}
trap 'echo "plan-run: interrupted: cancelling ${#jobids[@]} job(s)" >&2; cancel_all; for n in "${names[@]}"; do [[ -f $rdir/state/${n//\//%} ]] || printf "CANCELLED\t0\t0\n" >"$rdir/state/${n//\//%}"; done; finish; exit 130' INT TERM

# submit(list-file of names, stage label, dependency job id or ""): writes
# the job id to DIR/LABEL/jobid (none when the list is empty)
submit() {
  local list=$1 label=$2 after=$3
  mapfile -t todo <"$list"
  ((${#todo[@]})) || return 0
  # bundles: as many array tasks as the estimates need at about `bundle`
  # seconds each, and at least two per CPU of the cluster (or one per
  # command); commands go longest first to the least loaded task (LPT)
  local bdir=$rdir/$label
  mkdir -p "$bdir"
  local n k
  k=$(for n in "${todo[@]}"; do printf '%s\t%s\n' "${est[$n]:-5}" "$n"; done |
      sort -t$'\t' -k1,1nr -k2,2 |
      awk -F'\t' -v B="$bundle" -v C="$cluster_cpus" -v dir="$bdir" '
        { e[NR] = $1 + 0; n[NR] = $2; tot += $1 }
        END {
          nb = int((tot + B - 1) / B); if (nb < 2 * C) nb = 2 * C; if (nb > NR) nb = NR
          for (i = 1; i <= NR; i++) {
            best = 0
            for (b = 1; b < nb; b++) if (load[b] < load[best]) best = b
            load[best] += e[i]; print n[i] > (dir "/b" best)
          }
          print nb - 1
        }')
  local args=(--parsable --array="0-$k" --job-name="trex-$label" --time="$tlimit"
              --output="$bdir/task-%a.out" --open-mode=append --chdir="$PWD" --export=ALL
              --kill-on-invalid-dep=no)
  [[ -n $partition ]] && args+=(--partition="$partition")
  [[ -n $after ]] && args+=(--dependency="afterany:$after")
  args+=("${sbargs[@]}")
  local id
  id=$(sbatch "${args[@]}" "$here/plan-task.sh" "$rdir" bundle "$bdir" 2>"$bdir/sbatch.err") ||
    { echo "plan-run: sbatch failed: $(head -c 300 "$bdir/sbatch.err" | tr '\n' ' ')" >&2; return 1; }
  id=${id%%;*}
  [[ $id =~ ^[0-9]+$ ]] || { echo "plan-run: sbatch returned '$id', not a job id" >&2; return 1; }
  echo "$id" >"$bdir/jobid"
  echo "plan-run: $label: $((k + 1)) array task(s) for ${#todo[@]} commands: job $id" >&2
}

wait_jobs() { # job ids...; polls squeue (sbatch --wait can return 32 s late)
  local ids
  ids=$(IFS=,; echo "$*")
  local t0=$SECONDS last=-1 q
  while :; do
    q=$(timeout 10 squeue -h -j "$ids" -o %i 2>/dev/null) || q=unknown
    [[ -z $q ]] && return 0
    local ndone
    ndone=$(find "$rdir/state" -type f 2>/dev/null | wc -l)
    if ((ndone != last)); then echo "plan-run: $ndone of ${#names[@]} commands ended ($((SECONDS - t0)) s)" >&2; last=$ndone; fi
    sleep 1
  done
}

# which task's fate explains a command without a state file: the array
# task's JobState from the cluster's completion log (jobcomp/filetxt) or
# squeue/scontrol; TIMEOUT, NODE_FAIL/PREEMPTED -> retry
task_state() { # jobid taskid -> Slurm state word
  local loc st=""
  loc=$(timeout 10 scontrol show config 2>/dev/null | awk -F' = ' '$1 ~ /^JobCompLoc/ { print $2 }')
  if [[ -n $loc && -f $loc ]]; then
    st=$(awk -v j="$1" -v t="$2" '
      { s = ""; a = ""; i = ""
        for (k = 1; k <= NF; k++) {
          if ($k ~ /^JobState=/) s = substr($k, 10)
          if ($k ~ /^ArrayJobId=/) a = substr($k, 12)
          if ($k ~ /^ArrayTaskId=/) i = substr($k, 13) }
        if (a == j && i == t) last = s }
      END { print last }' "$loc")
  fi
  [[ -n $st ]] || st=$(timeout 10 scontrol show job "${1}_$2" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | head -1)
  echo "${st:-UNKNOWN}"
}

mkdir -p "$rdir/state"
attempt=0
pending=$rdir/pending.txt
printf '%s\n' "${names[@]}" >"$pending"
while :; do
  attempt=$((attempt + 1))
  # stage l: the commands of level l, in two arrays: those that later
  # commands depend on, and the others (leaves); a stage's arrays wait only
  # for the previous stage's depended-on array, so long independent commands
  # start at once
  prev=""
  stage_ids=()
  for ((l = 0; l <= maxlv; l++)); do
    for part in need leaf; do
      lab=a$attempt-s$l-$part
      for n in "${names[@]}"; do
        ((level[$n] == l)) || continue
        if [[ -n ${hasdep[$n]:-} ]]; then [[ $part == need ]] && echo "$n"; else [[ $part == leaf ]] && echo "$n"; fi
      done | grep -Fx -f "$pending" >"$rdir/$lab.list" || true
      submit "$rdir/$lab.list" "$lab" "$prev" || { cancel_all; exit 1; }
      if [[ -f $rdir/$lab/jobid ]]; then
        id=$(<"$rdir/$lab/jobid")
        jobids+=("$id"); stage_ids+=("$id")
        [[ $part == need ]] && nextprev=$id
      fi
    done
    prev=${nextprev:-}
    nextprev=""
  done
  ((${#stage_ids[@]})) && wait_jobs "${stage_ids[@]}"
  # commands that did not end: classify by their task's fate
  : >"$pending.next"
  for n in $(cat "$pending"); do
    [[ -f $rdir/state/${n//\//%} ]] && continue
    loc=$(grep -l -Fx "$n" "$rdir"/a"$attempt"-s*-*/b* 2>/dev/null | head -1)
    st=UNKNOWN
    if [[ -n $loc ]]; then
      b=${loc##*/b}; sdir=${loc%/b*}
      jid=$(cat "$sdir/jobid" 2>/dev/null || true)
      [[ -n $jid ]] && st=$(task_state "$jid" "$b")
    fi
    case $st in
      TIMEOUT|DEADLINE) mode=TIMEOUT ;;
      NODE_FAIL|PREEMPTED|BOOT_FAIL|REQUEUED) mode=NODE ;;
      CANCELLED*) mode=CANCELLED ;;
      *) mode=CRASH ;;
    esac
    # a NODE marker from plan-task.sh (a tool missing on the node) wins
    [[ -f $rdir/node/${n//\//%} ]] && mode=NODE
    if ((attempt <= retries)) && [[ $mode == TIMEOUT || $mode == NODE || $mode == CRASH ]]; then
      echo "$n" >>"$pending.next"
      echo "plan-run: $n: $mode (task state $st); retrying" >&2
    else
      printf '%s\t%s\t0\n' "$mode" "$attempt" >"$rdir/state/${n//\//%}"
    fi
  done
  # a command that ran after a dependency that is now retried read what that
  # dependency had not written: it runs again after the retry (every command
  # replaces its own outputs), and so do the commands after it
  if [[ -s $pending.next ]]; then
    declare -A again=()
    while read -r n; do again[$n]=1; done <"$pending.next"
    grew=1
    while ((grew)); do
      grew=0
      for n in "${names[@]}"; do
        [[ -n ${again[$n]:-} || ${dep[$n]} == - ]] && continue
        IFS=, read -r -a ds <<<"${dep[$n]}"
        for d in "${ds[@]}"; do
          if [[ -n ${again[$d]:-} ]]; then
            again[$n]=1 grew=1
            if [[ -f $rdir/state/${n//\//%} ]]; then
              rm -f "$rdir/state/${n//\//%}" "${res[$n]}"
              echo "$n" >>"$pending.next"
              echo "plan-run: $n: runs again after its dependency '$d'" >&2
            fi
            break
          fi
        done
      done
    done
    unset again
  fi
  mv "$pending.next" "$pending"
  [[ -s $pending ]] || break
done
finish
rc=$?
awk -F'\t' '$2 != "DONE" { printf "plan-run: %s: %s after %s attempt(s)\n", $1, $2, $3 }' "$status" >&2
exit $rc
