# TReX IMC co-verification harness.
#   make        install missing packages, build, run the main flow (default config)
#   make test   every test
#   make help   the targets
SHELL := /bin/bash
.DEFAULT_GOAL := all
.DELETE_ON_ERROR:
.SECONDARY:

BUILD   := build
SAN     ?= 0
CC      ?= gcc
ifeq ($(CC),cc)
CC := gcc
endif
CJSON_CFLAGS := $(shell pkg-config --cflags libcjson 2>/dev/null || echo -I/usr/include/cjson)
CFLAGS_BASE  := -std=c11 -g -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter \
                -Ic-model -Ic-model/cli $(CJSON_CFLAGS)
LDLIBS  := -lcjson -lm

ifeq ($(SAN),1)
OBJ     := $(BUILD)/san
CFLAGS  := $(CFLAGS_BASE) -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS := -fsanitize=address,undefined
BIN     := $(BUILD)/san/bin
else
OBJ     := $(BUILD)/obj
CFLAGS  := $(CFLAGS_BASE) -O2
LDFLAGS :=
BIN     := $(BUILD)/bin
endif

LIB_SRCS := $(wildcard c-model/*.c)
CLI_SRCS := $(wildcard c-model/cli/*.c)
LIB_OBJS := $(patsubst %.c,$(OBJ)/%.o,$(LIB_SRCS))
CLI_OBJS := $(patsubst %.c,$(OBJ)/%.o,$(CLI_SRCS))
LIBTREX  := $(OBJ)/libtrex.a
TREX     := $(BIN)/trex
# the harness's writers (JSON, reports, summaries) for the shell scripts
REGRESS_TOOL := $(BIN)/regress-tool
# the one Verilator recipe (every build of a Verilated model goes through it);
# VERILATOR=path picks another Verilator
VERILATE := scripts/verilate.sh
VERILATOR ?= verilator
export VERILATOR

# Targets each area (mk/*.mk) adds to `make test` and to the main flow; each
# fragment names at its top what it takes from here and from the others.
TEST_TARGETS :=
FLOW_TARGETS :=

.PHONY: all deps build flow test help clean

all: deps
	@$(MAKE) --no-print-directory build
	@$(MAKE) --no-print-directory flow

deps:
	@bash scripts/install-deps.sh

build: $(TREX) $(REGRESS_TOOL)

# Every build output is written to a temporary name and renamed into place
# (removed again when the recipe is interrupted): two makes at once (make
# test beside make regress) never read an object, archive or binary that
# the other is half-way through writing (issue 15, class 5).
ATOMIC_OUT = t=$@.tmp.$$$$; trap 'rm -f "$$t"' EXIT INT TERM HUP;

$(OBJ)/%.o: %.c $(wildcard c-model/*.h c-model/*.def c-model/cli/*.h testbench/*.h)
	@mkdir -p $(@D)
	@echo "$(CC) $(CFLAGS) -c -o $@ $<"; $(ATOMIC_OUT) $(CC) $(CFLAGS) -c -o "$$t" $< && mv -f "$$t" $@

$(LIBTREX): $(LIB_OBJS)
	@mkdir -p $(@D)
	@echo "ar rcs $@ ..."; $(ATOMIC_OUT) ar rcs "$$t" $^ && mv -f "$$t" $@

$(TREX): $(CLI_OBJS) $(LIBTREX)
	@mkdir -p $(@D)
	@$(ATOMIC_OUT) $(CC) $(LDFLAGS) -o "$$t" $(CLI_OBJS) $(LIBTREX) $(LDLIBS) && mv -f "$$t" $@
	@echo "built $@"

$(REGRESS_TOOL): scripts/regress-tool.c $(LIBTREX)
	@mkdir -p $(@D)
	@echo "$(CC) ... -o $@ $<"; $(ATOMIC_OUT) $(CC) $(CFLAGS) $(LDFLAGS) -o "$$t" $< $(LIBTREX) $(LDLIBS) && mv -f "$$t" $@

include $(sort $(wildcard mk/*.mk))

# SAN=1: the C code under AddressSanitizer and UndefinedBehaviorSanitizer,
# running the test groups that exercise only C (the Verilated models are
# not rebuilt with sanitizers).
SAN_TEST_GROUPS := test-unit test-edap test-robust test-fuzz-regress test-encoder test-accuracy
ifeq ($(SAN),1)
TEST_TARGETS := $(filter $(SAN_TEST_GROUPS),$(TEST_TARGETS))
endif

flow: $(FLOW_TARGETS)

# Every group runs (a failed one does not stop the others); the last line
# counts the groups that ran and passed or failed.
test:
	@pass=0; fail=0; failed=""; \
	for t in $(TEST_TARGETS); do \
	  echo "== test group $$t"; \
	  if $(MAKE) --no-print-directory $$t; then pass=$$((pass + 1)); \
	  else fail=$$((fail + 1)); failed="$$failed $$t"; fi; \
	done; \
	echo "test groups: $(TEST_TARGETS)"; \
	if [ $$fail -ne 0 ]; then echo "test: failed groups:$$failed"; fi; \
	echo "test: $$pass passed, $$fail failed"; \
	[ $$fail -eq 0 ]

clean:
	rm -rf $(BUILD)

help::
	@echo "make                 install missing packages, build, run the main flow"
	@echo "make test            every test (SAN=1: C code under ASan/UBSan)"
	@echo "make clean           remove build/"
