/* Unit tests of the accuracy statistics (c-model/acc_stats.c): Student t
 * quantiles against published table values, the Wilson interval against its
 * defining equation, Newcombe's paired interval against a published example,
 * and the t interval of a hand-computed case. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "acc_stats.h"

static int near(double a, double b, double tol) { return fabs(a - b) <= tol; }

/* Two-sided 95% quantiles t_{0.975, df}, as printed in standard tables
 * (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.2), to the table's digits. */
static void test_t_quantile(void **state) {
  (void)state;
  static const struct {
    double df, t;
  } tab[] = {{1, 12.706}, {2, 4.303}, {3, 3.182}, {4, 2.776}, {5, 2.571}, {9, 2.262},
             {10, 2.228}, {20, 2.086}, {29, 2.045}, {30, 2.042}, {60, 2.000}, {100, 1.984}};
  for (size_t k = 0; k < sizeof tab / sizeof tab[0]; k++)
    assert_true(near(acc_t_quantile(0.975, tab[k].df), tab[k].t, 0.0006));
  /* more digits where they are well known: df 1 is 1/tan(pi/40), df 2 is
   * sqrt(2) * 0.95 / sqrt(1 - 0.95^2) */
  assert_true(near(acc_t_quantile(0.975, 1), 1 / tan(3.14159265358979323846 * 0.025), 1e-8));
  assert_true(near(acc_t_quantile(0.975, 2), sqrt(2.0) * 0.95 / sqrt(1 - 0.95 * 0.95), 1e-9));
  /* the CDF inverts the quantile, is symmetric and tends to the normal */
  for (double df = 1; df < 200; df *= 1.7) {
    double t = acc_t_quantile(0.9, df);
    assert_true(near(acc_t_cdf(t, df), 0.9, 1e-10));
    assert_true(near(acc_t_cdf(-t, df), 0.1, 1e-10));
  }
  assert_true(near(acc_t_cdf(0, 7), 0.5, 1e-15));
  assert_true(near(acc_t_quantile(0.975, 1e6), ACC_Z975, 1e-5));
}

/* Wilson: the ends solve (p - pi)^2 = z^2 pi (1 - pi) / n; exact ends at
 * k = 0 and k = n. */
static void test_wilson(void **state) {
  (void)state;
  const double z2 = ACC_Z975 * ACC_Z975;
  size_t cases[][2] = {{81, 263}, {350, 360}, {1, 10}, {5, 10}, {359, 360}, {36, 360}};
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    double lo, hi, n = (double)cases[k][1], p = (double)cases[k][0] / n;
    acc_wilson(cases[k][0], cases[k][1], &lo, &hi);
    assert_true(lo < p && p < hi);
    assert_true(near((p - lo) * (p - lo), z2 * lo * (1 - lo) / n, 1e-12));
    assert_true(near((p - hi) * (p - hi), z2 * hi * (1 - hi) / n, 1e-12));
  }
  double lo, hi;
  acc_wilson(0, 10, &lo, &hi);
  assert_true(lo == 0 && near(hi, z2 / (10 + z2), 1e-12));
  acc_wilson(10, 10, &lo, &hi);
  assert_true(hi == 1 && near(lo, 10 / (10 + z2), 1e-12));
}

/* Newcombe's square-and-add interval for paired proportions: the example of
 * Fagerland, Lydersen and Laake (Statistical Analysis of Contingency Tables,
 * chapter 8; R package contingencytables, whose test expects "estimate =
 * -0.0621 (95% CI -0.1186 to -0.0046)" for the table [[59, 6], [16, 80]],
 * first minus second). Here the difference is second - first. */
static void test_newcombe(void **state) {
  (void)state;
  double d, lo, hi;
  acc_paired_diff(59, 6, 16, 80, &d, &lo, &hi);
  assert_true(near(d, 10.0 / 161, 1e-15));
  assert_true(near(lo, 0.0046, 0.00005));
  assert_true(near(hi, 0.1186, 0.00005));
  /* swapping the two runs mirrors the interval */
  double d2, lo2, hi2;
  acc_paired_diff(59, 16, 6, 80, &d2, &lo2, &hi2);
  assert_true(near(d2, -d, 1e-15) && near(lo2, -hi, 1e-12) && near(hi2, -lo, 1e-12));
  /* identical runs: difference 0, an interval around it; all right: still
   * finite and inside [-1, 1] */
  acc_paired_diff(350, 0, 0, 10, &d, &lo, &hi);
  assert_true(d == 0 && lo < 0 && hi > 0 && lo > -0.05 && hi < 0.05);
  acc_paired_diff(360, 0, 0, 0, &d, &lo, &hi);
  assert_true(d == 0 && lo <= 0 && hi >= 0 && lo >= -1 && hi <= 1);
}

static void test_t_interval(void **state) {
  (void)state;
  double v[] = {1, 2, 3}, m, sd, lo, hi;
  acc_t_interval(v, 3, &m, &sd, &lo, &hi);
  double half = acc_t_quantile(0.975, 2) / sqrt(3.0);
  assert_true(m == 2 && near(sd, 1, 1e-15));
  assert_true(near(lo, 2 - half, 1e-12) && near(hi, 2 + half, 1e-12));
  assert_true(near(half, 2.484138, 1e-6));
  double one[] = {97.5};
  acc_t_interval(one, 1, &m, &sd, &lo, &hi);
  assert_true(m == 97.5 && sd == 0 && lo == 97.5 && hi == 97.5);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_t_quantile),
      cmocka_unit_test(test_wilson),
      cmocka_unit_test(test_newcombe),
      cmocka_unit_test(test_t_interval),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
