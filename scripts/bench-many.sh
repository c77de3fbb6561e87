#!/usr/bin/env bash
# make bench-many (also run by make bench): Verilator build options for a
# design of many identical crossbar tiles (docs/performance.md, "Many
# tiles"). Builds the bench-only top bench/many/xbar_many.sv (N default
# tiles, BUSY of them computing, the rest idle) with each option set, runs
# it, and checks that every build gives the same signature (the same RTL
# computes the same words whatever the options).
#
#   bench-many.sh [--n "16 64 256"] [--busy 4] [--variants "base tileclass hier threads2"]
#                 [--cycles-x 40000000] [--runs 3] [--out build/bench/many] [--reuse]
#                 [--rtl-rev REV] [--max-mem MB]
#
# --cycles-x X: each run simulates X / N clock cycles (at least 2000), so the
# runs take about the same time whatever N. Every variant is built once per N
# (build wall and CPU time kept), then run --runs times (medians). --reuse
# keeps a build made by an earlier call with the same flags (its build times
# are then the earlier ones) and only runs it again. --rtl-rev REV builds the
# tile RTL as committed at git revision REV (exported to OUT/rtl-REV/)
# instead of rtl/, e.g. the RTL before a change, for a before/after table.
# A flat build (every variant but hier*) needs about 61 MB of memory per
# tile (measured, docs/performance.md); one whose estimate exceeds --max-mem
# (default: half of MemAvailable) is skipped with a line saying so.
# Writes OUT/results.tsv (one line per variant and N), OUT/results.md (the
# table) and OUT/results.json; each build under OUT/<variant>-n<N>/.
#
# Every build goes through scripts/verilate.sh --top xbar_many (the one
# Verilator recipe: rtl/xbar_tile.f, bench/many/xbar_many.sv, its common
# flags); a variant adds its flags with --flag. The tile RTL at --rtl-rev is
# passed as --netlist files (its own file list, or rtl/xbar_*.sv before the
# lists existed; a tile with the old reset name rst_ni is wired with
# -DXBAR_MANY_RST_NI).
# Variants (flags added to the recipe's common ones):
#   base      --x-assign unique --x-initial unique (the tile testbench's choice)
#   trace     base + --trace-fst (tracing compiled in, not switched on)
#   O3        base + -O3 (Verilator's own slow optimisations)
#   xfast     --x-assign fast --x-initial fast
#   cflagsO2  base + -CFLAGS -O2
#   optfast   base + -MAKEFLAGS OPT_FAST=-O2 (the generated model at -O2, not -Os)
#   noinline  base + -fno-inline (no module inlined at all)
#   tileclass base + bench/many/noinline.vlt (`no_inline -module xbar_tile`:
#             the tile one C++ class with its submodules inlined, N objects)
#   tileclass-t2  tileclass + --threads 2
#   threads2  base + --threads 2
#   hier      base + --hierarchical, the tile a hierarchy block (bench/many/hier.vlt)
#   hier-t2   hier + --threads 2
# The recommended recipe for many tiles (docs/performance.md, "Many tiles")
# is tileclass.
set -uo pipefail
# defaults from the environment (make bench-many BENCH_MANY_N=... passes them so)
NS=${BENCH_MANY_N:-"16 64 256"} BUSY=${BENCH_MANY_BUSY:-4} VARIANTS=${BENCH_MANY_VARIANTS:-"base tileclass hier threads2"}
RUNS=${BENCH_MANY_RUNS:-3} CX=40000000 O=build/bench/many REUSE=0 REV="" MAXMEM=""
. "$(dirname "$0")/lib-opts.sh"
opt_parse bench-many 2,47 --n=NS --busy=BUSY --variants=VARIANTS --cycles-x=CX --runs=RUNS --out=O \
  --reuse:REUSE=1 --rtl-rev=REV --max-mem=MAXMEM -- "$@"
ALL="base trace O3 xfast cflagsO2 optfast noinline tileclass tileclass-t2 threads2 hier hier-t2"
die() { echo "bench-many: error: $*" >&2; exit 1; }
for v in $VARIANTS; do [[ " $ALL " == *" $v "* ]] || die "unknown variant '$v' (one of: $ALL)"; done
for n in $NS; do [[ $n =~ ^[1-9][0-9]*$ ]] || die "--n: '$n' is not a positive integer"; done
[[ $BUSY =~ ^[0-9]+$ ]] || die "--busy needs a number"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "--runs needs a positive integer"
[[ $CX =~ ^[1-9][0-9]*$ ]] || die "--cycles-x needs a positive integer"
if [[ -z $MAXMEM ]]; then
  MAXMEM=$(awk '/^MemAvailable:/ { printf "%d", $2 / 1024 / 2 }' /proc/meminfo)
