/* units_tb_gen: random and corner jobs for the digital units
 * (docs/encoder-units.md, "Verification": the stimulus sets). Every value
 * comes from trex_rng seeded by the caller: the same seed gives the same
 * jobs. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "enc_ops.h"
#include "units_tb.h"

#define I32MAX INT32_MAX
#define I32MIN INT32_MIN

static int64_t rr(trex_rng *r, int64_t lo, int64_t hi) { return trex_rng_range(r, lo, hi); }
static int coin(trex_rng *r, double p) { return trex_rng_unit(r) < p; }

/* a random int32 with every magnitude equally likely (log-uniform bits) */
static int32_t rand_i32_mag(trex_rng *r) {
  int bits = (int)rr(r, 0, 31);
  int64_t v = bits ? rr(r, 0, ((int64_t)1 << bits) - 1) : 0;
  return (int32_t)(coin(r, 0.5) ? -v - (bits == 31 && coin(r, 0.01)) : v);
}

/* ---- tables ----------------------------------------------------------------- */

enum { EXP_CONST, EXP_ONEHOT, EXP_SOFT, EXP_STEEP, EXP_MIN1, EXP_RANDOM, EXP_SCALE };

/* A legal LUT_exp: [0] = 65536, non-increasing, >= 0. */
static void make_exp(int kind, double scale, trex_rng *r, int32_t lut[256]) {
  lut[0] = ENC_EXP_ONE;
  for (int k = 1; k < 256; k++) {
    int32_t v;
    switch (kind) {
      case EXP_CONST: v = ENC_EXP_ONE; break;
      case EXP_ONEHOT: v = 0; break;
      case EXP_MIN1: v = 1; break;
      case EXP_RANDOM: {
        int32_t step = coin(r, 0.7) ? (int32_t)rr(r, 0, 600) : (int32_t)rr(r, 0, 20000);
        v = lut[k - 1] - step;
        if (v < 0) v = 0;
        break;
      }
      default: v = (int32_t)floor(ENC_EXP_ONE * exp(-scale * k) + 0.5); break;
    }
    if (v > lut[k - 1]) v = lut[k - 1];
    lut[k] = v;
  }
  (void)EXP_SOFT;
  (void)EXP_STEEP;
  (void)EXP_SCALE;
}

static int add_exp(ujobs *js, int kind, double scale, trex_rng *r) {
  int32_t lut[256];
  make_exp(kind, scale, r, lut);
  return ut_exp_add(js, lut);
}

static int add_gelu_random(ujobs *js, trex_rng *r) {
  int8_t lut[256];
  double sin = exp(trex_rng_unit(r) * 4 - 5), sout = sin * (0.5 + trex_rng_unit(r));
  int kind = (int)rr(r, 0, 2);
  for (int v = -128; v < 128; v++) {
    double x = v * sin, g = 0.5 * x * (1 + erf(x / sqrt(2.0)));
    int64_t q = kind == 0 ? (int64_t)floor(g / sout + 0.5) : kind == 1 ? rr(r, -128, 127) : v;
    lut[v + 128] = enc_sat8(q);
  }
  return ut_gelu_add(js, lut);
}

/* ---- row lengths and row values ----------------------------------------------- */

static int pick_n(const ucfg *c, trex_rng *r) {
  int N = c->nmax, L = c->lanes;
  switch (rr(r, 0, 4)) {
    case 0: return N;
    case 1: return (int)rr(r, 1, N < 2 * L ? N : 2 * L);
    case 2: {
      int k = (int)rr(r, 1, (N + L - 1) / L) * L + (int)rr(r, -1, 1);
      return k < 1 ? 1 : k > N ? N : k;
    }
    default: return (int)rr(r, 1, N);
  }
}

/* lanes past n of the last beat: anything (the unit must ignore them) */
static void garbage_tail(const ucfg *c, ujob *j, trex_rng *r) {
  int E = ut_beats(c, j) * c->lanes;
  for (int e = j->n; e < E; e++) {
    j->x[e] = (int8_t)rr(r, -128, 127);
    if (j->g) j->g[e] = (int32_t)trex_rng_next(r);
    if (j->B) j->B[e] = (int32_t)trex_rng_next(r);
  }
}

static void fill_row(int8_t *x, int n, trex_rng *r) {
  int kind = (int)rr(r, 0, 4), ctr = (int)rr(r, -128, 127), w = (int)rr(r, 0, 40);
  for (int e = 0; e < n; e++) {
    int64_t v;
    switch (kind) {
      case 0: v = ctr + rr(r, -w, w); break;                       /* narrow */
      case 1: v = coin(r, 0.5) ? 127 : -128; break;                /* extremes */
      case 2: v = (int64_t)floor(trex_rng_gauss(r) * (w + 1) * 0.5 + 0.5) + ctr / 4; break;
      default: v = rr(r, -128, 127); break;                        /* uniform */
    }
    x[e] = enc_sat8(v);
  }
}

/* ---- jobs per unit ---------------------------------------------------------------- */

static int push(const ucfg *c, ujobs *js, ujob *j) {
  ut_golden(c, js, j);
  if (ut_jobs_add(js, j)) {
    ut_job_free(j);
    return -1;
  }
  return 0;
}

