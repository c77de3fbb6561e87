#!/usr/bin/env bash
# Issue 15 (hardening): a hostile or careless user against every command and
# script. Each case has an id (H..) and a class that docs/bad-inputs.md
# lists with what it gets ("Hardening" section):
#   1 no shell between the project and a file name or user string
#   2 writers never destroy what they did not create; complete or nothing
#   3 arithmetic: no nan, inf or overflow printed or chosen
#   4 strict parsing: no clamping, no duplicate keys, no FIFOs, devices or
#     oversized files
# Every case failed on the tree before its fix (docs/bad-inputs.md says
# how that was checked). Run from the repository root:
#   TREX=build/bin/trex bash tests/robust/run-hardening.sh
set -uo pipefail
. tests/lib.sh
tl_robust hardening
log=$T/cases.tsv
: > "$log"
M01=$ROOT/tests/configs/m01.json
TO=20 # seconds: a case that hangs (a FIFO read) fails instead of blocking

verdict() { # id description ok(0/1) what-it-got
  ids+=("$1")
  printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$log"
  if (($3)); then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $1 $2: $4"; fi
}
# bad ID DESC WANT EXIT cmd...: exit EXIT (or any non-zero when EXIT is -),
# nothing on stdout, exactly one line on stderr holding WANT.
bad() {
  local id=$1 desc=$2 want=$3 code=$4; shift 4
  local out rc err lines
  out=$(timeout "$TO" "$@" 2>"$T/err"); rc=$?
  err=$(cat "$T/err"); lines=$(grep -c '' <<<"$err")
  local ok=0
  if ((rc != 0 && rc != 124)) && [[ $code == - || $rc == "$code" ]] && [[ -z $out ]] &&
     ((lines == 1)) && [[ $err == *"$want"* ]]; then ok=1; fi
  verdict "$id" "$desc" "$ok" "rc=$rc stderr=${err:0:300}${out:+ stdout=${out:0:80}}"
}
exists() { [[ -e $1 || -L $1 ]]; }
leftovers() { compgen -G "$1.tmp.*" >/dev/null; }
tech_fig() { # figure value out: tech/default.json with one figure's value changed
  sed -E "/^ *\"$1\": *\{/s/\"value\": *[-0-9.e+]+/\"value\": $2/" "$TECH" > "$3"
}
# tech_case ID DESC FIGURE VALUE FILE WANT: trex edap on tech/default.json
# with FIGURE's value set to VALUE ($T/FILE.json) fails (exit 1) with WANT
tech_case() {
  tech_fig "$3" "$4" "$T/$5.json"
  bad "$1" "$2" "$6" 1 "$TREX" edap --model deit-t --tech "$T/$5.json"
}

# ============ class 1: no shell ==============================================

# H01: a --pareto file name holding $(...) and `...` reached sh -c through
# system() ("gnuplot -e ... && mv ..."): the commands ran.
(cd "$T" && timeout "$TO" "$TREX" search --model deit-t --delay-budget 0.95x --max-reuse 3 --tech "$TECH" \
   --pareto 'p$(touch INJ1)`touch INJ1b`.csv' > /dev/null 2>&1); rc=$?
ok=0; ((rc == 0)) && ! exists "$T/INJ1" && ! exists "$T/INJ1b" && exists "$T/p\$(touch INJ1)\`touch INJ1b\`.csv.png" && ok=1
verdict H01 "search --pareto with \$(...) and backquotes in the file name" $ok "rc=$rc; $(ls "$T" | tr '\n' ' ')"

# H02: the --sweep output directory reached sh -c and gnuplot's '< grep ...'
mkdir -p "$T/h02"
(cd "$T/h02" && timeout "$TO" "$TREX" edap --model deit-t --tech "$TECH" --sweep \
   --out 'sw$(touch INJ2)' > /dev/null 2>&1); rc=$?
ok=0; ((rc == 0)) && ! exists "$T/h02/INJ2" && exists "$T/h02/sw\$(touch INJ2)/sweep-rows.png" && ok=1
verdict H02 "edap --sweep --out with \$(...) in the directory name" $ok "rc=$rc; $(ls "$T/h02" | tr '\n' ' ')"

# H03: a model name with '/' and '..' became the default sweep path
# build/edap/sweep-NAME and wrote outside it
mkdir -p "$T/h03/a/b"
printf '{"name": "x/../../../../../ESC", "tokens": 16, "embedding": 32, "heads": 2, "mlp": 64, "depth": 4}' > "$T/h03/m.json"
(cd "$T/h03/a/b" && timeout "$TO" "$TREX" edap --model "$T/h03/m.json" --tech "$TECH" --sweep > /dev/null 2>&1); rc=$?
ok=0; ((rc == 0)) && ! exists "$T/h03/ESC" && exists "$T/h03/a/b/build/edap/sweep-x_.._.._.._.._.._ESC/sweep.csv" && ok=1
verdict H03 "model name with ../ in the default --sweep path" $ok "rc=$rc; ESC: $(ls -d "$T/h03/ESC" 2>&1)"

# H04: make variables went into recipes unquoted: VEC='x;touch F' ran touch
(cd "$ROOT" && timeout 60 make --no-print-directory -s icarus "VEC=x;touch $T/INJ4" > "$T/h04.out" 2>&1); rc=$?
ok=0; ((rc != 0)) && ! exists "$T/INJ4" && grep -q "VEC=.*use a path or name" "$T/h04.out" && ok=1
verdict H04 "make icarus VEC='x;touch F'" $ok "rc=$rc; $(head -c 300 "$T/h04.out")"

# H05: make expanded a $(shell ...) hidden in a command-line variable
(cd "$ROOT" && timeout 60 make --no-print-directory -s icarus "VEC=\$(shell touch $T/INJ5)" > "$T/h05.out" 2>&1); rc=$?
ok=0; ((rc != 0)) && ! exists "$T/INJ5" && grep -q "VEC: a '\\$' is not allowed" "$T/h05.out" && ok=1
verdict H05 "make icarus VEC='\$(shell touch F)'" $ok "rc=$rc; $(head -c 300 "$T/h05.out")"

# H06: icarus-run.sh split DEFINES into iverilog arguments: '-o FILE' wrote
# the compiled simulation elsewhere
timeout "$TO" bash scripts/icarus-run.sh "$TREX" vectors/indep-c1 "$T/h06" "-o $T/OUT6" > "$T/h06.out" 2>&1; rc=$?
ok=0; ((rc != 0)) && ! exists "$T/OUT6" && grep -q "RTL define '-o' is not -DNAME" "$T/h06.out" && ok=1
verdict H06 "icarus-run.sh DEFINES '-o FILE' (option injection)" $ok "rc=$rc; $(head -c 300 "$T/h06.out")"

# H07: make RTL_DEFINES with a glob and a quote
(cd "$ROOT" && timeout 60 make --no-print-directory -s icarus VEC=vectors/indep-c1 "RTL_DEFINES=-DX *" > "$T/h07.out" 2>&1); rc=$?
ok=0; ((rc != 0)) && grep -q "RTL_DEFINES=.*use words of letters" "$T/h07.out" && ok=1
verdict H07 "make icarus RTL_DEFINES='-DX *' (a glob)" $ok "rc=$rc; $(head -c 300 "$T/h07.out")"

