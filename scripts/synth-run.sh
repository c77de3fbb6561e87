#!/usr/bin/env bash
# Synthesis, timing and power of one RTL module for one configuration and one
# liberty; see docs/synthesis.md.
#
#   synth-run.sh [--module xbar_tile|trex_ctrl|enc_UNIT|trex_core] [--config CFG] [--lib LIB]
#                [--params P] [--vec DIR] [--count N] [--seed S] [--root DIR] [--gls-only]
#
#   --module   xbar_tile (default), trex_ctrl or a digital unit of the
#              integer encoder: enc_softmax, enc_layernorm, enc_gelu,
#              enc_requant, enc_add; or the accelerator top trex_core
#              (docs/core.md; no gate-level replay, no power); the RTL of
#              rtl/MODULE.f
#   --params   digital units: NAME=VALUE,... (LANES, NMAX, STEPS, ACC_W);
#              trex_core: NAME=VALUE,... of its parameters (ROWS OUTS
#              CELL_BITS ADC_BITS COLS_PER_ADC DIFFERENTIAL N_TILES LANES
#              TMAX EMAX WMAX HMAX DMAX; the others keep their defaults)
#   --config   tile configuration (default tests/configs/default.json)
#   --lib      liberty, plain or .gz (default synth/lib/trex_min.lib)
#   --vec      vector set for the gate-level replay and the activity; default:
#              one generated from the configuration (--count, --seed)
#   --root     output root (default build/synth)
#   --gls-only synthesize and replay DIR on the netlist; no metrics
#
# Results: ROOT/<module>-<config-id>[-<liberty>]/ (the liberty suffix is left
# out for the default liberty) holding metrics.json, manifest.json, the
# netlist, the SDC, the reports and the logs. Everything is built in a
# temporary directory next to it and renamed into place at the end; on any
# failure the script prints one line "synth: error: ..." on stderr, exits
# non-zero and leaves no metrics.json for that key.
#
# Environment knobs (documented in docs/synthesis.md):
#   SYNTH_CLOCK_NS    SDC clock period, ns (default 10)
#   SYNTH_MIN_COV     least activity coverage (default 0.95)
#   SYNTH_VECS        vectors generated when --vec is absent (default 16)
#   SYNTH_DONT_USE    cell globs removed from a non-default liberty
#   SYNTH_CTRL_MODEL  model of the controller's activity run (default deit-s)
#   SYNTH_CTRL_REUSE  its reuse list (default 3,5,7,9,11)
#   TREX, YOSYS, STA, IVERILOG, VVP   tool paths
set -u
set -o pipefail

ROOTDIR=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOTDIR" || exit 1

MODULE=xbar_tile
CFG=tests/configs/default.json
DEFLIB=synth/lib/trex_min.lib
LIB=$DEFLIB
VEC=
COUNT=${SYNTH_VECS:-16}
SEED=1
OUTROOT=build/synth
GLS_ONLY=0
UPARAMS=
CLOCK_NS=${SYNTH_CLOCK_NS:-10}
MIN_COV=${SYNTH_MIN_COV:-0.95}
DONT_USE=${SYNTH_DONT_USE:-"*__lpflow_* *__probe_p_* *__probec_p_*"}
TREX=${TREX:-build/bin/trex}
JSONW=${JSONW:-build/bin/regress-tool}
CTRL_TB_OBJ=build/obj/testbench/tb_ctrl.a
LIBTREX_A=build/obj/libtrex.a
CTRL_MODEL=${SYNTH_CTRL_MODEL:-deit-s}
CTRL_REUSE=${SYNTH_CTRL_REUSE-3,5,7,9,11}
YOSYS=${YOSYS:-yosys}
STA=${STA:-sta}
IVERILOG=${IVERILOG:-iverilog}
VVP=${VVP:-vvp}

TMP=
KEYDIR=
die() {
  echo "synth: error: $*" >&2
  [ -n "$TMP" ] && [ -d "$TMP" ] && rm -rf "$TMP"
  [ -n "${LTMP:-}" ] && [ -d "$LTMP" ] && rm -rf "$LTMP"
  [ -n "$KEYDIR" ] && [ "${HAVE_LOCK:-0}" = 1 ] && rm -f "$KEYDIR/metrics.json"
  exit 1
}
# An interruption stops yosys, OpenSTA and the simulators first (each runs
# in its own process group, scripts/lib-run.sh), then removes this run's
# temporaries (die), and the script dies of the signal.
. "$(dirname "$0")/lib-run.sh"
. "$(dirname "$0")/lib-opts.sh"
_synth_sig() { trap '' INT TERM HUP; run_stop_children; echo "synth: error: interrupted" >&2
  [ -n "$TMP" ] && [ -d "$TMP" ] && rm -rf "$TMP"; [ -n "${LTMP:-}" ] && [ -d "$LTMP" ] && rm -rf "$LTMP"
  [ -n "$KEYDIR" ] && [ "${HAVE_LOCK:-0}" = 1 ] && rm -f "$KEYDIR/metrics.json"
  trap - "$1"; kill -s "$1" $$; exit 1; }
trap '_synth_sig INT' INT; trap '_synth_sig TERM' TERM; trap '_synth_sig HUP' HUP

# errors in synth's own format ("synth: error: ...", exit 1; die above)
OPT_FAIL=die opt_parse synth 2,38 --module=MODULE --config=CFG --params=UPARAMS --lib=LIB --vec=VEC \
  --count=COUNT --seed=SEED --root=OUTROOT --gls-only:GLS_ONLY=1 -- "$@"
