#!/usr/bin/env bash
# make fuzz: runs every libFuzzer harness for FUZZ_SECONDS seconds and writes
# build/fuzz/summary.json (per harness: inputs executed, crashes, corpus size).
#   run-fuzz.sh BINDIR SECONDS HARNESS...
# Corpus per harness: build/fuzz/corpus/<h> (seeded from tests/fuzz/seeds/<h>
# and tests/fuzz/regress/<h>); crashing inputs: build/fuzz/artifacts/<h>/.
# Exit status 1 when any harness crashed (the summary is written anyway).
set -uo pipefail
# the harnesses run in one process group that an interruption stops whole
# (scripts/lib-run.sh); this run's work directory goes with the EXIT trap
. "$(dirname "$0")/../../scripts/lib-run.sh"
run_self "$@"
bin=$1 secs=$2; shift 2
out=${FUZZ_OUT:-build/fuzz}
mkdir -p "$out/logs" "$out/corpus" "$out/artifacts" "$out/work"
# one make fuzz per output at a time (two at once shared the logs the
# counts are read from); the earlier summary goes now and comes back only
# when this run completes
run_lock fuzz "$out" "$out"
rm -f "$out/summary.json"
work=$(mktemp -d "$out/work/run.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
rows=() total=0 crashes_all=0 t0=$(date +%s)
for h in "$@"; do
  corp=$out/corpus/$h art=$out/artifacts/$h/ log=$out/logs/$h.log
  mkdir -p "$corp" "$art"
  for src in tests/fuzz/seeds/$h tests/fuzz/regress/$h; do
    [[ -d $src ]] && find "$src" -type f -exec cp -n {} "$corp"/ \;
  done
  dict=tests/fuzz/json.dict maxlen=4096
  case $h in hex|reuse|impact) dict=tests/fuzz/hex.dict ;; npy|modeldir|dataset) dict=tests/fuzz/npy.dict ;; esac
  case $h in vecset|tech|modeljson|modeldir|plan) maxlen=16384 ;; esac
  before=$(find "$art" -type f | wc -l)
  echo "fuzz $h: ${secs}s (log $log)"
  # -close_fd_mask=2 silences the readers' warnings; libFuzzer and the
  # sanitizers still report through their own descriptor.
  FUZZ_WORK=$work "$bin/fuzz_$h" "$corp" -max_total_time="$secs" -timeout=10 \
    -rss_limit_mb=2048 -max_len=$maxlen -dict=$dict -artifact_prefix="$art" \
    -print_final_stats=1 -close_fd_mask=2 > "$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  [[ -z $execs ]] && execs=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#')
  [[ -z $execs ]] && execs=0
  after=$(find "$art" -type f | wc -l)
  new=$((after - before))
  ((rc != 0 && new == 0)) && new=1   # a failure without an artifact still counts
  ncorp=$(find "$corp" -type f | wc -l)
  echo "fuzz $h: $execs inputs executed, $new crash(es), corpus $ncorp$( ((new)) && echo ", artifacts in $art")"
  i=${#rows[@]}
  rows+=("$(printf 's\tharnesses\t%d\tharness\t%s\nn\tharnesses\t%d\tseconds\t%s\nn\tharnesses\t%d\tinputs_executed\t%s\nn\tharnesses\t%d\tcrashes\t%s\nn\tharnesses\t%d\tcorpus\t%s\nn\tharnesses\t%d\texit\t%s' \
    "$i" "$h" "$i" "$secs" "$i" "$execs" "$i" "$new" "$i" "$ncorp" "$i" "$rc")")
  total=$((total + execs)) crashes_all=$((crashes_all + new))
done
# summary.json (regress-tool json-write: the harness's one JSON writer)
{
  printf 'n\tseconds_per_harness\t%s\n' "$secs"
  printf 'n\twall_seconds\t%s\n' "$(( $(date +%s) - t0 ))"
  printf 'n\tinputs_executed\t%s\n' "$total"
  printf 'n\tcrashes\t%s\n' "$crashes_all"
  printf '%s\n' "${rows[@]}"
} | "${JSONW:-build/bin/regress-tool}" json-write "$out/summary.json" || exit 1
echo "fuzz: $total inputs executed, $crashes_all crash(es); $out/summary.json"
exit $((crashes_all != 0))
