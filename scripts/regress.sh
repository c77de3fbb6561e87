#!/usr/bin/env bash
# make regress [QUICK=1]: the regression of docs/regression.md.
#
# usage: scripts/regress.sh [--quick] [--jobs N] [--baseline] [--out DIR]
#                           [--sched local|slurm] [--partition P] [--only RE]
#   --quick      the per-commit level (a subset of configurations and seeds)
#   --jobs N     tests in parallel (default 2; local back end)
#   --baseline   after a run without failed tests, rewrite the committed
#                baseline of this level (regress/baseline-LEVEL.json)
#   --out DIR    output directory (default build/regress); an existing
#                directory that is not an earlier regress output is refused
#   --force      write into such a directory anyway (its tests/ and replay/
#                subdirectories and the report files are replaced)
#   --sched S    back end: local (make -j, default) or slurm (job arrays on
#                the cluster that SLURM_CONF names; docs/slurm.md)
#   --partition P  Slurm partition (default: the cluster's default)
#   --only RE    run only the tests whose name matches the extended regular
#                expression RE (and the builds they need); the figures are
#                then partial and are not compared with the baseline
#   --extra F    more tests, in the format of tests/regress/extra.tsv
# Writes DIR/summary.json, DIR/junit.xml, DIR/report.md, DIR/manifest.json,
# DIR/coverage.txt, DIR/figures.tsv and one directory per test under
# DIR/tests/. Exit 0 only when every test passed and no figure changed
# against the baseline.
set -uo pipefail
level=full jobs=2 write_base=0 OUTR=build/regress force=0 sched=local partition="" only="" extra=""
. "$(dirname "$0")/lib-opts.sh"
opt_parse regress 2,24 --quick:level=quick --jobs=jobs --baseline:write_base=1 --out=OUTR --sched=sched \
  --partition=partition --only=only --extra=extra --force:force=1 -- "$@"
chk_uint regress --jobs "$jobs" 1 64
chk_path regress --out "$OUTR"
# rm -rf of OUTR/tests and OUTR/replay below: never in a directory of the user's
chk_outdir regress "$OUTR" .trex-regress "$force" summary.json plan.tsv
chk_outdir_mark "$OUTR" .trex-regress || die 1 "cannot create $OUTR"
# One run per output directory at a time (two at once removed each other's
# tests/ and mixed their results): a second run waits for the first.
# Children stop with this script (scripts/lib-run.sh), and an earlier run's
# summary never stays beside this run's partial results: every file of the
# summary goes now, before the first test runs, and comes back only when
# this run completes.
. "$(dirname "$0")/lib-run.sh"
run_lock regress "$OUTR/.trex-regress" "$OUTR"
run_traps
run_on_interrupt 'echo "regress: interrupted; $OUTR holds a partial run and no summary" >&2'
rm -f "$OUTR"/{summary.json,junit.xml,report.md,manifest.json,results.tsv,figures.tsv,coverage.txt,bins-merged.txt,rtl-merged.dat,rtl-merged.info,rtl-types.txt}
for v in REGRESS_TIMEOUT REGRESS_ACC_TIMEOUT REGRESS_CORE_TIMEOUT REGRESS_ICARUS_TIMEOUT; do
  [[ -z ${!v:-} ]] || chk_uint regress "$v" "${!v}" 1 86400
done
[[ -z ${REGRESS_SLURM_MINUTES:-} ]] || chk_uint regress REGRESS_SLURM_MINUTES "$REGRESS_SLURM_MINUTES" 1 100000
[[ $sched == local || $sched == slurm ]] || die 2 "--sched must be local or slurm, not '$sched'"
if [[ -n $only ]]; then
  { [[ x =~ $only ]]; (($? < 2)); } 2>/dev/null || die 2 "--only '$only' is not an extended regular expression"
  ((write_base)) && die 2 "--only and --baseline exclude each other (a partial run is no baseline)"
