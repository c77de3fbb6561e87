#!/usr/bin/env bash
# Issue 15, class 6: SIGINT or SIGTERM during a long command stops every
# child, leaves no temporary file or half-filled directory, and never leaves
# an earlier run's summary beside a partial one.
#   bash tests/robust/run-interrupt.sh [--long]
# Each command runs in a session of its own (setsid), so that every process
# it starts, in whatever process group, is found afterwards with `ps -s`.
# SIGTERM goes to the command's process alone (kill, timeout, a batch
# system); SIGINT goes to its process group (Ctrl-C in a terminal). Each
# case interrupts at one or more points (seconds after the start) and
# checks: the command ended (within 15 s of the signal), nothing of its
# session is left 3 s after it ended, no temporary is left, the earlier output is intact or
# absent as documented. docs/bad-inputs.md ("Concurrency and interruption")
# lists each case with what it got before its fix. --long adds more points
# and the slow targets (make mutate, make bench).
set -uo pipefail
. tests/lib.sh
tl_robust interrupt "$@"

# a point given as a delay that the command outran (IRC 998, it ended before
# the signal) is no case on this machine: said, not counted; the points given
# by state ("when:") must be reached
skipped=0
outran() { # id description
  ((IRC == 998)) || return 1
  skipped=$((skipped + 1)); echo "skip $1 $2: the command ended before the signal (a fast machine)"
}
verdict() { tl_verdict "$@"; } # id description ok(0/1) what-it-got

# interrupt SIG DELAY CMD...: starts CMD in a session of its own, sends SIG
# after DELAY seconds (or, with DELAY "when:PATTERN", once a file matching
# PATTERN exists: a point defined by what the command is doing) (TERM: to the process; INT: to its process group),
# waits for it; sets IRC (its status, 999: still running after 60 s) and
# LEFT (processes of its session still there 3 s later, as "pid:cmd").
interrupt() {
  local sig=$1 delay=$2; shift 2
  # env --default-signal: a background job of a script starts with SIGINT
  # ignored, and under nohup SIGHUP is ignored too; a Ctrl-C in a terminal
  # or a closed terminal never meets that (trex keeps a signal its caller
  # ignores ignored)
  setsid env --default-signal=INT,HUP "$@" >"$T/out" 2>"$T/err" </dev/null &
  local pid=$! i
  if [[ $delay == when:* ]]; then # a point by state: once PATTERN exists (3 minutes at most)
    # polled every 5 ms: trex modelgen writes a model of about 1 MB in a
    # few ms, which a 50 ms poll missed on a quiet machine (session 10)
    for ((i = 0; i < 36000; i++)); do
      compgen -G "${delay#when:}" >/dev/null && break
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.005
    done
  else
    sleep "$delay"
  fi
  if ! kill -0 "$pid" 2>/dev/null; then # ended before the signal: no case
    wait "$pid"; IRC=998 LEFT="" ISECS=0; return
  fi
  if [[ $sig == INT ]]; then kill -INT -- "-$pid" 2>/dev/null; else kill -"$sig" "$pid" 2>/dev/null; fi
  IRC=999
  local t0=$SECONDS
  for ((i = 0; i < 600; i++)); do
    if ! kill -0 "$pid" 2>/dev/null; then wait "$pid"; IRC=$?; break; fi
    sleep 0.1
  done
  ISECS=$((SECONDS - t0))
  LEFT="" # a script stops its children before it ends; 3 s for the last to be reaped
  for ((i = 0; i < 30; i++)); do
    LEFT=$(ps -s "$pid" -o pid=,args= 2>/dev/null | awk '{ printf "%s:%s ", $1, $2 }')
    [[ -z $LEFT ]] && break
    sleep 0.1
  done
  if [[ -n $LEFT ]]; then # do not let a leak disturb the next cases
    pkill -KILL -s "$pid" 2>/dev/null
    sleep 0.5
  fi
}
# temporaries under DIR: NAME.tmp.*, .tmp.*, .run.*, *.new, .<shape>.XXXXXX
temps() { find "$@" \( -name '*.tmp.*' -o -name '.tmp*' -o -name '.run.*' -o -name '*.new' -o -name '.*.??????' \) 2>/dev/null | head -5 | tr '\n' ' '; }
# stopped within STOP_MAX seconds of the signal (RUN_GRACE of lib-run.sh is
# 10), and not reported as success
STOP_MAX=${STOP_MAX:-15}
ended() { ((IRC != 999 && IRC != 998 && IRC != 0 && ISECS <= STOP_MAX)); }