static int softmax_row(const ucfg *c, ujobs *js, int set, const char *label, int n, int lut,
                       const int8_t *vals, trex_rng *r) {
  ujob j;
  if (ut_job_alloc(c, &j, n)) return -1;
  snprintf(j.label, sizeof j.label, "%s", label);
  j.set = set;
  j.lut = lut;
  if (vals) memcpy(j.x, vals, (size_t)n);
  else fill_row(j.x, n, r);
  garbage_tail(c, &j, r);
  return push(c, js, &j);
}

static void rand_gb(int32_t *g, int32_t *B, int n, trex_rng *r) {
  int kind = (int)rr(r, 0, 3);
  for (int e = 0; e < n; e++) {
    switch (kind) {
      case 0: /* realistic: gamma ~ 1 at 2^(s-16), beta small */
        g[e] = (int32_t)rr(r, -70000, 70000);
        B[e] = (int32_t)rr(r, -(1 << 22), 1 << 22);
        break;
      case 1: g[e] = (int32_t)trex_rng_next(r); B[e] = (int32_t)trex_rng_next(r); break;
      default: g[e] = rand_i32_mag(r); B[e] = rand_i32_mag(r); break;
    }
  }
}

static int64_t rand_eps(trex_rng *r) {
  double l = trex_rng_unit(r) * 40;
  int64_t v = (int64_t)floor(pow(2.0, l));
  if (coin(r, 0.05)) v = coin(r, 0.5) ? 1 : ENC_EPS_Q_MAX;
  return v < 1 ? 1 : v > ENC_EPS_Q_MAX ? ENC_EPS_Q_MAX : v;
}

static int ln_row(const ucfg *c, ujobs *js, int set, const char *label, int n, const int8_t *vals,
                  int gb_kind, int64_t eps, int s, trex_rng *r) {
  ujob j;
  if (ut_job_alloc(c, &j, n)) return -1;
  snprintf(j.label, sizeof j.label, "%s", label);
  j.set = set;
  if (vals) memcpy(j.x, vals, (size_t)n);
  else fill_row(j.x, n, r);
  if (gb_kind < 0) {
    rand_gb(j.g, j.B, n, r);
  } else {
    static const int32_t gv[] = {I32MAX, I32MIN, 1, -1, 0, 65536};
    for (int e = 0; e < n; e++) {
      j.g[e] = gv[(gb_kind + e) % 6];
      j.B[e] = gv[(gb_kind / 6 + 2 * e) % 6];
    }
  }
  j.eps_q = eps;
  j.shift = s;
  garbage_tail(c, &j, r);
  return push(c, js, &j);
}

/* element-wise batch of `beats` beats with per-beat parameters and values */
typedef struct {
  int64_t acc;
  int32_t bias;
  int8_t a, b;
} ew_val;

static int ew_batch(const ucfg *c, ujobs *js, int set, const char *label, int beats,
                    const int32_t *bm, const int32_t *bmb, const uint8_t *bs, const ew_val *v,
                    int lut, trex_rng *r) {
  ujob j;
  int L = c->lanes;
  if (ut_job_alloc(c, &j, beats * L)) return -1;
  snprintf(j.label, sizeof j.label, "%s", label);
  j.set = set;
  j.lut = lut;
  int64_t amax = ((int64_t)1 << (c->acc_w - 1)) - 1, amin = -amax - 1;
  for (int k = 0; k < beats; k++) {
    if (j.bm) {
      j.bm[k] = bm ? bm[k] : (int32_t)rr(r, 0, I32MAX);
      j.bmb[k] = bmb ? bmb[k] : (int32_t)rr(r, 0, I32MAX);
      j.bs[k] = bs ? bs[k] : (uint8_t)rr(r, 0, ENC_S_MAX);
    }
    for (int l = 0; l < L; l++) {
      int e = k * L + l;
      if (v) {
        j.x[e] = v[e].a;
        if (j.xb) j.xb[e] = v[e].b;
        if (j.acc) {
          j.acc[e] = v[e].acc < amin ? amin : v[e].acc > amax ? amax : v[e].acc;
          j.bias[e] = v[e].bias;
        }
      } else {
        j.x[e] = (int8_t)rr(r, -128, 127);
        if (j.xb) j.xb[e] = (int8_t)rr(r, -128, 127);
        if (j.acc) {
          int kind = (int)rr(r, 0, 3);
          j.acc[e] = kind == 0 ? rr(r, amin, amax)
                     : kind == 1 ? rr(r, -(1 << 20), 1 << 20)
                     : kind == 2 ? rr(r, (int64_t)I32MIN - 300, (int64_t)I32MIN + 300) * (coin(r, 0.5) ? -1 : 1)
                                 : rr(r, -(1LL << (c->acc_w < 36 ? c->acc_w - 1 : 35)),
                                      (1LL << (c->acc_w < 36 ? c->acc_w - 1 : 35)) - 1);
          if (j.acc[e] < amin) j.acc[e] = amin;
          if (j.acc[e] > amax) j.acc[e] = amax;
          j.bias[e] = coin(r, 0.5) ? (int32_t)rr(r, -(1 << 16), 1 << 16) : (int32_t)trex_rng_next(r);
        }
      }
    }
  }
  return push(c, js, &j);
}

