#!/usr/bin/env bash
# make sim-units: the digital units of the integer encoder (rtl/enc_*.sv)
# against the golden C functions of trex infer, cycle by cycle
# (docs/encoder-units.md, "Verification").
#
# usage: scripts/units-sim.sh [--level quick|full] [--units LIST] [--seeds "1 2"]
#                             [--out DIR] [--real-dir DIR] [--config UNIT:PARAMS]
#                             [--plan] [--dumps-only] [--force]
#   --level  quick (default; make sim-units and make test): per unit one
#            configuration with random, corner and real-activation jobs and a
#            second (odd lanes, other STEPS) with random and corner jobs and
#            resets in the middle of the stream (tb_units --resets 0.02);
#            full: more configurations (1 lane, 64 lanes at NMAX 65535, ...),
#            every seed of --seeds, heavier gaps and back-pressure (and
#            resets at 1 lane)
#   --units  comma-separated subset of softmax,layernorm,gelu,requant,add
#   --seeds  seeds of the random jobs and of the gaps/back-pressure (default
#            "1"; full level default "1 2 3")
#   --out    where the logs and waveforms go (default build/sim-units/run)
#   --real-dir  where the model directories and dumps are (made when
#            missing; default OUT/real)
#   --config UNIT:PARAMS  only this configuration of the level's list
#   --plan   print the level's configurations, one "UNIT PARAMS" per line
#   --dumps-only  make the dumps and stop (the regression does this once)
#   --force  write into an --out that holds files this script did not write
# Real activations: trex modelgen models of the shapes tiny, odd, digits,
# long and wide (seed 1), two random images each (/usr/bin/python3 with
# numpy writes them), trex infer --dump with a reuse list on the default
# chip. Prints one line per run and, per unit, the elements compared; exit
# 0 only when every run passed.
set -uo pipefail
# every command below runs in one process group that an interruption stops
# whole (scripts/lib-run.sh); the model temporaries go with the EXIT trap
. "$(dirname "$0")/lib-run.sh"
run_self "$@"
run_tmp_on_exit
level=quick units=softmax,layernorm,gelu,requant,add seeds="" OUT=build/sim-units/run
REAL="" only="" plan=0 dumps_only=0 force=0
. "$(dirname "$0")/lib-opts.sh"
opt_cd_root
opt_parse units-sim 2,26 --level=level --units=units --seeds=seeds --out=OUT --real-dir=REAL \
  --config=only --plan:plan=1 --dumps-only:dumps_only=1 --force:force=1 -- "$@"
[[ $level == quick || $level == full ]] || die 2 "--level must be quick or full"
[[ -n $seeds ]] || { [[ $level == full ]] && seeds="1 2 3" || seeds=1; }
for s in $seeds; do chk_uint units-sim "--seeds entry" "$s" 0 999999999999999999; done
chk_path units-sim --out "$OUT"
chk_outdir units-sim "$OUT" .trex-units-sim "$force" real
TREX=${TREX:-build/bin/trex}
[[ -x $TREX ]] || die 1 "$TREX not built (make build)"
[[ -n $REAL ]] || REAL=$OUT/real
chk_path units-sim --real-dir "$REAL"

# ---- real activations: models, images, dumps ------------------------------
# shape reuse-list; NMAX of the real configurations covers T and E of all
shapes=("tiny 2" "odd 2,3" "digits 2,4:1" "long 1" "wide 1")
real_dumps() {
  local sh re m
  for e in "${shapes[@]}"; do
    read -r sh re <<<"$e"
    m=$REAL/$sh-$DUMPKEY
    if [[ ! -f $m/dump/dump.json ]]; then
      # made in a private directory and renamed into place: runs at the same
      # time (the regression's tests) each make their own, the first rename wins
      m=$(mktemp -d "$REAL/.$sh.XXXXXX") || { echo "units-sim: cannot create a directory in $REAL" >&2; return 1; }
      RUN_TMP=$m # removed on failure and on an interruption (EXIT trap)
      "$TREX" modelgen --shape "$sh" --seed 1 --out "$m/model" --stats 0 >"$m/log" 2>&1 ||
        { echo "units-sim: trex modelgen --shape $sh failed (log $m/log)" >&2; return 1; }
      /usr/bin/python3 - "$m/model/model.json" "$m/input.npy" >>"$m/log" 2>&1 <<'P' ||
import json, sys
try:
    import numpy as np
except ImportError:
    sys.exit("units-sim: /usr/bin/python3 has no numpy (scripts/install-deps.sh installs python3-numpy)")
im = json.load(open(sys.argv[1]))["image"]
r = np.random.default_rng(7)
np.save(sys.argv[2], r.integers(im["input_min"], im["input_max"] + 1,
        size=(2, im["channels"], im["height"], im["width"])).astype(np.int8))
P
        { echo "units-sim: cannot write the images of $sh (log $m/log)" >&2; return 1; }
      "$TREX" infer --model "$m/model" --input "$m/input.npy" --reuse "$re" --dump "$m/dump" >>"$m/log" 2>&1 ||
        { echo "units-sim: trex infer --dump on $sh failed (log $m/log)" >&2; return 1; }
      mv -T "$m" "$REAL/$sh-$DUMPKEY" 2>/dev/null || rm -rf "$m"
      # shellcheck disable=SC2034 # RUN_TMP: run_tmp_on_exit (lib-run.sh)
      RUN_TMP=
      [[ -f $REAL/$sh-$DUMPKEY/dump/dump.json ]] || { echo "units-sim: $REAL/$sh-$DUMPKEY holds no dump" >&2; return 1; }
    fi
  done
}