# H08: a replay command of make regress holds the test's arguments
# unquoted: pasting it ran what a reuse list hid
REGRESS_OUT=$T/h08 TREX=$TREX timeout 60 bash scripts/regress-one.sh x 1 edap deit-t "2;touch $T/INJ8;:" > /dev/null 2>&1
replay=$(cut -f6 "$T/h08/tests/x/result.tsv" 2>/dev/null)
(cd "$T" && timeout "$TO" bash -c "$replay" > /dev/null 2>&1)
ok=0; [[ -n $replay ]] && ! exists "$T/INJ8" && ok=1
verdict H08 "regress replay command with a ';' in an argument" $ok "replay: ${replay:0:200}"

# H09: SYNTH_CLOCK_NS went into the SDC, a Tcl file OpenSTA evaluates
SYNTH_CLOCK_NS="10 [exec touch $T/INJ9]" timeout 120 bash scripts/synth-run.sh --config tests/synth/configs/s16.json \
  --root "$T/h09" --count 2 > "$T/h09.out" 2>&1; rc=$?
ok=0; ((rc != 0)) && ! exists "$T/INJ9" && grep -q "SYNTH_CLOCK_NS .*not a clock period" "$T/h09.out" && ok=1
verdict H09 "SYNTH_CLOCK_NS='10 [exec ...]' (Tcl in the SDC)" $ok "rc=$rc; $(tail -1 "$T/h09.out")"

# H10: a BENCH_* knob reached bash arithmetic, which runs the $(cmd) of an
# array subscript (PWD[$(cmd)]: PWD is set, so `set -u` does not stop it)
BENCH_RUNS="PWD[\$(touch $T/INJ10)]" BENCH_COCOTB=0 BENCH_CONFIGS=tests/configs/m01.json \
  timeout 60 bash scripts/bench.sh > "$T/h10.out" 2>&1; rc=$?
ok=0; ((rc != 0)) && ! exists "$T/INJ10" && grep -q "BENCH_RUNS .* is not an integer" "$T/h10.out" && ok=1
verdict H10 "BENCH_RUNS='PWD[\$(cmd)]' (arithmetic injection)" $ok "rc=$rc; $(tail -1 "$T/h10.out")"

# H11: mutate --out went into yosys scripts, where a line starting '!' runs
# a shell command
timeout 120 bash scripts/mutate.sh --sets tile-a --out "$T/h11"$'\n'"!touch $T/INJ11"$'\n' > "$T/h11.out" 2>&1; rc=$?
ok=0; ((rc != 0)) && ! exists "$T/INJ11" && grep -q "mutate: --out .*use a path of letters" "$T/h11.out" && ok=1
verdict H11 "mutate --out with a line break and '!cmd' (yosys script)" $ok "rc=$rc; $(tail -1 "$T/h11.out")"

# H12: synth-sweep values became file names and JSON without a check
SWEEP_ROWS='1, "x": 2' SWEEP_ADC_BITS=x SWEEP_COLS_PER_ADC=x SWEEP_CELL_BITS=x SWEEP_ENCODING=x \
  timeout 120 bash scripts/synth-sweep.sh "$T/h12" > "$T/h12.out" 2>&1; rc=$?
ok=0; ((rc != 0)) && grep -q "sweep value '1,' is not a whole number" "$T/h12.out" && ok=1
verdict H12 "synth-sweep SWEEP_ROWS='1, \"x\": 2'" $ok "rc=$rc; $(tail -1 "$T/h12.out")"

# ============ class 2: writers ================================================
mkset() { timeout "$TO" "$TREX" vecgen --config "$M01" --count 2 --seed 1 "$@" > /dev/null 2>&1; }

# H13: vecgen --out DIR deleted files in DIR that are not part of a set
mkdir -p "$T/h13"; echo precious > "$T/h13/notes.txt"
bad H13 "vecgen --out into a directory holding other files" "holds 'notes.txt', which trex vecgen did not write" 1 \
  "$TREX" vecgen --config "$M01" --count 2 --seed 1 --out "$T/h13"
if [[ $(cat "$T/h13/notes.txt" 2>/dev/null) != precious ]] || exists "$T/h13/weights.hex" || leftovers "$T/h13"; then
  fail=$((fail + 1)); echo "FAIL H13: notes.txt not kept or a set/temporary written"; fi

# H14: --force replaces only the set's own files
mkset --out "$T/h13" --force; rc=$?
ok=0; ((rc == 0)) && [[ $(cat "$T/h13/notes.txt" 2>/dev/null) == precious ]] && exists "$T/h13/weights.hex" && ! leftovers "$T/h13" && ok=1
verdict H14 "vecgen --force keeps the other files" $ok "rc=$rc; $(ls "$T/h13" | tr '\n' ' ')"

# H15: through a symbolic link the target directory was emptied
mkdir -p "$T/h15t"; echo precious > "$T/h15t/keep.txt"; ln -s "$T/h15t" "$T/h15"
bad H15 "vecgen --out a symbolic link to a directory" "is a symbolic link; trex vecgen does not write through one" 1 \
  "$TREX" vecgen --config "$M01" --count 2 --seed 1 --out "$T/h15"
if [[ $(cat "$T/h15t/keep.txt" 2>/dev/null) != precious ]] || [[ ! -L $T/h15 ]] || leftovers "$T/h15"; then
  fail=$((fail + 1)); echo "FAIL H15: the target lost keep.txt, the link was replaced or a temporary was left"; fi

# H16: a vector set another tool wrote (no meta.json of vecgen) was replaced
cp -r vectors/indep-c1 "$T/h16"
bad H16 "vecgen --out an independent vector set" "holds files trex vecgen did not write (no meta.json of its own)" 1 \
  "$TREX" vecgen --config "$M01" --count 2 --seed 1 --out "$T/h16"
cmp -s "$T/h16/weights.hex" vectors/indep-c1/weights.hex || { fail=$((fail + 1)); echo "FAIL H16: the set changed"; }

# H17: an own-named entry that is a directory (weights.hex/) was moved away
mkdir -p "$T/h17/weights.hex"; echo data > "$T/h17/weights.hex/x"
bad H17 "vecgen --out a directory whose weights.hex is a directory" "weights.hex: is a directory, not a regular file; not replaced" 1 \
  "$TREX" vecgen --config "$M01" --count 2 --seed 1 --out "$T/h17"
[[ $(cat "$T/h17/weights.hex/x" 2>/dev/null) == data ]] && ! leftovers "$T/h17" || { fail=$((fail + 1)); echo "FAIL H17: weights.hex/x moved or temporaries left"; }

# H18: the set's directory was left 0700 (mkdtemp), whatever the umask
rm -rf "$T/h18"; (umask 022; mkset --out "$T/h18"); m=$(stat -c %a "$T/h18" 2>/dev/null)
verdict H18 "vecgen: a new set directory gets 0777 less the umask" "$([[ $m == 755 ]] && echo 1 || echo 0)" "mode $m (umask 022)"

