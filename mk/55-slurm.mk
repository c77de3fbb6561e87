# Slurm back end (docs/slurm.md): SCHED=slurm runs the regression, the
# mutation run and the synthesis sweep as job arrays on the cluster that
# SLURM_CONF names (or, when it is unset, the private cluster of
# `make slurm-start`). Takes from 50-regress.mk: REGRESS_FLAGS.

SCHED     ?= local
PARTITION ?=
SLURM_LOCAL_DIR := $(BUILD)/slurm-local
ifeq ($(SCHED),slurm)
ifeq ($(origin SLURM_CONF),undefined)
ifneq ($(wildcard $(SLURM_LOCAL_DIR)/slurm.conf),)
export SLURM_CONF := $(abspath $(SLURM_LOCAL_DIR)/slurm.conf)
endif
endif
endif
export SCHED PARTITION
REGRESS_FLAGS += --sched $(SCHED) $(if $(PARTITION),--partition $(PARTITION),)
MUTATE_FLAGS += --sched $(SCHED) $(if $(PARTITION),--partition $(PARTITION),)

.PHONY: slurm-start slurm-stop slurm-status test-slurm

slurm-start:
	@bash scripts/slurm-local.sh start --dir $(SLURM_LOCAL_DIR)

slurm-stop:
	@bash scripts/slurm-local.sh stop --dir $(SLURM_LOCAL_DIR)

slurm-status:
	@bash scripts/slurm-local.sh status --dir $(SLURM_LOCAL_DIR)

# a small regression through a private cluster against the local back end,
# and the fault cases (killed, timed out, tool missing, Ctrl-C)
test-slurm: $(TREX) $(REGRESS_TOOL)
	@bash tests/slurm/scale.sh
	@bash tests/slurm/run.sh

TEST_TARGETS += test-slurm

help::
	@echo "make slurm-start|slurm-stop|slurm-status  a private single-node Slurm cluster ($(SLURM_LOCAL_DIR))"
	@echo "make regress|mutate|synth-sweep SCHED=slurm [PARTITION=P]  run as Slurm job arrays (docs/slurm.md)"
	@echo "make test-slurm      the Slurm back end against the local one on a private cluster"