/* realistic scale parameters: M in [2^30, 2^31) and s so that typical
 * products land in int8 range */
static void real_scale(trex_rng *r, int32_t *M, uint8_t *s, int lo, int hi) {
  *M = (int32_t)rr(r, 1 << 30, I32MAX);
  *s = (uint8_t)rr(r, lo, hi);
}

int ut_gen_random(const ucfg *c, ujobs *js, long count, uint64_t seed) {
  trex_rng r;
  trex_rng_seed(&r, seed * 0x9e3779b97f4a7c15ULL + 17);
  int L = c->lanes;
  int lut = -1;
  for (long k = 0; k < count; k++) {
    switch (c->unit) {
      case UD_SOFTMAX:
        if (lut < 0 || coin(&r, 0.1)) {
          int kind = coin(&r, 0.7) ? EXP_SCALE : (int)rr(&r, EXP_CONST, EXP_RANDOM);
          lut = add_exp(js, kind, exp(trex_rng_unit(&r) * 7 - 5.5), &r);
          if (lut < 0) return -1;
        }
        if (softmax_row(c, js, UT_SET_RANDOM, "random", pick_n(c, &r), lut, NULL, &r)) return -1;
        break;
      case UD_LAYERNORM: {
        int s = coin(&r, 0.6) ? (int)rr(&r, 16, 40) : (int)rr(&r, 0, ENC_S_MAX);
        if (ln_row(c, js, UT_SET_RANDOM, "random", pick_n(c, &r), NULL, -1, rand_eps(&r), s, &r))
          return -1;
        break;
      }
      case UD_GELU:
        if (lut < 0 || coin(&r, 0.2)) {
          lut = add_gelu_random(js, &r);
          if (lut < 0) return -1;
        }
        if (ew_batch(c, js, UT_SET_RANDOM, "random", (int)rr(&r, 1, 12), NULL, NULL, NULL, NULL,
                     lut, &r))
          return -1;
        break;
      case UD_REQUANT:
      case UD_ADD: {
        int beats = (int)rr(&r, 1, 12);
        int32_t bm[12], bmb[12];
        uint8_t bs[12];
        int realistic = coin(&r, 0.5);
        for (int b = 0; b < beats; b++) {
          if (realistic) {
            real_scale(&r, &bm[b], &bs[b], c->unit == UD_ADD ? 30 : 32, c->unit == UD_ADD ? 33 : 50);
            bmb[b] = (int32_t)rr(&r, 1 << 29, I32MAX);
          } else {
            bm[b] = coin(&r, 0.1) ? (int32_t)rr(&r, 0, 3) : (int32_t)rr(&r, 0, I32MAX);
            bmb[b] = (int32_t)rr(&r, 0, I32MAX);
            bs[b] = (uint8_t)rr(&r, 0, ENC_S_MAX);
          }
        }
        if (ew_batch(c, js, UT_SET_RANDOM, "random", beats, bm, bmb, bs, NULL, -1, &r)) return -1;
        break;
      }
      default: return -1;
    }
  }
  (void)L;
  return 0;
}

/* ---- corners ------------------------------------------------------------------------ */

/* the row lengths every corner row is tried at */
static int corner_ns(const ucfg *c, int *ns) {
  int N = c->nmax, L = c->lanes, k = 0;
  int cand[] = {1, 2, L - 1, L, L + 1, 2 * L, N - 1, N};
  for (size_t i = 0; i < sizeof cand / sizeof cand[0]; i++) {
    int v = cand[i], dup = 0;
    if (v < 1 || v > N) continue;
    for (int q = 0; q < k; q++) dup |= ns[q] == v;
    if (!dup) ns[k++] = v;
  }
  return k;
}

/* A row whose element in lane `lane` (of the first beat) has its product
 * P = e*r next to a rounding boundary of p = rshr(P, 33), r = floor(2^40/S):
 * side 0 just below it (P + 2^32 = m*2^33 - d, rounds down), side 1 at or
 * just above it (P + 2^32 = m*2^33 + d, rounds up), d as small as a bounded
 * search finds (below 2^12 for NMAX >= 3), p below 127 on both sides of the
 * boundary. A reciprocal or a product that is off by a little moves p across
 * (mutants unit-softmax #2, #21, #45 and #70 of session 5: one bit of r, of
 * the reciprocal's remainder or of its divisor register); random and the
 * other corner rows come that close only by chance. The row: the maximum
 * (LUT[0] = 65536), the element e and one filler f, with a table of their
 * own {65536, max(e,f), min(e,f), 0, ...}; the search picks e, a tie
 * k + 1/2 = 128 e / S and f around the S it needs. */
