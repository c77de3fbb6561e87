/* Unit tests of the integer encoder's operations (c-model/enc_ops.*):
 * hand-derived cases (the expected values are worked out from the formulas of
 * docs/encoder-int.md in the comments), exhaustive and random checks against
 * the exact definitions, and against float within the bounds of section 11. */
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

#include "enc_ops.h"
#include "trex_rng.h"
#include "unit_util.h"

/* ---- section 1 ------------------------------------------------------------ */

static void test_shift_round_sat(void **st) {
  /* floor shift: -3 >> 1 = -2; rshr rounds half up */
  assert_int_equal(enc_asr(-3, 1), -2);
  assert_int_equal(enc_asr(-1, 63), -1);
  assert_int_equal(enc_asr(INT64_MIN, 63), -1);
  assert_int_equal(enc_asr(INT64_MAX, 62), 1);
  assert_int_equal(enc_rshr(5, 1), 3);   /* 2.5 -> 3 */
  assert_int_equal(enc_rshr(-5, 1), -2); /* -2.5 -> -2 */
  assert_int_equal(enc_rshr(-6, 2), -1); /* -1.5 -> -1 */
  assert_int_equal(enc_rshr(6, 2), 2);   /* 1.5 -> 2 */
  assert_int_equal(enc_rshr(-7, 2), -2); /* -1.75 -> -2 */
  assert_int_equal(enc_rshr(123, 0), 123);
  assert_int_equal(enc_sat8(128), 127);
  assert_int_equal(enc_sat8(-129), -128);
  assert_int_equal(enc_sat8(-128), -128);
  assert_int_equal(enc_sat32((int64_t)1 << 40), INT32_MAX);
  assert_int_equal(enc_sat32(-((int64_t)1 << 40)), INT32_MIN);
  /* requant(100, 2^30, 31) = rshr(100 * 2^30, 31) = 50 */
  assert_int_equal(enc_requant(100, 1 << 30, 31), 50);
  /* requant(-3, 1, 1) = rshr(-3, 1) = (-3 + 1) >> 1 = -1 */
  assert_int_equal(enc_requant(-3, 1, 1), -1);
  /* sat32 first: 2^40 -> 2^31-1, times 2^31-1, >> 62 = 0.99.. -> rounds to 1 */
  assert_int_equal(enc_requant((int64_t)1 << 40, INT32_MAX, 62), 1);
  /* 1000 * 3 / 2^4 = 187.5 -> 188 -> saturated to 127 */
  assert_int_equal(enc_requant(1000, 3, 4), 127);
  assert_int_equal(enc_requant(-1000, 3, 4), -128);
  /* add(100, -50; 3, 5, 2) = rshr(300 - 250, 2) = rshr(50, 2) = 12.5 -> 13 */
  assert_int_equal(enc_add1(100, -50, 3, 5, 2), 13);
  /* add(-128, -128; 2^31-1, 2^31-1, 0) saturates */
  assert_int_equal(enc_add1(-128, -128, INT32_MAX, INT32_MAX, 0), -128);
  assert_int_equal(enc_add1(127, 127, INT32_MAX, INT32_MAX, 62), 0); /* 2^39 / 2^62 -> 0 */
}

static void test_isqrt(void **st) {
  for (uint64_t v = 0; v < (1u << 20); v++) {
    uint64_t r = enc_isqrt(v);
    assert_true(r * r <= v && (r + 1) * (r + 1) > v);
  }
  trex_rng g = unit_rng(7);
  for (int k = 0; k < 200000; k++) {
    uint64_t v = trex_rng_next(&g) >> (trex_rng_next(&g) % 64);
    uint64_t r = enc_isqrt(v);
    assert_true(r <= 0xffffffffULL);
    assert_true(r * r <= v);
    assert_true(r == 0xffffffffULL || (r + 1) * (r + 1) > v);
  }
  /* squares and their neighbours */
  for (uint64_t q = 0xfffff000ULL; q <= 0xffffffffULL && q >= 0xfffff000ULL; q += 97) {
    assert_true(enc_isqrt(q * q) == q);
    if (q) assert_true(enc_isqrt(q * q - 1) == q - 1);
  }
  assert_true(enc_isqrt(UINT64_MAX) == 0xffffffffULL);
}

