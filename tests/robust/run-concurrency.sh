#!/usr/bin/env bash
# Issue 15, class 5: any two commands or targets of the project run at the
# same time on the same configuration or output give the same verdicts as
# each run alone. Each case runs a pair (or more) at once, ROUNDS times, and
# checks every exit status, every verdict line and every output against the
# run alone; docs/bad-inputs.md (section "Concurrency and interruption")
# lists each case with what it got before its fix.
#   bash tests/robust/run-concurrency.sh [--long]
# Without --long (make test): the C writers, the build rules and the fast
# targets, a few rounds each (about a minute). With --long
# (make test-concurrency-long): more rounds, and the cases that build a
# Verilated model, synthesise or run the regression (many minutes).
# Run from the repository root; TREX=build/bin/trex by default.
set -uo pipefail
. tests/lib.sh
tl_robust concurrency "$@"
R=$((long ? 12 : 3)) # rounds of the fast cases

verdict() { tl_verdict "$@"; } # id description ok(0/1) what-it-got
# both IN: runs "$@" twice at once; rc1 rc2 in $RC1 $RC2, outputs in $T/o1 $T/o2
both() {
  "$@" >"$T/o1" 2>"$T/e1" & local p1=$!
  "$@" >"$T/o2" 2>"$T/e2" & local p2=$!
  wait $p1; RC1=$?
  wait $p2; RC2=$?
}
same_dir() { diff -r "$1" "$2" >/dev/null 2>&1; }
no_tmp() { ! compgen -G "$1.tmp.*" >/dev/null; }

# ---- C writers (trex_outdir, trex_wfile) ------------------------------------

# H80: two vecgen into one new DIR: the second rename failed ("cannot rename
# into place: Directory not empty") and reported an error for a good set.
"$TREX" vecgen --config "$CFG" --count 300 --seed 5 --out "$T/ref80" >/dev/null
ok=1 got=""
for ((i = 0; i < R * 2; i++)); do
  rm -rf "$T/v80"
  both "$TREX" vecgen --config "$CFG" --count 300 --seed 5 --out "$T/v80"
  if ((RC1 || RC2)) || ! same_dir "$T/ref80" "$T/v80" || ! no_tmp "$T/v80"; then
    ok=0 got="round $i: rc $RC1/$RC2 $(head -c 200 "$T/e1" "$T/e2" | tr '\n' ' ')"; break
  fi
done
verdict H80 "two trex vecgen into one new directory at once" $ok "$got"

# H81: two vecgen over an earlier set of their own
ok=1 got=""
for ((i = 0; i < R * 2; i++)); do
  both "$TREX" vecgen --config "$CFG" --count 300 --seed 5 --out "$T/v80"
  if ((RC1 || RC2)) || ! same_dir "$T/ref80" "$T/v80" || ! no_tmp "$T/v80"; then
    ok=0 got="round $i: rc $RC1/$RC2 $(head -c 200 "$T/e1" "$T/e2" | tr '\n' ' ')"; break
  fi
done
verdict H81 "two trex vecgen over an earlier set at once" $ok "$got"

# H82: two edap --sweep into one new DIR
"$TREX" edap --model deit-t --tech "$TECH" --sweep --out "$T/ref82" >/dev/null 2>&1
ok=1 got=""
for ((i = 0; i < R * 2; i++)); do
  rm -rf "$T/s82"
  both "$TREX" edap --model deit-t --tech "$TECH" --sweep --out "$T/s82"
  if ((RC1 || RC2)) || ! diff -q "$T/ref82/sweep.csv" "$T/s82/sweep.csv" >/dev/null ||
     [[ $(ls "$T/s82") != "$(ls "$T/ref82")" ]] || ! no_tmp "$T/s82"; then
    ok=0 got="round $i: rc $RC1/$RC2 $(head -c 200 "$T/e1" "$T/e2" | tr '\n' ' ')"; break
  fi
done
verdict H82 "two trex edap --sweep into one new directory at once" $ok "$got"

# H83: two modelgen into one new DIR
"$TREX" modelgen --shape tiny --seed 3 --out "$T/ref83" --stats 0 >/dev/null
ok=1 got=""
for ((i = 0; i < R; i++)); do
  rm -rf "$T/m83"
  both "$TREX" modelgen --shape tiny --seed 3 --out "$T/m83" --stats 0
  if ((RC1 || RC2)) || ! same_dir "$T/ref83" "$T/m83" || ! no_tmp "$T/m83"; then
    ok=0 got="round $i: rc $RC1/$RC2 $(head -c 200 "$T/e1" "$T/e2" | tr '\n' ' ')"; break
  fi
