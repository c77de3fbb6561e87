#!/usr/bin/env bash
# Checker self-test of the digital units' testbench (docs/encoder-units.md,
# "Verification"): for every unit, the RTL built with its arithmetic break
# (ENC_BREAK_SOFTMAX, _LN, _GELU, _REQUANT, _ADD) must fail with a mismatch
# report naming the unit, job, row and element with the golden intermediate
# values, a waveform and a replay command; built with ENC_BREAK_CYCLE (one
# cycle more per row or beat) it must fail with a cycle-count report; the
# unbroken RTL must pass the same run; every unit must pass resets in the
# middle of the stream, and GELU built with ENC_BREAK_RESET must fail them;
# a run that compares nothing fails.
set -uo pipefail
OUT=build/test/units-checker
mkdir -p "$OUT"
fail=0 pass=0
ok() { pass=$((pass + 1)); echo "checker: $*"; }
bad() { fail=$((fail + 1)); echo "checker: FAIL: $*"; }
# unit params tb-options break
cases=("softmax LANES=4,NMAX=96,STEPS=1 --nmax,96,--steps,1 ENC_BREAK_SOFTMAX"
       "layernorm LANES=4,NMAX=136,STEPS=1 --nmax,136,--steps,1 ENC_BREAK_LN"
       "gelu LANES=4 - ENC_BREAK_GELU"
       "requant LANES=4,ACC_W=40 --acc-w,40 ENC_BREAK_REQUANT"
       "add LANES=4 - ENC_BREAK_ADD")
for c in "${cases[@]}"; do
  read -r u params extra brk <<<"$c"
  xo=()
  [[ $extra != - ]] && IFS=, read -ra xo <<<"$extra"
  args=(--unit "$u" --lanes 4 "${xo[@]}" --sets random,corner --random 100 --seed 3 --gaps 0.2 --backpressure 0.3)
  [[ $u == softmax ]] && args+=(--busy-writes 0.2)
  good=$(bash scripts/units-build.sh "$u" "$params") || { bad "$u: the unbroken build failed"; continue; }
  if "$good" "${args[@]}" --wave "$OUT/$u-good.fst" >"$OUT/$u-good.log" 2>&1; then
    ok "$u: unbroken RTL passes ($(grep -o 'elements=[0-9]*' "$OUT/$u-good.log"))"
  else
    bad "$u: the unbroken RTL failed (log $OUT/$u-good.log)"
  fi
  for d in "$brk" ENC_BREAK_CYCLE; do
    bin=$(bash scripts/units-build.sh "$u" "$params" "-D$d") || { bad "$u -D$d: build failed"; continue; }
    log=$OUT/$u-$d.log wave=$OUT/$u-$d.fst
    rm -f "$wave"
    rep="bash scripts/units-build.sh $u $params -D$d && $bin ${args[*]}"
    if "$bin" "${args[@]}" --wave "$wave" --replay "$rep" >"$log" 2>&1; then
      bad "$u -D$d PASSED: the checker is blind (log $log)"
      continue
    fi
    if [[ $d == ENC_BREAK_CYCLE ]]; then
      grep -q "^CYCLE MISMATCH unit $u job [0-9]* " "$log" && grep -q 'the model predicts' "$log" ||
        { bad "$u -D$d failed without a cycle report (log $log)"; continue; }
      what=$(grep -m1 '^CYCLE MISMATCH' "$log" | cut -c1-150)
    else
      grep -q "^MISMATCH unit $u job [0-9]* (.*) \(row\|batch\) [0-9]* element [0-9]* (beat [0-9]* lane [0-9]*)$" "$log" &&
        grep -q '^  expected .* got ' "$log" && grep -q '^  golden ' "$log" ||
        { bad "$u -D$d failed without a full mismatch report (log $log)"; continue; }
      what=$(grep -m1 '^MISMATCH' "$log" | cut -c1-150)
    fi
    grep -q "^replay: bash scripts/units-build.sh $u $params -D$d" "$log" || { bad "$u -D$d: no replay command (log $log)"; continue; }
    [[ -s $wave ]] || { bad "$u -D$d: no waveform $wave"; continue; }
    ok "$u -D$d caught: $what"
  done
done
# resets in the middle of the stream (--resets): every unit passes them;
# GELU built with ENC_BREAK_RESET (the reset leaves out_valid_o to the input
# valid of the reset edge) must fail with the protocol report
for c in "softmax LANES=3,NMAX=10,STEPS=5 --nmax,10,--steps,5,--busy-writes,0.2" \
         "layernorm LANES=3,NMAX=10,STEPS=8 --nmax,10,--steps,8" "gelu LANES=3 -" \
         "requant LANES=2,ACC_W=40 --acc-w,40" "add LANES=3 -"; do
  read -r u params extra <<<"$c"
  xo=()
  [[ $extra != - ]] && IFS=, read -ra xo <<<"$extra"
  l=${params#LANES=} l=${l%%,*}
  args=(--unit "$u" --lanes "$l" "${xo[@]}" --sets random,corner --random 100 --seed 4 --gaps 0.2
        --backpressure 0.3 --resets 0.05)
  bin=$(bash scripts/units-build.sh "$u" "$params") || { bad "$u $params: build failed"; continue; }
  if "$bin" "${args[@]}" --wave "$OUT/$u-rst.fst" >"$OUT/$u-rst.log" 2>&1 && grep -q ' resets=[1-9]' "$OUT/$u-rst.log"; then
    ok "$u: passes resets in the middle of the stream ($(grep -o 'resets=[0-9]*' "$OUT/$u-rst.log"))"
  else
    bad "$u: failed or saw no reset with --resets (log $OUT/$u-rst.log)"
  fi
  [[ $u == gelu ]] || continue
  bin=$(bash scripts/units-build.sh gelu "$params" -DENC_BREAK_RESET) || { bad "gelu -DENC_BREAK_RESET: build failed"; continue; }
  if "$bin" "${args[@]}" --wave "$OUT/gelu-ENC_BREAK_RESET.fst" >"$OUT/gelu-ENC_BREAK_RESET.log" 2>&1; then
    bad "gelu -DENC_BREAK_RESET PASSED: the reset check is blind (log $OUT/gelu-ENC_BREAK_RESET.log)"
  elif grep -q '^MISMATCH unit gelu job [0-9]* cycle [0-9]* protocol: not empty .* after a reset$' "$OUT/gelu-ENC_BREAK_RESET.log"; then
    ok "gelu -DENC_BREAK_RESET caught: $(grep -m1 '^MISMATCH' "$OUT/gelu-ENC_BREAK_RESET.log" | cut -c1-150)"
  else
    bad "gelu -DENC_BREAK_RESET failed without the reset report (log $OUT/gelu-ENC_BREAK_RESET.log)"
  fi
done
# a run that compares nothing is a failure
bin=$(bash scripts/units-build.sh gelu LANES=4) &&
  if "$bin" --unit gelu --lanes 4 --sets random --random 0 >"$OUT/empty.log" 2>&1; then
    bad "a run with no jobs passed"
  else
    ok "no jobs rejected: $(head -1 "$OUT/empty.log")"
  fi
# the binary refuses another unit's options
if "$bin" --unit add --lanes 4 >"$OUT/wrong.log" 2>&1; then bad "gelu binary accepted --unit add"
else ok "wrong unit rejected: $(head -1 "$OUT/wrong.log")"; fi
echo "checker: $pass passed, $fail failed"
exit $((fail != 0))
