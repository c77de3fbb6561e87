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
# Rates are vectors per second of CPU time (user+sys of the process, or of
# the timed loop where the tool reports it), so that other load on a shared
# machine inflates them less than wall time would; wall rates are kept too.
set -uo pipefail
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
O=build/bench
mkdir -p "$O"
raw=$O/runs.tsv
: > "$raw"
say() { echo "bench: $*"; }
die() { echo "bench: error: $*" >&2; exit 1; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "null"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
rec() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$raw"; }   # key run value
med() { awk -F'\t' -v k="$1" '$1 == k { print $3 }' "$raw" | median; }
# CPU seconds (user+sys) of a command; its stdout to $2
cpu_of() { local out=$1; shift; /usr/bin/time -f '%U %S' -o "$O/.time" "$@" > "$out" 2> "$out.err" || return 1; awk '{ print $1 + $2 }' "$O/.time"; }
jnum() { sed -n "s/.*\"$2\": *\([-0-9.e+]*\).*/\1/p" "$1" | head -1; }

VROOT=$(verilator --getenv VERILATOR_ROOT 2>/dev/null) || die "verilator is not on PATH"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (apt-get install time)"
command -v vvp > /dev/null || die "vvp (Icarus) is not on PATH"
if [[ ${BENCH_COCOTB:-1} == 1 && ! -x $O/venv/bin/cocotb-config ]]; then
  python3 -m venv --help > /dev/null 2>&1 || die "python3 cannot make a venv (apt-get install python3-venv), or set BENCH_COCOTB=0"
fi
load0=$(cut -d' ' -f1 /proc/loadavg)
cfg_rows=()

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
EXTRA_ARGS += $gp -Wno-fatal
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
    rec "$id.lockstep" $r "$(awk -v n="$N_LOCK" -v c="$c" 'BEGIN { print n / c }')"
    rec "$id.lockstep_wall" $r "$(sed -n 's/.*mvm_per_s=\([0-9]*\).*/\1/p' "$d/lock.out")"
    tb_cycles=$(sed -n 's/.* cycles=\([0-9]*\) .*/\1/p' "$d/lock.out")
    # bare Verilated loop, same stimulus
    "$d/bench_bare" --config "$cfg" --count "$N_LOCK" --seed 1 > "$d/bare.json" || die "bench_bare failed"
    bare_cycles=$(jnum "$d/bare.json" cycles)
    [[ $bare_cycles == "$tb_cycles" ]] || die "bench_bare ran $bare_cycles cycles, tb_xbar $tb_cycles: not the same work"
    rec "$id.bare" $r "$(jnum "$d/bare.json" mvm_per_s)"
    # file-driven testbench on the vector set
    c=$(cpu_of "$d/file.out" "$tb" --vec "$vec" --id "$id" --wave "$d/mismatch.fst") || die "tb_xbar --vec failed"
    grep -q ' PASS$' "$d/file.out" || die "tb_xbar --vec did not pass"
    rec "$id.file" $r "$(awk -v n="$N_FILE" -v c="$c" 'BEGIN { print n / c }')"
    # Icarus on the prefix (the vvp run of scripts/icarus-run.sh)
    c=$(cpu_of "$d/icarus.out" vvp -n "$vvp_file" +vec="$small" +count="$N_SLOW") || die "vvp failed"
    grep -qx PASS "$d/icarus.out" || die "Icarus did not pass on $small"
    rec "$id.icarus" $r "$(awk -v n="$N_SLOW" -v c="$c" 'BEGIN { print n / c }')"
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

# results.json (regress-tool json-write) and results.md
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
    n=$((n + 1))
  done
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
for cr in "${cfg_rows[@]}"; do
  id=${cr%%:*} pm=${cr##*:}
  m=$(med "$id.model") rf=$(med "$id.ref") l=$(med "$id.lockstep")
  b=$(med "$id.bare") f=$(med "$id.file") i=$(med "$id.icarus") cc=$(med "$id.cocotb")
  printf '| %s | %s | %.0f | %.0f | %s | %.0f | %.0f | %s | %.0f | %.0f | %s | %s | %s |\n' "$id" "$pm" "$m" "$rf" \
    "$(ratio "$m" "$rf")" "$l" "$b" "$(ratio "$b" "$l")" "$f" "$i" "$(ratio "$f" "$i")" \
    "$( [[ $cc == null ]] && echo - || printf '%.0f' "$cc")" "$(ratio "$f" "$cc")" >> "$md"
done
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