/* ---- softmax -------------------------------------------------------------- */

static void exp_lut(double s, int32_t lut[256]) {
  for (int i = 0; i < 256; i++) lut[i] = (int32_t)llround(65536.0 * exp(-i * s));
}

static void test_softmax_hand(void **st) {
  int32_t lut[256];
  exp_lut(1.0 / 32, lut);
  int8_t p[4];
  enc_softmax_trace tr;
  /* all equal: S = 4 * 65536 = 2^18, r = 2^22, e*r = 2^38, rshr(.., 33) = 32 */
  int8_t q1[4] = {5, 5, 5, 5};
  enc_softmax_row(q1, 4, lut, p, &tr);
  assert_int_equal(tr.max, 5);
  assert_int_equal(tr.sum, 1 << 18);
  assert_int_equal(tr.recip, 1 << 22);
  for (int j = 0; j < 4; j++) assert_int_equal(p[j], 32);
  /* a table of 65536 then 32768 then 0: q = [0, -1]: S = 98304,
   * r = floor(2^40 / 98304) = 11184810; p0 = rshr(65536 r, 33) = 85.33 -> 85,
   * p1 = rshr(32768 r, 33) = 42.67 -> 43 */
  int32_t half[256] = {65536, 32768};
  int8_t q2[2] = {0, -1};
  enc_softmax_row(q2, 2, half, p, &tr);
  assert_int_equal(tr.recip, 11184810);
  assert_int_equal(p[0], 85);
  assert_int_equal(p[1], 43);
  /* one dominant element with LUT[255] = 0: S = 65536, p0 = 128 -> 127 */
  int8_t q3[3] = {-128, 127, -128};
  enc_softmax_row(q3, 3, half, p, &tr);
  assert_int_equal(p[0], 0);
  assert_int_equal(p[1], 127);
  assert_int_equal(p[2], 0);
  /* one element: 127 (probability 1 clipped) */
  enc_softmax_row(q1, 1, lut, p, NULL);
  assert_int_equal(p[0], 127);
}

/* |p/128 - p_float| <= 1/128 + (1 + T)/2^17 (section 11) on random,
 * one-dominant, two-level and all-equal rows, several score scales and T. */
static void test_softmax_float(void **st) {
  const double scales[] = {1.0 / 64, 1.0 / 32, 1.0 / 16, 1.0 / 8, 1.0 / 4};
  const int Ts[] = {1, 2, 5, 17, 64, 197, 1000};
  trex_rng g = unit_rng(11);
  int8_t q[1000], p[1000];
  double pf[1000];
  double worst = 0, worst_unclipped = 0;
  for (size_t a = 0; a < sizeof scales / sizeof scales[0]; a++) {
    int32_t lut[256];
    exp_lut(scales[a], lut);
    for (size_t b = 0; b < sizeof Ts / sizeof Ts[0]; b++) {
      int T = Ts[b];
      double bound = 1.0 / 128 + (1.0 + T) / 131072.0 + 1e-12;
      double bound_u = 1.0 / 256 + (1.0 + T) / 131072.0 + 1.0 / (1 << 24) + 1e-12;
      for (int rep = 0; rep < 400; rep++) {
        int kind = rep % 4;
        for (int j = 0; j < T; j++) {
          if (kind == 0) q[j] = (int8_t)trex_rng_range(&g, -128, 127);
          else if (kind == 1) q[j] = j == rep % T ? 127 : (int8_t)trex_rng_range(&g, -128, 0);
          else if (kind == 2) q[j] = (int8_t)(trex_rng_range(&g, 0, 1) ? 40 : -20);
          else q[j] = (int8_t)(rep - 128);
        }
        enc_softmax_row(q, T, lut, p, NULL);
        int mx = -128;
        for (int j = 0; j < T; j++) mx = q[j] > mx ? q[j] : mx;
        double sum = 0;
        for (int j = 0; j < T; j++) sum += pf[j] = exp(scales[a] * (q[j] - mx));
        for (int j = 0; j < T; j++) {
          double e = fabs(p[j] / 128.0 - pf[j] / sum);
          assert_true(p[j] >= 0 && p[j] <= 127);
          assert_true(e <= bound);
          if (e > worst) worst = e;
          if (p[j] < 127) {
            assert_true(e <= bound_u);
            if (e > worst_unclipped) worst_unclipped = e;
          }
        }
      }
    }
  }
  printf("softmax: worst |p/128 - float| %.6f (unclipped %.6f)\n", worst, worst_unclipped);
}

