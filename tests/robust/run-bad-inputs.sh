#!/usr/bin/env bash
# Bad inputs to the controller, EDAP and search readers (model, chip and
# technology JSON, reuse lists, impact CSV, synthesis metrics), to command
# options, and missing tools. Every case has an id (R.., M..) that
# docs/bad-inputs.md lists with what it gets; the tile cases are in
# tests/tile/run-cli-errors.sh and the EDAP CLI cases in
# tests/edap/run-cli-errors.sh.
#
# A `trex` case must exit non-zero with exactly one line on stderr holding
# the expected words (file and line, or the key), print nothing on stdout, and
# leave no output behind. A missing-tool case runs with PATH stripped of the
# tool and must exit non-zero, name the tool and leave no product behind.
set -uo pipefail
TREX=${TREX:-build/bin/trex}
. tests/lib.sh
tl_workspace build/test/robust
log=$T/cases.tsv
: > "$log"

bad() { tl_bad "$@"; } # id description expected-substring command...
absent() { # id path...: a failed case left nothing behind
  local id=$1; shift
  for p in "$@"; do
    if [[ -e $p ]] || compgen -G "$p.tmp.*" >/dev/null; then
      fail=$((fail + 1)); echo "FAIL $id: left $p behind"; return
    fi
  done
}

# ---- model JSON (trex schedule --model FILE) -------------------------------
M='"tokens": 16, "embedding": 32, "heads": 2, "mlp": 64'
model() { printf '%s' "$2" > "$T/$1"; }
model empty.json ''
model trunc.json $'{"tokens": 16,\n "embedding": 32,\n "heads"'
model nodepth.json "{$M}"
model type.json '{"tokens": 16, "embedding": 32, "heads": "2", "mlp": 64, "depth": 4}'
model huge.json '{"tokens": 1e300, "embedding": 32, "heads": 2, "mlp": 64, "depth": 4}'
model depth.json "{$M, \"depth\": 65}"
model heads.json '{"tokens": 16, "embedding": 33, "heads": 2, "mlp": 64, "depth": 4}'
model tbh.json "{$M, \"depth\": 4, \"tb_hidden\": 0}"
model tbl.json "{$M, \"depth\": 4, \"tb_layers\": 3}"
model neg.json '{"tokens": -16, "embedding": 32, "heads": 2, "mlp": 64, "depth": 4}'
model array.json '[16, 32, 2, 64, 4]'
printf '{"tokens": 16,\0 "depth": 4}' > "$T/nul.json"
S="$TREX schedule --model"
bad R01 "empty model file"                  "empty.json:1:1: malformed JSON" $S "$T/empty.json"
bad R02 "truncated model JSON"              "trunc.json:3:9: malformed JSON" $S "$T/trunc.json"
bad R03 "model: missing key"                "nodepth.json: missing key 'depth'" $S "$T/nodepth.json"
bad R04 "model: string for an integer"      "key 'heads': expected an integer" $S "$T/type.json"
bad R05 "model: huge number"                "key 'tokens': expected an integer, got 1e+300" $S "$T/huge.json"
bad R06 "model: depth 65"                   "key 'depth': 65 is outside 1..64" $S "$T/depth.json"
bad R07 "model: embedding % heads != 0"     "key 'heads': embedding 33 is not a multiple of heads 2" $S "$T/heads.json"
bad R08 "model: explicit tb_hidden 0"       "key 'tb_hidden': 0 is outside 1..65535" $S "$T/tbh.json"
bad R09 "model: tb_layers 3"                "key 'tb_layers': 3 is outside 1..2" $S "$T/tbl.json"
bad R10 "model: negative size"              "key 'tokens': -16 is outside 1..65535" $S "$T/neg.json"
bad R11 "model: top level not an object"    "array.json:1: expected a JSON object" $S "$T/array.json"
bad R12 "model: NUL byte"                   "nul.json: binary data" $S "$T/nul.json"
bad R13 "unknown built-in model"            "unknown model 'deit-xxl'" $S deit-xxl