[ -z "$LIB" ] && LIB=$DEFLIB
[ -n "$CFG" ] || die "empty --config"
# Numbers from the command line and the environment are checked before any
# use: they reach awk, shell arithmetic and the SDC (a Tcl file that OpenSTA
# evaluates), where anything but a plain number could run a command.
decimal='^([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][-+]?[0-9]+)?$'
[[ $CLOCK_NS =~ $decimal ]] && awk -v c="$CLOCK_NS" 'BEGIN { exit !(c > 0 && c < 1e6) }' \
  || die "SYNTH_CLOCK_NS '$CLOCK_NS': not a clock period in ns (a number > 0)"
[[ $MIN_COV =~ $decimal ]] || die "SYNTH_MIN_COV '$MIN_COV': not a number >= 0 (a fraction; above 1 cannot be met)"
[[ $COUNT =~ ^[1-9][0-9]{0,6}$ ]] || die "--count/SYNTH_VECS '$COUNT': not an integer in 1..1000000"
[[ $SEED =~ ^[0-9]{1,18}$ ]] || die "--seed '$SEED': not an integer in 0..10^18-1"
# the output root reaches the ABC script paths of the yosys run and the
# file names of every product: a plain path only
[[ $OUTROOT =~ ^[A-Za-z0-9._/+,:=@%-]+$ && $OUTROOT != -* ]] \
  || die "--root '$OUTROOT': use a path of letters, digits and ._/+,:=@%- only"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
first_err() { grep -m1 -E "$2" "$1" 2>/dev/null | cut -c1-200; }
T_ALL=$(now)

# ---- module sources -----------------------------------------------------------
case "$MODULE" in
  xbar_tile|trex_ctrl|enc_softmax|enc_layernorm|enc_gelu|enc_requant|enc_add|trex_core) ;;
  *) die "unknown module '$MODULE' (xbar_tile, trex_ctrl, enc_softmax, enc_layernorm, enc_gelu, enc_requant, enc_add, trex_core)" ;;
esac
# the module's file list rtl/MODULE.f
SRCS=$(bash scripts/rtl-files.sh "$MODULE" 2>&1 | tr '\n' ' ') || die "${SRCS% }"
[ -x "$TREX" ] || die "$TREX not built (run make build)"
[ -x "$JSONW" ] || die "$JSONW not built (run make build)"

# ---- configuration --------------------------------------------------------------
[ -r "$CFG" ] || die "configuration $CFG: not readable"
if [ "$MODULE" = xbar_tile ]; then
  CID=$("$TREX" tile-params "$CFG" --format id 2>/dev/null) || die "configuration $CFG: rejected by trex tile-params ($("$TREX" tile-params "$CFG" --format id 2>&1 | head -1))"
  GP=$("$TREX" tile-params "$CFG" --format verilator) || die "configuration $CFG: trex tile-params failed"
  CYJ=$("$TREX" tile-params "$CFG" --format json) || die "configuration $CFG: trex tile-params failed"
  PER_MVM=$(printf '%s' "$CYJ" | sed -n 's/.*"per_mvm": *\([0-9]*\).*/\1/p')
  [ -n "$PER_MVM" ] || die "configuration $CFG: no per_mvm in trex tile-params output"
  SY_PARAMS=$(printf '%s' "$GP" | sed 's/-G\([A-Za-z_0-9]*\)=/-set \1 /g')
elif [ "${MODULE#enc_}" != "$MODULE" ]; then
  # the unit's parameters: the key is their values (l2-n32-s1), chparam them
  CID= SY_PARAMS=
  chk_unit_params synth "${UPARAMS:-LANES=2}"
  for p in $(printf '%s' "${UPARAMS:-LANES=2}" | tr ',' ' '); do
    printf '%s' "$p" | grep -qE '^(LANES|NMAX|STEPS|ACC_W)=[0-9]+$' || die "--params: bad entry '$p' (NAME=VALUE, NAME one of LANES NMAX STEPS ACC_W)"
    CID=$CID${CID:+-}$(printf '%s' "${p%%=*}" | tr 'A-Z' 'a-z' | cut -c1)${p#*=}
    SY_PARAMS="$SY_PARAMS -set ${p%%=*} ${p#*=}"
  done
  UPARAMS=${UPARAMS:-LANES=2}
  PER_MVM=
elif [ "$MODULE" = trex_core ]; then
  # the top's parameters; the key names each given one by a letter
  # (r16-o4-n2-l2-...: ROWS OUTS CELL_BITS c ADC_BITS a COLS_PER_ADC m
  # DIFFERENTIAL d N_TILES n LANES l TMAX t EMAX e WMAX w HMAX h DMAX x)
  CID= SY_PARAMS=
  [ -n "$UPARAMS" ] || die "--params: trex_core needs its parameters (NAME=VALUE,...; see docs/core.md)"
  for p in $(printf '%s' "$UPARAMS" | tr ',' ' '); do
    [[ $p =~ ^(ROWS|OUTS|CELL_BITS|ADC_BITS|COLS_PER_ADC|DIFFERENTIAL|N_TILES|LANES|TMAX|EMAX|WMAX|HMAX|DMAX)=([0-9]{1,6})$ ]] \
      || die "--params: bad entry '$p' (NAME=VALUE, NAME one of ROWS OUTS CELL_BITS ADC_BITS COLS_PER_ADC DIFFERENTIAL N_TILES LANES TMAX EMAX WMAX HMAX DMAX)"
    case ${BASH_REMATCH[1]} in
      ROWS) l=r ;; OUTS) l=o ;; CELL_BITS) l=c ;; ADC_BITS) l=a ;; COLS_PER_ADC) l=m ;; DIFFERENTIAL) l=d ;;
      N_TILES) l=n ;; LANES) l=l ;; TMAX) l=t ;; EMAX) l=e ;; WMAX) l=w ;; HMAX) l=h ;; DMAX) l=x ;;
    esac
    CID=$CID${CID:+-}$l${BASH_REMATCH[2]}
    SY_PARAMS="$SY_PARAMS -set ${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"
  done
  PER_MVM=