# a gnuplot that takes 30 s: the interruption arrives while it runs
mkdir -p "$T/slowbin"
printf '#!/bin/sh\nsleep 30\n' >"$T/slowbin/gnuplot"
chmod +x "$T/slowbin/gnuplot"

# ---- trex subcommands that write directories -------------------------------
# (each case in a directory of its own: the temporaries of one never count
# against another)

# H95: vecgen into a new directory, SIGTERM at several points: the staging
# directory DIR.tmp.XXXXXX stayed with the files written so far
for d in 0.5 2 staging; do
  c=$T/h95-$d; mkdir -p "$c"
  p=$d; [[ $d == staging ]] && p="when:$c/v.tmp.*/inputs.hex*"
  interrupt TERM "$p" "$TREX" vecgen --config "$CFG" --count 200000 --seed 1 --out "$c/v"
  [[ $d != staging ]] && outran H95 "vecgen SIGTERM at ${d} (new directory)" && continue
  ok=0; ended && [[ ! -e $c/v && -z $(temps "$c") && -z $LEFT ]] && ok=1
  verdict H95 "vecgen SIGTERM at ${d} (new directory)" $ok "rc=$IRC after ${ISECS}s; left: $(temps "$c")"
done

# H96: vecgen over an earlier set, SIGINT (Ctrl-C): the earlier set stays
# whole, no staging directory beside it
c=$T/h96; mkdir -p "$c"
"$TREX" vecgen --config "$CFG" --count 50 --seed 2 --out "$c/v" >/dev/null
cp -a "$c/v" "$c/ref"
for d in 1 staging; do
  p=$d; [[ $d == staging ]] && p="when:$c/v.tmp.*/inputs.hex*"
  interrupt INT "$p" "$TREX" vecgen --config "$CFG" --count 200000 --seed 1 --out "$c/v"
  if [[ $d != staging ]] && outran H96 "vecgen SIGINT at ${d} over an earlier set"; then
    rm -rf "$c/v" && cp -a "$c/ref" "$c/v" # the finished run replaced it, as it should
    continue
  fi
  ok=0; ended && diff -r "$c/ref" "$c/v" >/dev/null && [[ -z $(temps "$c") ]] && ok=1
  verdict H96 "vecgen SIGINT at ${d} over an earlier set" $ok "rc=$IRC after ${ISECS}s; temps: $(temps "$c")"
done

# H113: vecgen --force into a directory holding other files, SIGTERM: the
# other files and the directory stay as they were, no staging directory
c=$T/h113; mkdir -p "$c/v"; echo keep >"$c/v/notes.txt"
interrupt TERM "when:$c/v.tmp.*/inputs.hex*" "$TREX" vecgen --config "$CFG" --count 200000 --seed 1 --out "$c/v" --force
ok=0; ended && [[ $(ls -A "$c/v") == notes.txt && -z $(temps "$c") ]] && ok=1
verdict H113 "vecgen --force SIGTERM into a directory of other files" $ok "rc=$IRC after ${ISECS}s; $(ls -A "$c/v" | tr '\n' ' ') temps: $(temps "$c")"

# H97: modelgen into a new directory, SIGTERM: the staging directory stayed
# (the modelgen points are a few ms wide: up to 5 tries to meet one)
for try in 1 2 3 4 5; do
  c=$T/h97; rm -rf "$c"; mkdir -p "$c"
  interrupt TERM "when:$c/m.tmp.*/*.npy" "$TREX" modelgen --shape digits --seed 1 --out "$c/m" --stats 64
  ((IRC == 998)) || break