# ---- chip JSON (trex schedule --chip FILE) ----------------------------------
TILE='"rows": 64, "outs": 8, "w_bits": 8, "cell_bits": 2, "x_bits": 8, "adc_bits": 6'
printf '{"tile": 5}' > "$T/c-tile.json"
printf '{"tile": {"outs": 8}}' > "$T/c-rows.json"
printf '{"par_tiles": -1}' > "$T/c-par.json"
printf '{"softmax_lanes": 0}' > "$T/c-smx.json"
printf '{"ln_lanes": 70000}' > "$T/c-ln.json"
printf '{"tile": {"rows": 64, "outs": 3, "w_bits": 8, "cell_bits": 2, "x_bits": 8, "adc_bits": 6, "cols_per_adc": 8}}' > "$T/c-cpa.json"
printf '{"tile": {%s, "cols_per_adc": 8, "w_encoding": "off\nset"}}' "$TILE" > "$T/c-nl.json"
printf '{"par_tiles": 2.5}' > "$T/c-frac.json"
mkdir -p "$T/c-dir.json"
C="$TREX schedule --model deit-t --chip"
bad R14 "chip file missing"                 "none.json: cannot read" $C "$T/none.json"
bad R15 "chip path is a directory"          "c-dir.json: not a regular file (a directory)" $C "$T/c-dir.json"
bad R16 "chip: tile not an object"          "key 'tile': expected an object" $C "$T/c-tile.json"
bad R17 "chip: tile missing a key"          "key 'tile': missing key 'rows'" $C "$T/c-rows.json"
bad R18 "chip: par_tiles -1"                "key 'par_tiles': -1 is outside 0..65535" $C "$T/c-par.json"
bad R19 "chip: softmax_lanes 0"             "key 'softmax_lanes': 0 is outside 1..65535" $C "$T/c-smx.json"
bad R20 "chip: ln_lanes 70000"              "key 'ln_lanes': 70000 is outside 1..65535" $C "$T/c-ln.json"
bad R21 "chip: illegal tile combination"    "key 'cols_per_adc': 8 is not a power of two dividing the 12 physical columns" $C "$T/c-cpa.json"
bad R22 "chip: newline inside a string"     "key 'w_encoding': \"off?set\"" $C "$T/c-nl.json"
bad R23 "chip: fraction"                    "key 'par_tiles': expected an integer, got 2.5" $C "$T/c-frac.json"

# ---- reuse lists (trex schedule --reuse) ------------------------------------
R="$TREX schedule --model deit-t --reuse"
bad R24 "reuse: empty entry"                "reuse list '1,,2': expected an encoder index at column 3" $R 1,,2
bad R25 "reuse: missing source"             "expected a source index at column 3" $R 1:
bad R26 "reuse: encoder 0"                  "encoder 0 cannot reuse attention" $R 0
bad R27 "reuse: encoder twice"              "encoder 3 is listed twice" $R 3,3
bad R28 "reuse: later source"               "source 5 of encoder 3 is not an earlier computing encoder" $R 3:5
bad R29 "reuse: huge number"                "reuse list '99999999999': expected an encoder index at column 1" $R 99999999999
bad R30 "reuse: index = depth"              "encoder index 12 is out of range 0..11" $R 12
bad R31 "reuse: 65 entries"                 "more than 64 entries" $R "$(seq -s, 1 65)"
bad R32 "reuse: wrong separator"            "unexpected ';' at column 2" $R '2;3'
bad R33 "reuse: negative index"             "expected an encoder index at column 1" $R -3
bad R34 "schedule --regs: unwritable path"   "$T/nodir/regs.txt" $TREX schedule --model deit-t --regs "$T/nodir/regs.txt"
absent R34 "$T/nodir/regs.txt"

