# EDAP calculator and reuse search (docs/edap.md): make edap, make paper,
# test-edap (CLI error cases) and flow-edap.
# Takes from Makefile: BUILD TREX TEST_TARGETS FLOW_TARGETS.

EDAP_MODEL ?= deit-s
EDAP_REUSE ?= 2,4,6,8,10
EDAP_OUT   := $(BUILD)/edap

.PHONY: edap paper test-edap flow-edap

edap: $(TREX)
	@mkdir -p $(EDAP_OUT)
	@$(TREX) edap --model $(EDAP_MODEL) --reuse $(EDAP_REUSE) --compare > $(EDAP_OUT)/$(EDAP_MODEL).txt.tmp \
	  && mv $(EDAP_OUT)/$(EDAP_MODEL).txt.tmp $(EDAP_OUT)/$(EDAP_MODEL).txt
	@$(TREX) edap --model $(EDAP_MODEL) --reuse $(EDAP_REUSE) --compare --json > $(EDAP_OUT)/$(EDAP_MODEL).json.tmp \
	  && mv $(EDAP_OUT)/$(EDAP_MODEL).json.tmp $(EDAP_OUT)/$(EDAP_MODEL).json
	@head -9 $(EDAP_OUT)/$(EDAP_MODEL).txt
	@$(TREX) edap --model $(EDAP_MODEL) --reuse $(EDAP_REUSE) --sweep --out $(EDAP_OUT)/sweep-$(EDAP_MODEL)
	@$(TREX) search --model $(EDAP_MODEL) --delay-budget 0.8x --max-reuse 8 \
	  --pareto $(EDAP_OUT)/pareto-$(EDAP_MODEL).csv > $(EDAP_OUT)/search-$(EDAP_MODEL).txt.tmp \
	  && mv $(EDAP_OUT)/search-$(EDAP_MODEL).txt.tmp $(EDAP_OUT)/search-$(EDAP_MODEL).txt
	@if ls $(BUILD)/synth/xbar_tile-*/metrics.json >/dev/null 2>&1; then \
	   $(TREX) edap --model $(EDAP_MODEL) --reuse $(EDAP_REUSE) --compare --synth $(BUILD)/synth \
	     > $(EDAP_OUT)/$(EDAP_MODEL)-synth.txt.tmp && mv $(EDAP_OUT)/$(EDAP_MODEL)-synth.txt.tmp $(EDAP_OUT)/$(EDAP_MODEL)-synth.txt \
	     && echo "edap: with the synthesised digital periphery ($(BUILD)/synth): $(EDAP_OUT)/$(EDAP_MODEL)-synth.txt" \
	     || { rm -f $(EDAP_OUT)/$(EDAP_MODEL)-synth.txt.tmp; exit 1; }; \
	 else echo "edap: no $(BUILD)/synth/xbar_tile-*/metrics.json yet: digital periphery from the technology table"; fi
	@echo "edap: $(EDAP_OUT)/$(EDAP_MODEL).txt, $(EDAP_OUT)/$(EDAP_MODEL).json (baseline vs reuse $(EDAP_REUSE)),"
	@echo "      $(EDAP_OUT)/sweep-$(EDAP_MODEL)/, $(EDAP_OUT)/search-$(EDAP_MODEL).txt, $(EDAP_OUT)/pareto-$(EDAP_MODEL).csv(.png)"

paper: $(TREX)
	@bash tests/edap/paper.sh $(TREX)

test-edap: $(TREX)
	@TREX=$(TREX) bash tests/edap/run-cli-errors.sh
	@/usr/bin/python3 tests/edap/neurosim_derive.py tech/neurosim-runs.json --check tech/neurosim-22nm.json
	@/usr/bin/python3 tests/edap/neurosim_compare.py $(TREX) tech/neurosim-runs.json tech/neurosim-22nm.json tech/neurosim-chip.json --check-goal

flow-edap: edap

TEST_TARGETS += test-edap
FLOW_TARGETS += flow-edap

help::
	@echo "make edap [EDAP_MODEL=deit-s] [EDAP_REUSE=2,4,6,8,10]  baseline vs reuse, sweep, search"
	@echo "make paper           docs/results.md: both technology tables x three dataflows against the paper,"
	@echo "                     the NeuroSim V1.4 side-by-side and held-out errors"
