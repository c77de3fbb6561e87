/* edap_testutil: shared helpers of the EDAP unit tests (edap_testutil.h). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "edap_testutil.h"

edap_tech g_tech;

int edap_test_setup(void **state) {
  (void)state;
  trex_err err;
  if (edap_tech_load(EDAP_TECH_DEFAULT, &g_tech, &err)) {
    fprintf(stderr, "%s\n", err.msg);
    return -1;
  }
  return 0;
}

int edap_test_near(double a, double b, double rtol) {
  return fabs(a - b) <= rtol * fmax(fabs(a), fabs(b)) + 1e-300;
}

void edap_test_random_model(trex_rng *g, vit_model *m) {
  memset(m, 0, sizeof *m);
  snprintf(m->name, sizeof m->name, "random");
  m->heads = (int)trex_rng_range(g, 1, 4);
  m->embedding = m->heads * (int)trex_rng_range(g, 1, 24);
  m->tokens = (int)trex_rng_range(g, 1, 80);
  m->mlp = (int)trex_rng_range(g, 1, 200);
  m->depth = (int)trex_rng_range(g, 1, 10);
  if (trex_rng_range(g, 0, 1)) {
    m->tb_layers = (int)trex_rng_range(g, 1, 2);
    m->tb_hidden = (int)trex_rng_range(g, 1, 3 * m->embedding);
  }
  vit_model_apply_defaults(m);
}

uint64_t edap_test_random_mask(trex_rng *g, int depth) {
  uint64_t m = 0;
  for (int i = 1; i < depth; i++)
    if (trex_rng_range(g, 0, 1)) m |= (uint64_t)1 << i;
  return m;
}

void edap_test_same_answer(const search_out *a, const search_out *b) {
  assert_int_equal(a->feasible, b->feasible);
  if (a->feasible) {
    assert_true(a->best.mask == b->best.mask);
    assert_true(a->best.impact == b->best.impact);
    assert_true(edap_test_near(a->best.edap, b->best.edap, 1e-12));
  }
  assert_int_equal(a->n_front, b->n_front);
  for (size_t k = 0; k < a->n_front; k++) {
    assert_true(a->front[k].mask == b->front[k].mask);
    assert_true(edap_test_near(a->front[k].edap, b->front[k].edap, 1e-12));
  }
}
