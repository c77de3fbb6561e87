/* enc_ops: the integer operations of the encoder (docs/encoder-int.md,
 * sections 1 and 5): rounding, saturation, requantisation, softmax,
 * LayerNorm, GELU table and the two-input add, each as a function of one row
 * (what one pass of a digital unit computes, with the golden intermediate
 * values in a trace for a testbench's mismatch report), plus whole-op
 * wrappers over many rows.
 *
 * Promises: every function is exactly the document's formula, with no
 * intermediate outside 64 bits for any input within the documented ranges
 * (section 6); no function allocates or keeps state. */
#ifndef ENC_OPS_H
#define ENC_OPS_H

#include <stddef.h>
#include <stdint.h>

/* ---- scalar rules (section 1) ------------------------------------------- */

/* floor(v / 2^s) for 0 <= s <= 63 (arithmetic right shift, also for v < 0). */
static inline int64_t enc_asr(int64_t v, int s) { return v < 0 ? ~(~v >> s) : v >> s; }

/* Round half up: (v + 2^(s-1)) >> s for s > 0, v for s = 0 (0 <= s <= 62). */
static inline int64_t enc_rshr(int64_t v, int s) {
  return s ? enc_asr(v + ((int64_t)1 << (s - 1)), s) : v;
}

static inline int8_t enc_sat8(int64_t v) {
  return (int8_t)(v > 127 ? 127 : v < -128 ? -128 : v);
}

static inline int32_t enc_sat32(int64_t v) {
  return (int32_t)(v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : v);
}

/* requant(acc, M, s) = sat8(rshr(sat32(acc) * M, s)); 0 <= M < 2^31,
 * 0 <= s <= 62. */
static inline int8_t enc_requant(int64_t acc, int32_t M, int s) {
  return enc_sat8(enc_rshr((int64_t)enc_sat32(acc) * M, s));
}

/* add(a, b; Ma, Mb, s) = sat8(rshr(a*Ma + b*Mb, s)). */
static inline int8_t enc_add1(int8_t a, int8_t b, int32_t Ma, int32_t Mb, int s) {
  return enc_sat8(enc_rshr((int64_t)a * Ma + (int64_t)b * Mb, s));
}

/* Largest r with r*r <= v (exact for every 64-bit v). */
uint64_t enc_isqrt(uint64_t v);

/* Limits of the parameters (section 7). */
#define ENC_M_MAX INT32_MAX             /* M, Ma, Mb: 0 .. 2^31-1 */
#define ENC_S_MAX 62                    /* every shift: 0 .. 62 */
#define ENC_EPS_Q_MAX ((int64_t)1 << 40) /* LayerNorm eps_q: 1 .. 2^40 */
#define ENC_EXP_ONE 65536               /* softmax LUT_exp[0] */

/* ---- one row (one pass of a digital unit) -------------------------------- */

/* Requantises n accumulators (bias already added). */
void enc_requant_row(const int64_t *acc, int n, int32_t M, int s, int8_t *y);

/* y[i] = add(a[i], b[i]; Ma, Mb, s). */
void enc_add_row(const int8_t *a, const int8_t *b, size_t n, int32_t Ma, int32_t Mb,
                 int s, int8_t *y);

/* y[i] = lut[x[i] + 128]. */
void enc_gelu_row(const int8_t *x, size_t n, const int8_t lut[256], int8_t *y);

/* Golden intermediate values of one softmax row. */
typedef struct {
  int max;       /* mx */
  int64_t sum;   /* S */
  int64_t recip; /* r = floor(2^40 / S) */
} enc_softmax_trace;

/* Softmax of one row of n >= 1 int8 scores (section 5.1); lut is LUT_exp
 * (lut[0] = 65536, non-increasing, >= 0). p receives int8 0..127. tr may be
 * NULL. */
void enc_softmax_row(const int8_t *q, int n, const int32_t lut[256], int8_t *p,
                     enc_softmax_trace *tr);

/* Golden intermediate values of one LayerNorm row. */
typedef struct {
  int64_t s1, s2; /* sum x, sum x^2 */
  int64_t d;      /* n*S2 - S1^2 */
  int64_t v;      /* D + eps_q */
  int64_t root;   /* R = isqrt(V * 2^16) */
  int64_t recip;  /* r = floor(2^48 / R) */
} enc_ln_trace;

/* LayerNorm of one row of n int8 values (section 5.2): g, b are g_i and
 * B_i (int32, n each), 1 <= eps_q <= 2^40, 0 <= s <= 62, 1 <= n <= 65535.
 * tr may be NULL. */
void enc_ln_row(const int8_t *x, int n, const int32_t *g, const int32_t *b,
                int64_t eps_q, int s, int8_t *y, enc_ln_trace *tr);

/* The normalised values m_i (Q16) of one row, the intermediate the RTL
 * unit exposes before the affine step (m may not be NULL). */
void enc_ln_norm_row(const int8_t *x, int n, int64_t eps_q, int64_t *m, enc_ln_trace *tr);

/* ---- whole ops over `rows` consecutive rows of n elements ----------------- */
void enc_softmax(const int8_t *q, size_t rows, int n, const int32_t lut[256], int8_t *p);
void enc_ln(const int8_t *x, size_t rows, int n, const int32_t *g, const int32_t *b,
            int64_t eps_q, int s, int8_t *y);

#endif