fi
export TREX=${TREX:-build/bin/trex} REGRESS_OUT=$OUTR
TOOL=build/bin/regress-tool
BASE=regress/baseline-$level.json
# a partial run (--only) is not compared with the baseline
[[ -n $only ]] && BASE=$OUTR/partial-run-no-baseline.json
start=$(date +%s.%N)

# ---- prerequisites (built once, before any test runs in parallel) ----------
pre=(build build/obj/testbench/tb_xbar.a build/obj/testbench/tb_ctrl.a build/obj/testbench/tb_units.a "$TOOL")
if ! run make --no-print-directory -s "${pre[@]}" >"$OUTR.prebuild.log" 2>&1; then
  tail -20 "$OUTR.prebuild.log"
  echo "regress: the C build failed (log: $OUTR.prebuild.log)" >&2
  exit 1
fi
rm -f "$OUTR.prebuild.log"
rm -rf "$OUTR/tests" "$OUTR/replay"
mkdir -p "$OUTR/tests"

# ---- the test plan: name seed deps kind args... ---------------------------
plan=$OUTR/plan.tsv
: >"$plan"
add() { printf '%s\n' "$*" >>"$plan"; }
cid() { "$TREX" tile-params "$1" --format id; }
declare -A built=()
need_build() { # cfg -> $b, the build test it depends on
  local id; id=$(cid "$1") || return 1
  if [[ -z ${built[$id]:-} ]]; then built[$id]=1; add "build/$id - - build-tile $1"; fi
  b=build/$id
}

if [[ $level == quick ]]; then
  cfgs=(tests/configs/default.json tests/configs/m01.json tests/configs/m02.json tests/configs/m03.json
        tests/configs/m07.json tests/configs/m14.json tests/regress/configs/*.json)
  lock_seeds=(1 2) lock_n=2000 file_seeds=(1) file_n=40 corner_seeds=(1 2 5) icarus_cfgs=(m01 m14) ctrl_seeds=(1) ctrl_n=300
  cov_cfgs=(tests/regress/configs/mt-a.json) indep=()
else
  # the matrix, the mutation configurations and the configurations of the
  # independent vector sets (vectors/indep-*), which the matrix does not use
  cfgs=(tests/configs/*.json tests/regress/configs/*.json vectors/indep-*/config.json)
  lock_seeds=(1 2 3) lock_n=6000 file_seeds=(1 2) file_n=60 corner_seeds=(1 2 3 4 5 7) icarus_cfgs=(m01 m02 m07 m14) ctrl_seeds=(1 2 3) ctrl_n=1000
  cov_cfgs=(tests/configs/default.json tests/configs/m01.json tests/configs/m02.json tests/configs/m07.json
            tests/configs/m14.json tests/regress/configs/mt-a.json tests/regress/configs/mt-b.json)
  indep=(vectors/indep-*)
fi

# the long tests first: they start at once and overlap the many short ones
add "synth/check - - make synth-check"
add "build/ctrl - - build-ctrl"
for s in "${ctrl_seeds[@]}"; do add "ctrl/sim-s$s $s build/ctrl ctrl $ctrl_n"; done
if [[ $level == full ]]; then
  add "gls/ctrl - - gls-ctrl"
  add "covbuild/ctrl - - build-ctrlcov"
  add "cov/ctrl 1 covbuild/ctrl ctrlcov 60"
