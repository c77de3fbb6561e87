/* edap_calc: prices the controller's schedule (docs/edap.md, "Formulas"). */
#include "edap_calc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trex_num.h"

static const char *const enames[EDAP_E_COUNT] = {
    "xbar_read_static", "xbar_read_dynamic", "sram_write", "adc", "mux", "shift_add",
    "accumulation", "temp_buffer", "tile_buffer", "htree", "act_buffer", "softmax",
    "layernorm", "gelu", "residual_add", "leakage", "controller"};
static const char *const anames[EDAP_A_COUNT] = {
    "xbar_static", "xbar_dynamic", "adc", "mux", "shift_add", "accumulation",
    "temp_buffer", "tile_buffer", "htree", "global_bus", "reuse_buffer", "act_buffer", "softmax",
    "layernorm", "gelu", "residual_add", "controller"};
static const char *const fnames[EDAP_FAM_COUNT] = {
    "linear", "runtime_writes", "attention_products", "softmax", "norms",
    "activations", "buffers", "residual", "chip"};

/* Table provenance of each component: the figures it multiplies. */
static const char *const esrc_table[EDAP_E_COUNT] = {
    "table: xbar_read_static_pj x (cells / ref array) x input bits x mux steps",
    "table: xbar_read_dynamic_pj x (cells / ref array) x input bits x mux steps",
    "table: sram_write_pj_per_bit x cell bits",
    "table: adc_pj x adc_energy_per_bit^(bits - adc_ref_bits) per conversion",
    "table: mux_pj per conversion",
    "table: shift_add_pj per conversion",
    "table: accum_pj_per_add x partial sums added across row blocks",
    "table: temp_buffer_pj per ADC per input bit",
    "table: tile_buffer_pj per bit into or out of a tile",
    "table: htree_pj per bit per mm of tile side",
    "table: buffer_pj_per_bit x input bits per activation element",
    "table: softmax_pj_per_elem",
    "table: layernorm_pj_per_elem",
    "table: gelu_pj_per_elem",
    "table: add_pj_per_elem",
    "table: (static cells x leak_static_nw_per_cell + SRAM bits x leak_sram_nw_per_bit) x delay",
    "not modelled: no controller synthesis given (--synth)"};
