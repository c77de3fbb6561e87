/* ctrl_schedule: the controller's operation stream (docs/controller.md). The
 * RTL (rtl/ctrl_seq.sv) follows the same steps; keep the two in step. */
#include "ctrl_schedule.h"

#include <stdlib.h>
#include <string.h>

static const char *const op_names[CTRL_OP_COUNT] = {
    "ln1",         "q_proj",     "k_proj", "v_proj",  "k_write",   "qk",
    "softmax",     "v_write",    "sv",     "out_proj", "reuse_store", "reuse_load",
    "tb_ln",       "tb_fc1",     "tb_gelu", "tb_fc2",  "residual1", "ln2",
    "fc1",         "gelu",       "fc2",    "residual2", "prune"};

const char *ctrl_op_name(ctrl_op op) {
  return (int)op >= 0 && op < CTRL_OP_COUNT ? op_names[op] : NULL;
}

int ctrl_op_from_name(const char *name) {
  for (int k = 0; k < CTRL_OP_COUNT; k++)
    if (!strcmp(name, op_names[k])) return k;
  return -1;
}

int ctrl_op_is_static(ctrl_op op) {
  return op == CTRL_OP_Q_PROJ || op == CTRL_OP_K_PROJ || op == CTRL_OP_V_PROJ ||
         op == CTRL_OP_OUT_PROJ || op == CTRL_OP_TB_FC1 || op == CTRL_OP_TB_FC2 ||
         op == CTRL_OP_FC1 || op == CTRL_OP_FC2;
}

int ctrl_op_is_attention(ctrl_op op) {
  return op >= CTRL_OP_Q_PROJ && op <= CTRL_OP_OUT_PROJ;
}

const char *ctrl_status_name(ctrl_status s) {
  static const char *const n[] = {"ok",    "size",   "heads",  "chip", "range",
                                  "reuse0", "source", "dup",   "prune"};
  return (int)s >= 0 && s <= CTRL_E_PRUNE ? n[s] : "?";
}

void ctrl_totals_add(ctrl_totals *t, const ctrl_rec *r) {
  t->ops += 1;
  t->cycles += r->cycles;
  t->macs += r->macs;
  t->mvms += r->mvms;
  t->adc_conversions += r->adc_conversions;
  t->xbar_cells_written += r->xbar_cells_written;
  t->buffer_reads += r->buffer_reads;
  t->buffer_writes += r->buffer_writes;
  t->softmax_elems += r->softmax_elems;
  t->ln_elems += r->ln_elems;
  t->gelu_elems += r->gelu_elems;
}

void ctrl_totals_counters(const ctrl_totals *t, uint64_t v[CTRL_N_COUNTERS]) {
  const uint64_t c[CTRL_N_COUNTERS] = {t->ops,           t->cycles,
                                       t->macs,          t->mvms,
                                       t->adc_conversions, t->xbar_cells_written,
                                       t->buffer_reads,  t->buffer_writes,
                                       t->softmax_elems, t->ln_elems,
                                       t->gelu_elems};
  memcpy(v, c, sizeof c);
}

/* ---- per-op formulas (docs/controller.md, "Operations") ----------------- */

typedef struct {
  uint64_t R, O, P, A, C, par; /* rows, outs, cycles/MVM, ADC/MVM, cells/weight, par */
  uint64_t sm, ln, ge, add, buf; /* lanes */
} geo;

static uint64_t cdiv(uint64_t a, uint64_t b) { return (a + b - 1) / b; }
static uint64_t rounds(const geo *g, uint64_t tiles) {
  return g->par ? cdiv(tiles, g->par) : 1;
}

/* h heads of m vectors of length k against a k x n matrix. */
static void mm(ctrl_rec *r, const geo *g, uint64_t h, uint64_t m, uint64_t k,
               uint64_t n) {
  r->m = m;
  r->k = k;
  r->n = n;
  r->tiles = h * cdiv(k, g->R) * cdiv(n, g->O);
  r->mvms = m * r->tiles;
  r->macs = h * m * k * n;
  r->adc_conversions = r->mvms * g->A;
  r->cycles = m * g->P * rounds(g, r->tiles);
  r->buffer_reads = h * m * k;
  r->buffer_writes = h * m * n;
}