done
verdict H83 "two trex modelgen into one new directory at once" $ok "$got"

# H84: two infer --dump into one new DIR
printf '' >/dev/null
/usr/bin/python3 - "$T/ref83/model.json" "$T/in84.npy" <<'P'
import json, sys
import numpy as np
im = json.load(open(sys.argv[1]))["image"]
np.save(sys.argv[2], np.random.default_rng(3).integers(im["input_min"], im["input_max"] + 1,
        size=(1, im["channels"], im["height"], im["width"])).astype(np.int8))
P
"$TREX" infer --model "$T/ref83" --input "$T/in84.npy" --reuse 2 --dump "$T/ref84" >/dev/null 2>&1
ok=1 got=""
for ((i = 0; i < R; i++)); do
  rm -rf "$T/d84"
  both "$TREX" infer --model "$T/ref83" --input "$T/in84.npy" --reuse 2 --dump "$T/d84"
  if ((RC1 || RC2)) || ! same_dir "$T/ref84" "$T/d84" || ! no_tmp "$T/d84" || ! diff -q "$T/o1" "$T/o2" >/dev/null; then
    ok=0 got="round $i: rc $RC1/$RC2 $(head -c 200 "$T/e1" "$T/e2" | tr '\n' ' ')"; break
  fi
done
verdict H84 "two trex infer --dump into one new directory at once" $ok "$got"

# H85: two accuracy-study into one new DIR (the quick plan, a few images)
acc=(accuracy-study --plan "$ROOT/tests/accuracy/plan-quick.json" --limit 4 --seeds 1 --no-adc --quiet)
mkdir -p "$T/a85"
if (cd "$T/a85" && ln -s "$ROOT/tests" tests && ln -s "$ROOT/models" models && ln -s "$ROOT/build" build && ln -s "$ROOT/tech" tech &&
    "$TREX" "${acc[@]}" --out ref >/dev/null 2>"$T/e85"); then
  ok=1 got=""
  for ((i = 0; i < R / 3; i++)); do
    rm -rf "$T/a85/s"
    (cd "$T/a85" && both "$TREX" "${acc[@]}" --out s; echo "$RC1 $RC2" >rc)
    read -r RC1 RC2 <"$T/a85/rc"
    if ((RC1 || RC2)) || [[ $(ls "$T/a85/s") != "$(ls "$T/a85/ref")" ]] ||
       ! diff -q "$T/a85/ref/lists.csv" "$T/a85/s/lists.csv" >/dev/null || ! no_tmp "$T/a85/s"; then
      ok=0 got="round $i: rc $RC1/$RC2 $(head -c 200 "$T/e1" "$T/e2" | tr '\n' ' ')"; break
    fi
  done
  verdict H85 "two trex accuracy-study into one new directory at once" $ok "$got"
else
  verdict H85 "two trex accuracy-study into one new directory at once" 0 "the run alone failed: $(head -c 300 "$T/e85")"
fi

# H86: two search --pareto of one file at once (both write FILE and FILE.png;
# budget 0.95x: with the units' cycles 0.9x with at most 3 reused DeiT-T
# encoders is infeasible and the search writes nothing)
if command -v gnuplot >/dev/null; then
  "$TREX" search --model deit-t --delay-budget 0.95x --max-reuse 3 --tech "$TECH" --pareto "$T/ref86.csv" >/dev/null 2>&1
  ok=1 got=""
  for ((i = 0; i < R; i++)); do
    rm -f "$T/p86.csv" "$T/p86.csv.png"
    both "$TREX" search --model deit-t --delay-budget 0.95x --max-reuse 3 --tech "$TECH" --pareto "$T/p86.csv"
    if ((RC1 || RC2)) || [[ ! -s $T/p86.csv || ! -s $T/p86.csv.png ]] || ! diff -q "$T/p86.csv" "$T/ref86.csv" >/dev/null ||
       compgen -G "$T/p86.csv.tmp.*" >/dev/null; then
      ok=0 got="round $i: rc $RC1/$RC2 $(head -c 200 "$T/e1" "$T/e2" | tr '\n' ' ')"; break
    fi
  done
  verdict H86 "two trex search --pareto of one file at once" $ok "$got"
