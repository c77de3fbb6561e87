#!/usr/bin/env bash
# One regression test (or build) in its own directory build/regress/tests/NAME/:
# runs it, classifies the outcome and writes result.tsv (the line
# regress-tool summary reads), figures.txt ("key value" lines), log and cmd.
# Always exits 0 (the outcome is in result.tsv), so `make -k` runs the rest.
#
# usage: regress-one.sh NAME SEED KIND ARGS...   (kinds: see `case` below)
# env:   TREX REGRESS_OUT REGRESS_TIMEOUT (seconds per test, default 600;
#        REGRESS_CORE_TIMEOUT for the trex_core build (default 5400) and
#        runs (default 10800);
#        REGRESS_ICARUS_TIMEOUT for its Icarus run, default 10800;
#        REGRESS_ACC_TIMEOUT for the accuracy kind, default 7200)
set -uo pipefail
if [[ ${1:-} == --help || $# -lt 3 ]]; then
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
  [[ ${1:-} == --help ]] && exit 0 || exit 2
fi
name=$1 seed=$2 kind=$3
shift 3
TREX=${TREX:-build/bin/trex}
OUTR=${REGRESS_OUT:-build/regress}
. "$(dirname "$0")/regress-limits.sh"
TMO=$(rl_limit "$kind") # this kind's limit (scripts/regress-limits.sh)
d=$OUTR/tests/$name
rm -rf "$d"
mkdir -p "$d"
log=$d/log
: >"$d/figures.txt"
replay=""
mode=""
msg=""
status=PASS
t0=$(date +%s.%N)

fig() { echo "$1 $2" >>"$d/figures.txt"; }
# a value in a replay command, quoted for the shell the user pastes it into
q() { printf '%q' "$1"; }

# sim: line -> figures (words, mismatches, cycle errors, cycles, vectors)
sim_figures() {
  local line
  line=$(grep -m1 '^sim: config=' "$log") || return 0
  local w m c cy v
  w=$(sed -n 's/.* words=\([0-9]*\).*/\1/p' <<<"$line")
  m=$(sed -n 's/.* mismatches=\([0-9]*\).*/\1/p' <<<"$line")
  c=$(sed -n 's/.* cycle_errors=\([0-9]*\).*/\1/p' <<<"$line")
  cy=$(sed -n 's/.* cycles=\([0-9]*\).*/\1/p' <<<"$line")
  v=$(sed -n 's/.* vectors=\([0-9]*\).*/\1/p' <<<"$line")
  fig words "${w:-0}"; fig mismatches "${m:-0}"; fig cycle_errors "${c:-0}"
  fig cycles "${cy:-0}"; fig vectors "${v:-0}"
}

# classify a non-zero exit from the log
classify() { # rc
  local rc=$1
  if ((rc == 124 || rc == 137)) || grep -q '^TIMEOUT\|DIVERGENCE: RTL neither done' "$log"; then
    mode=TIMEOUT
  elif grep -q '^MISMATCH\|^CYCLE MISMATCH\|DIVERGENCE\| FAIL$\|^FAIL\|icarus: .*FAIL' "$log"; then
    mode=MISMATCH
  elif ((rc >= 128)) || grep -qi 'segmentation fault\|aborted\|core dumped\|AddressSanitizer\|runtime error\|didn.t converge' "$log"; then
    mode=CRASH
  elif grep -q 'Verilator build failed\|Verilator build of\|%Error\|compile failed' "$log"; then
    mode=BUILD
  elif grep -qiE '(cannot read|cannot write|malformed|: key |\.hex:[0-9]+|\.json:[0-9]+|no such file|not found|no baselines|missing)' "$log"; then
    mode=FILE_ERROR
  else
    mode=CRASH
  fi
  status=FAIL
  msg=$(grep -m1 '^MISMATCH\|^CYCLE MISMATCH\|^TIMEOUT\|DIVERGENCE\|Error\|error\|FAIL\|cannot' "$log" | cut -c1-200)
  [[ -n $msg ]] || msg="exit status $rc"
}

# timeout puts itself in a process group of its own, which a signal to
# make's group never reaches: each timeout runs through lib-run.sh, and an
# interruption of this script stops it (and timeout its command).
. "$(dirname "$0")/lib-run.sh"
run_traps
run() { # command... (logged, with the per-test timeout)
  printf '%q ' "$@" >>"$d/cmd"
  echo >>"$d/cmd"
  run_bg timeout -k 10 "$TMO" "$@" >>"$log" 2>&1
  run_wait "$RUN_PID"
}

id_of() { "$TREX" tile-params "$1" --format id; }
tile_bin() { echo "build/sim/$1/tb_xbar"; }
cov_bin() { echo "$OUTR/covsim/$1/tb_xbar"; }
need_bin() { # binary: a missing one is a BUILD failure of this test
  if [[ ! -x $1 ]]; then
    echo "regress: $1 was not built (see the build/ test of this configuration)" >>"$log"
    status=FAIL mode=BUILD msg="not built: $1"
    return 1
  fi
}

# the accuracy kinds: the plan's model (a bad plan is this test's FILE_ERROR),
# and the independent checks of a summary in $d/accuracy with its figures
acc_model() { # PLAN -> $model
  model=$(/usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["model"])' "$1" 2>>"$log") ||
    { status=FAIL mode=FILE_ERROR msg="bad plan $1"; return 1; }
}
acc_check() { # PLAN
  local rec=()
  [[ -f $model/record.json ]] && rec=(--record "$model/record.json")
  if run /usr/bin/python3 tests/accuracy/check_summary.py --trex "$TREX" --dir "$d/accuracy" \
       --data "$(/usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["data"])' "$1")" \
       --model "$model" "${rec[@]}"; then
    fig acc_ideal_top1 "$(/usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["lists"][0]["ideal"]["top1"])' "$d/accuracy/summary.json" 2>>"$d/errors" || echo n/a)"
    fig acc_checks "$(sed -n 's/^check_summary: .*: \([0-9]*\) checks, 0 failed$/\1/p' "$log" | tail -1)"
  else
    rc=$?; classify $rc
  fi
}

rc=0
case $kind in
  build-tile) # CFG: the normal Verilated testbench of CFG (build/sim/<id>/)
    cfg=$1
    id=$(id_of "$cfg") && g=$("$TREX" tile-params "$cfg" --format verilator) || { status=FAIL mode=FILE_ERROR msg="bad config $cfg"; }
    if [[ $status == PASS ]]; then
      replay="make build/sim/$id/tb_xbar SIM_G='$g'"
      run make --no-print-directory "build/sim/$id/tb_xbar" SIM_G="$g" || { rc=$?; classify $rc; mode=BUILD; }
    fi ;;
  build-cov) # CFG: the line/toggle coverage build of CFG (build/regress/covsim/<id>/)
    cfg=$1
    id=$(id_of "$cfg") && g=$("$TREX" tile-params "$cfg" --format verilator) || { status=FAIL mode=FILE_ERROR msg="bad config $cfg"; }
    if [[ $status == PASS ]]; then
      replay="bash scripts/regress-covbuild.sh tile $(q "$cfg") $(q "$OUTR/covsim/$id")"
      run bash scripts/regress-covbuild.sh tile "$cfg" "$OUTR/covsim/$id" || { rc=$?; classify $rc; mode=BUILD; }
    fi ;;
  build-ctrl)
    replay="make build/sim-ctrl/tb_ctrl"
    run make --no-print-directory build/sim-ctrl/tb_ctrl || { rc=$?; classify $rc; mode=BUILD; } ;;
  build-ctrlcov)
    replay="bash scripts/regress-covbuild.sh ctrl - $(q "$OUTR")/covsim/ctrl"
    run bash scripts/regress-covbuild.sh ctrl - "$OUTR/covsim/ctrl" || { rc=$?; classify $rc; mode=BUILD; } ;;
  file) # CFG MODE COUNT: a generated vector set, file-driven
    cfg=$1 gmode=$2 count=$3
    id=$(id_of "$cfg") || id=unknown
    replay="$(q "$TREX") vecgen --config $(q "$cfg") --count $(q "$count") --seed $(q "$seed") --mode $(q "$gmode") --out build/regress/replay/${name//\//-} && make sim VEC=build/regress/replay/${name//\//-}"
    if need_bin "$(tile_bin "$id")"; then
      run "$TREX" vecgen --config "$cfg" --count "$count" --seed "$seed" --mode "$gmode" --out "$d/vec" &&
        run "$(tile_bin "$id")" --vec "$d/vec" --id "$id" --wave "$d/mismatch.fst" --cov "$d/bins.txt" \
          --replay "$replay" || { rc=$?; classify $rc; }
      sim_figures
    fi ;;
  directed) # CFG DKIND: a directed set (tests/regress/directed.sh), file-driven
    cfg=$1 dk=$2
    id=$(id_of "$cfg") || id=unknown
    rd=build/regress/replay/${name//\//-}
    replay="bash tests/regress/directed.sh $(q "$TREX") $(q "$cfg") $(q "$seed") $(q "$dk") $(q "$rd") && make sim VEC=$(q "$rd")"
    if need_bin "$(tile_bin "$id")"; then
      run bash tests/regress/directed.sh "$TREX" "$cfg" "$seed" "$dk" "$d/vec" &&
        run "$(tile_bin "$id")" --vec "$d/vec" --id "$id" --wave "$d/mismatch.fst" --cov "$d/bins.txt" \
          --replay "$replay" || { rc=$?; classify $rc; }
      sim_figures
    fi ;;
  lock) # CFG N BATCH BACKPRESSURE: lockstep against the model in-process
    cfg=$1 n=$2 batch=$3 bp=$4 bw=${5:-0} extra=${6:-}
    id=$(id_of "$cfg") || id=unknown
    replay="make lockstep CFG=$(q "$cfg") N=$(q "$n") SEED=$(q "$seed") TB_ARGS='--batch $batch --backpressure $bp --busy-writes $bw${extra:+ $extra}'"
    if need_bin "$(tile_bin "$id")"; then
      # shellcheck disable=SC2086
      run "$(tile_bin "$id")" --lockstep --config "$cfg" --count "$n" --seed "$seed" --batch "$batch" \
        --backpressure "$bp" --busy-writes "$bw" $extra --id "$id" --wave "$d/mismatch.fst" --cov "$d/bins.txt" --replay "$replay" \
        || { rc=$?; classify $rc; }
      sim_figures
    fi ;;
  vec) # DIR: a committed vector set
    vdir=$1
    id=$("$TREX" tile-params "$vdir" --format id) || id=unknown
    replay="make sim VEC=$(q "$vdir")"
    if need_bin "$(tile_bin "$id")"; then
      run "$(tile_bin "$id")" --vec "$vdir" --id "$id" --wave "$d/mismatch.fst" --cov "$d/bins.txt" \
        --replay "$replay" || { rc=$?; classify $rc; }
      sim_figures
    fi ;;
  icarus) # CFG MODE COUNT: the same generated set on Icarus Verilog
    cfg=$1 gmode=$2 count=$3
    replay="$(q "$TREX") vecgen --config $(q "$cfg") --count $(q "$count") --seed $(q "$seed") --mode $(q "$gmode") --out build/regress/replay/${name//\//-} && make icarus VEC=build/regress/replay/${name//\//-}"
    run "$TREX" vecgen --config "$cfg" --count "$count" --seed "$seed" --mode "$gmode" --out "$d/vec" &&
      run bash scripts/icarus-run.sh "$TREX" "$d/vec" "$d/icarus" || { rc=$?; classify $rc; }
    v=$(sed -n 's/^icarus: .* vectors=\([0-9]*\) .*PASS$/\1/p' "$log")
    fig icarus_vectors "${v:-0}" ;;
  cov) # CFG N: lockstep and a corner set on the coverage build; coverage data
    cfg=$1 n=$2
    id=$(id_of "$cfg") || id=unknown
    replay="make lockstep CFG=$(q "$cfg") N=$(q "$n") SEED=$(q "$seed") TB_ARGS='--batch 200 --backpressure 0.3'"
    if need_bin "$(cov_bin "$id")"; then
      run "$(cov_bin "$id")" --lockstep --config "$cfg" --count "$n" --seed "$seed" --batch 200 \
        --backpressure 0.3 --id "$id" --wave "$d/mismatch.fst" --rtl-cov "$d/rtl-lock.dat" \
        --replay "$replay" || { rc=$?; classify $rc; }
      if [[ $status == PASS ]]; then
        run "$TREX" vecgen --config "$cfg" --count 40 --seed "$seed" --mode corner --out "$d/vec" &&
          run "$(cov_bin "$id")" --vec "$d/vec" --id "$id" --wave "$d/mismatch.fst" \
            --rtl-cov "$d/rtl-corner.dat" || { rc=$?; classify $rc; }
      fi
    fi ;;
  ctrl) # RANDOM: the controller RTL against its C model
    nr=$1
    replay="make sim-ctrl CTRL_SEED=$(q "$seed") CTRL_RANDOM=$(q "$nr")"
    if need_bin build/sim-ctrl/tb_ctrl; then
      run build/sim-ctrl/tb_ctrl --seed "$seed" --random "$nr" || { rc=$?; classify $rc; }
      dc=$(sed -n 's/^sim-ctrl: .* \([0-9]*\) descriptors compared, \([0-9]*\) divergences.*/\1 \2/p' "$log")
      fig ctrl_descriptors "${dc% *}"
      fig ctrl_divergences "${dc#* }"
    fi ;;
  ctrlcov) # RANDOM: the controller's coverage build (line, toggle, user bins)
    nr=$1
    replay="make sim-ctrl CTRL_SEED=$(q "$seed") CTRL_RANDOM=$(q "$nr")"
    if need_bin "$OUTR/covsim/ctrl/tb_ctrl"; then
      run "$OUTR/covsim/ctrl/tb_ctrl" --seed "$seed" --random "$nr" --rtl-cov "$d/rtl-ctrl.dat" \
        || { rc=$?; classify $rc; }
      # user cover points -> functional bins (config "ctrl")
      if [[ -s $d/rtl-ctrl.dat ]]; then
        { echo "config ctrl"
          tr '\001\002' '|=' <"$d/rtl-ctrl.dat" | sed -n "s/.*page=v_user[^|]*|o=cover_\([a-z_]*\)|.*' \([0-9]*\)$/bin \1 \2/p"
        } >"$d/bins.txt"
      fi
    fi ;;
  gls) # CFG COUNT: gate-level replay of the synthesized tile on a generated set
    cfg=$1 count=$2
    replay="$(q "$TREX") vecgen --config $(q "$cfg") --count $(q "$count") --seed $(q "$seed") --out build/regress/replay/${name//\//-} && make gls VEC=build/regress/replay/${name//\//-}"
    run "$TREX" vecgen --config "$cfg" --count "$count" --seed "$seed" --out "$d/vec" &&
      run make --no-print-directory gls VEC="$d/vec" || { rc=$?; classify $rc; }
    w=$(sed -n 's/^gls: .* words=\([0-9]*\) .*PASS.*/\1/p' "$log" | head -1)
    fig gls_words "${w:-0}" ;;
  gls-ctrl) # synthesis, gate-level replay and activity of the controller (default liberty)
    replay="bash scripts/synth-run.sh --module trex_ctrl --root build/regress/replay/synth"
    run bash scripts/synth-run.sh --module trex_ctrl --root "$d/synth" || { rc=$?; classify $rc; }
    m=$d/synth/trex_ctrl-default/metrics.json
    if [[ -f $m ]]; then
      for k in gate_level_replay.words:gls_ctrl_descriptors area_um2:ctrl_area fmax_mhz:ctrl_fmax power_mw:ctrl_power; do
        v=$(build/bin/regress-tool json-get "$m" "${k%%:*}" 2>>"$d/errors") || { status=FAIL mode=FILE_ERROR msg="controller metrics lack ${k%%:*}"; }
        fig "${k#*:}" "$v"
      done
    fi
    rm -rf "$d/synth/lib" ;;
  units-dumps) # LEVEL: the trex infer dumps of the digital units' real-activation jobs
    replay="bash scripts/units-sim.sh --level $1 --dumps-only --real-dir build/regress/replay/units-real"
    run bash scripts/units-sim.sh --level "$1" --dumps-only --real-dir "$OUTR/units-real" || { rc=$?; classify $rc; } ;;
  build-units) # UNIT PARAMS: the Verilated testbench of one unit configuration
    replay="bash scripts/units-build.sh $1 $2"
    run bash scripts/units-build.sh "$1" "$2" || { rc=$?; classify $rc; mode=BUILD; } ;;
  units) # LEVEL UNIT PARAMS: one unit configuration (scripts/units-sim.sh), this seed
    replay="bash scripts/units-sim.sh --level $1 --config $2:$3 --seeds $seed"
    run bash scripts/units-sim.sh --level "$1" --config "$2:$3" --seeds "$seed" --out "$d/units" \
      --real-dir "$OUTR/units-real" || { rc=$?; classify $rc; }
    l=$(grep -m1 "^sim-units: $2 *elements compared" "$log")
    fig units_elements "$(sed -n 's/.*elements compared \([0-9]*\).*/\1/p' <<<"$l")"
    fig units_mismatches "$(sed -n 's/.*mismatches \([0-9]*\).*/\1/p' <<<"$l")" ;;
  make) # TARGET [VAR=VALUE...]: another area's make target (gls, synth-check)
    replay="make $(printf '%q ' "$@")"
    run make --no-print-directory "$@" || { rc=$?; classify $rc; } ;;
  edap) # MODEL REUSE: the EDAP report, baseline against reuse
    model=$1 reuse=$2
    replay="$(q "$TREX") edap --model $(q "$model") --reuse $(q "$reuse") --compare --json"
    echo "$TREX edap --model $model --reuse $reuse --compare --json > $d/edap.json" >>"$d/cmd"
    run_bg timeout -k 10 "$TMO" "$TREX" edap --model "$model" --reuse "$reuse" --compare --json \
         >"$d/edap.json" 2>>"$log"
    if run_wait "$RUN_PID"; then
      for k in baseline.edap reuse.edap baseline.energy_uj reuse.energy_uj baseline.delay_ms reuse.delay_ms; do
        v=$(build/bin/regress-tool json-get "$d/edap.json" "$k" 2>>"$d/errors") || { status=FAIL mode=FILE_ERROR msg="edap JSON lacks $k"; }
        fig "edap_${k/./_}" "$v"
      done
    else
      rc=$?; classify $rc
    fi ;;
  accuracy) # PLAN: the accuracy study of PLAN in one command (trex accuracy-study), then its
    # independent checks (tests/accuracy/check_summary.py); figures: the
    # baseline's ideal top-1 and the checks passed (docs/accuracy.md)
    plan=$1
    if acc_model "$plan"; then
      replay="$(q "$TREX") accuracy-study --plan $(q "$plan") --out $(q "$d/accuracy") --quiet"
      if run "$TREX" accuracy-study --plan "$plan" --out "$d/accuracy" --quiet; then acc_check "$plan"
      else rc=$?; classify $rc; fi
    fi ;;
  accuracy-ideal) # PLAN PARTS: the study in parts (docs/accuracy.md, "A study in parts"):
    # the ideal tile, the search and the study chip -> PARTS
    plan=$1 parts=$2
    replay="$(q "$TREX") accuracy-study --plan $(q "$plan") --stage ideal --parts $(q "$parts") --quiet"
    run "$TREX" accuracy-study --plan "$plan" --stage ideal --parts "$parts" --quiet || { rc=$?; classify $rc; } ;;
  accuracy-task) # PLAN PARTS T: task T of the study in parts (a (non-ideality, seed) or a
    # (rows, cell bits) of the ADC sweep) -> PARTS/task-T.json
    plan=$1 parts=$2 task=$3
    replay="$(q "$TREX") accuracy-study --plan $(q "$plan") --stage task --task $(q "$task") --parts $(q "$parts") --quiet"
    run "$TREX" accuracy-study --plan "$plan" --stage task --task "$task" --parts "$parts" --quiet || { rc=$?; classify $rc; } ;;
  accuracy-merge) # PLAN PARTS: the parts merged into one summary (as the accuracy kind's),
    # then the same checks and figures. The parts are the tests NAME-ideal and
    # NAME-tNN (regress.sh); one that failed fails this test as BUILD, naming it
    plan=$1 parts=$2
    replay="$(q "$TREX") accuracy-study --plan $(q "$plan") --stage merge --parts $(q "$parts") --out $(q "$d/accuracy") --quiet"
    if acc_model "$plan" && "$TREX" accuracy-study --plan "$plan" --stage tasks >"$d/tasks.tsv" 2>>"$log"; then
      for p in "$name-ideal" $(awk -F'\t' -v n="$name" '{ printf "%s-t%02d\n", n, $1 }' "$d/tasks.tsv"); do
        pr=$OUTR/tests/$p/result.tsv
        pst=$(cut -f3 "$pr" 2>/dev/null); pmode=$(cut -f4 "$pr" 2>/dev/null)
        if [[ $pst != PASS ]]; then
          if [[ -n $pst ]]; then why="failed ($pmode)"; else why="wrote no result"; fi
          echo "regress: part $p of this study $why: see that test" >>"$log"
          [[ $status == PASS ]] && { status=FAIL mode=BUILD msg="part $p $why: see that test"; }
        fi
      done
      if [[ $status == PASS ]]; then
        if run "$TREX" accuracy-study --plan "$plan" --stage merge --parts "$parts" --out "$d/accuracy" --quiet; then acc_check "$plan"
        else rc=$?; classify $rc; fi
      fi
    elif [[ $status == PASS ]]; then
      status=FAIL mode=FILE_ERROR msg="trex accuracy-study --plan $plan --stage tasks failed"
    fi ;;
  build-core) # MODEL: the Verilated trex_core testbench for MODEL's parameters (build/sim-core/<id>/)
    model=$1
    replay="bash scripts/core-build.sh \"\$(build/sim-core/core_params --model $(q "$model"))\""
    if p=$(build/sim-core/core_params --model "$model" 2>>"$log"); then
      echo "core parameters: $p" >>"$log"
      run bash scripts/core-build.sh "$p" || { rc=$?; classify $rc; mode=BUILD; }
    else
      status=FAIL mode=FILE_ERROR msg="core_params --model $model failed"
    fi ;;
  core) # MODEL INPUTS COUNT [REUSE]: trex_core (tb_core) on the first COUNT images of
    # INPUTS (.npy), or on COUNT images from image FIRST where COUNT is written
    # FIRST+COUNT (a part of a large input), every op bit for bit and cycle
    # for cycle (docs/core.md); the build is the build-core test's
    # (core-build.sh returns it)
    model=$1 inputs=$2 count=$3 reuse=${4:-} first=""
    [[ $count =~ ^([0-9]+)\+([0-9]+)$ ]] && first=${BASH_REMATCH[1]} count=${BASH_REMATCH[2]}
    ra=(); [[ -n $reuse ]] && ra=(--reuse "$reuse")
    [[ -n $first ]] && ra+=(--first "$first")
    replay="make sim-core MODEL=$(q "$model") INPUTS=$(q "$inputs")${first:+ FIRST=$(q "$first")} COUNT=$(q "$count")${reuse:+ REUSE=$(q "$reuse")}"
    if p=$(build/sim-core/core_params --model "$model" 2>>"$log") &&
       bin=$(bash scripts/core-build.sh "$p" 2>>"$log") && [[ -x $bin ]]; then
      run "$bin" --model "$model" --input "$inputs" --count "$count" "${ra[@]}" --quiet \
        --cycles "$d/cycles.tsv" || { rc=$?; classify $rc; }
      l=$(grep -m1 '^sim-core: PASS' "$log")
      fig core_inputs "$(sed -n 's/^sim-core: PASS \([0-9]*\) inputs.*/\1/p' <<<"$l")"
      fig core_elements "$(sed -n 's/.* \([0-9]*\) elements compared.*/\1/p' <<<"$l")"
      fig core_cycles "$(sed -n 's/.* \([0-9]*\) cycles in .*/\1/p' <<<"$l")"
    else
      status=FAIL mode=BUILD msg="trex_core for $model is not built (see the build/core- test)"
    fi ;;
  core-icarus) # MODEL INPUTS COUNT [REUSE]: the same compare on Icarus (scripts/core-icarus.sh);
    # MODEL modelgen:SHAPE is `trex modelgen --shape SHAPE --seed SEED` made
    # here, INPUTS random draws COUNT seeded random images (tb_core --random)
    model=$1 inputs=$2 count=$3 reuse=${4:-}
    ra=(); [[ -n $reuse ]] && ra=(--reuse "$reuse")
    mk=""
    if [[ $model == modelgen:* ]]; then
      mk="$TREX modelgen --shape $(q "${model#modelgen:}") --seed $(q "$seed") --out $(q "$d/model") && "
      run "$TREX" modelgen --shape "${model#modelgen:}" --seed "$seed" --out "$d/model" >/dev/null || { rc=$?; classify $rc; }
      model=$d/model
    fi
    if [[ $inputs == random ]]; then ia=(--random "$count"); else ia=(--input "$inputs"); fi
    replay="${mk}bash scripts/core-icarus.sh --model $(q "$model") ${ia[0]} $(q "${ia[1]}") --count $(q "$count")${reuse:+ --reuse $(q "$reuse")}"
    [[ $status == PASS ]] && { run bash scripts/core-icarus.sh --model "$model" "${ia[@]}" --count "$count" "${ra[@]}" \
      --out "$d/icarus" || { rc=$?; classify $rc; }; }
    l=$(grep -m1 '^tb_core_icarus: PASS' "$log")
    fig core_icarus_elements "$(sed -n 's/.* \([0-9]*\) elements compared.*/\1/p' <<<"$l")" ;;
  *)
    echo "regress-one: unknown kind '$kind'" >&2
    exit 2 ;;
esac
t1=$(date +%s.%N)
secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
[[ $status == PASS ]] && mode="" msg=""
msg=${msg//$'\t'/ }
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$seed" "$status" "$mode" "$secs" "$replay" "$log" "$msg" \
  >"$d/result.tsv.tmp" && mv "$d/result.tsv.tmp" "$d/result.tsv"
if [[ $status == FAIL ]]; then
  echo "FAIL $name ($mode): $msg"
  echo "  replay: $replay"
  echo "  log: $log"
else
  echo "ok   $name (${secs}s)"
fi
exit 0
