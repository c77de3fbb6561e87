# Accuracy measurement (issue 12, the measurement side; docs/accuracy.md):
# trex accuracy / trex accuracy-study on the trained model, the search with the
# measured impact, the ADC sweep, the PyTorch peer in the bench.
#   make accuracy [QUICK=1] [ACC_JOBS=1]   the study of tests/accuracy/plan-full.json
#                                          (QUICK=1: plan-quick.json) -> build/accuracy/
#   make accuracy-adc [ACC_JOBS=1]         top-1 against ADC bits, rows, cell bits -> build/accuracy-adc/
#   make accuracy-results                  tests/accuracy/results-accuracy.md and docs/results/accuracy-*.png
#                                          from build/accuracy (the section make paper appends
#                                          to docs/results.md)
#   make accuracy-record                   re-record tests/accuracy/recorded.json from a QUICK run
#                                          (after a deliberate change of the model or the datapath)
#   make bench-accuracy                    (part of make bench) images/s of trex accuracy and of
#                                          the PyTorch peer scripts/vit/inttorch.py -> build/bench/
#   test-accuracy                          (in make test) QUICK against the recorded hashes, the
#                                          trainer's record and intref.py; CLI errors; a synthetic
#                                          model when models/vit-digits is absent; the study in
#                                          parts (--stage) through scripts/regress.sh = one command
# Overrides: ACC_MODEL (default models/vit-digits), ACC_DATA (ACC_MODEL/data),
# ACC_RECORD (ACC_MODEL/record.json).
# Takes from the Makefile: BUILD, TREX, REGRESS_TOOL, SAN, QUICK (50-regress),
#   TEST_TARGETS; adds bench-accuracy to bench (70-bench).

# the user's values (mk/00-safe-vars.mk; issue 15, class 1: they reach the recipes' shell)
$(foreach v,ACC_MODEL ACC_DATA ACC_RECORD,\
  $(if $(call _sv_user,$(v)),$(strip $(call _sv_check,$(v),$(_sv_path),use a path of letters$(,) digits and ._/+$(,):=@%- only,1))))
$(foreach v,ACC_JOBS,\
  $(if $(call _sv_user,$(v)),$(strip $(call _sv_check,$(v),$(_sv_digits),not a whole number (digits only),1))))

ACC_PY     := /usr/bin/python3
ACC_MODEL  ?= models/vit-digits
ACC_DATA   ?= $(ACC_MODEL)/data
ACC_RECORD ?= $(ACC_MODEL)/record.json
ACC_JOBS   ?= 1
ACC_PLAN   := $(if $(filter 1,$(QUICK)),tests/accuracy/plan-quick.json,tests/accuracy/plan-full.json)
ACC_ARGS    = --model $(ACC_MODEL) --data $(ACC_DATA) --record $(ACC_RECORD) --jobs $(ACC_JOBS)

.PHONY: accuracy accuracy-adc accuracy-results accuracy-record bench-accuracy test-accuracy

accuracy: $(TREX)
	@test -f $(ACC_MODEL)/model.json || { echo "accuracy: no model $(ACC_MODEL)/model.json (make train INSTALL=1, or ACC_MODEL=DIR)"; exit 1; }
	@nice -n 10 $(TREX) accuracy-study --plan $(ACC_PLAN) $(ACC_ARGS) --out $(BUILD)/accuracy
	@$(ACC_PY) tests/accuracy/check_summary.py --trex $(TREX) --dir $(BUILD)/accuracy --data $(ACC_DATA) --model $(ACC_MODEL)
	@echo "accuracy: $(BUILD)/accuracy/summary.json, impact.csv, lists.csv, accuracy-edap.png, adc.csv, adc.png"

accuracy-adc: $(TREX)
	@test -f $(ACC_MODEL)/model.json || { echo "accuracy-adc: no model $(ACC_MODEL)/model.json"; exit 1; }
	@nice -n 10 $(TREX) accuracy-study --plan tests/accuracy/plan-adc.json $(ACC_ARGS) --out $(BUILD)/accuracy-adc
	@echo "accuracy-adc: $(BUILD)/accuracy-adc/adc.csv, adc.png, summary.json"

accuracy-results:
	@test -f $(BUILD)/accuracy/summary.json || { echo "accuracy-results: no $(BUILD)/accuracy/summary.json (make accuracy)"; exit 1; }
	@mkdir -p docs/results
	@# a private temporary, removed on failure (a failed run left results-accuracy.md.tmp in the source tree; H155)
	@t=tests/accuracy/results-accuracy.md.tmp.$$$$; trap 'rm -f "$$t"' EXIT INT TERM HUP; \
	  $(ACC_PY) scripts/vit/acc_results.py $(BUILD)/accuracy/summary.json --bench $(BUILD)/bench/accuracy.json \
	  --commit "$$(git rev-parse --short HEAD 2>/dev/null)" > "$$t" && mv -f "$$t" tests/accuracy/results-accuracy.md
	@t=docs/results/accuracy-edap.png.tmp.$$$$; trap 'rm -f "$$t"' EXIT INT TERM HUP; \
	  cp $(BUILD)/accuracy/accuracy-edap.png "$$t" && mv -f "$$t" docs/results/accuracy-edap.png
	@if test -f $(BUILD)/accuracy/adc.png; then t=docs/results/accuracy-adc.png.tmp.$$$$; trap 'rm -f "$$t"' EXIT INT TERM HUP; \
	  cp $(BUILD)/accuracy/adc.png "$$t" && mv -f "$$t" docs/results/accuracy-adc.png; fi
	@echo "accuracy-results: tests/accuracy/results-accuracy.md, docs/results/accuracy-*.png (make paper puts them in docs/results.md)"

accuracy-record: $(TREX)
	@bash tests/accuracy/run-quick.sh $(TREX) $(ACC_MODEL) record

bench-accuracy: $(TREX) $(REGRESS_TOOL)
	@bash scripts/bench-accuracy.sh $(TREX) $(ACC_MODEL)

bench: bench-accuracy

test-accuracy: $(TREX) $(REGRESS_TOOL)
	@bash tests/accuracy/run-bad-inputs.sh $(TREX)
	@bash tests/accuracy/run-synth.sh $(TREX)
ifeq ($(SAN),1)
	@echo "test-accuracy: quick: not run under SAN=1 (4,500 images; the plain make test runs it)"
	@bash tests/accuracy/run-split.sh $(TREX) --no-regress
else
	@bash tests/accuracy/run-split.sh $(TREX)
	@bash tests/accuracy/run-quick.sh $(TREX) $(ACC_MODEL) check
endif

TEST_TARGETS += test-accuracy

help::
	@echo "make accuracy [QUICK=1] [ACC_JOBS=N]  accuracy of every reuse list, ideal and non-ideal, EDAP, search -> build/accuracy/"
	@echo "make accuracy-adc    top-1 against ADC bits, rows, cell bits (CSV + PNG) -> build/accuracy-adc/"
	@echo "make accuracy-results  the accuracy section of docs/results.md from build/accuracy (then make paper)"
	@echo "make accuracy-record re-record tests/accuracy/recorded.json (logits hashes of the QUICK run)"
	@echo "make bench-accuracy  images/s of trex accuracy and of the PyTorch peer (part of make bench) -> build/bench/accuracy.md"
	@echo "make test-accuracy   QUICK study vs recorded hashes, trainer's record, intref.py; CLI errors"