else
  CID=default
  SY_PARAMS=
  PER_MVM=
fi

# ---- liberty -----------------------------------------------------------------------
[ -e "$LIB" ] || die "liberty $LIB: no such file"
[ -r "$LIB" ] && [ -f "$LIB" ] || die "liberty $LIB: not a readable file"
LIBSHA=$(sha256sum < "$LIB" | cut -d' ' -f1)
if [ "$LIB" = "$DEFLIB" ] || [ "$(realpath "$LIB")" = "$(realpath "$DEFLIB")" ]; then
  LIBTAG=trex_min; DIRSUF=
else
  LIBTAG=$(basename "$LIB"); LIBTAG=${LIBTAG%.gz}; LIBTAG=${LIBTAG%.lib}
  LIBTAG=$(printf '%s' "$LIBTAG" | tr -c 'A-Za-z0-9_.\n-' '_')
  DIRSUF=-$LIBTAG
fi
LIBDIR=$OUTROOT/lib/${LIBSHA:0:16}
FLIB=$LIBDIR/$LIBTAG.lib
if [ ! -s "$LIBDIR/ok" ]; then
  mkdir -p "$OUTROOT/lib" || die "cannot create $OUTROOT/lib"
  LTMP=$(mktemp -d "$OUTROOT/lib/.tmp.XXXXXX") || die "cannot create a temporary directory under $OUTROOT/lib"
  case "$LIB" in
    *.gz) gzip -dc "$LIB" > "$LTMP/raw.lib" 2>"$LTMP/gz.err" || { rm -rf "$LTMP"; die "liberty $LIB: corrupt gzip data"; } ;;
    *) cp "$LIB" "$LTMP/raw.lib" ;;
  esac
  if [ "$LIBTAG" = trex_min ]; then drop=""; else drop=$DONT_USE; fi
  if ! awk -v drop="$drop" -v seq="$LTMP/seq.txt" -v cells="$LTMP/cells.txt" \
        -f scripts/synth-libfilter.awk "$LTMP/raw.lib" > "$LTMP/$LIBTAG.lib" 2>"$LTMP/filter.err"; then
    msg=$(head -1 "$LTMP/filter.err"); rm -rf "$LTMP"; die "liberty $LIB: not a usable liberty ($msg)"
  fi
  touch "$LTMP/seq.txt"
  rm -f "$LTMP/raw.lib"
  # dont-use record for the manifest
  printf '%s\n' "$drop" > "$LTMP/dont_use.txt"
  echo ok > "$LTMP/ok"
  # Publish with one rename, never removing a complete LIBDIR: another run
  # of the same liberty may be reading it (two runs at once both built
  # one; the first rename wins and the loser drops its own copy).
  if ! mv -T "$LTMP" "$LIBDIR" 2>/dev/null; then
    if [ ! -s "$LIBDIR/ok" ]; then # an incomplete one a crashed old run left
      mv -T "$LIBDIR" "$LTMP.stale" 2>/dev/null && rm -rf "$LTMP.stale"
      mv -T "$LTMP" "$LIBDIR" 2>/dev/null
    fi
    [ -d "$LTMP" ] && rm -rf "$LTMP"
    [ -s "$LIBDIR/ok" ] || die "cannot move the filtered liberty into $LIBDIR"
  fi
  LTMP=
fi
SEQ=$(tr '\n' ' ' < "$LIBDIR/seq.txt")
NCELLS_LIB=$(wc -l < "$LIBDIR/cells.txt")
[ -n "$SEQ" ] || die "liberty $LIB: no flip-flop cells (ff groups)"
# a buffer for abc's driver model: the smallest-named non-inverting buffer
DRIVER=$(grep -m1 -E '(^|__)(buf_1|BUF)$' "$LIBDIR/cells.txt")
[ -n "$DRIVER" ] || DRIVER=$(grep -m1 -iE 'buf' "$LIBDIR/cells.txt")
[ -n "$DRIVER" ] || die "liberty $LIB: no buffer cell"

# ---- output key ------------------------------------------------------------------
if [ "$GLS_ONLY" = 1 ]; then
  KEY=gls/$MODULE-$CID$DIRSUF
else
  KEY=$MODULE-$CID$DIRSUF