# ---- configurations ---------------------------------------------------------------
# LEVEL UNIT PARAMS SETS RANDOM GAPS BACKPRESSURE BUSY [RESETS], a unit's in
# the order they run; LEVEL quick: in both levels, full: in the full level only
cfg_table=(
  "quick softmax LANES=4,NMAX=96,STEPS=1 random,corner,real 300 0.2 0.3 0.2"
  "quick softmax LANES=3,NMAX=17,STEPS=4 random,corner 300 0.3 0.3 0.2 0.02"
  "full softmax LANES=1,NMAX=9,STEPS=25 random,corner 400 0.5 0.5 0.5 0.05"
  "full softmax LANES=8,NMAX=5,STEPS=24 random,corner 400 0.1 0.1 0.1"
  "full softmax LANES=64,NMAX=65535,STEPS=2 random,corner 20 0.1 0.2 0.1"
  "full softmax LANES=16,NMAX=256,STEPS=5 random,corner,real 1000 0 0 0"
  "quick layernorm LANES=4,NMAX=136,STEPS=1 random,corner,real 300 0.2 0.3 0"
  "quick layernorm LANES=3,NMAX=40,STEPS=5 random,corner 300 0.3 0.3 0 0.02"
  "full layernorm LANES=1,NMAX=9,STEPS=41 random,corner 400 0.5 0.5 0 0.05"
  "full layernorm LANES=8,NMAX=5,STEPS=20 random,corner 400 0.1 0.1 0"
  "full layernorm LANES=64,NMAX=65535,STEPS=2 random,corner 20 0.1 0.2 0"
  "full layernorm LANES=16,NMAX=256,STEPS=3 random,corner,real 1000 0 0 0"
  "quick gelu LANES=4 random,corner,real 300 0.2 0.3 0"
  "quick gelu LANES=3 random,corner 300 0.3 0.3 0 0.02"
  "full gelu LANES=64 random,corner,real 300 0.1 0.2 0"
  "full gelu LANES=1 random,corner 300 0.5 0.5 0 0.05"
  "quick requant LANES=4,ACC_W=40 random,corner,real 300 0.2 0.3 0"
  "quick requant LANES=3,ACC_W=48 random,corner 300 0.3 0.3 0 0.02"
  "full requant LANES=64,ACC_W=40 random,corner,real 300 0.1 0.2 0"
  "full requant LANES=1,ACC_W=63 random,corner 300 0.5 0.5 0 0.05"
  "quick add LANES=4 random,corner,real 300 0.2 0.3 0"
  "quick add LANES=3 random,corner 300 0.3 0.3 0 0.02"
  "full add LANES=64 random,corner,real 300 0.1 0.2 0"
  "full add LANES=1 random,corner 300 0.5 0.5 0 0.05"
)
cfgs=()
IFS=, read -ra ul <<<"$units"
for u in "${ul[@]}"; do
  case $u in
    softmax|layernorm|gelu|requant|add) ;;
    *) die 2 "unknown unit '$u'" ;;
  esac
  for row in "${cfg_table[@]}"; do
    read -r lv un rest <<<"$row"
    [[ $un == "$u" && ($lv == quick || $level == full) ]] && cfgs+=("$un $rest")
  done
done

if ((plan)); then
  for c in "${cfgs[@]}"; do read -r u params _ <<<"$c"; echo "$u $params"; done
  exit 0
