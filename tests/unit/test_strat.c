/* Unit tests of token pruning and weight sharing in the controller's C model
 * and the calculator (issue 18; docs/controller.md "Pruning and sharing").
 * Every expected figure is worked out by hand in the comments from the
 * formulas of docs/controller.md, never copied from the model. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ctrl_regimg.h"
#include "ctrl_schedule.h"
#include "edap_calc.h"
#include "edap_tech.h"
#include "search_mix.h"
#include "search_reuse.h"
#include "trex_rng.h"
#include "unit_util.h"


/* T = 5, E = 8, H = 2 (d = 4), M = 12, depth 3; encoders run on 5, 3, 2
 * tokens; encoder 2 uses encoder 1's attention projections, encoder 1
 * encoder 0's MLP. */
static vit_model small(void) {
  vit_model m = {.name = "small", .tokens = 5, .embedding = 8, .heads = 2, .mlp = 12,
                 .depth = 3, .tb_hidden = 3, .tb_layers = 2};
  m.enc_tokens[0] = 5;
  m.enc_tokens[1] = 3;
  m.enc_tokens[2] = 2;
  m.share_attn = 1u << 2;
  m.share_attn_src[2] = 1;
  m.share_mlp = 1u << 1;
  m.share_mlp_src[1] = 0;
  return m;
}

static ctrl_schedule build(const vit_model *m, const char *reuse, int want_rc) {
  ctrl_chip c = ctrl_chip_default();
  ctrl_reuse r;
  trex_err err = {{0}};
  assert_int_equal(ctrl_reuse_parse(reuse, &r, &err), 0);
  ctrl_schedule s;
  int rc = ctrl_schedule_build(m, &c, &r, &s, &err);
  if (rc != want_rc) fprintf(stderr, "unexpected: rc %d: %s\n", rc, err.msg);
  assert_int_equal(rc, want_rc);
  return s;
}

static const ctrl_rec *find(const ctrl_schedule *s, int enc, ctrl_op op) {
  for (size_t k = 0; k < s->n_ops; k++)
    if (s->ops[k].encoder == enc && s->ops[k].op == op) return &s->ops[k];
  return NULL;
}

/* Default chip: R = 64, O = 8, P = 8*8 + 4 = 68 cycles per MVM, par_tiles 0
 * (one round), every lane 64.
 * Ops: encoders 0 and 1 compute and prune (17 ops each: the 16 of a
 * computing encoder without reuse_store, plus prune), encoder 2 computes
 * (16): 50.
 * MACs 4*T*E^2 + 2*T^2*E + 2*T*E*M per encoder: T=5: 1280+400+960 = 2640;
 * T=3: 768+144+576 = 1488; T=2: 512+64+384 = 960; sum 5088.
 * Cycles (docs/controller.md "Cycles of an op" and "Unit cycles", STEPS 1,
 * 64 lanes, so every row or op of at most 64 elements is one beat):
 * 8 requantising matrix products of m = T vectors, 68*T + 7 + B each, with
 * B = h*ceil(n/64) beats (no hold: B + 1 <= 68): q/k/v/out_proj, fc1, fc2
 * B = 1 each, qk and sv B = 2 heads * 1 = 2: per encoder
 * 8*68*T + 8*7 + 10 = 544*T + 66, over T = 5, 3, 2: 5440 + 198;
 * k_write min(d, R) + 4 = 8 per encoder: 24; v_write min(T, R) + 4:
 * 9 + 7 + 6 = 22;
 * ln1, ln2: T rows of E = 8, each 2*1 + 32 + 41 + 4 = 79, + 4 per op:
 * 2*79*10 + 6*4 = 1604;
 * softmax: H*T rows of T, each 3*1 + 25 + 2 = 30, + 256 + 4 per op:
 * 30*2*10 + 3*260 = 1380;
 * residual1, residual2: T*E <= 40 elements, 1 beat + 2 stages + 4 = 7
 * each, 6 ops: 42; gelu: T*M <= 60 elements, 1 beat + 1 stage + 256 + 4
 * = 262, 3 ops: 786;
 * prune 24 and 16 elements through the 64-lane buffer port: 1 + 4 = 5
 * each: 10.
 * Total 5440 + 198 + 24 + 22 + 1604 + 1380 + 42 + 786 + 10 = 9506.
 * Static tiles: q/k/v/out_proj (8 x 8) 1 each, fc1 (8 x 12) 1*2 = 2,
 * fc2 (12 x 8) 1. Encoder 0: 4 + 3 = 7; encoder 1: its attention 4, its
 * MLP is encoder 0's (0); encoder 2: its attention is encoder 1's (0), MLP
 * 3. Total 14 (21 unshared). */