/* h matrices of k rows x n columns written into tiles at run time. */
static void wr(ctrl_rec *r, const geo *g, uint64_t h, uint64_t k, uint64_t n) {
  r->m = h;
  r->k = k;
  r->n = n;
  r->tiles = h * cdiv(k, g->R) * cdiv(n, g->O);
  r->xbar_cells_written = h * k * n * g->C;
  r->cycles = (k < g->R ? k : g->R) * rounds(g, r->tiles);
  r->buffer_reads = h * k * n;
}

/* Element-wise / row-wise op on m rows of n elements, `lanes` per cycle. */
static uint64_t ew(ctrl_rec *r, uint64_t m, uint64_t k, uint64_t n, uint64_t lanes,
                   uint64_t reads_per_elem) {
  uint64_t e = m * n;
  r->m = m;
  r->k = k;
  r->n = n;
  r->cycles = cdiv(e, lanes);
  r->buffer_reads = reads_per_elem * e;
  r->buffer_writes = e;
  return e;
}

static void fill(ctrl_rec *r, const geo *g, const vit_model *md, int enc, ctrl_op op) {
  /* T: the tokens this encoder runs on (pruning); Tn: the next encoder's */
  const uint64_t T = (uint64_t)vit_model_enc_tokens(md, enc),
                 Tn = (uint64_t)vit_model_enc_tokens(md, enc + 1 < md->depth ? enc + 1 : enc), E = (uint64_t)md->embedding,
                 H = (uint64_t)md->heads, M = (uint64_t)md->mlp,
                 d = (uint64_t)vit_model_head_dim(md);
  /* TB hidden width: tb_hidden with two linear layers, E with one. */
  const uint64_t Th = md->tb_layers == 2 ? (uint64_t)md->tb_hidden : E;
  memset(r, 0, sizeof *r);
  r->encoder = enc;
  r->op = op;
  switch (op) {
    case CTRL_OP_LN1:
    case CTRL_OP_LN2:
    case CTRL_OP_TB_LN: r->ln_elems = ew(r, T, E, E, g->ln, 1); break;
    case CTRL_OP_Q_PROJ:
    case CTRL_OP_K_PROJ:
    case CTRL_OP_V_PROJ:
    case CTRL_OP_OUT_PROJ: mm(r, g, 1, T, E, E); break;
    case CTRL_OP_K_WRITE: wr(r, g, H, d, T); break;
    case CTRL_OP_QK: mm(r, g, H, T, d, T); break;
    case CTRL_OP_SOFTMAX: r->softmax_elems = ew(r, H * T, T, T, g->sm, 1); break;
    case CTRL_OP_V_WRITE: wr(r, g, H, T, d); break;
    case CTRL_OP_SV: mm(r, g, H, T, T, d); break;
    case CTRL_OP_REUSE_STORE:
    case CTRL_OP_REUSE_LOAD: ew(r, T, E, E, g->buf, 1); break;
    case CTRL_OP_TB_FC1: mm(r, g, 1, T, E, Th); break;
    case CTRL_OP_TB_GELU: r->gelu_elems = ew(r, T, Th, Th, g->ge, 1); break;
    case CTRL_OP_TB_FC2: mm(r, g, 1, T, Th, E); break;
    case CTRL_OP_RESIDUAL1:
    case CTRL_OP_RESIDUAL2: ew(r, T, E, E, g->add, 2); break;
    case CTRL_OP_FC1: mm(r, g, 1, T, E, M); break;
    case CTRL_OP_GELU: r->gelu_elems = ew(r, T, M, M, g->ge, 1); break;
    case CTRL_OP_FC2: mm(r, g, 1, T, M, E); break;
    /* the gather of the Tn kept rows of T (the selection is not charged) */
    case CTRL_OP_PRUNE: ew(r, Tn, T, E, g->buf, 1); break;
    case CTRL_OP_COUNT: break;
  }
}

