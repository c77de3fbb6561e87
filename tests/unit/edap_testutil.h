/* edap_testutil: what the EDAP unit tests (test_edap.c, test_edap_dataflow.c)
 * share: the default technology table, tolerant comparison, random models
 * and reuse masks, and the search-answer comparison. Include after
 * <cmocka.h>. */
#ifndef EDAP_TESTUTIL_H
#define EDAP_TESTUTIL_H

#include <stdint.h>

#include "search_reuse.h"
#include "trex_rng.h"

/* The table every test prices with (tech/default.json, loaded by
 * edap_test_setup, a cmocka group setup). */
extern edap_tech g_tech;
int edap_test_setup(void **state);

/* |a - b| <= rtol x max(|a|, |b|). */
int edap_test_near(double a, double b, double rtol);

/* A random legal model: 1..4 heads, width up to 24 per head, 1..80 tokens,
 * MLP 1..200, depth 1..10, half of them with a random TB. */
void edap_test_random_model(trex_rng *g, vit_model *m);

/* A random reuse mask (encoder 0 never reused). */
uint64_t edap_test_random_mask(trex_rng *g, int depth);

/* Two search answers are the same: feasibility, best mask, impact, EDAP and
 * the whole Pareto front (cmocka asserts). */
void edap_test_same_answer(const search_out *a, const search_out *b);

#endif