static const char *const asrc_table[EDAP_A_COUNT] = {
    "table: xbar_static_um2 x (cells / ref array)",
    "table: xbar_dynamic_um2 x (cells / ref array)",
    "table: adc_um2 x adc_area_per_bit^(bits - adc_ref_bits)",
    "table: mux_um2 x cols_per_adc / adc_ref_cols_per_adc",
    "table: shift_add_um2 per ADC lane per tile",
    "table: accum_um2_per_xbar",
    "table: temp_buffer_um2 per tile",
    "table: tile_buffer_um2 per tile",
    "table: htree_um2 x bus bits x tile side per tile",
    "table: global_bus_um2_per_um x chip side (the square root of the rest of the area)",
    "table: buffer_um2_per_bit x tokens x embedding x input bits",
    "table: buffer_um2_per_bit x largest op's input + output x input bits",
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
const char *edap_family_name(edap_family f) {
  return (int)f >= 0 && f < EDAP_FAM_COUNT ? fnames[f] : NULL;
}

/* The family from the contract's row (ctrl_contract.def): what runs the op. */
edap_family edap_op_family(ctrl_op op) {
  const ctrl_op_row *row = ctrl_op_info((int)op);
  if (!row) return EDAP_FAM_BUFFERS;
  if (row->family == CTRL_FAM_WR) return EDAP_FAM_WRITES;
  switch (row->unit) {
    case CTRL_UNIT_XBAR: return EDAP_FAM_LINEAR;
    case CTRL_UNIT_SRAM: return EDAP_FAM_ATTENTION;
    case CTRL_UNIT_SOFTMAX: return EDAP_FAM_SOFTMAX;
    case CTRL_UNIT_LN: return EDAP_FAM_NORMS;
    case CTRL_UNIT_GELU: return EDAP_FAM_ACTIVATIONS;
    case CTRL_UNIT_ADD: return EDAP_FAM_RESIDUAL;
    default: return EDAP_FAM_BUFFERS;
  }
}

double edap_pj_to_uj(double pj) { return pj * 1e-6; }
double edap_ns_to_ms(double ns) { return ns * 1e-6; }
double edap_um2_to_mm2(double um2) { return um2 * 1e-6; }

static uint64_t cdiv(uint64_t a, uint64_t b) { return b ? (a + b - 1) / b : 0; }
static uint64_t umin(uint64_t a, uint64_t b) { return a < b ? a : b; }

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
    [EDAP_E_XBAR_READ_STATIC] = {EDAP_F_XBAR_READ_STATIC_PJ, EDAP_F_REF_XBAR_ROWS, EDAP_F_REF_XBAR_COLS, EDAP_F_COUNT},
    [EDAP_E_XBAR_READ_DYNAMIC] = {EDAP_F_XBAR_READ_DYNAMIC_PJ, EDAP_F_REF_XBAR_ROWS, EDAP_F_REF_XBAR_COLS, EDAP_F_COUNT},
    [EDAP_E_SRAM_WRITE] = {EDAP_F_SRAM_WRITE_PJ_PER_BIT, EDAP_F_COUNT},
    [EDAP_E_ADC] = {EDAP_F_ADC_PJ, EDAP_F_ADC_ENERGY_PER_BIT, EDAP_F_ADC_REF_BITS, EDAP_F_COUNT},
    [EDAP_E_MUX] = {EDAP_F_MUX_PJ, EDAP_F_COUNT},
    [EDAP_E_SHIFT_ADD] = {EDAP_F_SHIFT_ADD_PJ, EDAP_F_COUNT},
    [EDAP_E_ACCUM] = {EDAP_F_ACCUM_PJ, EDAP_F_COUNT},
    [EDAP_E_TEMP_BUFFER] = {EDAP_F_TEMP_BUFFER_PJ, EDAP_F_COUNT},
    [EDAP_E_TILE_BUFFER] = {EDAP_F_TILE_BUFFER_PJ, EDAP_F_COUNT},
    [EDAP_E_HTREE] = {EDAP_F_HTREE_PJ, EDAP_F_XBAR_STATIC_UM2, EDAP_F_ADC_UM2, EDAP_F_COUNT},
    [EDAP_E_ACT_BUFFER] = {EDAP_F_BUFFER_PJ_PER_BIT, EDAP_F_COUNT},
    [EDAP_E_SOFTMAX] = {EDAP_F_SOFTMAX_PJ, EDAP_F_COUNT},
    [EDAP_E_LAYERNORM] = {EDAP_F_LAYERNORM_PJ, EDAP_F_COUNT},
    [EDAP_E_GELU] = {EDAP_F_GELU_PJ, EDAP_F_COUNT},
    [EDAP_E_RESIDUAL_ADD] = {EDAP_F_ADD_PJ, EDAP_F_COUNT},
    [EDAP_E_LEAKAGE] = {EDAP_F_LEAK_STATIC_NW, EDAP_F_LEAK_SRAM_NW, EDAP_F_COUNT},
    [EDAP_E_CONTROLLER] = {EDAP_F_CLOCK_MHZ, EDAP_F_COUNT}};