static int softmax_near_tie(const ucfg *c, ujobs *js, int lane, int side, int bit, trex_rng *r) {
  int N = c->nmax, n = lane + 1 > 3 ? lane + 1 : 3;
  if (n > N) n = N;
  if (n < 2 || lane >= n) return 0; /* a row of one has p = 127 */
  int64_t fmax = n >= 3 ? ENC_EXP_ONE : 0, be = -1, bf = 0, bd = INT64_MAX;
  const int64_t half = (int64_t)1 << 32, step = (int64_t)1 << 33;
  for (int t = 0; t < 20000 && bd >= 4096; t++) {
    int64_t e = rr(r, 4096, ENC_EXP_ONE);
    /* ties reachable with f in [0, fmax]: 128 e / S in [lo, hi] */
    double hi = 128.0 * (double)e / (double)(ENC_EXP_ONE + e),
           lo = 128.0 * (double)e / (double)(ENC_EXP_ONE + e + fmax);
    int klo = (int)ceil(lo - 0.5), khi = (int)floor(hi - 0.5);
    if (khi > 125) khi = 125;
    if (klo < 0) klo = 0;
    if (khi < klo) continue;
    int k = (int)rr(r, klo, khi);
    int64_t f0 = (int64_t)floor(256.0 * (double)e / (2 * k + 1)) - ENC_EXP_ONE - e;
    for (int64_t f = f0 - 4; f <= f0 + 4; f++) {
      if (f < 0 || f > fmax) continue;
      int64_t S = ENC_EXP_ONE + e + f, rc = ((int64_t)1 << 40) / S, P = e * rc + half;
      int64_t u = P % step, pr = P / step;
      int64_t d = side ? u : step - u;
      if (side ? (pr < 1 || pr > 126) : pr > 125) continue;
      if (!((S >> bit) & 1)) continue;
      if (d < bd) bd = d, be = e, bf = f;
    }
  }
  if (be < 0) return 0;
  int32_t lut[256];
  lut[0] = ENC_EXP_ONE;
  lut[1] = (int32_t)(be > bf ? be : bf);
  lut[2] = (int32_t)(be > bf ? bf : be);
  for (int i = 3; i < 256; i++) lut[i] = 0;
  int t = ut_exp_add(js, lut);
  if (t < 0) return -1;
  int8_t v[256];
  int mx = (int)rr(r, -125, 127), pm = lane == 0 ? 1 : 0, pf = -1;
  for (int p = 0; p < n; p++) v[p] = (int8_t)(mx - 3); /* LUT 0: adds nothing */
  for (int p = 0; p < n && n >= 3; p++)
    if (p != lane && p != pm) {
      pf = p;
      break;
    }
  v[pm] = (int8_t)mx;
  v[lane] = (int8_t)(mx - (be >= bf ? 1 : 2));
  if (pf >= 0) v[pf] = (int8_t)(mx - (be >= bf ? 2 : 1));
  char lb[160];
  snprintf(lb, sizeof lb, "corner next to rounding ties lane %d %s d=%lld n=%d S bit %d set", lane,
           side ? "above" : "below", (long long)bd, n, bit);
  return softmax_row(c, js, UT_SET_CORNER, lb, n, t, v, r);
}

static int softmax_corners(const ucfg *c, ujobs *js, trex_rng *r) {
  int ns[8], nn = corner_ns(c, ns), N = c->nmax;
  int t_const = add_exp(js, EXP_CONST, 0, r), t_onehot = add_exp(js, EXP_ONEHOT, 0, r),
      t_min1 = add_exp(js, EXP_MIN1, 0, r), t_soft = add_exp(js, EXP_SCALE, 1.0 / 16, r),
      t_steep = add_exp(js, EXP_SCALE, 2.0, r);
  if (t_const < 0 || t_onehot < 0 || t_min1 < 0 || t_soft < 0 || t_steep < 0) return -1;
  int8_t *v = malloc((size_t)N);
  if (!v) return -1;
  int tabs[] = {t_const, t_soft, t_onehot, t_min1, t_steep};
  const char *tn[] = {"const", "exp/16", "onehot", "min1", "steep"};
  char lb[160];
  int rc = 0;
  for (int t = 0; t < 5 && !rc; t++)
    for (int q = 0; q < nn && !rc; q++) {
      int n = ns[q];
      static const int eq[] = {0, 127, -128};
      for (int e = 0; e < 3 && !rc; e++) {
        memset(v, eq[e], (size_t)n);
        snprintf(lb, sizeof lb, "corner all-equal %d n=%d table %s", eq[e], n, tn[t]);
        rc = softmax_row(c, js, UT_SET_CORNER, lb, n, tabs[t], v, r);
      }
      for (int pos = 0; pos < 3 && !rc; pos++) { /* one dominant: first, middle, last */
        memset(v, -128, (size_t)n);
        v[pos == 0 ? 0 : pos == 1 ? n / 2 : n - 1] = 127;
        snprintf(lb, sizeof lb, "corner one-dominant at %s n=%d table %s",
                 pos == 0 ? "first" : pos == 1 ? "middle" : "last", n, tn[t]);
        rc = softmax_row(c, js, UT_SET_CORNER, lb, n, tabs[t], v, r);
      }
      if (n >= 2 && !rc) { /* two maxima, the rest far below */
        for (int e = 0; e < n; e++) v[e] = (int8_t)(e % 3 ? -100 : 5);
        v[n - 1] = 126;
        v[0] = 126;
        snprintf(lb, sizeof lb, "corner two-maxima n=%d table %s", n, tn[t]);
        rc = softmax_row(c, js, UT_SET_CORNER, lb, n, tabs[t], v, r);
      }
      if (!rc) { /* alternating extremes and a ramp */
        for (int e = 0; e < n; e++) v[e] = (int8_t)(e % 2 ? -128 : 127);
        snprintf(lb, sizeof lb, "corner alternating n=%d table %s", n, tn[t]);
        rc = softmax_row(c, js, UT_SET_CORNER, lb, n, tabs[t], v, r);
      }
      if (!rc) {
        for (int e = 0; e < n; e++) v[e] = (int8_t)(-128 + (e * 255) / (n > 1 ? n - 1 : 1));
        snprintf(lb, sizeof lb, "corner ramp n=%d table %s", n, tn[t]);
        rc = softmax_row(c, js, UT_SET_CORNER, lb, n, tabs[t], v, r);
      }
    }
  for (int l = 0; l < c->lanes && l < N && !rc; l++)
    for (int side = 0; side < 2 && !rc; side++)
      for (int k = 0; k < 3 && !rc; k++) rc = softmax_near_tie(c, js, l, side, k, r);
  free(v);
  return rc;
}

