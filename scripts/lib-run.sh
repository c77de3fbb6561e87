# shellcheck shell=bash
# Children that stop with the script (issue 15, class 6). Source it:
#   . "$(dirname "$0")/lib-run.sh"
#   run_traps                 # once, after the script's own EXIT trap
#   run CMD ARGS...           # CMD in its own process group; waits; its status
#   run_bg CMD ARGS...        # the same in the background: RUN_PID, then
#   run_wait PID              # its status
#   run_tmp_on_exit           # RUN_TMP, when set, is removed at the end
#
# Why: bash runs a trap only after the foreground child has ended, and a
# SIGTERM sent to the script alone (kill, timeout, a batch system) never
# reaches its children, which then run on and write into a directory the
# script's cleanup has just removed. Here every child runs in its own
# process group (set -m) while the script waits in `wait`, which a signal
# interrupts. On SIGINT, SIGTERM or SIGHUP the script sends SIGTERM to every
# child's group (SIGKILL after RUN_GRACE seconds, default 10), waits until
# they are gone, runs the hooks registered with run_on_interrupt (in the
# reverse order), and then dies of the same signal (so its EXIT trap runs
# and its caller sees 128+N). A child that is itself a script using this
# file does the same for its own children, so a whole tree stops.

_run_groups=()
_run_hooks=()
RUN_PID=

# run_on_interrupt CMD...: a command (a function name and words) run on an
# interruption after the children have stopped, before the script dies.
run_on_interrupt() { _run_hooks+=("$*"); }

_run_forget() {
  local g keep=()
  for g in "${_run_groups[@]}"; do [[ $g == "$1" ]] || keep+=("$g"); done
  _run_groups=("${keep[@]}")
}

run_bg() {
  set -m
  "$@" &
  RUN_PID=$!
  set +m
  _run_groups+=("$RUN_PID")
}

run_wait() {
  local rc
  wait "$1"
  rc=$?
  _run_forget "$1"
  return $rc
}

run() {
  run_bg "$@"
  run_wait "$RUN_PID"
}

# run_stop_children: SIGTERM to every child's group, SIGKILL to those still
# there after RUN_GRACE seconds; returns when they are gone.
run_stop_children() {
  local g i alive grace=${RUN_GRACE:-10}
  ((${#_run_groups[@]})) || return 0
  for g in "${_run_groups[@]}"; do kill -TERM -- "-$g" 2>/dev/null; done
  for ((i = 0; i < grace * 10; i++)); do
    alive=0
    for g in "${_run_groups[@]}"; do kill -0 -- "-$g" 2>/dev/null && alive=1; done
    ((alive)) || break
    sleep 0.1
  done
  for g in "${_run_groups[@]}"; do kill -KILL -- "-$g" 2>/dev/null; done
  for g in "${_run_groups[@]}"; do wait "$g" 2>/dev/null; done
  _run_groups=()
}

_run_interrupted() {
  local sig=$1 h
  trap '' INT TERM HUP
  run_stop_children
  for ((h = ${#_run_hooks[@]} - 1; h >= 0; h--)); do eval "${_run_hooks[$h]}"; done
  trap - "$sig"
  kill -s "$sig" "$$"
  exit $((128 + $(kill -l "$sig")))
}

run_traps() {
  trap '_run_interrupted INT' INT
  trap '_run_interrupted TERM' TERM
  trap '_run_interrupted HUP' HUP
}

# run_self "$@": the first line of a script whose children are many plain
# foreground commands. The script starts itself again as one child in a
# process group of its own and waits for it; an interruption stops that
# whole group (every command the copy runs, in the foreground or not), runs
# the hooks, and dies of the signal. The copy runs the script normally.
run_self() {
  if [[ ${RUN_SELF_OF:-} == "$PPID:$0" ]]; then
    unset RUN_SELF_OF
    return 0
  fi
  export RUN_SELF_OF="$$:$0"
  run_traps
  run bash "$0" "$@"
  exit $?
}

# run_tmp_on_exit: RUN_TMP (empty until the script sets it to a private
# directory or file of its own) is removed when the script ends, however it
# ends: the EXIT trap, which an interruption reaches too (after run_self or
# run_traps, once the children have stopped).
run_tmp_on_exit() {
  RUN_TMP=
  trap '[[ -n $RUN_TMP ]] && rm -rf "$RUN_TMP"' EXIT
}

# run_lock WHO PATH WHAT: holds an flock on PATH (a file or a directory that
# exists) on descriptor 9 until the script ends: one run per output at a
# time. When another run holds it, says so on stderr and waits for it.
run_lock() {
  local who=$1 path=$2 what=$3
  exec 9<"$path" || { echo "$who: cannot open $path" >&2; exit 1; }
  if ! flock -n 9; then
    echo "$who: another run uses $what; waiting for it to end" >&2
    flock 9 || { echo "$who: cannot lock $path" >&2; exit 1; }
  fi
}
