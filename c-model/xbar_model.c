#include "xbar_model.h"

#include <stdlib.h>
#include <string.h>

#include "trex_mem.h"

/* Run-time POPCNT dispatch: GCC/Clang on x86 (docs/performance.md). */
#if (defined(__GNUC__) || defined(__clang__)) && (defined(__x86_64__) || defined(__i386__))
#define XBAR_X86_DISPATCH 1
#else
#define XBAR_X86_DISPATCH 0
#endif

int xbar_adc(const xbar_cfg *c, int col) {
  int sh = xbar_cfg_adc_shift(c);
  int rnd = sh ? 1 << (sh - 1) : 0;
  int q = (col + rnd) >> sh;
  int qmax = (1 << c->adc_bits) - 1;
  return q > qmax ? qmax : q;
}

int32_t xbar_x_min(const xbar_cfg *c) {
  return c->x_signed ? -(1 << (c->x_bits - 1)) : 0;
}
int32_t xbar_x_max(const xbar_cfg *c) {
  return c->x_signed ? (1 << (c->x_bits - 1)) - 1 : (1 << c->x_bits) - 1;
}
int32_t xbar_w_min(const xbar_cfg *c) { return -(1 << (c->w_bits - 1)); }
int32_t xbar_w_max(const xbar_cfg *c) { return (1 << (c->w_bits - 1)) - 1; }

uint32_t xbar_x_pattern(const xbar_cfg *c, int32_t x) {
  return (uint32_t)x & ((1u << c->x_bits) - 1u);
}

int32_t xbar_x_value(const xbar_cfg *c, uint32_t p) {
  p &= (1u << c->x_bits) - 1u;
  if (c->x_signed && (p >> (c->x_bits - 1)) & 1u)
    return (int32_t)p - (1 << c->x_bits);
  return (int32_t)p;
}

int xbar_digit(const xbar_cfg *c, int32_t w, int plane, int slice) {
  int mask = (1 << c->cell_bits) - 1;
  uint32_t u;
  if (c->enc == XBAR_ENC_OFFSET) {
    u = (uint32_t)(w + (1 << (c->w_bits - 1)));
  } else if (plane == 0) {
    u = (uint32_t)(w > 0 ? w : 0);
  } else {
    u = (uint32_t)(w < 0 ? -w : 0);
  }
  return (int)((u >> (slice * c->cell_bits)) & (uint32_t)mask);
}

int xbar_model_init(xbar_model *m, const xbar_cfg *cfg, trex_err *err) {
  memset(m, 0, sizeof *m);
  if (xbar_cfg_check(cfg, "configuration", err)) return -1;
  m->cfg = *cfg;
  m->slices = xbar_cfg_slices(cfg);
  m->planes = xbar_cfg_planes(cfg);
  m->ncols = xbar_cfg_phys_cols(cfg);
  m->words = (cfg->rows + 63) / 64;
  m->fs = xbar_cfg_full_scale(cfg);
  m->sh = xbar_cfg_adc_shift(cfg);
  m->rnd = m->sh ? 1 << (m->sh - 1) : 0;
  m->qmax = (1 << cfg->adc_bits) - 1;
  /* sh == 0 means adc_bits >= bitlen(fs): col <= fs <= qmax, q = col */
  m->lossless = m->sh == 0 && m->fs <= m->qmax;
  size_t n = (size_t)m->ncols * (size_t)cfg->cell_bits * (size_t)m->words;
  m->bits = calloc(n, sizeof *m->bits);
  m->wq = calloc((size_t)cfg->rows * (size_t)cfg->outs, sizeof *m->wq);
  if (!m->bits || !m->wq) {
    xbar_model_free(m);
    return trex_errf(err, "out of memory for the crossbar model");
  }
  /* an unprogrammed row holds all-zero digits: decode them once */
  int32_t zero = 0;
  if (cfg->enc == XBAR_ENC_OFFSET) zero = -(1 << (cfg->w_bits - 1));
  for (size_t i = 0; i < (size_t)cfg->rows * (size_t)cfg->outs; i++) m->wq[i] = (int16_t)zero;
#if XBAR_X86_DISPATCH
  __builtin_cpu_init();
#endif
  return 0;
}

