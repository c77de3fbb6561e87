/* Unit tests of the integer encoder on tiles (c-model/enc_linear, enc_net,
 * model_dir, enc_gen): the row/column blocking against exact products and
 * against tile-by-tile sums, the executed op stream against the controller's
 * schedule (reuse skips exactly the controller's skips), a model written and
 * read back, determinism and image independence (ideal and non-ideal). */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "unit_util.h"

#include "enc_dump.h"
#include "enc_gen.h"
#include "enc_net.h"
#include "trex_file.h"
#include "trex_rng.h"

static xbar_cfg tile(int rows, int outs, int cell, int adc, xbar_enc enc) {
  xbar_cfg c = xbar_cfg_default();
  c.rows = rows;
  c.outs = outs;
  c.cell_bits = cell;
  c.adc_bits = adc;
  c.cols_per_adc = 1;
  c.enc = enc;
  return c;
}

/* Lossless tiles give the exact product for any k, n (partial blocks). */
static void test_lin_exact(void **st) {
  trex_rng r = unit_rng(1);
  const xbar_cfg cfgs[] = {tile(16, 4, 2, 6, XBAR_ENC_OFFSET), tile(64, 8, 2, 8, XBAR_ENC_OFFSET),
                           tile(32, 3, 4, 9, XBAR_ENC_DIFFERENTIAL)};
  const int ks[] = {1, 15, 16, 17, 64, 100, 130}, ns[] = {1, 3, 4, 5, 8, 13, 17};
  for (size_t a = 0; a < 3; a++)
    for (size_t b = 0; b < 7; b++) {
      int k = ks[b], n = ns[(b * 3 + a) % 7];
      enc_lin l;
      trex_err err;
      assert_int_equal(enc_lin_init(&l, &cfgs[a], k, n, NULL, 0, "t", 0, &err), 0);
      assert_int_equal(l.rb, (k + cfgs[a].rows - 1) / cfgs[a].rows);
      assert_int_equal(l.cb, (n + cfgs[a].outs - 1) / cfgs[a].outs);
      int8_t *W = malloc((size_t)k * n), x[130];
      for (int i = 0; i < k * n; i++) W[i] = (int8_t)trex_rng_range(&r, -128, 127);
      assert_int_equal(enc_lin_program(&l, W, &err), 0);
      int64_t acc[17];
      for (int rep = 0; rep < 20; rep++) {
        for (int i = 0; i < k; i++) x[i] = (int8_t)(rep == 0 ? -128 : trex_rng_range(&r, -128, 127));
        enc_lin_mvm(&l, x, acc);
        for (int j = 0; j < n; j++) {
          int64_t want = 0;
          for (int i = 0; i < k; i++) want += (int64_t)x[i] * W[i * n + j];
          assert_true(acc[j] == want);
        }
      }
      free(W);
      enc_lin_free(&l);
    }
}

/* A lossy tile: acc_j is the sum over row blocks of separately programmed
 * xbar_model tiles holding the documented slices (weight 0 / input 0 padding). */
static void test_lin_blocks(void **st) {
  trex_rng r = unit_rng(2);
  xbar_cfg c = tile(16, 4, 2, 4, XBAR_ENC_OFFSET); /* sh = 2 */
  int k = 37, n = 10;
  enc_lin l;
  trex_err err;
  assert_int_equal(enc_lin_init(&l, &c, k, n, NULL, 0, "t", 0, &err), 0);
  int8_t W[37 * 10], x[37];
  for (int i = 0; i < k * n; i++) W[i] = (int8_t)trex_rng_range(&r, -128, 127);
  assert_int_equal(enc_lin_program(&l, W, &err), 0);
  xbar_model t;
  assert_int_equal(xbar_model_init(&t, &c, &err), 0);
  int exact_differs = 0;
  for (int rep = 0; rep < 50; rep++) {
    for (int i = 0; i < k; i++) x[i] = (int8_t)trex_rng_range(&r, -128, 127);
    int64_t acc[10], want[10] = {0}, exact[10] = {0};
    enc_lin_mvm(&l, x, acc);
    for (int b = 0; b < 3; b++)
      for (int cb = 0; cb < 3; cb++) {
        int32_t w[16 * 4], xi[16], y[4];
        for (int i = 0; i < 16; i++) {
          xi[i] = b * 16 + i < k ? x[b * 16 + i] : 0;
          for (int j = 0; j < 4; j++)
            w[i * 4 + j] = (b * 16 + i < k && cb * 4 + j < n) ? W[(b * 16 + i) * n + cb * 4 + j] : 0;
        }
        xbar_model_program(&t, w);
        xbar_model_mvm(&t, xi, y);
        for (int j = 0; j < 4 && cb * 4 + j < n; j++) want[cb * 4 + j] += y[j];
      }
    for (int j = 0; j < n; j++) {
      assert_true(acc[j] == want[j]);
      for (int i = 0; i < k; i++) exact[j] += (int64_t)x[i] * W[i * n + j];
      exact_differs += exact[j] != acc[j];
    }
  }
  assert_true(exact_differs > 0); /* the ADC is lossy: the check above is not trivial */
  xbar_model_free(&t);
  enc_lin_free(&l);
}