fi
FINAL=$OUTROOT/$KEY
KEYDIR=$FINAL
mkdir -p "$(dirname "$FINAL")" || die "cannot create $(dirname "$FINAL")"
# One run of a key at a time (two runs of one configuration at once would
# replace each other's FINAL while it is read): a lock per key, held until
# this script ends; a second run waits, then runs after the first.
exec 8>"$(dirname "$FINAL")/.lock.$(basename "$FINAL")" || die "cannot create the lock beside $FINAL"
if ! flock -n 8; then
  echo "synth: another run of $KEY holds $(dirname "$FINAL")/.lock.$(basename "$FINAL"); waiting" >&2
  flock 8 || die "cannot lock $FINAL"
fi
HAVE_LOCK=1
rm -f "$FINAL/metrics.json"
TMP=$(mktemp -d "$(dirname "$FINAL")/.tmp.$(basename "$FINAL").XXXXXX") || die "cannot create a temporary directory"
TMP=$(realpath "$TMP")

# ---- Yosys ---------------------------------------------------------------------------
T=$(now)
SY_FILES=$SRCS  # relative to the repository (yosys runs there): a Tcl list of plain names
SY_DEFER=0; [ "$MODULE" = trex_core ] && SY_DEFER=1  # elaborate the top once, at its parameters
if ! SY_DEFER=$SY_DEFER SY_TOP=$MODULE SY_FILES="$SY_FILES" SY_PARAMS="$SY_PARAMS" SY_LIB="$(realpath "$FLIB")" \
     SY_SEQ="$SEQ" SY_DELAY=$(awk -v c="$CLOCK_NS" 'BEGIN { printf "%d", c * 1000 }') \
     SY_DRIVER="$DRIVER" SY_LOAD=0.005 SY_OUT="$TMP" \
     run "$YOSYS" -q -l "$TMP/yosys.log" -c synth/yosys/synth.tcl > "$TMP/yosys.out" 2>&1; then
  e=$(first_err "$TMP/yosys.log" 'ERROR|[Ee]rror'); [ -n "$e" ] || e=$(first_err "$TMP/yosys.out" '.')
  keep=$OUTROOT/failed-$(basename "$FINAL"); rm -rf "$keep"; mv "$TMP" "$keep"; TMP=
  die "yosys failed on $MODULE ($CID) with $LIB: $e (log: $keep/yosys.log)"
fi
for f in stat_hier.txt stat_flat.txt stat_seq.txt netlist.v; do
  [ -s "$TMP/$f" ] || die "yosys produced no $f for $MODULE ($CID)"
done
T_YOSYS=$(elapsed "$T")

# ---- cell models and the gate-level replay ---------------------------------------------
T=$(now)
USED=$(awk '/^  [A-Za-z_][A-Za-z_0-9]* [^ ]+ \($/ { print $1 }' "$TMP/netlist.v" | sort -u | tr '\n' ' ')
[ -n "$USED" ] || die "netlist for $MODULE ($CID) has no cells"
awk -v keep="$USED" -f scripts/synth-libfilter.awk "$FLIB" > "$TMP/used.lib" 2>/dev/null \
  || die "cannot extract the used cells from $FLIB"
# in $TMP on fixed names: no path of the user's inside the yosys command
YOSYS_BIN=$(command -v "$YOSYS") || die "yosys ('$YOSYS') is not on PATH"
if ! run env -C "$TMP" "$YOSYS_BIN" -q -l models.log -p "read_liberty used.lib; write_verilog -noattr cells_models.v" \
     > /dev/null 2>&1; then
  die "yosys could not build simulation models from the liberty cells used (log: $TMP/models.log)"
fi
rm -f "$TMP/used.lib"

