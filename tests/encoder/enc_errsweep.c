/* enc_errsweep: the worst error against float of the integer softmax,
 * LayerNorm and GELU of docs/encoder-int.md (section 11), by exhaustive
 * (softmax T = 2, GELU) and dense seeded sweeps; prints markdown tables.
 * The LayerNorm table also shows the memo's first design (root = isqrt(D +
 * eps_q), r = floor(2^40 / root), m = rshr(c r, 24)) for comparison.
 * `make enc-errors` runs it; the tables are copied into the document. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "enc_ops.h"
#include "trex_rng.h"

static double gelu(double v) { return 0.5 * v * (1 + erf(v / sqrt(2.0))); }

/* ---- softmax ------------------------------------------------------------ */

typedef struct {
  double worst, worst_u, sum;
  long n;
} acc_t;

static void sm_row(const int8_t *q, int T, const int32_t *lut, double s, acc_t *a) {
  int8_t p[256];
  double pf[256];
  enc_softmax_row(q, T, lut, p, NULL);
  int mx = -128;
  for (int j = 0; j < T; j++) mx = q[j] > mx ? q[j] : mx;
  double z = 0;
  for (int j = 0; j < T; j++) z += pf[j] = exp(s * (q[j] - mx));
  for (int j = 0; j < T; j++) {
    double e = fabs(p[j] / 128.0 - pf[j] / z);
    if (e > a->worst) a->worst = e;
    if (p[j] < 127 && e > a->worst_u) a->worst_u = e;
    a->sum += e;
    a->n++;
  }
}

static void softmax_table(void) {
  const double scales[] = {1.0 / 64, 1.0 / 32, 1.0 / 16, 1.0 / 8, 1.0 / 4};
  const int Ts[] = {2, 5, 17, 64, 197};
  printf("### Softmax: |p/128 - p_float| (probability units)\n\n");
  printf("| score scale | T | rows | worst | worst unclipped | mean | bound 1/128 + (1+T)/2^17 |\n");
  printf("| --- | --- | --- | --- | --- | --- | --- |\n");
  trex_rng r;
  trex_rng_seed(&r, 2024);
  for (size_t a = 0; a < sizeof scales / sizeof scales[0]; a++) {
    int32_t lut[256];
    for (int i = 0; i < 256; i++) lut[i] = (int32_t)llround(65536.0 * exp(-i * scales[a]));
    for (size_t b = 0; b < sizeof Ts / sizeof Ts[0]; b++) {
      int T = Ts[b];
      acc_t acc = {0};
      int8_t q[256];
      long rows = 0;
      if (T == 2) { /* exhaustive */
        for (int x = -128; x < 128; x++)
          for (int y = -128; y < 128; y++) {
            q[0] = (int8_t)x;
            q[1] = (int8_t)y;
            sm_row(q, 2, lut, scales[a], &acc);
            rows++;
          }
      } else {
        long nrows = T >= 64 ? 40000 : 200000;
        for (long k = 0; k < nrows; k++, rows++) {
          int kind = (int)(k % 5);
          int c = (int)trex_rng_range(&r, -128, 127);
          double sp = (double)trex_rng_range(&r, 1, 128);
          for (int j = 0; j < T; j++) {
            long v;
            if (kind == 0) v = trex_rng_range(&r, -128, 127);
            else if (kind == 1) v = j == (int)(k % T) ? 127 : trex_rng_range(&r, -128, 127 - (long)(k % 200));
            else if (kind == 2) v = trex_rng_range(&r, 0, 1) ? c : c - (long)(k % 40);
            else if (kind == 3) v = c + llround(sp / 4 * trex_rng_gauss(&r));
            else v = c;
            q[j] = enc_sat8(v);
          }
          sm_row(q, T, lut, scales[a], &acc);
        }
      }
      printf("| 1/%.0f | %d | %ld%s | %.5f | %.5f | %.6f | %.5f |\n", 1 / scales[a], T, rows,
             T == 2 ? " (all)" : "", acc.worst, acc.worst_u, acc.sum / (double)acc.n,
             1.0 / 128 + (1.0 + T) / 131072);
    }
  }
  printf("\n");
}

/* ---- LayerNorm ---------------------------------------------------------- */

/* The memo's first design, for comparison only. */
static void ln_memo(const int8_t *x, int n, const int32_t *g, const int32_t *b, int64_t eps_q,
                    int s, int8_t *y) {
  int64_t s1 = 0, s2 = 0;
  for (int i = 0; i < n; i++) {
    s1 += x[i];
    s2 += (int64_t)x[i] * x[i];
  }
  int64_t d = (int64_t)n * s2 - s1 * s1;
  int64_t root = (int64_t)enc_isqrt((uint64_t)(d + eps_q));
  int64_t r = ((int64_t)1 << 40) / root;
  for (int i = 0; i < n; i++) {
    int64_t m = enc_rshr(((int64_t)n * x[i] - s1) * r, 24);
    y[i] = enc_sat8(enc_rshr(m * g[i] + b[i], s));
  }
}

static const char *kinds[] = {"uniform -128..127", "gaussian, random spread", "one outlier",
                              "two adjacent values", "all equal"};

