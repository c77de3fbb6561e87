#!/usr/bin/env bash
# The one Verilator recipe: every target and script that verilates (make sim,
# lockstep, sim-ctrl, lint, the coverage builds of make regress, make mutate,
# the controller's gate-level replay, the benchmark) calls this script, so
# the flags are written here only.
#
#   verilate.sh --top TOP --out DIR [options]     build DIR/EXE (default tb)
#   verilate.sh --top TOP --lint [--params P]     lint only (-Wall)
#
#   --top TOP        xbar_tile, trex_ctrl or a digital unit of the integer
#                    encoder (enc_softmax, enc_layernorm, enc_gelu,
#                    enc_requant, enc_add), or the bench-only top xbar_many
#                    (rtl/xbar_tile.f and bench/many/xbar_many.sv; no
#                    testbench archive: its C++ main comes with --extra,
#                    make bench-many): the RTL is rtl/TOP.f, the
#                    testbench its C testbench (build/obj/testbench/tb_xbar.a
#                    and testbench/tb_dut.cpp; tb_ctrl.a and
#                    testbench/ctrl_dut.cpp; tb_units.a and
#                    testbench/units_dut.cpp built with -DUD_TOP_<UNIT>)
#   --out DIR        Verilator works in DIR/obj; the binary is DIR/EXE
#   --exe NAME       binary name (default tb)
#   --params "P"     -G parameter flags (trex tile-params CFG --format verilator)
#   --defines "D"    -D flags (RTL_DEFINES)
#   --trace          FST waveforms (--trace-fst)
#   --coverage LIST  comma-separated: line, toggle, user (the coverage build;
#                    the testbench writes it with --rtl-cov FILE)
#   --netlist F      verilate F (repeatable) instead of the RTL list: a
#                    synthesised or mutated netlist; warnings on style off
#   --extra F        another source (repeatable): an SV bind file, a C++ file,
#                    a Verilator configuration (.vlt) file
#   --flag F         one more Verilator flag (repeatable), after the common
#                    ones (a later --x-assign etc. overrides them): the
#                    benchmark's build variants (--threads 2, -O3, ...)
#   --gls            the gate-level replay build: toggle coverage up to 1024
#                    bits, C++ at -O0 (netlists of this size compile slowly)
#   --cc-only        verilate into DIR/obj without building (the benchmark
#                    builds its own loop around the model)
#   --tb-obj F       the testbench archive instead of the default
#   --log F          Verilator's output (default DIR/verilator.log)
# Exit 0 when the binary (or the lint run) is done; otherwise the last lines
# of the log and one line naming the log.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
top="" out="" exe=tb params="" defines="" trace=0 cov="" lint=0 gls=0 cconly=0 tbobj="" log=""
netlist=() extra=() vflags=()
. "$(dirname "$0")/lib-opts.sh"
opt_parse verilate 2,38 --top=top --out=out --exe=exe --params=params --defines=defines \
  --trace:trace=1 --coverage=cov --netlist+=netlist --extra+=extra --flag+=vflags --gls:gls=1 \
  --cc-only:cconly=1 --lint:lint=1 --tb-obj=tbobj --log=log -- "$@"
tbdef=""
case $top in
  xbar_tile) tb=tb_xbar.a shim=testbench/tb_dut.cpp ;;
  trex_ctrl) tb=tb_ctrl.a shim=testbench/ctrl_dut.cpp ;;
  enc_softmax|enc_layernorm|enc_gelu|enc_requant|enc_add)
    # the units' shim is compiled for one unit
    tb=tb_units.a shim=testbench/units_dut.cpp tbdef=-DUD_TOP_$(tr 'a-z' 'A-Z' <<<"${top#enc_}") ;;
  xbar_many) tb="" shim="" ;;  # bench-only: the tile list plus the bench top, main via --extra
  trex_core)
    # the accelerator top: its testbench object is compiled per parameter set
    # (scripts/core-build.sh passes it with --tb-obj)
    tb=core_tb_main.o shim=testbench/core_dut.cpp ;;
  *) echo "verilate: --top must be xbar_tile, trex_ctrl, trex_core, enc_softmax|enc_layernorm|enc_gelu|enc_requant|enc_add or xbar_many" >&2; exit 2 ;;
