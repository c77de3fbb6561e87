#include "enc_ops.h"

uint64_t enc_isqrt(uint64_t v) {
  /* bit-by-bit (restoring) square root: exact, 32 iterations */
  uint64_t r = 0, bit = (uint64_t)1 << 62;
  while (bit > v) bit >>= 2;
  while (bit) {
    if (v >= r + bit) {
      v -= r + bit;
      r = (r >> 1) + bit;
    } else {
      r >>= 1;
    }
    bit >>= 2;
  }
  return r;
}

void enc_requant_row(const int64_t *acc, int n, int32_t M, int s, int8_t *y) {
  for (int j = 0; j < n; j++) y[j] = enc_requant(acc[j], M, s);
}

void enc_add_row(const int8_t *a, const int8_t *b, size_t n, int32_t Ma, int32_t Mb,
                 int s, int8_t *y) {
  for (size_t i = 0; i < n; i++) y[i] = enc_add1(a[i], b[i], Ma, Mb, s);
}

void enc_gelu_row(const int8_t *x, size_t n, const int8_t lut[256], int8_t *y) {
  for (size_t i = 0; i < n; i++) y[i] = lut[x[i] + 128];
}

void enc_softmax_row(const int8_t *q, int n, const int32_t lut[256], int8_t *p,
                     enc_softmax_trace *tr) {
  int mx = -128;
  for (int j = 0; j < n; j++)
    if (q[j] > mx) mx = q[j];
  int64_t sum = 0;
  for (int j = 0; j < n; j++) sum += lut[mx - q[j]];
  int64_t r = ((int64_t)1 << 40) / sum; /* sum >= lut[0] = 65536 */
  for (int j = 0; j < n; j++) {
    int64_t v = enc_rshr((int64_t)lut[mx - q[j]] * r, 33);
    p[j] = (int8_t)(v > 127 ? 127 : v);
  }
  if (tr) {
    tr->max = mx;
    tr->sum = sum;
    tr->recip = r;
  }
}

/* The row statistics up to the reciprocal (one pass over the row). */
static void ln_stats(const int8_t *x, int n, int64_t eps_q, enc_ln_trace *t) {
  int64_t s1 = 0, s2 = 0;
  for (int i = 0; i < n; i++) {
    s1 += x[i];
    s2 += (int64_t)x[i] * x[i];
  }
  t->s1 = s1;
  t->s2 = s2;
  t->d = (int64_t)n * s2 - s1 * s1;
  t->v = t->d + eps_q;
  t->root = (int64_t)enc_isqrt((uint64_t)t->v << 16);
  t->recip = ((int64_t)1 << 48) / t->root; /* root >= 256 */
}

static inline int64_t ln_norm(int8_t x, int n, const enc_ln_trace *t) {
  return enc_rshr(((int64_t)n * x - t->s1) * t->recip, 24);
}

void enc_ln_norm_row(const int8_t *x, int n, int64_t eps_q, int64_t *m, enc_ln_trace *tr) {
  enc_ln_trace t;
  ln_stats(x, n, eps_q, &t);
  for (int i = 0; i < n; i++) m[i] = ln_norm(x[i], n, &t);
  if (tr) *tr = t;
}

void enc_ln_row(const int8_t *x, int n, const int32_t *g, const int32_t *b,
                int64_t eps_q, int s, int8_t *y, enc_ln_trace *tr) {
  enc_ln_trace t;
  ln_stats(x, n, eps_q, &t);
  for (int i = 0; i < n; i++) y[i] = enc_sat8(enc_rshr(ln_norm(x[i], n, &t) * g[i] + b[i], s));
  if (tr) *tr = t;
}

void enc_softmax(const int8_t *q, size_t rows, int n, const int32_t lut[256], int8_t *p) {
  for (size_t r = 0; r < rows; r++)
    enc_softmax_row(q + r * (size_t)n, n, lut, p + r * (size_t)n, NULL);
}

void enc_ln(const int8_t *x, size_t rows, int n, const int32_t *g, const int32_t *b,
            int64_t eps_q, int s, int8_t *y) {
  for (size_t r = 0; r < rows; r++)
    enc_ln_row(x + r * (size_t)n, n, g, b, eps_q, s, y + r * (size_t)n, NULL);
}