static void test_pruned_shared_by_hand(void **st) {
  vit_model m = small();
  ctrl_schedule s = build(&m, "", 0);
  assert_int_equal((int)s.n_ops, 50);
  assert_true(s.totals.macs == 5088);
  assert_true(s.totals.cycles == 9506);
  assert_true(s.static_tiles == 14);
  const ctrl_rec *p0 = find(&s, 0, CTRL_OP_PRUNE), *p1 = find(&s, 1, CTRL_OP_PRUNE);
  assert_non_null(p0);
  assert_non_null(p1);
  assert_null(find(&s, 2, CTRL_OP_PRUNE));
  /* prune of encoder 0: m = 3 kept rows of k = 5, n = E = 8: 24 elements */
  assert_true(p0->m == 3 && p0->k == 5 && p0->n == 8);
  assert_true(p0->buffer_reads == 24 && p0->buffer_writes == 24 && p0->cycles == 5);
  assert_true(p1->m == 2 && p1->k == 3 && p1->buffer_reads == 16);
  /* prune comes after residual2 of its encoder */
  assert_true(p0 == find(&s, 0, CTRL_OP_RESIDUAL2) + 1);
  /* encoder 1's qk: H * T * d * T = 2*3*4*3 = 72 MACs; softmax H*T*T = 18 */
  assert_true(find(&s, 1, CTRL_OP_QK)->macs == 72);
  assert_true(find(&s, 1, CTRL_OP_SOFTMAX)->softmax_elems == 18);
  /* k_write of encoder 2: H*d*T*C cells = 2*4*2*4 = 64 (C = 4 slices) */
  assert_true(find(&s, 2, CTRL_OP_K_WRITE)->xbar_cells_written == 64);
  /* owns: encoder 2's q_proj and encoder 1's fc1 are shared, not placed */
  size_t q2 = (size_t)(find(&s, 2, CTRL_OP_Q_PROJ) - s.ops);
  size_t f1 = (size_t)(find(&s, 1, CTRL_OP_FC1) - s.ops);
  size_t q1 = (size_t)(find(&s, 1, CTRL_OP_Q_PROJ) - s.ops);
  assert_int_equal(s.owns[q2], 0);
  assert_int_equal(s.owns[f1], 0);
  assert_int_equal(s.owns[q1], 1);
  /* dynamic tiles: the largest encoder's k_write + v_write: encoder 0,
   * H*ceil(4/64)*ceil(5/8) + H*ceil(5/64)*ceil(4/8) = 2 + 2 = 4 */
  assert_true(s.dynamic_tiles == 4);
  ctrl_schedule_free(&s);
}

/* Reuse on the pruned model: encoder 2 reuses encoder 1 (automatic source).
 * Encoder 1 issues reuse_store of its T = 3 rows (24 elements); encoder 2's
 * reuse_load gathers its T = 2 rows (16 elements). Static: encoder 2 holds
 * its TB (tb_fc1 8 x 3: 1 tile, tb_fc2 3 x 8: 1 tile) and its MLP (3):
 * 7 + 4 + 5 = 16. Encoder 1 is followed by fewer tokens: it cannot reuse. */
static void test_pruned_reuse(void **st) {
  vit_model m = small();
  ctrl_schedule s = build(&m, "2", 0);
  assert_true(find(&s, 1, CTRL_OP_REUSE_STORE)->buffer_reads == 24);
  const ctrl_rec *rl = find(&s, 2, CTRL_OP_REUSE_LOAD);
  assert_true(rl->m == 2 && rl->buffer_reads == 16);
  assert_true(find(&s, 2, CTRL_OP_TB_FC1)->macs == 2 * 8 * 3);
  assert_true(s.static_tiles == 16);
  ctrl_schedule_free(&s);
  s = build(&m, "1", -1);
  assert_int_equal(s.status, CTRL_E_PRUNE);
  assert_string_equal(ctrl_status_name(s.status), "prune");
  ctrl_schedule_free(&s);
  assert_true(search_locked(&m) == 3); /* encoders 0 and 1 */
}