done
ok=0; ended && [[ ! -e $c/m && -z $(temps "$c") ]] && ok=1
verdict H97 "modelgen SIGTERM while writing (new directory)" $ok "rc=$IRC after ${ISECS}s; temps: $(temps "$c")"

# H115: modelgen over an earlier model, SIGINT: the earlier model stays whole
for try in 1 2 3 4 5; do
  c=$T/h115; rm -rf "$c"; mkdir -p "$c"
  "$TREX" modelgen --shape tiny --seed 1 --out "$c/m" --stats 0 >/dev/null
  cp -a "$c/m" "$c/ref"
  interrupt INT "when:$c/m.tmp.*/*.npy" "$TREX" modelgen --shape digits --seed 1 --out "$c/m" --stats 64
  ((IRC == 998)) || break
done
ok=0; ended && diff -r "$c/ref" "$c/m" >/dev/null && [[ -z $(temps "$c") ]] && ok=1
verdict H115 "modelgen SIGINT over an earlier model" $ok "rc=$IRC after ${ISECS}s; temps: $(temps "$c")"

# H123: modelgen --force into a directory holding other files, SIGTERM while
# writing: the other files stay, no staging directory
for try in 1 2 3 4 5; do
  c=$T/h123; rm -rf "$c"; mkdir -p "$c/m"; echo keep >"$c/m/notes.txt"
  interrupt TERM "when:$c/m.tmp.*/*.npy" "$TREX" modelgen --shape digits --seed 1 --out "$c/m" --stats 64 --force
  ((IRC == 998)) || break
done
ok=0; ended && [[ $(ls -A "$c/m") == notes.txt && -z $(temps "$c") ]] && ok=1
verdict H123 "modelgen --force SIGTERM into a directory of other files" $ok "rc=$IRC after ${ISECS}s; $(ls -A "$c/m" | head -3 | tr '\n' ' ') temps: $(temps "$c")"

# H112: infer --dump into a new directory, SIGTERM while the dump is
# written: the staging directory stayed
c=$T/h112; mkdir -p "$c"
/usr/bin/python3 -c 'import numpy as np, sys; np.save(sys.argv[2], np.load(sys.argv[1])[:40])' \
  "$ROOT/models/vit-digits/data/images.npy" "$c/in.npy"
interrupt TERM "when:$c/d.tmp.*/*.npy" "$TREX" infer --model "$ROOT/models/vit-digits" --input "$c/in.npy" --dump "$c/d"
ok=0; ended && [[ ! -e $c/d && -z $(temps "$c") ]] && ok=1
verdict H112 "infer --dump SIGTERM while the dump is written" $ok "rc=$IRC after ${ISECS}s; temps: $(temps "$c")"

# H98: edap --sweep while gnuplot runs, SIGTERM to trex: gnuplot ran on
# (30 s) and the staging directory stayed
c=$T/h98; mkdir -p "$c"
interrupt TERM 1 env PATH="$T/slowbin:$PATH" "$TREX" edap --model deit-t --tech "$TECH" --sweep --out "$c/s"
ok=0; ended && [[ ! -e $c/s && -z $(temps "$c") && -z $LEFT ]] && ok=1
verdict H98 "edap --sweep SIGTERM while gnuplot runs" $ok "rc=$IRC after ${ISECS}s; left: $LEFT temps: $(temps "$c")"

# H114: edap --sweep over an earlier sweep, SIGINT while gnuplot runs: the
# earlier sweep stays whole
c=$T/h114; mkdir -p "$c"
"$TREX" edap --model deit-t --tech "$TECH" --sweep --out "$c/s" >/dev/null 2>&1
cp -a "$c/s" "$c/ref"
interrupt INT 1 env PATH="$T/slowbin:$PATH" "$TREX" edap --model deit-s --tech "$TECH" --sweep --out "$c/s"
ok=0; ended && diff -r "$c/ref" "$c/s" >/dev/null && [[ -z $(temps "$c") && -z $LEFT ]] && ok=1
verdict H114 "edap --sweep SIGINT over an earlier sweep" $ok "rc=$IRC after ${ISECS}s; left: $LEFT temps: $(temps "$c")"