# ---- technology JSON (trex edap --tech) --------------------------------------
D=tech/default.json
sed '0,/"figures": {/s//"figures": [1], "x": {/' $D > "$T/t-fig.json"
# one figure a line in tech/default.json: edit that line
fig() { sed -E "/^ *\"$1\": *\{/s/$2/$3/" $D > "$T/$4"; }
fig adc_pj '"value": *[0-9.e+-]+' '"value": "2.03"' t-str.json
fig adc_pj '"unit": *"[^"]*"' '"unit": ""' t-unit.json
fig clock_mhz '"value": *[0-9.e+-]+' '"value": 0' t-clk.json
fig htree_pj '"source"' '"sauce"' t-src.json
printf '{"name": "no figures"}' > "$T/t-none.json"
fig tile_buffer_pj '"value": *[0-9.e+-]+' '"value": 1e999' t-inf.json
head -c 600 $D > "$T/t-trunc.json"
E="$TREX edap --model deit-t --tech"
bad R34 "tech: figures not an object"       "key 'figures': expected an object" $E "$T/t-fig.json"
bad R35 "tech: value as a string"           "key 'figures.adc_pj.value': expected a finite number" $E "$T/t-str.json"
bad R36 "tech: empty unit"                  "key 'figures.adc_pj.unit': expected a non-empty string" $E "$T/t-unit.json"
bad R37 "tech: clock 0"                     "key 'figures.clock_mhz.value': must be > 0" $E "$T/t-clk.json"
bad R38 "tech: missing source"              "missing key 'figures.htree_pj.source'" $E "$T/t-src.json"
bad R39 "tech: no figures"                  "missing key 'figures'" $E "$T/t-none.json"
bad R40 "tech: 1e999 (infinite)"            "key 'figures.tile_buffer_pj.value': expected a finite number" $E "$T/t-inf.json"
bad R41 "tech: truncated file"              "t-trunc.json:" $E "$T/t-trunc.json"

# ---- impact CSV (trex search --impact) --------------------------------------
: > "$T/i-empty.csv"
printf '1,abc\n' > "$T/i-nan.csv"
printf '12,0.1\n' > "$T/i-enc.csv"
printf '1,0.1\n1,0.2\n' > "$T/i-twice.csv"
printf '1 0.1\n' > "$T/i-comma.csv"
printf '1,nan\n' > "$T/i-nanv.csv"
printf '1,0.1\n\n\n2,x\n' > "$T/i-blank.csv"
printf '1,0.1\n2,1e999\n' > "$T/i-inf.csv"
printf '1,0.1\n2,0\0\n' > "$T/i-nul.csv"
I="$TREX search --model deit-t --delay-budget 0.9x --impact"
bad R42 "impact: empty file"                "i-empty.csv: no impact for encoder 1" $I "$T/i-empty.csv"
bad R43 "impact: not a number"              "i-nan.csv:1: expected 'encoder,impact' with numbers" $I "$T/i-nan.csv"
bad R44 "impact: encoder = depth"           "i-enc.csv:1: encoder 12 is not a reusable encoder 1..11" $I "$T/i-enc.csv"
bad R45 "impact: encoder twice"             "i-twice.csv:2: encoder 1 is listed twice" $I "$T/i-twice.csv"
bad R46 "impact: no comma"                  "i-comma.csv:1: expected 'encoder,impact'" $I "$T/i-comma.csv"
bad R47 "impact: nan"                       "i-nanv.csv:1: impact nan of encoder 1" $I "$T/i-nanv.csv"
bad R48 "impact: blank lines counted"       "i-blank.csv:4: expected 'encoder,impact' with numbers" $I "$T/i-blank.csv"
bad R49 "impact: huge number"               "i-inf.csv:2: impact inf of encoder 2" $I "$T/i-inf.csv"
bad R50 "impact: NUL byte"                  "i-nul.csv: binary data" $I "$T/i-nul.csv"

