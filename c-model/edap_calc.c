/* edap_calc: prices the controller's schedule (docs/edap.md, "Formulas"). */
#include "edap_calc.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "trex_num.h"

static const char *const enames[EDAP_E_COUNT] = {
    "xbar_read_rram", "xbar_read_sram", "sram_write", "adc",        "mux",
    "shift_add",      "temp_buffer",    "tile_buffer", "htree",     "mem_fetch",
    "act_buffer",     "softmax",        "layernorm",  "gelu",       "residual_add",
    "controller"};
static const char *const anames[EDAP_A_COUNT] = {
    "xbar_rram",    "xbar_sram", "adc",       "mux",  "shift_add",    "temp_buffer",
    "tile_buffer",  "htree",     "reuse_buffer", "softmax", "layernorm", "gelu",
    "residual_add", "controller"};

/* Table provenance of each component: the figures it multiplies. */
static const char *const esrc_table[EDAP_E_COUNT] = {
    "table: xbar_read_rram_pj x (cells / ref array) x input bits",
    "table: xbar_read_sram_pj x (cells / ref array) x input bits",
    "table: sram_write_pj_per_bit x cell bits",
    "table: adc_pj x adc_energy_per_bit^(bits - adc_ref_bits)",
    "table: mux_pj",
    "table: shift_add_pj",
    "table: temp_buffer_pj",
    "table: tile_buffer_pj",
    "table: htree_pj",
    "table: mem_fetch_pj",
    "table: buffer_pj_per_bit x input bits",
    "table: softmax_pj_per_elem",
    "table: layernorm_pj_per_elem",
    "table: gelu_pj_per_elem",
    "table: add_pj_per_elem",
    "not modelled: no controller synthesis given (--synth)"};
static const char *const asrc_table[EDAP_A_COUNT] = {
    "table: xbar_rram_um2 x (cells / ref array)",
    "table: xbar_sram_um2 x (cells / ref array)",
    "table: adc_um2 x adc_area_per_bit^(bits - adc_ref_bits)",
    "table: mux_um2 x cols_per_adc / adc_ref_cols_per_adc",
    "table: shift_add_um2 per ADC lane per tile",
    "table: temp_buffer_um2 per tile",
    "table: tile_buffer_um2 per tile",
    "table: htree_um2 per tile",
    "table: buffer_um2_per_bit x tokens x embedding x input bits",
    "table: softmax_um2_per_lane x softmax_lanes",
    "table: layernorm_um2_per_lane x ln_lanes",
    "table: gelu_um2_per_lane x gelu_lanes",
    "table: add_um2_per_lane x add_lanes",
    "not modelled: no controller synthesis given (--synth)"};

const char *edap_ecomp_name(edap_ecomp c) {
  return (int)c >= 0 && c < EDAP_E_COUNT ? enames[c] : NULL;
}
const char *edap_acomp_name(edap_acomp c) {
  return (int)c >= 0 && c < EDAP_A_COUNT ? anames[c] : NULL;
}

double edap_pj_to_uj(double pj) { return pj * 1e-6; }
double edap_ns_to_ms(double ns) { return ns * 1e-6; }
double edap_um2_to_mm2(double um2) { return um2 * 1e-6; }

