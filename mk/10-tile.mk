# Crossbar tile: vectors, Verilator simulation, lockstep, Icarus, lint, tests.

RTL_TILE   := rtl/xbar_tile.sv rtl/xbar_array.sv rtl/xbar_adc.sv rtl/xbar_mux.sv rtl/xbar_shift_add.sv
TB_MAIN_O  := $(OBJ)/testbench/tb_main.o
OBJCACHE   := $(shell command -v ccache 2>/dev/null)
VERILATOR  ?= verilator
# RTL_DEFINES=-DXBAR_BREAK_SHIFT_ADD builds the deliberately broken variant.
RTL_DEFINES ?=
SIM_SUFFIX := $(if $(RTL_DEFINES),-$(shell echo '$(RTL_DEFINES)' | md5sum | cut -c1-8),)
DEFAULT_CFG := tests/configs/default.json
N    ?= 100000
SEED ?= 1
CFG  ?= $(DEFAULT_CFG)

.PHONY: sim lockstep icarus vectors lint test-unit test-tile-rtl test-icarus test-checker flow-tile

# build/sim/<config-id>/tb_xbar: one Verilated model per configuration
$(BUILD)/sim/%/tb_xbar: $(RTL_TILE) testbench/tb_dut.cpp testbench/tb_dut.h $(TB_MAIN_O) $(LIBTREX)
	@test -n "$(SIM_G)" || { echo "internal: SIM_G not set for $@"; exit 2; }
	@mkdir -p $(@D)
	@# One Verilator build per directory at a time (two makes of one
	@# configuration at once shared obj/ and the binary): a lock, then the
	@# check again (the other make may have built it meanwhile); the binary is
	@# linked to tb_xbar.new and renamed over tb_xbar (a running one is
	@# untouched), so that no process ever runs a half-written one.
	@exec 7>$(@D)/.build.lock; flock 7; \
	 if [ -x $@ ] && [ -z "$$(find $^ -newer $@ 2>/dev/null | head -1)" ]; then exit 0; fi; \
	 echo "verilating $* ..."; \
	 trap 'rm -f $(@D)/tb_xbar.new' EXIT INT TERM HUP; rm -f $(@D)/tb_xbar.new; \
	 $(VERILATOR) --cc --exe --build -j 2 --top-module xbar_tile $(SIM_G) $(RTL_DEFINES) \
	  --trace-fst -Wall -Wno-fatal --x-assign unique --x-initial unique \
	  --Mdir $(@D)/obj -o ../tb_xbar.new $(if $(OBJCACHE),-MAKEFLAGS "OBJCACHE=ccache",) \
	  -CFLAGS "-O1 -I$(abspath testbench) -I$(abspath c-model)" \
	  -LDFLAGS "$(abspath $(TB_MAIN_O)) $(abspath $(LIBTREX)) $(LDLIBS)" \
	  $(abspath $(RTL_TILE)) $(abspath testbench/tb_dut.cpp) > $(@D)/verilator.log 2>&1 \
	  || { tail -30 $(@D)/verilator.log; echo "make: Verilator build failed for $* (log: $(@D)/verilator.log)"; exit 1; }; \
	 mv -f $(@D)/tb_xbar.new $@

sim: $(TREX) $(TB_MAIN_O) $(LIBTREX)
	@test -n "$(VEC)" || { echo "make sim: VEC=DIR is required (a vector set directory)"; exit 2; }
	@id=$$($(TREX) cycles $(VEC) --format id) || exit 1; id=$$id$(SIM_SUFFIX); \
	 gp=$$($(TREX) cycles $(VEC) --format verilator) || exit 1; \
	 $(MAKE) --no-print-directory $(BUILD)/sim/$$id/tb_xbar SIM_G="$$gp" || exit 1; \
	 $(BUILD)/sim/$$id/tb_xbar --vec $(VEC) --id $$id --wave $(BUILD)/sim/$$id/mismatch.fst \
	   --replay "make sim VEC=$(VEC)$(if $(RTL_DEFINES), RTL_DEFINES=$(RTL_DEFINES))$(if $(TB_ARGS), TB_ARGS='$(TB_ARGS)')" $(TB_ARGS)

lockstep: $(TREX) $(TB_MAIN_O) $(LIBTREX)
	@id=$$($(TREX) cycles $(CFG) --format id) || exit 1; id=$$id$(SIM_SUFFIX); \
	 gp=$$($(TREX) cycles $(CFG) --format verilator) || exit 1; \
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

test-tile-rtl: $(TREX) $(TB_MAIN_O) $(LIBTREX)
	@bash tests/tile/run-matrix.sh

test-indep: $(TREX) $(TB_MAIN_O) $(LIBTREX)
	@bash tests/tile/run-indep.sh

test-icarus: $(TREX)
	@bash tests/tile/run-icarus.sh

test-checker: $(TREX) $(TB_MAIN_O) $(LIBTREX)
	@bash tests/tile/run-checker.sh

test-cli: $(TREX)
	@bash tests/tile/run-cli-errors.sh

TEST_TARGETS += test-unit test-cli lint test-tile-rtl test-indep test-icarus test-checker

help::
	@echo "make sim VEC=DIR     RTL (Verilator) against DIR's expected.hex and the model's cycles"
	@echo "make lockstep [CFG=FILE] [N=100000] [SEED=1]  RTL against the model in-process"
	@echo "make icarus VEC=DIR  the same vector set on Icarus Verilog"
	@echo "make vectors         default vector sets under build/vectors/"
	@echo "make lint            verilator --lint-only -Wall over the test configurations"
