# The RTL as reusable IP: the file lists rtl/xbar_tile.f and rtl/trex_ctrl.f
# (the only lists of RTL files; scripts/rtl-files.sh reads them) and the
# FuseSoC core rtl/trex.core, checked by FuseSoC itself.
# Takes from Makefile: BUILD, TEST_TARGETS.

.PHONY: fusesoc test-fusesoc

# FuseSoC (from PyPI, in build/fusesoc/venv) on the core: core-info, the
# lint targets of both tops, the Icarus simulation build, the Yosys set-up
fusesoc:
	@bash tests/fusesoc/run.sh

test-fusesoc: fusesoc

TEST_TARGETS += test-fusesoc

help::
	@echo "make fusesoc         FuseSoC (PyPI, venv under $(BUILD)/fusesoc) checks rtl/trex.core: lint targets, sim and synth set-up"