fi
add "gls/s16 1 - gls tests/synth/configs/s16.json 8"
add "edap/deit-s - - edap deit-s 2,4,6,8,10"
# the mutation-proof recipe on the real tile: a counterexample and a proof
[[ $level == full ]] && add "mutproof/tile-a - - make test-mutate-proof-real"
# the digital units of the integer encoder (docs/encoder-units.md): the
# trex infer dumps of their real-activation jobs (early; a units test that
# starts first makes its own), one build per configuration of
# scripts/units-sim.sh's level, then its seeds
{
  add "units/dumps - - units-dumps $level"
  useeds=(1 2); [[ $level == full ]] && useeds=(1 2 3 4)
  while read -r u up; do
    uid=$u$(tr ',' '\n' <<<"$up" | sed -E 's/^([A-Z])[A-Z_]*=/-\1/' | tr -d '\n' | tr 'A-Z' 'a-z')
    add "build/units-$uid - - build-units $u $up"
    for s in "${useeds[@]}"; do add "units/$uid-s$s $s build/units-$uid units $level $u $up"; done
  done < <(bash scripts/units-sim.sh --level "$level" --plan)
  # the synthesis flow with a unit's gate-level replay (full level)
  [[ $level == full ]] && add "synth/unit-gelu - - make synth-unit UNIT=gelu PARAMS=LANES=1 SYNTH_ROOT=$OUTR/synth-units"
}
# the accuracy study of the committed model (issue 12; docs/accuracy.md): the
# full plan in the full level (make accuracy; the quick plan runs in make
# test), or REGRESS_ACC_PLAN's at either level. In parts, so that a cluster
# runs them at once (docs/slurm.md): the ideal part and the search
# (accuracy/full-ideal), one test per task of the plan (a (non-ideality,
# seed) or a (rows, cell bits) of the ADC sweep: accuracy/full-tNN, after
# the ideal part), and the merge with the checks and figures (accuracy/full,
# after all of them)
acc_plan=${REGRESS_ACC_PLAN:-tests/accuracy/plan-full.json}
if [[ -n ${REGRESS_ACC_PLAN:-} || ( $level == full && -f models/vit-digits/model.json ) ]]; then
  [[ $acc_plan =~ ^[A-Za-z0-9_./+-]+$ ]] || { echo "regress: REGRESS_ACC_PLAN '$acc_plan': a path of [A-Za-z0-9_./+-] only" >&2; exit 2; }
  "$TREX" accuracy-study --plan "$acc_plan" --stage tasks >"$OUTR/accuracy-tasks.tsv" ||
    { echo "regress: the accuracy plan $acc_plan has no task list (above)" >&2; exit 1; }
  parts=$OUTR/tests/accuracy/full-ideal/parts
  add "accuracy/full-ideal - - accuracy-ideal $acc_plan $parts"
  adeps=accuracy/full-ideal
  while IFS=$'\t' read -r t _ _ aseed; do
    tn=accuracy/full-t$(printf %02d "$t")
    add "$tn $aseed accuracy/full-ideal accuracy-task $acc_plan $parts $t"
    adeps+=,$tn
  done <"$OUTR/accuracy-tasks.tsv"
  add "accuracy/full - $adeps accuracy-merge $acc_plan $parts"
fi
# the accelerator top trex_core on the trained model (issue 13; docs/core.md):
# the whole test split (360 images) without reuse, the first CORE_N images
# with four reuse lists (the most recent source; two reused; explicit
# sources; every reusable encoder). Measured about 13,000 simulated cycles
# per CPU second, 6-7 CPU seconds an inference (docs/core.md "Results"):
# about 40 CPU minutes for the split, 10 for the rest. The Icarus run is one
# random input of the tiny trex modelgen model (about a minute): one image of
# the trained model (414 tiles) did not finish in 26 CPU minutes on Icarus
# (docs/regression.md).
if [[ $level == full ]]; then
  add "core/tiny-icarus 1 - core-icarus modelgen:tiny random 1"
fi
if [[ $level == full && -f models/vit-digits/model.json ]]; then
  core_n=${REGRESS_CORE_N:-24}
  split_n=${REGRESS_CORE_SPLIT_N:-360}  # a smaller split only on purpose (a partial run)
  chk_uint regress REGRESS_CORE_N "$core_n" 1 360
  chk_uint regress REGRESS_CORE_SPLIT_N "$split_n" 1 360
  imgs=models/vit-digits/data/images.npy
  add "build/core-digits - - build-core models/vit-digits"
  # the split in parts of at most REGRESS_CORE_PART images (default 45: 8
  # parts of about 5 CPU minutes), each its own command: one command of 40
  # CPU minutes was the critical path of the level (docs/slurm.md)
  part=${REGRESS_CORE_PART:-45}
  chk_uint regress REGRESS_CORE_PART "$part" 1 360
  for ((f = 0; f < split_n; f += part)); do
    n=$((split_n - f < part ? split_n - f : part))
    add "$(printf 'core/digits-split-i%03d-%03d' "$f" $((f + n - 1))) 1 build/core-digits core models/vit-digits $imgs $f+$n"
  done
  for rl in 1 2,4 3:1,5:2 1,2,3,4,5; do
    add "core/digits-r${rl//[,:]/-} 1 build/core-digits core models/vit-digits $imgs $core_n $rl"
  done