static const edap_fig afigs[EDAP_A_COUNT][4] = {
    [EDAP_A_XBAR_STATIC] = {EDAP_F_XBAR_STATIC_UM2, EDAP_F_REF_XBAR_ROWS, EDAP_F_REF_XBAR_COLS, EDAP_F_COUNT},
    [EDAP_A_XBAR_DYNAMIC] = {EDAP_F_XBAR_DYNAMIC_UM2, EDAP_F_REF_XBAR_ROWS, EDAP_F_REF_XBAR_COLS, EDAP_F_COUNT},
    [EDAP_A_ADC] = {EDAP_F_ADC_UM2, EDAP_F_ADC_AREA_PER_BIT, EDAP_F_ADC_REF_BITS, EDAP_F_COUNT},
    [EDAP_A_MUX] = {EDAP_F_MUX_UM2, EDAP_F_ADC_REF_COLS_PER_ADC, EDAP_F_COUNT},
    [EDAP_A_SHIFT_ADD] = {EDAP_F_SHIFT_ADD_UM2, EDAP_F_COUNT},
    [EDAP_A_ACCUM] = {EDAP_F_ACCUM_UM2, EDAP_F_COUNT},
    [EDAP_A_TEMP_BUFFER] = {EDAP_F_TEMP_BUFFER_UM2, EDAP_F_COUNT},
    [EDAP_A_TILE_BUFFER] = {EDAP_F_TILE_BUFFER_UM2, EDAP_F_COUNT},
    [EDAP_A_HTREE] = {EDAP_F_HTREE_UM2, EDAP_F_XBAR_STATIC_UM2, EDAP_F_ADC_UM2, EDAP_F_COUNT},
    [EDAP_A_GLOBAL_BUS] = {EDAP_F_GLOBAL_BUS_UM2, EDAP_F_COUNT},
    [EDAP_A_REUSE_BUFFER] = {EDAP_F_BUFFER_UM2_PER_BIT, EDAP_F_COUNT},
    [EDAP_A_ACT_BUFFER] = {EDAP_F_BUFFER_UM2_PER_BIT, EDAP_F_COUNT},
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
  static const edap_fig clock[] = {EDAP_F_CLOCK_MHZ, EDAP_F_COUNT};
  /* the delay first: leakage and controller energy are power x delay */
  if (!isfinite(r->delay_ms)) return blame(x, "the delay", r->delay_ms, clock, NULL, err);
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

/* Geometry of the chip's tile under the table (docs/edap.md, "Formulas"). */
typedef struct {
  uint64_t R, O, PC;
  double scale, nadc, xb, cpa, pw;
  uint64_t trows, tcols, ppt;
  double adc_um2, mux_um2, periph_um2; /* per crossbar */
  double side_um[2];                   /* tile side: [0] static, [1] dynamic */
} geo;

/* by what runs the op (ctrl_contract.def): run-time written (SRAM) crossbars
 * or static (RRAM) ones; writes are stretched */
static int is_sram_op(ctrl_op op) {
  const ctrl_op_row *row = ctrl_op_info((int)op);
  return row && row->unit == CTRL_UNIT_SRAM && row->family == CTRL_FAM_MM;
}
static int is_write_op(ctrl_op op) {
  const ctrl_op_row *row = ctrl_op_info((int)op);
  return row && row->family == CTRL_FAM_WR;
}
static int is_mm(const ctrl_rec *o) { return o->mvms > 0; }

static int bitlen(uint64_t v) {
  int n = 0;
  for (; v; v >>= 1) n++;
  return n;
}

static geo geometry(const edap_ctx *x) {
  const edap_tech *t = x->tech;
  const double *v = t->v;
  const xbar_cfg *c = &x->chip.tile;
  geo g;
  g.R = (uint64_t)c->rows;
  g.O = (uint64_t)c->outs;
  g.PC = (uint64_t)xbar_cfg_phys_cols(c);
  g.scale = (double)g.R * (double)g.PC / (v[EDAP_F_REF_XBAR_ROWS] * v[EDAP_F_REF_XBAR_COLS]);
  g.nadc = (double)xbar_cfg_adcs(c);
  g.xb = c->x_bits;
  g.cpa = c->cols_per_adc;
  g.trows = (uint64_t)v[EDAP_F_TILE_XBAR_ROWS];
  g.tcols = (uint64_t)v[EDAP_F_TILE_XBAR_COLS];
  g.ppt = g.trows * g.tcols;
  /* a tile's partial dot product: x_bits + w_bits + ceil(log2(rows it sums)) */
  g.pw = c->x_bits + c->w_bits + bitlen(g.R * g.trows - 1);
  g.adc_um2 = edap_tech_adc_um2(t, c->adc_bits);
  g.mux_um2 = v[EDAP_F_MUX_UM2] * c->cols_per_adc / v[EDAP_F_ADC_REF_COLS_PER_ADC];
  const int sy = x->synth && x->synth->u[EDAP_SY_TILE_PERIPH].have;
  g.periph_um2 = sy ? x->synth->u[EDAP_SY_TILE_PERIPH].area_um2 : 0;
  double per_tile = (sy ? 0 : g.nadc * v[EDAP_F_SHIFT_ADD_UM2]) + v[EDAP_F_TEMP_BUFFER_UM2] +
                    v[EDAP_F_TILE_BUFFER_UM2];
  for (int k = 0; k < 2; k++) {
    double xbar = (k ? v[EDAP_F_XBAR_DYNAMIC_UM2] : v[EDAP_F_XBAR_STATIC_UM2]) * g.scale;
    double per_xbar = xbar + g.nadc * (g.adc_um2 + g.mux_um2) + v[EDAP_F_ACCUM_UM2] + g.periph_um2;
    g.side_um[k] = sqrt((double)g.ppt * per_xbar + per_tile);
  }
  return g;
}

/* Heads of a matrix product: tiles / (row blocks x column blocks). */
static uint64_t op_heads(const geo *g, const ctrl_rec *o) {
  uint64_t per = cdiv(o->k, g->R) * cdiv(o->n, g->O);
  return per ? o->tiles / per : 0;
}

/* Bits a matrix product moves through tile buffers and H-trees: inputs
 * broadcast to the tiles of a row block (one copy per tile column), partial
 * sums out of every tile row. */
static void mm_bits(const geo *g, const ctrl_rec *o, double *in, double *out) {
  uint64_t h = op_heads(g, o);
  uint64_t rb = cdiv(o->k, g->R), cb = cdiv(o->n, g->O);
  uint64_t tr = cdiv(rb, g->trows), tc = cdiv(cb, g->tcols);
  *in = (double)h * (double)o->m * (double)o->k * g->xb * (double)tc;
  *out = (double)h * (double)o->m * (double)o->n * g->pw * (double)tr;
}

/* Tiles an op owns when ops get whole tiles: per head, ceil(row blocks /
 * tile rows) x ceil(column blocks / tile columns). */
static uint64_t op_groups(const geo *g, const ctrl_rec *o) {
  if (!o->tiles) return 0;
  uint64_t rb = cdiv(o->k, g->R), cb = cdiv(o->n, g->O);
  uint64_t h = o->tiles / (rb * cb);
  return h * cdiv(rb, g->trows) * cdiv(cb, g->tcols);
}

uint64_t edap_op_cycles(const edap_ctx *x, const ctrl_rec *o) {
  const edap_tech *t = x->tech;
  uint64_t cyc = o->cycles;
  if (is_write_op(o->op)) {
    /* edap_price refuses a stretch above EDAP_MAX_STRETCH before it asks */
    int st = EDAP_MAX_STRETCH;
    (void)write_stretch(t, &st, NULL);
    cyc *= (uint64_t)st;
  }
  double bwb = t->v[EDAP_F_TILE_BUFFER_BITS_PER_CYCLE], bwh = t->v[EDAP_F_HTREE_BITS_PER_CYCLE];
  if (is_mm(o) && (bwb > 0 || bwh > 0)) {
    geo g = geometry(x);
    /* one tile's traffic: its rows' inputs and its columns' partial sums */
    double bits = (double)o->m * (g.xb * (double)umin(o->k, g.R * g.trows) +
                                  g.pw * (double)umin(o->n, g.O * g.tcols));
    uint64_t rounds = x->chip.par_tiles ? cdiv(o->tiles, (uint64_t)x->chip.par_tiles) : 1;
    double stall = (bwb > 0 ? ceil(bits / bwb) : 0) + (bwh > 0 ? ceil(bits / bwh) : 0);
    cyc += (uint64_t)stall * rounds;
  }
  return cyc;
}

uint64_t edap_issue_cycles(const edap_ctx *x, const ctrl_schedule *s, size_t k) {
  return x->dataflow == EDAP_DF_SEQUENTIAL && s->issue ? s->issue[k] : 0;
}

double edap_area(const edap_ctx *x, const vit_model *m, const edap_alloc *al, int reuse_buffers,
                 uint64_t act_elems, double *by) {
  const edap_tech *t = x->tech;
  const double *v = t->v;
  const xbar_cfg *c = &x->chip.tile;
  geo g = geometry(x);
  double a[EDAP_A_COUNT] = {0};
  const int per_op = v[EDAP_F_TILE_PER_OP] > 0;
  uint64_t gs = al->static_groups, gd = al->dynamic_groups, gg = gs + gd;
  /* crossbars built: the slots of every tile when ops own whole tiles */
  uint64_t xs = per_op ? gs * g.ppt : al->static_xbars;
  uint64_t xd = per_op ? gd * g.ppt : al->dynamic_xbars;
  uint64_t all = xs + xd;
  a[EDAP_A_XBAR_STATIC] = (double)xs * v[EDAP_F_XBAR_STATIC_UM2] * g.scale;
  a[EDAP_A_XBAR_DYNAMIC] = (double)xd * v[EDAP_F_XBAR_DYNAMIC_UM2] * g.scale;
  a[EDAP_A_ADC] = (double)all * g.nadc * g.adc_um2;
  a[EDAP_A_MUX] = (double)all * g.nadc * g.mux_um2;
  if (x->synth && x->synth->u[EDAP_SY_TILE_PERIPH].have)
    a[EDAP_A_SHIFT_ADD] = (double)all * g.periph_um2;
  else
    a[EDAP_A_SHIFT_ADD] = (double)gg * g.nadc * v[EDAP_F_SHIFT_ADD_UM2];
  a[EDAP_A_ACCUM] = (double)all * v[EDAP_F_ACCUM_UM2];
  a[EDAP_A_TEMP_BUFFER] = (double)gg * v[EDAP_F_TEMP_BUFFER_UM2];
  a[EDAP_A_TILE_BUFFER] = (double)gg * v[EDAP_F_TILE_BUFFER_UM2];
  double bus = (double)(g.trows * g.R);
  a[EDAP_A_HTREE] =
      v[EDAP_F_HTREE_UM2] * bus * ((double)gs * g.side_um[0] + (double)gd * g.side_um[1]);
  a[EDAP_A_REUSE_BUFFER] = (double)reuse_buffers * m->tokens * (double)m->embedding *
                           c->x_bits * v[EDAP_F_BUFFER_UM2_PER_BIT];
  a[EDAP_A_ACT_BUFFER] = (double)act_elems * c->x_bits * v[EDAP_F_BUFFER_UM2_PER_BIT];
  a[EDAP_A_SOFTMAX] = x->chip.softmax_lanes * v[EDAP_F_SOFTMAX_UM2];
  a[EDAP_A_LAYERNORM] = x->chip.ln_lanes * v[EDAP_F_LAYERNORM_UM2];
  a[EDAP_A_GELU] = x->chip.gelu_lanes * v[EDAP_F_GELU_UM2];
  a[EDAP_A_RESIDUAL_ADD] = x->chip.add_lanes * v[EDAP_F_ADD_UM2];
  /* synthesised units at the chip's lanes; the row units' buffers hold the
   * longest row they serve: T (softmax) or E (LayerNorm) */
  if (x->synth) {
    const edap_synth_unit *u = x->synth->u;
    if (u[EDAP_SY_SOFTMAX].have)
      a[EDAP_A_SOFTMAX] = edap_synth_area_at(&u[EDAP_SY_SOFTMAX], x->chip.softmax_lanes, m->tokens);
    if (u[EDAP_SY_LAYERNORM].have)
      a[EDAP_A_LAYERNORM] = edap_synth_area_at(&u[EDAP_SY_LAYERNORM], x->chip.ln_lanes, m->embedding);
    if (u[EDAP_SY_GELU].have)
      a[EDAP_A_GELU] = edap_synth_area_at(&u[EDAP_SY_GELU], x->chip.gelu_lanes, 0);
    if (u[EDAP_SY_ADD].have)
      a[EDAP_A_RESIDUAL_ADD] = edap_synth_area_at(&u[EDAP_SY_ADD], x->chip.add_lanes, 0);
  }
  a[EDAP_A_CONTROLLER] =
      x->synth && x->synth->u[EDAP_SY_CTRL].have ? x->synth->u[EDAP_SY_CTRL].area_um2 : 0;
  double rest = 0;
  for (int k = 0; k < EDAP_A_COUNT; k++) rest += a[k];
  /* the chip-level bus spans the chip: tracks x the chip's side */
  a[EDAP_A_GLOBAL_BUS] = v[EDAP_F_GLOBAL_BUS_UM2] * sqrt(rest);
  double sum = 0;
  for (int k = 0; k < EDAP_A_COUNT; k++) {
    sum += a[k];
    if (by) by[k] = a[k];
  }
  return sum;
}

uint64_t edap_alloc_unit(const edap_ctx *x, const edap_result *r, int encoder) {
  return x->tech->v[EDAP_F_TILE_PER_OP] > 0 ? r->static_groups_by_enc[encoder]
                                            : r->static_tiles_by_enc[encoder];
}

uint64_t edap_alloc_total(const edap_ctx *x, const edap_result *r) {
  return x->tech->v[EDAP_F_TILE_PER_OP] > 0 ? r->static_groups : r->static_tiles;
}

/* Area by family: crossbars and their periphery go to the family whose ops
 * use them (static: linear; SRAM: attention products, which share them with
 * the run-time writes), per-tile parts in proportion to the crossbars. */
static void area_families(const edap_ctx *x, edap_result *r) {
  const double *a = r->area_by_comp;
  /* crossbars built of each kind (tiles when ops own whole tiles) */
  const int per_op = x->tech->v[EDAP_F_TILE_PER_OP] > 0;
  double ns = (double)(per_op ? r->static_groups : r->static_tiles);
  double nd = (double)(per_op ? r->dynamic_groups : r->dynamic_tiles);
  double all = ns + nd;
  double fs = all > 0 ? ns / all : 0, fd = all > 0 ? 1 - fs : 0;
  static const edap_acomp shared[] = {EDAP_A_ADC,        EDAP_A_MUX,         EDAP_A_SHIFT_ADD,
                                      EDAP_A_ACCUM,      EDAP_A_TEMP_BUFFER, EDAP_A_TILE_BUFFER,
                                      EDAP_A_HTREE};
  static const struct {
    edap_acomp c;
    edap_family f;
  } own[] = {{EDAP_A_XBAR_STATIC, EDAP_FAM_LINEAR},    {EDAP_A_XBAR_DYNAMIC, EDAP_FAM_ATTENTION},
             {EDAP_A_SOFTMAX, EDAP_FAM_SOFTMAX},       {EDAP_A_LAYERNORM, EDAP_FAM_NORMS},
             {EDAP_A_GELU, EDAP_FAM_ACTIVATIONS},      {EDAP_A_REUSE_BUFFER, EDAP_FAM_BUFFERS},
             {EDAP_A_ACT_BUFFER, EDAP_FAM_BUFFERS},    {EDAP_A_RESIDUAL_ADD, EDAP_FAM_RESIDUAL},
             {EDAP_A_CONTROLLER, EDAP_FAM_CHIP},       {EDAP_A_GLOBAL_BUS, EDAP_FAM_CHIP}};
  memset(r->area_fam_comp, 0, sizeof r->area_fam_comp);
  for (size_t k = 0; k < sizeof shared / sizeof shared[0]; k++) {
    /* the static share first, the SRAM share as the rest: sums stay exact */
    r->area_fam_comp[EDAP_FAM_LINEAR][shared[k]] = fs * a[shared[k]];
    r->area_fam_comp[EDAP_FAM_ATTENTION][shared[k]] = fd > 0 ? a[shared[k]] - fs * a[shared[k]] : 0;
  }
  for (size_t k = 0; k < sizeof own / sizeof own[0]; k++) r->area_fam_comp[own[k].f][own[k].c] = a[own[k].c];
  for (int f = 0; f < EDAP_FAM_COUNT; f++) {
    r->area_by_family[f] = 0;
    for (int c = 0; c < EDAP_A_COUNT; c++) r->area_by_family[f] += r->area_fam_comp[f][c];
  }
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

/* Energy of one op by component (pJ), and the bits it moves through tiles. */
static void op_energy(const edap_ctx *x, const geo *g, const ctrl_rec *o, double *e,
                      double *bits) {
  const edap_tech *t = x->tech;
  const double *v = t->v;
  const xbar_cfg *c = &x->chip.tile;
  const edap_synth_unit *sy = x->synth ? &x->synth->u[EDAP_SY_TILE_PERIPH] : NULL;
  const double mv = (double)o->mvms, cv = (double)o->adc_conversions;
  const int sram = is_sram_op(o->op);
  for (int j = 0; j < EDAP_E_COUNT; j++) e[j] = 0;
  *bits = 0;
  /* every input bit plane is read in cols_per_adc mux steps, each a read of
   * the array (the source's convention: per mux step) */
  e[sram ? EDAP_E_XBAR_READ_DYNAMIC : EDAP_E_XBAR_READ_STATIC] =
      mv * g->xb * g->cpa * g->scale *
      v[sram ? EDAP_F_XBAR_READ_DYNAMIC_PJ : EDAP_F_XBAR_READ_STATIC_PJ];
  e[EDAP_E_ADC] = cv * edap_tech_adc_pj(t, c->adc_bits);
  e[EDAP_E_MUX] = cv * v[EDAP_F_MUX_PJ];
  e[EDAP_E_SHIFT_ADD] = sy && sy->have ? mv * sy->pj : cv * v[EDAP_F_SHIFT_ADD_PJ];
  e[EDAP_E_TEMP_BUFFER] = mv * g->xb * g->nadc * v[EDAP_F_TEMP_BUFFER_PJ];
  double side_mm = g->side_um[sram || is_write_op(o->op)] * 1e-3;
  if (is_mm(o)) {
    double in, out;
    mm_bits(g, o, &in, &out);
    *bits = in + out;
    uint64_t h = op_heads(g, o);
    uint64_t rb = cdiv(o->k, g->R);
    e[EDAP_E_ACCUM] =
        (double)h * (double)o->m * (double)o->n * (double)(rb - 1) * v[EDAP_F_ACCUM_PJ];
  } else if (o->xbar_cells_written) {
    *bits = (double)o->xbar_cells_written * c->cell_bits;
  }
  e[EDAP_E_TILE_BUFFER] = *bits * v[EDAP_F_TILE_BUFFER_PJ];
  e[EDAP_E_HTREE] = *bits * v[EDAP_F_HTREE_PJ] * side_mm;
  e[EDAP_E_SRAM_WRITE] =
      (double)o->xbar_cells_written * c->cell_bits * v[EDAP_F_SRAM_WRITE_PJ_PER_BIT];
  e[EDAP_E_ACT_BUFFER] =
      (double)(o->buffer_reads + o->buffer_writes) * g->xb * v[EDAP_F_BUFFER_PJ_PER_BIT];
  /* per element: the table's figure, or the synthesised unit's at the chip's lanes */
  const edap_synth_unit *su = x->synth ? x->synth->u : NULL;
  const double pj_sm = su && su[EDAP_SY_SOFTMAX].have
                           ? edap_synth_pj_at(&su[EDAP_SY_SOFTMAX], x->chip.softmax_lanes)
                           : v[EDAP_F_SOFTMAX_PJ];
  const double pj_ln = su && su[EDAP_SY_LAYERNORM].have
                           ? edap_synth_pj_at(&su[EDAP_SY_LAYERNORM], x->chip.ln_lanes)
                           : v[EDAP_F_LAYERNORM_PJ];
  const double pj_ge = su && su[EDAP_SY_GELU].have
                           ? edap_synth_pj_at(&su[EDAP_SY_GELU], x->chip.gelu_lanes)
                           : v[EDAP_F_GELU_PJ];
  const double pj_ad = su && su[EDAP_SY_ADD].have
                           ? edap_synth_pj_at(&su[EDAP_SY_ADD], x->chip.add_lanes)
                           : v[EDAP_F_ADD_PJ];
  e[EDAP_E_SOFTMAX] = (double)o->softmax_elems * pj_sm;
  e[EDAP_E_LAYERNORM] = (double)o->ln_elems * pj_ln;
  e[EDAP_E_GELU] = (double)o->gelu_elems * pj_ge;
  /* the adder's ops (residual1, residual2, pos_embed: ctrl_contract.def) */
  if (ctrl_op_info((int)o->op) && ctrl_op_info((int)o->op)->unit == CTRL_UNIT_ADD)
    e[EDAP_E_RESIDUAL_ADD] = (double)(o->m * o->n) * pj_ad;
}

int edap_price(const edap_ctx *x, const ctrl_schedule *s, edap_result *r, trex_err *err) {
  const edap_tech *t = x->tech;
  const double *v = t->v;
  memset(r, 0, sizeof *r);
  snprintf(r->model, sizeof r->model, "%s", s->model.name);
  r->depth = s->model.depth;
  r->n_reused = s->n_reused;
  r->dataflow = x->dataflow;
  for (int i = 0; i < VIT_MAX_DEPTH; i++) r->reused[i] = s->reused[i];
  {
    ctrl_reuse rl = {0};
    for (int i = 0; i < s->model.depth; i++)
      if (s->reused[i]) rl.item[rl.n++] = (ctrl_reuse_item){i, s->source[i]};
    ctrl_reuse_format(&rl, r->reuse, sizeof r->reuse);
  }
  const edap_synth_unit *syc = x->synth ? &x->synth->u[EDAP_SY_CTRL] : NULL;
  const int sy_tile = x->synth && x->synth->u[EDAP_SY_TILE_PERIPH].have;
  const int sy_ctrl = syc && syc->have;
  geo g = geometry(x);
  if (write_stretch(t, &r->write_stretch, err)) return -1;
  uint64_t dyn_groups[VIT_MAX_DEPTH] = {0};
  uint64_t *cyc = malloc(sizeof *cyc * (s->n_ops ? s->n_ops : 1));
  if (!cyc) return trex_errf(err, "edap: out of memory");
  double tile_bits = 0;
  for (size_t k = 0; k < s->n_ops; k++) {
    const ctrl_rec *o = &s->ops[k];
    double e[EDAP_E_COUNT], bits;
    op_energy(x, &g, o, e, &bits);
    tile_bits += bits;
    cyc[k] = edap_op_cycles(x, o);
    r->issue_cycles += edap_issue_cycles(x, s, k);
    double op_e = 0;
    edap_family f = edap_op_family(o->op);
    for (int j = 0; j < EDAP_E_COUNT; j++) {
      r->energy_by_comp[j] += e[j];
      r->energy_fam_comp[f][j] += e[j];
      op_e += e[j];
    }
    r->energy_by_op[o->op] += op_e;
    r->cycles_by_op[o->op] += cyc[k];
    r->energy_by_family[f] += op_e;
    r->cycles_by_family[f] += cyc[k];
    r->dyn_energy_by_enc[o->encoder] += op_e;
    r->energy_pj += op_e;
    r->busy_cycles += cyc[k];
    r->cycles_by_enc[o->encoder] += cyc[k];
    r->macs += o->macs;
    /* a layer shared with an earlier encoder is placed (counted) once */
    if (ctrl_op_is_static(o->op) && s->owns[k]) {
      r->static_tiles_by_enc[o->encoder] += o->tiles;
      r->static_groups_by_enc[o->encoder] += op_groups(&g, o);
      r->static_groups += op_groups(&g, o);
    }
    if (is_write_op(o->op)) dyn_groups[o->encoder] += op_groups(&g, o);
    if (is_mm(o) && o->buffer_reads + o->buffer_writes > r->act_elems)
      r->act_elems = o->buffer_reads + o->buffer_writes;
  }
  r->cycles = edap_df_delay(x->dataflow, s, cyc) + r->issue_cycles;
  free(cyc);
  r->tile_bits = (uint64_t)tile_bits;
  r->static_tiles = s->static_tiles;
  r->dynamic_tiles = s->dynamic_tiles;
  r->reuse_buffers = live_buffers(s);
  if (v[EDAP_F_TILE_PER_OP] > 0) {
    for (int i = 0; i < s->model.depth; i++)
      if (dyn_groups[i] > r->dynamic_groups) r->dynamic_groups = dyn_groups[i];
  } else {
    r->static_groups = cdiv(r->static_tiles, g.ppt);
    r->dynamic_groups = cdiv(r->dynamic_tiles, g.ppt);
  }
  r->tile_groups = r->static_groups + r->dynamic_groups;
  edap_alloc al = {r->static_tiles, r->dynamic_tiles, r->static_groups, r->dynamic_groups};
  r->area_um2 = edap_area(x, &s->model, &al, r->reuse_buffers, r->act_elems, r->area_by_comp);
  area_families(x, r);
  /* chip-wide energy: leakage and the controller, power x delay */
  const double cells = (double)(g.R * g.PC);
  /* SRAM bits that hold data: run-time crossbars, reuse and activation buffers */
  const int per_op = v[EDAP_F_TILE_PER_OP] > 0;
  const double xs = per_op ? (double)(r->static_groups * g.ppt) : (double)r->static_tiles;
  const double xd = per_op ? (double)(r->dynamic_groups * g.ppt) : (double)r->dynamic_tiles;
  const double sram_bits =
      xd * cells +
      ((double)r->reuse_buffers * s->model.tokens * (double)s->model.embedding +
       (double)r->act_elems) * g.xb;
  r->leak_nw = xs * cells * v[EDAP_F_LEAK_STATIC_NW] +
               sram_bits * v[EDAP_F_LEAK_SRAM_NW];
  const double delay_ns = (double)r->cycles * edap_tech_period_ns(t);
  r->energy_by_comp[EDAP_E_LEAKAGE] = r->leak_nw * delay_ns * 1e-6; /* nW x ns = 1e-6 pJ */
  r->energy_by_comp[EDAP_E_CONTROLLER] =
      sy_ctrl && syc->have_energy ? syc->pj * (double)r->cycles : 0;
  r->chip_pj = r->energy_by_comp[EDAP_E_LEAKAGE] + r->energy_by_comp[EDAP_E_CONTROLLER];
  r->energy_by_family[EDAP_FAM_CHIP] = r->chip_pj;
  r->energy_fam_comp[EDAP_FAM_CHIP][EDAP_E_LEAKAGE] = r->energy_by_comp[EDAP_E_LEAKAGE];
  r->energy_fam_comp[EDAP_FAM_CHIP][EDAP_E_CONTROLLER] = r->energy_by_comp[EDAP_E_CONTROLLER];
  r->energy_pj += r->chip_pj;
  /* encoders share the chip-wide energy in proportion to their busy cycles */
  for (int i = 0; i < r->depth; i++)
    r->energy_by_enc[i] = r->dyn_energy_by_enc[i] +
                          (r->busy_cycles ? r->chip_pj * (double)r->cycles_by_enc[i] /
                                                (double)r->busy_cycles
                                          : 0);
  for (int j = 0; j < EDAP_E_COUNT; j++) r->esrc[j] = esrc_table[j];
  for (int j = 0; j < EDAP_A_COUNT; j++) r->asrc[j] = asrc_table[j];
  if (sy_tile)
    r->esrc[EDAP_E_SHIFT_ADD] = r->asrc[EDAP_A_SHIFT_ADD] = x->synth->u[EDAP_SY_TILE_PERIPH].src;
  if (sy_ctrl) r->esrc[EDAP_E_CONTROLLER] = r->asrc[EDAP_A_CONTROLLER] = syc->src;
  if (x->synth) {
    static const struct {
      edap_sy_kind k;
      int ec, ac;
    } el[] = {{EDAP_SY_SOFTMAX, EDAP_E_SOFTMAX, EDAP_A_SOFTMAX},
              {EDAP_SY_LAYERNORM, EDAP_E_LAYERNORM, EDAP_A_LAYERNORM},
              {EDAP_SY_GELU, EDAP_E_GELU, EDAP_A_GELU},
              {EDAP_SY_ADD, EDAP_E_RESIDUAL_ADD, EDAP_A_RESIDUAL_ADD}};
    for (size_t q = 0; q < sizeof el / sizeof el[0]; q++)
      if (x->synth->u[el[q].k].have)
        r->esrc[el[q].ec] = r->asrc[el[q].ac] = x->synth->u[el[q].k].src;
  }
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
