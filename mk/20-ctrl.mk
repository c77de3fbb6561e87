# Attention-reuse controller: RTL (rtl/ctrl_*.sv, top trex_ctrl) against the
# C model (c-model/ctrl_schedule), one Verilator build, all configurations in
# one process (docs/controller.md).

RTL_CTRL      := $(sort $(wildcard rtl/ctrl_*.sv))
CTRL_TB_O     := $(OBJ)/testbench/ctrl_tb_main.o
CTRL_SIM      := $(BUILD)/sim-ctrl/tb_ctrl
CTRL_SEED     ?= 1
CTRL_RANDOM   ?= 1000

.PHONY: sim-ctrl lint-ctrl

$(CTRL_SIM): $(RTL_CTRL) testbench/ctrl_dut.cpp testbench/ctrl_dut.h $(CTRL_TB_O) $(LIBTREX)
	@mkdir -p $(@D)
	@rm -f $@  # the Verilator makefile does not see the testbench object: force the link
	@echo "verilating trex_ctrl ..."
	@$(VERILATOR) --cc --exe --build -j 2 --top-module trex_ctrl -Wall \
	  --x-assign unique --x-initial unique \
	  --Mdir $(@D)/obj -o ../tb_ctrl $(if $(OBJCACHE),-MAKEFLAGS "OBJCACHE=ccache",) \
	  -CFLAGS "-O1 -I$(abspath testbench) -I$(abspath c-model) $(CJSON_CFLAGS)" \
	  -LDFLAGS "$(abspath $(CTRL_TB_O)) $(abspath $(LIBTREX)) $(LDLIBS)" \
	  $(abspath $(RTL_CTRL)) $(abspath testbench/ctrl_dut.cpp) > $(@D)/verilator.log 2>&1 \
	  || { tail -30 $(@D)/verilator.log; echo "make: Verilator build of trex_ctrl failed (log: $(@D)/verilator.log)"; exit 1; }

sim-ctrl: $(CTRL_SIM)
	@$(CTRL_SIM) --seed $(CTRL_SEED) --random $(CTRL_RANDOM)

# verilator -Wall, Yosys 0.23 and Icarus over the controller alone
lint-ctrl:
	@verilator --lint-only -Wall --top-module trex_ctrl $(RTL_CTRL)
	@yosys -q -p "read_verilog -sv $(RTL_CTRL); hierarchy -check -top trex_ctrl; proc; check -assert"
	@iverilog -g2012 -o /dev/null -s trex_ctrl $(RTL_CTRL)
	@echo "lint-ctrl: verilator, yosys and iverilog accept $(words $(RTL_CTRL)) files"

TEST_TARGETS += sim-ctrl

help::
	@echo "make sim-ctrl [CTRL_SEED=1] [CTRL_RANDOM=1000]  RTL controller against the C model"
	@echo "make lint-ctrl       the controller RTL through verilator -Wall, yosys, iverilog"