# H99: search --pareto while gnuplot runs, SIGTERM: the same (budget 0.95x:
# with the units' cycles no list of at most 3 reused DeiT-T encoders meets
# 0.9x, and the search ended before the signal)
c=$T/h99; mkdir -p "$c"
interrupt TERM 1 env PATH="$T/slowbin:$PATH" "$TREX" search --model deit-t --delay-budget 0.95x \
  --max-reuse 3 --tech "$TECH" --pareto "$c/p.csv"
ok=0; ended && [[ ! -e $c/p.csv && -z $(temps "$c") && -z $LEFT ]] && ok=1
verdict H99 "search --pareto SIGTERM while gnuplot runs" $ok "rc=$IRC after ${ISECS}s; left: $LEFT temps: $(temps "$c")"

# H100, H116: accuracy-study over an earlier output, SIGTERM while its plot
# is drawn, and SIGINT with --jobs 2 (threads): the earlier output stays
# whole, no staging directory, no gnuplot left
c=$T/h100; mkdir -p "$c"
(cd "$c" && ln -s "$ROOT/tests" tests && ln -s "$ROOT/models" models && ln -s "$ROOT/tech" tech)
acc=(accuracy-study --plan tests/accuracy/plan-quick.json --limit 4 --seeds 1 --no-adc --quiet)
(cd "$c" && "$TREX" "${acc[@]}" --out out >/dev/null 2>&1)
cp -a "$c/out" "$c/ref"
for k in "H100 TERM 1" "H116 INT 2" "H119 HUP 1"; do
  read -r id s j <<<"$k"
  rm -rf "$c"/out.tmp.* # each case judged on its own (a fix-less tree leaves them)
  (cd "$c" && interrupt $s "when:$c/out.tmp.*" env PATH="$T/slowbin:$PATH" "$TREX" "${acc[@]}" --jobs "$j" --out out
   echo "$IRC $ISECS" >"$c/rc"; printf '%s' "$LEFT" >"$c/left")
  read -r IRC ISECS <"$c/rc"; LEFT=$(cat "$c/left")
  ok=0; ended && [[ -z $(temps "$c") && -z $LEFT ]] && diff -r "$c/ref" "$c/out" >/dev/null && ok=1
  verdict $id "accuracy-study --jobs $j SIG$s while its plot is drawn, over an earlier output" $ok \
    "rc=$IRC after ${ISECS}s; left: $LEFT temps: $(temps "$c")"
done

# H122: accuracy-study --force into a directory holding other files, SIGTERM
# while its plot is drawn: the other files stay, no staging directory
c=$T/h122; mkdir -p "$c/out"; echo keep >"$c/out/notes.txt"
(cd "$c" && ln -s "$ROOT/tests" tests && ln -s "$ROOT/models" models && ln -s "$ROOT/tech" tech &&
 interrupt TERM "when:$c/out.tmp.*" env PATH="$T/slowbin:$PATH" "$TREX" "${acc[@]}" --out out --force
 echo "$IRC $ISECS" >"$c/rc"; printf '%s' "$LEFT" >"$c/left")
read -r IRC ISECS <"$c/rc"; LEFT=$(cat "$c/left")
ok=0; ended && [[ -z $LEFT && $(ls -A "$c/out") == notes.txt && -z $(temps "$c") ]] && ok=1
verdict H122 "accuracy-study --force SIGTERM into a directory of other files" $ok "rc=$IRC after ${ISECS}s; left: $LEFT $(ls -A "$c/out" | head -3 | tr '\n' ' ') temps: $(temps "$c")"

