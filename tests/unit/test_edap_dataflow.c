/* Unit tests of the dataflow delay models (c-model/edap_dataflow.*) and of
 * the properties the reuse search's exactness rests on (docs/edap.md,
 * "Dataflows", "Search"); enumeration == DP under each dataflow is in
 * test_edap.c. Run from the repository root (make test-unit). */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "edap_calc.h"
#include "edap_dataflow.h"
#include "search_reuse.h"
#include "trex_rng.h"
#include "edap_testutil.h"
#include "unit_util.h"



/* A flow shop of T equal jobs simulated token by token, in units of 1/T
 * cycle (stage j takes c_j units per token): finish(j, t) =
 * max(finish(j, t-1), finish(j-1, t)) + c_j. Returns the makespan in whole
 * cycles, rounded up. Independent of edap_df_run's closed form. */
static uint64_t sim_run(const uint64_t *c, int n, uint64_t T) {
  if (!n) return 0;
  uint64_t *fin = calloc((size_t)n, sizeof *fin);
  assert_non_null(fin);
  for (uint64_t t = 0; t < T; t++)
    for (int j = 0; j < n; j++) {
      uint64_t ready = j ? fin[j - 1] : 0; /* fin[j-1] already holds token t */
      uint64_t start = fin[j] > ready ? fin[j] : ready;
      fin[j] = start + c[j];
    }
  uint64_t units = fin[n - 1];
  free(fin);
  return (units + T - 1) / T;
}

static void test_run_formula(void **state) {
  (void)state;
  trex_rng g = unit_rng(77);
  for (int t = 0; t < 2000; t++) {
    int n = (int)trex_rng_range(&g, 1, 12);
    uint64_t T = (uint64_t)trex_rng_range(&g, 1, 300);
    uint64_t c[12], sum = 0, max = 0;
    for (int j = 0; j < n; j++) {
      c[j] = (uint64_t)trex_rng_range(&g, 0, 100000);
      if (trex_rng_range(&g, 0, 3) == 0) c[j] = (uint64_t)trex_rng_range(&g, 0, 5);
      sum += c[j];
      if (c[j] > max) max = c[j];
    }
    assert_true(edap_df_run(sum, max, T) == sim_run(c, n, T));
  }
  /* large counts: no overflow in the closed form */
  assert_true(edap_df_run(UINT64_C(1) << 60, UINT64_C(1) << 59, 197) >
              (UINT64_C(1) << 59));
}

/* The search's dominance rule needs the final delay to be non-decreasing in
 * every field of the timeline state (closed, open_sum, open_max): checked
 * on random states and random encoder summaries. */
static void test_state_monotone(void **state) {
  (void)state;
  trex_rng g = unit_rng(9);
  for (int t = 0; t < 20000; t++) {
    uint64_t T = (uint64_t)trex_rng_range(&g, 1, 300);
    edap_df_state a = {(uint64_t)trex_rng_range(&g, 0, 1000), 0, (uint64_t)trex_rng_range(&g, 0, 500)};
    a.open_sum = a.open_max + (uint64_t)trex_rng_range(&g, 0, 1000);
    edap_df_state b = a;
    int which = (int)trex_rng_range(&g, 0, 2);
    uint64_t inc = (uint64_t)trex_rng_range(&g, 1, 300);
    if (which == 0) b.closed += inc;
    if (which == 1) b.open_sum += inc;
    if (which == 2) { b.open_max += inc; b.open_sum += inc; }
    int n = (int)trex_rng_range(&g, 0, 4);
    for (int k = 0; k < n; k++) {
      edap_df_enc e = {0, 0, (int)trex_rng_range(&g, 0, 1), 0, 0, 0};
      e.lead_max = (uint64_t)trex_rng_range(&g, 0, 600);
      e.lead_sum = e.lead_max + (uint64_t)trex_rng_range(&g, 0, 600);
      if (e.has_block) {
        e.inner = (uint64_t)trex_rng_range(&g, 0, 900);
        e.tail_max = (uint64_t)trex_rng_range(&g, 0, 600);
        e.tail_sum = e.tail_max + (uint64_t)trex_rng_range(&g, 0, 600);
      }
      edap_df_apply(&a, &e, T);
      edap_df_apply(&b, &e, T);
    }
    assert_true(edap_df_finish(&a, T) <= edap_df_finish(&b, T));
  }
}



/* The documented pipelined model, re-implemented from docs/edap.md: a run of
 * streamed stages (q/k/v one stage, per-token max), k_write and v_write one
 * block (max), every other op streamed; runs simulated token by token. */