void xbar_model_free(xbar_model *m) {
  TREX_FREE_NULL(m->bits);
  TREX_FREE_NULL(m->wq);
}

void xbar_model_program_row(xbar_model *m, int i, const int32_t *wrow) {
  const xbar_cfg *c = &m->cfg;
  int wd = i / 64;
  uint64_t bit = 1ULL << (i % 64);
  for (int j = 0; j < c->outs; j++) {
    /* the value the digits represent: sum of sign * digit * 2^(s*cell_bits),
     * less the offset (equal to w_ij for a legal weight) */
    int32_t v = c->enc == XBAR_ENC_OFFSET ? -(1 << (c->w_bits - 1)) : 0;
    for (int pl = 0; pl < m->planes; pl++) {
      for (int s = 0; s < m->slices; s++) {
        int col = (j * m->planes + pl) * m->slices + s;
        int d = xbar_digit(c, wrow[j], pl, s);
        v += (pl ? -d : d) * (1 << (s * c->cell_bits));
        for (int k = 0; k < c->cell_bits; k++) {
          uint64_t *p = &m->bits[((size_t)col * c->cell_bits + k) * m->words + wd];
          if ((d >> k) & 1)
            *p |= bit;
          else
            *p &= ~bit;
        }
      }
    }
    m->wq[(size_t)i * c->outs + j] = (int16_t)v;
  }
}

void xbar_model_program(xbar_model *m, const int32_t *w) {
  for (int i = 0; i < m->cfg.rows; i++)
    xbar_model_program_row(m, i, w + (size_t)i * m->cfg.outs);
}

/* ---- kernels -------------------------------------------------------------
 * One body (mvm_planes_body) is compiled twice on x86: as is (portable) and
 * in a function with target("popcnt"), where __builtin_popcountll becomes
 * the POPCNT instruction. Elsewhere __builtin_popcountll is already the
 * target's own instruction (or libgcc's) and only the portable copy exists. */

#define XBAR_MAX_COLS (64 * 2 * 8) /* outs * planes * slices */
#define ALWAYS_INLINE inline __attribute__((always_inline))

/* 8x8 bit-matrix transpose (Hacker's Delight 7-3): bit 8r+c -> bit 8c+r. */
static ALWAYS_INLINE uint64_t transpose8(uint64_t t) {
  uint64_t u;
  u = (t ^ (t >> 7)) & 0x00AA00AA00AA00AAULL;
  t ^= u ^ (u << 7);
  u = (t ^ (t >> 14)) & 0x0000CCCC0000CCCCULL;
  t ^= u ^ (u << 14);
  u = (t ^ (t >> 28)) & 0x00000000F0F0F0F0ULL;
  t ^= u ^ (u << 28);
  return t;
}

/* Input bit planes planes[p * words + w] (bit i%64 of word i/64 = bit p of
 * x_i's pattern), eight rows at a time through a bit transpose. Returns
 * the exact input sum. rows is a multiple of 8. */
static ALWAYS_INLINE int64_t input_planes_body(const xbar_model *m, const int32_t *x,
                                               uint64_t *planes) {
  const int rows = m->cfg.rows, xb = m->cfg.x_bits, words = m->words;
  const uint32_t mask = (1u << xb) - 1u;
  int64_t sum = 0;
  for (int k = 0; k < xb * words; k++) planes[k] = 0;
  for (int g = 0; g < rows; g += 8) {
    uint64_t t = 0;
    for (int r = 0; r < 8; r++) {
      t |= (uint64_t)((uint32_t)x[g + r] & mask) << (8 * r);
      sum += x[g + r];
    }
    t = transpose8(t); /* byte p: bit p of rows g..g+7 */
    uint64_t *pw = &planes[g / 64];
    const int at = g % 64;
    for (int p = 0; p < xb; p++) pw[p * words] |= ((t >> (8 * p)) & 0xffu) << at;
  }
  return sum;
}

/* Sum over the cell bits of one column of popcount(plane & bits_k) << k. */
static ALWAYS_INLINE int column_sum_body(const uint64_t *pl, const uint64_t *b, int words,
                                         int cb) {
  int sum = 0;
  for (int k = 0; k < cb; k++) {
    int cnt = 0;
    for (int w = 0; w < words; w++) cnt += __builtin_popcountll(pl[w] & b[k * words + w]);
    sum += cnt << k;
  }
  return sum;
}