/* ---- LayerNorm ----------------------------------------------------------- */

static void test_ln_hand(void **st) {
  /* x = [1, -1, 1, -1], eps_q 1: S1 = 0, S2 = 4, D = 4*4 - 0 = 16, V = 17,
   * R = isqrt(17 * 65536 = 1114112) = 1055 (1055^2 = 1113025, 1056^2 =
   * 1115136), r = floor(2^48 / 1055) = 266800925792, c = +-4,
   * m = rshr(4 r, 24) = 63610 (4/sqrt(17) * 65536 = 63579.6 before the
   * root's truncation). With g = 8192 (gamma 1 at output scale 1/32, s = 24):
   * y = rshr(63610 * 8192, 24) = 31.06 -> 31 (float: 4/sqrt(17)*32 = 31.04). */
  int8_t x[4] = {1, -1, 1, -1}, y[4];
  int32_t g[4] = {8192, 8192, 8192, 8192}, b[4] = {0, 0, 0, 0};
  enc_ln_trace tr;
  enc_ln_row(x, 4, g, b, 1, 24, y, &tr);
  assert_int_equal(tr.s1, 0);
  assert_int_equal(tr.s2, 4);
  assert_int_equal(tr.d, 16);
  assert_int_equal(tr.v, 17);
  assert_int_equal(tr.root, 1055);
  assert_true(tr.recip == 266800925792LL);
  int64_t m[4];
  enc_ln_norm_row(x, 4, 1, m, NULL);
  assert_int_equal(m[0], 63610);
  assert_int_equal(m[1], -63610);
  assert_int_equal(y[0], 31);
  assert_int_equal(y[1], -31);
  /* x = [10, 20, 30, 40], eps_q 5, beta 0.5: S1 = 100, S2 = 3000, D = 2000,
   * V = 2005, R = isqrt(2005 * 65536) = 11462, r = 24557230562,
   * m = [-87824, -29275, 29275, 87824], B = 0.5 * 32 * 2^24 = 268435456,
   * y = rshr(m * 8192 + B, 24) = [-27, 2, 30, 59] (float: 32 * (x - 25) /
   * sqrt(125 + 5/16) + 16 = -26.9, 1.7, 30.3, 58.9). */
  int8_t x2[4] = {10, 20, 30, 40};
  int32_t b2[4] = {268435456, 268435456, 268435456, 268435456};
  enc_ln_row(x2, 4, g, b2, 5, 24, y, &tr);
  assert_int_equal(tr.root, 11462);
  assert_true(tr.recip == 24557230562LL);
  assert_int_equal(y[0], -27);
  assert_int_equal(y[1], 2);
  assert_int_equal(y[2], 30);
  assert_int_equal(y[3], 59);
  /* zero variance: D = 0, every c_i = 0, y = rshr(B, s) = 16 */
  int8_t x3[4] = {-7, -7, -7, -7};
  enc_ln_row(x3, 4, g, b2, 1, 24, y, &tr);
  assert_int_equal(tr.d, 0);
  assert_int_equal(tr.root, 256); /* isqrt(1 * 2^16) */
  for (int i = 0; i < 4; i++) assert_int_equal(y[i], 16);
}

/* Largest intermediates (section 6): E = 65535 alternating -128/127, the
 * largest eps_q, the largest g, B and s; UBSan (make test SAN=1) traps any
 * signed overflow here. */