/* Shared weights are placed at their first use: encoder 2 shares encoder
 * 1's attention and encoder 1 reuses, so encoder 2's projections place
 * them. Unpruned T = 5: encoder 0: 7; encoder 1: TB 2 + MLP 3 = 5;
 * encoder 2: attention 4 (first use) + MLP 3 = 7; total 19. */
static void test_first_use(void **st) {
  vit_model m = small();
  memset(m.enc_tokens, 0, sizeof m.enc_tokens);
  m.share_mlp = 0;
  ctrl_schedule s = build(&m, "1", 0);
  assert_true(s.static_tiles == 19);
  assert_int_equal(s.owns[find(&s, 2, CTRL_OP_Q_PROJ) - s.ops], 1);
  ctrl_schedule_free(&s);
}

/* The calculator on the default chip and table (sequential dataflow). */
static void default_ctx(edap_ctx *x, edap_tech *t) {
  trex_err err = {{0}};
  memset(x, 0, sizeof *x);
  x->chip = ctrl_chip_default();
  assert_int_equal(edap_tech_load("tech/default.json", t, &err), 0);
  x->tech = t;
}

/* The calculator counts shared crossbars once (area) and every use
 * (energy, delay): against the same model unshared, the static crossbars
 * drop from 21 to 14 and the delay and MACs stay. */
static void test_edap_shared(void **st) {
  edap_ctx x;
  trex_err err = {{0}};
  edap_tech t;
  default_ctx(&x, &t);
  vit_model a = small(), b = small();
  b.share_attn = b.share_mlp = 0;
  edap_result ra, rb;
  assert_int_equal(edap_eval(&x, &a, NULL, &ra, &err), 0);
  assert_int_equal(edap_eval(&x, &b, NULL, &rb, &err), 0);
  assert_true(ra.static_tiles == 14 && rb.static_tiles == 21);
  assert_true(ra.busy_cycles == rb.busy_cycles && ra.macs == rb.macs);
  assert_true(ra.area_um2 < rb.area_um2);
  double sa = 0, sb = 0;
  for (int i = 0; i < 3; i++) {
    sa += (double)ra.static_tiles_by_enc[i];
    sb += (double)rb.static_tiles_by_enc[i];
  }
  assert_true(sa == 14 && sb == 21);
}

static const char *write_tmp(const char *name, const char *text) {
  const char *path = unit_write_file(unit_tmpdir, name, text);
  assert_non_null(path);
  return path;
}

#define BASE "\"tokens\": 5, \"embedding\": 8, \"heads\": 2, \"mlp\": 12, \"depth\": 3"

static void expect_bad(const char *text, const char *frag) {
  vit_model m;
  trex_err err = {{0}};
  const char *p = write_tmp("bad.json", text);
  assert_int_not_equal(vit_model_load(p, &m, &err), 0);
  if (!strstr(err.msg, frag)) fprintf(stderr, "message: %s (wanted %s)\n", err.msg, frag);
  assert_non_null(strstr(err.msg, frag));
  assert_null(strchr(err.msg, '\n'));
}

