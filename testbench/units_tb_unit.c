/* units_tb_unit: what differs from unit to unit -- the golden output, the
 * packing of the ports and the golden intermediate values of a mismatch
 * report (see units_tb.h). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "enc_ops.h"
#include "trex_name.h"
#include "units_tb.h"

const char *const ut_unit_names[UD_NUNITS] = {"softmax", "layernorm", "gelu", "requant", "add"};

int ut_unit_by_name(const char *name) { return trex_name_find(ut_unit_names, UD_NUNITS, name); }

int ut_row_unit(ud_unit u) { return u == UD_SOFTMAX || u == UD_LAYERNORM; }

int ut_stages(ud_unit u) { return u == UD_GELU ? 1 : 2; }

const char *ut_set_name(int set) {
  static const char *const names[UT_NSETS] = {"random", "corner", "real", "stream"};
  return set >= 0 && set < UT_NSETS ? names[set] : "?";
}

int ut_beats(const ucfg *c, const ujob *j) { return (j->n + c->lanes - 1) / c->lanes; }

/* ---- jobs ------------------------------------------------------------------ */

int ut_job_alloc(const ucfg *c, ujob *j, int n) {
  memset(j, 0, sizeof *j);
  j->n = n;
  j->lut = -1;
  size_t B = (size_t)(n + c->lanes - 1) / (size_t)c->lanes, E = B * (size_t)c->lanes;
  size_t sz = 2 * E;                                /* x, y */
  if (c->unit == UD_ADD) sz += E;                   /* xb */
  if (c->unit == UD_REQUANT) sz += 12 * E;          /* acc, bias */
  if (c->unit == UD_LAYERNORM) sz += 8 * E;         /* g, B */
  if (c->unit == UD_REQUANT || c->unit == UD_ADD) sz += 9 * B; /* bm, bmb, bs */
  sz += 64;
  char *m = calloc(1, sz);
  if (!m) return -1;
  j->mem = m;
  /* 8-byte items first (alignment) */
  if (c->unit == UD_REQUANT) {
    j->acc = (int64_t *)(void *)m;
    m += 8 * E;
    j->bias = (int32_t *)(void *)m;
    m += 4 * E;
  }
  if (c->unit == UD_LAYERNORM) {
    j->g = (int32_t *)(void *)m;
    m += 4 * E;
    j->B = (int32_t *)(void *)m;
    m += 4 * E;
  }
  if (c->unit == UD_REQUANT || c->unit == UD_ADD) {
    j->bm = (int32_t *)(void *)m;
    m += 4 * B;
    j->bmb = (int32_t *)(void *)m;
    m += 4 * B;
    j->bs = (uint8_t *)m;
    m += B;
  }
  j->x = (int8_t *)m;
  m += E;
  j->y = (int8_t *)m;
  m += E;
  if (c->unit == UD_ADD) j->xb = (int8_t *)m;
  return 0;
}

void ut_job_free(ujob *j) {
  free(j->mem);
  memset(j, 0, sizeof *j);
}

int ut_jobs_add(ujobs *js, const ujob *j) {
  if (js->n == js->cap) {
    long nc = js->cap ? 2 * js->cap : 256;
    ujob *p = realloc(js->jobs, sizeof *p * (size_t)nc);
    if (!p) return -1;
    js->jobs = p;
    js->cap = nc;
  }
  js->jobs[js->n++] = *j;
  return 0;
}

/* Appends the table lut (size bytes) to the pool *pool of *n tables
 * (capacity *cap, grown by doubling from 16); its index, or -1 when out of
 * memory. */
static int lut_add(void **pool, int *n, int *cap, const void *lut, size_t size) {
  if (*n == *cap) {
    int nc = *cap ? 2 * *cap : 16;
    void *p = realloc(*pool, size * (size_t)nc);
    if (!p) return -1;
    *pool = p;
    *cap = nc;
  }
  memcpy((char *)*pool + size * (size_t)*n, lut, size);
  return (*n)++;
}

int ut_exp_add(ujobs *js, const int32_t lut[256]) {
  void *pool = js->exp_lut;
  int k = lut_add(&pool, &js->n_exp, &js->cap_exp, lut, sizeof js->exp_lut[0]);
  js->exp_lut = pool;
  return k;
}

