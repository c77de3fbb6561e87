# Sourced by scripts/mutate.sh: the mutation sets of the integer encoder's
# digital units (docs/encoder-units.md, "Verification"), unit-softmax,
# unit-layernorm, unit-gelu, unit-requant, unit-add. Each set mutates one unit
# at one small parameter set (odd lane counts exercise the lane masks) and
# checks a mutant with the quick checks of make sim-units: random and corner
# jobs with gaps, back-pressure (and softmax LUT writes while busy), a run
# without either, and a run with resets in the middle of the stream (the
# unit must come out empty; the jobs cut short are sent again); every
# output element against the golden C functions,
# every row's or beat's cycles against c-model/units_cycles.h.

UNITS_MUT_SETS="unit-softmax unit-layernorm unit-gelu unit-requant unit-add"

units_params() { # set -> NAME=VALUE,...
  case $1 in
    unit-softmax) echo LANES=3,NMAX=10,STEPS=5 ;;
    unit-layernorm) echo LANES=3,NMAX=10,STEPS=8 ;;
    unit-gelu) echo LANES=3 ;;
    unit-requant) echo LANES=2,ACC_W=40 ;;
    unit-add) echo LANES=3 ;;
  esac
}

units_chparam() { # set -> "-set LANES 3 -set NMAX 10 ..."
  local p out=""
  IFS=, read -ra kv <<<"$(units_params "$1")"
  for p in "${kv[@]}"; do out+=" -set ${p%%=*} ${p#*=}"; done
  echo "$out"
}

units_checks() { # set -> "name command" lines ($BIN, $WAVE substituted by mutate.sh)
  local u=${1#unit-} p o="" busy=""
  IFS=, read -ra kv <<<"$(units_params "$1")"
  for p in "${kv[@]}"; do
    case ${p%%=*} in
      LANES) o+=" --lanes ${p#*=}" ;; NMAX) o+=" --nmax ${p#*=}" ;;
      STEPS) o+=" --steps ${p#*=}" ;; ACC_W) o+=" --acc-w ${p#*=}" ;;
    esac
  done
  [[ $u == softmax ]] && busy=" --busy-writes 0.2"
  echo "units-s1 \$BIN --unit $u$o --sets random,corner --random 150 --seed 1 --gaps 0.2 --backpressure 0.3$busy --wave \$WAVE"
  echo "units-s2 \$BIN --unit $u$o --sets random,corner --random 150 --seed 2 --gaps 0.3 --backpressure 0.2$busy --wave \$WAVE"
  echo "units-nobp \$BIN --unit $u$o --sets random --random 100 --seed 3 --wave \$WAVE"
  echo "units-rst \$BIN --unit $u$o --sets random,corner --random 100 --seed 4 --gaps 0.2 --backpressure 0.3$busy --resets 0.05 --wave \$WAVE"
}

UNITS_TB_SRCS="testbench/units_tb_main.c testbench/units_tb_gen.c testbench/units_tb_real.c testbench/units_tb_unit.c testbench/units_dut.cpp testbench/units_dut.h testbench/vl_port.h testbench/dut_cov.h scripts/mutate-units.sh"