static void test_ln_extremes(void **st) {
  enum { E = 65535 };
  static int8_t x[E], y[E];
  static int32_t g[E], b[E];
  for (int i = 0; i < E; i++) {
    x[i] = (int8_t)(i % 2 ? 127 : -128);
    g[i] = i % 3 ? INT32_MAX : INT32_MIN;
    b[i] = i % 5 ? INT32_MIN : INT32_MAX;
  }
  enc_ln_trace tr;
  enc_ln_row(x, E, g, b, ENC_EPS_Q_MAX, ENC_S_MAX, y, &tr);
  assert_true(tr.d > 0 && tr.d < ((int64_t)1 << 46));
  assert_true(tr.root >= 256 && tr.root < ((int64_t)1 << 32));
  enc_ln_row(x, E, g, b, 1, 0, y, &tr);
  /* one outlier among equal values: the largest |c_i| relative to sqrt(D) */
  for (int i = 0; i < E; i++) x[i] = -128;
  x[17] = 127;
  enc_ln_row(x, E, g, b, 1, 24, y, &tr);
  /* the outlier's normalised value is about sqrt(E - 1) = 256 */
  static int64_t mm[E];
  enc_ln_norm_row(x, E, 1, mm, NULL);
  assert_true(llabs(mm[17] - (int64_t)(sqrt(E - 1.0) * 65536)) < 65536 / 100);
  /* softmax with T = 65535 equal scores: S = 65535 * 65536, p = 0 or 1 */
  int32_t lut[256];
  exp_lut(1.0 / 32, lut);
  enc_softmax_row(x, 1000, lut, y, NULL);
}

/* |y - y_float| <= 1/2 + |gamma|/S_out * (|norm| / (256 sqrt(V)) + 2^-16)
 * + the export rounding of g and B (section 11), for unsaturated outputs. */
static void test_ln_float(void **st) {
  trex_rng r = unit_rng(5);
  const int Es[] = {1, 2, 4, 16, 39, 64, 130, 384, 768};
  const double S_out = 1.0 / 32;
  const int s = 24;
  double worst = 0;
  int8_t x[768], y[768];
  int32_t g[768], b[768];
  double gam[768], bet[768];
  for (size_t a = 0; a < sizeof Es / sizeof Es[0]; a++) {
    int E = Es[a];
    for (int rep = 0; rep < 600; rep++) {
      int kind = rep % 5;
      double spread = (double)trex_rng_range(&r, 1, 127);
      int base = (int)trex_rng_range(&r, -100, 100);
      for (int i = 0; i < E; i++) {
        int v;
        if (kind == 0) v = (int)trex_rng_range(&r, -128, 127);
        else if (kind == 1) v = base + (int)llround(spread * trex_rng_gauss(&r) / 4);
        else if (kind == 2) v = i == rep % E ? 127 : base; /* one outlier */
        else if (kind == 3) v = base + (i % 2);            /* tiny variance */
        else v = base;                                    /* zero variance */
        x[i] = enc_sat8(v);
        gam[i] = kind == 0 ? 0.5 + trex_rng_unit(&r) : 1.0;
        bet[i] = kind == 0 ? 0.5 * trex_rng_gauss(&r) : 0.0;
        g[i] = (int32_t)llround(gam[i] / S_out * ldexp(1.0, s - 16));
        b[i] = (int32_t)llround(bet[i] / S_out * ldexp(1.0, s));
      }
      double S_in = 1.0 / 32, eps = 1e-5;
      int64_t eps_q = llround(eps * (double)E * E / (S_in * S_in));
      if (eps_q < 1) eps_q = 1;
      enc_ln_row(x, E, g, b, eps_q, s, y, NULL);
      double mean = 0, var = 0;
      for (int i = 0; i < E; i++) mean += x[i];
      mean /= E;
      for (int i = 0; i < E; i++) var += (x[i] - mean) * (x[i] - mean);
      var /= E;
      /* the float LN of the int8 values at input scale S_in, with the eps the
       * integer eps_q stands for */
      double epsf = (double)eps_q / ((double)E * E); /* in (integer units)^2 */
      double sdv = sqrt(var + epsf);
      double V = (double)E * E * var + (double)eps_q;
      for (int i = 0; i < E; i++) {
        double nrm = (x[i] - mean) / sdv;
        double yf = (gam[i] * nrm + bet[i]) / S_out;
        if (yf > 126.5 || yf < -127.5) continue; /* saturated */
        double e = fabs(y[i] - yf);
        double bound = 0.5 + gam[i] / S_out * (fabs(nrm) / (256 * sqrt(V)) + ldexp(1.0, -16)) +
                       fabs(nrm) * ldexp(1.0, 16 - s) + ldexp(1.0, -s) + 1e-9;
        assert_true(e <= bound);
        if (e > worst) worst = e;
      }
    }
  }
  printf("layernorm: worst |y - float| %.4f LSB\n", worst);
}

