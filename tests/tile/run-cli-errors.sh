#!/usr/bin/env bash
# Bad input to the tile commands: each case must exit non-zero with exactly
# one line on stderr that contains the expected words (file and line, or the
# key), print nothing on stdout, and leave no output directory behind.
set -uo pipefail
TREX=${TREX:-build/bin/trex}
. tests/lib.sh
tl_workspace build/test/cli-errors

# a good set to corrupt
$TREX vecgen --config tests/configs/m01.json --count 3 --seed 1 --out "$T/good" 2>/dev/null || exit 1
mk() { rm -rf "$T/$1"; cp -r "$T/good" "$T/$1"; }

check() { tl_bad "$1" "" "${@:2}"; } # name expected-substring command...

mk trunc; head -n 10 "$T/good/weights.hex" > "$T/trunc/weights.hex"
check "truncated weights" "weights.hex:10: 10 values, expected 64" $TREX xbar "$T/trunc"
mk extra; echo 1 >> "$T/extra/weights.hex"
check "extra weight line" "weights.hex:65: more values" $TREX xbar "$T/extra"
mk nonhex; sed -i '5s/.*/0g/' "$T/nonhex/weights.hex"
check "non-hex character" "weights.hex:5: '0g' is not a hex value" $TREX xbar "$T/nonhex"
mk range; sed -i '7s/.*/7/' "$T/range/inputs.hex"
check "input out of range" "inputs.hex:7: 7 does not fit in 2 bits" $TREX xbar "$T/range"
mk huge; sed -i '2s/.*/ffffffffffffffffff/' "$T/huge/inputs.hex"
check "huge number" "inputs.hex:2: value too long" $TREX xbar "$T/huge"
mk partial; head -n 20 "$T/good/inputs.hex" > "$T/partial/inputs.hex"
check "partial input vector" "whole number of 16-row vectors" $TREX xbar "$T/partial"
mk empty; : > "$T/empty/inputs.hex"
check "empty inputs" "inputs.hex:1: no input vectors" $TREX xbar "$T/empty"
mk addr; sed -i '1s/.*/@4/' "$T/addr/inputs.hex"
check "address record" "inputs.hex:1: address records" $TREX xbar "$T/addr"
mk nocfg; rm "$T/nocfg/config.json"
check "missing config" "config.json: cannot read" $TREX xbar "$T/nocfg"
mk badjson; printf '{\n "rows": 16,\n "outs": 4\n "w_bits": 2\n}\n' > "$T/badjson/config.json"
check "malformed JSON" "config.json:4:" $TREX xbar "$T/badjson"
mk emptyjson; : > "$T/emptyjson/config.json"
check "empty config" "config.json:1:1: malformed JSON" $TREX xbar "$T/emptyjson"
mk arr; echo '[1,2]' > "$T/arr/config.json"
check "config not an object" "expected a JSON object" $TREX xbar "$T/arr"
cfgset() { mk "$1"; sed -i -E "s/\"$2\":[[:space:]]*[^,}]*/\"$2\": $3/" "$T/$1/config.json"; }
cfgset rows rows 48;           check "illegal rows" "key 'rows': 48" $TREX xbar "$T/rows"
cfgset outs outs 65;           check "outs too large" "key 'outs': 65" $TREX xbar "$T/outs"
cfgset wb w_bits 9;            check "w_bits 9" "key 'w_bits'" $TREX xbar "$T/wb"
cfgset cb cell_bits 3;         check "cell_bits 3" "key 'cell_bits': 3" $TREX xbar "$T/cb"
cfgset xb x_bits 1;            check "x_bits 1" "key 'x_bits': 1" $TREX xbar "$T/xb"
cfgset adc adc_bits 13;        check "adc_bits 13" "key 'adc_bits': 13" $TREX xbar "$T/adc"
cfgset cpa cols_per_adc 3;     check "cols_per_adc 3" "key 'cols_per_adc': 3" $TREX xbar "$T/cpa"
cfgset cpa2 cols_per_adc 16;   check "cols_per_adc too big" "key 'cols_per_adc': 16" $TREX xbar "$T/cpa2"
cfgset str rows '"64"';        check "wrong type" "key 'rows': expected an integer" $TREX xbar "$T/str"
cfgset frac outs 1.5;          check "fraction" "key 'outs': expected an integer" $TREX xbar "$T/frac"
cfgset big rows 1e300;         check "huge config number" "key 'rows'" $TREX xbar "$T/big"
cfgset sgn x_signed 1;         check "x_signed not bool" "key 'x_signed': expected true or false" $TREX xbar "$T/sgn"
cfgset enc w_encoding '"twos"'; check "bad encoding" "key 'w_encoding'" $TREX xbar "$T/enc"
mk miss; sed -i '/adc_bits/d' "$T/miss/config.json"
check "missing key" "missing key 'adc_bits'" $TREX xbar "$T/miss"
check "unreadable dir" "nowhere/config.json: cannot read" $TREX xbar "$T/nowhere"
mk bin; printf '1\n\0\n' > "$T/bin/weights.hex"
check "binary file" "weights.hex: binary data" $TREX xbar "$T/bin"
check "vecgen bad count" "--count" $TREX vecgen --config tests/configs/m01.json --count 0 --seed 1 --out "$T/x1"
check "vecgen bad seed" "--seed" $TREX vecgen --config tests/configs/m01.json --count 2 --seed -4 --out "$T/x2"
check "vecgen bad mode" "--mode" $TREX vecgen --config tests/configs/m01.json --count 2 --seed 1 --mode edgy --out "$T/x3"
check "vecgen bad config" "key 'rows'" $TREX vecgen --config "$T/rows/config.json" --count 2 --seed 1 --out "$T/x4"
check "nonideal bad key" "unknown key 'sigma'" $TREX xbar "$T/good" --nonideal sigma=1
check "nonideal bad value" "key 'g_sigma'" $TREX xbar "$T/good" --nonideal g_sigma=-1
check "unknown subcommand" "unknown subcommand" $TREX frobnicate
# nothing half-written: failed vecgen leaves no directory and no temporaries
for d in x1 x2 x3 x4; do
  if [[ -e $T/$d ]] || compgen -G "$T/$d.tmp.*" >/dev/null; then
    fail=$((fail + 1)); echo "FAIL vecgen left $T/$d behind"
  fi
done
# make sim on a bad set fails with the same one-line error
if make --no-print-directory sim VEC="$T/trunc" > "$T/sim.log" 2>&1; then
  fail=$((fail + 1)); echo "FAIL make sim accepted a truncated set"
elif grep -q 'weights.hex:10: 10 values' "$T/sim.log"; then pass=$((pass + 1)); else
  fail=$((fail + 1)); echo "FAIL make sim error: $(cat "$T/sim.log")"; fi
echo "cli-errors: $pass passed, $fail failed"
exit $((fail != 0))