/* ---- the op stream ------------------------------------------------------- */

typedef struct {
  char names[2048][24];
  int n;
} oplog;

static int log_op(void *ctx, const char *scope, const char *op, npy_dtype dt, int ndim,
                  const int64_t *shape, const void *data, trex_err *err) {
  oplog *l = ctx;
  if (l->n < 2048) snprintf(l->names[l->n++], sizeof l->names[0], "%s.%s", scope, op);
  return 0;
}

static model_int gen(const char *shape, uint64_t seed) {
  enc_shape sh;
  trex_err err;
  model_int m;
  assert_int_equal(enc_shape_builtin(shape, &sh, &err), 0);
  int rc = enc_gen(&sh, seed, &m, &err);
  if (rc) fprintf(stderr, "%s\n", err.msg);
  assert_int_equal(rc, 0);
  return m;
}

static int8_t *images(const model_int *m, size_t n, uint64_t seed) {
  size_t per = (size_t)m->channels * m->height * m->width;
  int8_t *p = malloc(n * per);
  trex_rng r = unit_rng(seed);
  for (size_t k = 0; k < n * per; k++) p[k] = (int8_t)trex_rng_range(&r, m->in_min, m->in_max);
  return p;
}

static void test_ops_follow_schedule(void **st) {
  const struct {
    const char *shape, *reuse;
  } c[] = {{"tiny", ""},      {"tiny", "1"},     {"tiny", "2"},   {"tiny", "1,2"},
           {"tiny", "2:0"},   {"odd", "3:1,2"},  {"odd", "1,3"},  {"long", "2:0"},
           {"wide", "1"},     {"digits", "1,3,5"}, {"digits", "5:2,4:2,3"}};
  ctrl_chip chip = ctrl_chip_default();
  for (size_t k = 0; k < sizeof c / sizeof c[0]; k++) {
    model_int m = gen(c[k].shape, 9);
    ctrl_reuse r;
    ctrl_schedule s;
    trex_err err;
    assert_int_equal(ctrl_reuse_parse(c[k].reuse, &r, &err), 0);
    assert_int_equal(ctrl_schedule_build(&m.vm, &chip, &r, &s, &err), 0);
    assert_int_equal(model_check_reuse(&m, &s, "m", &err), 0);
    enc_net net;
    assert_int_equal(enc_net_init(&net, &m, &chip, NULL, &err), 0);
    int8_t *img = images(&m, 2, 1);
    static oplog lg;
    lg.n = 0;
    enc_sink sink = {&lg, log_op};
    assert_int_equal(enc_net_run(&net, &s, img, 2, &sink, NULL, NULL, &err), 0);
    /* exactly the schedule's records, in its order: the controller issues
     * the model-level ops first and last (scope "model"), the encoders' in
     * between */
    assert_int_equal((size_t)lg.n, s.n_ops);
    assert_string_equal(lg.names[0], "model.patch_embed");
    assert_string_equal(lg.names[1], "model.pos_embed");
    for (size_t j = 0; j < s.n_ops; j++) {
      char want[32];
      const ctrl_op_row *row = ctrl_op_info((int)s.ops[j].op);
      if (row->scope == CTRL_SCOPE_PRE || row->scope == CTRL_SCOPE_POST)
        snprintf(want, sizeof want, "model.%s", ctrl_op_name(s.ops[j].op));
      else
        snprintf(want, sizeof want, "enc%02d.%s", s.ops[j].encoder, ctrl_op_name(s.ops[j].op));
      assert_string_equal(lg.names[j], want);
    }
    assert_string_equal(lg.names[lg.n - 2], "model.final_ln");
    assert_string_equal(lg.names[lg.n - 1], "model.head");
    /* a reusing encoder runs no attention op; a computing one runs all */
    for (int i = 0; i < m.vm.depth; i++) {
      int att = 0, tb = 0;
      for (int j = 0; j < lg.n; j++) {
        char pre[16];
        snprintf(pre, sizeof pre, "enc%02d.", i);
        if (strncmp(lg.names[j], pre, 6)) continue;
        const char *op = lg.names[j] + 6;
        int code = ctrl_op_from_name(op);
        att += code >= 0 && ctrl_op_info(code)->scope == CTRL_SCOPE_COMPUTING; /* attention: q_proj .. out_proj */
        tb += !strncmp(op, "tb_", 3) || !strcmp(op, "reuse_load");
      }
      if (s.reused[i]) {
        assert_int_equal(att, 0);
        assert_int_equal(tb, m.vm.tb_layers == 2 ? 5 : 4);
      } else {
        assert_int_equal(att, 9);
        assert_int_equal(tb, 0);
      }
    }
    free(img);
    enc_net_free(&net);
    ctrl_schedule_free(&s);
    model_free(&m);
  }
}