/* A row of small variance, all b but k values b+1 (b-1 when b = 127): D =
 * n*S2 - S1^2 = k(n-k) for every b, while n*S2 and S1^2 take every low bit
 * pattern as b varies; with a small eps_q, V = D + eps_q is a few units, so
 * the root R = isqrt(V*2^16), r = 2^48/R and m_i follow every unit of V
 * (mutants unit-layernorm #33 and #35 of session 5: bit 1 of n*S2 inverted
 * or cleared). g = 1, B = 0 and s so that the largest |m_i| lands near 100:
 * y_i = rshr(m_i, s) unsaturated. */
static int ln_small_var_row(const ucfg *c, ujobs *js, int n, int k, int64_t eps, trex_rng *r) {
  ujob j;
  if (ut_job_alloc(c, &j, n)) return -1;
  int b = (int)rr(r, -128, 127), d = b == 127 ? -1 : 1;
  for (int e = 0; e < n; e++) j.x[e] = (int8_t)b;
  int p0 = (int)rr(r, 0, n - 1);
  for (int e = 0; e < k; e++) j.x[(p0 + e) % n] = (int8_t)(b + d);
  int64_t *m = malloc(sizeof *m * (size_t)n), mmax = 0;
  if (!m) {
    ut_job_free(&j);
    return -1;
  }
  enc_ln_norm_row(j.x, n, eps, m, NULL);
  for (int e = 0; e < n; e++) mmax = m[e] > mmax ? m[e] : -m[e] > mmax ? -m[e] : mmax;
  free(m);
  int s = 0;
  while (s < 62 && (mmax >> s) > 100) s++;
  for (int e = 0; e < n; e++) {
    j.g[e] = 1;
    j.B[e] = 0;
  }
  j.set = UT_SET_CORNER;
  j.eps_q = eps;
  j.shift = s;
  snprintf(j.label, sizeof j.label, "corner small-variance b=%d k=%d n=%d eps_q=%lld s=%d", b, k, n,
           (long long)eps, s);
  garbage_tail(c, &j, r);
  return push(c, js, &j);
}

static int ln_corners(const ucfg *c, ujobs *js, trex_rng *r) {
  int ns[8], nn = corner_ns(c, ns), N = c->nmax;
  int8_t *v = malloc((size_t)N);
  if (!v) return -1;
  char lb[160];
  int rc = 0;
  static const int64_t eps[] = {1, ENC_EPS_Q_MAX, 3};
  static const int sh[] = {0, 24, 62, 31};
  for (int q = 0; q < nn && !rc; q++) {
    int n = ns[q];
    for (int ei = 0; ei < 3 && !rc; ei++)
      for (int si = 0; si < 4 && !rc; si++) {
        int64_t e = eps[ei];
        int s = sh[si];
        int gb = (ei * 4 + si) % 36; /* g/B at int32 limits, 0, 1, -1 in turn */
        static const int eq[] = {0, 127, -128};
        for (int k = 0; k < 3 && !rc; k++) {
          memset(v, eq[k], (size_t)n);
          snprintf(lb, sizeof lb, "corner zero-variance %d n=%d eps_q=%lld s=%d", eq[k], n,
                   (long long)e, s);
          rc = ln_row(c, js, UT_SET_CORNER, lb, n, v, gb + k, e, s, r);
        }
        if (!rc) {
          for (int k = 0; k < n; k++) v[k] = (int8_t)(k % 2 ? -128 : 127);
          snprintf(lb, sizeof lb, "corner max-variance n=%d eps_q=%lld s=%d", n, (long long)e, s);
          rc = ln_row(c, js, UT_SET_CORNER, lb, n, v, gb + 3, e, s, r);
        }
        if (!rc) {
          memset(v, -128, (size_t)n);
          v[n - 1] = 127;
          snprintf(lb, sizeof lb, "corner one-dominant n=%d eps_q=%lld s=%d", n, (long long)e, s);
          rc = ln_row(c, js, UT_SET_CORNER, lb, n, v, gb + 4, e, s, r);
        }
        if (!rc) {
          snprintf(lb, sizeof lb, "corner random-row limit-g/B n=%d eps_q=%lld s=%d", n,
                   (long long)e, s);
          rc = ln_row(c, js, UT_SET_CORNER, lb, n, NULL, gb + 5, e, s, r);
        }
      }
    for (int k = 1; k <= 2 && k < n && !rc; k++)
      for (int64_t e = 1; e <= 3 && !rc; e++)
        for (int t = 0; t < 2 && !rc; t++) rc = ln_small_var_row(c, js, n, k, e, r);
  }
  free(v);
  return rc;
}

