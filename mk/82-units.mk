# Digital units of the integer encoder (issue 11; docs/encoder-units.md):
# rtl/enc_softmax.sv, enc_layernorm.sv, enc_gelu.sv, enc_requant.sv,
# enc_add.sv against the golden C functions of trex infer (c-model/enc_ops.h),
# bit for bit and cycle for cycle (c-model/units_cycles.h).
# Takes from the Makefile: TREX, LIBTREX, OBJ, BUILD, VERILATE, SYNTH_DEPS
#   (mk/30-synth.mk).
# Gives: TB_UNITS, UNITS (50-regress).

# the user's values (mk/00-safe-vars.mk): names and parameter lists, numbers
$(foreach v,UNIT PARAMS,\
  $(if $(call _sv_user,$(v)),$(strip $(call _sv_check,$(v),$(_sv_path),use a name or NAME=VALUE list of letters$(,) digits and ._/+$(,):=@%- only,1))))
$(foreach v,UNITS_SYNTH_LANES UNITS_SYNTH_LANES2 UNITS_SYNTH_NMAX,\
  $(if $(call _sv_user,$(v)),$(strip $(call _sv_check,$(v),$(_sv_digits),not a whole number (digits only),1))))

UNITS        := softmax layernorm gelu requant add
# the units' C testbench (units_tb_*.c), one archive (scripts/verilate.sh
# links it with testbench/units_dut.cpp)
TB_UNITS     := $(OBJ)/testbench/tb_units.a
TB_UNITS_O   := $(patsubst %.c,$(OBJ)/%.o,$(wildcard testbench/units_tb_*.c))

$(TB_UNITS): $(TB_UNITS_O)
	@$(ATOMIC_OUT) ar rcs "$$t" $^ && mv -f "$$t" $@

# synthesis: LANES (and NMAX, STEPS) of each unit; UNITS_SYNTH_LANES2 is the
# second lane count that checks the scaling
UNITS_SYNTH_LANES  ?= 2
UNITS_SYNTH_LANES2 ?= 4
UNITS_SYNTH_NMAX   ?= 32

.PHONY: sim-units sim-units-full lint-units test-units-checker synth-units synth-units-one synth-unit units-errors

sim-units: $(TREX) $(TB_UNITS) $(LIBTREX)
	@bash scripts/units-sim.sh --level quick

# every configuration (1 and 64 lanes, NMAX 65535, ...) and seeds 1 2 3
sim-units-full: $(TREX) $(TB_UNITS) $(LIBTREX)
	@nice -n 10 bash scripts/units-sim.sh --level full

# verilator -Wall over several parameter sets, Yosys 0.23 and Icarus
lint-units:
	@bash tests/units/run-lint.sh

test-units-checker: $(TREX) $(TB_UNITS) $(LIBTREX)
	@bash tests/units/run-checker.sh

# each unit through the synthesis flow at two lane counts (metrics.json)
units_synth_params = LANES=$(2)$(if $(filter softmax layernorm,$(1)),$(comma)NMAX=$(UNITS_SYNTH_NMAX)$(comma)STEPS=1)$(if $(filter requant,$(1)),$(comma)ACC_W=40)
comma := ,
synth-units: $(SYNTH_DEPS) $(TB_UNITS)
	@set -e; $(foreach u,$(UNITS),$(foreach l,$(UNITS_SYNTH_LANES) $(UNITS_SYNTH_LANES2), \
	  bash scripts/synth-run.sh --module enc_$(u) --params "$(call units_synth_params,$(u),$(l))" \
	    $(if $(LIB),--lib $(LIB)) --root $(SYNTH_ROOT);))

# make synth includes every unit at the first lane count
synth-units-one: $(SYNTH_DEPS) $(TB_UNITS)
	@set -e; $(foreach u,$(UNITS), \
	  bash scripts/synth-run.sh --module enc_$(u) --params "$(call units_synth_params,$(u),$(UNITS_SYNTH_LANES))" \
	    $(if $(LIB),--lib $(LIB)) --root $(SYNTH_ROOT);)
synth: synth-units-one

# one unit: make synth-unit UNIT=gelu [PARAMS=LANES=1]
synth-unit: $(SYNTH_DEPS) $(TB_UNITS)
	@test -n "$(UNIT)" || { echo "make synth-unit: UNIT=softmax|layernorm|gelu|requant|add is required"; exit 2; }
	@bash scripts/synth-run.sh --module enc_$(UNIT) --params "$(or $(PARAMS),$(call units_synth_params,$(UNIT),$(UNITS_SYNTH_LANES)))" \
	  $(if $(LIB),--lib $(LIB)) --root $(SYNTH_ROOT)

TEST_TARGETS += lint-units sim-units test-units-checker

help::
	@echo "make sim-units       softmax, LayerNorm, GELU, requantise, add RTL vs the golden C functions,"
	@echo "                     random, corner and trex infer --dump rows, cycle by cycle -> build/sim-units/run/"
	@echo "make sim-units-full  the same over more configurations (1..64 lanes, NMAX 65535) and seeds 1 2 3"
	@echo "make lint-units      the units through verilator -Wall (several parameter sets), yosys, iverilog"
	@echo "make test-units-checker  the units' testbench fails on injected faults (ENC_BREAK_*)"
	@echo "make synth-units [LIB=F]  each unit at $(UNITS_SYNTH_LANES) and $(UNITS_SYNTH_LANES2) lanes: area, fmax, energy/element -> $(SYNTH_ROOT)/enc_<unit>-<params>/metrics.json"
	@echo "make synth-units-one [LIB=F]  each unit at $(UNITS_SYNTH_LANES) lanes (part of make synth)"
	@echo "make synth-unit UNIT=U [PARAMS=LANES=1,...]  one unit through the synthesis flow"

UNITS_SWEEP := $(BUILD)/sim-units/units_errsweep

$(UNITS_SWEEP): tests/units/units_errsweep.c $(LIBTREX)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIBTREX) $(LDLIBS)

# worst error against float of the requantise and add methods
units-errors: $(UNITS_SWEEP)
	@# a private temporary per run (two runs at once shared one: one mv failed; H152)
	@t=$(BUILD)/sim-units/errors.md.tmp.$$$$; trap 'rm -f "$$t"' EXIT INT TERM HUP; \
	  $(UNITS_SWEEP) > "$$t" && mv -f "$$t" $(BUILD)/sim-units/errors.md
	@cat $(BUILD)/sim-units/errors.md
	@echo "units-errors: $(BUILD)/sim-units/errors.md"

help::
	@echo "make units-errors    worst error vs float of the requantise and add methods -> $(BUILD)/sim-units/errors.md"