/* ---- legality and plan ----------------------------------------------- */

static int in(int v, int lo, int hi) { return v >= lo && v <= hi; }

/* The range rules of vit_model_check (everything but the heads rule). */
static int sizes_ok(const vit_model *m) {
  return in(m->tokens, 1, VIT_MAX_DIM) && in(m->embedding, 1, VIT_MAX_DIM) &&
         in(m->heads, 1, VIT_MAX_DIM) && in(m->mlp, 1, VIT_MAX_DIM) &&
         in(m->tb_hidden, 1, VIT_MAX_DIM) && in(m->depth, 1, VIT_MAX_DEPTH) &&
         in(m->tb_layers, 1, 2);
}

static int fail(ctrl_schedule *s, ctrl_status st, trex_err *err) {
  s->status = st;
  return -1;
}

/* Canonical plan: explicit[i] / src[i] per encoder from the list, then the
 * scan the RTL makes (encoders 0..63 in order). */
static int plan(ctrl_schedule *s, const ctrl_reuse *reuse, trex_err *err) {
  const int D = s->model.depth;
  int mask[VIT_MAX_DEPTH] = {0}, src[VIT_MAX_DEPTH];
  for (int i = 0; i < VIT_MAX_DEPTH; i++) src[i] = CTRL_SRC_AUTO;
  for (int k = 0; reuse && k < reuse->n; k++) {
    int e = reuse->item[k].encoder, so = reuse->item[k].source;
    if (e < 0 || e >= VIT_MAX_DEPTH) {
      trex_errf(err, "reuse: encoder index %d is out of range 0..%d (depth %d)", e,
                D - 1, D);
      return fail(s, CTRL_E_RANGE, err);
    }
    if (mask[e]) {
      trex_errf(err, "reuse: encoder %d is listed twice", e);
      return fail(s, CTRL_E_DUP, err);
    }
    if (so != CTRL_SRC_AUTO && (so < 0 || so >= VIT_MAX_DEPTH)) {
      trex_errf(err,
                "reuse: source %d of encoder %d is not an earlier computing encoder",
                so, e);
      return fail(s, CTRL_E_SOURCE, err);
    }
    mask[e] = 1;
    src[e] = so;
  }
  int last = -1; /* most recent computing encoder */
  for (int i = 0; i < VIT_MAX_DEPTH; i++) {
    if (mask[i] && i >= D) {
      trex_errf(err, "reuse: encoder index %d is out of range 0..%d (depth %d)", i, D - 1,
                D);
      return fail(s, CTRL_E_RANGE, err);
    }
    if (i >= D) continue;
    if (!mask[i]) {
      last = i;
      continue;
    }
    if (i == 0) {
      trex_errf(err, "reuse: encoder 0 cannot reuse attention (no earlier encoder)");
      return fail(s, CTRL_E_REUSE0, err);
    }
    if (src[i] != CTRL_SRC_AUTO && (src[i] >= i || mask[src[i]])) {
      trex_errf(err,
                "reuse: source %d of encoder %d is not an earlier computing encoder",
                src[i], i);
      return fail(s, CTRL_E_SOURCE, err);
    }
    s->reused[i] = 1;
    s->source[i] = src[i] == CTRL_SRC_AUTO ? last : src[i];
    s->stores[s->source[i]] = 1;
    s->n_reused++;
  }
  /* pruning keeps the tokens the class token attends to most: only after an
   * encoder that computes attention (C model only, like the per-encoder
   * token counts themselves) */
  for (int i = 0; i + 1 < D; i++)
    if (s->reused[i] &&
        vit_model_enc_tokens(&s->model, i + 1) < vit_model_enc_tokens(&s->model, i)) {
      trex_errf(err,
                "reuse: encoder %d reuses attention, but tokens are pruned after it (%d -> %d): "
                "pruning needs its attention",
                i, vit_model_enc_tokens(&s->model, i), vit_model_enc_tokens(&s->model, i + 1));
      return fail(s, CTRL_E_PRUNE, err);
    }
  return 0;
}