static int gelu_corners(const ucfg *c, ujobs *js, trex_rng *r) {
  int L = c->lanes, beats = (256 + L - 1) / L;
  ew_val *v = calloc((size_t)beats * (size_t)L, sizeof *v);
  if (!v) return -1;
  for (int e = 0; e < beats * L; e++) v[e].a = (int8_t)(-128 + e % 256);
  int8_t lut[256];
  int rc = 0;
  for (int kind = 0; kind < 6 && !rc; kind++) {
    const char *nm[] = {"identity", "all -128", "all 127", "reversed", "alternating", "random"};
    for (int i = 0; i < 256; i++)
      lut[i] = kind == 0 ? (int8_t)(i - 128) : kind == 1 ? -128 : kind == 2 ? 127
               : kind == 3 ? (int8_t)(127 - i) : kind == 4 ? (int8_t)(i % 2 ? -128 : 127)
                           : (int8_t)rr(r, -128, 127);
    int t = ut_gelu_add(js, lut);
    if (t < 0) rc = -1;
    char lb[160];
    snprintf(lb, sizeof lb, "corner every-input table %s", nm[kind]);
    if (!rc) rc = ew_batch(c, js, UT_SET_CORNER, lb, beats, NULL, NULL, NULL, v, t, r);
    /* a one-beat batch right after a table change */
    snprintf(lb, sizeof lb, "corner one-beat after reload table %s", nm[kind]);
    if (!rc) rc = ew_batch(c, js, UT_SET_CORNER, lb, 1, NULL, NULL, NULL, v + 128, t, r);
  }
  free(v);
  return rc;
}

static int requant_corners(const ucfg *c, ujobs *js, trex_rng *r) {
  int L = c->lanes;
  int64_t amax = ((int64_t)1 << (c->acc_w - 1)) - 1, amin = -amax - 1;
  const int64_t accs[] = {0, 1, -1, I32MAX, (int64_t)I32MAX + 1, I32MIN, (int64_t)I32MIN - 1,
                          amax, amin, 12345, -12345};
  const int32_t biases[] = {0, I32MAX, I32MIN, 1, -1};
  const int32_t Ms[] = {0, 1, I32MAX, 1 << 30};
  const uint8_t ss[] = {0, 1, 31, 61, 62};
  int npair = 11 * 5, beats_per = (npair + L - 1) / L;
  int nb = 4 * 5 * beats_per;
  ew_val *v = calloc((size_t)nb * (size_t)L, sizeof *v);
  int32_t *bm = calloc((size_t)nb, sizeof *bm);
  uint8_t *bs = calloc((size_t)nb, 1);
  int rc = 0;
  if (!v || !bm || !bs) rc = -1;
  for (int mi = 0, b = 0; mi < 4 && !rc; mi++)
    for (int si = 0; si < 5; si++)
      for (int k = 0; k < beats_per; k++, b++) {
        bm[b] = Ms[mi];
        bs[b] = ss[si];
        for (int l = 0; l < L; l++) {
          int p = (k * L + l) % npair;
          v[b * L + l].acc = accs[p % 11];
          v[b * L + l].bias = biases[p / 11];
        }
      }
  if (!rc) rc = ew_batch(c, js, UT_SET_CORNER, "corner acc/bias/M/s limits", nb, bm, NULL, bs, v, -1, r);
  /* rounding ties: sat32(acc)*M == odd * 2^(s-1), positive and negative */
  for (int s = 1; s <= ENC_S_MAX && !rc; s++) {
    int b = 0;
    for (int k = 0; k < 2; k++, b++) {
      int m = s - 1 <= 30 ? s - 1 : 30;           /* M = 2^m */
      bm[b] = (int32_t)(1 << m);
      bs[b] = (uint8_t)s;
      for (int l = 0; l < L; l++) {
        /* acc = odd * 2^sh, so sat32(acc) * 2^m = odd * 2^(s-1) */
        int sh = s - 1 - m;
        int64_t odd = 2 * rr(r, 0, 200) + 1, a;
        if (sh >= 31) {
          a = I32MIN; /* s = 62: -2^31 * 2^30 = -2^61, the only tie */
        } else {
          while ((odd << sh) > I32MAX) odd = (odd >> 1) | 1;
          a = odd << sh;
          if ((k ^ l) & 1) a = -a;
        }
        v[b * L + l].acc = a;
        v[b * L + l].bias = 0;
      }
    }
    char lb[160];
    snprintf(lb, sizeof lb, "corner rounding ties s=%d", s);
    rc = ew_batch(c, js, UT_SET_CORNER, lb, b, bm, NULL, bs, v, -1, r);
  }
  /* next to the saturation bounds: acc + bias = B -+ 2^j (inside) and
   * B +- 2^j (outside) for B = 2^31-1 and -2^31, j = 0..30, with M and s
   * putting a rounding tie of the output between sat32(acc + bias) * M and
   * B * M (y = 126 | 127 above, -127 | -128 below): a value inside that a
   * saturation check wrongly clips (a compare against a wrong bound,
   * mutant unit-requant #1 of session 5) changes y by one */
  for (int j = 0; j <= 30 && !rc; j++) {
    int b = 0;
    for (int hiB = 0; hiB < 2; hiB++)
      for (int out = 0; out < 2; out++, b++) {
        int64_t B = hiB ? I32MAX : I32MIN, d = (int64_t)1 << j;
        int64_t x = hiB ? (out ? B + d : B - d) : (out ? B - d : B + d), xin = hiB ? B - d : B + d;
        /* tie T = (2k+1)*2^(s-1), k = 126 (above) or 127 (below), M < 2^31 */
        int s = 55, M = 0;
        for (; s >= 40; s--) {
          int64_t T = (int64_t)(hiB ? 253 : 255) << (s - 1); /* < 2^62 */
          int64_t m = hiB ? (T + B - 1) / B : T / -xin; /* above: B*M >= T; below: xin*M >= -T */
          if (m <= 0 || m > I32MAX) continue;
          if (hiB ? xin * m < T : B * m < -T) {
            M = (int32_t)m;
            break;
          }
        }
        if (!M) {
          s = 55;
          M = (int32_t)(((int64_t)(hiB ? 253 : 255) << 54) >> 31);
        }
        bm[b] = M;
        bs[b] = (uint8_t)s;
        for (int l = 0; l < L; l++) {
          int32_t bias = l % 2 ? (int32_t)(hiB ? -(1 << 20) : (1 << 20)) : 0;
          v[b * L + l].acc = x - bias;
          v[b * L + l].bias = bias;
        }
      }
    char lb[160];
    snprintf(lb, sizeof lb, "corner next to saturation bounds d=2^%d", j);
    rc = ew_batch(c, js, UT_SET_CORNER, lb, b, bm, NULL, bs, v, -1, r);
  }
  free(v);
  free(bm);
  free(bs);
  return rc;
}

