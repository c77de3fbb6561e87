#!/usr/bin/env bash
# The accelerator top trex_core on Icarus Verilog (docs/core.md,
# "Verification"): tb_core (the Verilated testbench) runs the inputs against
# the golden model and records the port actions and the golden op results
# (tb_core --stim); testbench/icarus/tb_core.sv replays them on the same RTL
# compiled by Icarus and checks every op (order, cycles, issue cycles, every element), the
# logits and the class. Exit 0 only when both pass.
#
#   core-icarus.sh --model DIR (--input F.npy | --random N) [--count N]
#                  [--reuse LIST] [--out DIR]
# Default --count 1, --out build/sim-core/icarus. Each run works in its own
# directory under OUT (OUT/<run>/: stim.txt, tb_core.log, iverilog.log,
# vvp.log); the last lines of vvp.log are printed.
set -uo pipefail
. "$(dirname "$0")/lib-run.sh"
run_self "$@"
model="" input="" random="" count=1 reuse="" out=build/sim-core/icarus
. "$(dirname "$0")/lib-opts.sh"
opt_cd_root
opt_parse core-icarus 2,13 --model=model --input=input --random=random --count=count --reuse=reuse \
  --out=out -- "$@"
[[ -n $model ]] || die 2 "--model DIR is required"
[[ -n $input || -n $random ]] || die 2 "--input F.npy or --random N is required"
[[ $count =~ ^[1-9][0-9]*$ ]] || die 2 "--count '$count': a whole number >= 1"
chk_path core-icarus --model "$model"
[[ -n $input ]] && chk_path core-icarus --input "$input"
chk_path core-icarus --out "$out"
need_tools 1 "is not on PATH (apt-get install iverilog)" iverilog vvp
params=$(build/sim-core/core_params --model "$model") || exit 2
bin=$(bash scripts/core-build.sh "$params") || exit 1
mkdir -p "$out" || exit 1
w=$(mktemp -d "$out/run.XXXXXX") || die 1 "cannot create a directory in $out"
# an interrupted run leaves no half-filled run directory (issue 15, class 6);
# a run that ended keeps its logs
kept=0
trap '((kept)) || rm -rf "$w"' EXIT
args=(--model "$model" --count "$count" --stim "$w/stim.txt" --quiet)
[[ -n $input ]] && args+=(--input "$input")
[[ -n $random ]] && args+=(--random "$random")
[[ -n $reuse ]] && args+=(--reuse "$reuse")
if ! "$bin" "${args[@]}" >"$w/tb_core.log" 2>&1; then
  tail -5 "$w/tb_core.log"
  echo "core-icarus: the Verilated run failed (log: $w/tb_core.log)"
  kept=1; exit 1
fi
pargs=()
IFS=, read -ra kv <<<"$params"
for p in "${kv[@]}"; do pargs+=("-Ptb_core.$p"); done
mapfile -t rtl < <(bash scripts/rtl-files.sh trex_core --abs) || exit 1
if ! iverilog -g2012 -I rtl -o "$w/tb.vvp" -s tb_core "${pargs[@]}" "${rtl[@]}" testbench/icarus/tb_core.sv \
     >"$w/iverilog.log" 2>&1; then
  grep -v 'sorry:' "$w/iverilog.log" | head -20
  echo "core-icarus: compile failed (log: $w/iverilog.log)"
  kept=1; exit 1
fi
t0=$(date +%s.%N)
# the replay's CPU seconds (user+sys) go to vvp.cpu when /usr/bin/time is
# there (make bench reads them: scripts/bench-core.sh)
tm=(); [[ -x /usr/bin/time ]] && tm=(/usr/bin/time -f '%U %S' -o "$w/vvp.time")
"${tm[@]}" vvp -n "$w/tb.vvp" +stim="$w/stim.txt" >"$w/vvp.log" 2>&1
t1=$(date +%s.%N)
rm -f "$w/tb.vvp"
grep -v '^PASS$\|^FAIL$\|^VCD' "$w/vvp.log" | tail -4
secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
cpu=""; [[ -s $w/vvp.time ]] && cpu=$(awk 'END { printf "%.1f", $1 + $2 }' "$w/vvp.time") && echo "$cpu" > "$w/vvp.cpu"
if tail -1 "$w/vvp.log" | grep -qx PASS; then
  echo "core-icarus: PASS (Icarus $secs s${cpu:+, $cpu s of CPU}; $w)"
  kept=1; exit 0
fi
echo "core-icarus: FAIL (Icarus $secs s${cpu:+, $cpu s of CPU}; logs in $w)"
kept=1; exit 1