# ---- synthesis metrics (trex edap --synth DIR) -------------------------------
mkdir -p "$T/syn1/a" "$T/syn2/a" "$T/syn3/a"
printf '{"module": "xbar_tile", "config_id": "r64o8w8c2x8s-a8m8-off", "area_um2": 100, "energy_pj_per_mvm": 3}' > "$T/syn1/a/metrics.json"
printf '{"module": ' > "$T/syn2/a/metrics.json"
printf '{"module": "trex_ctrl", "config_id": "default", "area_um2": "big", "power_mw": 1}' > "$T/syn3/a/metrics.json"
bad R51 "synth: missing key"                "syn1/a/metrics.json: missing key 'area_by_module'" $TREX edap --model deit-t --synth "$T/syn1"
bad R52 "synth: malformed JSON"             "syn2/a/metrics.json:1:12: malformed JSON" $TREX edap --model deit-t --synth "$T/syn2"
bad R53 "synth: wrong type"                 "key 'area_um2': expected a number" $TREX edap --model deit-t --synth "$T/syn3"

# ---- options and outputs -----------------------------------------------------
bad R54 "budget without a unit"             "--delay-budget 'abc'" $TREX search --model deit-t --delay-budget abc --max-reuse 2
bad R55 "negative --max-reuse"              "--max-reuse: '-1'" $TREX search --model deit-t --delay-budget 0.9x --max-reuse -1
bad R56 "vecgen: huge --count"              "--count: '2000000000' is not an integer in 1..1000000" $TREX vecgen --config tests/configs/m01.json --count 2000000000 --seed 1 --out "$T/v1"
absent R56 "$T/v1"
bad R57 "vecgen: unwritable --out"          "/proc/nope/x: cannot create a temporary directory" $TREX vecgen --config tests/configs/m01.json --count 2 --seed 1 --out /proc/nope/x
bad R58 "search: infeasible, --pareto"      "no feasible reuse list" $TREX search --model deit-t --delay-budget 0.1x --max-reuse 2 --pareto "$T/p.csv"
absent R58 "$T/p.csv" "$T/p.csv.png"
bad R59 "edap --sweep, bad model"           "unknown model 'nope'" $TREX edap --model nope --sweep --out "$T/sweep-bad"
absent R59 "$T/sweep-bad"
bad R60 "schedule: unknown option"          "bad option '--bogus'" $TREX schedule --model deit-t --bogus
bad R61 "cycles: missing config"            "none.json: cannot read" $TREX cycles "$T/none.json"
bad R62 "cycles: bad --format"              "--format" $TREX cycles tests/configs/m01.json --format yaml
# R64: an empty weights.hex (fuzzer: the message named line 0)
$TREX vecgen --config tests/configs/m01.json --count 2 --seed 1 --out "$T/v-empty" > /dev/null 2>&1
: > "$T/v-empty/weights.hex"
bad R64 "vector set: empty weights.hex"     "v-empty/weights.hex:1: 0 values, expected 64 (file truncated?)" $TREX xbar "$T/v-empty"
# R63: a model "name" with shell metacharacters reaches the gnuplot command
# line of --pareto / --sweep; it must not run anything.
printf '{"name": "x\\" ; touch %s ; echo \\"", "tokens": 16, "embedding": 32, "heads": 2, "mlp": 64, "depth": 4}' \
  "$T/INJECTED" > "$T/inject.json"
ids+=(R63)
$TREX search --model "$T/inject.json" --delay-budget 0.95x --max-reuse 2 --pareto "$T/inj.csv" > /dev/null 2>&1
$TREX edap --model "$T/inject.json" --sweep --out "$T/inj-sweep" > /dev/null 2>&1
if [[ -e $T/INJECTED ]]; then fail=$((fail + 1)); echo "FAIL R63: a model name ran a shell command"
else pass=$((pass + 1)); printf 'R63\tmodel name with shell metacharacters\t0\t(no command runs)\n' >> "$log"; fi

