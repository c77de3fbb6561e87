# Attention reuse against token pruning and weight sharing (issue 18;
# docs/controller.md "Pruning and sharing", docs/encoder-int.md, docs/results.md):
#   test-strat        (in make test) bad pruning/sharing inputs (docs/bad-inputs.md G..)
#                     and the golden model against intref.py on pruned and shared models
# The unit tests (tests/unit/test_strat.c) run in test-unit.

.PHONY: test-strat

test-strat: $(TREX)
	@TREX=$(TREX) bash tests/strat/run-bad-inputs.sh
	@bash tests/strat/run-intref.sh $(TREX)

TEST_TARGETS += test-strat

help::
	@echo "make test-strat      pruning and sharing: bad inputs (G..), golden model vs intref.py"