# H131: the units testbench's failure waveform (tb_units --wave), SIGTERM
# while the replay writes it: the earlier waveform stays whole (it was
# truncated when the replay began: the FST writer opened --wave in place),
# and the staging directory beside it goes
c=$T/h131; mkdir -p "$c"
if UB=$(bash scripts/units-build.sh gelu LANES=3 -DENC_BREAK_RESET 2>"$c/build.err"); then
  printf 'earlier waveform\n' >"$c/w.fst"
  # the reset check fails late (about 100,000 cycles in): a replay of seconds
  interrupt TERM "when:$c/w.fst.tmp.*" "$UB" --unit gelu --lanes 3 --sets random --random 200000 --seed 4 \
    --resets 0.00001 --wave-window 1000000000 --wave "$c/w.fst"
  ok=0; ended && [[ -z $LEFT && $(cat "$c/w.fst") == "earlier waveform" && -z $(temps "$c") ]] && ok=1
  verdict H131 "tb_units SIGTERM while it writes its failure waveform" $ok "rc=$IRC after ${ISECS}s; left: $LEFT; w.fst: $(head -c 40 "$c/w.fst" | tr -cd '[:print:]'); temps: $(temps "$c")"
else
  verdict H131 "tb_units SIGTERM while it writes its failure waveform: the testbench could not be built" 0 "$(head -c 300 "$c/build.err")"
fi

# ---- scripts -------------------------------------------------------------------

# H101: icarus-run, SIGTERM to the script while vvp runs: vvp ran on and
# the EXIT trap removed its work directory under it
if command -v iverilog >/dev/null; then
  c=$T/h101; mkdir -p "$c"
  "$TREX" vecgen --config "$CFG" --count 3000 --seed 3 --out "$c/v" >/dev/null
  interrupt TERM 5 bash scripts/icarus-run.sh "$TREX" "$c/v" "$c/ic"
  ok=0; ended && [[ -z $LEFT && -z $(temps "$c/ic") ]] && ok=1
  verdict H101 "icarus-run SIGTERM while iverilog/vvp run" $ok "rc=$IRC after ${ISECS}s; left: $LEFT temps: $(temps "$c/ic")"
fi

# H102: plan-run (local), SIGTERM to plan-run alone: its trap waited for
# make, which ran every task to the end (20 s)
c=$T/h102; mkdir -p "$c"
printf 'a\t-\t1\t%s\tsleep\t20\nb\t-\t1\t%s\tsleep\t20\n' "$c/pr/a.done" "$c/pr/b.done" >"$c/plan.tsv"
interrupt TERM 2 bash scripts/plan-run.sh --jobs 2 --out "$c/pr" "$c/plan.tsv"
ok=0; ended && [[ -z $LEFT ]] && ok=1
verdict H102 "plan-run SIGTERM to the script alone (make -j and its tasks)" $ok "rc=$IRC after ${ISECS}s; left: $LEFT"

# H120: units-sim when making a real-activation model fails: the private
# directory REAL/.SHAPE.XXXXXX stayed
c=$T/h120; mkdir -p "$c"
printf '#!/bin/sh\nexit 1\n' >"$c/false-trex"; chmod +x "$c/false-trex"
TREX="$c/false-trex" bash scripts/units-sim.sh --dumps-only --out "$c/us" >/dev/null 2>&1; rc=$?
ok=0; ((rc != 0)) && [[ -z $(find "$c/us" -name '.*.??????' | head -1) ]] && ok=1
verdict H120 "units-sim: a failed model build leaves no private directory" $ok "rc=$rc $(find "$c/us" -name '.*' | tr '\n' ' ')"

# H103: units-sim, SIGTERM while the unit's Verilated model is built (a
# fresh build root and no ccache: Verilator and g++ run for a while): they
# ran on
c=$T/h103; mkdir -p "$c"
make --no-print-directory -s build/obj/testbench/units_tb_main.o build/obj/testbench/units_tb_gen.o \
  build/obj/testbench/units_tb_real.o build/obj/testbench/units_tb_unit.o build/obj/libtrex.a >/dev/null