# ---- missing tools -----------------------------------------------------------
# PATH made of symlinks to every executable on PATH except TOOL.
without() {
  local d=$T/path-no-$1 i p
  rm -rf "$d"; mkdir -p "$d"
  IFS=: read -ra dirs <<<"$PATH"
  for ((i = ${#dirs[@]} - 1; i >= 0; i--)); do
    p=${dirs[$i]}
    [[ -d $p ]] && find "$p" -maxdepth 1 \( -type f -o -type l \) -perm -u+x -exec ln -sf -t "$d" {} +
  done
  rm -f "$d/$1"
  echo "$PWD/$d"
}
tool() { # id description expected-substring product-that-must-not-exist command...
  local id=$1 desc=$2 want=$3 product=$4; shift 4
  ids+=("$id")
  local out rc
  out=$("$@" 2>&1); rc=$?
  printf '%s\t%s\t%s\t%s\n' "$id" "$desc" "$rc" "$(grep -v '^make\(\[[0-9]*\]\)\?: \*\*\*' <<<"$out" | tr '\n' ' ')" >> "$log"
  if ((rc != 0)) && [[ $out == *"$want"* ]] && { [[ -z $product ]] || [[ ! -e $product ]]; }; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1)); echo "FAIL $id $desc: rc=$rc output: ${out:0:300} (wanted '$want', $product absent)"
  fi
}
VEC=vectors/indep-c1
id=$($TREX cycles $VEC --format id)
sfx=$(echo '-DROBUST_NO_VERILATOR' | md5sum | cut -c1-8)
rm -rf "build/sim/$id-$sfx"
tool M01 "verilator not on PATH (make sim)" "verilator: command not found" "build/sim/$id-$sfx/tb_xbar" \
  env PATH="$(without verilator)" make --no-print-directory sim VEC=$VEC RTL_DEFINES=-DROBUST_NO_VERILATOR
rm -rf "build/sim/$id-$sfx"
tool M02 "iverilog not on PATH (make icarus)" "icarus: 'iverilog' is not on PATH (apt-get install iverilog)" "" \
  env PATH="$(without iverilog)" make --no-print-directory icarus VEC=$VEC
tool M03 "yosys not on PATH (make lint)" "yosys: command not found" "" \
  env PATH="$(without yosys)" make --no-print-directory lint
G=$(without gnuplot)
tool M04 "gnuplot not on PATH (trex edap --sweep)" "gnuplot is not on PATH (apt-get install gnuplot); nothing written" "$T/gp-sweep" \
  env PATH="$G" $TREX edap --model deit-t --sweep --out "$T/gp-sweep"
tool M05 "gnuplot not on PATH (trex search --pareto)" "gnuplot is not on PATH (apt-get install gnuplot); nothing written" "$T/gp.csv" \
  env PATH="$G" $TREX search --model deit-t --delay-budget 0.9x --max-reuse 4 --pareto "$T/gp.csv"
tool M06 "valgrind not on PATH (make valgrind)" "valgrind: 'valgrind' is not on PATH" "" \
  env PATH="$(without valgrind)" make --no-print-directory valgrind
tool M07 "clang not on PATH (make fuzz)" "clang" "$T/fuzz/bin/fuzz_hex" \
  env PATH="$(without clang)" make --no-print-directory fuzz-build FUZZ_OUT="$T/fuzz" FUZZ_CC=clang
# synthesis without its tools (the liberty cases: tests/synth/run.sh)
tool M08 "yosys not on PATH (synth-run.sh)" "synth: error: yosys failed on xbar_tile" "$T/syn-yosys/xbar_tile-r16o2w4c2x4s-a4m2-off/metrics.json" \
  env PATH="$(without yosys)" bash scripts/synth-run.sh --config tests/synth/configs/s16.json --root "$T/syn-yosys" --count 4
tool M09 "sta not on PATH (synth-run.sh)" "synth: error: OpenSTA failed on xbar_tile" "$T/syn-sta/xbar_tile-r16o2w4c2x4s-a4m2-off/metrics.json" \
  env PATH="$(without sta)" bash scripts/synth-run.sh --config tests/synth/configs/s16.json --root "$T/syn-sta" --count 4

# the table in docs/bad-inputs.md names every case
tl_ids_listed
echo "robust: $pass passed, $fail failed (${#ids[@]} cases; $log)"
# issue 15: the hardening cases (H.., docs/bad-inputs.md "Hardening")
TREX=$TREX bash tests/robust/run-hardening.sh; hrc=$?
exit $((fail != 0 || hrc != 0))
