# Attention reuse against token pruning and weight sharing (issue 18;
# docs/controller.md "Pruning and sharing", docs/encoder-int.md, docs/results.md):
#   test-strat        (in make test) bad pruning/sharing inputs (docs/bad-inputs.md G..)
#                     and the golden model against intref.py on pruned and shared models
# The unit tests (tests/unit/test_strat.c) run in test-unit.

.PHONY: test-strat

test-strat: $(TREX)
	@TREX=$(TREX) bash tests/strat/run-bad-inputs.sh
	@bash tests/strat/run-intref.sh $(TREX)
	@bash tests/strat/run-compare.sh $(TREX)

TEST_TARGETS += test-strat

help::
	@echo "make test-strat      pruning and sharing: bad inputs (G..), golden model vs intref.py"

# make compare-strategies: the comparison table and plot on the committed models
# (tests/strat/plan.json; no training), into build/compare-strategies/
.PHONY: compare-strategies strat-train strat-pick
compare-strategies: $(TREX)
	@nice -n 10 $(TREX) compare-strategies --plan tests/strat/plan.json --out $(BUILD)/compare-strategies --force
	@echo "compare-strategies: $(BUILD)/compare-strategies/compare.md, compare.csv, compare.png, summary.json"

# make strat-train [STRAT_INIT=build/train/shared.pt]: retrains the pruned, shared and
# dedicated-reuse models of tests/strat/strategies.json from option (a)'s checkpoint
# (make train writes it) into build/strat-train/ (copy into models/ by hand after review)
# the user's values (mk/00-safe-vars.mk; issue 15, class 1: they reach the recipes' shell)
$(foreach v,STRAT_INIT,\
  $(if $(call _sv_user,$(v)),$(strip $(call _sv_check,$(v),$(_sv_path),use a path of letters$(,) digits and ._/+$(,):=@%- only,1))))
STRAT_INIT ?= $(BUILD)/train/shared.pt
strat-train:
	@test -f $(STRAT_INIT) || { echo "strat-train: no $(STRAT_INIT) (make train first, or STRAT_INIT=CKPT)"; exit 1; }
	@nice -n 10 /usr/bin/python3 scripts/vit/train_strat.py --init $(STRAT_INIT) --configs tests/strat/strategies.json --out $(BUILD)/strat-train
	@echo "strat-train: $(BUILD)/strat-train/<model>/, record.json"

# make strat-pick: re-derives the pruning and sharing configurations by their rules
# (exhaustive enumeration with trex edap) and checks tests/strat/strategies.json
strat-pick: $(TREX)
	@nice -n 10 /usr/bin/python3 scripts/vit/strat_pick.py --trex $(TREX) --check tests/strat/strategies.json

help::
	@echo "make compare-strategies  reuse vs token pruning vs weight sharing at matched EDAP: table + plot (build/compare-strategies/)"
	@echo "make strat-train     retrain the pruned/shared/dedicated models of tests/strat/strategies.json (needs make train)"
	@echo "make strat-pick      re-derive the pruning/sharing configurations and check strategies.json"