static void test_json(void **st) {
  vit_model m;
  trex_err err = {{0}};
  const char *p = write_tmp("ok.json", "{" BASE ", \"encoder_tokens\": [5, 3, 2],"
                                       " \"share_attention\": [[2, 1]], \"share_mlp\": [[1, 0]]}");
  assert_int_equal(vit_model_load(p, &m, &err), 0);
  vit_model w = small();
  for (int i = 0; i < 3; i++) assert_int_equal(vit_model_enc_tokens(&m, i), vit_model_enc_tokens(&w, i));
  assert_true(m.share_attn == w.share_attn && m.share_mlp == w.share_mlp);
  assert_int_equal(vit_model_attn_owner(&m, 2), 1);
  assert_int_equal(vit_model_mlp_owner(&m, 1), 0);
  assert_int_equal(vit_model_mlp_owner(&m, 2), 2);
  /* round trip through the schedule JSON's model object */
  cJSON *o = cJSON_CreateObject();
  assert_int_equal(vit_model_strategy_to_json(&m, o), 0);
  cJSON_AddNumberToObject(o, "depth", 3);
  vit_model back = m;
  assert_int_equal(vit_model_parse_strategy(o, "x", &back, &err), 0);
  assert_memory_equal(back.enc_tokens, m.enc_tokens, sizeof m.enc_tokens);
  cJSON_Delete(o);
  expect_bad("{" BASE ", \"encoder_tokens\": [5, 3]}", "'encoder_tokens': expected an array of depth");
  expect_bad("{" BASE ", \"encoder_tokens\": [4, 3, 2]}", "entry 0 is 4, not tokens 5");
  expect_bad("{" BASE ", \"encoder_tokens\": [5, 3, 4]}", "entry 2: 4 is more than entry 1's 3");
  expect_bad("{" BASE ", \"encoder_tokens\": [5, 0, 0]}", "entry 1: 0 is outside 1..5");
  expect_bad("{" BASE ", \"encoder_tokens\": [5, 6, 2]}", "entry 1: 6 is outside 1..5");
  expect_bad("{" BASE ", \"encoder_tokens\": [5, 2.5, 2]}", "entry 1 is not an integer");
  expect_bad("{" BASE ", \"share_attention\": [[2, 2]]}", "encoder 2 cannot share encoder 2's");
  expect_bad("{" BASE ", \"share_attention\": [[0, 0]]}", "encoder 0 is outside 1..2");
  expect_bad("{" BASE ", \"share_mlp\": [[3, 0]]}", "encoder 3 is outside 1..2");
  expect_bad("{" BASE ", \"share_mlp\": [[1, 0], [2, 1]]}", "which itself shares");
  expect_bad("{" BASE ", \"share_mlp\": [[1, 0], [1, 0]]}", "listed twice");
  expect_bad("{" BASE ", \"share_mlp\": [1, 0]}", "entry 0 is not a pair");
  expect_bad("{" BASE ", \"share_mlp\": {}}", "expected an array of [encoder, source] pairs");
}

/* The RTL's registers cannot express either: the register image refuses. */
static void test_regs_refused(void **st) {
  vit_model m = small();
  trex_err err = {{0}};
  unit_assert_fails(ctrl_reg_image_check(&m, &err), err, "encoder_tokens");
  memset(m.enc_tokens, 0, sizeof m.enc_tokens);
  unit_assert_fails(ctrl_reg_image_check(&m, &err), err, "sharing");
  m.share_attn = m.share_mlp = 0;
  assert_int_equal(ctrl_reg_image_check(&m, &err), 0);
  ctrl_schedule s = build(&m, "", 0);
  char path[256];
  snprintf(path, sizeof path, "%s/regs.txt", unit_tmpdir);
  assert_int_equal(ctrl_reg_image_save(path, &s, NULL, &err), 0);
  ctrl_schedule_free(&s);
  m = small();
  s = build(&m, "", 0);
  snprintf(path, sizeof path, "%s/regs2.txt", unit_tmpdir);
  assert_int_not_equal(ctrl_reg_image_save(path, &s, NULL, &err), 0);
  assert_int_not_equal(access(path, F_OK), 0); /* nothing written */
  ctrl_schedule_free(&s);
}

/* Enumeration on a pruned model skips the sets holding locked encoders and
 * picks the same set as an independent scan of the legal ones. */
static void test_search_enum(void **st) {
  edap_ctx x;
  trex_err err = {{0}};
  edap_tech t;
  default_ctx(&x, &t);
  vit_model m = {.name = "p6", .tokens = 17, .embedding = 64, .heads = 4, .mlp = 128,
                 .depth = 6, .tb_hidden = 16, .tb_layers = 2};
  const int tok[6] = {17, 17, 12, 12, 12, 8};
  memcpy(m.enc_tokens, tok, sizeof tok);
  edap_result base;
  assert_int_equal(edap_eval(&x, &m, NULL, &base, &err), 0);
  search_spec sp = {.budget_ms = base.delay_ms * 0.9, .max_reuse = -1, .impact = NULL};
  search_out out;
  assert_int_equal(search_run(&x, &m, &sp, SEARCH_AUTO, &out, &err), 0);
  assert_int_equal(out.method, SEARCH_ENUM);
  /* locked: encoders 1 (17 -> 12) and 4 (12 -> 8); 2^5 sets, 2^3 legal */
  assert_true(out.evaluated == 8);
  /* independent scan: the least-EDAP legal set within the budget */
  double best = 1e300;
  uint64_t bm = 0;
  for (uint64_t mask = 0; mask < 64; mask += 2) {
    if (mask & ((1u << 1) | (1u << 4))) continue;
    ctrl_reuse r;
    search_mask_to_reuse(mask, 6, &r);
    edap_result res;
    assert_int_equal(edap_eval(&x, &m, &r, &res, &err), 0);
    if (res.delay_ms <= sp.budget_ms && res.edap < best * (1 - 1e-9)) best = res.edap, bm = mask;
  }
  assert_true(out.feasible);
  assert_true(out.best.mask == bm);
  search_out_free(&out);
  unit_assert_fails(search_run(&x, &m, &sp, SEARCH_DP, &out, &err), err, "--method enum");
}

