#!/usr/bin/env bash
# Checker self-test: the RTL built with XBAR_BREAK_SHIFT_ADD (one bit of the
# shift-and-add flipped) must make `make sim` and the Icarus run fail, with a
# mismatch report and a waveform; the unbroken RTL must pass the same set.
set -uo pipefail
TREX=${TREX:-build/bin/trex}
OUT=build/test/checker
mkdir -p "$OUT"
fail=0
cfg=tests/configs/m03.json
$TREX vecgen --config $cfg --count 20 --seed 7 --out $OUT/vec 2>/dev/null || exit 1
if ! make --no-print-directory sim VEC=$OUT/vec > $OUT/good.log 2>&1; then
  echo "checker: the correct RTL failed (log $OUT/good.log)"; fail=1
fi
make --no-print-directory sim VEC=$OUT/vec RTL_DEFINES=-DXBAR_BREAK_SHIFT_ADD > $OUT/broken.log 2>&1
rc=$?
if ((rc == 0)); then
  echo "checker: the broken RTL PASSED make sim: the checker is blind"; fail=1
elif ! grep -q '^MISMATCH config' $OUT/broken.log || ! grep -q 'xor 0x' $OUT/broken.log \
     || ! grep -q 'golden model, output' $OUT/broken.log || ! grep -q 'replay: make sim VEC=.* RTL_DEFINES=-DXBAR_BREAK_SHIFT_ADD' $OUT/broken.log; then
  echo "checker: the broken RTL failed without a full mismatch report (log $OUT/broken.log)"; fail=1
else
  wave=$(sed -n 's/^  waveform: \([^ ]*\).*/\1/p' $OUT/broken.log)
  if [[ -z $wave || ! -s $wave ]]; then echo "checker: no waveform written ($wave)"; fail=1; fi
  echo "checker: broken RTL caught by make sim: $(grep -m1 '^MISMATCH' $OUT/broken.log)"
fi
if bash scripts/icarus-run.sh $TREX $OUT/vec build/icarus -DXBAR_BREAK_SHIFT_ADD > $OUT/icarus-broken.log 2>&1; then
  echo "checker: the broken RTL PASSED on Icarus"; fail=1
else
  echo "checker: broken RTL caught by Icarus"
fi
# An empty comparison is a failure too: a set whose expected.hex is empty
mkdir -p $OUT/empty && cp $OUT/vec/config.json $OUT/vec/weights.hex $OUT/empty/ && : > $OUT/empty/inputs.hex && : > $OUT/empty/expected.hex
if make --no-print-directory sim VEC=$OUT/empty > $OUT/empty.log 2>&1; then
  echo "checker: a set with no vectors passed"; fail=1
else
  echo "checker: empty set rejected: $(grep -m1 '^tb_xbar:\|^trex' $OUT/empty.log)"
fi
echo "checker: $((fail == 0 ? 4 : 0)) passed, $fail failed"
exit $fail
