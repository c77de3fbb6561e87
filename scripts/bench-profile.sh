#!/usr/bin/env bash
# Where the Verilated tile spends its time (docs/performance.md, "rows=256"):
#   bench-profile.sh CFG [N]
# 1. perf profile of tb_xbar --lockstep (build/sim/<id>/tb_xbar, as built by
#    make lockstep) -> build/bench/profile/<id>/perf.txt (top symbols)
# 2. the same RTL Verilated in variants -- as built by mk/10-tile.mk
#    (--trace-fst, OPT_FAST -Os), without --trace-fst, with OPT_FAST=-O2,
#    and with -O2 and no trace -- each timed with bench/bench_bare.cpp on the
#    same stimulus (median of 3, CPU time) -> build/bench/profile/<id>/variants.tsv
set -uo pipefail
TREX=${TREX:-build/bin/trex}
cfg=${1:?usage: bench-profile.sh CFG [N]} n=${2:-5000}
id=$($TREX tile-params "$cfg" --format id) || exit 1
gp=$($TREX tile-params "$cfg" --format verilator) || exit 1
P=build/bench/profile/$id
mkdir -p "$P"
VROOT=$(verilator --getenv VERILATOR_ROOT)
make --no-print-directory lockstep CFG="$cfg" N=10 > "$P/build.log" 2>&1 || { echo "make lockstep failed ($P/build.log)"; exit 1; }
if command -v perf > /dev/null; then
  perf record -q -g -o "$P/perf.data" build/sim/$id/tb_xbar --lockstep --config "$cfg" --count "$n" \
    --seed 1 --id "$id" --wave "$P/x.fst" > /dev/null 2>&1
  perf report -i "$P/perf.data" --no-children --stdio --percent-limit 1.5 2>/dev/null \
    | grep -v '^$' | grep -v '^#' | grep '%' | head -40 > "$P/perf.txt"
  echo "perf: $P/perf.txt"; head -15 "$P/perf.txt"
fi
variant() { # name verilate.sh-flags OPT_FAST
  local v=$1 flags=$2 opt=$3 d=$P/$1
  rm -rf "$d"; mkdir -p "$d"
  # shellcheck disable=SC2086
  bash scripts/verilate.sh --top xbar_tile --out "$d" --cc-only --params "$gp" $flags \
    > /dev/null 2>&1 || { echo "verilate $v failed ($d/verilator.log)"; return 1; }
  make -s -C "$d/obj" -f Vxbar_tile.mk OPT_FAST="$opt" Vxbar_tile__ALL.a verilated.o verilated_threads.o \
    $( [[ $flags == *trace* ]] && echo verilated_fst_c.o ) > "$d/make.log" 2>&1 || { echo "build $v failed"; return 1; }
  local extra="" defs="-DVM_TRACE=0"
  [[ $flags == *trace* ]] && extra="$d/obj/verilated_fst_c.o" defs="-DVM_TRACE=1 -DVM_TRACE_FST=1"
  # shellcheck disable=SC2086
  g++ -std=c++17 -O2 $defs -I"$d/obj" -I"$VROOT/include" -I"$VROOT/include/vltstd" -Ic-model -Itestbench \
    bench/bench_bare.cpp "$d/obj/Vxbar_tile__ALL.a" "$d/obj/verilated.o" $extra "$d/obj/verilated_threads.o" \
    build/obj/libtrex.a -lcjson -lm -lz -pthread -o "$d/bench_bare" || return 1
  local r rates=()
  for r in 1 2 3; do
    rates+=("$("$d/bench_bare" --config "$cfg" --count "$n" | sed -n 's/.*"mvm_per_s": \([0-9.]*\).*/\1/p')")
  done
  printf '%s\t%s\n' "$v" "$(printf '%s\n' "${rates[@]}" | sort -g | sed -n 2p)" | tee -a "$P/variants.tsv"
}
: > "$P/variants.tsv"
variant as-built "--trace" -Os
variant no-trace "" -Os
variant O2 "--trace" -O2
variant O2-no-trace "" -O2