# H19: an earlier set of vecgen is replaced whole, files keep their modes
mkset --out "$T/h19"; chmod 600 "$T/h19/weights.hex"; chmod 750 "$T/h19"
timeout "$TO" "$TREX" vecgen --config "$M01" --count 3 --seed 2 --out "$T/h19" > /dev/null 2>&1; rc=$?
m=$(stat -c %a "$T/h19/weights.hex" 2>/dev/null) d=$(stat -c %a "$T/h19" 2>/dev/null)
ok=0; ((rc == 0)) && [[ $m == 600 && $d == 750 ]] && grep -q '"seed": 2' "$T/h19/meta.json" && ! leftovers "$T/h19" && ok=1
verdict H19 "vecgen over its own earlier set keeps the file and directory modes" $ok "rc=$rc weights.hex $m dir $d"

# H20..H23: single-file writers (schedule --regs, search --pareto)
mkfifo "$T/h20.fifo"
bad H20 "schedule --regs onto a FIFO" "h20.fifo: is a FIFO, not a regular file; not replaced" 1 \
  "$TREX" schedule --model deit-t --regs "$T/h20.fifo"
[[ -p $T/h20.fifo ]] || { fail=$((fail + 1)); echo "FAIL H20: the FIFO was replaced"; }
echo secret > "$T/h21.victim"; ln -s "$T/h21.victim" "$T/h21.lnk"
bad H21 "schedule --regs onto a symbolic link" "h21.lnk: is a symbolic link; not replaced or written through" 1 \
  "$TREX" schedule --model deit-t --regs "$T/h21.lnk"
[[ -L $T/h21.lnk && $(cat "$T/h21.victim") == secret ]] || { fail=$((fail + 1)); echo "FAIL H21: link or target changed"; }
"$TREX" schedule --model deit-t --regs "$T/h22.txt" > /dev/null 2>&1; chmod 600 "$T/h22.txt"
"$TREX" schedule --model deit-t --regs "$T/h22.txt" > /dev/null 2>&1; m=$(stat -c %a "$T/h22.txt")
verdict H22 "schedule --regs over an existing file keeps its mode" "$([[ $m == 600 ]] && echo 1 || echo 0)" "mode $m (was 600)"
(umask 077; "$TREX" schedule --model deit-t --regs "$T/h23.txt" > /dev/null 2>&1); m=$(stat -c %a "$T/h23.txt")
verdict H23 "a new output file follows the umask" "$([[ $m == 600 ]] && echo 1 || echo 0)" "mode $m (umask 077)"
echo secret > "$T/h24.victim"; ln -s "$T/h24.victim" "$T/h24.csv"
bad H24 "search --pareto onto a symbolic link" "h24.csv: is a symbolic link; not replaced" 1 \
  "$TREX" search --model deit-t --delay-budget 0.95x --max-reuse 3 --pareto "$T/h24.csv"
[[ -L $T/h24.csv && $(cat "$T/h24.victim") == secret ]] || { fail=$((fail + 1)); echo "FAIL H24: link or target changed"; }

# H25/H26: edap --sweep into a directory of the user's
mkdir -p "$T/h25"; echo mine > "$T/h25/sweep-notes.txt"
bad H25 "edap --sweep --out a directory holding other files" "holds 'sweep-notes.txt', which trex edap --sweep did not write" 1 \
  "$TREX" edap --model deit-t --sweep --out "$T/h25"
timeout "$TO" "$TREX" edap --model deit-t --sweep --out "$T/h25" --force > /dev/null 2>&1; rc=$?
ok=0; ((rc == 0)) && [[ $(cat "$T/h25/sweep-notes.txt") == mine ]] && exists "$T/h25/sweep-rows.png" && ok=1
verdict H26 "edap --sweep --force keeps the other files" $ok "rc=$rc; $(ls "$T/h25" | tr '\n' ' ')"
mkdir -p "$T/h27t"; echo keep > "$T/h27t/sweep.csv"; ln -s "$T/h27t" "$T/h27"
bad H27 "edap --sweep --out a symbolic link" "is a symbolic link; trex edap --sweep does not write through one" 1 \
  "$TREX" edap --model deit-t --sweep --out "$T/h27"
[[ $(cat "$T/h27t/sweep.csv") == keep ]] || { fail=$((fail + 1)); echo "FAIL H27: wrote through the link"; }

# H28..H31: a full disk (ENOSPC). Method: a 32 KiB tmpfs mounted in a
# private mount namespace (unshare -m; unshare -rm as a user), so nothing is
# mounted for anyone else; without namespaces, `ulimit -f` (EFBIG) instead.
full_disk() { # size-KiB script (runs with $MNT an empty full-able mount)
  local size=$1 script=$2 mnt=$T/mnt
  mkdir -p "$mnt"
  local body="mount -t tmpfs -o size=${size}k tmpfs '$mnt' && cd '$ROOT' && MNT='$mnt' TREX='$TREX' FULL_ERR='No space left on device' bash -c '$script'"
  if unshare -m true 2>/dev/null; then unshare -m bash -c "$body"
  elif unshare -rm true 2>/dev/null; then unshare -rm bash -c "$body"
  else # no namespaces: a file-size limit gives EFBIG on the same writes
    mkdir -p "$mnt"; (trap '' XFSZ; ulimit -f $((size / 4)); MNT=$mnt FULL_ERR='File too large' bash -c "$script")
  fi
}
disk_case() { # id description size script
  local out
  out=$(full_disk "$3" "$4" 2>&1)
  local ok=0; [[ $out == *VERDICT-OK* ]] && ok=1
  verdict "$1" "$2" $ok "$(tr '\n' ' ' <<<"$out" | head -c 400)"
}
disk_case H28 "vecgen on a full disk: nothing, exit 1, the reason" 32 '
  $TREX vecgen --config tests/configs/m01.json --count 3000 --seed 1 --out $MNT/v 2>$MNT/../h28.err; rc=$?
  cat $MNT/../h28.err; ls -A $MNT
  [[ $rc == 1 && ! -e $MNT/v && -z $(ls -A $MNT) ]] && grep -q "$FULL_ERR" $MNT/../h28.err && echo VERDICT-OK'
disk_case H29 "edap --sweep on a full disk: no CSV without its plots" 36 '
  $TREX edap --model deit-t --sweep --out $MNT/sw 2>$MNT/../h29.err; rc=$?
  cat $MNT/../h29.err; ls -A $MNT
  [[ $rc == 1 && ! -e $MNT/sw && -z $(ls -A $MNT) ]] && grep -q "nothing written" $MNT/../h29.err && echo VERDICT-OK'
disk_case H30 "search --pareto on a full disk: no CSV without its plot" 8 '
  $TREX search --model deit-t --delay-budget 0.9x --max-reuse 4 --pareto $MNT/p.csv >/dev/null 2>$MNT/../h30.err; rc=$?
  cat $MNT/../h30.err; ls -A $MNT
  [[ $rc == 1 && -z $(ls -A $MNT) ]] && grep -q "nothing written" $MNT/../h30.err && echo VERDICT-OK'
disk_case H31 "schedule --regs on a full disk names the reason" 4 '
  dd if=/dev/zero of=$MNT/fill bs=4k 2>/dev/null
  $TREX schedule --model deit-t --regs $MNT/r.txt >/dev/null 2>$MNT/../h31.err; rc=$?
  cat $MNT/../h31.err; rm -f $MNT/fill; ls -A $MNT
  [[ $rc == 1 && -z $(ls -A $MNT) ]] && grep -q "r.txt: write failed: $FULL_ERR" $MNT/../h31.err && echo VERDICT-OK'