fi

# ---- the build rules -----------------------------------------------------------

# H87: two makes rebuilding libtrex.a and trex at once (make test beside make
# regress after an edit): `rm -f libtrex.a; ar rcs` let the other make link
# against a missing or half-written archive ("No such file", "malformed
# archive"), and gcc -o wrote objects the other make was reading.
B=$T/b87
mkdir -p "$B"; cp -a build/obj build/bin "$B/"
ok=1 got=""
for ((i = 0; i < R / 2 + 1; i++)); do
  # objects older than their sources (the sources themselves are not touched)
  touch -d '2000-01-01' "$B/obj/c-model/trex_err.o" "$B/obj/c-model/trex_num.o" "$B/obj/c-model/cli/trex_main.o"
  both make --no-print-directory -s BUILD="$B" build
  if ((RC1 || RC2)) || ! "$B/bin/trex" --help >/dev/null 2>&1 || compgen -G "$B/obj/*.tmp.*" >/dev/null ||
     compgen -G "$B/obj/c-model/*.tmp.*" >/dev/null; then
    ok=0 got="round $i: rc $RC1/$RC2 $(grep -h -m2 -i 'error\|no such\|malformed' "$T/o1" "$T/o2" "$T/e1" "$T/e2" | head -c 300 | tr '\n' ' ')"; break
  fi
done
verdict H87 "two makes rebuilding libtrex.a and trex at once" $ok "$got"

# H88: two make icarus of one vector set at once (one work directory each)
if command -v iverilog >/dev/null; then
  "$TREX" vecgen --config "$CFG" --count 20 --seed 9 --out "$T/v88" >/dev/null
  ok=1 got=""
  for ((i = 0; i < R / 3; i++)); do
    both make --no-print-directory icarus VEC="$T/v88" BUILD="$T/b88"
    if ((RC1 || RC2)) || ! grep -q ' PASS$' "$T/o1" || ! grep -q ' PASS$' "$T/o2" ||
       compgen -G "$T/b88/icarus/*/.run.*" >/dev/null; then
      ok=0 got="round $i: rc $RC1/$RC2 $(tail -c 200 "$T/o1" "$T/o2" | tr '\n' ' ')"; break
    fi
  done
  verdict H88 "two make icarus of one vector set at once" $ok "$got"
fi

# H152: two make units-errors at once (make enc-errors the same): one
# temporary errors.md.tmp for both, and the second mv failed ("cannot stat")
make --no-print-directory -s build/sim-units/units_errsweep >/dev/null
ok=1 got=""
for ((i = 0; i < R; i++)); do
  both make --no-print-directory -s units-errors
  if ((RC1 || RC2)) || ! grep -q 'Add worst' build/sim-units/errors.md || compgen -G "build/sim-units/errors.md.tmp*" >/dev/null; then
    ok=0 got="round $i: rc $RC1/$RC2 $(cat "$T/e1" "$T/e2" | head -c 300 | tr '\n' ' ')"; break
  fi
done
verdict H152 "two make units-errors at once (one temporary)" $ok "$got"