GLS_STATUS=skipped; GLS_WORDS=0; ACT_METHOD=; WINDOW=0
if [ "$MODULE" = xbar_tile ]; then
  if [ -z "$VEC" ]; then
    "$TREX" vecgen --config "$CFG" --count "$COUNT" --seed "$SEED" --out "$TMP/vec" > "$TMP/vecgen.log" 2>&1 \
      || die "trex vecgen failed for $CFG (log: $TMP/vecgen.log)"
    VEC=$TMP/vec; VEC_DESC="generated: trex vecgen --config $CFG --count $COUNT --seed $SEED"
  else
    [ -d "$VEC" ] || die "vector set $VEC: not a directory"
    vid=$("$TREX" tile-params "$VEC" --format id 2>/dev/null) || die "vector set $VEC: no usable config.json"
    [ "$vid" = "$CID" ] || die "vector set $VEC is for $vid, not $CID"
    VEC_DESC="given: $VEC"
  fi
  # the vectors the set holds (trex xbar checked it: whole vectors only);
  # meta.json's "count" is not trusted, a set need not have one
  OUTS=$(sed -n 's/.*-GOUTS=\([0-9]*\).*/\1/p' <<<"$GP")
  NY=$("$TREX" xbar "$VEC" 2>/dev/null | wc -l)
  [[ $OUTS =~ ^[1-9][0-9]*$ && $NY =~ ^[0-9]+$ ]] || die "vector set $VEC: unreadable (trex xbar $VEC)"
  NVEC=$((NY / OUTS))
  [ "$NVEC" -ge 1 ] || die "vector set $VEC: no vectors"
  if [ "$NVEC" -gt 1024 ]; then  # the gate-level replay's limit, said, not silent
    echo "synth: the gate-level replay takes the first 1024 of the $NVEC vectors of $VEC"
    NVEC=1024
  fi
  # the netlist's top is xbar_tile without parameters: the testbench's
  # parameter overrides of it are reported (and ignored) by iverilog
  read -ra PP <<<"$(printf '%s' "$GP" | sed 's/-G/-Ptb_xbar_tile./g')"
  if ! run "$IVERILOG" -g2012 -I rtl -o "$TMP/gls.vvp" "${PP[@]}" -s tb_xbar_tile -s gls_dump \
       testbench/icarus/tb_xbar_tile.sv testbench/gls/gls_dump.sv \
       "$TMP/netlist.v" "$TMP/cells_models.v" > "$TMP/gls_build.log" 2>&1; then
    die "iverilog could not build the gate-level replay: $(first_err "$TMP/gls_build.log" '.') (log: $TMP/gls_build.log)"
  fi
  VCDARG=(); [ "$GLS_ONLY" = 1 ] || VCDARG=("+vcd=$TMP/activity.vcd")
  run "$VVP" -n "$TMP/gls.vvp" +vec="$(realpath "$VEC")" +count="$NVEC" "${VCDARG[@]}" > "$TMP/gls.log" 2>&1
  if ! grep -q '^PASS$' "$TMP/gls.log"; then
    keep=$OUTROOT/failed-$(basename "$FINAL"); rm -rf "$keep"; mv "$TMP" "$keep"; TMP=
    die "gate-level replay of $MODULE ($CID) on $VEC does not match expected.hex: $(grep -m1 -E 'icarus: (mismatch|error)' "$keep/gls.log") (log: $keep/gls.log)"
  fi
  GLS_STATUS=pass
  GLS_WORDS=$(sed -n 's/.*words=\([0-9]*\).*/\1/p' "$TMP/gls.log" | head -1)
  [ "$GLS_ONLY" = 1 ] || {
    WINDOW=$(( NVEC * PER_MVM ))
    awk -v cycles="$WINDOW" -v period=10000 -f scripts/synth-toggles.awk "$TMP/activity.vcd" \
      > "$TMP/activity.txt" 2>"$TMP/toggles.err" \
      || die "no switching activity from the replay: $(head -1 "$TMP/toggles.err")"
    rm -f "$TMP/activity.vcd"
    ACT_METHOD="gate-level replay (Icarus, zero delay) of the mapped netlist on $NVEC vectors; toggles per net counted from the VCD over $WINDOW cycles after weight programming"
  }
elif [ "$MODULE" = trex_ctrl ]; then
  # The controller's replay runs on Verilator (Icarus needs minutes per
  # thousand cycles of this netlist): the netlist, with Yosys' hidden nets
  # _N_ renamed tglN_ (toggle coverage skips names with a leading
  # underscore), replaces the RTL under the controller testbench
  # (testbench/ctrl_tb_main.c), which compares every descriptor, the status
  # and all counters with the C model. The toggle counters are zeroed after
  # the register writes and written at done: the activity window.
  for f in "$CTRL_TB_OBJ" "$LIBTREX_A"; do
    [ -r "$f" ] || die "$f not built (run make build $CTRL_TB_OBJ)"
  done
  VEC_DESC="trex schedule --model $CTRL_MODEL --reuse '$CTRL_REUSE' (default chip), desc_ready always high"
  mkdir -p "$TMP/gls"
  sed -E 's/(^|[^A-Za-z0-9_$\\])_([0-9]+)_/\1tgl\2_/g; s/(^|[^A-Za-z0-9_$\\])_([0-9]+)_/\1tgl\2_/g' \
    "$TMP/netlist.v" > "$TMP/gls/netlist_vl.v"
  { echo "// verilator coverage_off"; cat "$TMP/cells_models.v"; } > "$TMP/gls/cells_vl.v"
  if ! run bash scripts/verilate.sh --top "$MODULE" --out "$TMP/gls" --exe tb_ctrl_gl --gls --coverage toggle \
       --netlist "$TMP/gls/netlist_vl.v" --netlist "$TMP/gls/cells_vl.v" --log "$TMP/gls_build.log" >/dev/null 2>&1; then
    die "verilator could not build the gate-level replay: $(first_err "$TMP/gls_build.log" '%Error|error|command not found') (log: $TMP/gls_build.log)"
  fi
  run "$TMP/gls/tb_ctrl_gl" --model "$CTRL_MODEL" --reuse "$CTRL_REUSE" --ready 1 \
    --activity "$TMP/gls/toggles.dat" > "$TMP/gls.log" 2>&1
  if ! grep -q ' 0 divergences' "$TMP/gls.log"; then
    rm -rf "$TMP/gls/obj"
    keep=$OUTROOT/failed-$(basename "$FINAL"); rm -rf "$keep"; mv "$TMP" "$keep"; TMP=
    die "gate-level replay of $MODULE does not match the C model: $(grep -m1 -E 'DIVERGENCE|tb_ctrl:' "$keep/gls.log") (log: $keep/gls.log)"
  fi
  GLS_STATUS=pass
  GLS_WORDS=$(sed -n 's/.*: \([0-9]*\) descriptors compared.*/\1/p' "$TMP/gls.log" | head -1)
  WINDOW=$(sed -n 's/.* \([0-9]*\) cycles$/\1/p' "$TMP/gls.log" | head -1)
  [ -n "$WINDOW" ] && [ "$WINDOW" -gt 0 ] || die "gate-level replay of $MODULE printed no cycle count (log: $TMP/gls.log)"
  awk -v cycles="$WINDOW" -v top="$MODULE" -f scripts/synth-covtoggles.awk "$TMP/gls/toggles.dat" \
    > "$TMP/activity.txt" 2>"$TMP/toggles.err" \
    || die "no switching activity from the replay: $(head -1 "$TMP/toggles.err")"
  rm -rf "$TMP/gls"
  ACT_METHOD="gate-level replay (Verilator, zero delay, toggle coverage) of the mapped netlist on one schedule, checked against the C model ($GLS_WORDS descriptors, status, counters); toggles per net over the $WINDOW cycles from start to done; duty not measured (0.5)"