fi

for cfg in "${cfgs[@]}"; do
  [[ -f $cfg ]] || continue
  need_build "$cfg" || die 1 "bad configuration $cfg"
  t=$(basename "$cfg" .json)
  [[ $t == config ]] && t=$(basename "$(dirname "$cfg")")
  for s in "${lock_seeds[@]}"; do
    add "$t/lock-s$s $s $b lock $cfg $lock_n 500 0.3 0.2"
  done
  add "$t/lock-nobp-s1 1 $b lock $cfg $lock_n 4096 0"
  # weights reprogrammed every 20 MVMs, rows in a random order: write-decoder
  # faults (a row write disturbing another row) need many distinct matrices
  # and rows written after others to show
  add "$t/lock-reprog-s3 3 $b lock $cfg $lock_n 20 0.1 0.1 --shuffle-rows"
  for s in "${file_seeds[@]}"; do
    add "$t/file-random-s$s $s $b file $cfg random $file_n"
  done
  # corner sets: the seed picks the weight kind (seed % 6: 1 max, 2 min,
  # 3 alternate, 4 sparse, 5 zero); 14 vectors give every input kind twice
  for s in "${corner_seeds[@]}"; do
    add "$t/file-corner-s$s $s $b file $cfg corner 14"
  done
  for k in wmin1 wrow wcol; do
    add "$t/directed-$k $((${#k} + 10)) $b directed $cfg $k"
  done
done
for v in "${indep[@]}"; do
  [[ -d $v ]] || continue
  need_build "$v/config.json" || exit 1
  add "indep/$(basename "$v") - $b vec $v"
done
for t in "${icarus_cfgs[@]}"; do
  add "icarus/$t-random 3 - icarus tests/configs/$t.json random 10"
  add "icarus/$t-corner 4 - icarus tests/configs/$t.json corner 10"
done
for cfg in "${cov_cfgs[@]}"; do
  id=$(cid "$cfg") || exit 1
  add "covbuild/$id - - build-cov $cfg"
  add "cov/$(basename "$cfg" .json) 5 covbuild/$id cov $cfg 1500"
