#!/usr/bin/env bash
# CLI error cases of trex edap / trex search: each must fail with exactly one
# line on stderr that names what is wrong, and a non-zero exit.
set -uo pipefail
TREX=${TREX:-build/bin/trex}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
expect_fail() { # name pattern cmd...
  local name=$1 pat=$2
  shift 2
  "$@" > "$tmp/out" 2> "$tmp/err"
  local rc=$? lines
  lines=$(wc -l < "$tmp/err")
  if [[ $rc -eq 0 || $lines -ne 1 ]] || ! grep -q -- "$pat" "$tmp/err"; then
    echo "FAIL $name: rc=$rc, $lines stderr lines, want /$pat/:"; cat "$tmp/err"
    fails=$((fails + 1))
  else
    echo "ok   $name: $(cat "$tmp/err")"
  fi
}
expect_ok() { # name cmd...
  local name=$1
  shift
  if "$@" > "$tmp/out" 2> "$tmp/err"; then echo "ok   $name"; else
    echo "FAIL $name:"; cat "$tmp/err"; fails=$((fails + 1)); fi
}
# technology variants: one key removed, one figure negative, malformed
grep -v '"mux_pj"' tech/default.json > "$tmp/nomux.json"
sed -E '/"tile_buffer_pj"/s/"value": *[0-9.e+-]+/"value": -0.7/' tech/default.json > "$tmp/neg.json"
sed -E '/"node_nm"/s/"value": *[0-9.e+-]+/"value": 0/' tech/default.json > "$tmp/node0.json"
grep -v '"node_nm"' tech/default.json > "$tmp/nonode.json"
# a synthesis directory on a liberty the registry lists (130 nm) and one it does not
mkdir -p "$tmp/syn/t" "$tmp/synx/t"
# the runs carry the default chip's tile id (trex schedule --json's chip.tile as a
# config.json): the calculator takes the tile run whose config_id is the chip's tile
$TREX schedule --model deit-s --json | /usr/bin/python3 -c 'import json, sys; json.dump(json.load(sys.stdin)["chip"]["tile"], open(sys.argv[1], "w"))' "$tmp/chiptile.json"
id=$($TREX cycles "$tmp/chiptile.json" --format id)
printf '{"module": "xbar_tile", "config_id": "%s", "liberty": {"name": "trex_min", "sha256": "cabcbba4a3e46aa0bc028d5fe3e50d0d37e6d974553b07b41c51864caf32d835", "default": true}, "area_um2": 1000, "energy_pj_per_mvm": 50, "fmax_mhz": 100, "area_by_module": {"xbar_tile": 300, "xbar_array": 700}}' "$id" > "$tmp/syn/t/metrics.json"
sed 's/"trex_min"/"mystery_lib"/; s/cabcbba4[0-9a-f]*/00/' "$tmp/syn/t/metrics.json" > "$tmp/synx/t/metrics.json"
mkdir -p "$tmp/syn/c"
printf '{"module": "trex_ctrl", "config_id": "default", "liberty": {"name": "trex_min", "sha256": "cabcbba4a3e46aa0bc028d5fe3e50d0d37e6d974553b07b41c51864caf32d835", "default": true}, "area_um2": 182610, "power_mw": 26.51, "clock_mhz_used": 93.3, "fmax_mhz": 93.3}' > "$tmp/syn/c/metrics.json"
sed '0,/"figures": {/s//"figures": {,/' tech/default.json > "$tmp/bad.json"
printf 'encoder,impact\n1,0.5\n' > "$tmp/imp-short.csv"
printf '1,0.5\n2,-inf\n' > "$tmp/imp-ninf.csv"
# a measured gain is a negative impact: encoder 5 gains, every other one costs
{ echo encoder,impact; for i in $(seq 1 11); do
    if ((i == 5)); then echo "$i,-0.5"; else echo "$i,0.75"; fi; done; } > "$tmp/imp-gain.csv"