static uint64_t doc_pipelined(const ctrl_schedule *s, const uint64_t *cyc) {
  uint64_t T = (uint64_t)s->model.tokens, total = 0;
  uint64_t *stage = calloc(s->n_ops + 1, sizeof *stage);
  assert_non_null(stage);
  int ns = 0;
  for (size_t k = 0; k < s->n_ops; k++) {
    ctrl_op op = s->ops[k].op;
    if (op == CTRL_OP_Q_PROJ) {
      uint64_t mx = cyc[k];
      while (k + 1 < s->n_ops && (s->ops[k + 1].op == CTRL_OP_K_PROJ ||
                                   s->ops[k + 1].op == CTRL_OP_V_PROJ))
        if (cyc[++k] > mx) mx = cyc[k];
      stage[ns++] = mx;
    } else if (op == CTRL_OP_K_WRITE) {
      total += sim_run(stage, ns, T);
      ns = 0;
      uint64_t mx = cyc[k];
      for (size_t j = k + 1; j < s->n_ops && s->ops[j].encoder == s->ops[k].encoder; j++)
        if (s->ops[j].op == CTRL_OP_V_WRITE && cyc[j] > mx) mx = cyc[j];
      total += mx;
    } else if (op == CTRL_OP_V_WRITE) {
      /* counted with k_write */
    } else {
      stage[ns++] = cyc[k];
    }
  }
  total += sim_run(stage, ns, T);
  free(stage);
  return total;
}

static void test_delay_models(void **state) {
  (void)state;
  trex_rng g = unit_rng(31);
  for (int t = 0; t < 200; t++) {
    vit_model m;
    edap_test_random_model(&g, &m);
    edap_ctx x = {.tech = &g_tech, .synth = NULL, .chip = ctrl_chip_default()};
    if (trex_rng_range(&g, 0, 1)) {
      x.chip.tile.rows = 16 << trex_rng_range(&g, 0, 2);
      x.chip.par_tiles = (int)trex_rng_range(&g, 0, 4);
    }
    ctrl_reuse r;
    search_mask_to_reuse(edap_test_random_mask(&g, m.depth), m.depth, &r);
    ctrl_schedule s;
    trex_err err;
    assert_int_equal(ctrl_schedule_build(&m, &x.chip, &r, &s, &err), 0);
    uint64_t *cyc = calloc(s.n_ops + 1, sizeof *cyc);
    assert_non_null(cyc);
    uint64_t busy = 0, qkv_save = 0, maxop = 0;
    for (size_t k = 0; k < s.n_ops; k++) {
      cyc[k] = edap_op_cycles(&x, &s.ops[k]);
      busy += cyc[k];
      if (cyc[k] > maxop) maxop = cyc[k];
      if (s.ops[k].op == CTRL_OP_Q_PROJ) { /* q, k, v follow each other */
        uint64_t a = cyc[k], b, c;
        assert_true(s.ops[k + 1].op == CTRL_OP_K_PROJ && s.ops[k + 2].op == CTRL_OP_V_PROJ);
        b = edap_op_cycles(&x, &s.ops[k + 1]);
        c = edap_op_cycles(&x, &s.ops[k + 2]);
        uint64_t mx = a > b ? (a > c ? a : c) : (b > c ? b : c);
        qkv_save += a + b + c - mx;
      }
    }
    uint64_t seq = edap_df_delay(EDAP_DF_SEQUENTIAL, &s, cyc);
    uint64_t qkv = edap_df_delay(EDAP_DF_QKV, &s, cyc);
    uint64_t pip = edap_df_delay(EDAP_DF_PIPELINED, &s, cyc);
    assert_true(seq == busy);
    assert_true(qkv == busy - qkv_save);
    assert_true(pip == doc_pipelined(&s, cyc));
    assert_true(pip <= qkv && qkv <= seq && pip >= maxop);
    /* the calculator reports the same delays; the sequential one (the RTL
     * top's) with the controller's issue cycles (ctrl_issue.h) */
    for (int d = 0; d < EDAP_DF_COUNT; d++) {
      x.dataflow = (edap_dataflow)d;
      edap_result res;
      assert_int_equal(edap_price(&x, &s, &res, &err), 0);
      assert_true(res.cycles == (d == 0 ? seq + s.issue_cycles : d == 1 ? qkv : pip));
      assert_true(res.issue_cycles == (d == 0 ? s.issue_cycles : 0));
      assert_true(res.busy_cycles == busy);
    }
    free(cyc);
    ctrl_schedule_free(&s);
  }
}

/* DeiT-S: overlapping Q/K/V and streaming tokens shorten the delay; the
 * pipelined delay is not a sum of op cycles. */
static void test_deit_s_dataflows(void **state) {
  (void)state;
  vit_model m;
  trex_err err;
  assert_int_equal(vit_model_builtin("deit-s", &m, &err), 0);
  edap_ctx x = {.tech = &g_tech, .synth = NULL, .chip = ctrl_chip_default()};
  edap_result r[EDAP_DF_COUNT];
  for (int d = 0; d < EDAP_DF_COUNT; d++) {
    x.dataflow = (edap_dataflow)d;
    assert_int_equal(edap_eval(&x, &m, NULL, &r[d], &err), 0);
  }
  assert_true(r[1].cycles < r[0].cycles && r[2].cycles < r[1].cycles);
  assert_true(r[2].cycles < r[0].busy_cycles / 2);
  /* energy only moves through leakage (power x delay) */
  assert_true(edap_test_near(r[0].energy_pj - r[0].chip_pj, r[2].energy_pj - r[2].chip_pj, 1e-12));
}


int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_run_formula),
      cmocka_unit_test(test_state_monotone),
      cmocka_unit_test(test_delay_models),
      cmocka_unit_test(test_deit_s_dataflows),
  };
  return cmocka_run_group_tests(tests, edap_test_setup, NULL);
}
