# Crossbar tile: vectors, Verilator simulation, lockstep, Icarus, lint, tests.
# Takes from Makefile: BUILD OBJ CC CFLAGS LDFLAGS LDLIBS LIBTREX TREX
#   VERILATE TEST_TARGETS FLOW_TARGETS.
# Gives: RTL_TILE, TB_XBAR (30-synth, 50-regress), DEFAULT_CFG and CFG
#   (30-synth), SIM_SUFFIX.

RTL_TILE   := $(shell bash scripts/rtl-files.sh xbar_tile)
# the RTL's include files (on the include path rtl/ of every tool): a
# change rebuilds what reads them
RTL_INC    := $(wildcard rtl/*.svh)
# the tile's C testbench: tb_main.c and its parts (driver, monitor, cycle
# check, scoreboard, coverage bins: testbench/tb_xbar.h), one archive
TB_XBAR    := $(OBJ)/testbench/tb_xbar.a
TB_XBAR_O  := $(patsubst %.c,$(OBJ)/%.o,$(wildcard testbench/tb_*.c))
# RTL_DEFINES=-DXBAR_BREAK_SHIFT_ADD builds the deliberately broken variant.
RTL_DEFINES ?=
SIM_SUFFIX := $(if $(RTL_DEFINES),-$(shell echo '$(RTL_DEFINES)' | md5sum | cut -c1-8),)
DEFAULT_CFG := tests/configs/default.json
N    ?= 100000
SEED ?= 1
CFG  ?= $(DEFAULT_CFG)

.PHONY: sim lockstep icarus vectors lint flow-tile test-unit test-cli test-tile-rtl test-indep \
        test-icarus test-checker

# build/sim/<config-id>/tb_xbar: one Verilated model per configuration
# (scripts/verilate.sh: the one Verilator recipe)
$(TB_XBAR): $(TB_XBAR_O)
	@$(ATOMIC_OUT) ar rcs "$$t" $^ && mv -f "$$t" $@

$(BUILD)/sim/%/tb_xbar: $(RTL_TILE) $(RTL_INC) testbench/tb_dut.cpp testbench/tb_dut.h testbench/dut_cov.h testbench/vl_port.h $(TB_XBAR) $(LIBTREX) $(VERILATE)
	@test -n "$(SIM_G)" || { echo "internal: SIM_G not set for $@"; exit 2; }
	@echo "verilating $* ..."
	@OBJ=$(OBJ) bash $(VERILATE) --top xbar_tile --out $(@D) --exe tb_xbar --trace \
	  --params "$(SIM_G)" --defines "$(RTL_DEFINES)"

sim: $(TREX) $(TB_XBAR) $(LIBTREX)
	@test -n "$(VEC)" || { echo "make sim: VEC=DIR is required (a vector set directory)"; exit 2; }
	@id=$$($(TREX) tile-params $(VEC) --format id) || exit 1; id=$$id$(SIM_SUFFIX); \
	 gp=$$($(TREX) tile-params $(VEC) --format verilator) || exit 1; \
	 $(MAKE) --no-print-directory $(BUILD)/sim/$$id/tb_xbar SIM_G="$$gp" || exit 1; \
	 $(BUILD)/sim/$$id/tb_xbar --vec $(VEC) --id $$id --wave $(BUILD)/sim/$$id/mismatch.fst \
	   --replay "make sim VEC=$(VEC)$(if $(RTL_DEFINES), RTL_DEFINES=$(RTL_DEFINES))$(if $(TB_ARGS), TB_ARGS='$(TB_ARGS)')" $(TB_ARGS)

lockstep: $(TREX) $(TB_XBAR) $(LIBTREX)
	@id=$$($(TREX) tile-params $(CFG) --format id) || exit 1; id=$$id$(SIM_SUFFIX); \
	 gp=$$($(TREX) tile-params $(CFG) --format verilator) || exit 1; \
	 $(MAKE) --no-print-directory $(BUILD)/sim/$$id/tb_xbar SIM_G="$$gp" || exit 1; \
	 $(BUILD)/sim/$$id/tb_xbar --lockstep --config $(CFG) --count $(N) --seed $(SEED) --id $$id \
	   --wave $(BUILD)/sim/$$id/mismatch.fst \
	   --replay "make lockstep CFG=$(CFG) N=$(N) SEED=$(SEED)$(if $(RTL_DEFINES), RTL_DEFINES=$(RTL_DEFINES))$(if $(TB_ARGS), TB_ARGS='$(TB_ARGS)')" $(TB_ARGS)

icarus: $(TREX)
	@test -n "$(VEC)" || { echo "make icarus: VEC=DIR is required"; exit 2; }
	@bash scripts/icarus-run.sh $(TREX) $(VEC) $(BUILD)/icarus "$(RTL_DEFINES)"

vectors: $(TREX)
	@$(TREX) vecgen --config $(DEFAULT_CFG) --count 200 --seed 1 --out $(BUILD)/vectors/default
	@$(TREX) vecgen --config $(DEFAULT_CFG) --count 56 --seed 2 --mode corner --out $(BUILD)/vectors/default-corner
	@echo "vectors: $(BUILD)/vectors/default $(BUILD)/vectors/default-corner"

lint: $(TREX)
	@bash scripts/lint-rtl.sh

flow-tile: vectors
	@$(TREX) xbar $(BUILD)/vectors/default > $(BUILD)/vectors/default.model.hex
	@cmp -s $(BUILD)/vectors/default.model.hex $(BUILD)/vectors/default/expected.hex \
	  && echo "trex xbar: $(BUILD)/vectors/default.model.hex equals expected.hex"
	@$(MAKE) --no-print-directory sim VEC=$(BUILD)/vectors/default
	@$(MAKE) --no-print-directory sim VEC=$(BUILD)/vectors/default-corner

FLOW_TARGETS += flow-tile

# ---- tests ---------------------------------------------------------------
UNIT_SRCS  := $(wildcard tests/unit/test_*.c)
UNIT_BINS  := $(patsubst tests/unit/%.c,$(OBJ)/tests/%,$(UNIT_SRCS))
UNIT_HELP  := $(filter-out $(UNIT_SRCS),$(wildcard tests/unit/*.c))
UNIT_HOBJS := $(patsubst %.c,$(OBJ)/%.o,$(UNIT_HELP))

$(OBJ)/tests/%: $(OBJ)/tests/unit/%.o $(UNIT_HOBJS) $(LIBTREX)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $< $(UNIT_HOBJS) $(LIBTREX) -lcmocka $(LDLIBS)

test-unit: $(UNIT_BINS) $(TREX)
	@set -e; for t in $(UNIT_BINS); do echo "== $$t"; TREX=$(TREX) $$t; done

test-tile-rtl: $(TREX) $(TB_XBAR) $(LIBTREX)
	@bash tests/tile/run-matrix.sh

test-indep: $(TREX) $(TB_XBAR) $(LIBTREX)
	@bash tests/tile/run-indep.sh

test-icarus: $(TREX)
	@bash tests/tile/run-icarus.sh

test-checker: $(TREX) $(TB_XBAR) $(LIBTREX)
	@bash tests/tile/run-checker.sh

test-cli: $(TREX)
	@bash tests/tile/run-cli-errors.sh

TEST_TARGETS += test-unit test-cli lint test-tile-rtl test-indep test-icarus test-checker

help::
	@echo "make sim VEC=DIR     RTL (Verilator) against DIR's expected.hex and the model's cycles"
	@echo "make lockstep [CFG=FILE] [N=100000] [SEED=1]  RTL against the model in-process"
	@echo "make icarus VEC=DIR  the same vector set on Icarus Verilog"
	@echo "make vectors         default vector sets under build/vectors/"
	@echo "make lint            verilator -Wall, Yosys and Icarus over both tops, the controller contract, the FuseSoC core"