int ut_gelu_add(ujobs *js, const int8_t lut[256]) {
  void *pool = js->gelu_lut;
  int k = lut_add(&pool, &js->n_gelu, &js->cap_gelu, lut, sizeof js->gelu_lut[0]);
  js->gelu_lut = pool;
  return k;
}

void ut_jobs_free(ujobs *js) {
  for (long k = 0; k < js->n; k++) ut_job_free(&js->jobs[k]);
  free(js->jobs);
  free(js->exp_lut);
  free(js->gelu_lut);
  memset(js, 0, sizeof *js);
}

/* ---- golden output ------------------------------------------------------------ */

void ut_golden(const ucfg *c, const ujobs *js, ujob *j) {
  int L = c->lanes, B = ut_beats(c, j), E = B * L;
  memset(j->y, 0, (size_t)E);
  switch (c->unit) {
    case UD_SOFTMAX:
      enc_softmax_row(j->x, j->n, js->exp_lut[j->lut], j->y, NULL);
      break;
    case UD_LAYERNORM:
      enc_ln_row(j->x, j->n, j->g, j->B, j->eps_q, j->shift, j->y, NULL);
      break;
    case UD_GELU:
      enc_gelu_row(j->x, (size_t)E, js->gelu_lut[j->lut], j->y);
      break;
    case UD_REQUANT:
      for (int k = 0; k < B; k++)
        for (int l = 0; l < L; l++) {
          int e = k * L + l;
          j->y[e] = enc_requant(j->acc[e] + j->bias[e], j->bm[k], j->bs[k]);
        }
      break;
    case UD_ADD:
      for (int k = 0; k < B; k++)
        for (int l = 0; l < L; l++) {
          int e = k * L + l;
          j->y[e] = enc_add1(j->x[e], j->xb[e], j->bm[k], j->bmb[k], j->bs[k]);
        }
      break;
    default: break;
  }
}

/* ---- ports --------------------------------------------------------------------- */

#define UT_MAXW (64 * 2 + 8) /* words of the widest port per 64 lanes */

/* n values of `bits` bits (<= 64) into little-endian words */
static void pack(uint32_t *w, int nw, const int64_t *v, int n, int bits) {
  memset(w, 0, sizeof *w * (size_t)nw);
  uint64_t mask = bits >= 64 ? ~0ULL : (1ULL << bits) - 1;
  for (int k = 0; k < n; k++) {
    uint64_t pat = (uint64_t)v[k] & mask;
    for (int b = 0; b < bits; b += 8) {
      long bit = (long)k * bits + b;
      int take = bits - b < 8 ? bits - b : 8;
      uint64_t part = (pat >> b) & ((1ULL << take) - 1);
      w[bit / 32] |= (uint32_t)(part << (bit % 32));
      if (bit % 32 + take > 32) w[bit / 32 + 1] |= (uint32_t)(part >> (32 - bit % 32));
    }
  }
}

static void put_vals(ud *d, ud_port p, const int64_t *v, int n, int bits) {
  uint32_t *w = calloc((size_t)((long)n * bits / 32 + 4), sizeof *w);
  if (!w) abort();
  pack(w, (int)((long)n * bits / 32 + 4), v, n, bits);
  ud_put(d, p, w);
  free(w);
}

static void put_i8(ud *d, ud_port p, const int8_t *v, int n) {
  int64_t t[64 * 8];
  for (int k = 0; k < n; k++) t[k] = v[k];
  put_vals(d, p, t, n, 8);
}

static void put_i32(ud *d, ud_port p, const int32_t *v, int n) {
  int64_t t[64 * 8];
  for (int k = 0; k < n; k++) t[k] = v[k];
  put_vals(d, p, t, n, 32);
}

static void put_u64(ud *d, ud_port p, uint64_t v) {
  uint32_t w[2] = {(uint32_t)v, (uint32_t)(v >> 32)};
  ud_put(d, p, w);
}

static int len_bits(const ucfg *c) {
  int b = 0;
  while ((1L << b) < (long)c->nmax + 1) b++;
  return b;
}