done
# new vectors kept from the mutation runs (tests/regress/extra.tsv), and the
# caller's --extra file (same format: LEVEL NAME SEED KIND ARGS, tab-separated;
# the first argument is the configuration, or for `vec` the vector set)
read_extra() {
  local lv nm sd kd args cfg
  while IFS=$'\t' read -r lv nm sd kd args; do
    [[ -z $lv || $lv == \#* ]] && continue
    [[ $level == quick && $lv == full ]] && continue
    cfg=${args%% *}
    [[ $kd == vec ]] && cfg=$cfg/config.json
    need_build "$cfg" || die 1 "$1: test '$nm': bad configuration $cfg"
    add "extra/$nm $sd $b $kd $args"
  done <"$1"
}
[[ -f tests/regress/extra.tsv ]] && read_extra tests/regress/extra.tsv
if [[ -n $extra ]]; then
  [[ -f $extra ]] || die 2 "--extra $extra: no such file"
  read_extra "$extra"
fi

# ---- --only: the matching tests and the builds they need ---------------------
if [[ -n $only ]]; then
  # (a dependency list "a,b": every one, and theirs in turn)
  awk -v re="$only" '
    { line[NR] = $0; name[NR] = $1; dep[name[NR]] = $3 }
    END {
      for (i = 1; i <= NR; i++) if (name[i] ~ re) keep[name[i]] = 1
      do {
        grew = 0
        for (n in keep) if (dep[n] != "-") {
          k = split(dep[n], ds, ",")
          for (j = 1; j <= k; j++) if (!(ds[j] in keep)) { keep[ds[j]] = 1; grew = 1 }
        }
      } while (grew)
      for (i = 1; i <= NR; i++) if (name[i] in keep) print line[i]
    }' "$plan" >"$plan.only" && mv "$plan.only" "$plan"
  [[ -s $plan ]] || die 2 "--only '$only' matches no test"
fi

# ---- the plan as data (scripts/plan-run.sh): each test's command, the
# build it needs, its seed and the result file it writes; both back ends
# (local make -j, Slurm job arrays) read it ---------------------------------
splan=$OUTR/plan-sched.tsv
while read -r name seed dep kind args; do
  # shellcheck disable=SC2086 # args are the plan's words
  printf '%s\t%s\t%s\t%s' "$name" "$dep" "$seed" "$OUTR/tests/$name/result.tsv"
  printf '\t%s' bash scripts/regress-one.sh "$name" "$seed" "$kind" $args
  printf '\n'
done <"$plan" >"$splan.tmp" && mv "$splan.tmp" "$splan"
ntests=$(wc -l <"$plan")
echo "regress: $level level, $ntests tests, back end $sched$([[ $sched == local ]] && echo ", $jobs in parallel") (plan: $splan)"
if [[ $level == quick ]]; then export REGRESS_TIMEOUT=${REGRESS_TIMEOUT:-300}; fi
export PLAN_TOOLS="bash make gcc g++ verilator"
# Slurm's limit per array task (minutes) is a backstop behind the tests' own
# limits (regress-one.sh): the longest of them plus 10 minutes, at least 60
# (a task that reaches it is TIMEOUT); REGRESS_SLURM_MINUTES sets it
. "$(dirname "$0")/regress-limits.sh"
tmo=0
for k in $(awk '{ print $4 }' "$plan" | sort -u); do
  t=$(rl_limit "$k"); ((t > tmo)) && tmo=$t
done
tlim=${REGRESS_SLURM_MINUTES:-$(((tmo + 59) / 60 + 10))}
[[ -z ${REGRESS_SLURM_MINUTES:-} ]] && ((tlim < 60)) && tlim=60
runner=(bash scripts/plan-run.sh --sched "$sched" --jobs "$jobs" --out "$OUTR" --time-limit "$tlim")
[[ -n $partition ]] && runner+=(--partition "$partition")
run "${runner[@]}" "$splan"
prc=$?
((prc == 130 || prc == 143)) && { echo "regress: interrupted" >&2; exit 130; }
# the back end did not start (its line above): no test ran, no summary
((prc == 2)) && die 2 "the $sched back end did not start (above); no test ran, no summary written"
sstat=$OUTR/sched/last-status.tsv

# ---- collect ---------------------------------------------------------------
res=$OUTR/results.tsv
: >"$res.tmp"
while read -r name _; do
  st=$(awk -F'\t' -v n="$name" '$1 == n { print $2 }' "$sstat" 2>/dev/null)
  if [[ $st == DONE && -f $OUTR/tests/$name/result.tsv ]]; then cat "$OUTR/tests/$name/result.tsv" >>"$res.tmp"
  else
    case $st in TIMEOUT|NODE) mode=$st ;; CANCELLED) mode=CRASH ;; *) mode=CRASH ;; esac
    printf '%s\t-\tFAIL\t%s\t0\t\t\tno result written (scheduler state %s)\n' "$name" "$mode" "${st:-unknown}" >>"$res.tmp"
  fi
done <"$plan"
mv "$res.tmp" "$res"
# the (gls) kind writes its own vectors: regress-one.sh handles it via make
secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
"$TOOL" summary "$res" "$OUTR" "$secs" "$level" || exit 1

