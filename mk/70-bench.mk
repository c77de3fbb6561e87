# Benchmarks (not part of `make test`): scripts/bench.sh, docs/performance.md.
# Takes from Makefile: BUILD CC CFLAGS_BASE LDLIBS (it builds SAN=0 itself).
#   make bench [BENCH_RUNS=3] [BENCH_N_LOCK=20000] [BENCH_N_FILE=4000]
#              [BENCH_N_SLOW=300] [BENCH_COCOTB=1] [BENCH_CONFIGS="cfg.json ..."]
#              [BENCH_MODEL_CONFIGS="cfg.json ..."] [BENCH_N_IDLE=2000000]
#              [BENCH_TILE_BEFORE=REV] [BENCH_MANY=1] [BENCH_MANY_N="64"]
#              [BENCH_MANY_VARIANTS="tileclass hier"] [BENCH_CORE=0]
#   make bench-many [BENCH_MANY_N="16 64 256"] [BENCH_MANY_VARIANTS="base tileclass hier threads2"]
#              [BENCH_MANY_BUSY=4] [BENCH_MANY_RUNS=3]
#              Verilator options for many tiles: scripts/bench-many.sh

#   make bench-core [BENCH_CORE_TINY_N=20] [BENCH_CORE_DIGITS_N=2] [BENCH_CORE_INFER_N=2000]
#              [BENCH_CORE_ICARUS_DIGITS=1] [BENCH_RUNS=1]
#              the accelerator top alone: scripts/bench-core.sh

.PHONY: bench bench-many bench-core

$(BUILD)/bench/bench_model: bench/bench_model.c tests/unit/xbar_ref.c tests/unit/xbar_ref.h $(BUILD)/obj/libtrex.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_BASE) -O2 -Itests/unit -o $@ bench/bench_model.c tests/unit/xbar_ref.c $(BUILD)/obj/libtrex.a $(LDLIBS)

# the user's values (mk/00-safe-vars.mk; issue 15, class 1: they reach the recipes' shell)
$(foreach v,BENCH_RUNS,\
  $(if $(call _sv_user,$(v)),$(strip $(call _sv_check,$(v),$(_sv_digits),not a whole number (digits only),1))))

bench:
	@$(MAKE) --no-print-directory SAN=0 build $(BUILD)/bench/bench_model $(CORE_PARAMS_BIN) >/dev/null
	@BENCH_RUNS=$(or $(BENCH_RUNS),3) bash scripts/bench.sh

# BENCH_MANY_* reach the script through the environment (it checks them)
bench-many:
	@bash scripts/bench-many.sh --out $(BUILD)/bench/many

# the accelerator top: Verilator, Icarus and the C model on the same images
bench-core:
	@$(MAKE) --no-print-directory SAN=0 build $(CORE_PARAMS_BIN) >/dev/null
	@bash scripts/bench-core.sh --out $(BUILD)/bench/core --runs $(or $(BENCH_RUNS),1)

help::
	@echo "make bench           throughput side by side (model kernels, testbench, bare loop busy/idle, Icarus, cocotb, many tiles, search) -> build/bench/results.json"
	@echo "make bench-core      trex_core: images and cycles per CPU s, Verilator vs Icarus vs trex infer (tiny, vit-digits) -> build/bench/core/results.json"
	@echo "make bench-many      Verilator build options for N = 16..256 tiles (build time and memory, cycles/s) -> build/bench/many/results.md"
