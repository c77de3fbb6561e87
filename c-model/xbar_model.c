#include "xbar_model.h"

#include <stdlib.h>
#include <string.h>

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
  size_t n = (size_t)m->ncols * (size_t)cfg->cell_bits * (size_t)m->words;
  m->bits = calloc(n, sizeof *m->bits);
  if (!m->bits) return trex_errf(err, "out of memory for the crossbar model");
  return 0;
}

void xbar_model_free(xbar_model *m) {
  free(m->bits);
  m->bits = NULL;
}

void xbar_model_program_row(xbar_model *m, int i, const int32_t *wrow) {
  const xbar_cfg *c = &m->cfg;
  int wd = i / 64;
  uint64_t bit = 1ULL << (i % 64);
  for (int j = 0; j < c->outs; j++) {
    for (int pl = 0; pl < m->planes; pl++) {
      for (int s = 0; s < m->slices; s++) {
        int col = (j * m->planes + pl) * m->slices + s;
        int d = xbar_digit(c, wrow[j], pl, s);
        for (int k = 0; k < c->cell_bits; k++) {
          uint64_t *p = &m->bits[((size_t)col * c->cell_bits + k) * m->words + wd];
          if ((d >> k) & 1)
            *p |= bit;
          else
            *p &= ~bit;
        }
      }
    }
  }
}

void xbar_model_program(xbar_model *m, const int32_t *w) {
  for (int i = 0; i < m->cfg.rows; i++)
    xbar_model_program_row(m, i, w + (size_t)i * m->cfg.outs);
}

/* Input bit planes: planes[p * words + w]. Returns the exact input sum. */
static int64_t input_planes(const xbar_model *m, const int32_t *x,
                            uint64_t *planes) {
  const xbar_cfg *c = &m->cfg;
  int64_t sum = 0;
  memset(planes, 0, sizeof(uint64_t) * (size_t)c->x_bits * (size_t)m->words);
  for (int i = 0; i < c->rows; i++) {
    uint32_t pat = xbar_x_pattern(c, x[i]);
    sum += x[i];
    for (int p = 0; p < c->x_bits; p++)
      if ((pat >> p) & 1u) planes[p * m->words + i / 64] |= 1ULL << (i % 64);
  }
  return sum;
}

static inline int column_sum(const xbar_model *m, const uint64_t *plane,
                             int col) {
  int sum = 0;
  const uint64_t *b = &m->bits[(size_t)col * m->cfg.cell_bits * m->words];
  for (int k = 0; k < m->cfg.cell_bits; k++) {
    int cnt = 0;
    for (int w = 0; w < m->words; w++)
      cnt += __builtin_popcountll(plane[w] & b[k * m->words + w]);
    sum += cnt << k;
  }
  return sum;
}

static inline int adc_code(const xbar_model *m, int col) {
  int q = (col + m->rnd) >> m->sh;
  return q > m->qmax ? m->qmax : q;
}

void xbar_model_mvm(const xbar_model *m, const int32_t *x, int32_t *y) {
  const xbar_cfg *c = &m->cfg;
  uint64_t planes[8 * XBAR_MAX_WORDS];
  int64_t xsum = input_planes(m, x, planes);
  for (int j = 0; j < c->outs; j++) {
    int64_t acc = 0;
    for (int p = 0; p < c->x_bits; p++) {
      int64_t cp = (c->x_signed && p == c->x_bits - 1) ? -1 : 1;
      const uint64_t *pl = &planes[p * m->words];
      for (int plane = 0; plane < m->planes; plane++) {
        int64_t sign = plane ? -1 : 1;
        for (int s = 0; s < m->slices; s++) {
          int col = (j * m->planes + plane) * m->slices + s;
          int64_t recon = (int64_t)adc_code(m, column_sum(m, pl, col)) << m->sh;
          acc += sign * cp * (recon << (p + s * c->cell_bits));
        }
      }
    }
    if (c->enc == XBAR_ENC_OFFSET) acc -= ((int64_t)1 << (c->w_bits - 1)) * xsum;
    y[j] = (int32_t)(uint32_t)(uint64_t)acc;
  }
}

int xbar_model_trace(const xbar_model *m, const int32_t *x, int j,
                     xbar_trace *out, int max) {
  const xbar_cfg *c = &m->cfg;
  uint64_t planes[8 * XBAR_MAX_WORDS];
  (void)input_planes(m, x, planes);
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
