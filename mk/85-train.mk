# Training side of the accuracy study (issue 12; docs/accuracy.md): the tiny ViT on
# scikit-learn's digits, its transformation blocks, export to the integer contract.
#   make train [TRAIN_SEED=1] [INSTALL=1]   reproduce the committed models in build/train/
#                                           (INSTALL=1: copy them into models/ after the check)
#   make train-noise [NOISE_SEEDS="1 2 3"]  seed-to-seed spread (build/train-noise/)
#   make train-check                        short torch checks: bit-identical rerun, stages
#   test-train (in make test)               committed models and split; NumPy only
# Training needs the optional packages (scripts/install-deps.sh --train); make and
# make test do not.
# Takes from the Makefile: BUILD, TREX, TEST_TARGETS.

# the user's values (mk/00-safe-vars.mk; issue 15, class 1: they reach the recipes' shell)
$(foreach v,TRAIN_SEED,\
  $(if $(call _sv_user,$(v)),$(strip $(call _sv_check,$(v),$(_sv_digits),not a whole number (digits only),1))))
$(foreach v,NOISE_SEEDS,\
  $(if $(call _sv_user,$(v)),$(strip $(call _sv_check,$(v),$(_sv_digits),not a list of whole numbers (digits and blanks only),))))
$(foreach v,TRAIN_DEDICATED,\
  $(if $(call _sv_user,$(v)),$(strip $(call _sv_check,$(v),$(_sv_digits) $(,) /,not a list of encoder lists (e.g. 3$(,)4/2$(,)3),1))))

PY_SYS          := /usr/bin/python3
TRAIN_OUT       := $(BUILD)/train
TRAIN_SEED      ?= 1
TRAIN_DEDICATED ?= 3,4,5/2,3,4,5/1,2,3,4,5
NOISE_SEEDS     ?= 1 2 3
NOISE_OUT       := $(BUILD)/train-noise

.PHONY: train train-noise train-check test-train

train:
	@bash scripts/install-deps.sh --train
	@nice -n 10 $(PY_SYS) scripts/vit/train_digits.py all --out $(TRAIN_OUT) --seed $(TRAIN_SEED) \
	  --dedicated '$(TRAIN_DEDICATED)' $(if $(filter 1,$(INSTALL)),--install)
	@echo "train: checkpoints, model directories and record.json in $(TRAIN_OUT)/"

train-noise:
	@bash scripts/install-deps.sh --train
	@nice -n 10 $(PY_SYS) scripts/vit/train_digits.py noise --out $(NOISE_OUT) --seeds '$(NOISE_SEEDS)'
	@echo "train-noise: $(NOISE_OUT)/noise.json"

train-check:
	@bash scripts/install-deps.sh --train
	@nice -n 10 bash tests/train/run-train-check.sh $(BUILD)/train-check

test-train: $(TREX)
	@$(PY_SYS) -c 'import numpy' 2>/dev/null || { echo "test-train: /usr/bin/python3 has no numpy (scripts/install-deps.sh)"; exit 1; }
	@mkdir -p $(BUILD)/test/train
	@if TREX=$(TREX) $(PY_SYS) tests/train/test_models.py -v > $(BUILD)/test/train/test_models.log 2>&1; then \
	   echo "test-train: $$(grep -c ' ok$$' $(BUILD)/test/train/test_models.log) tests passed ($(BUILD)/test/train/test_models.log)"; \
	 else tail -n 30 $(BUILD)/test/train/test_models.log; echo "test-train: FAILED ($(BUILD)/test/train/test_models.log)"; exit 1; fi

TEST_TARGETS += test-train

help::
	@echo "make train [TRAIN_SEED=1] [INSTALL=1]  train the digits ViT + TBs, export, check against models/ (build/train/)"
	@echo "make train-noise [NOISE_SEEDS=\"1 2 3\"] seed-to-seed accuracy spread (build/train-noise/noise.json)"
	@echo "make train-check       torch checks: bit-identical reruns of every stage, export determinism (build/train-check/)"
	@echo "make test-train      the committed models and their split: shapes, the trainer's record, trex infer (NumPy only; in make test)"