interrupt TERM "when:$c/simroot/*/verilator.log" env UNITS_SIM_ROOT="$c/simroot" CCACHE_DISABLE=1 \
  bash scripts/units-sim.sh --units add --config add:LANES=3 --seeds 1 --out "$c/us"
ok=0; ended && [[ -z $LEFT && -z $(temps "$c/us" "$c/simroot") ]] && ok=1
verdict H103 "units-sim SIGTERM while Verilator builds the unit" $ok "rc=$IRC after ${ISECS}s; left: $LEFT temps: $(temps "$c/us" "$c/simroot")"

# H104, H105, H111: make regress (quick level), over an earlier complete run
# (one controller test), interrupted while a long lockstep test (an --extra
# test of 3 million MVMs under the per-test `timeout`) runs: SIGTERM to
# regress.sh alone left plan-run, make and the test running; SIGINT to its
# group left the test running (`timeout` has a process group of its own);
# and the earlier summary.json stayed beside the partial tests/
c=$T/h104; mkdir -p "$c"
printf 'quick\tlonglock\t1\tlock\ttests/configs/default.json 3000000 1 0\n' >"$c/extra.tsv"
bash scripts/regress.sh --quick --only 'ctrl/sim-s1' --out "$c/reg" >"$c/reg.log" 2>&1
reg=(bash scripts/regress.sh --quick --only 'extra/longlock' --extra "$c/extra.tsv" --out "$c/reg")
if [[ -s $c/reg/summary.json ]]; then
  mkdir -p "$c/saved"
  cp -a "$c/reg"/{summary.json,report.md,junit.xml,manifest.json} "$c/saved/"
  for k in "H104 TERM" "H105 INT"; do
    read -r id s <<<"$k"
    d="while a test runs"
    rm -rf "$c/reg/tests" # the point is this run's test, not a file of the run before
    interrupt $s "when:$c/reg/tests/extra/longlock/cmd" "${reg[@]}"
    ok=0; ended && [[ -z $LEFT ]] && ok=1
    verdict $id "make regress SIG$s $d: every child stops" $ok "rc=$IRC after ${ISECS}s; left: $LEFT"
    ok=0; [[ ! -e $c/reg/summary.json && ! -e $c/reg/report.md && ! -e $c/reg/junit.xml ]] && ok=1
    verdict H111 "make regress SIG$s: no earlier summary beside the partial run" $ok "$(ls "$c/reg" | tr '\n' ' ')"
    cp -a "$c/saved/." "$c/reg/" # the earlier run's summary files again, for the next case
  done
else
  verdict H104 "make regress (the run alone)" 0 "$(tail -3 "$c/reg.log")"
fi

# H106: synth-run, SIGTERM while yosys runs: yosys ran on, and the trap's
# rm -rf of the temporary directory raced with yosys writing into it
if command -v yosys >/dev/null && command -v sta >/dev/null; then
  c=$T/h106; mkdir -p "$c"
  interrupt TERM 2 bash scripts/synth-run.sh --module xbar_tile --config tests/regress/configs/mt-a.json --root "$c/syn"
  if ! outran H106 "synth-run SIGTERM while yosys runs"; then
    ok=0; ended && [[ -z $LEFT && -z $(temps "$c/syn") ]] && ok=1
    verdict H106 "synth-run SIGTERM while yosys runs" $ok "rc=$IRC after ${ISECS}s; left: $LEFT temps: $(temps "$c/syn")"
  fi
  # H117: synth-run with a fresh root, SIGTERM while the liberty is filtered
  # into its cache: the trap removed only the run's TMP, and the liberty's
  # temporary directory lib/.tmp.XXXXXX stayed
  c=$T/h117; mkdir -p "$c"
  interrupt TERM "when:$c/syn/lib/.tmp.*" bash scripts/synth-run.sh --module xbar_tile \
    --config tests/regress/configs/mt-a.json --lib "${PDK_LIB:-$ROOT/../shared/pdk/sky130hd_tt.lib.gz}" --root "$c/syn"
  ok=0; ((IRC == 998)) || { ended && [[ -z $LEFT && -z $(temps "$c/syn") ]] && ok=1; }
  verdict H117 "synth-run SIGTERM while the liberty is filtered" $ok "rc=$IRC after ${ISECS}s; left: $LEFT temps: $(temps "$c/syn")"
