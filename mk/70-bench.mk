# Benchmarks (not part of `make test`): scripts/bench.sh, docs/performance.md.
# Takes from Makefile: BUILD CC CFLAGS_BASE LDLIBS (it builds SAN=0 itself).
#   make bench [BENCH_RUNS=3] [BENCH_N_LOCK=20000] [BENCH_N_FILE=4000]
#              [BENCH_N_SLOW=300] [BENCH_COCOTB=1] [BENCH_CONFIGS="cfg.json ..."]

.PHONY: bench

$(BUILD)/bench/bench_model: bench/bench_model.c tests/unit/xbar_ref.c tests/unit/xbar_ref.h $(BUILD)/obj/libtrex.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_BASE) -O2 -Itests/unit -o $@ bench/bench_model.c tests/unit/xbar_ref.c $(BUILD)/obj/libtrex.a $(LDLIBS)

bench:
	@$(MAKE) --no-print-directory SAN=0 build $(BUILD)/bench/bench_model >/dev/null
	@BENCH_RUNS=$(or $(BENCH_RUNS),3) bash scripts/bench.sh

help::
	@echo "make bench           throughput side by side (model, testbench, bare loop, Icarus, cocotb, search) -> build/bench/results.json"
