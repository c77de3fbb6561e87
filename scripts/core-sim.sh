#!/usr/bin/env bash
# Runs the accelerator top trex_core against the golden model on one model
# directory (docs/core.md): builds the Verilated testbench for the model's
# parameters (scripts/core-build.sh; N_TILES = the baseline mapping's tiles)
# and runs it; the run's output and per-op cycles go to build/sim-core/run/.
# The run writes into a private directory beside it and its two files
# replace the earlier ones only when it has ended (passed or failed), under
# a lock: two runs at once each leave a whole pair, an interrupted or refused
# run leaves the earlier pair and no temporaries (issue 15).
#
#   core-sim.sh --model DIR (--input F.npy | --random N) [--reuse LIST]
#               [--chip FILE] [--first K] [--count N] [--trace] [--defines "-D..."]
#               [--out DIR]   (default build/sim-core/run)
set -uo pipefail
# every command below runs in one process group that an interruption stops
# whole (scripts/lib-run.sh); the private run directory goes with the EXIT trap
. "$(dirname "$0")/lib-run.sh"
run_self "$@"
run_tmp_on_exit
model="" input="" random="" reuse="" chip="" first="" count="" trace="" defines="" out=build/sim-core/run
. "$(dirname "$0")/lib-opts.sh"
opt_cd_root
opt_parse core-sim 2,13 --model=model --input=input --random=random --reuse=reuse --chip=chip \
  --first=first --count=count --trace:trace=--trace --defines=defines --out=out -- "$@"
[[ -n $model ]] || die 2 "--model DIR is required"
# the paths reach tb_core's replay line (a command to paste): plain names only
chk_path core-sim --model "$model"
[[ -n $input ]] && chk_path core-sim --input "$input"
[[ -n $chip ]] && chk_path core-sim --chip "$chip"
chk_path core-sim --out "$out"
pargs=(--model "$model")
[[ -n $chip ]] && pargs+=(--chip "$chip")
params=$(build/sim-core/core_params "${pargs[@]}") || exit 2
echo "core-sim: trex_core $params${defines:+ $defines}"
bin=$(bash scripts/core-build.sh "$params" "$defines" $trace) || exit 1
[[ -L $out ]] && die 2 "$out is a symbolic link; refusing to write through it"
mkdir -p "$out" || exit 1
RUN_TMP=$(mktemp -d "$(dirname "$out")/.run.XXXXXX") || die 1 "cannot create a directory beside $out"
args=(--model "$model" --cycles "$RUN_TMP/cycles.tsv")
[[ -n $input ]] && args+=(--input "$input")
[[ -n $random ]] && args+=(--random "$random")
[[ -n $reuse ]] && args+=(--reuse "$reuse")
[[ -n $chip ]] && args+=(--chip "$chip")
[[ -n $first ]] && args+=(--first "$first")
[[ -n $count ]] && args+=(--count "$count")
"$bin" "${args[@]}" | tee "$RUN_TMP/report.txt"
rc=${PIPESTATUS[0]} trc=${PIPESTATUS[1]}
((rc > 1)) && exit "$rc" # refused or broken: the earlier report stays
((trc)) && die 1 "cannot write $RUN_TMP/report.txt"
# the pair replaces the earlier one as a pair: one run at a time installs
exec 8>"$out.lock" && flock 8
mv -f "$RUN_TMP/report.txt" "$out/report.txt" && mv -f "$RUN_TMP/cycles.tsv" "$out/cycles.tsv" ||
  die 1 "cannot install the report in $out"
exec 8>&-
echo "sim-core: report $out/report.txt, per-op cycles $out/cycles.tsv"
exit "$rc"