void ut_put_in(const ucfg *c, ud *d, const ujob *j, int k, trex_rng *noise) {
  int L = c->lanes;
  size_t o = (size_t)k * (size_t)L;
  switch (c->unit) {
    case UD_SOFTMAX:
    case UD_LAYERNORM:
      put_i8(d, UDP_IN_DATA, j->x + o, L);
      if (k == 0) {
        put_u64(d, UDP_LEN, (uint64_t)j->n);
        if (c->unit == UD_LAYERNORM) {
          put_u64(d, UDP_EPS, (uint64_t)j->eps_q);
          put_u64(d, UDP_SHIFT, (uint64_t)j->shift);
        }
      } else {
        /* sampled only with the first beat: anything else here */
        put_u64(d, UDP_LEN, trex_rng_next(noise) & ((1ULL << len_bits(c)) - 1));
        put_u64(d, UDP_EPS, trex_rng_next(noise) & ((1ULL << 41) - 1));
        put_u64(d, UDP_SHIFT, trex_rng_next(noise) & 63);
      }
      break;
    case UD_GELU: put_i8(d, UDP_IN_DATA, j->x + o, L); break;
    case UD_REQUANT:
      put_vals(d, UDP_IN_DATA, j->acc + o, L, c->acc_w);
      put_i32(d, UDP_IN_B, j->bias + o, L);
      put_u64(d, UDP_M, (uint64_t)j->bm[k]);
      put_u64(d, UDP_SHIFT, j->bs[k]);
      break;
    case UD_ADD:
      put_i8(d, UDP_IN_DATA, j->x + o, L);
      put_i8(d, UDP_IN_B, j->xb + o, L);
      put_u64(d, UDP_M, (uint64_t)j->bm[k]);
      put_u64(d, UDP_MB, (uint64_t)j->bmb[k]);
      put_u64(d, UDP_SHIFT, j->bs[k]);
      break;
    default: break;
  }
}

static void noise_words(ud *d, ud_port p, int bits, trex_rng *noise) {
  uint32_t w[UT_MAXW * 4];
  int nw = (bits + 31) / 32;
  for (int k = 0; k < nw; k++) w[k] = (uint32_t)trex_rng_next(noise);
  if (bits % 32) w[nw - 1] &= (1u << (bits % 32)) - 1u;
  ud_put(d, p, w);
}

void ut_put_noise(const ucfg *c, ud *d, trex_rng *noise) {
  int L = c->lanes;
  noise_words(d, UDP_IN_DATA, L * (c->unit == UD_REQUANT ? c->acc_w : 8), noise);
  if (c->unit == UD_REQUANT) noise_words(d, UDP_IN_B, 32 * L, noise);
  if (c->unit == UD_ADD) noise_words(d, UDP_IN_B, 8 * L, noise);
  if (c->unit == UD_REQUANT || c->unit == UD_ADD) {
    noise_words(d, UDP_M, 31, noise);
    noise_words(d, UDP_MB, 31, noise);
    noise_words(d, UDP_SHIFT, 6, noise);
  }
  if (ut_row_unit(c->unit)) {
    noise_words(d, UDP_LEN, len_bits(c), noise);
    noise_words(d, UDP_EPS, 41, noise);
    noise_words(d, UDP_SHIFT, 6, noise);
  }
}

void ut_put_gb(const ucfg *c, ud *d, const ujob *j, int k) {
  size_t o = (size_t)k * (size_t)c->lanes;
  put_i32(d, UDP_GB_G, j->g + o, c->lanes);
  put_i32(d, UDP_GB_B, j->B + o, c->lanes);
}

void ut_put_gb_noise(const ucfg *c, ud *d, trex_rng *noise) {
  noise_words(d, UDP_GB_G, 32 * c->lanes, noise);
  noise_words(d, UDP_GB_B, 32 * c->lanes, noise);
}

void ut_expect(const ucfg *c, const ujob *j, int k, uint32_t *w) {
  int64_t t[64 * 8];
  for (int l = 0; l < c->lanes; l++) t[l] = j->y[(size_t)k * (size_t)c->lanes + (size_t)l];
  pack(w, (c->lanes * 8 + 31) / 32 + 1, t, c->lanes, 8);
}

/* ---- reports ----------------------------------------------------------------------- */

