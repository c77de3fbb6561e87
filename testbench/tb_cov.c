/* tb_cov: functional coverage bins of the tile testbench (see tb_cov.h). */
#include "tb_cov.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trex_file.h"
#include "trex_mem.h"

enum {
  B_X_ZERO, B_X_MAX, B_X_MIN, B_W_ZERO, B_W_MAX, B_W_MIN, B_W_REPROG,
  B_Y_NEG, B_Y_ZERO, B_Y_POS, B_BP_STALL, B_BP_MULTI, B_FIXED
};
static const char *const fixed_names[B_FIXED] = {
    "x.all_zero", "x.all_max", "x.all_min", "w.all_zero", "w.all_max", "w.all_min",
    "w.reprogram", "y.neg", "y.zero", "y.pos", "bp.stall", "bp.stall_multi"};

typedef struct {
  char name[40];
  uint64_t hits;
  int defined;
} tb_bin;

struct tb_cov {
  xbar_cfg cfg;
  int ncols, words, sh, rnd, qmax;
  tb_bin fixed[B_FIXED];
  tb_bin sign[3][3];     /* [x sign][w sign]: 0 neg, 1 zero, 2 pos */
  tb_bin *step;          /* x_bits * cols_per_adc */
  tb_bin *top, *sat;     /* per physical column */
  int *topcode;          /* highest reachable code per column */
  uint8_t *wsign;        /* per row: bit s set when some w_ij has sign s */
  uint64_t *plane;       /* one input bit plane */
};

static int sgn3(int32_t v) { return v < 0 ? 0 : v == 0 ? 1 : 2; }

tb_cov *tb_cov_new(const xbar_model *m) {
  tb_cov *c = calloc(1, sizeof *c);
  if (!c) return NULL;
  const xbar_cfg *g = &m->cfg;
  c->cfg = *g;
  c->ncols = m->ncols;
  c->words = m->words;
  c->sh = m->sh;
  c->rnd = m->rnd;
  c->qmax = m->qmax;
  c->step = calloc((size_t)g->x_bits * (size_t)g->cols_per_adc, sizeof *c->step);
  c->top = calloc((size_t)c->ncols, sizeof *c->top);
  c->sat = calloc((size_t)c->ncols, sizeof *c->sat);
  c->topcode = calloc((size_t)c->ncols, sizeof *c->topcode);
  c->wsign = calloc((size_t)g->rows, 1);
  c->plane = calloc((size_t)c->words, sizeof *c->plane);
  if (!c->step || !c->top || !c->sat || !c->topcode || !c->wsign || !c->plane) {
    tb_cov_free(c);
    return NULL;
  }
  for (int k = 0; k < B_FIXED; k++) {
    snprintf(c->fixed[k].name, sizeof c->fixed[k].name, "%s", fixed_names[k]);
    c->fixed[k].defined = 1;
  }
  /* unsigned inputs: the minimum is zero, already x.all_zero */
  c->fixed[B_X_MIN].defined = g->x_signed;
  static const char sc[3] = {'n', 'z', 'p'};
  for (int a = 0; a < 3; a++)
    for (int b = 0; b < 3; b++) {
      snprintf(c->sign[a][b].name, sizeof c->sign[a][b].name, "sign.x%c.w%c", sc[a], sc[b]);
      c->sign[a][b].defined = a != 0 || g->x_signed;
    }
  for (int p = 0; p < g->x_bits; p++)
    for (int q = 0; q < g->cols_per_adc; q++) {
      tb_bin *b = &c->step[p * g->cols_per_adc + q];
      snprintf(b->name, sizeof b->name, "step.p%d.m%d", p, q);
    }
  int S = m->slices;
  for (int col = 0; col < c->ncols; col++) {
    int pl = (col / S) % m->planes, s = col % S, dmax = 0;
    for (int32_t w = xbar_w_min(g); w <= xbar_w_max(g); w++) {
      int d = xbar_digit(g, w, pl, s);
      if (d > dmax) dmax = d;
    }
    /* a mux position can give a non-zero code only if one of its columns
     * can hold a non-zero digit (e.g. not the positive plane's upper
     * slice of a 2-bit differential weight, whose maximum is 1) */
    if (dmax > 0)
      for (int p = 0; p < g->x_bits; p++)
        c->step[p * g->cols_per_adc + col % g->cols_per_adc].defined = 1;
    int colmax = g->rows * dmax;
    c->topcode[col] = xbar_adc(g, colmax);
    snprintf(c->top[col].name, sizeof c->top[col].name, "adc.top.c%d", col);
    c->top[col].defined = 1;
    snprintf(c->sat[col].name, sizeof c->sat[col].name, "adc.sat.c%d", col);
    c->sat[col].defined = ((colmax + c->rnd) >> c->sh) > c->qmax;
  }
  return c;
}

void tb_cov_free(tb_cov *c) {
  if (!c) return;
  TREX_FREE(c->step, c->top, c->sat, c->topcode, c->wsign, c->plane, c);
}