/* The bit-plane MVM for a given words and cell_bits (constants at each call
 * site below, so the inner loops are unrolled). Per column it accumulates
 * colacc[c] = sum_p c_p * 2^p * q(p, c) over the phases, then
 * y_j = sum over j's columns of sign * colacc[c] << (s*cell_bits + sh),
 * less the offset correction: the contract's sum, regrouped. */
static ALWAYS_INLINE void mvm_planes_body(const xbar_model *m, const int32_t *x, int32_t *y,
                                          const int words, const int cb) {
  const xbar_cfg *c = &m->cfg;
  const int xb = c->x_bits, ncols = m->ncols, rnd = m->rnd, sh = m->sh, qmax = m->qmax;
  uint64_t planes[8 * XBAR_MAX_WORDS];
  int32_t colacc[XBAR_MAX_COLS];
  int64_t xsum = input_planes_body(m, x, planes);
  for (int col = 0; col < ncols; col++) colacc[col] = 0;
  for (int p = 0; p < xb; p++) {
    const uint64_t *pl = &planes[p * words];
    uint64_t any = 0;
    for (int w = 0; w < words; w++) any |= pl[w];
    if (!any) continue; /* every column sum 0, every code (0 + rnd) >> sh = 0 */
    const int32_t wp = (c->x_signed && p == xb - 1) ? -(1 << p) : (1 << p);
    const uint64_t *b = m->bits;
    for (int col = 0; col < ncols; col++, b += cb * words) {
      int q = (column_sum_body(pl, b, words, cb) + rnd) >> sh;
      if (q > qmax) q = qmax;
      colacc[col] += q * wp;
    }
  }
  const int64_t corr = c->enc == XBAR_ENC_OFFSET ? ((int64_t)1 << (c->w_bits - 1)) * xsum : 0;
  const int per_out = m->planes * m->slices;
  for (int j = 0; j < c->outs; j++) {
    const int32_t *ca = &colacc[j * per_out];
    int64_t acc = 0;
    for (int s = 0; s < m->slices; s++) acc += (int64_t)ca[s] * ((int64_t)1 << (s * cb));
    if (m->planes == 2)
      for (int s = 0; s < m->slices; s++) acc -= (int64_t)ca[m->slices + s] * ((int64_t)1 << (s * cb));
    acc = acc * ((int64_t)1 << sh) - corr;
    y[j] = (int32_t)(uint32_t)(uint64_t)acc;
  }
}

/* Dispatch on (words, cell_bits) so that each combination gets its own
 * unrolled copy. */
#define MVM_PLANES_SWITCH(m, x, y)                                        \
  do {                                                                    \
    switch ((m)->words * 8 + (m)->cfg.cell_bits) {                        \
    case 1 * 8 + 1: mvm_planes_body(m, x, y, 1, 1); break;                \
    case 1 * 8 + 2: mvm_planes_body(m, x, y, 1, 2); break;                \
    case 1 * 8 + 4: mvm_planes_body(m, x, y, 1, 4); break;                \
    case 2 * 8 + 1: mvm_planes_body(m, x, y, 2, 1); break;                \
    case 2 * 8 + 2: mvm_planes_body(m, x, y, 2, 2); break;                \
    case 2 * 8 + 4: mvm_planes_body(m, x, y, 2, 4); break;                \
    case 4 * 8 + 1: mvm_planes_body(m, x, y, 4, 1); break;                \
    case 4 * 8 + 2: mvm_planes_body(m, x, y, 4, 2); break;                \
    default: mvm_planes_body(m, x, y, 4, 4); break;                       \
    }                                                                     \
  } while (0)

static void mvm_portable(const xbar_model *m, const int32_t *x, int32_t *y) {
  MVM_PLANES_SWITCH(m, x, y);
}

#if XBAR_X86_DISPATCH
__attribute__((target("popcnt"))) static void mvm_popcnt(const xbar_model *m, const int32_t *x,
                                                         int32_t *y) {
  MVM_PLANES_SWITCH(m, x, y);
}
static int have_popcnt(void) { return __builtin_cpu_supports("popcnt"); }
#endif