void ut_report_golden(FILE *fp, const ucfg *c, const ujobs *js, const ujob *j, int e) {
  int L = c->lanes, k = e / L;
  switch (c->unit) {
    case UD_SOFTMAX: {
      const int32_t *lut = js->exp_lut[j->lut];
      int8_t *p = calloc((size_t)j->n, 1);
      enc_softmax_trace tr;
      if (!p) return;
      enc_softmax_row(j->x, j->n, lut, p, &tr);
      free(p);
      fprintf(fp, "  golden row: n %d  max %d  sum S %" PRId64 "  recip r = floor(2^40/S) %" PRId64 "\n",
              j->n, tr.max, tr.sum, tr.recip);
      if (e < j->n) {
        int idx = tr.max - j->x[e];
        int64_t er = (int64_t)lut[idx] * tr.recip;
        fprintf(fp, "  golden element %d: q %d  index mx-q %d  e = LUT_exp[%d] %d  e*r %" PRId64
                    "  rshr(e*r, 33) %" PRId64 "  p %d\n",
                e, j->x[e], idx, idx, lut[idx], er, enc_rshr(er, 33), j->y[e]);
      } else {
        fprintf(fp, "  element %d is past the row (n %d): the unit must output 0\n", e, j->n);
      }
      fprintf(fp, "  LUT_exp[0..7]: %d %d %d %d %d %d %d %d  LUT_exp[255] %d (table #%d)\n", lut[0],
              lut[1], lut[2], lut[3], lut[4], lut[5], lut[6], lut[7], lut[255], j->lut);
      break;
    }
    case UD_LAYERNORM: {
      int64_t *m = calloc((size_t)j->n, sizeof *m);
      enc_ln_trace tr;
      if (!m) return;
      enc_ln_norm_row(j->x, j->n, j->eps_q, m, &tr);
      fprintf(fp,
              "  golden row: n %d  eps_q %" PRId64 "  s %d  S1 %" PRId64 " (mean %.4f)  S2 %" PRId64
              "  D = n*S2-S1^2 %" PRId64 "  V = D+eps_q %" PRId64 "\n"
              "              root R = isqrt(V*2^16) %" PRId64 "  recip r = floor(2^48/R) %" PRId64 "\n",
              j->n, j->eps_q, j->shift, tr.s1, (double)tr.s1 / j->n, tr.s2, tr.d, tr.v, tr.root,
              tr.recip);
      if (e < j->n) {
        int64_t cc = (int64_t)j->n * j->x[e] - tr.s1;
        int64_t v = m[e] * j->g[e] + j->B[e];
        fprintf(fp,
                "  golden element %d: x %d  c = n*x-S1 %" PRId64 "  c*r %" PRId64 "  m = rshr(c*r, 24) %" PRId64
                "\n                    g %d  B %d  m*g+B %" PRId64 "  rshr(., s) %" PRId64 "  y %d\n",
                e, j->x[e], cc, cc * tr.recip, m[e], j->g[e], j->B[e], v, enc_rshr(v, j->shift),
                j->y[e]);
      } else {
        fprintf(fp, "  element %d is past the row (n %d): the unit must output 0\n", e, j->n);
      }
      free(m);
      break;
    }
    case UD_GELU: {
      const int8_t *lut = js->gelu_lut[j->lut];
      fprintf(fp, "  golden element %d (beat %d lane %d): x %d  entry x+128 = %d  LUT_gelu %d (table #%d)\n",
              e, k, e % L, j->x[e], j->x[e] + 128, lut[j->x[e] + 128], j->lut);
      break;
    }
    case UD_REQUANT: {
      int64_t a = j->acc[e] + j->bias[e];
      int64_t p = (int64_t)enc_sat32(a) * j->bm[k];
      fprintf(fp,
              "  golden element %d (beat %d lane %d): acc %" PRId64 "  bias %d  acc+bias %" PRId64
              "  sat32 %d\n                    M %d  s %d  sat32*M %" PRId64 "  rshr(., s) %" PRId64
              "  y %d\n",
              e, k, e % L, j->acc[e], j->bias[e], a, enc_sat32(a), j->bm[k], j->bs[k], p,
              enc_rshr(p, j->bs[k]), j->y[e]);
      break;
    }
    case UD_ADD: {
      int64_t v = (int64_t)j->x[e] * j->bm[k] + (int64_t)j->xb[e] * j->bmb[k];
      fprintf(fp,
              "  golden element %d (beat %d lane %d): a %d  b %d  Ma %d  Mb %d  s %d  a*Ma+b*Mb %" PRId64
              "  rshr(., s) %" PRId64 "  y %d\n",
              e, k, e % L, j->x[e], j->xb[e], j->bm[k], j->bmb[k], j->bs[k], v,
              enc_rshr(v, j->bs[k]), j->y[e]);
      break;
    }
    default: break;
  }
}