fi

# H126, H127: make fuzz, SIGTERM to run-fuzz.sh: the harness ran on to its
# time limit and the next ones started; an earlier summary.json stayed
if [[ -x build/fuzz/bin/fuzz_hex ]]; then
  c=$T/h126; mkdir -p "$c"
  echo '{}' >"$c/summary.json"
  interrupt TERM "when:$c/logs/hex.log" env FUZZ_OUT="$c" bash tests/fuzz/run-fuzz.sh build/fuzz/bin 20 hex reuse
  ok=0; ended && [[ -z $LEFT && -z $(find "$c/work" -mindepth 1 2>/dev/null | head -1) ]] && ok=1
  verdict H126 "make fuzz SIGTERM while a harness runs" $ok "rc=$IRC after ${ISECS}s; left: $LEFT $(ls "$c/work" 2>/dev/null)"
  ok=0; [[ ! -e $c/summary.json ]] && ok=1
  verdict H127 "make fuzz SIGTERM: no earlier summary beside the partial logs" $ok "$(ls "$c" | tr '\n' ' ')"
fi

# ---- long ---------------------------------------------------------------------
if ((long)); then
  # H107: make mutate, SIGTERM while the set is built (5 s in) and while a
  # survivor's proof runs (a point by state: the work directory of tile-a
  # #20's proof, a survivor whose proof runs for tens of seconds; a fixed
  # 60 s had let the 4-mutant run end first on a quiet machine)
  for d in 5 "when:$T/h107-p/mut/tile-a/p/20.d"; do
    c=$T/h107-p; [[ $d == 5 ]] && c=$T/h107-5
    mkdir -p "$c/mut" # each point from scratch (no resumed verdicts); [[ -e $c/mut/summary.json ]] || { echo '{}' >"$c/mut/summary.json"; : >"$c/mut/.trex-mutate"; }
    at="after ${d}s"; [[ $d == when:* ]] && at="during a proof"
    interrupt TERM "$d" bash scripts/mutate.sh --sets tile-a --per-set 20 --out "$c/mut"
    # a run that ends before the signal is no case (as for H95)
    if [[ $d != when:* ]] && outran H107 "make mutate SIGTERM $at"; then echo '{}' >"$c/mut/summary.json"; continue; fi
    ok=0; ended && [[ -z $LEFT ]] && ok=1
    verdict H107 "make mutate SIGTERM $at: every child stops" $ok "rc=$IRC after ${ISECS}s; left: $LEFT"
    ok=0; [[ ! -e $c/mut/summary.json ]] && ok=1
    verdict H109 "make mutate SIGTERM $at: no earlier summary beside the partial verdicts" $ok "$(ls "$c/mut" | tr '\n' ' ')"
    echo '{}' >"$c/mut/summary.json" # an earlier summary for the next point
  done
  # H141..H143: the accelerator top (make sim-core, make sim-core-icarus) on
  # the tiny model (its Verilated build: minutes on a fresh tree, so here)
  c=$T/h141; mkdir -p "$c"
  "$TREX" modelgen --shape tiny --seed 1 --out "$c/tiny" --stats 0 >/dev/null 2>&1
  cs=(bash scripts/core-sim.sh --model "$c/tiny" --out "$c/run")
  if "${cs[@]}" --random 1 >"$c/first.out" 2>&1; then
    cp -a "$c/run" "$c/ref"
    # H141: SIGTERM to core-sim while tb_core runs: tb_core and tee ran on,
    # and the earlier report had been emptied by tee when the run began
    interrupt TERM 4 "${cs[@]}" --random 50
    ok=0; ended && [[ -z $LEFT && -z $(temps "$c") ]] && diff -r "$c/ref" "$c/run" >/dev/null && ok=1
    verdict H141 "make sim-core SIGTERM while tb_core runs, over an earlier report" $ok "rc=$IRC after ${ISECS}s; left: $LEFT temps: $(temps "$c") $(wc -c "$c"/run/* | tr '\n' ' ')"
    # H142: a refused run (tb_core exit 2) emptied the earlier report too
    "${cs[@]}" --random 1 --count x >/dev/null 2>&1; rc=$?
    ok=0; ((rc == 2)) && diff -r "$c/ref" "$c/run" >/dev/null && [[ -z $(temps "$c") ]] && ok=1
    verdict H142 "make sim-core refused (COUNT=x): the earlier report stays" $ok "rc=$rc $(wc -c "$c"/run/* | tr '\n' ' ')"
  else
    verdict H141 "make sim-core: the first run failed" 0 "$(tail -c 300 "$c/first.out")"
  fi
  # H143: sim-core-icarus, SIGTERM while Icarus compiles or runs: its run
  # directory OUT/run.XXXXXX stayed half-filled (stim.txt, tb.vvp, logs)
  if command -v iverilog >/dev/null; then
    interrupt TERM "when:$c/ic/run.*/iverilog.log" bash scripts/core-icarus.sh --model "$c/tiny" --random 1 --out "$c/ic"
    ok=0; ended && [[ -z $LEFT && -z $(ls -A "$c/ic") ]] && ok=1
    verdict H143 "make sim-core-icarus SIGTERM while Icarus runs: no half-filled run directory" $ok "rc=$IRC after ${ISECS}s; left: $LEFT $(ls -A "$c/ic" | tr '\n' ' ')"
  fi

  # H151: bench-accuracy without a trained model makes a synthetic one (trex
  # modelgen, then synth_data.py); SIGTERM while synth_data.py runs left the
  # model beside a half-written dataset, which every later run reused (and
  # failed on)
  A=build/bench/accuracy
  rm -rf "$A/synth-model" "$A/synth-data"
  interrupt TERM "when:$ROOT/$A/.synth.*/data/images.npy" env BENCH_RUNS=1 bash scripts/bench-accuracy.sh "$TREX" build/nonexistent-model
  ok=0; ended && [[ -z $LEFT && -z $(temps "$A") ]] && [[ ! -e $A/synth-data || -f $A/synth-data/split.json ]] &&
    [[ ! -e $A/synth-model || -e $A/synth-data ]] && ok=1
  verdict H151 "bench-accuracy SIGTERM while its synthetic dataset is made" $ok "rc=$IRC after ${ISECS}s; left: $LEFT temps: $(temps "$A") $(ls "$A/synth-data" 2>/dev/null | tr '\n' ' ')"

  # H108: make bench, SIGTERM: the benchmarks ran on; an earlier
  # results.json stayed beside the new partial runs.tsv
  mkdir -p build/bench; [[ -e build/bench/results.json ]] || echo '{}' >build/bench/results.json
  interrupt TERM 20 env BENCH_RUNS=1 BENCH_COCOTB=0 bash scripts/bench.sh
  ok=0; ended && [[ -z $LEFT ]] && ok=1
  verdict H108 "make bench SIGTERM after 20s: every child stops" $ok "rc=$IRC after ${ISECS}s; left: $LEFT"
  ok=0; [[ ! -e build/bench/results.json ]] && ok=1
  verdict H110 "make bench SIGTERM: no earlier results.json beside the partial runs.tsv" $ok "$(ls build/bench | tr '\n' ' ')"
fi

echo "interrupt: $pass passed, $fail failed, $skipped skipped ($([[ $long == 1 ]] && echo long || echo quick))"
exit $((fail != 0))