/* Lossless: q = col for every column, so the contract's sum is
 *   sum_i v(x_i) * (wq_ij [+ 2^(w_bits-1)]) [- 2^(w_bits-1) * sum_i x_i]
 * with v(x_i) the value of x_i's x_bits pattern (= x_i when legal). */
static void mvm_exact(const xbar_model *m, const int32_t *x, int32_t *y) {
  const xbar_cfg *c = &m->cfg;
  const int outs = c->outs;
  /* |acc| <= rows * 2^x_bits * 2^w_bits <= 2^24: int32 does not overflow */
  int32_t acc[64];
  int64_t xsum = 0, vsum = 0;
  for (int j = 0; j < outs; j++) acc[j] = 0;
  const int16_t *wr = m->wq;
  for (int i = 0; i < c->rows; i++, wr += outs) {
    int32_t v = xbar_x_value(c, xbar_x_pattern(c, x[i]));
    xsum += x[i];
    vsum += v;
    if (!v) continue;
    for (int j = 0; j < outs; j++) acc[j] += v * wr[j];
  }
  int64_t corr = 0;
  if (c->enc == XBAR_ENC_OFFSET) corr = ((int64_t)1 << (c->w_bits - 1)) * (vsum - xsum);
  for (int j = 0; j < outs; j++) y[j] = (int32_t)(uint32_t)(uint64_t)((int64_t)acc[j] + corr);
}

int xbar_model_mvm_kernel(const xbar_model *m, xbar_kernel k, const int32_t *x, int32_t *y) {
  switch (k) {
  case XBAR_KERNEL_AUTO:
    xbar_model_mvm(m, x, y);
    return 0;
  case XBAR_KERNEL_PORTABLE:
    mvm_portable(m, x, y);
    return 0;
  case XBAR_KERNEL_POPCNT:
#if XBAR_X86_DISPATCH
    if (have_popcnt()) {
      mvm_popcnt(m, x, y);
      return 0;
    }
#endif
    return -1;
  case XBAR_KERNEL_EXACT:
    if (!m->lossless) return -1;
    mvm_exact(m, x, y);
    return 0;
  }
  return -1;
}

const char *xbar_model_kernel_name(const xbar_model *m) {
  if (m->lossless) return "exact";
#if XBAR_X86_DISPATCH
  if (have_popcnt()) return "popcnt";
#endif
  return "portable";
}

void xbar_model_mvm(const xbar_model *m, const int32_t *x, int32_t *y) {
  if (m->lossless) {
    mvm_exact(m, x, y);
    return;
  }
#if XBAR_X86_DISPATCH
  if (have_popcnt()) {
    mvm_popcnt(m, x, y);
    return;
  }
#endif
  mvm_portable(m, x, y);
}

/* ---- trace (mismatch reports; not speed-critical) ----------------------- */

static int column_sum(const xbar_model *m, const uint64_t *plane, int col) {
  return column_sum_body(plane, &m->bits[(size_t)col * m->cfg.cell_bits * m->words], m->words,
                         m->cfg.cell_bits);
}

static int adc_code(const xbar_model *m, int col) {
  int q = (col + m->rnd) >> m->sh;
  return q > m->qmax ? m->qmax : q;
}

int xbar_model_trace(const xbar_model *m, const int32_t *x, int j,
                     xbar_trace *out, int max) {
  const xbar_cfg *c = &m->cfg;
  uint64_t planes[8 * XBAR_MAX_WORDS];
  (void)input_planes_body(m, x, planes);
  int n = 0;
  for (int p = 0; p < c->x_bits; p++)
    for (int plane = 0; plane < m->planes; plane++)
      for (int s = 0; s < m->slices; s++) {
        if (n >= max) return n;
        int col = (j * m->planes + plane) * m->slices + s;
        xbar_trace *t = &out[n++];
        t->phase = p;
        t->plane = plane;
        t->slice = s;
        t->column = col;
        t->adc = col / c->cols_per_adc;
        t->mux = col % c->cols_per_adc;
        t->col_sum = column_sum(m, &planes[p * m->words], col);
        t->code = adc_code(m, t->col_sum);
        t->recon = t->code << m->sh;
      }
  return n;
}