elif [ "$MODULE" = trex_core ]; then
  # The top has no gate-level replay (docs/synthesis.md, "The accelerator
  # top"): its testbench loads a model through the load port and runs a
  # whole inference (tens of thousands of cycles) on a netlist of hundreds
  # of thousands of cells; neither Icarus nor the Verilator toggle build of
  # such a netlist fits the flow's time. Area and timing only.
  GLS_STATUS=skipped
else
  # a digital unit: its C testbench on the netlist (scripts/synth-units-gls.sh)
  VEC_DESC="tb_units --sets stream --random ${SYNTH_UNIT_JOBS:-40} --seed 1 (full-length rows of typical values, one table, no gaps, no back-pressure)"
  # through run (not a command substitution): an interrupted synth-run stops
  # it and the Verilator build under it (H133)
  run bash scripts/synth-units-gls.sh "$TMP" "$MODULE" "$UPARAMS" "${SYNTH_UNIT_JOBS:-40}" \
    >"$TMP/gls.out" 2>"$TMP/gls.err" || {
    keep=$OUTROOT/failed-$(basename "$FINAL"); rm -rf "$keep"; mv "$TMP" "$keep"; TMP=
    die "$(head -1 "$keep/gls.err" | sed 's/^synth-units-gls: //')"; }
  wn=$(cat "$TMP/gls.out")
  WINDOW=${wn% *} GLS_WORDS=${wn#* } GLS_STATUS=pass
  awk -v cycles="$WINDOW" -v top="$MODULE" -f scripts/synth-covtoggles.awk "$TMP/gls/toggles.dat" \
    > "$TMP/activity.txt" 2>"$TMP/toggles.err" \
    || die "no switching activity from the replay: $(head -1 "$TMP/toggles.err")"
  rm -rf "$TMP/gls"
  ACT_METHOD="gate-level replay (Verilator, zero delay, toggle coverage) of the mapped netlist under the units' C testbench, every output checked against the golden C functions ($GLS_WORDS elements) and every row's cycles against c-model/units_cycles.h; toggles per net over the $WINDOW cycles from the first input accept to the end; duty not measured (0.5)"
fi
T_GLS=$(elapsed "$T")

if [ "$GLS_ONLY" = 1 ]; then
  rm -rf "$FINAL"; mv "$TMP" "$FINAL" || die "cannot move results into $FINAL"; TMP=
  echo "gls: $MODULE $CID on $LIBTAG: $(grep -m1 '^icarus:' "$FINAL/gls.log") PASS (log: $FINAL/gls.log)"
  exit 0
fi

# ---- OpenSTA -----------------------------------------------------------------------
T=$(now)
CLKPORT=$(awk '$1 == "input" && ($2 == "clk_i;" || $2 == "clk;" || $2 == "clk_in;") { sub(/;/, "", $2); print $2; exit }' "$TMP/netlist.v")
[ -n "$CLKPORT" ] || die "no clock port (clk_i, clk or clk_in) on $MODULE"
{
  echo "# written by scripts/synth-run.sh; see docs/synthesis.md (SDC)"
  echo "create_clock -name clk -period $CLOCK_NS [get_ports $CLKPORT]"
  echo "set_input_delay 0 -clock clk [delete_from_list [all_inputs] [get_ports $CLKPORT]]"
  echo "set_output_delay 0 -clock clk [all_outputs]"
  echo "set_input_transition 0.05 [all_inputs]"
  echo "set_load 0.005 [all_outputs]"
} > "$TMP/constraints.sdc"
ACTF=; [ -s "$TMP/activity.txt" ] && ACTF=$TMP/activity.txt
if ! ST_LIB="$FLIB" ST_NET="$TMP/netlist.v" ST_TOP="$MODULE" ST_SDC="$TMP/constraints.sdc" \
     ST_ACT="$ACTF" ST_MINCOV="$MIN_COV" ST_OUT="$TMP/sta.txt" ST_PATH="$TMP/critical_path.txt" \
     run "$STA" -no_init -exit synth/sta/sta.tcl > "$TMP/sta.log" 2>&1; then
  e=$(first_err "$TMP/sta.log" '^sta: |Error')
  die "OpenSTA failed on $MODULE ($CID): ${e:-see log} (log: $TMP/sta.log)"
fi
if grep -q '^sta: ' "$TMP/sta.log"; then
  die "OpenSTA: $(first_err "$TMP/sta.log" '^sta: ')"
fi
T_STA=$(elapsed "$T")
sv() { awk -v k="$1" '$1 == k { print $2; exit }' "$TMP/sta.txt"; }
FMAX=$(sv fmax_mhz); CRIT=$(sv critical_path_ns); WNS=$(sv worst_slack_ns); PERIOD=$(sv period_ns)
[ -n "$FMAX" ] && [ -n "$CRIT" ] || die "OpenSTA gave no timing for $MODULE ($CID) (log: $TMP/sta.log)"

# ---- areas from Yosys' stat ----------------------------------------------------------
area_of() { sed -n "s/.*Chip area for $1.*: *\([0-9.eE+-]*\).*/\1/p" "$2" | tail -1; }
AREA=$(area_of "top module" "$TMP/stat_hier.txt")
[ -n "$AREA" ] || AREA=$(area_of "module" "$TMP/stat_flat.txt")
SEQAREA=$(area_of "module" "$TMP/stat_seq.txt"); [ -n "$SEQAREA" ] || SEQAREA=0
CELLS=$(awk '/Number of cells:/ { n = $4 } END { print n + 0 }' "$TMP/stat_flat.txt")
# the liberty's flip-flop cells and their areas ("DFF=20.0 DFFR=25.0"): the
# sequential area of each module (its flip-flops x their area)
SEQA=$(awk -v seq=" $SEQ " '
  /^[ \t]*cell *\(/ { c = $0; sub(/^[^(]*\( *"?/, "", c); sub(/"? *\).*$/, "", c) }
  /^[ \t]*area *:/ && c != "" && index(seq, " " c " ") { a = $0; sub(/^[^:]*: */, "", a); sub(/ *;.*$/, "", a); printf "%s=%s ", c, a; c = "" }' "$FLIB")
# per module: own area x instances in the whole design, variants added up
# (scripts/synth-area-by-module.awk; the areas add up to the total)
AREA_BY_MODULE=$(awk -v top="$MODULE" -v seqa="$SEQA" -f "$ROOTDIR/scripts/synth-area-by-module.awk" "$TMP/stat_hier.txt")
CELLS_BY_TYPE=$(awk '/Number of cells:/ { go = 1; next } go && NF == 2 && $2 ~ /^[0-9]+$/ { printf "n\tcells_by_type\t%s\t%d\n", $1, $2 } go && NF == 0 { go = 0 }' "$TMP/stat_flat.txt")

# ---- power and energy ------------------------------------------------------------------
PTOT=$(sv power_total_w)
if [ -n "$PTOT" ]; then
  FUSE=$(sv clock_mhz_used)
  POWER_MW=$(awk -v t="$PTOT" 'BEGIN { printf "%.6g", t * 1000 }')
  mw() { awk -v w="$(sv "$1")" 'BEGIN { printf "%.6g", w * 1000 }'; }
  ENERGY=$(awk -v p="$PTOT" -v c="${PER_MVM:-0}" -v f="$FUSE" 'BEGIN { printf "%.6g", p * c / (f * 1e6) * 1e12 }')
  ECYC=$(awk -v p="$PTOT" -v f="$FUSE" 'BEGIN { printf "%.6g", p / (f * 1e6) * 1e12 }')
else
  FUSE=null; POWER_MW=null; ENERGY=null; ECYC=null
fi

# ---- metrics.json and manifest.json (regress-tool json-write) -----------------------------
RTLSHA=$(cat $SRCS | sha256sum | cut -d' ' -f1)
FLOWSHA=$(cat synth/yosys/synth.tcl synth/sta/sta.tcl scripts/synth-run.sh scripts/synth-toggles.awk scripts/synth-covtoggles.awk \
          scripts/synth-libfilter.awk scripts/verilate.sh testbench/gls/*.sv testbench/ctrl_tb_main.c testbench/ctrl_dut.cpp \
          testbench/dut_cov.h | sha256sum | cut -d' ' -f1)
ABSLIB=$(realpath "$LIB")
# the json-write lines (scripts/lib-json.sh: jw TYPE KEY... VALUE, jwn)
. "$(dirname "$0")/lib-json.sh"
{
  jw s module "$MODULE"
  jw s config_id "$CID"
  if [ "$MODULE" = xbar_tile ]; then jw f config "$CFG"; else jw z config ""; fi
  jw s liberty name "$LIBTAG"
  jw s liberty path "$ABSLIB"
  jw s liberty sha256 "$LIBSHA"
  jw n liberty cells_after_filter "$NCELLS_LIB"
  jw b liberty default "$([ -z "$DIRSUF" ] && echo true || echo false)"
  jw n area_um2 "$AREA"
  printf '%s\n' "$AREA_BY_MODULE"
  jw n sequential_area_um2 "$SEQAREA"
  jw n cells "$CELLS"
  printf '%s\n' "$CELLS_BY_TYPE"
  jw n clock_period_ns "$PERIOD"
  jw n worst_slack_ns "$WNS"
  jw n critical_path_ns "$CRIT"
  jw s critical_path from "$(sv critical_start)"
  jw s critical_path to "$(sv critical_end)"
  jw s critical_path report critical_path.txt
  jw n fmax_mhz "$FMAX"
  jwn clock_mhz_used "$FUSE"
  jwn power_mw "$POWER_MW"
  if [ -n "$PTOT" ]; then
    jw n power_breakdown_mw internal "$(mw power_internal_w)"
    jw n power_breakdown_mw switching "$(mw power_switching_w)"
    jw n power_breakdown_mw leakage "$(mw power_leakage_w)"
    jw s activity method "$ACT_METHOD"
    jw s activity vectors "$VEC_DESC"
    jw n activity window_cycles "$WINDOW"
    jw n activity nets "$(sv activity_nets | sed 's/^$/0/')"
    jw n activity nets_covered "$(sv activity_covered | sed 's/^$/0/')"
    jw n activity coverage "$(sv activity_coverage)"
    jw n activity min_coverage "$MIN_COV"
    jw n activity nets_toggled "$(sv activity_toggled | sed 's/^$/0/')"
  else
    jw z power_breakdown_mw ""
    jw s activity method "none: no vectors for this module, power not measured"
    jw n activity coverage 0
  fi
  if [ "$MODULE" = xbar_tile ]; then
    jw n cycles_per_mvm "$PER_MVM"
    jwn energy_pj_per_mvm "$ENERGY"
  elif [ "$MODULE" = trex_core ]; then
    jw s params "$UPARAMS"
    jwn energy_pj_per_cycle "$ECYC"
  elif [ "${MODULE#enc_}" != "$MODULE" ]; then
    jw s params "$UPARAMS"
    jwn energy_pj_per_cycle "$ECYC"
    jw n activity_elements "${GLS_WORDS:-0}"
    jwn energy_pj_per_element "$(awk -v e="$ECYC" -v w="$WINDOW" -v n="${GLS_WORDS:-0}" 'BEGIN { if (e == "null" || n <= 0) print "null"; else printf "%.6g", e * w / n }')"
  else
    jwn energy_pj_per_cycle "$ECYC"
  fi
  jw s gate_level_replay status "$GLS_STATUS"
  jw n gate_level_replay words "${GLS_WORDS:-0}"
  jw s gate_level_replay compared "$(case $MODULE in xbar_tile) echo 'output words against expected.hex' ;; trex_core) echo 'none (no replay of the top; area and timing only)' ;; enc_*) echo 'output elements and row cycles against the golden C functions' ;; *) echo 'descriptors, status and counters against the C model' ;; esac)"
  jw s provenance area "yosys stat -liberty (hierarchical mapping)"
  jw s provenance timing "OpenSTA report_worst_slack at the SDC period, fmax = 1/(period - worst slack)"
  jw s provenance power "OpenSTA report_power at clock_mhz_used with per-pin set_power_activity from measured toggles"
  jw s provenance energy "power_mw x cycles_per_mvm / clock_mhz_used (tile); power_mw / clock_mhz_used (controller, per cycle)"
  jw s provenance liberty_label "$([ -z "$DIRSUF" ] && echo 'trex_min default liberty (numbers from sky130_fd_sc_hd tt 1.80V 25C, reduced; see synth/lib/trex_min.lib)' || echo "$LIBTAG")"
} | "$JSONW" json-write "$TMP/metrics.json" 2>"$TMP/json.err" || die "metrics.json: $(head -1 "$TMP/json.err")"

ver() { "$@" 2>&1 | head -1 | tr -d '\r'; }
{
  jw s generated_by scripts/synth-run.sh
  jw s date_utc "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  jw s command "scripts/synth-run.sh --module $MODULE --config $CFG --lib $LIB${UPARAMS:+ --params $UPARAMS}"
  jw s tools yosys "$(ver "$YOSYS" -V)"
  jw s tools opensta "$(ver "$STA" -version)"
  jw s tools opensta_package "$(dpkg-query -W -f='${Version}' opensta 2>/dev/null)"
  jw s tools iverilog "$(ver "$IVERILOG" -V)"
  jw s tools verilator "$(ver verilator --version)"
  jw s tools cc "$(ver "${CC:-gcc}" --version)"
  jw s liberty path "$ABSLIB"
  jw s liberty sha256 "$LIBSHA"
  jw s liberty filtered "$FLIB"
  jw s liberty dont_use "$(cat "$LIBDIR/dont_use.txt")"
  jw s rtl files "$SRCS"
  jw s rtl sha256 "$RTLSHA"
  jw s flow_sha256 "$FLOWSHA"
  jw s config "$({ [ "${MODULE#enc_}" != "$MODULE" ] || [ "$MODULE" = trex_core ]; } && echo "$UPARAMS" || echo "$CFG")"
  jw n runtime_s yosys "$T_YOSYS"
  jw n runtime_s gls_and_activity "$T_GLS"
  jw n runtime_s sta "$T_STA"
  jw n runtime_s total "$(elapsed "$T_ALL")"
} | "$JSONW" json-write "$TMP/manifest.json" 2>"$TMP/json.err" || die "manifest.json: $(head -1 "$TMP/json.err")"

rm -f "$TMP/gls.vvp"
rm -rf "$FINAL"
mv "$TMP" "$FINAL" || die "cannot move results into $FINAL"
TMP=
echo "synth: $MODULE $CID on $LIBTAG: area $AREA um2, fmax $(printf '%.1f' "$FMAX") MHz, power $([ "$POWER_MW" = null ] && echo n/a || printf '%.4g mW' "$POWER_MW"), $(if [ "$MODULE" = xbar_tile ]; then echo "energy/MVM $([ "$ENERGY" = null ] && echo n/a || printf '%.4g pJ' "$ENERGY")"; else echo "energy/cycle $([ "$ECYC" = null ] && echo n/a || printf '%.4g pJ' "$ECYC")"; fi)$([ "${MODULE#enc_}" != "$MODULE" ] && [ "$ECYC" != null ] && awk -v e="$ECYC" -v w="$WINDOW" -v n="${GLS_WORDS:-0}" 'BEGIN { if (n > 0) printf ", energy/element %.4g pJ", e * w / n }') ($(elapsed "$T_ALL") s)"
echo "synth: metrics: $FINAL/metrics.json"