void tb_cov_program(tb_cov *c, const int32_t *w, int again) {
  const xbar_cfg *g = &c->cfg;
  long n = (long)g->rows * g->outs, z = 0, mx = 0, mn = 0;
  for (int i = 0; i < g->rows; i++) {
    uint8_t f = 0;
    for (int j = 0; j < g->outs; j++) {
      int32_t v = w[(size_t)i * g->outs + j];
      f |= (uint8_t)(1u << sgn3(v));
      z += v == 0;
      mx += v == xbar_w_max(g);
      mn += v == xbar_w_min(g);
    }
    c->wsign[i] = f;
  }
  if (z == n) c->fixed[B_W_ZERO].hits++;
  if (mx == n) c->fixed[B_W_MAX].hits++;
  if (mn == n) c->fixed[B_W_MIN].hits++;
  if (again) c->fixed[B_W_REPROG].hits++;
}

void tb_cov_mvm(tb_cov *c, const xbar_model *m, const int32_t *x, const int32_t *y) {
  const xbar_cfg *g = &c->cfg;
  int z = 0, mx = 0, mn = 0;
  uint8_t seen[3] = {0, 0, 0};
  for (int i = 0; i < g->rows; i++) {
    z += x[i] == 0;
    mx += x[i] == xbar_x_max(g);
    mn += x[i] == xbar_x_min(g);
    seen[sgn3(x[i])] |= c->wsign[i];
  }
  if (z == g->rows) c->fixed[B_X_ZERO].hits++;
  if (mx == g->rows) c->fixed[B_X_MAX].hits++;
  if (g->x_signed && mn == g->rows) c->fixed[B_X_MIN].hits++;
  for (int a = 0; a < 3; a++)
    for (int b = 0; b < 3; b++)
      if (seen[a] >> b & 1) c->sign[a][b].hits++;
  for (int j = 0; j < g->outs; j++) c->fixed[B_Y_NEG + sgn3(y[j])].hits++;
  for (int p = 0; p < g->x_bits; p++) {
    memset(c->plane, 0, sizeof(uint64_t) * (size_t)c->words);
    for (int i = 0; i < g->rows; i++)
      if (xbar_x_pattern(g, x[i]) >> p & 1u) c->plane[i / 64] |= 1ULL << (i % 64);
    for (int col = 0; col < c->ncols; col++) {
      int sum = 0;
      for (int k = 0; k < g->cell_bits; k++) {
        const uint64_t *b = &m->bits[((size_t)col * g->cell_bits + k) * (size_t)c->words];
        int cnt = 0;
        for (int w = 0; w < c->words; w++) cnt += __builtin_popcountll(c->plane[w] & b[w]);
        sum += cnt << k;
      }
      int code = xbar_adc(g, sum);
      if (code) c->step[p * g->cols_per_adc + col % g->cols_per_adc].hits++;
      if (code == c->topcode[col]) c->top[col].hits++;
      if (((sum + c->rnd) >> c->sh) > c->qmax) c->sat[col].hits++;
    }
  }
}

void tb_cov_stall(tb_cov *c, uint64_t cycles) {
  if (cycles >= 1) c->fixed[B_BP_STALL].hits++;
  if (cycles >= 3) c->fixed[B_BP_MULTI].hits++;
}

/* Calls f on every defined bin. */
#define TB_COV_EACH(c, b, body)                                                   \
  do {                                                                            \
    const xbar_cfg *g_ = &(c)->cfg;                                               \
    for (int k_ = 0; k_ < B_FIXED; k_++) { const tb_bin *b = &(c)->fixed[k_]; if (b->defined) body } \
    for (int k_ = 0; k_ < 9; k_++) { const tb_bin *b = &(c)->sign[k_ / 3][k_ % 3]; if (b->defined) body } \
    for (int k_ = 0; k_ < g_->x_bits * g_->cols_per_adc; k_++) { const tb_bin *b = &(c)->step[k_]; if (b->defined) body } \
    for (int k_ = 0; k_ < (c)->ncols; k_++) { const tb_bin *b = &(c)->top[k_]; body } \
    for (int k_ = 0; k_ < (c)->ncols; k_++) { const tb_bin *b = &(c)->sat[k_]; if (b->defined) body } \
  } while (0)

void tb_cov_count(const tb_cov *c, long *hit, long *total) {
  long h = 0, t = 0;
  TB_COV_EACH(c, b, { t++; h += b->hits > 0; });
  *hit = h;
  *total = t;
}

int tb_cov_write(const tb_cov *c, const char *path, const char *cfg_id, char *msg, int n) {
  trex_wfile w;
  trex_err err;
  if (trex_wfile_open(&w, path, &err)) {
    snprintf(msg, (size_t)n, "%s", err.msg);
    return -1;
  }
  fprintf(w.fp, "# tb_xbar functional coverage (testbench/tb_cov.h)\nconfig %s\n", cfg_id);
  TB_COV_EACH(c, b, { fprintf(w.fp, "bin %s %llu\n", b->name, (unsigned long long)b->hits); });
  if (trex_wfile_commit(&w, &err)) {
    snprintf(msg, (size_t)n, "%s", err.msg);
    return -1;
  }
  return 0;
}
