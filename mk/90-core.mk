# Accelerator top trex_core (issue 13; docs/core.md): the controller, the
# execution unit, N_TILES crossbar tiles and the digital units, compared op by
# op and cycle by cycle with the golden model by a plain C testbench.
# Takes from the Makefile: TREX, LIBTREX, OBJ, BUILD, CFLAGS, LDLIBS.

# the user's values (mk/00-safe-vars.mk): paths, numbers, a reuse list
$(foreach v,MODEL INPUTS CHIP,\
  $(if $(call _sv_user,$(v)),$(strip $(call _sv_check,$(v),$(_sv_path),use a path of letters$(,) digits and ._/+$(,):=@%- only,1))))
$(foreach v,RANDOM FIRST COUNT TRACE,\
  $(if $(call _sv_user,$(v)),$(strip $(call _sv_check,$(v),$(_sv_digits),not a whole number (digits only),1))))
$(foreach v,CORE_SYNTH_PARAMS,\
  $(if $(call _sv_user,$(v)),$(strip $(call _sv_check,$(v),$(_sv_path),use a NAME=VALUE list of letters$(,) digits and _$(,)= only,1))))
$(foreach v,REUSE,\
  $(if $(call _sv_user,$(v)),$(strip $(call _sv_check,$(v),$(_sv_alnum) $(,) :,not a reuse list (e.g. 2$(,)4 or 5:3),1))))

CORE_PARAMS_BIN := $(BUILD)/sim-core/core_params

.PHONY: sim-core sim-core-icarus test-core lint-core synth-core

$(CORE_PARAMS_BIN): testbench/core_params.c testbench/core_setup.h $(LIBTREX)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIBTREX) $(LDLIBS)

# make sim-core MODEL=DIR [INPUTS=FILE.npy | RANDOM=N] [REUSE=LIST] [CHIP=FILE] [FIRST=K] [COUNT=N] [TRACE=1]
#   (FIRST=K COUNT=N: images K .. K+N-1 only, a part of a large input)
sim-core: $(TREX) $(LIBTREX) $(CORE_PARAMS_BIN)
	@test -n "$(MODEL)" || { echo "make sim-core: MODEL=DIR is required (a trex modelgen or trained model directory)"; exit 2; }
	@bash scripts/core-sim.sh --model "$(MODEL)" $(if $(INPUTS),--input "$(INPUTS)",--random $(or $(RANDOM),2)) \
	  $(if $(REUSE),--reuse "$(REUSE)") $(if $(CHIP),--chip "$(CHIP)") $(if $(FIRST),--first $(FIRST)) $(if $(COUNT),--count $(COUNT)) \
	  $(if $(TRACE),--trace)

# make sim-core-icarus MODEL=DIR [INPUTS=FILE.npy | RANDOM=N] [COUNT=1] [REUSE=LIST]:
# the same compare on Icarus (tb_core records, testbench/icarus/tb_core.sv replays)
sim-core-icarus: $(TREX) $(LIBTREX) $(CORE_PARAMS_BIN)
	@test -n "$(MODEL)" || { echo "make sim-core-icarus: MODEL=DIR is required"; exit 2; }
	@bash scripts/core-icarus.sh --model "$(MODEL)" $(if $(INPUTS),--input "$(INPUTS)",--random $(or $(RANDOM),1)) \
	  --count $(or $(COUNT),1) $(if $(REUSE),--reuse "$(REUSE)")

# in make test: the tiny model, with and without reuse, and the fault self-test
test-core: $(TREX) $(LIBTREX) $(CORE_PARAMS_BIN)
	@bash tests/core/run.sh

lint-core:
	@bash tests/core/lint.sh

TEST_TARGETS += lint-core test-core

# synthesis of a small configuration of the top (docs/core.md, "Synthesis"):
# 2 tiles of 16 x 4 (8-bit weights and inputs, the core's tile), 2 lanes,
# memories for T 2, E 4, width 4, 1 head, 1 encoder; area of the top and of
# each part, fmax (no gate-level replay, no power)
CORE_SYNTH_PARAMS ?= ROWS=16,OUTS=4,N_TILES=2,LANES=2,TMAX=2,EMAX=4,WMAX=4,HMAX=1,DMAX=1
synth-core: $(SYNTH_DEPS)
	@bash scripts/synth-run.sh --module trex_core --params "$(CORE_SYNTH_PARAMS)" $(if $(LIB),--lib $(LIB)) --root $(SYNTH_ROOT)

help::
	@echo "make sim-core MODEL=DIR [INPUTS=F.npy|RANDOM=N] [REUSE=LIST] [CHIP=F] [COUNT=N] [TRACE=1]"
	@echo "                     the accelerator top (trex_core RTL) against trex infer, every op bit for bit"
	@echo "                     and every op's cycles against the core's cycle model -> build/sim-core/run/"
	@echo "make sim-core-icarus MODEL=DIR [INPUTS=F.npy|RANDOM=N] [COUNT=1] [REUSE=LIST]"
	@echo "                     the same compare on Icarus (tb_core --stim, testbench/icarus/tb_core.sv)"
	@echo "                     -> build/sim-core/icarus/run.*/"
	@echo "make test-core       trex_core on a tiny model (reuse lists, fault self-test) -> build/sim-core/test/"
	@echo "make lint-core       trex_core through verilator -Wall, yosys, iverilog"
	@echo "make synth-core [LIB=F] [CORE_SYNTH_PARAMS=ROWS=16,...]  a small trex_core through the synthesis flow:"
	@echo "                     area of the top and its parts, fmax -> $(SYNTH_ROOT)/trex_core-<params>/metrics.json"

# the full regression runs trex_core on the trained model (scripts/regress.sh)
regress regress-baseline: $(CORE_PARAMS_BIN)