# H32..H36: write errors on stdout give exit 1 and one line
full() { # id description command...: stdout is /dev/full
  local id=$1 desc=$2; shift 2
  local rc err
  timeout "$TO" "$@" > /dev/full 2> "$T/err"; rc=$?
  err=$(cat "$T/err")
  local ok=0; ((rc == 1)) && [[ $(grep -c '' <<<"$err") == 1 && $err == *"cannot write the output: No space left on device"* ]] && ok=1
  verdict "$id" "$desc" $ok "rc=$rc stderr=${err:0:200}"
}
full H32 "trex cycles > /dev/full" "$TREX" cycles "$M01"
full H33 "trex edap > /dev/full" "$TREX" edap --model deit-t
full H34 "trex search > /dev/full" "$TREX" search --model deit-t --delay-budget 0.9x --max-reuse 4
full H35 "trex --help > /dev/full" "$TREX" --help
"$TREX" cycles "$M01" >&- 2> "$T/err"; rc=$?
verdict H36 "trex cycles with stdout closed" "$( ((rc == 1)) && grep -q 'cannot write the output' "$T/err" && echo 1 || echo 0)" "rc=$rc $(cat "$T/err")"

# H37/H38: scripts that replaced parts of an --out of the user's
mkdir -p "$T/h37/tests"; echo precious > "$T/h37/tests/keep.txt"
TREX=/bin/false timeout 120 bash scripts/regress.sh --quick --out "$T/h37" > "$T/h37.out" 2>&1; rc=$?
ok=0; ((rc != 0)) && [[ $(cat "$T/h37/tests/keep.txt" 2>/dev/null) == precious ]] && grep -q "holds files this script did not write" "$T/h37.out" && ok=1
verdict H37 "regress.sh --out a directory of the user's (rm -rf DIR/tests)" $ok "rc=$rc; $(tail -1 "$T/h37.out")"
mkdir -p "$T/h38"; echo precious > "$T/h38/keep.txt"
timeout 120 bash scripts/mutate.sh --fresh --sets none --out "$T/h38" > "$T/h38.out" 2>&1; rc=$?
ok=0; ((rc != 0)) && [[ $(cat "$T/h38/keep.txt" 2>/dev/null) == precious ]] && grep -q "holds files this script did not write" "$T/h38.out" && ok=1
verdict H38 "mutate.sh --fresh --out a directory of the user's (rm -rf DIR)" $ok "rc=$rc; $(tail -1 "$T/h38.out")"

# ============ class 3: arithmetic =============================================
tech_case H39 "tech: adc_pj 1e308 (nan energy)" adc_pj 1e308 t-adc "key 'figures.adc_pj.value': 1e+308 makes the energy of 'adc' overflow"
tech_case H40 "tech: tile_xbar_rows 0.5 (division by zero)" tile_xbar_rows 0.5 t-pes "key 'figures.tile_xbar_rows.value': expected a whole number 1..4096, got 0.5"
tech_case H41 "tech: tile_xbar_rows 1e300 (integer overflow)" tile_xbar_rows 1e300 t-pes2 "key 'figures.tile_xbar_rows.value': expected a whole number 1..4096"
tech_case H42 "tech: sram_write_ns_per_row 1e300 (int conversion)" sram_write_ns_per_row 1e300 t-wr "key 'figures.sram_write_ns_per_row.value': a row write of 1e+300 ns"
tech_case H43 "tech: clock_mhz 1e-300 (infinite delay)" clock_mhz 1e-300 t-clk "key 'figures.clock_mhz.value': 1e-300 makes the delay overflow"
tech_case H44 "tech: adc_energy_per_bit 1e200 (pow overflow)" adc_energy_per_bit 1e200 t-epb "key 'figures.adc_energy_per_bit.value': 1e+200 is above the limit 16"
tech_case H45 "tech: ref_xbar_rows 1e-300 (division overflow)" ref_xbar_rows 1e-300 t-ref "key 'figures.ref_xbar_rows.value': 1e-300 makes the energy of 'xbar_read_static' overflow"
bad H46 "search over a table with a 1e308 figure" "key 'figures.adc_pj.value'" 1 \
  "$TREX" search --model deit-t --delay-budget 0.95x --max-reuse 3 --tech "$T/t-adc.json"
# H47: a 1e300 ms budget overflowed the DP's cycle cap: "no feasible list"
a=$("$TREX" search --model deit-t --delay-budget 1e300ms --max-reuse 2 --method dp --csv 2>&1 | tail -1)
b=$("$TREX" search --model deit-t --delay-budget 1e300ms --max-reuse 2 --method enum --csv 2>&1 | tail -1)
verdict H47 "search --delay-budget 1e300ms --method dp agrees with enum" "$([[ -n $a && $a == "$b" ]] && echo 1 || echo 0)" "dp '$a' enum '$b'"
bad H48 "search --delay-budget 1e308s (inf after the unit)" "--delay-budget '1e308s': too large" 1 \
  "$TREX" search --model deit-t --delay-budget 1e308s --max-reuse 2
mkset --out "$T/nv"
bad H49 "nonideal g_sigma=1e300 (nan sums, int conversion)" "key 'g_sigma': 1e300 is above the limit" 1 \
  "$TREX" xbar "$T/nv" --nonideal g_sigma=1e300
bad H50 "nonideal adc_offset=1e300" "key 'adc_offset': 1e300 is above the limit" 1 \
  "$TREX" xbar "$T/nv" --nonideal adc_offset=1e300
bad H51 "nonideal seed=1e30 (double to uint64)" "key 'seed': '1e30' is not an integer" 1 \
  "$TREX" xbar "$T/nv" --nonideal seed=1e30
mkdir -p "$T/syn/a"
printf '{"module": "xbar_tile", "config_id": "r64o8w8c2x8s-a8m8-off", "area_um2": 100, "energy_pj_per_mvm": 3, "area_by_module": {"xbar_shift_add": 1e999}}' > "$T/syn/a/metrics.json"
bad H52 "synth metrics: a module area 1e999 (inf)" "key 'area_by_module.xbar_shift_add.area_um2': expected a number >= 0" 1 \
  "$TREX" edap --model deit-t --synth "$T/syn"
printf '{"rows": 2147483648, "outs": 4, "w_bits": 2, "cell_bits": 1, "x_bits": 2, "adc_bits": 1, "cols_per_adc": 1}' > "$T/rows-big.json"
bad H53 "config: rows 2^31 (int wrap in the message)" "key 'rows': 2147483648 is outside" 1 \
  "$TREX" cycles "$T/rows-big.json"
/usr/bin/python3 - "$TECH" "$T/t-zero.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
for k, v in d["figures"].items():
    if "_pj" in k: v["value"] = 0
json.dump(d, open(sys.argv[2], "w"), indent=1)
EOF
"$TREX" search --model deit-t --delay-budget 0.95x --max-reuse 3 --tech "$T/t-zero.json" > "$T/h54.out" 2>&1; rc=$?
verdict H54 "search with an all-zero energy table prints no nan ratio" "$( ((rc == 0)) && ! grep -qi 'nan\|inf' "$T/h54.out" && echo 1 || echo 0)" "rc=$rc $(grep EDAP "$T/h54.out")"

# ============ class 4: strict parsing ==========================================
bad H55 "vecgen --seed 99999999999999999999 (was 2^63-1)" "--seed: '99999999999999999999' is not an integer in 0..2^63-1" 2 \
  "$TREX" vecgen --config "$M01" --count 2 --seed 99999999999999999999 --out "$T/x55"