expect_fail "unknown model" "unknown model 'deit-xl'" $TREX edap --model deit-xl
expect_fail "missing tech key" "figures.mux_pj" $TREX edap --model deit-s --tech "$tmp/nomux.json"
expect_fail "negative figure" "figures.tile_buffer_pj.value" $TREX edap --model deit-s --tech "$tmp/neg.json"
expect_fail "malformed tech" "malformed JSON" $TREX edap --model deit-s --tech "$tmp/bad.json"
expect_fail "missing tech file" "nope.json" $TREX edap --model deit-s --tech "$tmp/nope.json"
expect_fail "encoder 0 reused" "encoder 0" $TREX edap --model deit-s --reuse 0
expect_fail "reuse out of range" "out of range" $TREX edap --model deit-s --reuse 12
expect_fail "missing --model" "--model is required" $TREX edap
expect_fail "impossible budget" "no feasible reuse list" $TREX search --model deit-s --delay-budget 0.1x --max-reuse 11
expect_fail "negative budget" "must be positive" $TREX search --model deit-s --delay-budget -2ms --max-reuse 3
expect_fail "budget unit" "unit" $TREX search --model deit-s --delay-budget 3parsecs --max-reuse 3
expect_fail "no impact, no max-reuse" "--max-reuse is required" $TREX search --model deit-s --delay-budget 1x
expect_fail "impact missing encoder" "no impact for encoder 2" $TREX search --model deit-s --delay-budget 1x --impact "$tmp/imp-short.csv"
expect_fail "impact not finite" "imp-ninf.csv:2: impact -inf of encoder 2" $TREX search --model deit-s --delay-budget 1x --impact "$tmp/imp-ninf.csv"
expect_fail "unknown model (search)" "unknown model" $TREX search --model nope --delay-budget 1x --max-reuse 1
expect_fail "missing synth dir" "synthesis directory" $TREX edap --model deit-s --synth "$tmp/none"
expect_fail "table without a node" "figures.node_nm" $TREX edap --model deit-s --tech "$tmp/nonode.json"
expect_fail "node 0" "figures.node_nm.value" $TREX edap --model deit-s --tech "$tmp/node0.json"
expect_fail "unknown dataflow" "--dataflow 'wavefront'" $TREX edap --model deit-s --dataflow wavefront
expect_fail "unknown dataflow (search)" "--dataflow 'x'" $TREX search --model deit-s --delay-budget 1x --max-reuse 2 --dataflow x
expect_fail "unknown scaling rule" "--synth-scale 'magic'" $TREX edap --model deit-s --synth "$tmp/syn" --synth-scale magic
expect_fail "nodes mixed without a rule" "refusing to mix nodes" $TREX edap --model deit-s --synth "$tmp/syn" --synth-scale none
expect_fail "liberty not in the registry" "mystery_lib" $TREX edap --model deit-s --synth "$tmp/synx"
expect_fail "no Stillmaker rule for 22 nm" "no rule from 130 nm to 22 nm" $TREX edap --model deit-s --tech tech/neurosim-22nm.json --chip tech/neurosim-chip.json --synth "$tmp/syn"
expect_ok "synth scaled (stillmaker)" $TREX edap --model deit-s --synth "$tmp/syn"
expect_ok "synth scaled (classical, 22 nm)" $TREX edap --model deit-s --tech tech/neurosim-22nm.json --synth "$tmp/syn" --synth-scale classical --json
if $TREX edap --model deit-s --synth "$tmp/syn" > "$tmp/synout" 2>&1 && grep -q "raw -> scaled" "$tmp/synout" && grep -q "BELOW the table's clock" "$tmp/synout"; then
  echo "ok   synth report shows raw and scaled figures and the clock check"; else
  echo "FAIL synth report:"; cat "$tmp/synout"; fails=$((fails + 1)); fi
# a tile run of another configuration only (the 6-bit verification corner): priced from
# the table, and said so on stderr, never silently
mkdir -p "$tmp/synother/t"
sed "s/\"config_id\": \"[^\"]*\"/\"config_id\": \"$($TREX cycles tests/configs/default.json --format id)\"/" "$tmp/syn/t/metrics.json" > "$tmp/synother/t/metrics.json"
if $TREX edap --model deit-s --synth "$tmp/synother" > "$tmp/synoth.out" 2> "$tmp/synoth.err" \
   && grep -q "holds no xbar_tile run of the chip's tile .*-a8m8-off (only others, e.g. .*-a6m8-off)" "$tmp/synoth.err" \
   && grep -q "shift_add .*table" "$tmp/synoth.out"; then
  echo "ok   a tile run of another configuration is reported, the periphery priced from the table"; else
  echo "FAIL tile run of another configuration:"; cat "$tmp/synoth.err"; fails=$((fails + 1)); fi
# and the good paths run, for every built-in model
for m in deit-t deit-s deit-b vit-b16 lvvit-s bert-base; do
  for df in sequential qkv pipelined; do
    expect_ok "edap --compare $m $df" $TREX edap --model "$m" --compare --reuse 2,4,6 --json --dataflow $df
    expect_ok "search $m $df" $TREX search --model "$m" --delay-budget 0.9x --max-reuse 8 --json --dataflow $df
  done
done
# with a gain, the least-impact list under a budget the baseline meets is {5}
if out=$($TREX search --model deit-s --delay-budget 1x --impact "$tmp/imp-gain.csv" --csv) &&
   [[ $(tail -n 1 <<< "$out" | cut -d, -f4,5,6) == '"5:4",1,-0.5' ]]; then
  echo "ok   negative impact (a gain) is chosen"
else
  echo "FAIL negative impact: $out"; fails=$((fails + 1))
fi
expect_ok "edap, NeuroSim table and chip" $TREX edap --model deit-s --tech tech/neurosim-22nm.json --chip tech/neurosim-chip.json --json
# the independent recomputation from the documents (docs/edap.md, docs/controller.md)
if /usr/bin/python3 tests/edap/recompute.py "$TREX" > "$tmp/recompute" 2>&1; then
  echo "ok   $(tail -1 "$tmp/recompute")"; else
  echo "FAIL recompute:"; grep -v '^ok' "$tmp/recompute" | head -20; fails=$((fails + 1)); fi
expect_ok "edap --help" $TREX edap --help
expect_ok "search --help" $TREX search --help
if ((fails)); then echo "test-edap: $fails failure(s)"; exit 1; fi
echo "test-edap: all CLI cases passed"
