#!/usr/bin/env bash
# Runs the accelerator top trex_core against the golden model on one model
# directory (docs/core.md): builds the Verilated testbench for the model's
# parameters (scripts/core-build.sh; N_TILES = the baseline mapping's tiles)
# and runs it; the run's output and per-op cycles go to build/sim-core/run/.
#
#   core-sim.sh --model DIR (--input F.npy | --random N) [--reuse LIST]
#               [--chip FILE] [--count N] [--trace] [--defines "-D..."]
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here" || exit 1
model="" input="" random="" reuse="" chip="" count="" trace="" defines=""
while (($#)); do
  case $1 in
    --model) model=${2:-}; shift ;;
    --input) input=${2:-}; shift ;;
    --random) random=${2:-}; shift ;;
    --reuse) reuse=${2:-}; shift ;;
    --chip) chip=${2:-}; shift ;;
    --count) count=${2:-}; shift ;;
    --trace) trace=--trace ;;
    --defines) defines=${2:-}; shift ;;
    --help|-h) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "core-sim: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[[ -n $model ]] || { echo "core-sim: --model DIR is required" >&2; exit 2; }
pargs=(--model "$model")
[[ -n $chip ]] && pargs+=(--chip "$chip")
params=$(build/sim-core/core_params "${pargs[@]}") || exit 2
echo "core-sim: trex_core $params${defines:+ $defines}"
bin=$(bash scripts/core-build.sh "$params" "$defines" $trace) || exit 1
out=build/sim-core/run
mkdir -p "$out"
args=(--model "$model" --cycles "$out/cycles.tsv")
[[ -n $input ]] && args+=(--input "$input")
[[ -n $random ]] && args+=(--random "$random")
[[ -n $reuse ]] && args+=(--reuse "$reuse")
[[ -n $chip ]] && args+=(--chip "$chip")
[[ -n $count ]] && args+=(--count "$count")
"$bin" "${args[@]}" | tee "$out/report.txt"
rc=${PIPESTATUS[0]}
echo "sim-core: report $out/report.txt, per-op cycles $out/cycles.tsv"
exit "$rc"