static int add_corners(const ucfg *c, ujobs *js, trex_rng *r) {
  int L = c->lanes;
  const int8_t av[] = {-128, -1, 0, 1, 127};
  const int32_t mp[][2] = {{0, 0}, {I32MAX, I32MAX}, {1, 1}, {I32MAX, 0}, {0, I32MAX}, {1 << 30, 1}};
  const uint8_t ss[] = {0, 1, 31, 62, 38};
  int npair = 25, beats_per = (npair + L - 1) / L, nb = 6 * 5 * beats_per;
  ew_val *v = calloc((size_t)(nb > 64 ? nb : 64) * (size_t)L, sizeof *v);
  int32_t *bm = calloc((size_t)(nb > 64 ? nb : 64), sizeof *bm),
          *bmb = calloc((size_t)(nb > 64 ? nb : 64), sizeof *bmb);
  uint8_t *bs = calloc((size_t)(nb > 64 ? nb : 64), 1);
  int rc = 0;
  if (!v || !bm || !bmb || !bs) rc = -1;
  for (int mi = 0, b = 0; mi < 6 && !rc; mi++)
    for (int si = 0; si < 5; si++)
      for (int k = 0; k < beats_per; k++, b++) {
        bm[b] = mp[mi][0];
        bmb[b] = mp[mi][1];
        bs[b] = ss[si];
        for (int l = 0; l < L; l++) {
          int p = (k * L + l) % npair;
          v[b * L + l].a = av[p % 5];
          v[b * L + l].b = av[p / 5];
        }
      }
  if (!rc) rc = ew_batch(c, js, UT_SET_CORNER, "corner operand/Ma/Mb/s limits", nb, bm, bmb, bs, v, -1, r);
  /* rounding ties: a*Ma + b*Mb == odd * 2^(s-1), both signs */
  for (int s = 1; s <= ENC_S_MAX && !rc; s++) {
    int nbt = 2;
    for (int b = 0; b < nbt; b++) {
      int m = s - 1 <= 30 ? s - 1 : 30;
      bm[b] = (int32_t)(1 << m);
      bmb[b] = s - 1 > 30 && s - 1 <= 37 ? (int32_t)(1 << 30) : 0;
      bs[b] = (uint8_t)s;
      for (int l = 0; l < L; l++) {
        int8_t a, bb = 0;
        if (s - 1 <= 30) {
          a = (int8_t)(2 * rr(r, -64, 63) + 1);  /* odd: a * 2^(s-1) */
        } else if (s - 1 <= 37) {
          /* (a + b) * 2^30 == odd * 2^(s-1): a + b = odd * 2^(s-31) */
          int64_t t = (2 * rr(r, 0, 1) + 1) << (s - 31);
          if (t > 254) t = 1 << (s - 31);
          a = (int8_t)(t > 127 ? 127 : t);
          bb = (int8_t)(t - a);
        } else {
          a = (int8_t)rr(r, -128, 127); /* no tie reachable: plain values */
        }
        if ((b ^ l) & 1) {
          a = (int8_t)(a == -128 ? 127 : -a);
          bb = (int8_t)(bb == -128 ? 127 : -bb);
        }
        v[b * L + l].a = a;
        v[b * L + l].b = bb;
      }
    }
    char lb[160];
    snprintf(lb, sizeof lb, "corner rounding ties s=%d", s);
    rc = ew_batch(c, js, UT_SET_CORNER, lb, nbt, bm, bmb, bs, v, -1, r);
  }
  /* one below and one above each tie: a*Ma + b*1 == odd * 2^(s-1) + b with
   * b = -1 or +1, both signs of the tie (s <= 37, where a alone reaches a
   * tie): a rounding offset that is off by less than 2^(s-1) moves one of
   * them across the boundary (mutants unit-add #55 and #59 of session 5) */
  for (int s = 1; s <= 37 && !rc; s++) {
    int nbt = 2;
    for (int b = 0; b < nbt; b++) {
      int m = s - 1 <= 30 ? s - 1 : 30;
      bm[b] = (int32_t)(1 << m);
      bmb[b] = 1;
      bs[b] = (uint8_t)s;
      for (int l = 0; l < L; l++) {
        int8_t a = s - 1 <= 30 ? (int8_t)(2 * rr(r, -64, 63) + 1) : (int8_t)(1 << (s - 31));
        if ((b ^ l) & 1) a = (int8_t)-a;
        v[b * L + l].a = a;
        v[b * L + l].b = (int8_t)(((b + l) >> 1) & 1 ? 1 : -1);
      }
    }
    char lb[160];
    snprintf(lb, sizeof lb, "corner next to rounding ties s=%d", s);
    rc = ew_batch(c, js, UT_SET_CORNER, lb, nbt, bm, bmb, bs, v, -1, r);
  }
  free(v);
  free(bm);
  free(bmb);
  free(bs);
  return rc;
}