# ---- long cases (make test-concurrency-long) --------------------------------
if ((long)); then
  # H89: two Verilator builds of one configuration at once (make sim): one
  # --Mdir, and the first make ran a tb_xbar the second was relinking
  "$TREX" vecgen --config "$CFG" --count 40 --seed 4 --out "$T/v89" >/dev/null
  ok=1 got=""
  for ((i = 0; i < 2; i++)); do
    rm -rf "$T/b89"; mkdir -p "$T/b89"; cp -r build/obj "$T/b89/" 2>/dev/null; cp -r build/bin "$T/b89/"
    both make --no-print-directory sim VEC="$T/v89" BUILD="$T/b89"
    if ((RC1 || RC2)) || ! grep -q ' PASS$' "$T/o1" || ! grep -q ' PASS$' "$T/o2"; then
      ok=0 got="round $i: rc $RC1/$RC2 $(tail -c 300 "$T/o1" "$T/o2" "$T/e1" "$T/e2" | tr '\n' ' ')"; break
    fi
  done
  verdict H89 "two make sim of one configuration, building its Verilated model at once" $ok "$got"

  # H90: two failing runs of one configuration at once write one mismatch
  # waveform (each writes its own and renames it)
  ok=1 got=""
  both make --no-print-directory sim VEC="$T/v89" BUILD="$T/b89" RTL_DEFINES=-DXBAR_BREAK_SHIFT_ADD
  if ((RC1 == 0 || RC2 == 0)) || ! grep -q 'MISMATCH' "$T/e1" "$T/o1" || compgen -G "$T/b89/sim/*/mismatch.fst.tmp.*" >/dev/null ||
     [[ -z $(compgen -G "$T/b89/sim/*/mismatch.fst") ]]; then
    ok=0 got="rc $RC1/$RC2 $(ls "$T"/b89/sim/*/ | tr '\n' ' ')"
  fi
  verdict H90 "two failing make sim of one configuration at once (one waveform, renamed into place)" $ok "$got"

  # H91, H92: two synth-run of one configuration with a fresh root at once:
  # both built the filtered liberty, the second `rm -rf LIBDIR; mv` while the
  # first read it ("no flip-flop cells"); and both replaced one FINAL
  if command -v yosys >/dev/null && command -v sta >/dev/null; then
    rm -rf "$T/syn"
    both bash scripts/synth-run.sh --module xbar_tile --config tests/regress/configs/mt-a.json --root "$T/syn"
    ok=1 got=""
    if ((RC1 || RC2)) || ! grep -q '^synth: metrics:' "$T/o1" || ! grep -q '^synth: metrics:' "$T/o2" ||
       [[ $(ls "$T/syn/lib" | wc -l) != 1 ]] || compgen -G "$T/syn/lib/.tmp.*" >/dev/null || compgen -G "$T/syn/.tmp.*" >/dev/null; then
      ok=0 got="rc $RC1/$RC2 $(grep -h -m1 error "$T/e1" "$T/e2" | head -c 300)"
    fi
    verdict H91 "two synth-run of one configuration with a fresh root at once (liberty cache, one FINAL)" $ok "$got"
  fi

  # H153: two make test-core at once: the second's rm -rf of
  # build/sim-core/test removed the first one's models (11 false failures)
  ok=1 got=""
  for ((i = 0; i < 2; i++)); do
    both bash tests/core/run.sh
    if ((RC1 || RC2)) || ! grep -q 'test-core: [0-9]* passed, 0 failed' "$T/o1" || ! grep -q 'test-core: [0-9]* passed, 0 failed' "$T/o2"; then
      ok=0 got="round $i: rc $RC1/$RC2 $(grep -h 'FAIL\|passed' "$T/o1" "$T/o2" | head -c 300 | tr '\n' ' ')"; break
    fi
  done
  verdict H153 "two make test-core at once" $ok "$got"

  # H93: two regress runs with one --out at once (a second one waits); H158:
  # the same into a new --out, where one was refused in the instant between
  # the other's mkdir and its marker (chk_outdir); 3 rounds, a new --out each
  ok=1 got=""
  for ((i = 0; i < 3; i++)); do
    rm -rf "$T/reg"
    both bash scripts/regress.sh --quick --only 'edap/deit-s' --out "$T/reg"
    if ((RC1 || RC2)) || ! grep -q 'all 1 tests passed\|passed' "$T/o1" || ! grep -q 'passed' "$T/o2" || [[ ! -s $T/reg/summary.json ]]; then
      ok=0 got="round $i: rc $RC1/$RC2 $(tail -c 300 "$T/o1" "$T/o2" "$T/e1" "$T/e2" | tr '\n' ' ')"; break
    fi
  done
  verdict H93 "two regress runs with one --out at once" $ok "$got"

  # H94: two units-sim of one configuration and --out at once (one build
  # directory, one log)
  ok=1 got=""
  rm -rf "$T/us"
  both bash scripts/units-sim.sh --units add --config add:LANES=3 --seeds 1 --out "$T/us"
  if ((RC1 || RC2)) || ! grep -q 'runs passed' "$T/o1" || ! grep -q 'runs passed' "$T/o2"; then
    ok=0 got="rc $RC1/$RC2 $(tail -c 300 "$T/o1" "$T/o2" "$T/e1" "$T/e2" | tr '\n' ' ')"
  fi
  verdict H94 "two units-sim of one configuration and output at once" $ok "$got"
fi

rm -rf "$T/b87" "$T/b89"
echo "concurrency: $pass passed, $fail failed ($([[ $long == 1 ]] && echo long || echo quick))"
exit $((fail != 0))