# ---- coverage: functional bins and Verilator line/toggle -------------------
mapfile -t binfiles < <(find "$OUTR/tests" -name bins.txt | sort)
cov=$OUTR/coverage.txt
"$TOOL" covmerge "$OUTR/bins-merged.txt" "${binfiles[@]}" >/dev/null || exit 1
mapfile -t dats < <(find "$OUTR/tests" -name 'rtl-*.dat' | sort)
line_pct=n/a toggle_pct=n/a
{
  head -1 "$OUTR/bins-merged.txt"
  nh=$(grep -c '^never hit:' "$OUTR/bins-merged.txt")
  grep '^never hit:' "$OUTR/bins-merged.txt" | head -8
  ((nh > 8)) && echo "... $((nh - 8)) more never-hit bins in $OUTR/bins-merged.txt"
  if ((${#dats[@]})); then
    rm -rf "$OUTR/rtl-annotated"
    verilator_coverage --write "$OUTR/rtl-merged.dat" "${dats[@]}" >/dev/null 2>&1
    verilator_coverage --write-info "$OUTR/rtl-merged.info" "$OUTR/rtl-merged.dat" >/dev/null 2>&1
    verilator_coverage --annotate "$OUTR/rtl-annotated" "$OUTR/rtl-merged.dat" >"$OUTR/rtl-annotate.log" 2>&1
    # per type: points and points hit, from the merged data
    tr '\001\002' '|=' <"$OUTR/rtl-merged.dat" | awk -F"'" '
      /^C / { split($2, a, "page="); split(a[2], b, "/"); t = b[1]; n = $3 + 0
              tot[t]++; if (n > 0) hit[t]++ }
      END { for (t in tot) printf "%s %d %d\n", t, hit[t], tot[t] }' | sort >"$OUTR/rtl-types.txt"
    awk '{ printf "Verilator %s coverage: %d of %d points (%.1f%%)\n", substr($1, 3), $2, $3, 100 * $2 / $3 }' "$OUTR/rtl-types.txt"
    echo "merged from ${#dats[@]} runs: $OUTR/rtl-merged.dat, $OUTR/rtl-merged.info, annotated sources $OUTR/rtl-annotated/"
  else
    echo "Verilator line/toggle coverage: no coverage runs at this level"
  fi
} >"$cov"
if [[ -f $OUTR/rtl-types.txt ]]; then
  line_pct=$(awk '$1 == "v_line" { printf "%.2f", 100 * $2 / $3 }' "$OUTR/rtl-types.txt")
  toggle_pct=$(awk '$1 == "v_toggle" { printf "%.2f", 100 * $2 / $3 }' "$OUTR/rtl-types.txt")
fi
bins_hit=$(sed -n 's/^functional bins: \([0-9]*\) of \([0-9]*\) hit.*/\1/p' "$OUTR/bins-merged.txt")
bins_tot=$(sed -n 's/^functional bins: \([0-9]*\) of \([0-9]*\) hit.*/\2/p' "$OUTR/bins-merged.txt")

# ---- figures -----------------------------------------------------------------
sumfig() { # key over every test's figures.txt
  find "$OUTR/tests" -name figures.txt -exec cat {} + | awk -v k="$1" '$1 == k { s += $2; n++ } END { if (n) printf "%.0f", s; else print "n/a" }'
}
onefig() { # test key
  awk -v k="$2" '$1 == k { print $2; f = 1 } END { if (!f) print "n/a" }' "$OUTR/tests/$1/figures.txt" 2>/dev/null || echo n/a
}
cpm=n/a
dflt=$OUTR/tests/default/file-random-s1
if [[ -f $dflt/figures.txt && $(onefig default/file-random-s1 mismatches) == 0 ]]; then
  rows=$("$TOOL" json-get tests/configs/default.json rows)
  cpm=$(awk -v c="$(onefig default/file-random-s1 cycles)" -v v="$(onefig default/file-random-s1 vectors)" -v r="$rows" \
        'BEGIN { if (v > 0) printf "%.4g", (c - r) / v; else print "n/a" }')
fi
# synthesis figures of the default configuration, when the synthesis flow ran
area=n/a fmax=n/a epm=n/a lib=""
# (the synth-check case of tests/synth/configs/s16.json on the default liberty)
met=""
if [[ -f $OUTR/tests/synth/check/result.tsv && -f tests/synth/configs/s16.json ]]; then
  sid=$(cid tests/synth/configs/s16.json)
  met=$(ls -d build/synth/check/*"$sid"/metrics.json 2>/dev/null | awk '{ print length, $0 }' | sort -n | head -1 | cut -d' ' -f2-)
fi
if [[ -n $met ]]; then
  area=$("$TOOL" json-get "$met" area_um2 2>/dev/null || echo n/a)
  epm=$("$TOOL" json-get "$met" energy_pj_per_mvm 2>/dev/null || echo n/a)
  fmax=$("$TOOL" json-get "$met" fmax_mhz 2>/dev/null || echo n/a)
  lib=$("$TOOL" json-get "$met" liberty.path 2>/dev/null || true)
fi
figs=$OUTR/figures.tsv
{
  printf 'words\t%s\twords\twords compared (Verilator, tile)\n' "$(sumfig words)"
  printf 'mismatches\t%s\t\tmismatches\n' "$(sumfig mismatches)"
  printf 'cycle_errors\t%s\t\tcycle-count errors\n' "$(sumfig cycle_errors)"
  printf 'cycles\t%s\tcycles\tsimulated cycles, all tile runs\n' "$(sumfig cycles)"
  printf 'cpm_default\t%s\tcycles\tcycles per MVM, default config\n' "$cpm"
  printf 'icarus_vectors\t%s\tvectors\tIcarus vectors passed\n' "$(sumfig icarus_vectors)"
  printf 'gls_words\t%s\twords\tgate-level words compared (GLS)\n' "$(sumfig gls_words)"
  printf 'ctrl_descriptors\t%s\t\tcontroller descriptors compared\n' "$(sumfig ctrl_descriptors)"
  printf 'ctrl_divergences\t%s\t\tcontroller divergences\n' "$(sumfig ctrl_divergences)"
  printf 'units_elements\t%s\t\tdigital-unit elements compared (softmax, LayerNorm, GELU, requantise, add)\n' "$(sumfig units_elements)"
  printf 'units_mismatches\t%s\t\tdigital-unit mismatches and cycle errors\n' "$(sumfig units_mismatches)"
  printf 'gls_ctrl_descriptors\t%s\t\tcontroller descriptors compared, gate level (full level)\n' "$(sumfig gls_ctrl_descriptors)"
  printf 'ctrl_area\t%s\tum^2\tarea, controller (default liberty, full level)\n' "$(onefig gls/ctrl ctrl_area)"
  printf 'ctrl_fmax\t%s\tMHz\tfmax, controller (full level)\n' "$(onefig gls/ctrl ctrl_fmax)"
  printf 'ctrl_power\t%s\tmW\tpower, controller at fmax, DeiT-S issue rate (full level)\n' "$(onefig gls/ctrl ctrl_power)"
  printf 'area\t%s\tum^2\tarea, s16 tile (synthesis, default liberty)\n' "$area"
  printf 'fmax\t%s\tMHz\tfmax, s16 tile (STA)\n' "$fmax"
  printf 'energy_mvm\t%s\tpJ\tenergy per MVM, s16 tile\n' "$epm"
  printf 'edap_base\t%s\tuJ*ms*mm^2\tEDAP DeiT-S baseline\n' "$(onefig edap/deit-s edap_baseline_edap)"
  printf 'edap_reuse\t%s\tuJ*ms*mm^2\tEDAP DeiT-S reuse 2,4,6,8,10\n' "$(onefig edap/deit-s edap_reuse_edap)"
  printf 'acc_ideal_top1\t%s\t%%\tideal-tile top-1 of the trained ViT, no reuse (full level)\n' "$(onefig accuracy/full acc_ideal_top1)"
  printf 'acc_checks\t%s\tchecks\taccuracy study: independent checks passed (full level)\n' "$(onefig accuracy/full acc_checks)"
  printf 'core_inputs\t%s\tinputs\ttrex_core: trained-model inputs compared op by op, all reuse lists (full level)\n' "$(sumfig core_inputs)"
  printf 'core_elements\t%s\telements\ttrex_core: op output elements compared (full level)\n' "$(sumfig core_elements)"
  printf 'core_icarus_elements\t%s\telements\ttrex_core on Icarus: op output elements compared (full level)\n' "$(sumfig core_icarus_elements)"
  printf 'bins_hit\t%s\tbins\tfunctional bins hit (of %s)\n' "${bins_hit:-n/a}" "${bins_tot:-?}"
  printf 'line_cov\t%s\t%%\tVerilator line coverage\n' "${line_pct:-n/a}"
  printf 'toggle_cov\t%s\t%%\tVerilator toggle coverage\n' "${toggle_pct:-n/a}"
} >"$figs.tmp" && mv "$figs.tmp" "$figs"

# ---- manifest (regress-tool json-write) ------------------------------------
libpath=${lib:-$(ls synth/lib/*.lib 2>/dev/null | head -1)}
libhash=n/a
[[ -n $libpath && -f $libpath ]] && libhash=$(sha256sum "$libpath" | cut -c1-64)
one() { "$@" 2>&1 | head -1 | tr -d '\r\t'; }
{
  printf 's\tlevel\t%s\n' "$level"
  printf 's\tdate\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  printf 's\tgit_commit\t%s\n' "$(git rev-parse HEAD 2>/dev/null || echo n/a)"
  printf 'b\tgit_dirty\t%s\n' "$(git diff --quiet HEAD -- rtl testbench c-model 2>/dev/null && echo false || echo true)"
  printf 's\trtl_sha256\t%s\n' "$(cat rtl/*.sv rtl/*.svh | sha256sum | cut -c1-64)"
  printf 's\tliberty\t%s\n' "${libpath:-n/a}"
  printf 's\tliberty_sha256\t%s\n' "$libhash"
  printf 's\ttools\tverilator\t%s\n' "$(one verilator --version)"
  printf 's\ttools\tiverilog\t%s\n' "$(one iverilog -V)"
  printf 's\ttools\tyosys\t%s\n' "$(one yosys -V)"
  printf 's\ttools\tsta\t%s\n' "$(command -v sta >/dev/null && echo "OpenSTA $(timeout 10 sta -version 2>&1 | head -1 | tr -d '\r\t')" || echo n/a)"
  printf 's\ttools\tgcc\t%s\n' "$(one gcc --version)"
  printf 'n\tjobs\t%s\n' "$jobs"
  printf 'n\ttests\t%s\n' "$ntests"
  printf 'j\tseeds\t{}\n'
  awk '$2 != "-" { printf "n\tseeds\t%s\t%s\n", $1, $2 }' "$plan"
} | "$TOOL" json-write "$OUTR/manifest.json" || exit 1

# ---- report against the baseline -----------------------------------------
"$TOOL" report "$figs" "$BASE" "$OUTR/summary.json" "$cov" "$OUTR/report.md"
rrc=$?
((rrc > 1)) && exit 1
failed=$(grep -c $'\tFAIL\t' "$res")
grep $'\tFAIL\t' "$res" | awk -F'\t' '{ printf "FAIL %s (%s): %s\n  replay: %s\n", $1, $4, $8, $6 }'
cat "$cov"
sed -n '/^| figure/,/^$/p' "$OUTR/report.md"
echo "regress: $OUTR/summary.json $OUTR/junit.xml $OUTR/report.md $OUTR/manifest.json"
if ((write_base)); then
  if ((failed)); then echo "regress: $failed tests failed; the baseline is not rewritten" >&2; exit 1; fi
  mkdir -p regress
  "$TOOL" baseline "$figs" "$level" "$BASE" && echo "regress: baseline rewritten: $BASE"
  exit $?
fi
if ((failed || rrc)); then
  echo "regress: $level: $failed failed$( ((rrc)) && echo ", figures changed against $BASE (report.md)")"
  exit 1
fi
if [[ -f $BASE ]]; then echo "regress: $level: all $ntests tests passed, every figure as in $BASE"
else echo "regress: $level: all $ntests tests passed; no baseline $BASE yet (make regress-baseline$([[ $level == quick ]] && echo " QUICK=1"))"; fi