fi
[[ $MAXMEM =~ ^[1-9][0-9]*$ ]] || die "--max-mem needs a positive number of MB"
command -v "${VERILATOR:-verilator}" > /dev/null || die "verilator is not on PATH"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (apt-get install time)"
here=$PWD
mkdir -p "$O"
if [[ -n $REV ]]; then
  git rev-parse --verify -q "$REV^{commit}" > /dev/null || die "--rtl-rev: '$REV' is not a git revision"
  rdir=$here/$O/rtl-${REV//[^A-Za-z0-9._-]/_}
  rm -rf "$rdir.tmp"; mkdir -p "$rdir.tmp"
  git archive "$REV" rtl | tar -x -C "$rdir.tmp" || die "cannot export rtl/ at $REV"
  rm -rf "$rdir"; mv "$rdir.tmp" "$rdir"
  if [[ -f $rdir/rtl/xbar_tile.f ]]; then
    mapfile -t RTL < <(sed -e 's://.*$::' -e '/^[[:space:]]*$/d' "$rdir/rtl/xbar_tile.f" | sed "s:^:$rdir/:")
  else
    RTL=("$rdir"/rtl/xbar_*.sv)
  fi
  src=()
  for f in "${RTL[@]}" "$here/bench/many/xbar_many.sv"; do src+=(--netlist "$f"); done
  grep -q 'srst_ni' "${RTL[@]}" || olddef=-DXBAR_MANY_RST_NI
else
  mapfile -t RTL < <(bash scripts/rtl-files.sh xbar_tile --abs) || die "no tile file list"
  src=()
fi
olddef=${olddef:-}
for f in "${RTL[@]}" bench/many/xbar_many.sv bench/many/many_main.cpp bench/many/hier.vlt bench/many/noinline.vlt; do
  [[ -r $f ]] || die "$f is missing"
done
flags_of() {
  local base=(--x-assign unique --x-initial unique)
  local hier=(--hierarchical "$here/bench/many/hier.vlt")
  case $1 in
    base) echo "${base[*]}" ;;
    trace) echo "${base[*]} --trace-fst" ;;
    O3) echo "${base[*]} -O3" ;;
    xfast) echo "--x-assign fast --x-initial fast" ;;
    cflagsO2) echo "${base[*]} -CFLAGS -O2" ;;
    optfast) echo "${base[*]} -MAKEFLAGS OPT_FAST=-O2" ;;
    noinline) echo "${base[*]} -fno-inline" ;;
    tileclass) echo "${base[*]} $here/bench/many/noinline.vlt" ;;
    tileclass-t2) echo "${base[*]} $here/bench/many/noinline.vlt --threads 2" ;;
    threads2) echo "${base[*]} --threads 2" ;;
    hier) echo "${base[*]} ${hier[*]}" ;;
    hier-t2) echo "${base[*]} ${hier[*]} --threads 2" ;;
  esac
}
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
jnum() { sed -n "s/.*\"$2\": *\"\{0,1\}\([-0-9.e+a-f]*\)\"\{0,1\}.*/\1/p" "$1" | head -1; }
tsv=$O/results.tsv
printf 'variant\tn\tbusy\tflags\tbuild_wall_s\tbuild_cpu_s\tbuild_rss_mb\tcycles\tcycles_per_cpu_s\tcycles_per_wall_s\tmvm_per_cpu_s\tns_per_tile_cycle\tsig\n' > "$tsv.tmp"
declare -A sig_of
built=0
for n in $NS; do
  cyc=$((CX / n)); ((cyc < 2000)) && cyc=2000
  for v in $VARIANTS; do
    d=$O/$v-n$n
    if [[ $v != hier* ]] && ((n * 61 + 200 > MAXMEM)); then
      echo "bench-many: N=$n $v: skipped: a flat build needs about $((n * 61 + 200)) MB, above --max-mem $MAXMEM MB"
      continue
    fi
    read -ra fl <<< "$(flags_of "$v")"
    if ((REUSE)) && [[ -x $d/many && -s $d/build.wall && $(cat "$d/flags" 2>/dev/null) == "$(flags_of "$v")" ]]; then
      echo "bench-many: N=$n $v: reusing $d"
    else
    rm -rf "$d"; mkdir -p "$d"
    echo "bench-many: N=$n $v: building ($(flags_of "$v"))"
    t0=$(date +%s.%N)
    vfl=()
    for f in "${fl[@]}"; do vfl+=(--flag "$f"); done
    /usr/bin/time -f '%U %S %M' -o "$d/build.time" \
      bash "$here/scripts/verilate.sh" --top xbar_many --out "$d" --exe many --log "$d/build.log" \
        --defines "-DXBAR_MANY_N=$n${olddef:+ $olddef}" --flag -CFLAGS --flag "-DXBAR_MANY_N=$n" "${vfl[@]}" \
        "${src[@]}" --extra "$here/bench/many/many_main.cpp" \
        > "$d/verilate.out" 2>&1 || die "N=$n $v: build failed (log $d/build.log)"
    awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f\n", b - a }' > "$d/build.wall"
    flags_of "$v" > "$d/flags"
    fi
    bw=$(cat "$d/build.wall")
    bc=$(awk '{ printf "%.1f", $1 + $2 }' "$d/build.time")
    bm=$(awk '{ printf "%.0f", $3 / 1024 }' "$d/build.time")   # peak RSS of the largest build process, MB
    for ((r = 1; r <= RUNS; r++)); do
      "$d/many" --cycles "$cyc" --busy "$BUSY" > "$d/run$r.json" || die "N=$n $v: run failed"
    done
    s=$(jnum "$d/run1.json" sig)
    for ((r = 2; r <= RUNS; r++)); do [[ $(jnum "$d/run$r.json" sig) == "$s" ]] || die "N=$n $v: runs differ"; done
    if [[ -n ${sig_of[$n]:-} && ${sig_of[$n]} != "$s" ]]; then
      die "N=$n $v: signature $s differs from the other builds' ${sig_of[$n]}: not the same computation"
    fi
    sig_of[$n]=$s
    built=$((built + 1))
    cc=$(for ((r = 1; r <= RUNS; r++)); do jnum "$d/run$r.json" cycles_per_cpu_s; done | median)
    cw=$(for ((r = 1; r <= RUNS; r++)); do jnum "$d/run$r.json" cycles_per_wall_s; done | median)
    mc=$(for ((r = 1; r <= RUNS; r++)); do jnum "$d/run$r.json" mvm_per_cpu_s; done | median)
    nt=$(awk -v c="$cc" -v n="$n" 'BEGIN { printf "%.1f", 1e9 / c / n }')
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$v" "$n" "$BUSY" "$(flags_of "$v")" "$bw" "$bc" "$bm" \
      "$cyc" "$cc" "$cw" "$mc" "$nt" "$s" >> "$tsv.tmp"
    echo "bench-many: N=$n $v: build ${bw} s wall (${bc} s CPU, ${bm} MB), $cc cycles/s CPU ($cw wall), $nt ns per tile-cycle"
  done