bad H56 "vecgen --count ' 5' (blank accepted)" "--count: ' 5' is not an integer in 1..1000000" 2 \
  "$TREX" vecgen --config "$M01" --count ' 5' --seed 1 --out "$T/x56"
bad H57 "nonideal seed=1.5 (cut to 1)" "key 'seed': '1.5' is not an integer" 1 \
  "$TREX" xbar "$T/nv" --nonideal seed=1.5
bad H58 "nonideal value after a line break" "key 'g_sigma': '" 1 \
  "$TREX" xbar "$T/nv" --nonideal $'g_sigma=\n0.1'
(cd "$ROOT" && make --no-print-directory -s lockstep SEED=-1 > "$T/h59.out" 2>&1); rc=$?
verdict H59 "make lockstep SEED=-1 (tb_xbar wrapped it to 2^64-1)" "$( ((rc != 0)) && grep -q "SEED='-1': not a whole number" "$T/h59.out" && echo 1 || echo 0)" "rc=$rc $(head -1 "$T/h59.out")"
(cd "$ROOT" && make --no-print-directory -s lockstep N=1e20 > "$T/h60.out" 2>&1); rc=$?
verdict H60 "make lockstep N=1e20" "$( ((rc != 0)) && grep -q "N='1e20': not a whole number" "$T/h60.out" && echo 1 || echo 0)" "rc=$rc $(head -1 "$T/h60.out")"
(cd "$ROOT" && make --no-print-directory -s sim-ctrl CTRL_SEED=abc > "$T/h61.out" 2>&1); rc=$?
verdict H61 "make sim-ctrl CTRL_SEED=abc (tb_ctrl read it as 0)" "$( ((rc != 0)) && grep -q "CTRL_SEED='abc': not a whole number" "$T/h61.out" && echo 1 || echo 0)" "rc=$rc $(head -1 "$T/h61.out")"
# duplicate JSON keys: cJSON keeps both and its look-ups return the first
printf '{"rows": 16, "rows": 256, "outs": 4, "w_bits": 2, "cell_bits": 1, "x_bits": 2, "adc_bits": 1, "cols_per_adc": 1}' > "$T/dup-cfg.json"
printf '{"tile": {"rows": 64, "outs": 8, "w_bits": 8, "cell_bits": 2, "x_bits": 8, "adc_bits": 6, "cols_per_adc": 8, "rows": 128}}' > "$T/dup-chip.json"
printf '{"name": "a", "tokens": 16, "embedding": 32, "heads": 2, "mlp": 64, "depth": 4, "depth": 8}' > "$T/dup-model.json"
/usr/bin/python3 - "$TECH" "$T/dup-tech.json" <<'EOF'
import sys
t = open(sys.argv[1]).read()
i = t.index('"figures": {') + len('"figures": {')
open(sys.argv[2], "w").write(t[:i] + '\n "adc_pj": {"value": 0, "unit": "pJ", "source": "dup"},' + t[i:])
EOF
mkdir -p "$T/dsyn/a"
printf '{"module": "trex_ctrl", "config_id": "default", "area_um2": 5, "area_um2": 7, "power_mw": 1}' > "$T/dsyn/a/metrics.json"
bad H62 "config.json with a key twice" "dup-cfg.json: key 'rows': duplicate key" 1 "$TREX" cycles "$T/dup-cfg.json"
bad H63 "chip JSON with a tile key twice" "dup-chip.json: key 'tile.rows': duplicate key" 1 "$TREX" schedule --model deit-t --chip "$T/dup-chip.json"
bad H64 "model JSON with a key twice" "dup-model.json: key 'depth': duplicate key" 1 "$TREX" schedule --model "$T/dup-model.json"
bad H65 "technology table with a figure twice" "dup-tech.json: key 'figures.adc_pj': duplicate key" 1 "$TREX" edap --model deit-t --tech "$T/dup-tech.json"
bad H66 "synthesis metrics with a key twice" "metrics.json: key 'area_um2': duplicate key" 1 "$TREX" edap --model deit-t --synth "$T/dsyn"
# non-regular files: refused before reading, never blocking
mkfifo "$T/cfg-fifo.json" "$T/tech.fifo"
bad H67 "a FIFO as config.json (the read blocked)" "cfg-fifo.json: not a regular file (a FIFO)" 1 "$TREX" cycles "$T/cfg-fifo.json"
bad H68 "a FIFO as the technology table" "tech.fifo: not a regular file (a FIFO)" 1 "$TREX" edap --model deit-t --tech "$T/tech.fifo"
bad H69 "/dev/zero as the chip (read until memory ran out)" "/dev/zero: not a regular file (a character device)" 1 \
  "$TREX" schedule --model deit-t --chip /dev/zero
bad H70 "/dev/zero as the impact CSV" "/dev/zero: not a regular file (a character device)" 1 \
  "$TREX" search --model deit-t --delay-budget 0.9x --impact /dev/zero
mkfifo "$T/model.fifo"
bad H79 "a FIFO as the model file" "model.fifo: not a regular file (a FIFO)" 1 "$TREX" schedule --model "$T/model.fifo"
mkset --out "$T/vf"; rm -f "$T/vf/inputs.hex"; mkfifo "$T/vf/inputs.hex"
bad H71 "a vector set whose inputs.hex is a FIFO" "inputs.hex: not a regular file (a FIFO)" 1 "$TREX" xbar "$T/vf"
# files beyond the size limits (sparse: nothing is really written)
truncate -s 65M "$T/big.json"
bad H72 "a 65 MiB config.json (limit 64 MiB)" "big.json: 68157440 bytes, more than the limit of 67108864" 1 "$TREX" cycles "$T/big.json"
mkset --out "$T/vb"; truncate -s 1100M "$T/vb/inputs.hex"
bad H73 "a 1.1 GB inputs.hex (limit 1 GiB)" "inputs.hex: 1153433600 bytes, more than the limit of 1073741824" 1 "$TREX" xbar "$T/vb"
# names that reach reports and paths
printf '{"name": "%s", "tokens": 16, "embedding": 32, "heads": 2, "mlp": 64, "depth": 4}' "$(printf 'n%.0s' {1..70})" > "$T/long.json"
bad H74 "model name of 70 characters (cut silently)" "key 'name': expected 1..63 characters, got 70" 1 "$TREX" schedule --model "$T/long.json"
printf '{"name": "a\\nmodel deit-s: forged line", "tokens": 16, "embedding": 32, "heads": 2, "mlp": 64, "depth": 4}' > "$T/nl.json"
bad H75 "model name with a line break (a forged report line)" "key 'name': \"a?model deit-s: forged line\" holds a control character" 1 \
  "$TREX" schedule --model "$T/nl.json"
