# Robustness: libFuzzer harnesses for every reader of user files
# (tests/fuzz/), the replay of kept crashing inputs, valgrind memcheck over the
# CLI, and the bad-input table's tests (tests/robust/, docs/bad-inputs.md).
# Takes from Makefile: BUILD LIB_SRCS CJSON_CFLAGS LDLIBS TREX REGRESS_TOOL
#   TEST_TARGETS.

FUZZ_CC       ?= $(shell command -v clang 2>/dev/null || command -v clang-14 2>/dev/null || echo clang)
FUZZ_SECONDS  ?= 60
FUZZ_HARNESSES := vecset hex config chip tech model reuse impact npy modeljson modeldir dataset plan
FUZZ_OUT      := $(BUILD)/fuzz
FUZZ_SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS   := -std=c11 -g -O1 -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter \
                 -Ic-model -Itests/fuzz $(CJSON_CFLAGS) $(FUZZ_SANFLAGS) -fsanitize=fuzzer-no-link
FUZZ_LIB_OBJS := $(patsubst %.c,$(FUZZ_OUT)/obj/%.o,$(LIB_SRCS))
FUZZ_BINS     := $(patsubst %,$(FUZZ_OUT)/bin/fuzz_%,$(FUZZ_HARNESSES))
VALGRIND      ?= valgrind

.PHONY: fuzz fuzz-build test-fuzz-regress valgrind test-valgrind test-robust

$(FUZZ_OUT)/obj/%.o: %.c $(wildcard c-model/*.h c-model/*.def tests/fuzz/*.h)
	@mkdir -p $(@D)
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_OUT)/bin/fuzz_%: $(FUZZ_OUT)/obj/tests/fuzz/fuzz_%.o $(FUZZ_OUT)/obj/tests/fuzz/fuzz_util.o $(FUZZ_LIB_OBJS)
	@mkdir -p $(@D)
	$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SANFLAGS) -o $@ $^ $(LDLIBS)

fuzz-build: $(FUZZ_BINS)

# make fuzz FUZZ_SECONDS=N: each harness N seconds, build/fuzz/summary.json
fuzz: $(FUZZ_BINS) $(REGRESS_TOOL)
	@JSONW=$(REGRESS_TOOL) bash tests/fuzz/run-fuzz.sh $(FUZZ_OUT)/bin $(FUZZ_SECONDS) $(FUZZ_HARNESSES)

# kept crashing inputs and seeds, once each, under ASan+UBSan (seconds)
test-fuzz-regress: $(FUZZ_BINS)
	@bash tests/fuzz/replay.sh $(FUZZ_OUT)/bin $(FUZZ_HARNESSES)

TEST_TARGETS += test-fuzz-regress

help::
	@echo "make fuzz [FUZZ_SECONDS=60]  libFuzzer on every file reader; build/fuzz/summary.json"
	@echo "make test-fuzz-regress       replay kept crashing inputs (ASan+UBSan)"

# valgrind memcheck over the CLI (the plain build: valgrind and ASan exclude
# each other, so SAN=1 still checks build/bin/trex)
valgrind:
	@$(MAKE) --no-print-directory SAN=0 build >/dev/null
	@VALGRIND=$(VALGRIND) bash scripts/valgrind-cli.sh $(BUILD)/bin/trex

test-valgrind: valgrind

TEST_TARGETS += test-valgrind

help::
	@echo "make valgrind        valgrind memcheck over every trex subcommand (good and error paths)"

# docs/bad-inputs.md: controller/EDAP/JSON/CSV readers, options, missing tools
# (run-hardening.sh and run-interrupt.sh build a units testbench: H129-H131;
# run-hardening.sh builds tb_core with core_params, whose rule is in
# mk/90-core.mk: H134-H140, H157)
test-robust: $(TREX) $(OBJ)/testbench/tb_units.a $(LIBTREX) $(BUILD)/sim-core/core_params
	@TREX=$(TREX) bash tests/robust/run-bad-inputs.sh

TEST_TARGETS += test-robust

help::
	@echo "make test-robust     bad inputs of docs/bad-inputs.md (readers, options, missing tools)"

# issue 15, classes 5 and 6: commands and targets run at the same time on one
# output, and interrupted (tests/robust/run-concurrency.sh, run-interrupt.sh;
# docs/bad-inputs.md, "Concurrency and interruption"). The -long variants
# add rounds and the slow targets (Verilator builds, synthesis, regress,
# mutate, bench).
test-concurrency: $(TREX) $(TB_MAIN_O)
	@TREX=$(TREX) bash tests/robust/run-concurrency.sh

test-interrupt: $(TREX) $(FUZZ_OUT)/bin/fuzz_hex $(FUZZ_OUT)/bin/fuzz_reuse $(OBJ)/testbench/tb_units.a $(LIBTREX)
	@TREX=$(TREX) bash tests/robust/run-interrupt.sh

test-concurrency-long: $(TREX) $(TB_MAIN_O) $(REGRESS_TOOL)
	@TREX=$(TREX) bash tests/robust/run-concurrency.sh --long

test-interrupt-long: $(TREX) $(FUZZ_OUT)/bin/fuzz_hex $(FUZZ_OUT)/bin/fuzz_reuse $(OBJ)/testbench/tb_units.a $(LIBTREX) $(REGRESS_TOOL) $(BUILD)/bench/bench_model $(BUILD)/sim-core/core_params
	@TREX=$(TREX) bash tests/robust/run-interrupt.sh --long

.PHONY: test-concurrency test-interrupt test-concurrency-long test-interrupt-long
TEST_TARGETS += test-concurrency test-interrupt

help::
	@echo "make test-concurrency         pairs of commands/targets on one output at once, verdicts as alone"
	@echo "make test-interrupt           SIGINT/SIGTERM during long commands: children stopped, no temporaries"
	@echo "make test-concurrency-long    the same with more rounds, Verilator builds, synthesis, regress"
	@echo "make test-interrupt-long      the same with make mutate and make bench"