static void ln_table(void) {
  const int Es[] = {4, 16, 39, 64, 130, 384, 768};
  const double S_out = 1.0 / 32, S_in = 1.0 / 32, eps = 1e-5;
  const int s = 24;
  printf("### LayerNorm: |y - y_float| in output LSB (unsaturated outputs; S_out = 1/32, "
         "s = 24, eps 1e-5 at S_in = 1/32)\n\n");
  printf("| E | input rows | gamma, beta | worst (contract) | mean (contract) | worst (memo's "
         "first design) |\n");
  printf("| --- | --- | --- | --- | --- | --- |\n");
  trex_rng r;
  trex_rng_seed(&r, 77);
  static int8_t x[768], y[768], ym[768];
  static int32_t g[768], b[768];
  static double gam[768], bet[768];
  double kw[5] = {0}, kwm[5] = {0};
  for (size_t a = 0; a < sizeof Es / sizeof Es[0]; a++) {
    int E = Es[a];
    int64_t eps_q = llround(eps * (double)E * E / (S_in * S_in));
    if (eps_q < 1) eps_q = 1;
    for (int affine = 0; affine < 2; affine++) {
      double worst = 0, worstm = 0, sum = 0;
      long n = 0, rows = E >= 384 ? 6000 : 30000;
      for (long k = 0; k < rows; k++) {
        int kind = (int)(k % 5);
        int c = (int)trex_rng_range(&r, -120, 120);
        double sp = (double)trex_rng_range(&r, 1, 100);
        for (int i = 0; i < E; i++) {
          long v;
          if (kind == 0) v = trex_rng_range(&r, -128, 127);
          else if (kind == 1) v = c + llround(sp * trex_rng_gauss(&r));
          else if (kind == 2) v = i == (int)(k % E) ? (c > 0 ? -128 : 127) : c;
          else if (kind == 3) v = c + (i % 2);
          else v = c;
          x[i] = enc_sat8(v);
          gam[i] = affine ? 0.25 + 1.5 * trex_rng_unit(&r) : 1.0;
          bet[i] = affine ? fmax(-2.0, fmin(2.0, 0.5 * trex_rng_gauss(&r))) : 0.0; /* B fits int32 */
          g[i] = (int32_t)llround(gam[i] / S_out * ldexp(1.0, s - 16));
          b[i] = (int32_t)llround(bet[i] / S_out * ldexp(1.0, s));
        }
        enc_ln_row(x, E, g, b, eps_q, s, y, NULL);
        ln_memo(x, E, g, b, eps_q, s, ym);
        double mean = 0, var = 0;
        for (int i = 0; i < E; i++) mean += x[i];
        mean /= E;
        for (int i = 0; i < E; i++) var += (x[i] - mean) * (x[i] - mean);
        var /= E;
        double sd = sqrt(var + (double)eps_q / ((double)E * E));
        for (int i = 0; i < E; i++) {
          double yf = (gam[i] * (x[i] - mean) / sd + bet[i]) / S_out;
          if (yf > 126.5 || yf < -127.5) continue;
          double e = fabs(y[i] - yf), em = fabs(ym[i] - yf);
          sum += e;
          n++;
          if (e > worst) worst = e;
          if (em > worstm) worstm = em;
          if (e > kw[kind]) kw[kind] = e;
          if (em > kwm[kind]) kwm[kind] = em;
        }
      }
      printf("| %d | %ld | %s | %.4f | %.4f | %.4f |\n", E, rows,
             affine ? "random (0.25..1.75; 0.5 N(0,1) within +-2)" : "1, 0", worst, sum / (double)n, worstm);
    }
  }
  printf("\nBy input kind (all E): ");
  for (int k = 0; k < 5; k++)
    printf("%s%s %.4f (memo's %.4f)", k ? "; " : "", kinds[k], kw[k], kwm[k]);
  printf(".\n\n");
}

/* ---- GELU ------------------------------------------------------------------ */

static void gelu_table(void) {
  const double sc[][2] = {{1.0 / 32, 1.0 / 32}, {1.0 / 16, 1.0 / 16}, {1.0 / 8, 1.0 / 32},
                          {0.05, 0.02},         {1.0 / 64, 1.0 / 128}};
  printf("### GELU: |y - gelu(x S_in)/S_out| in output LSB (all 256 inputs)\n\n");
  printf("| S_in | S_out | worst (unsaturated) | saturated inputs |\n| --- | --- | --- | --- |\n");
  for (size_t a = 0; a < sizeof sc / sizeof sc[0]; a++) {
    int8_t lut[256], xs[256], y[256];
    for (int v = -128; v < 128; v++) {
      lut[v + 128] = enc_sat8(llround(gelu(v * sc[a][0]) / sc[a][1]));
      xs[v + 128] = (int8_t)v;
    }
    enc_gelu_row(xs, 256, lut, y);
    double worst = 0;
    int sat = 0;
    for (int v = -128; v < 128; v++) {
      double yf = gelu(v * sc[a][0]) / sc[a][1];
      if (yf > 127.5 || yf < -128.5) {
        sat++;
        continue;
      }
      double e = fabs(y[v + 128] - yf);
      if (e > worst) worst = e;
    }
    printf("| %g | %g | %.4f | %d |\n", sc[a][0], sc[a][1], worst, sat);
  }
  printf("\n");
}

int main(void) {
  printf("<!-- written by tests/encoder/enc_errsweep.c (make enc-errors) -->\n\n");
  softmax_table();
  ln_table();
  gelu_table();
  return 0;
}