/* A reuse list the model does not allow, and a record that does not fit the
 * model, are errors. */
static void test_refusals(void **st) {
  model_int m = gen("tiny", 3);
  ctrl_chip chip = ctrl_chip_default();
  ctrl_reuse r;
  ctrl_schedule s;
  trex_err err;
  m.n_tb = 1; /* keep only the pair (1, 0) */
  assert_int_equal(ctrl_reuse_parse("2:1", &r, &err), 0);
  assert_int_equal(ctrl_schedule_build(&m.vm, &chip, &r, &s, &err), 0);
  assert_int_equal(model_check_reuse(&m, &s, "M/model.json", &err), -1);
  assert_non_null(strstr(err.msg, "M/model.json: key 'reuse_pairs': encoder 2 reusing encoder 1 "
                                  "is not allowed by this model (allowed: 1:0)"));
  ctrl_schedule_free(&s);
  m.n_tb = 3;
  /* a schedule of another model */
  vit_model other = m.vm;
  other.mlp += 1;
  assert_int_equal(ctrl_schedule_build(&other, &chip, NULL, &s, &err), 0);
  enc_net net;
  assert_int_equal(enc_net_init(&net, &m, &chip, NULL, &err), 0);
  int8_t *img = images(&m, 1, 2);
  assert_int_equal(enc_net_run(&net, &s, img, 1, NULL, NULL, NULL, &err), -1);
  assert_non_null(strstr(err.msg, "built for another model"));
  /* a record whose sizes do not fit is refused, not reinterpreted */
  ctrl_schedule_free(&s);
  assert_int_equal(ctrl_schedule_build(&m.vm, &chip, NULL, &s, &err), 0);
  s.ops[3].n += 1;
  assert_int_equal(enc_net_run(&net, &s, img, 1, NULL, NULL, NULL, &err), -1);
  assert_non_null(strstr(err.msg, "the model needs"));
  /* a tile the integer encoder cannot use */
  ctrl_chip bad = chip;
  bad.tile.x_bits = 6;
  enc_net n2;
  assert_int_equal(enc_net_init(&n2, &m, &bad, NULL, &err), -1);
  assert_non_null(strstr(err.msg, "needs w_bits 8, x_bits 8 and x_signed true"));
  free(img);
  enc_net_free(&net);
  ctrl_schedule_free(&s);
  model_free(&m);
}

static void run_logits(model_int *m, const ctrl_chip *chip, const xbar_nonideal_params *prm,
                       const char *reuse, const int8_t *img, size_t n, int32_t *out) {
  ctrl_reuse r;
  ctrl_schedule s;
  trex_err err;
  assert_int_equal(ctrl_reuse_parse(reuse, &r, &err), 0);
  assert_int_equal(ctrl_schedule_build(&m->vm, chip, &r, &s, &err), 0);
  enc_net net;
  assert_int_equal(enc_net_init(&net, m, chip, prm, &err), 0);
  assert_int_equal(enc_net_run(&net, &s, img, n, NULL, NULL, out, &err), 0);
  enc_net_free(&net);
  ctrl_schedule_free(&s);
}