static uint64_t cdiv(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

/* Clock cycles per scheduled row-write cycle: a row write slower than the
 * clock stretches k_write / v_write. The conversion to an integer is
 * guarded: a row write of more than EDAP_MAX_STRETCH clock periods is an
 * error naming the figure, not a wrapped or saturated integer. */
#define EDAP_MAX_STRETCH 1048576
static int write_stretch(const edap_tech *t, int *out, trex_err *err) {
  double k = t->v[EDAP_F_SRAM_WRITE_NS_PER_ROW] / edap_tech_period_ns(t);
  int64_t s;
  if (trex_d2i64_ceil(k - 1e-9, INT64_MIN, EDAP_MAX_STRETCH, &s))
    return trex_errf(err,
                     "%s: key 'figures.sram_write_ns_per_row.value': a row write of %g ns is %g "
                     "clock periods, more than %d",
                     t->path, t->v[EDAP_F_SRAM_WRITE_NS_PER_ROW], k, EDAP_MAX_STRETCH);
  *out = s < 1 ? 1 : (int)s;
  return 0;
}

/* ---- non-finite results -------------------------------------------------
 * Every figure printed or compared must be finite: a technology table with
 * huge (1e308) or tiny figures can overflow an intermediate. The check
 * names the component and the figure of its formula farthest from 1 (the
 * likely culprit), never prints inf or nan as a result. */
static const edap_fig efigs[EDAP_E_COUNT][4] = {
    [EDAP_E_XBAR_READ_RRAM] = {EDAP_F_XBAR_READ_RRAM_PJ, EDAP_F_REF_XBAR_ROWS, EDAP_F_REF_XBAR_COLS, EDAP_F_COUNT},
    [EDAP_E_XBAR_READ_SRAM] = {EDAP_F_XBAR_READ_SRAM_PJ, EDAP_F_REF_XBAR_ROWS, EDAP_F_REF_XBAR_COLS, EDAP_F_COUNT},
    [EDAP_E_SRAM_WRITE] = {EDAP_F_SRAM_WRITE_PJ_PER_BIT, EDAP_F_COUNT},
    [EDAP_E_ADC] = {EDAP_F_ADC_PJ, EDAP_F_ADC_ENERGY_PER_BIT, EDAP_F_ADC_REF_BITS, EDAP_F_COUNT},
    [EDAP_E_MUX] = {EDAP_F_MUX_PJ, EDAP_F_COUNT},
    [EDAP_E_SHIFT_ADD] = {EDAP_F_SHIFT_ADD_PJ, EDAP_F_COUNT},
    [EDAP_E_TEMP_BUFFER] = {EDAP_F_TEMP_BUFFER_PJ, EDAP_F_COUNT},
    [EDAP_E_TILE_BUFFER] = {EDAP_F_TILE_BUFFER_PJ, EDAP_F_COUNT},
    [EDAP_E_HTREE] = {EDAP_F_HTREE_PJ, EDAP_F_COUNT},
    [EDAP_E_MEM_FETCH] = {EDAP_F_MEM_FETCH_PJ, EDAP_F_COUNT},
    [EDAP_E_ACT_BUFFER] = {EDAP_F_BUFFER_PJ_PER_BIT, EDAP_F_COUNT},
    [EDAP_E_SOFTMAX] = {EDAP_F_SOFTMAX_PJ, EDAP_F_COUNT},
    [EDAP_E_LAYERNORM] = {EDAP_F_LAYERNORM_PJ, EDAP_F_COUNT},
    [EDAP_E_GELU] = {EDAP_F_GELU_PJ, EDAP_F_COUNT},
    [EDAP_E_RESIDUAL_ADD] = {EDAP_F_ADD_PJ, EDAP_F_COUNT},
    [EDAP_E_CONTROLLER] = {EDAP_F_CLOCK_MHZ, EDAP_F_COUNT}};
static const edap_fig afigs[EDAP_A_COUNT][4] = {
    [EDAP_A_XBAR_RRAM] = {EDAP_F_XBAR_RRAM_UM2, EDAP_F_REF_XBAR_ROWS, EDAP_F_REF_XBAR_COLS, EDAP_F_COUNT},
    [EDAP_A_XBAR_SRAM] = {EDAP_F_XBAR_SRAM_UM2, EDAP_F_REF_XBAR_ROWS, EDAP_F_REF_XBAR_COLS, EDAP_F_COUNT},
    [EDAP_A_ADC] = {EDAP_F_ADC_UM2, EDAP_F_ADC_AREA_PER_BIT, EDAP_F_ADC_REF_BITS, EDAP_F_COUNT},
    [EDAP_A_MUX] = {EDAP_F_MUX_UM2, EDAP_F_ADC_REF_COLS_PER_ADC, EDAP_F_COUNT},
    [EDAP_A_SHIFT_ADD] = {EDAP_F_SHIFT_ADD_UM2, EDAP_F_PES_PER_TILE, EDAP_F_COUNT},
    [EDAP_A_TEMP_BUFFER] = {EDAP_F_TEMP_BUFFER_UM2, EDAP_F_PES_PER_TILE, EDAP_F_COUNT},
    [EDAP_A_TILE_BUFFER] = {EDAP_F_TILE_BUFFER_UM2, EDAP_F_PES_PER_TILE, EDAP_F_COUNT},
    [EDAP_A_HTREE] = {EDAP_F_HTREE_UM2, EDAP_F_PES_PER_TILE, EDAP_F_COUNT},
    [EDAP_A_REUSE_BUFFER] = {EDAP_F_BUFFER_UM2_PER_BIT, EDAP_F_COUNT},
    [EDAP_A_SOFTMAX] = {EDAP_F_SOFTMAX_UM2, EDAP_F_COUNT},
    [EDAP_A_LAYERNORM] = {EDAP_F_LAYERNORM_UM2, EDAP_F_COUNT},
    [EDAP_A_GELU] = {EDAP_F_GELU_UM2, EDAP_F_COUNT},
    [EDAP_A_RESIDUAL_ADD] = {EDAP_F_ADD_UM2, EDAP_F_COUNT},
    [EDAP_A_CONTROLLER] = {EDAP_F_COUNT}};

/* The figure of `list` farthest from 1 on a log scale. */
static edap_fig culprit(const edap_tech *t, const edap_fig *list) {
  edap_fig best = EDAP_F_COUNT;
  double far = -1;
  for (int k = 0; k < 4 && list[k] != EDAP_F_COUNT; k++) {
    double v = t->v[list[k]];
    double d = v > 0 ? fabs(log10(v)) : 400;
    if (d > far) far = d, best = list[k];
  }
  return best;
}

static int blame(const edap_ctx *x, const char *what, double val, const edap_fig *list,
                 const char *src, trex_err *err) {
  const edap_tech *t = x->tech;
  edap_fig f = list ? culprit(t, list) : EDAP_F_COUNT;
  (void)val;
  if (f == EDAP_F_COUNT)
    return trex_errf(err, "%s: %s is not a finite number (%s)", t->path, what,
                     src ? src : "see the technology table");
  return trex_errf(err, "%s: key 'figures.%s.value': %g makes %s overflow%s%s%s", t->path,
                   edap_fig_key(f), t->v[f], what, src ? " (" : "", src ? src : "",
                   src ? ")" : "");
}

/* 0 when every printed figure of r is finite; else an error naming a key. */
static int check_finite(const edap_ctx *x, const edap_result *r, trex_err *err) {
  char what[96];
  for (int j = 0; j < EDAP_E_COUNT; j++)
    if (!isfinite(r->energy_by_comp[j])) {
      snprintf(what, sizeof what, "the energy of '%s'", enames[j]);
      return blame(x, what, r->energy_by_comp[j], efigs[j], r->esrc[j], err);
    }
  for (int j = 0; j < EDAP_A_COUNT; j++)
    if (!isfinite(r->area_by_comp[j])) {
      snprintf(what, sizeof what, "the area of '%s'", anames[j]);
      return blame(x, what, r->area_by_comp[j], afigs[j], r->asrc[j], err);
    }
  /* sums and products: blame the largest component of the factor */
  int je = 0, ja = 0;
  for (int j = 1; j < EDAP_E_COUNT; j++)
    if (r->energy_by_comp[j] > r->energy_by_comp[je]) je = j;
  for (int j = 1; j < EDAP_A_COUNT; j++)
    if (r->area_by_comp[j] > r->area_by_comp[ja]) ja = j;
  static const edap_fig clock[] = {EDAP_F_CLOCK_MHZ, EDAP_F_COUNT};
  const struct {
    const char *name;
    double v;
    const edap_fig *list;
  } tot[] = {{"the total energy", r->energy_uj, efigs[je]},
             {"the delay", r->delay_ms, clock},
             {"the total area", r->area_mm2, afigs[ja]},
             {"the EDAP", r->edap,
              r->energy_uj >= r->area_mm2 ? efigs[je] : afigs[ja]},
             {"TOPS", r->tops, clock},
             {"TOPS/W", r->tops_per_w, efigs[je]},
             {"TOPS/mm^2", r->tops_per_mm2, afigs[ja]}};
  for (size_t k = 0; k < sizeof tot / sizeof tot[0]; k++)
    if (!isfinite(tot[k].v)) return blame(x, tot[k].name, tot[k].v, tot[k].list, NULL, err);
  return 0;
}

double edap_cycles_to_ms(const edap_ctx *x, uint64_t cycles) {
  return edap_ns_to_ms((double)cycles * edap_tech_period_ns(x->tech));
}

double edap_area(const edap_ctx *x, const vit_model *m, uint64_t static_tiles,
                 uint64_t dynamic_tiles, int reuse_buffers, double *by,
                 uint64_t *groups) {
  const edap_tech *t = x->tech;
  const double *v = t->v;
  const xbar_cfg *c = &x->chip.tile;
  double a[EDAP_A_COUNT] = {0};
  double scale = (double)c->rows * xbar_cfg_phys_cols(c) /
                 (v[EDAP_F_REF_XBAR_ROWS] * v[EDAP_F_REF_XBAR_COLS]);
  uint64_t nadc = (uint64_t)xbar_cfg_adcs(c);
  uint64_t all = static_tiles + dynamic_tiles;
  uint64_t ppt = (uint64_t)v[EDAP_F_PES_PER_TILE];
  uint64_t g = cdiv(static_tiles, ppt) + cdiv(dynamic_tiles, ppt);
  a[EDAP_A_XBAR_RRAM] = (double)static_tiles * v[EDAP_F_XBAR_RRAM_UM2] * scale;
  a[EDAP_A_XBAR_SRAM] = (double)dynamic_tiles * v[EDAP_F_XBAR_SRAM_UM2] * scale;
  a[EDAP_A_ADC] = (double)(all * nadc) * edap_tech_adc_um2(t, c->adc_bits);
  a[EDAP_A_MUX] = (double)(all * nadc) * v[EDAP_F_MUX_UM2] * c->cols_per_adc /
                  v[EDAP_F_ADC_REF_COLS_PER_ADC];
  if (x->synth && x->synth->have_tile)
    a[EDAP_A_SHIFT_ADD] = (double)all * x->synth->periph_um2_per_tile;
  else
    a[EDAP_A_SHIFT_ADD] = (double)(g * nadc) * v[EDAP_F_SHIFT_ADD_UM2];
  a[EDAP_A_TEMP_BUFFER] = (double)g * v[EDAP_F_TEMP_BUFFER_UM2];
  a[EDAP_A_TILE_BUFFER] = (double)g * v[EDAP_F_TILE_BUFFER_UM2];
  a[EDAP_A_HTREE] = (double)g * v[EDAP_F_HTREE_UM2];
  a[EDAP_A_REUSE_BUFFER] = (double)reuse_buffers * m->tokens * (double)m->embedding *
                           c->x_bits * v[EDAP_F_BUFFER_UM2_PER_BIT];
  a[EDAP_A_SOFTMAX] = x->chip.softmax_lanes * v[EDAP_F_SOFTMAX_UM2];
  a[EDAP_A_LAYERNORM] = x->chip.ln_lanes * v[EDAP_F_LAYERNORM_UM2];
  a[EDAP_A_GELU] = x->chip.gelu_lanes * v[EDAP_F_GELU_UM2];
  a[EDAP_A_RESIDUAL_ADD] = x->chip.add_lanes * v[EDAP_F_ADD_UM2];
  a[EDAP_A_CONTROLLER] = x->synth && x->synth->have_ctrl ? x->synth->ctrl_um2 : 0;
  double sum = 0;
  for (int k = 0; k < EDAP_A_COUNT; k++) {
    sum += a[k];
    if (by) by[k] = a[k];
  }
  if (groups) *groups = g;
  return sum;
}

/* Reuse buffers live at once: source s holds its buffer from s to its last
 * reader. */
static int live_buffers(const ctrl_schedule *s) {
  int last[VIT_MAX_DEPTH];
  for (int i = 0; i < VIT_MAX_DEPTH; i++) last[i] = -1;
  for (int i = 0; i < s->model.depth; i++)
    if (s->reused[i] && s->source[i] >= 0 && i > last[s->source[i]]) last[s->source[i]] = i;
  int best = 0;
  for (int j = 0; j < s->model.depth; j++) {
    int n = 0;
    for (int i = 0; i < s->model.depth; i++) n += last[i] >= 0 && i <= j && j <= last[i];
    if (n > best) best = n;
  }
  return best;
}

void edap_finish(const edap_ctx *x, edap_result *r) {
  r->delay_ns = (double)r->cycles * edap_tech_period_ns(x->tech);
  r->energy_uj = edap_pj_to_uj(r->energy_pj);
  r->delay_ms = edap_ns_to_ms(r->delay_ns);
  r->area_mm2 = edap_um2_to_mm2(r->area_um2);
  r->edap = r->energy_uj * r->delay_ms * r->area_mm2;
  double ops = 2.0 * (double)r->macs;
  double sec = r->delay_ns * 1e-9, joule = r->energy_pj * 1e-12;
  r->tops = sec > 0 ? ops / sec / 1e12 : 0;
  r->tops_per_w = joule > 0 ? ops / joule / 1e12 : 0;
  r->tops_per_mm2 = r->area_mm2 > 0 ? r->tops / r->area_mm2 : 0;
}

int edap_price(const edap_ctx *x, const ctrl_schedule *s, edap_result *r, trex_err *err) {
  const edap_tech *t = x->tech;
  const double *v = t->v;
  const xbar_cfg *c = &x->chip.tile;
  memset(r, 0, sizeof *r);
  snprintf(r->model, sizeof r->model, "%s", s->model.name);
  r->depth = s->model.depth;
  r->n_reused = s->n_reused;
  for (int i = 0; i < VIT_MAX_DEPTH; i++) r->reused[i] = s->reused[i];
  {
    ctrl_reuse rl = {0};
    for (int i = 0; i < s->model.depth; i++)
      if (s->reused[i]) rl.item[rl.n++] = (ctrl_reuse_item){i, s->source[i]};
    ctrl_reuse_format(&rl, r->reuse, sizeof r->reuse);
  }
  const int sy_tile = x->synth && x->synth->have_tile;
  const int sy_ctrl = x->synth && x->synth->have_ctrl;
  const double scale = (double)c->rows * xbar_cfg_phys_cols(c) /
                       (v[EDAP_F_REF_XBAR_ROWS] * v[EDAP_F_REF_XBAR_COLS]);
  const double nadc = (double)xbar_cfg_adcs(c), xb = c->x_bits;
  const double e_adc = edap_tech_adc_pj(t, c->adc_bits);
  const double period = edap_tech_period_ns(t);
  if (write_stretch(t, &r->write_stretch, err)) return -1;
  for (size_t k = 0; k < s->n_ops; k++) {
    const ctrl_rec *o = &s->ops[k];
    double e[EDAP_E_COUNT] = {0};
    const double mv = (double)o->mvms, cv = (double)o->adc_conversions;
    const int sram = o->op == CTRL_OP_QK || o->op == CTRL_OP_SV;
    uint64_t cyc = o->cycles;
    if (o->op == CTRL_OP_K_WRITE || o->op == CTRL_OP_V_WRITE) cyc *= (uint64_t)r->write_stretch;
    e[sram ? EDAP_E_XBAR_READ_SRAM : EDAP_E_XBAR_READ_RRAM] =
        mv * xb * scale * v[sram ? EDAP_F_XBAR_READ_SRAM_PJ : EDAP_F_XBAR_READ_RRAM_PJ];
    e[EDAP_E_ADC] = cv * e_adc;
    e[EDAP_E_MUX] = cv * v[EDAP_F_MUX_PJ];
    e[EDAP_E_SHIFT_ADD] = sy_tile ? mv * x->synth->periph_pj_per_mvm : cv * v[EDAP_F_SHIFT_ADD_PJ];
    e[EDAP_E_TEMP_BUFFER] = mv * nadc * v[EDAP_F_TEMP_BUFFER_PJ];
    e[EDAP_E_TILE_BUFFER] = mv * v[EDAP_F_TILE_BUFFER_PJ];
    e[EDAP_E_HTREE] = mv * v[EDAP_F_HTREE_PJ];
    e[EDAP_E_MEM_FETCH] = mv * v[EDAP_F_MEM_FETCH_PJ];
    e[EDAP_E_SRAM_WRITE] =
        (double)o->xbar_cells_written * c->cell_bits * v[EDAP_F_SRAM_WRITE_PJ_PER_BIT];
    e[EDAP_E_ACT_BUFFER] =
        (double)(o->buffer_reads + o->buffer_writes) * xb * v[EDAP_F_BUFFER_PJ_PER_BIT];
    e[EDAP_E_SOFTMAX] = (double)o->softmax_elems * v[EDAP_F_SOFTMAX_PJ];
    e[EDAP_E_LAYERNORM] = (double)o->ln_elems * v[EDAP_F_LAYERNORM_PJ];
    e[EDAP_E_GELU] = (double)o->gelu_elems * v[EDAP_F_GELU_PJ];
    if (o->op == CTRL_OP_RESIDUAL1 || o->op == CTRL_OP_RESIDUAL2)
      e[EDAP_E_RESIDUAL_ADD] = (double)(o->m * o->n) * v[EDAP_F_ADD_PJ];
    /* mW x ns = pJ */
    e[EDAP_E_CONTROLLER] = sy_ctrl ? x->synth->ctrl_mw * (double)cyc * period : 0;
    double op_e = 0;
    for (int j = 0; j < EDAP_E_COUNT; j++) {
      r->energy_by_comp[j] += e[j];
      op_e += e[j];
    }
    r->energy_by_op[o->op] += op_e;
    r->energy_by_enc[o->encoder] += op_e;
    r->energy_pj += op_e;
    r->cycles += cyc;
    r->cycles_by_enc[o->encoder] += cyc;
    r->macs += o->macs;
    if (ctrl_op_is_static(o->op)) r->static_tiles_by_enc[o->encoder] += o->tiles;
  }
  r->static_tiles = s->static_tiles;
  r->dynamic_tiles = s->dynamic_tiles;
  r->reuse_buffers = live_buffers(s);
  r->area_um2 = edap_area(x, &s->model, r->static_tiles, r->dynamic_tiles,
                          r->reuse_buffers, r->area_by_comp, &r->tile_groups);
  for (int j = 0; j < EDAP_E_COUNT; j++) r->esrc[j] = esrc_table[j];
  for (int j = 0; j < EDAP_A_COUNT; j++) r->asrc[j] = asrc_table[j];
  if (sy_tile) r->esrc[EDAP_E_SHIFT_ADD] = r->asrc[EDAP_A_SHIFT_ADD] = x->synth->tile_src;
  if (sy_ctrl) r->esrc[EDAP_E_CONTROLLER] = r->asrc[EDAP_A_CONTROLLER] = x->synth->ctrl_src;
  edap_finish(x, r);
  return check_finite(x, r, err);
}

int edap_eval(const edap_ctx *x, const vit_model *m, const ctrl_reuse *reuse,
              edap_result *r, trex_err *err) {
  ctrl_schedule s;
  if (ctrl_schedule_build(m, &x->chip, reuse, &s, err)) {
    ctrl_schedule_free(&s);
    return -1;
  }
  int rc = edap_price(x, &s, r, err);
  ctrl_schedule_free(&s);
  return rc;
}