sed -E '0,/"unit": *"[^"]*"/s//"unit": "pJ\\nforged"/' "$TECH" > "$T/t-unit-nl.json"
bad H76 "technology unit with a line break" "expected a non-empty string (one line)" 1 "$TREX" edap --model deit-t --tech "$T/t-unit-nl.json"
printf '{"name": "a,b\\"c", "tokens": 16, "embedding": 32, "heads": 2, "mlp": 64, "depth": 4}' > "$T/comma.json"
"$TREX" search --model "$T/comma.json" --delay-budget 0.95x --max-reuse 2 --csv > "$T/h77.csv" 2>&1
n=$(/usr/bin/python3 -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1]))); print(len(r[0]), len(r[1]), r[1][0])' "$T/h77.csv" 2>&1)
verdict H77 "search --csv with a comma and a quote in the model name" "$([[ $n == '20 20 a,b"c' ]] && echo 1 || echo 0)" "columns/name: $n"
bad H78 "edap --out without --sweep (ignored before)" "--out and --force go with --sweep" 2 "$TREX" edap --model deit-t --out "$T/x78"

# H129, H130: the units testbench's failure waveform (tb_units --wave) was
# opened in place by Verilator's FST writer (O_TRUNC): a device node or a
# symbolic link there was replaced by a regular file, an earlier waveform
# truncated when the replay began. Now it is written in a private directory
# beside the target and installed when complete (trex_file_install's rules).
UB=$(bash scripts/units-build.sh gelu LANES=4 -DENC_BREAK_GELU 2>"$T/ub.err") || UB=""
ub=(--unit gelu --lanes 4 --sets random --random 50 --seed 3)
if [[ -z $UB ]]; then
  verdict H129 "tb_units --wave: the testbench could not be built" 0 "$(head -c 300 "$T/ub.err")"
  verdict H130 "tb_units --wave: the testbench could not be built" 0 ""
else
  if mknod "$T/h129.fst" c 1 3 2>/dev/null; then
    timeout "$TO" "$UB" "${ub[@]}" --wave "$T/h129.fst" >"$T/h129.out" 2>"$T/h129.err"; rc=$?
    ok=0; ((rc == 1)) && [[ -c $T/h129.fst ]] && grep -q "h129.fst: is a character device, not a regular file; not replaced" "$T/h129.err" &&
      ! grep -q '^  waveform:' "$T/h129.err" && ! leftovers "$T/h129.fst" && ok=1
    verdict H129 "tb_units --wave a device node (a failing run)" $ok "rc=$rc; $(ls -l "$T/h129.fst"); $(grep -m1 waveform "$T/h129.err")"
  else
    echo "skip H129: mknod is not permitted here"; ids+=(H129)
  fi
  echo precious >"$T/h130.victim"; ln -s "$T/h130.victim" "$T/h130.fst"
  timeout "$TO" "$UB" "${ub[@]}" --wave "$T/h130.fst" >"$T/h130.out" 2>"$T/h130.err"; rc=$?
  ok=0; ((rc == 1)) && [[ -L $T/h130.fst && $(cat "$T/h130.victim") == precious ]] &&
    grep -q "h130.fst: is a symbolic link; not replaced or written through" "$T/h130.err" && ! leftovers "$T/h130.fst" && ok=1
  verdict H130 "tb_units --wave a symbolic link (a failing run)" $ok "rc=$rc; $(ls -l "$T/h130.fst"); $(grep -m1 waveform "$T/h130.err")"
fi

# H134..H140: the accelerator top's testbench tb_core (make sim-core, the
# -DCORE_FAULTS build of make test-core, shared with it): its numbers went
# through strtol/strtoull unchecked (saturated, empty = 0, '-1' wrapped), its
# --cycles file was opened in place and --stim renamed over any target (a
# device node included), and a report lost on stdout still exited 0.
"$TREX" modelgen --shape tiny --seed 1 --out "$T/ctiny" --stats 0 >/dev/null 2>&1
CP=$(build/sim-core/core_params --model "$T/ctiny" --spare 3 2>"$T/cb.err") &&
  CB=$(bash scripts/core-build.sh "$CP" -DCORE_FAULTS 2>>"$T/cb.err") || CB=""
if [[ -z $CB ]]; then
  for id in H134 H135 H136 H137 H138 H139 H140 H157; do verdict $id "tb_core: the testbench could not be built" 0 "$(head -c 300 "$T/cb.err")"; done
else
  ct=("$CB" --model "$T/ctiny" --random 1)
  bad H134 "tb_core --count 99999999999999999999 (saturated to LONG_MAX)" "--count '99999999999999999999': a whole number in 1..2147483647" 2 \
    "${ct[@]}" --count 99999999999999999999
  bad H135 "tb_core --seed '' (read as seed 0)" "--seed '': a whole number in 0..9223372036854775807" 2 "${ct[@]}" --seed ''
  bad H136 "tb_core --wave-from -1 (wrapped to 2^64-1)" "--wave-from '-1': a whole number" 2 "${ct[@]}" --wave-from -1
  # a private device node (never one of /dev: the old tb_core renamed over it)
  if mknod "$T/h137.dev" c 1 3 2>/dev/null; then
    bad H137 "tb_core --stim onto a device node" "h137.dev: is a character device, not a regular file; not replaced" 2 "${ct[@]}" --stim "$T/h137.dev"
    [[ -c $T/h137.dev ]] || { fail=$((fail + 1)); echo "FAIL H137: the device node was replaced"; }
  else
    mkfifo "$T/h137.dev"
    bad H137 "tb_core --stim onto a FIFO" "h137.dev: is a FIFO, not a regular file; not replaced" 2 "${ct[@]}" --stim "$T/h137.dev"
  fi
  leftovers "$T/h137.dev" && { fail=$((fail + 1)); echo "FAIL H137: a temporary left beside the target"; }
  echo secret >"$T/h138.victim"; ln -s "$T/h138.victim" "$T/h138.tsv"
  bad H138 "tb_core --cycles through a symbolic link" "h138.tsv: is a symbolic link; not replaced or written through" 2 "${ct[@]}" --cycles "$T/h138.tsv"
  [[ $(cat "$T/h138.victim") == secret ]] || { fail=$((fail + 1)); echo "FAIL H138: wrote through the link"; }
  timeout "$TO" "${ct[@]}" >/dev/full 2>"$T/err"; rc=$?
  ok=0; ((rc == 2)) && grep -q "tb_core: error writing standard output" "$T/err" && ok=1
  verdict H139 "tb_core > /dev/full (the report lost, exit 0)" $ok "rc=$rc $(head -c 200 "$T/err")"
  # a full disk for --cycles: the file-size limit (EFBIG) on the same write
  # H157: --wave F (the failure replay's waveform) a symbolic link: the FST
  # writer of a TRACE=1 build opened F in place (through the link); now F is
  # checked first and the waveform written beside it, then installed
  echo earlier >"$T/h157.victim"; ln -s "$T/h157.victim" "$T/h157.fst"
  bad H157 "tb_core --wave through a symbolic link" "h157.fst: is a symbolic link; not replaced or written through" 2 \
    "${ct[@]}" --fault 1 --wave "$T/h157.fst"
  [[ $(cat "$T/h157.victim") == earlier && -L $T/h157.fst ]] || { fail=$((fail + 1)); echo "FAIL H157: the link or its target changed"; }
  (trap '' XFSZ; ulimit -f 1; exec timeout "$TO" "${ct[@]}" --cycles "$T/h140.tsv") >/dev/null 2>"$T/err"; rc=$?
  ok=0; ((rc == 2)) && [[ ! -e $T/h140.tsv ]] && ! leftovers "$T/h140.tsv" && grep -q "h140.tsv: write failed" "$T/err" && ok=1
  verdict H140 "tb_core --cycles beyond the file-size limit (a full disk)" $ok "rc=$rc $(ls "$T" | grep h140 | tr '\n' ' ') $(head -c 200 "$T/err")"
