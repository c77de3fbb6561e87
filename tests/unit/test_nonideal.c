/* Unit tests of the non-ideal tile's MVM (c-model/xbar_nonideal.c): the
 * row-by-row accumulation of every column (the fast form the accuracy runs
 * use) against a transcription of the rule of docs/encoder-int.md, section 10
 * (one column at a time, rows in increasing order), bit for bit, with every
 * non-ideality on, over random configurations, weights, inputs and seeds:
 * the output words and the column values (doubles) themselves. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "trex_rng.h"
#include "unit_util.h"
#include "xbar_model.h"
#include "xbar_nonideal.h"
#include "xbar_vecgen.h"

/* Section 10's MVM, transcribed: for output j, phase p, plane, slice (that
 * nesting), the column value is the double sum over rows i = 0.. whose input
 * bit p is 1 of the cell values; then offset, noise, rounding, clamp, and
 * xbar-tile.md's shift-and-add and offset correction. */
static void ref_mvm(const xbar_nonideal *n, trex_rng *noise, const int32_t *x, int32_t *y,
                    double *sums) {
  const xbar_cfg *c = &n->cfg;
  int sh = xbar_cfg_adc_shift(c);
  int qmax = (1 << c->adc_bits) - 1;
  int64_t xsum = 0;
  for (int i = 0; i < c->rows; i++) xsum += x[i];
  for (int j = 0; j < c->outs; j++) {
    int64_t acc = 0;
    for (int p = 0; p < c->x_bits; p++) {
      int64_t cp = (c->x_signed && p == c->x_bits - 1) ? -1 : 1;
      for (int pl = 0; pl < n->planes; pl++)
        for (int s = 0; s < n->slices; s++) {
          int col = (j * n->planes + pl) * n->slices + s;
          double sum = 0;
          for (int i = 0; i < c->rows; i++)
            if ((xbar_x_pattern(c, x[i]) >> p) & 1u) sum += n->g[(size_t)i * n->ncols + col];
          sums[(size_t)p * n->ncols + col] = sum;
          double v = sum / (double)(1 << sh) + n->prm.adc_offset;
          if (n->prm.adc_sigma > 0) v += n->prm.adc_sigma * trex_rng_gauss(noise);
          double qf = floor(v + 0.5 + 1e-9);
          int q = !(qf > 0) ? 0 : !(qf < qmax) ? qmax : (int)qf;
          acc += (pl ? -1 : 1) * cp * (((int64_t)q << sh) << (p + s * c->cell_bits));
        }
    }
    if (c->enc == XBAR_ENC_OFFSET) acc -= ((int64_t)1 << (c->w_bits - 1)) * xsum;
    y[j] = (int32_t)(uint32_t)(uint64_t)acc;
  }
}

/* Every non-ideality at random strengths: the fast MVM equals the
 * transcription word for word, and the noise streams stay in step. */
static void test_fast_equals_rule(void **state) {
  (void)state;
  trex_rng r = unit_rng(2024);
  size_t words = 0, differ_from_ideal = 0;
  for (int t = 0; t < 400; t++) {
    xbar_cfg c = unit_random_cfg(&r, 0, 16);
    assert_int_equal(xbar_cfg_check(&c, "cfg", NULL), 0);
    int nvec = 6;
    int32_t *w = malloc(sizeof(int32_t) * (size_t)c.rows * (size_t)c.outs);
    int32_t *x = malloc(sizeof(int32_t) * (size_t)nvec * (size_t)c.rows);
    assert_non_null(w);
    assert_non_null(x);
    xbar_vecgen(&c, nvec, (uint64_t)t, (xbar_gen_mode)(t % 2), w, x);
    xbar_nonideal_params p = {0};
    p.g_sigma = trex_rng_unit(&r) * 0.2;
    p.stuck_off = t % 3 ? trex_rng_unit(&r) * 0.05 : 0;
    p.stuck_on = t % 5 ? trex_rng_unit(&r) * 0.05 : 0;
    p.adc_sigma = t % 4 ? trex_rng_unit(&r) * 1.5 : 0;
    p.adc_offset = t % 7 ? trex_rng_unit(&r) * 0.6 : 0;
    p.seed = (uint64_t)t * 977 + 1;
    xbar_nonideal ni;
    assert_int_equal(xbar_nonideal_init(&ni, &c, &p, w, NULL), 0);
    trex_rng noise = ni.noise; /* the reference follows its own copy */
    double *sums = malloc(sizeof(double) * (size_t)c.x_bits * ni.ncols);
    assert_non_null(sums);
    xbar_model m;
    assert_int_equal(xbar_model_init(&m, &c, NULL), 0);
    xbar_model_program(&m, w);
    for (int v = 0; v < nvec; v++) {
      int32_t y[64], yr[64], yi[64];
      xbar_nonideal_mvm(&ni, x + (size_t)v * c.rows, y);
      ref_mvm(&ni, &noise, x + (size_t)v * c.rows, yr, sums);
      /* the column values themselves, as doubles, bit for bit (a different
       * summation order changes them even where the rounded codes agree) */
      assert_memory_equal(ni.colsum, sums, sizeof(double) * (size_t)c.x_bits * ni.ncols);
      xbar_model_mvm(&m, x + (size_t)v * c.rows, yi);
      for (int j = 0; j < c.outs; j++) {
        assert_int_equal(y[j], yr[j]);
        differ_from_ideal += y[j] != yi[j];
      }
      words += (size_t)c.outs;
    }
    /* the streams advanced alike */
    assert_true(trex_rng_next(&ni.noise) == trex_rng_next(&noise));
    xbar_model_free(&m);
    xbar_nonideal_free(&ni);
    free(sums);
    free(w);
    free(x);
  }
  /* the non-idealities did something (the comparison is not of two ideal tiles) */
  assert_true(differ_from_ideal > words / 2);
  print_message("non-ideal fast vs rule: %zu words equal, %zu differ from the ideal tile\n",
                words, differ_from_ideal);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fast_equals_rule),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