/* modelgen is a function of (shape, seed); a model written and read back
 * gives the same logits; every image's logits are independent of the others
 * (ideal and non-ideal); a non-ideal spec of zeros equals the ideal tile. */
static void test_model_round_trip(void **st) {
  model_int m = gen("odd", 4), m2 = gen("odd", 4);
  assert_int_equal(m.enc[2].fc1.rq.M, m2.enc[2].fc1.rq.M);
  assert_int_equal(memcmp(m.enc[3].q.w, m2.enc[3].q.w, (size_t)m.vm.embedding * m.vm.embedding), 0);
  model_free(&m2);
  char dir[] = "build/test/encnet-XXXXXX";
  (void)mkdir("build", 0777);
  (void)mkdir("build/test", 0777);
  assert_non_null(mkdtemp(dir));
  trex_err err;
  assert_int_equal(model_save(&m, dir, NULL, &err), 0);
  model_int back;
  int rc = model_load(dir, &back, &err);
  if (rc) fprintf(stderr, "%s\n", err.msg);
  assert_int_equal(rc, 0);
  assert_int_equal(unit_rm_rf(dir), 0);
  ctrl_chip chip = ctrl_chip_default();
  enum { N = 5 };
  int8_t *img = images(&m, N, 8);
  int K = m.vm.classes;
  int32_t a[N * 16], b[N * 16], one[16];
  run_logits(&m, &chip, NULL, "2:0", img, N, a);
  run_logits(&back, &chip, NULL, "2:0", img, N, b);
  assert_int_equal(memcmp(a, b, sizeof(int32_t) * N * K), 0);
  /* image 3 alone equals image 3 of the batch */
  size_t per = (size_t)m.channels * m.height * m.width;
  run_logits(&m, &chip, NULL, "2:0", img + 3 * per, 1, one);
  assert_int_equal(memcmp(one, a + 3 * K, sizeof(int32_t) * K), 0);
  /* non-ideal: zeros equal the ideal tile; with noise the result differs,
   * repeats exactly, and image 0's result does not depend on the others */
  xbar_nonideal_params p;
  assert_int_equal(xbar_nonideal_parse("g_sigma=0,seed=5", &p, &err), 0);
  run_logits(&m, &chip, &p, "2:0", img, N, b);
  assert_int_equal(memcmp(a, b, sizeof(int32_t) * N * K), 0);
  assert_int_equal(xbar_nonideal_parse("g_sigma=0.05,stuck_off=0.01,adc_sigma=0.5,seed=5", &p, &err), 0);
  int32_t c[N * 16], d[N * 16];
  run_logits(&m, &chip, &p, "2:0", img, N, c);
  run_logits(&m, &chip, &p, "2:0", img, N, d);
  assert_int_equal(memcmp(c, d, sizeof(int32_t) * N * K), 0);
  assert_int_not_equal(memcmp(a, c, sizeof(int32_t) * N * K), 0);
  run_logits(&m, &chip, &p, "2:0", img, 1, one);
  assert_int_equal(memcmp(one, c, sizeof(int32_t) * K), 0);
  /* another seed gives other draws */
  assert_int_equal(xbar_nonideal_parse("g_sigma=0.05,stuck_off=0.01,adc_sigma=0.5,seed=6", &p, &err), 0);
  run_logits(&m, &chip, &p, "2:0", img, N, d);
  assert_int_not_equal(memcmp(c, d, sizeof(int32_t) * N * K), 0);
  free(img);
  model_free(&back);
  model_free(&m);
}

/* FNV-1a 64 reference values (the published test vectors). */
static void test_fnv(void **st) {
  assert_true(enc_fnv1a64("") == 0xcbf29ce484222325ULL);
  assert_true(enc_fnv1a64("a") == 0xaf63dc4c8601ec8cULL);
  assert_true(enc_fnv1a64("foobar") == 0x85944171f73967e8ULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_lin_exact),   cmocka_unit_test(test_lin_blocks),
      cmocka_unit_test(test_ops_follow_schedule), cmocka_unit_test(test_refusals),
      cmocka_unit_test(test_model_round_trip), cmocka_unit_test(test_fnv),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