esac
OBJ=${OBJ:-build/obj}
# the objects as an absolute path (make BUILD=/abs/dir passes one already)
[[ $OBJ == /* ]] && aobj=$OBJ || aobj=$here/$OBJ
VERILATOR=${VERILATOR:-verilator}
if ! command -v "$VERILATOR" >/dev/null 2>&1; then
  msg="verilate: $VERILATOR: command not found (scripts/install-deps.sh installs it)"
  [[ -n $log ]] && echo "$msg" >"$log"
  echo "$msg" >&2
  exit 1
fi

# the sources: the top's file list, or the netlist
srcs=()
if ((${#netlist[@]})); then
  for f in "${netlist[@]}"; do srcs+=("$(realpath "$f")"); done
else
  if [[ $top == xbar_many ]]; then
    mapfile -t srcs < <(bash "$here/scripts/rtl-files.sh" xbar_tile --abs) || exit 1
    ((${#srcs[@]})) || exit 1
    srcs+=("$here/bench/many/xbar_many.sv")
  else
    mapfile -t srcs < <(bash "$here/scripts/rtl-files.sh" "$top" --abs) || exit 1
    ((${#srcs[@]})) || exit 1
  fi
fi
# shellcheck disable=SC2206
pflags=($params) dflags=($defines)

# the include path of the RTL (rtl/*.svh: the parameter lists written once)
common=(--top-module "$top" -I"$here/rtl" --x-assign unique --x-initial unique "${pflags[@]}" "${dflags[@]}")
if ((lint)); then
  exec "$VERILATOR" --lint-only -Wall "${common[@]}" "${srcs[@]}"
fi
[[ -n $out ]] || die 2 "--out DIR is required"

# warnings: the RTL is lint-clean (make lint is the gate); netlists and the
# coverage-instrumented builds are not held to style
if ((${#netlist[@]})) || [[ -n $cov ]]; then warn=(-Wno-fatal -Wno-lint -Wno-style)
else warn=(-Wall -Wno-fatal); fi
flags=("${common[@]}" "${warn[@]}" "${vflags[@]}")
# trex_core: without Verilator's data-flow-graph optimisation. With it,
# Verilator 5.006 rebuilds the tile array's packed output bus (N_TILES x
# OUTS x 32 bits, one slice per tile) on every clock edge as a chain of
# N_TILES nested concatenations, quadratic in N_TILES: 77 % of the run time
# of the 414-tile trex_core (perf, docs/performance.md "Many tiles"); without
# it each tile's slice is one plain copy.
[[ $top == trex_core ]] && flags+=(-fno-dfg)
((trace)) && flags+=(--trace-fst)
IFS=, read -ra covl <<<"$cov"
for c in "${covl[@]}"; do
  case $c in
    line|toggle|user) flags+=("--coverage-$c") ;;
    *) echo "verilate: --coverage: '$c' is not line, toggle or user" >&2; exit 2 ;;
  esac
done
copt=-O1
make_opts=()
command -v ccache >/dev/null 2>&1 && make_opts+=("OBJCACHE=ccache")
if ((gls)); then
  flags+=(--coverage-max-width 1024)
  copt=-O0
  make_opts+=("OPT_FAST=-O0" "OPT_SLOW=-O0" "OPT_GLOBAL=-O0")
fi
cjson=$(pkg-config --cflags libcjson 2>/dev/null || echo -I/usr/include/cjson)
mkdir -p "$out" || exit 1
log=${log:-$out/verilator.log}
xs=()
for f in "${extra[@]}"; do xs+=("$(realpath "$f")"); done

if ((cconly)); then
  "$VERILATOR" --cc "${flags[@]}" --Mdir "$out/obj" -CFLAGS "$copt" "${srcs[@]}" "${xs[@]}" >"$log" 2>&1 \
    || { tail -20 "$log"; echo "verilate: Verilator failed for $top (log: $log)"; exit 1; }
  exit 0
fi
if [[ -z $tb ]]; then
  rm -f "$out/$exe" # the C objects are link inputs Verilator does not track: force the relink
  # a bench-only top: no testbench archive, no library; the C++ main is an --extra
  "$VERILATOR" --cc --exe --build -j 2 "${flags[@]}" --Mdir "$out/obj" -o "../$exe" \
    ${make_opts[@]:+-MAKEFLAGS "${make_opts[*]}"} -CFLAGS "$copt" \
    "${srcs[@]}" "${xs[@]}" >"$log" 2>&1 \
    || { tail -30 "$log"; echo "verilate: Verilator build failed for $top (log: $log)"; exit 1; }
  exit 0
fi
tbobj=${tbobj:-$aobj/testbench/$tb}
for f in "$tbobj" "$aobj/libtrex.a"; do
  [[ -r $f ]] || die 1 "$f is not built (make build $tbobj)"
done
# One build per directory at a time (two makes or scripts of one
# configuration at once shared DIR/obj and the binary): a lock on
# DIR/.build.lock; a build that waited for another one and finds the binary
# made since it started waiting takes that one. The binary is linked as
# EXE.new (the C objects are link inputs Verilator does not track: a fresh
# name forces the relink) and renamed over EXE, so that a running EXE is
# untouched and nobody runs a half-written one (issue 15, class 5).
exec 7>"$out/.build.lock" || exit 1
if ! flock -n 7; then
  waited=$(date +%s)
  flock 7 || exit 1
  if [[ -x $out/$exe && $(stat -c %Y "$out/$exe") -ge $waited ]]; then exit 0; fi
fi
trap 'rm -f "$out/$exe.new"' EXIT
rm -f "$out/$exe.new"
"$VERILATOR" --cc --exe --build -j 2 "${flags[@]}" --Mdir "$out/obj" -o "../$exe.new" \
  ${make_opts[@]:+-MAKEFLAGS "${make_opts[*]}"} \
  -CFLAGS "$copt -I$here/testbench -I$here/c-model $cjson${tbdef:+ $tbdef}" \
  -LDFLAGS "$tbobj $aobj/libtrex.a -lcjson -lm" \
  "${srcs[@]}" "$here/$shim" "${xs[@]}" >"$log" 2>&1 \
  || { tail -30 "$log"; echo "verilate: Verilator build failed for $top (log: $log)"; exit 1; }
mv -f "$out/$exe.new" "$out/$exe" || exit 1