fi

# H145..H149: make variables of the accuracy study, training, strategies and
# benchmark targets reached their recipes unchecked (make accuracy-adc
# ACC_MODEL='x;touch F;#' ran touch and then printed its success line).
# Asked with `make -n` (the check is at parse time; before it, -n printed the
# recipe with the injected command and exit 0, and no training or benchmark runs).
mkvar() { # id description target VAR=value expected-message
  (cd "$ROOT" && timeout 60 make --no-print-directory -n "$3" "$4" > "$T/$1.out" 2>&1); local rc=$?
  local ok=0; ((rc != 0)) && grep -q -- "$5" "$T/$1.out" && ! exists "$T/INJ$1" && ok=1
  verdict "$1" "$2" $ok "rc=$rc; $(head -c 300 "$T/$1.out")"
}
mkvar H145 "make accuracy-adc ACC_MODEL='x;touch F;#'" accuracy-adc "ACC_MODEL=x;touch $T/INJH145;#" "ACC_MODEL='x;touch"
mkvar H146 "make accuracy ACC_JOBS=-1" accuracy "ACC_JOBS=-1" "ACC_JOBS='-1': not a whole number"
mkvar H147 "make train TRAIN_SEED='1;touch F'" train "TRAIN_SEED=1;touch $T/INJH147" "TRAIN_SEED='1;touch"
mkvar H148 "make train TRAIN_DEDICATED with a quote" train "TRAIN_DEDICATED=3,4' ; touch $T/INJH148 ; '" "TRAIN_DEDICATED='3,4'"
mkvar H149 "make bench BENCH_RUNS='1;touch F;'" bench "BENCH_RUNS=1;touch $T/INJH149;" "BENCH_RUNS='1;touch"
mkvar H150 "make strat-train STRAT_INIT='x;touch F;#'" strat-train "STRAT_INIT=x;touch $T/INJH150;#" "STRAT_INIT='x;touch"

# H154: a digital unit's parameters beyond tb_units' ranges: Verilator takes
# a parameter as a 32-bit int, and units-build.sh built LANES=4294967298 as
# a 2-lane unit under the directory add-l4294967298 (synth-run.sh --params
# checks the same list)
bad H154 "units-build.sh add LANES=4294967298 (built as 2 lanes)" "parameter LANES 4294967298 is not an integer in 1..64" 2 \
  bash scripts/units-build.sh add LANES=4294967298
exists build/sim-units/add-l4294967298 && { fail=$((fail + 1)); echo "FAIL H154: a build directory was made"; }

# H155: make accuracy-results on a summary that is not accuracy-study's (a
# build directory of its own): a traceback, and results-accuracy.md.tmp left
# in the source tree
mkdir -p "$T/b155/accuracy"; echo '{"format": "x"}' >"$T/b155/accuracy/summary.json"
cp tests/accuracy/results-accuracy.md "$T/h155.ref"
(cd "$ROOT" && timeout 60 make --no-print-directory -s accuracy-results BUILD="$T/b155" >"$T/h155.out" 2>&1); rc=$?
ok=0; ((rc != 0)) && grep -q "acc_results: $T/b155/accuracy/summary.json: not a trex accuracy-study summary" "$T/h155.out" &&
  ! grep -q Traceback "$T/h155.out" && ! compgen -G "tests/accuracy/results-accuracy.md.tmp*" >/dev/null &&
  cmp -s "$T/h155.ref" tests/accuracy/results-accuracy.md && ok=1
verdict H155 "make accuracy-results on a foreign summary.json" $ok "rc=$rc $(head -c 300 "$T/h155.out") $(ls tests/accuracy | grep tmp)"

# H156: scripts/core-build.sh with a parameter beyond 32 bits (the C define
# and Verilator's -G disagree): gcc's overflow error, the parameter unnamed
bad H156 "core-build.sh N_TILES=4294967298" "parameter N_TILES 4294967298 is not an integer in 0..2147483647" 2 \
  bash scripts/core-build.sh "ROWS=64,OUTS=8,CELL_BITS=2,ADC_BITS=8,COLS_PER_ADC=8,DIFFERENTIAL=0,N_TILES=4294967298,LANES=64,TMAX=5,EMAX=16,WMAX=32,HMAX=2,DMAX=3"

# ============ the Python scripts' outputs (scripts/vit/safeout.py) ===========
PY=/usr/bin/python3
PYM=$T/pym
"$TREX" modelgen --shape tiny --seed 1 --out "$PYM/m" --stats 0 >/dev/null
"$PY" - "$PYM" <<'P'
import json, os, sys
import numpy as np
d = sys.argv[1]
im = json.load(open(d + "/m/model.json"))["image"]
a = np.random.default_rng(1).integers(im["input_min"], im["input_max"] + 1,
                                      size=(2, im["channels"], im["height"], im["width"])).astype(np.int8)
np.save(d + "/in.npy", a)
os.makedirs(d + "/ds", exist_ok=True)
np.save(d + "/ds/images.npy", a)
np.save(d + "/ds/labels.npy", np.array([3, 1], dtype=np.int64))
P
# a foreign directory, a victim file
foreign() { rm -rf "$1"; mkdir -p "$1"; echo keep >"$1/notes.txt"; }
victim() { echo victim >"$1"; }
is_victim() { [[ $(cat "$1" 2>/dev/null) == victim ]]; }

# H159: intref.py --dump through a symbolic link to another directory: the
# dump was written into the link's target
foreign "$T/h159t"; ln -sfn "$T/h159t" "$T/h159"
bad H159 "intref.py --dump L, L a link to a directory" "is a symbolic link; not replaced or written through" 1 \
  "$PY" scripts/vit/intref.py infer --model "$PYM/m" --input "$PYM/in.npy" --dump "$T/h159"
[[ $(ls "$T/h159t") == notes.txt ]] || { fail=$((fail + 1)); echo "FAIL H159: the link's target changed: $(ls "$T/h159t" | head -3)"; }

# H160: intref.py --dump into a directory holding other files: the dump's
# files were mixed into it (and an earlier, longer dump's files stayed)
foreign "$T/h160"
bad H160 "intref.py --dump DIR, DIR holding a file of the user's" "holds 'notes.txt', which intref.py --dump did not write" 1 \
  "$PY" scripts/vit/intref.py infer --model "$PYM/m" --input "$PYM/in.npy" --dump "$T/h160"
[[ $(ls "$T/h160") == notes.txt ]] || { fail=$((fail + 1)); echo "FAIL H160: DIR changed"; }
# and a dump of its own is replaced whole, equal to trex infer's
"$PY" scripts/vit/intref.py infer --model "$PYM/m" --input "$PYM/in.npy" --dump "$T/h160d" >/dev/null &&
  "$PY" scripts/vit/intref.py infer --model "$PYM/m" --input "$PYM/in.npy" --dump "$T/h160d" >/dev/null &&
  "$TREX" infer --model "$PYM/m" --input "$PYM/in.npy" --dump "$T/h160x" >/dev/null &&
  "$PY" scripts/vit/intref.py compare "$T/h160d" "$T/h160x" >/dev/null && ! compgen -G "$T/.h160d.*" >/dev/null ||
  { fail=$((fail + 1)); echo "FAIL H160: a second dump over the first, compared with trex infer's"; }

