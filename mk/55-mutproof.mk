# Mutation proofs (issue 15): the recipe of scripts/mutate-proof.sh checked
# on designs with known answers (docs/regression.md, "Mutation proofs").
# Takes from the Makefile: TREX, TEST_TARGETS.

.PHONY: test-mutate-proof test-mutate-proof-real

# a toy design: a reachable mutant's counterexample frame and four proofs
# (seconds; part of make test)
test-mutate-proof:
	@bash tests/mutproof/run.sh build/test/mutproof
	@echo "test-mutate-proof: outputs in build/test/mutproof/"

TEST_TARGETS += test-mutate-proof

# the real tiles (sets tile-a and tile-b of make mutate): a killed mutant
# gives a counterexample, equivalent ones are proved, segment induction
# with the commute check gives no verdict on killed ones and proves tile-a
# #20 and tile-b #2 (about 3 minutes; in the full regression)
test-mutate-proof-real: $(TREX)
	@bash tests/mutproof/real.sh build/test/mutproof-real
	@echo "test-mutate-proof-real: outputs in build/test/mutproof-real/"

help::
	@echo "make test-mutate-proof  the mutation-proof recipe on a toy design with known answers (seconds)"
	@echo "make test-mutate-proof-real  the recipe on tile-a mutants 5 (counterexample), 1, 65 and 20 and tile-b 2 (proofs), ~3 CPU min"