/* ---- GELU, add ----------------------------------------------------------- */

static double gelu(double v) { return 0.5 * v * (1 + erf(v / sqrt(2.0))); }

static void test_gelu(void **st) {
  const double scales[][2] = {{1.0 / 32, 1.0 / 32}, {1.0 / 16, 1.0 / 64}, {0.1, 0.05}};
  for (size_t a = 0; a < 3; a++) {
    double si = scales[a][0], so = scales[a][1];
    int8_t lut[256], x[256], y[256];
    for (int v = -128; v < 128; v++) {
      lut[v + 128] = enc_sat8(llround(gelu(v * si) / so));
      x[v + 128] = (int8_t)v;
    }
    enc_gelu_row(x, 256, lut, y);
    for (int v = -128; v < 128; v++) {
      double yf = gelu(v * si) / so;
      assert_int_equal(y[v + 128], lut[v + 128]);
      if (yf < 127 && yf > -128) assert_true(fabs(y[v + 128] - yf) <= 0.5);
    }
  }
  /* by hand: lut[x + 128] picks entry 0 for -128 and 255 for 127 */
  int8_t lut[256];
  for (int k = 0; k < 256; k++) lut[k] = (int8_t)(k - 128);
  int8_t x[3] = {-128, 0, 127}, y[3];
  enc_gelu_row(x, 3, lut, y);
  assert_int_equal(y[0], -128);
  assert_int_equal(y[1], 0);
  assert_int_equal(y[2], 127);
}

static void test_add_float(void **st) {
  /* y = sat8(round((a S_a + b S_b) / S_y)) within 1/2 + the multiplier
   * rounding: Ma = round(S_a/S_y 2^s), Mb likewise */
  trex_rng r = unit_rng(3);
  for (int k = 0; k < 100000; k++) {
    double Sa = 0.01 + trex_rng_unit(&r), Sb = 0.01 + trex_rng_unit(&r), Sy = 0.02 + trex_rng_unit(&r);
    int s = 30;
    int32_t Ma = (int32_t)llround(Sa / Sy * ldexp(1, s)), Mb = (int32_t)llround(Sb / Sy * ldexp(1, s));
    if (Sa / Sy >= 1.99 || Sb / Sy >= 1.99) continue;
    int8_t a = (int8_t)trex_rng_range(&r, -128, 127), b = (int8_t)trex_rng_range(&r, -128, 127);
    int8_t y = enc_add1(a, b, Ma, Mb, s);
    double yf = (a * Sa + b * Sb) / Sy;
    if (yf > 127 || yf < -128) continue;
    assert_true(fabs(y - yf) <= 0.5 + 256 * ldexp(1, -s) + 1e-9);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_shift_round_sat), cmocka_unit_test(test_isqrt),
      cmocka_unit_test(test_softmax_hand),    cmocka_unit_test(test_softmax_float),
      cmocka_unit_test(test_ln_hand),         cmocka_unit_test(test_ln_extremes),
      cmocka_unit_test(test_ln_float),        cmocka_unit_test(test_gelu),
      cmocka_unit_test(test_add_float),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
