# Regression: make regress [QUICK=1], make regress-baseline,
# make mutate, test-regress-tools (docs/regression.md).
# Takes from Makefile: LIBTREX TREX REGRESS_TOOL TEST_TARGETS; from 10-tile:
#   TB_XBAR; from 20-ctrl: TB_CTRL; from 82-units: TB_UNITS; from 55-slurm:
#   MUTATE_FLAGS (SCHED, PARTITION).

QUICK   ?=
JOBS    ?= 2
REGRESS_FLAGS := $(if $(filter 1 yes true,$(QUICK)),--quick,) --jobs $(JOBS)

.PHONY: regress regress-baseline mutate test-regress-tools test-mutate-key

# make regress [QUICK=1] [JOBS=2]: build/regress/{summary.json,junit.xml,report.md,manifest.json}
regress: $(TREX) $(REGRESS_TOOL)
	@bash scripts/regress.sh $(REGRESS_FLAGS)

# runs the regression of that level and rewrites regress/baseline-<level>.json
regress-baseline: $(TREX) $(REGRESS_TOOL)
	@bash scripts/regress.sh $(REGRESS_FLAGS) --baseline

# make mutate [MUT_N=...] [MUT_JOBS=2]: build/mutate/summary.json
MUT_JOBS ?= 2
mutate: $(TREX) $(TB_XBAR) $(TB_CTRL) $(TB_UNITS) $(LIBTREX) $(REGRESS_TOOL)
	@bash scripts/mutate.sh --jobs $(MUT_JOBS) $(if $(MUT_N),--per-set $(MUT_N),) $(MUTATE_FLAGS)

# the resume key of every mutation set covers every project file its build
# reads (gcc -MM over the set's testbench; seconds)
test-mutate-key:
	@bash tests/mutate/key.sh build/test/mutate-key
	@bash tests/mutate/lemmas.sh build/test/mutate-lemmas
	@echo "test-mutate-key: outputs in build/test/mutate-key/"

TEST_TARGETS += test-mutate-key

# the summary, JUnit, report, baseline, coverage and mutation writers on
# canned inputs, a failing run among them (seconds)
test-regress-tools: $(REGRESS_TOOL)
	@bash tests/regress/run-tools.sh $(REGRESS_TOOL)

TEST_TARGETS += test-regress-tools

help::
	@echo "make regress [QUICK=1] [JOBS=2]  tile matrix, controller, Icarus, GLS, synth-check, EDAP in parallel;"
	@echo "                     build/regress/summary.json, junit.xml, report.md (against regress/baseline-*.json)"
	@echo "make regress-baseline [QUICK=1]  run the regression and rewrite its committed baseline"
	@echo "make mutate [MUT_JOBS=2]  Yosys mutants of the tile and controller through the quick checks;"
	@echo "                     build/mutate/summary.json (kill rate, survivors, equivalence proofs)"
	@echo "make test-mutate-key  every file a mutation set's build reads is in its resume key; stated lemmas reach their cell only"