done
mv "$tsv.tmp" "$tsv"
((built)) || die "every build was skipped (--max-mem $MAXMEM MB)"
{
  echo "| N | variant | build wall s | build CPU s | build peak MB | cycles/s (CPU) | cycles/s (wall) | ns per tile per cycle | MVM/s (CPU, $BUSY busy) |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  awk -F'\t' 'NR > 1 { printf "| %s | %s | %s | %s | %s | %.0f | %.0f | %s | %.0f |\n", $2, $1, $5, $6, $7, $9, $10, $12, $11 }' "$tsv"
} > "$O/results.md.tmp" && mv "$O/results.md.tmp" "$O/results.md"
# results.json through the one JSON writer (regress-tool json-write, lib-json.sh)
. "$here/scripts/lib-json.sh"
[[ -x $here/build/bin/regress-tool ]] || die "build/bin/regress-tool is not built (make build)"
{
  jw s date "$(date -u +%Y-%m-%dT%H:%M:%SZ)"; jwn nproc "$(nproc)"; jw s load "$(cut -d' ' -f1-3 /proc/loadavg)"
  jw s verilator "$("${VERILATOR:-verilator}" --version | head -1)"; jw s rtl "${REV:-rtl/}"; jwn busy "$BUSY"
  k=0
  while IFS=$'\t' read -r v n _ fl bw bc bm cyc cc cw mc nt sg; do
    jw s rows $k variant "$v"; jwn rows $k n "$n"; jw s rows $k flags "$fl"
    jwn rows $k build_wall_s "$bw"; jwn rows $k build_cpu_s "$bc"; jwn rows $k build_rss_mb "$bm"
    jwn rows $k cycles "$cyc"; jwn rows $k cycles_per_cpu_s "$cc"; jwn rows $k cycles_per_wall_s "$cw"
    jwn rows $k mvm_per_cpu_s "$mc"; jwn rows $k ns_per_tile_cycle "$nt"; jw s rows $k sig "$sg"
    k=$((k + 1))
  done < <(tail -n +2 "$tsv")
} | "$here/build/bin/regress-tool" json-write "$O/results.json" || die "cannot write $O/results.json"
cat "$O/results.md"
echo "bench-many: $O/results.md, $O/results.json (builds under $O/<variant>-n<N>/)"
