# Attention-reuse controller: RTL (rtl/trex_ctrl.f, top trex_ctrl) against the
# C model (c-model/ctrl_schedule), one Verilator build, all configurations in
# one process (docs/controller.md); the contract table's generated faces.
# Takes from Makefile: BUILD OBJ LIBTREX TREX VERILATE TEST_TARGETS.
# Gives: RTL_CTRL, TB_CTRL (30-synth, 50-regress).

RTL_CTRL      := $(shell bash scripts/rtl-files.sh trex_ctrl)
# the controller's C testbench (ctrl_tb_*.c), one archive
TB_CTRL       := $(OBJ)/testbench/tb_ctrl.a
TB_CTRL_O     := $(patsubst %.c,$(OBJ)/%.o,$(wildcard testbench/ctrl_tb_*.c))
CTRL_SIM      := $(BUILD)/sim-ctrl/tb_ctrl
CTRL_SEED     ?= 1
CTRL_RANDOM   ?= 1000

.PHONY: sim-ctrl lint-ctrl contract test-contract

$(TB_CTRL): $(TB_CTRL_O)
	@$(ATOMIC_OUT) ar rcs "$$t" $^ && mv -f "$$t" $@

$(CTRL_SIM): $(RTL_CTRL) testbench/ctrl_dut.cpp testbench/ctrl_dut.h testbench/dut_cov.h testbench/vl_port.h $(TB_CTRL) $(LIBTREX) $(VERILATE)
	@echo "verilating trex_ctrl ..."
	@OBJ=$(OBJ) bash $(VERILATE) --top trex_ctrl --out $(@D) --exe tb_ctrl

sim-ctrl: $(CTRL_SIM)
	@$(CTRL_SIM) --seed $(CTRL_SEED) --random $(CTRL_RANDOM)

# the controller's part of make lint: verilator -Wall, Yosys 0.23, Icarus,
# the contract check
lint-ctrl: $(TREX)
	@bash scripts/lint-rtl.sh --only ctrl

# rtl/ctrl_pkg.sv and the tables of docs/controller.md from the contract
# table c-model/ctrl_contract.def (make lint fails while they differ)
contract: $(TREX)
	@$(TREX) contract --sv-file rtl/ctrl_pkg.sv --doc docs/controller.md
	@echo "contract: rtl/ctrl_pkg.sv and the tables of docs/controller.md written from c-model/ctrl_contract.def"

# an edit of the contract in one place only fails make lint (a copy of the
# tree under build/test/contract)
test-contract:
	@bash tests/contract/run.sh

TEST_TARGETS += sim-ctrl test-contract

help::
	@echo "make sim-ctrl [CTRL_SEED=1] [CTRL_RANDOM=1000]  RTL controller against the C model"
	@echo "make test-contract   an edit of the contract in one place only fails make lint (a copy of the tree)"
	@echo "make lint-ctrl       the controller RTL through verilator -Wall, yosys, iverilog; the contract check"
	@echo "make contract        rewrite rtl/ctrl_pkg.sv and the docs/controller.md tables from c-model/ctrl_contract.def"
