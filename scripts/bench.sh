#!/usr/bin/env bash
# make bench: side-by-side throughput on the same RTL and stimulus, medians of
# BENCH_RUNS runs, written to build/bench/results.json and results.md
# (docs/performance.md explains each figure and what bounds it).
#
# Per configuration (BENCH_CONFIGS, default: the default tile and the
# rows=256 tile r256o3w8c1x6s-a5m8-off):
#   model      golden model MVM/s vs the naive reference (bench/bench_model.c)
#   lockstep   tb_xbar --lockstep (our C testbench: RTL + model + compare)
#   bare       bench/bench_bare.cpp on the same Verilated model and stimulus
#   file       tb_xbar --vec on a vector set (file-driven)
#   icarus     vvp (scripts/icarus-run.sh's build) on a prefix of that set
#   cocotb     cocotb 1.8.1 (venv under build/bench/venv) driving the same
#              RTL, Verilated by cocotb's flow, on the same prefix
# and `trex search` on 12 (deit-s) and 24 encoders.
# Golden-model kernels (BENCH_MODEL_CONFIGS, default the default tile and
# bench/configs/model-*.json: rows 256, differential, cell_bits 1 and 4, a
# lossless ADC): bench_model's MVM/s of the automatic kernel and of each
# kernel (portable, POPCNT, exact) against the reference.
# Tile idle and busy (bench_bare --idle BENCH_N_IDLE cycles): simulated
# cycles per second of CPU while computing and while idle; with
# BENCH_TILE_BEFORE=REV (a git revision) the same for the tile RTL at REV,
# Verilated with the same options, side by side.
# Many tiles (scripts/bench-many.sh; BENCH_MANY=0 skips): Verilator options
# for N tiles, BENCH_MANY_N (default "64") x BENCH_MANY_VARIANTS (default
# "tileclass hier": the recommended flat build and the hierarchical one);
# `make bench-many` runs a larger table.
# The accelerator top (scripts/bench-core.sh; BENCH_CORE=0 skips): trex_core
# on the tiny model and on models/vit-digits, Verilator vs Icarus vs the C
# model (trex infer), images and simulated cycles per CPU second.
# Rates are vectors per second of CPU time (user+sys of the process, or of
# the timed loop where the tool reports it), so that other load on a shared
# machine inflates them less than wall time would; wall rates are kept too.
set -uo pipefail
# every command below runs in one process group that an interruption stops
# whole (scripts/lib-run.sh)
. "$(dirname "$0")/lib-run.sh"
run_self "$@"
TREX=${TREX:-build/bin/trex}
RUNS=${BENCH_RUNS:-3}
N_LOCK=${BENCH_N_LOCK:-20000}   # lockstep / bare vectors
N_FILE=${BENCH_N_FILE:-4000}    # vector-set size (file mode, model)
N_SLOW=${BENCH_N_SLOW:-300}     # prefix for Icarus and cocotb
CONFIGS=${BENCH_CONFIGS:-"tests/configs/default.json vectors/indep-c4/config.json"}
COCOTB=${BENCH_COCOTB:-1}
# the knobs reach shell arithmetic: plain integers only (lib-checks.sh)
. "$(dirname "$0")/lib-checks.sh"
chk_uint bench BENCH_RUNS "$RUNS" 1 100
chk_uint bench BENCH_N_LOCK "$N_LOCK" 1 100000000
chk_uint bench BENCH_N_FILE "$N_FILE" 1 1000000
chk_uint bench BENCH_N_SLOW "$N_SLOW" 1 "$N_FILE"
chk_uint bench BENCH_COCOTB "$COCOTB" 0 1
read -ra CONFIG_LIST <<<"$CONFIGS"  # split on blanks, never globbed
MODEL_CONFIGS=${BENCH_MODEL_CONFIGS:-"tests/configs/default.json $(echo bench/configs/model-*.json)"}
N_IDLE=${BENCH_N_IDLE:-2000000}  # idle cycles of the tile
BEFORE=${BENCH_TILE_BEFORE:-}    # git revision of a tile RTL to compare with
MANY=${BENCH_MANY:-1}
CORE=${BENCH_CORE:-1}
chk_uint bench BENCH_N_IDLE "$N_IDLE" 0 1000000000
chk_uint bench BENCH_MANY "$MANY" 0 1
chk_uint bench BENCH_CORE "$CORE" 0 1
read -ra MODEL_CONFIG_LIST <<<"$MODEL_CONFIGS"
O=build/bench
mkdir -p "$O"
# one bench at a time (two at once appended to one runs.tsv); the earlier
# results go now and come back only when this run completes, so that an
# interrupted run never leaves them beside its partial runs.tsv
run_lock bench "$O" "$O"
rm -f "$O/results.json" "$O/results.md" "$O"/results.json.tmp "$O"/results.md.tmp
raw=$O/runs.tsv
: > "$raw"
say() { echo "bench: $*"; }
die() { echo "bench: error: $*" >&2; exit 1; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "null"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
rec() { [[ -n $3 && $3 != null ]] && printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$raw"; return 0; }   # key run value (none: not recorded)
med() { awk -F'\t' -v k="$1" '$1 == k { print $3 }' "$raw" | median; }
# CPU seconds (user+sys) of a command; its stdout to $2
cpu_of() { local out=$1; shift; /usr/bin/time -f '%U %S' -o "$O/.time" "$@" > "$out" 2> "$out.err" || return 1; awk '{ print $1 + $2 }' "$O/.time"; }
# N per second of C CPU seconds; none (not recorded) when C is below the
# 10 ms resolution of /usr/bin/time (a run too short to measure)
per_cpu_s() { awk -v n="$1" -v c="$2" 'BEGIN { if (c + 0 < 0.01) print "null"; else print n / c }'; }
jnum() { sed -n "s/.*\"$2\": *\([-0-9.e+]*\).*/\1/p" "$1" | head -1; }
if [[ -n $BEFORE ]]; then
  git rev-parse --verify -q "$BEFORE^{commit}" > /dev/null || die "BENCH_TILE_BEFORE: '$BEFORE' is not a git revision"
fi

VROOT=$(verilator --getenv VERILATOR_ROOT 2>/dev/null) || die "verilator is not on PATH"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (apt-get install time)"
command -v vvp > /dev/null || die "vvp (Icarus) is not on PATH"
if [[ ${BENCH_COCOTB:-1} == 1 && ! -x $O/venv/bin/cocotb-config ]]; then
  python3 -m venv --help > /dev/null 2>&1 || die "python3 cannot make a venv (apt-get install python3-venv), or set BENCH_COCOTB=0"
fi
load0=$(cut -d' ' -f1 /proc/loadavg)
cfg_rows=()

# ---- golden-model kernels ------------------------------------------------
model_rows=()
for cfg in "${MODEL_CONFIG_LIST[@]}"; do
  id=$($TREX tile-params "$cfg" --format id) || die "$cfg: not a tile configuration"
  d=$O/model/$id; mkdir -p "$d"
  $TREX vecgen --config "$cfg" --count "$N_FILE" --seed 7 --mode mixed --out "$d/vec" > "$d/vecgen.log" 2>&1 \
    || die "vecgen failed (log $d/vecgen.log)"
  say "$id: golden-model kernels, $RUNS runs"
  for ((r = 1; r <= RUNS; r++)); do
    build/bench/bench_model "$d/vec" 0.5 > "$d/model.json" || die "bench_model failed on $id"
    for k in model portable popcnt exact ref; do rec "m.$id.$k" $r "$(jnum "$d/model.json" ${k}_mvm_per_s)"; done
  done
  model_rows+=("$id:$(sed -n 's/.*"kernel": "\([a-z]*\)".*/\1/p' "$d/model.json")")
done

# ---- the tile RTL at another revision (BENCH_TILE_BEFORE) ------------------
bare_before() { :; }
if [[ -n $BEFORE ]]; then
  bdir=$O/before-${BEFORE//[^A-Za-z0-9._-]/_}
  rm -rf "$bdir"; mkdir -p "$bdir/rtl"
  git archive "$BEFORE" rtl | tar -x -C "$bdir" || die "cannot export rtl/ at revision $BEFORE"
  # that revision's tile files: its file list, or rtl/xbar_*.sv before the lists
  if [[ -f $bdir/rtl/xbar_tile.f ]]; then
    mapfile -t BRTL < <(sed -e 's://.*$::' -e '/^[[:space:]]*$/d' "$bdir/rtl/xbar_tile.f" | sed "s:^:$PWD/$bdir/:")
  else
    BRTL=("$PWD/$bdir"/rtl/xbar_*.sv)
  fi
  brst=()   # a tile with the old reset name rst_ni (bench_bare.cpp -DBENCH_RST_NI)
  grep -q srst_ni "${BRTL[@]}" || brst=(-DBENCH_RST_NI)
  # bare_before CFG ID: bench_bare on that RTL, Verilated by the one recipe
  # (scripts/verilate.sh, the files given as --netlist) and linked as the
  # current tile's bench_bare is, run busy and idle
  bare_before() {
    local cfg=$1 id=$2 gp src=() f bo
    gp=$($TREX tile-params "$cfg" --format verilator)
    bo=$bdir/$id/obj
    if [[ ! -x $bdir/$id/bare ]]; then
      mkdir -p "$bdir/$id" || die "cannot create $bdir/$id"
      for f in "${BRTL[@]}"; do src+=(--netlist "$f"); done
      bash scripts/verilate.sh --top xbar_tile --out "$bdir/$id" --params "$gp" --trace --cc-only \
        "${src[@]}" --log "$bdir/$id.log" > /dev/null 2>&1 \
        && make -s -C "$bo" -f Vxbar_tile.mk Vxbar_tile__ALL.a verilated.o verilated_fst_c.o verilated_threads.o \
          >> "$bdir/$id.log" 2>&1 \
        && g++ -std=c++17 -O2 -DVM_TRACE=1 -DVM_TRACE_FST=1 "${brst[@]}" -I"$bo" -I"$VROOT/include" \
          -I"$VROOT/include/vltstd" -Ic-model -Itestbench bench/bench_bare.cpp "$bo/Vxbar_tile__ALL.a" \
          "$bo/verilated.o" "$bo/verilated_fst_c.o" "$bo/verilated_threads.o" build/obj/libtrex.a \
          -lcjson -lm -lz -pthread -o "$bdir/$id/bare" >> "$bdir/$id.log" 2>&1 \
        || die "the tile at $BEFORE: build failed (log $bdir/$id.log)"
    fi
    "$bdir/$id/bare" --config "$cfg" --count "$N_LOCK" --seed 1 --idle "$N_IDLE"
  }
fi

for cfg in "${CONFIG_LIST[@]}"; do
  id=$($TREX tile-params "$cfg" --format id) || die "$cfg: not a tile configuration"
  per_mvm=$($TREX tile-params "$cfg" --format json | sed -n 's/.*"per_mvm": *\([0-9]*\).*/\1/p')
  d=$O/$id; mkdir -p "$d"
  say "$id: building (make lockstep, bench_bare, vector sets)"
  make --no-print-directory lockstep CFG="$cfg" N=10 > "$d/build.log" 2>&1 || die "make lockstep failed (log $d/build.log)"
  tb=build/sim/$id/tb_xbar obj=build/sim/$id/obj
  g++ -std=c++17 -O2 -DVM_TRACE=1 -DVM_TRACE_FST=1 -I"$obj" -I"$VROOT/include" -I"$VROOT/include/vltstd" \
    -Ic-model -Itestbench bench/bench_bare.cpp "$obj/Vxbar_tile__ALL.a" "$obj/verilated.o" "$obj/verilated_fst_c.o" \
    "$obj/verilated_threads.o" build/obj/libtrex.a -lcjson -lm -lz -pthread -o "$d/bench_bare" \
    >> "$d/build.log" 2>&1 || die "bench_bare build failed (log $d/build.log)"
  vec=$d/vec small=$d/vec-small
  $TREX vecgen --config "$cfg" --count "$N_FILE" --seed 7 --mode mixed --out "$vec" >> "$d/build.log" 2>&1 || die "vecgen failed (log $d/build.log)"
  rows=$(sed -n 's/.*"rows":[[:space:]]*\([0-9]*\).*/\1/p' "$vec/config.json")
  outs=$(sed -n 's/.*"outs":[[:space:]]*\([0-9]*\).*/\1/p' "$vec/config.json")
  rm -rf "$small"; mkdir -p "$small"; cp "$vec/config.json" "$vec/weights.hex" "$small/"
  head -n $((N_SLOW * rows)) "$vec/inputs.hex" > "$small/inputs.hex"
  head -n $((N_SLOW * outs)) "$vec/expected.hex" > "$small/expected.hex"
  bash scripts/icarus-run.sh "$TREX" "$small" "$d/icarus" > "$d/icarus.log" 2>&1 || die "icarus failed (log $d/icarus.log)"
  vvp_file=$d/icarus/$id/tb.vvp
  if ((COCOTB)); then
    say "$id: building the cocotb testbench (Verilator via cocotb's makefiles)"
    [[ -x $O/venv/bin/cocotb-config ]] || {
      python3 -m venv "$O/venv" && "$O/venv/bin/pip" install -q cocotb==1.8.1 > "$O/pip.log" 2>&1; } \
      || die "cannot install cocotb 1.8.1 into $O/venv (log $O/pip.log)"
    gp=$($TREX tile-params "$cfg" --format verilator)
    cat > "$d/cocotb.mk" <<MK
SIM = verilator
TOPLEVEL_LANG = verilog
VERILOG_SOURCES = $(bash scripts/rtl-files.sh xbar_tile --abs | tr '\n' ' ')
TOPLEVEL = xbar_tile
MODULE = test_xbar_bench
SIM_BUILD = $PWD/$d/cocotb-build
EXTRA_ARGS += $gp -Wno-fatal -I$PWD/rtl
export PYTHONPATH := $PWD/bench/cocotb:\$(PYTHONPATH)
include \$(shell cocotb-config --makefiles)/Makefile.sim
MK
  fi

  say "$id: $RUNS runs of each"
  for ((r = 1; r <= RUNS; r++)); do
    # golden model vs reference (CPU time inside the process)
    build/bench/bench_model "$vec" 0.5 > "$d/model.json" || die "bench_model failed"
    rec "$id.model" $r "$(jnum "$d/model.json" model_mvm_per_s)"
    rec "$id.ref" $r "$(jnum "$d/model.json" ref_mvm_per_s)"
    # our C testbench, lockstep
    c=$(cpu_of "$d/lock.out" "$tb" --lockstep --config "$cfg" --count "$N_LOCK" --seed 1 --id "$id" --wave "$d/mismatch.fst") \
      || die "tb_xbar --lockstep failed: $(tail -2 "$d/lock.out" "$d/lock.out.err")"
    grep -q ' PASS$' "$d/lock.out" || die "tb_xbar --lockstep did not pass"
    rec "$id.lockstep" $r "$(per_cpu_s "$N_LOCK" "$c")"
    rec "$id.lockstep_wall" $r "$(sed -n 's/.*mvm_per_s=\([0-9]*\).*/\1/p' "$d/lock.out")"
    tb_cycles=$(sed -n 's/.* cycles=\([0-9]*\) .*/\1/p' "$d/lock.out")
    # bare Verilated loop, same stimulus
    "$d/bench_bare" --config "$cfg" --count "$N_LOCK" --seed 1 --idle "$N_IDLE" > "$d/bare.json" || die "bench_bare failed"
    bare_cycles=$(jnum "$d/bare.json" cycles)
    [[ $bare_cycles == "$tb_cycles" ]] || die "bench_bare ran $bare_cycles cycles, tb_xbar $tb_cycles: not the same work"
    rec "$id.bare" $r "$(jnum "$d/bare.json" mvm_per_s)"
    rec "$id.busy_cps" $r "$(jnum "$d/bare.json" busy_cycles_per_s)"
    rec "$id.idle_cps" $r "$(jnum "$d/bare.json" idle_cycles_per_s)"
    if [[ -n $BEFORE ]]; then
      bare_before "$cfg" "$id" > "$d/bare-before.json" || die "bench_bare on the tile at $BEFORE failed"
      [[ $(jnum "$d/bare-before.json" checksum) == "$(jnum "$d/bare.json" checksum)" ]] \
        || die "the tile at $BEFORE computed other words than rtl/ (checksums differ)"
      rec "$id.bare_before" $r "$(jnum "$d/bare-before.json" mvm_per_s)"
      rec "$id.busy_cps_before" $r "$(jnum "$d/bare-before.json" busy_cycles_per_s)"
      rec "$id.idle_cps_before" $r "$(jnum "$d/bare-before.json" idle_cycles_per_s)"
    fi
    # file-driven testbench on the vector set
    c=$(cpu_of "$d/file.out" "$tb" --vec "$vec" --id "$id" --wave "$d/mismatch.fst") || die "tb_xbar --vec failed"
    grep -q ' PASS$' "$d/file.out" || die "tb_xbar --vec did not pass"
    rec "$id.file" $r "$(per_cpu_s "$N_FILE" "$c")"
    # Icarus on the prefix (the vvp run of scripts/icarus-run.sh)
    c=$(cpu_of "$d/icarus.out" vvp -n "$vvp_file" +vec="$small" +count="$N_SLOW") || die "vvp failed"
    grep -qx PASS "$d/icarus.out" || die "Icarus did not pass on $small"
    rec "$id.icarus" $r "$(per_cpu_s "$N_SLOW" "$c")"
    # cocotb on the prefix
    if ((COCOTB)); then
      rm -f "$d/cocotb.json"
      PATH=$PWD/$O/venv/bin:$PATH BENCH_VEC=$PWD/$small BENCH_COUNT=$N_SLOW BENCH_OUT=$PWD/$d/cocotb.json \
        make --no-print-directory -C "$d" -f cocotb.mk > "$d/cocotb.log" 2>&1
      [[ -s $d/cocotb.json ]] && grep -q '"mismatches": 0' "$d/cocotb.json" \
        || die "cocotb run failed (log $d/cocotb.log)"
      rec "$id.cocotb" $r "$(jnum "$d/cocotb.json" mvm_per_s)"
    fi
  done
  cfg_rows+=("$id:$per_mvm")
done

# trex search on 12 and 24 encoders (deit-s shape), budget 0.8x of each
# baseline, at most 2/3 of the encoders reused. Timed by the command itself
# (search_run only, "N ms" in its last line) and as the whole process (wall).
say "trex search: 12 and 24 encoders, $RUNS runs"
printf '{"name": "deit-s-24", "tokens": 197, "embedding": 384, "heads": 6, "mlp": 1536, "depth": 24}\n' > "$O/deit-s-24.json"
for ((r = 1; r <= RUNS; r++)); do
  for spec in "s12:deit-s:auto:8" "s12dp:deit-s:dp:8" "s24:$O/deit-s-24.json:auto:16"; do
    IFS=: read -r k m meth mx <<<"$spec"
    t0=$(date +%s%N)
    $TREX search --model "$m" --delay-budget 0.8x --max-reuse "$mx" --method "$meth" > "$O/search-$k.out" 2>&1 \
      || die "trex search $m failed: $(tail -1 "$O/search-$k.out")"
    rec "search.$k.wall_ms" $r "$(awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e6 }')"
    rec "search.$k.inner_ms" $r "$(sed -n 's/.*, \([0-9.]*\) ms; Pareto.*/\1/p' "$O/search-$k.out")"
    sed -n 's/.*method \([a-z]*\), \([0-9]*\) full evaluations, \([0-9]*\) DP labels.*/\1, \2 evaluations, \3 labels/p' "$O/search-$k.out" > "$O/search-$k.method"
  done
done

# many tiles: Verilator options (scripts/bench-many.sh)
if ((MANY)); then
  say "many tiles: scripts/bench-many.sh --n \"${BENCH_MANY_N:-64}\" --variants \"${BENCH_MANY_VARIANTS:-tileclass hier}\""
  bash scripts/bench-many.sh --n "${BENCH_MANY_N:-64}" --variants "${BENCH_MANY_VARIANTS:-tileclass hier}" \
    --out "$O/many" > "$O/many.log" 2>&1 || die "bench-many failed (log $O/many.log)"
fi

# the accelerator top (scripts/bench-core.sh)
if ((CORE)); then
  say "trex_core: scripts/bench-core.sh --out $O/core"
  bash scripts/bench-core.sh --out "$O/core" > "$O/core.log" 2>&1 || die "bench-core failed (log $O/core.log)"
fi

# results.json (regress-tool json-write) and results.md
f0() { if [[ $1 == null || -z $1 ]]; then echo -; else printf '%.0f' "$1"; fi; }   # a rate for the table; - if not measured
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "null" || b == "null" || b == 0) print "null"; else printf "%.3g", a / b }'; }
json=$O/results.json md=$O/results.md.tmp
# jwn KEY... VALUE: a number or null; jw s KEY... VALUE: a string (lib-json.sh)
. "$(dirname "$0")/lib-json.sh"
{
  jw s date "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  jwn runs "$RUNS"; jwn nproc "$(nproc)"; jwn load_before "$load0"; jwn load_after "$(cut -d' ' -f1 /proc/loadavg)"
  jwn n_lockstep "$N_LOCK"; jwn n_file "$N_FILE"; jwn n_icarus_cocotb "$N_SLOW"
  jw s cocotb "$( ((COCOTB)) && echo 1.8.1 || echo skipped)"
  jw s verilator "$(verilator --version | head -1)"; jw s icarus "$(iverilog -V 2>/dev/null | head -1)"
  n=0
  for cr in "${cfg_rows[@]}"; do
    id=${cr%%:*} pm=${cr##*:}
    m=$(med "$id.model") rf=$(med "$id.ref") l=$(med "$id.lockstep") lw=$(med "$id.lockstep_wall")
    b=$(med "$id.bare") f=$(med "$id.file") i=$(med "$id.icarus") cc=$(med "$id.cocotb")
    jw s configs $n config "$id"; jwn configs $n cycles_per_mvm "$pm"
    jwn configs $n mvm_per_s model "$m"; jwn configs $n mvm_per_s reference "$rf"
    jwn configs $n mvm_per_s tb_lockstep "$l"; jwn configs $n mvm_per_s tb_lockstep_wall "$lw"
    jwn configs $n mvm_per_s bare_loop "$b"; jwn configs $n mvm_per_s tb_file "$f"
    jwn configs $n mvm_per_s icarus "$i"; jwn configs $n mvm_per_s cocotb "$cc"
    jwn configs $n ratios model_over_reference "$(ratio "$m" "$rf")"
    jwn configs $n ratios bare_over_tb_lockstep "$(ratio "$b" "$l")"
    jwn configs $n ratios tb_file_over_icarus "$(ratio "$f" "$i")"
    jwn configs $n ratios tb_file_over_cocotb "$(ratio "$f" "$cc")"
    jwn configs $n ratios tb_lockstep_over_icarus "$(ratio "$l" "$i")"
    jwn configs $n ratios cocotb_over_icarus "$(ratio "$cc" "$i")"
    jwn configs $n simulated_cycles_per_s tb_lockstep "$(awk -v a="$l" -v p="$pm" 'BEGIN { printf "%.0f", a * p }')"
    jwn configs $n simulated_cycles_per_s bare_loop "$(awk -v a="$b" -v p="$pm" 'BEGIN { printf "%.0f", a * p }')"
    jwn configs $n tile_cycles_per_s busy "$(med "$id.busy_cps")"
    jwn configs $n tile_cycles_per_s idle "$(med "$id.idle_cps")"
    jw s configs $n tile_cycles_per_s before "${BEFORE:-none}"
    jwn configs $n tile_cycles_per_s busy_before "$(med "$id.busy_cps_before")"
    jwn configs $n tile_cycles_per_s idle_before "$(med "$id.idle_cps_before")"
    jwn configs $n tile_cycles_per_s bare_mvm_per_s_before "$(med "$id.bare_before")"
    n=$((n + 1))
  done
  n=0
  for mr in "${model_rows[@]}"; do
    id=${mr%%:*} k=${mr##*:}
    jw s model_kernels $n config "$id"; jw s model_kernels $n kernel "$k"
    for kk in model portable popcnt exact; do jwn model_kernels $n mvm_per_s $kk "$(med "m.$id.$kk")"; done
    jwn model_kernels $n mvm_per_s reference "$(med "m.$id.ref")"
    n=$((n + 1))
  done
  if ((MANY)) && [[ -s $O/many/results.json ]]; then jw f many_tiles "$O/many/results.json"; else jw z many_tiles ""; fi
  if ((CORE)) && [[ -s $O/core/results.json ]]; then jw f core "$O/core/results.json"; else jw z core ""; fi
  jw s search budget 0.8x; jw s search max_reuse "2/3 of the encoders"
  for k in s12:deit_s_12 s12dp:deit_s_12_dp s24:deit_s_24; do
    jwn search "${k#*:}" inner_ms "$(med "search.${k%%:*}.inner_ms")"
    jwn search "${k#*:}" wall_ms "$(med "search.${k%%:*}.wall_ms")"
    jw s search "${k#*:}" method "$(cat "$O/search-${k%%:*}.method")"
  done
  jwn search inner_ratio_24_over_12 "$(ratio "$(med search.s24.inner_ms)" "$(med search.s12.inner_ms)")"
  jwn search inner_ratio_24_over_12_dp "$(ratio "$(med search.s24.inner_ms)" "$(med search.s12dp.inner_ms)")"
} | build/bin/regress-tool json-write "$json" || die "cannot write $json"
{
  echo "| config | cycles/MVM | model | reference | model/ref | tb lockstep | bare loop | bare/lockstep | tb file | Icarus | file/Icarus | cocotb | file/cocotb |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
} > "$md"
# a configuration's row of the speed table (written now) and of the tile
# table (bare_rows, written after it)
bare_rows=()
for cr in "${cfg_rows[@]}"; do
  id=${cr%%:*} pm=${cr##*:}
  m=$(med "$id.model") rf=$(med "$id.ref") l=$(med "$id.lockstep")
  b=$(med "$id.bare") f=$(med "$id.file") i=$(med "$id.icarus") cc=$(med "$id.cocotb")
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$id" "$pm" "$(f0 "$m")" "$(f0 "$rf")" \
    "$(ratio "$m" "$rf")" "$(f0 "$l")" "$(f0 "$b")" "$(ratio "$b" "$l")" "$(f0 "$f")" "$(f0 "$i")" "$(ratio "$f" "$i")" \
    "$(f0 "$cc")" "$(ratio "$f" "$cc")" >> "$md"
  line="| $id | $pm | $b | $(med "$id.busy_cps") | $(med "$id.idle_cps") |"
  [[ -n $BEFORE ]] && line="$line $(med "$id.bare_before") | $(med "$id.busy_cps_before") | $(med "$id.idle_cps_before") | $(ratio "$(med "$id.busy_cps")" "$(med "$id.busy_cps_before")") | $(ratio "$(med "$id.idle_cps")" "$(med "$id.idle_cps_before")") |"
  bare_rows+=("$line")
done
{
  echo
  echo "| tile (bench_bare, CPU time) | cycles/MVM | busy MVM/s | busy cycles/s | idle cycles/s |${BEFORE:+ busy MVM/s at $BEFORE | busy cycles/s at $BEFORE | idle cycles/s at $BEFORE | busy speed-up | idle speed-up |}"
  echo "| --- | --- | --- | --- | ---${BEFORE:+ | --- | --- | --- | --- | ---} |"
  ((${#bare_rows[@]})) && printf '%s\n' "${bare_rows[@]}"
  echo
  echo "| golden model (MVM/s, CPU time) | kernel used | xbar_model_mvm | portable | POPCNT | exact | reference | model / reference |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
  for mr in "${model_rows[@]}"; do
    id=${mr%%:*} k=${mr##*:}
    echo "| $id | $k | $(med "m.$id.model") | $(med "m.$id.portable") | $(med "m.$id.popcnt") | $(med "m.$id.exact") | $(med "m.$id.ref") | $(ratio "$(med "m.$id.model")" "$(med "m.$id.ref")") |"
  done
  if ((MANY)) && [[ -s $O/many/results.md ]]; then
    echo
    echo "Many tiles (scripts/bench-many.sh, $O/many/results.json):"
    echo
    cat "$O/many/results.md"
  fi
  if ((CORE)) && [[ -s $O/core/results.md ]]; then
    echo
    echo "The accelerator top (scripts/bench-core.sh, $O/core/results.json):"
    echo
    cat "$O/core/results.md"
  fi
} >> "$md"
{
  echo
  echo "| trex search (budget 0.8x, max reuse 2/3) | search ms (inner) | process wall ms | method |"
  echo "| --- | --- | --- | --- |"
  echo "| deit-s, 12 encoders (auto) | $(med search.s12.inner_ms) | $(med search.s12.wall_ms) | $(cat $O/search-s12.method) |"
  echo "| deit-s, 12 encoders, --method dp | $(med search.s12dp.inner_ms) | $(med search.s12dp.wall_ms) | $(cat $O/search-s12dp.method) |"
  echo "| deit-s shape, 24 encoders (auto) | $(med search.s24.inner_ms) | $(med search.s24.wall_ms) | $(cat $O/search-s24.method) |"
} >> "$md"
mv "$md" "$O/results.md"
cat "$O/results.md"
say "medians of $RUNS runs: $O/results.json, $O/results.md (raw: $raw)"