/* The mix search against an independent scan: every schedule x every mask
 * (skipping the ones the schedule forbids by building them: status prune),
 * the least EDAP within budget and limit. Random impacts and drops. */
static void test_search_mix(void **st) {
  edap_ctx x;
  trex_err err = {{0}};
  edap_tech t;
  default_ctx(&x, &t);
  vit_model m = {.name = "p6", .tokens = 17, .embedding = 64, .heads = 4, .mlp = 128,
                 .depth = 6, .tb_hidden = 16, .tb_layers = 2};
  trex_rng r = unit_rng(18);
  int feasible = 0, infeasible = 0;
  for (int trial = 0; trial < 40; trial++) {
    search_mix mix;
    memset(&mix, 0, sizeof mix);
    mix.n = 1 + (int)(trex_rng_next(&r) % 4);
    for (int s = 0; s < mix.n; s++) {
      mix.drop[s] = (double)(trex_rng_next(&r) % 40) / 10.0;
      int T = 17;
      for (int i = 0; i < 6; i++) {
        if (i >= 2 && trex_rng_next(&r) % 2) T -= (int)(trex_rng_next(&r) % 4);
        if (T < 1) T = 1;
        mix.tokens[s][i] = T;
      }
    }
    double impact[6] = {0};
    for (int i = 1; i < 6; i++) impact[i] = (double)((int)(trex_rng_next(&r) % 30) - 5) / 10.0;
    edap_result base;
    assert_int_equal(edap_eval(&x, &m, NULL, &base, &err), 0);
    double budget = base.delay_ms * (0.5 + (double)(trex_rng_next(&r) % 50) / 100.0);
    double limit = (double)(trex_rng_next(&r) % 50) / 10.0;
    search_mix_out out;
    assert_int_equal(search_mix_run(&x, &m, &mix, impact, budget, limit, &out, &err), 0);
    /* independent scan */
    int found = 0, bs = -1;
    uint64_t bm = 0;
    double be = 0, bd = 0;
    for (int s = 0; s < mix.n; s++) {
      vit_model v = m;
      memcpy(v.enc_tokens, mix.tokens[s], sizeof v.enc_tokens);
      for (uint64_t mask = 0; mask < 64; mask += 2) {
        ctrl_reuse rl;
        search_mask_to_reuse(mask, 6, &rl);
        ctrl_schedule sc;
        int rc = ctrl_schedule_build(&v, &x.chip, &rl, &sc, &err);
        ctrl_schedule_free(&sc);
        if (rc) {
          assert_int_equal(sc.status, CTRL_E_PRUNE);
          continue;
        }
        edap_result res;
        assert_int_equal(edap_eval(&x, &v, &rl, &res, &err), 0);
        double d = mix.drop[s];
        for (int i = 1; i < 6; i++)
          if (mask >> i & 1) d += impact[i];
        if (res.delay_ms > budget || d > limit) continue;
        if (!found || res.edap < be * (1 - 1e-9) ||
            (!(be < res.edap * (1 - 1e-9)) && d < bd)) {
          found = 1, bs = s, bm = mask, be = res.edap, bd = d;
        }
      }
    }
    assert_int_equal(out.feasible, found);
    feasible += found, infeasible += !found;
    if (found) {
      assert_int_equal(out.schedule, bs);
      assert_true(out.mask == bm);
      assert_true(out.est_drop == bd);
    }
  }
  /* both outcomes occur, so the comparison sees answers and refusals */
  fprintf(stderr, "search_mix: %d feasible, %d infeasible trials\n", feasible, infeasible);
  assert_true(feasible >= 5 && infeasible >= 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_pruned_shared_by_hand), cmocka_unit_test(test_pruned_reuse),
      cmocka_unit_test(test_first_use),             cmocka_unit_test(test_edap_shared),
      cmocka_unit_test(test_json),                  cmocka_unit_test(test_regs_refused),
      cmocka_unit_test(test_search_enum),             cmocka_unit_test(test_search_mix),
  };
  return cmocka_run_group_tests(tests, unit_tmpdir_setup, unit_tmpdir_teardown);
}
