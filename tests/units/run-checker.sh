#!/usr/bin/env bash
# Checker self-test of the digital units' testbench (docs/encoder-units.md,
# "Verification"): for every unit, the RTL built with its arithmetic break
# (ENC_BREAK_SOFTMAX, _LN, _GELU, _REQUANT, _ADD) must fail with a mismatch
# report naming the unit, job, row and element with the golden intermediate
# values, a waveform and a replay command; built with ENC_BREAK_CYCLE (one
# cycle more per row or beat) it must fail with a cycle-count report; the
# unbroken RTL must pass the same run; a run that compares nothing fails.
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
