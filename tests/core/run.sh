#!/usr/bin/env bash
# make test-core: trex_core (docs/core.md) on the tiny trex modelgen model,
# a few seeded random inputs, with and without reuse (most recent and
# explicit sources, every encoder reused and computing across the lists;
# back-pressure on the load and output ports);
# every op compared bit for bit and its cycles against the cycle model. Then
# the self-test: a wrong op result, a dropped descriptor, an extra cycle in
# an op and an extra issue cycle before an op (the -DCORE_FAULTS build,
# tb_core --fault 1|2|3|4) must each fail with the
# report, and a model larger than the core must be refused.
# Outputs: build/sim-core/test/.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
out=build/sim-core/test
# one run at a time: a second `make test-core` waits (its rm -rf removed the
# first one's models under it: 11 false failures; H153)
mkdir -p build/sim-core
exec 9>build/sim-core/test.lock
flock -n 9 || { echo "test-core: another run uses $out; waiting for it to end" >&2; flock 9; }
rm -rf "$out"
mkdir -p "$out"
TREX=${TREX:-build/bin/trex}
"$TREX" modelgen --shape tiny --seed 1 --out "$out/tiny" >"$out/modelgen.log" 2>&1 || { echo "test-core: modelgen tiny failed ($out/modelgen.log)"; exit 1; }
"$TREX" modelgen --shape odd --seed 1 --out "$out/odd" >>"$out/modelgen.log" 2>&1 || { echo "test-core: modelgen odd failed"; exit 1; }
params=$(build/sim-core/core_params --model "$out/tiny" --spare 3) || exit 1
bin=$(bash scripts/core-build.sh "$params" -DCORE_FAULTS) || { echo "test-core: build failed"; exit 1; }
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "test-core: FAIL: $*"; fail=$((fail + 1)); }
run() { # name expected-rc grep-pattern args...
  local name=$1 want=$2 pat=$3
  shift 3
  "$bin" --model "$out/tiny" "$@" >"$out/$name.txt" 2>&1
  local rc=$?
  if [[ $rc != "$want" ]]; then bad "$name: exit $rc, expected $want ($out/$name.txt)"; tail -5 "$out/$name.txt"; return; fi
  if ! grep -q -- "$pat" "$out/$name.txt"; then bad "$name: no line matching '$pat' ($out/$name.txt)"; return; fi
  ok
}
run baseline 0 "sim-core: PASS 3 inputs" --random 3 --seed 1
run reuse-recent 0 "sim-core: PASS 2 inputs" --random 2 --seed 2 --reuse 1
run reuse-two 0 "sim-core: PASS 2 inputs" --random 2 --seed 3 --reuse 1,2
run reuse-explicit 0 "sim-core: PASS 2 inputs" --random 2 --seed 4 --reuse 2:0
run reuse-last 0 "sim-core: PASS 2 inputs" --random 2 --seed 5 --reuse 2:1
# a part of the input (--first, --count: the full level runs the trained
# model's split in parts): images 1 and 2 of the baseline's three, each with
# its index and class as in the whole run; a fault names the image's index
# in the input; a first image past the end is refused
run part 0 "sim-core: PASS 2 inputs" --random 3 --seed 1 --first 1 --count 2
if [[ -f $out/part.txt ]] &&
   diff <(sed -n 's/^\(input [0-9]*: class [0-9]*, [0-9]* ops\),.*/\1/p' "$out/baseline.txt" | tail -2) \
        <(sed -n 's/^\(input [0-9]*: class [0-9]*, [0-9]* ops\),.*/\1/p' "$out/part.txt") >/dev/null; then ok
else bad "part: images 1 and 2 differ from the whole run's ($out/part.txt, $out/baseline.txt)"; fi
run part-fault 1 "MISMATCH input 2 encoder 0 op fc2" --random 3 --seed 1 --first 2 --fault 1
run part-past 2 "--first 3: --random has 3 images" --random 3 --seed 1 --first 3
# coverage (tb_core's coverage line): every op code executed by some run,
# reuse from the most recent and from an explicit source, every encoder
# both reused and computing somewhere
cov=$(grep -h '^coverage:' "$out"/baseline.txt "$out"/reuse-*.txt)
notrun=$(sed -n 's/.* executed (not: \([^)]*\)).*/\1/p' <<<"$cov" | tr ' ' '\n' | sort | uniq -c |
         awk -v n="$(wc -l <<<"$cov")" '$1 == n && $2 != "prune" { printf "%s ", $2 }')
# (prune, the token-pruning op of issue 18, is issued only for a
# pruned model: not one of these runs)
if [[ $(wc -l <<<"$cov") == 5 && -z $notrun ]] && grep -q '[1-9][0-9]* from the most recent' <<<"$cov" &&
   grep -q '[1-9][0-9]* explicit' <<<"$cov"; then ok; else bad "coverage: op codes never executed: '${notrun}' (or a reuse kind missing)"; fi
# back-pressure on both ports (the next image's load writes meet a busy
# execution unit; the output port's ready is random): waits > 0 on each
ldw=$(sed -n 's/.*load-port writes [0-9]*, edges waited for ready \([0-9]*\);.*/\1/p' <<<"$cov" | awk '{ s += $1 } END { print s + 0 }')
outw=$(sed -n 's/.*output-port beats [0-9]*, edges waited for ready \([0-9]*\)$/\1/p' <<<"$cov" | awk '{ s += $1 } END { print s + 0 }')
if ((ldw > 0 && outw > 0)); then ok; else bad "back-pressure: load-port waits $ldw, output-port waits $outw (both must be > 0)"; fi
echo "test-core: back-pressure: load port waited $ldw edges, output port $outw edges over the five runs"
# (encoder 0 has no earlier encoder to reuse)
for e in 0 1 2; do
  { ((e == 0)) || grep -q "encoders reused:[0-9 ]* $e[ ;]" <<<"$cov"; } && grep -q "computing:[0-9 ]* $e[ ;]" <<<"$cov" \
    || bad "coverage: encoder $e not both reused (but encoder 0) and computing across the runs"
done
# the self-test: each fault must be caught, reported and given a replay line
run fault-result 1 "MISMATCH input 0 encoder 0 op fc2 (enc00.fc2) element 0 \[0,0\]" --random 1 --fault 1
grep -q "replay: .* --fault 1 --wave" "$out/fault-result.txt" && grep -q "descriptor: encoder 0 op fc2" "$out/fault-result.txt" || bad "fault-result: no descriptor or replay line"
run fault-drop 1 "op order: golden enc00.gelu, RTL enc00.fc2" --random 1 --fault 2
run fault-cycle 1 "CYCLE MISMATCH input 0 encoder 0 op residual2" --random 1 --fault 3
run fault-issue 1 "ISSUE CYCLE MISMATCH input 0 encoder 0 op ln2" --random 1 --fault 4
# a model the core cannot hold is refused before anything runs
"$bin" --model "$out/odd" --random 1 >"$out/refuse.txt" 2>&1
rc=$?
if [[ $rc == 2 ]] && grep -q "exceeds the core's maximum" "$out/refuse.txt"; then ok; else bad "refuse: exit $rc ($out/refuse.txt)"; fi
grep -h "sim-core: PASS" "$out"/baseline.txt "$out"/reuse-*.txt | sed 's/^/  /'
echo "test-core: $pass passed, $fail failed (outputs in $out)"
exit $((fail != 0))