fi
if [[ -n $only ]]; then
  keep=()
  for c in "${cfgs[@]}"; do read -r u params _ <<<"$c"; [[ $u:$params == "$only" ]] && keep+=("$c"); done
  ((${#keep[@]})) || die 2 "--config $only is not a configuration of the $level level (--plan lists them)"
  cfgs=("${keep[@]}")
fi
chk_outdir_mark "$OUT" .trex-units-sim || exit 1
# One run per output directory at a time (two at once truncated each
# other's logs): a second run waits for the first.
run_lock units-sim "$OUT/.trex-units-sim" "$OUT"
mkdir -p "$REAL" || exit 1
# the models and dumps are trex's outputs: kept per trex binary (a dump an
# earlier trex made does not match today's golden functions)
DUMPKEY=$(sha256sum <"$TREX" | cut -c1-16) || exit 1
if ((dumps_only)); then real_dumps || exit 1; echo "units-sim: dumps in $REAL"; exit 0; fi
need_real=0
for c in "${cfgs[@]}"; do [[ $c == *real* ]] && need_real=1; done
if ((need_real)); then real_dumps || exit 1; fi

# tb_units options from a parameter list
tb_params() { # PARAMS
  local o=() p
  IFS=, read -ra kv <<<"$1"
  for p in "${kv[@]}"; do
    case ${p%%=*} in
      LANES) o+=(--lanes "${p#*=}") ;;
      NMAX) o+=(--nmax "${p#*=}") ;;
      STEPS) o+=(--steps "${p#*=}") ;;
      ACC_W) o+=(--acc-w "${p#*=}") ;;
    esac
  done
  echo "${o[*]}"
}

fail=0 runs=0
declare -A elems=() mism=()
for c in "${cfgs[@]}"; do
  read -r u params sets nrand gaps bp busy rst <<<"$c"
  bin=$(bash scripts/units-build.sh "$u" "$params") || { fail=$((fail + 1)); continue; }
  id=$(basename "$(dirname "$bin")")
  for s in $seeds; do
    runs=$((runs + 1))
    # the real set once per configuration (it does not depend on the seed)
    rs=$sets
    [[ $s != "${seeds%% *}" ]] && rs=${sets/,real/}
    log=$OUT/$id-s$s.log
    # shellcheck disable=SC2046
    args=(--unit "$u" $(tb_params "$params") --random "$nrand" --seed "$s"
          --gaps "$gaps" --backpressure "$bp" --busy-writes "$busy" --resets "${rst:-0}" --wave "$OUT/$id-s$s.fst")
    ok=1
    : >"$log"
    if [[ $rs == *real* ]]; then
      # the random/corner jobs with the first model, then each other model
      # (a model directory and its dump) alone
      first=1
      for e in "${shapes[@]}"; do
        sh=${e%% *}
        st=real
        ((first)) && st=$rs
        first=0
        a=("${args[@]}" --sets "$st" --model "$REAL/$sh-$DUMPKEY/model" --dump "$REAL/$sh-$DUMPKEY/dump")
        rep="bash scripts/units-build.sh $u $params && build/sim-units/$id/tb_units ${a[*]}"
        "$bin" "${a[@]}" --replay "$rep" >>"$log" 2>&1 || ok=0
      done
    else
      a=("${args[@]}" --sets "$rs")
      rep="bash scripts/units-build.sh $u $params && build/sim-units/$id/tb_units ${a[*]}"
      "$bin" "${a[@]}" --replay "$rep" >"$log" 2>&1 || ok=0
    fi
    n=$(sed -n 's/^sim-units: .* elements=\([0-9]*\) .*/\1/p' "$log" | awk '{ s += $1 } END { print s + 0 }')
    m=$(sed -n 's/^sim-units: .* mismatches=\([0-9]*\) cycle_errors=\([0-9]*\) golden_errors=\([0-9]*\) .*/\1 \2 \3/p' "$log" |
        awk '{ s += $1 + $2 + $3 } END { print s + 0 }')
    elems[$u]=$(( ${elems[$u]:-0} + n ))
    mism[$u]=$(( ${mism[$u]:-0} + m ))
    if ((ok)) && ! grep -q ' FAIL$' "$log"; then
      echo "ok   $id seed $s ($rs): $n elements"
    else
      fail=$((fail + 1))
      echo "FAIL $id seed $s ($rs): log $log"
      grep -m3 -E '^(MISMATCH|CYCLE MISMATCH|TIMEOUT|GOLDEN|tb_units|units_tb)' "$log" | sed 's/^/  /'
      grep -m1 '^replay:' "$log" | sed 's/^/  /'
    fi
  done
done
for u in "${ul[@]}"; do
  [[ -n ${elems[$u]+x} ]] || continue
  printf 'sim-units: %-9s elements compared %s, mismatches %s\n' "$u" "${elems[$u]:-0}" "${mism[$u]:-0}"
done
echo "sim-units: $level: $((runs - fail)) of $runs runs passed (logs: $OUT)"
exit $((fail != 0))