# H161: inttorch.py --logits F, F a link to a file of the user's: np.save
# wrote through the link (refused before the inference and torch's import,
# so the case needs no torch)
victim "$T/h161v"; ln -sfn "$T/h161v" "$T/h161"
# (60 s, as the other torch cases: importing torch alone took over 20 s of
# wall clock on a loaded machine, session 7)
TO=60 bad H161 "inttorch.py --logits L, L a link to a file" "is a symbolic link; not replaced or written through" 1 \
  "$PY" scripts/vit/inttorch.py --model "$PYM/m" --data "$PYM/ds" --logits "$T/h161"
is_victim "$T/h161v" || { fail=$((fail + 1)); echo "FAIL H161: the link's target was overwritten"; }

# H162: inttorch.py --logits F.bin wrote F.bin.npy (np.save adds '.npy' to a
# name), a file the user did not name, beside an F.bin it never wrote
# (torch is optional: scripts/install-deps.sh --train; without it the case
# is said and not counted, as H129 without mknod)
if "$PY" -c "import torch" 2>/dev/null; then
  (cd "$T" && timeout 60 "$PY" "$ROOT/scripts/vit/inttorch.py" --model "$PYM/m" --data "$PYM/ds" --logits h162.bin >/dev/null 2>&1); rc=$?
  ok=0; ((rc == 0)) && exists "$T/h162.bin" && ! exists "$T/h162.bin.npy" &&
    "$PY" -c "import numpy, sys; a = numpy.load(sys.argv[1]); sys.exit(a.shape != (2, 4))" "$T/h162.bin" && ok=1
  verdict H162 "inttorch.py --logits F.bin writes F.bin itself" $ok "rc=$rc; $(ls "$T" | grep h162 | tr '\n' ' ')"
else
  echo "skip H162: torch is not installed for $PY (scripts/install-deps.sh --train)"; ids+=(H162)
fi

# H163: strat_results.py on a summary that lacks a key: a traceback, and the
# documented '> tests/strat/results-strat.md' had emptied the file first
"$PY" -c "import json, sys; s = json.load(open(sys.argv[1])); del s['entries'][1]['top1']; json.dump(s, open(sys.argv[2], 'w'))" \
  tests/strat/summary-strat.json "$T/h163.json"
echo earlier >"$T/h163.md"
bad H163 "strat_results.py --out F on a summary lacking entries[1].top1" "key 'entries[1].top1': missing" 1 \
  "$PY" scripts/vit/strat_results.py "$T/h163.json" --out "$T/h163.md"
[[ $(cat "$T/h163.md") == earlier ]] || { fail=$((fail + 1)); echo "FAIL H163: the earlier --out file changed"; }

# H164: strat_results.py with stdout on a full disk: Python's 'Exception
# ignored' trace over several lines (exit 120)
bad H164 "strat_results.py > /dev/full" "strat_results.py: stdout: No space left on device" 1 \
  sh -c 'exec "$0" "$@" > /dev/full' "$PY" scripts/vit/strat_results.py tests/strat/summary-strat.json

# H165: train_digits.py's JSON writer used the fixed temporary FILE.tmp: a
# link there (or a second run at once) took the write
victim "$T/h165v"; ln -sfn "$T/h165v" "$T/h165.json.tmp"
(cd "$ROOT" && timeout 60 "$PY" -B -c "import sys; sys.path.insert(0, 'scripts/vit'); import train_digits as t; t.write_json(sys.argv[1], {'a': 1})" \
   "$T/h165.json" >"$T/h165.out" 2>&1); rc=$?
ok=0; ((rc == 0)) && is_victim "$T/h165v" && [[ $(tr -d ' \n' <"$T/h165.json") == '{"a":1}' ]] && ok=1
verdict H165 "train_digits.py write_json beside a link FILE.tmp" $ok "rc=$rc; victim: $(head -c 40 "$T/h165v"); $(head -c 200 "$T/h165.out")"

# H166: train_digits.py's install staged in the fixed models/.TAG.new, which
# it removed first: a second make train at once lost its staging directory
mkdir -p "$T/h166/out/tiny" "$T/h166/models/.tiny.new"; echo a >"$T/h166/out/tiny/model.json"
echo other-run >"$T/h166/models/.tiny.new/model.json"
(cd "$ROOT" && timeout 60 "$PY" -B -c "import sys; sys.path.insert(0, 'scripts/vit'); import train_digits as t; t.install(sys.argv[1], sys.argv[2], ['tiny'], None)" \
   "$T/h166/out" "$T/h166/models" >"$T/h166.out" 2>&1); rc=$?
ok=0; ((rc == 0)) && [[ $(cat "$T/h166/models/.tiny.new/model.json") == other-run && $(cat "$T/h166/models/tiny/model.json") == a ]] && ok=1
verdict H166 "train_digits.py install beside another run's staging directory" $ok "rc=$rc; $(head -c 200 "$T/h166.out")"

# H167: vit_digits.py's dataset writer used the fixed .images.npy.tmp
victim "$T/h167v"; mkdir -p "$T/h167"; ln -sfn "$T/h167v" "$T/h167/.images.npy.tmp"
(cd "$ROOT" && timeout 60 "$PY" -B -c "
import sys; sys.path.insert(0, 'scripts/vit'); import numpy as np, vit_digits as v
v.split_json = lambda s, p: {'part': p}
v.write_dataset(sys.argv[1], {'test_idx': [0, 1], 'images': np.zeros((2, 1, 8, 8), np.uint8), 'labels': np.array([1, 2])}, 'test')" \
   "$T/h167" >"$T/h167.out" 2>&1); rc=$?
ok=0; ((rc == 0)) && is_victim "$T/h167v" && exists "$T/h167/images.npy" && ok=1
verdict H167 "vit_digits.py write_dataset beside a link .images.npy.tmp" $ok "rc=$rc; victim: $(head -c 40 "$T/h167v"); $(head -c 200 "$T/h167.out")"

# H168: make regress SCHED=slurm with no controller answering (SLURM_CONF
# naming no cluster): plan-run said so, and the regression then wrote a
# summary of every test as FAIL (CRASH, "scheduler state unknown") with exit
# 1, as if the tests had run and crashed; now exit 2, the reason, no summary
(cd "$ROOT" && SLURM_CONF=$T/h168-no-such.conf timeout 120 bash scripts/regress.sh --quick --sched slurm \
   --only '^default/lock-s1$' --out "$T/h168" >"$T/h168.out" 2>&1); rc=$?
ok=0; ((rc == 2)) && grep -q "does not answer" "$T/h168.out" && grep -q "back end did not start" "$T/h168.out" &&
  [[ ! -e $T/h168/summary.json && ! -e $T/h168/report.md ]] && ok=1
verdict H168 "regress --sched slurm with no controller answering" $ok "rc=$rc; $(grep -v '^regress: quick' "$T/h168.out" | head -c 300)"

# the table in docs/bad-inputs.md names every case
for id in "${ids[@]}"; do
  grep -q "| $id |" docs/bad-inputs.md || { fail=$((fail + 1)); echo "FAIL docs/bad-inputs.md does not list $id"; }
done
echo "hardening: $pass passed, $fail failed (${#ids[@]} cases; $log)"
exit $((fail != 0))
