# Synthesis, timing and power: Yosys + OpenSTA + gate-level replay.
# docs/synthesis.md describes the flow, the SDC, the activity method and the
# liberties. Every target writes under $(BUILD)/synth and prints where.
# Takes from Makefile: BUILD LIBTREX TREX REGRESS_TOOL TEST_TARGETS
#   FLOW_TARGETS; from 10-tile: CFG DEFAULT_CFG; from 20-ctrl: TB_CTRL.

SYNTH_ROOT  := $(BUILD)/synth
SYNTH_LIB0  := synth/lib/trex_min.lib
SKY130_LIB  := ../shared/pdk/sky130hd_tt.lib.gz
# LIB=path picks another liberty (plain or .gz); empty = the default liberty.
LIB ?=
SYNTH_DEPS  := $(TREX) $(REGRESS_TOOL) scripts/synth-run.sh synth/yosys/synth.tcl synth/sta/sta.tcl \
               scripts/synth-toggles.awk scripts/synth-covtoggles.awk scripts/synth-libfilter.awk \
               $(TB_CTRL) $(LIBTREX)

.PHONY: synth synth-ctrl gls synth-sweep synth-check synth-baseline flow-synth test-synth

synth: $(SYNTH_DEPS)
	@bash scripts/synth-run.sh --module xbar_tile --config $(CFG) $(if $(LIB),--lib $(LIB)) --root $(SYNTH_ROOT)
	@bash scripts/synth-run.sh --module trex_ctrl $(if $(LIB),--lib $(LIB)) --root $(SYNTH_ROOT)

synth-ctrl: $(SYNTH_DEPS)
	@bash scripts/synth-run.sh --module trex_ctrl $(if $(LIB),--lib $(LIB)) --root $(SYNTH_ROOT)

gls: $(SYNTH_DEPS)
	@test -n "$(VEC)" || { echo "make gls: VEC=DIR is required (a vector set directory)"; exit 2; }
	@bash scripts/synth-run.sh --module xbar_tile --config $(VEC)/config.json --vec $(VEC) \
	   $(if $(LIB),--lib $(LIB)) --root $(SYNTH_ROOT) --gls-only

synth-sweep: $(SYNTH_DEPS)
	@bash scripts/synth-sweep.sh $(SYNTH_ROOT)/sweep $(LIB)

synth-check: $(SYNTH_DEPS)
	@bash scripts/synth-check.sh check $(SYNTH_ROOT)/check

synth-baseline: $(SYNTH_DEPS)
	@bash scripts/synth-check.sh baseline $(SYNTH_ROOT)/check

# The main flow measures activity on 8 vectors (the gate-level replay is the
# slow part); `make synth` uses SYNTH_VECS (default 16).
flow-synth: $(SYNTH_DEPS)
	@SYNTH_VECS=8 bash scripts/synth-run.sh --module xbar_tile --config $(DEFAULT_CFG) --root $(SYNTH_ROOT)

test-synth: $(SYNTH_DEPS)
	@bash tests/synth/run.sh

FLOW_TARGETS += flow-synth
TEST_TARGETS += test-synth

help::
	@echo "make synth [LIB=F] [CFG=F]  synthesize tile and controller: area, fmax, power -> $(SYNTH_ROOT)/<module>-<id>/metrics.json"
	@echo "make synth-ctrl [LIB=F]     the controller alone: area, fmax, gate-level replay, power -> $(SYNTH_ROOT)/trex_ctrl-default[-<lib>]/"
	@echo "make gls VEC=DIR [LIB=F]    gate-level replay of the synthesized tile on DIR (must match expected.hex)"
	@echo "make synth-sweep [LIB=F]    area/fmax/energy vs rows, adc_bits, cols_per_adc, cell_bits, encoding -> $(SYNTH_ROOT)/sweep/"
	@echo "make synth-check            compare with synth/baseline/*.json (Before|After|Delta|Status), fail beyond tolerance"
	@echo "make synth-baseline         rewrite synth/baseline/*.json from a fresh run (on purpose only)"
	@echo "make flow-synth             synthesize the default configuration on the default liberty"
	@echo "make test-synth             synthesis flow tests (default liberty and sky130 when present)"