int ut_gen_corner(const ucfg *c, ujobs *js, uint64_t seed) {
  trex_rng r;
  trex_rng_seed(&r, seed * 0xbf58476d1ce4e5b9ULL + 29);
  switch (c->unit) {
    case UD_SOFTMAX: return softmax_corners(c, js, &r);
    case UD_LAYERNORM: return ln_corners(c, js, &r);
    case UD_GELU: return gelu_corners(c, js, &r);
    case UD_REQUANT: return requant_corners(c, js, &r);
    case UD_ADD: return add_corners(c, js, &r);
    default: return -1;
  }
}

/* ---- stream: typical values, full rows, one table ---------------------------------- */

static int8_t gauss8(trex_rng *r, double mu, double sigma) {
  return enc_sat8((int64_t)floor(mu + sigma * trex_rng_gauss(r) + 0.5));
}

int ut_gen_stream(const ucfg *c, ujobs *js, long count, uint64_t seed) {
  trex_rng r;
  trex_rng_seed(&r, seed * 0x94d049bb133111ebULL + 41);
  int L = c->lanes, lut = -1, N = c->nmax, beats = 16;
  if (c->unit == UD_SOFTMAX && (lut = add_exp(js, EXP_SCALE, 1.0 / 8, &r)) < 0) return -1;
  if (c->unit == UD_GELU && (lut = add_gelu_random(js, &r)) < 0) return -1;
  for (long k = 0; k < count; k++) {
    ujob j;
    int n = ut_row_unit(c->unit) ? N : beats * L;
    if (ut_job_alloc(c, &j, n)) return -1;
    snprintf(j.label, sizeof j.label, "stream");
    j.set = UT_SET_STREAM;
    j.lut = lut;
    double mu = trex_rng_gauss(&r) * 20;
    for (int e = 0; e < n; e++) {
      j.x[e] = gauss8(&r, mu, 30);
      if (j.xb) j.xb[e] = gauss8(&r, 0, 30);
      if (j.g) {
        /* gamma ~ 1 and beta ~ 3 output units at s = 24: y ~ 39 * norm + beta */
        j.g[e] = (int32_t)floor(10000 * (1 + 0.2 * trex_rng_gauss(&r)));
        j.B[e] = (int32_t)floor(16777216.0 * 3 * trex_rng_gauss(&r));
      }
      if (j.acc) {
        j.acc[e] = (int64_t)floor(65536 * trex_rng_gauss(&r));
        j.bias[e] = (int32_t)floor(4096 * trex_rng_gauss(&r));
      }
    }
    j.eps_q = rr(&r, 1, 1000);
    j.shift = 24;
    /* one layer's scale for the whole batch (M in [2^30, 2^31), as modelgen) */
    int32_t M = (int32_t)rr(&r, 1 << 30, I32MAX), Mb = (int32_t)rr(&r, 1 << 30, I32MAX);
    for (int b = 0; j.bm && b < ut_beats(c, &j); b++) {
      j.bm[b] = M;
      j.bmb[b] = Mb;
      j.bs[b] = (uint8_t)(c->unit == UD_ADD ? 31 : 40);
    }
    garbage_tail(c, &j, &r);
    if (push(c, js, &j)) return -1;
  }
  return 0;
}