int ctrl_schedule_build(const vit_model *m, const ctrl_chip *c, const ctrl_reuse *reuse,
                        ctrl_schedule *s, trex_err *err) {
  memset(s, 0, sizeof *s);
  s->model = *m;
  s->chip = *c;
  for (int i = 0; i < VIT_MAX_DEPTH; i++) s->source[i] = -1;
  if (vit_model_check(m, m->name[0] ? m->name : "model", err))
    return fail(s, sizes_ok(m) ? CTRL_E_HEADS : CTRL_E_SIZE, err);
  if (ctrl_chip_check(c, "chip", err)) return fail(s, CTRL_E_CHIP, err);
  if (plan(s, reuse, err)) return -1;

  geo g = {.R = (uint64_t)c->tile.rows,
           .O = (uint64_t)c->tile.outs,
           .P = (uint64_t)ctrl_chip_cycles_per_mvm(c),
           .A = (uint64_t)ctrl_chip_adc_per_mvm(c),
           .C = (uint64_t)ctrl_chip_cells_per_weight(c),
           .par = (uint64_t)c->par_tiles,
           .sm = (uint64_t)c->softmax_lanes,
           .ln = (uint64_t)c->ln_lanes,
           .ge = (uint64_t)c->gelu_lanes,
           .add = (uint64_t)c->add_lanes,
           .buf = (uint64_t)c->buf_lanes};
  s->ops = calloc((size_t)m->depth * CTRL_OP_COUNT, sizeof *s->ops);
  s->owns = calloc((size_t)m->depth * CTRL_OP_COUNT, 1);
  if (!s->ops || !s->owns) return trex_errf(err, "schedule: out of memory");
  /* placed[op]: bit j = the weights of layer `op` of encoder j are placed */
  uint64_t placed[CTRL_OP_COUNT] = {0};
  for (int i = 0; i < m->depth; i++) {
    uint64_t written = 0;
    for (int op = 0; op < CTRL_OP_COUNT; op++) {
      if (s->reused[i] ? ctrl_op_is_attention(op) || op == CTRL_OP_REUSE_STORE
                       : op >= CTRL_OP_REUSE_LOAD && op <= CTRL_OP_TB_FC2)
        continue;
      if (op == CTRL_OP_REUSE_STORE && !s->stores[i]) continue;
      if (op == CTRL_OP_TB_FC2 && m->tb_layers != 2) continue;
      if (op == CTRL_OP_PRUNE &&
          !(i + 1 < m->depth && vit_model_enc_tokens(m, i + 1) < vit_model_enc_tokens(m, i)))
        continue;
      size_t k = s->n_ops++;
      ctrl_rec *r = &s->ops[k];
      fill(r, &g, m, i, (ctrl_op)op);
      ctrl_totals_add(&s->totals, r);
      if (ctrl_op_is_static((ctrl_op)op)) {
        /* the layer's weights: the owner's when encoder i shares them */
        int w = ctrl_op_is_attention(op) ? vit_model_attn_owner(m, i)
                : op == CTRL_OP_FC1 || op == CTRL_OP_FC2 ? vit_model_mlp_owner(m, i)
                                                         : i;
        if (!(placed[op] >> w & 1)) {
          placed[op] |= (uint64_t)1 << w;
          s->owns[k] = 1;
          s->static_tiles += r->tiles;
        }
      }
      if (op == CTRL_OP_K_WRITE || op == CTRL_OP_V_WRITE) written += r->tiles;
    }
    if (written > s->dynamic_tiles) s->dynamic_tiles = written;
  }
  return 0;
}

void ctrl_schedule_free(ctrl_schedule *s) {
  free(s->ops);
  free(s->owns);
  s->owns = NULL;
  s->ops = NULL;
  s->n_ops = 0;
}
