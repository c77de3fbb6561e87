/* ctrl_schedule: the controller's operation stream (docs/controller.md). The
 * RTL (rtl/ctrl_seq.sv) follows the same steps; keep the two in step. */
#include "ctrl_schedule.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ctrl_cycles.h"
#include "ctrl_issue.h"

/* q_proj .. out_proj: the layers share_attention shares */
static int is_attention(ctrl_op op) {
  return op == CTRL_OP_Q_PROJ || op == CTRL_OP_K_PROJ || op == CTRL_OP_V_PROJ ||
         op == CTRL_OP_OUT_PROJ;
}

/* ---- per-op formulas (docs/controller.md, "Operations") ----------------- */

typedef struct {
  uint64_t R, O, P, A, C, par; /* rows, outs, cycles/MVM, ADC/MVM, cells/weight, par */
  uint64_t lanes[CTRL_UNIT_COUNT]; /* elements per cycle of each digital unit */
  ctrl_issue_chip ic;              /* the same figures for ctrl_issue */
} geo;

static uint64_t rounds(const geo *g, uint64_t tiles) {
  return g->par ? ctrl_cdiv(tiles, g->par) : 1;
}

/* h heads of m vectors of length k against a k x n matrix; cycles
 * (ctrl_cycles.h): the requantise unit has the adder's lanes (add_lanes). */
static uint64_t mm(ctrl_rec *r, const geo *g, uint64_t h, uint64_t m, uint64_t k,
                   uint64_t n, int requant) {
  r->m = m;
  r->k = k;
  r->n = n;
  r->tiles = h * ctrl_cdiv(k, g->R) * ctrl_cdiv(n, g->O);
  r->mvms = m * r->tiles;
  r->macs = h * m * k * n;
  r->adc_conversions = r->mvms * g->A;
  r->cycles = ctrl_cyc_mm(m, h, n, g->P * rounds(g, r->tiles), g->lanes[CTRL_UNIT_ADD], requant);
  r->buffer_reads = h * m * k;
  r->buffer_writes = h * m * n;
  return ctrl_issue_mm(&g->ic, h, m, k, n, requant);
}

/* h matrices of k rows x n columns written into tiles at run time. */
static uint64_t wr(ctrl_rec *r, const geo *g, uint64_t h, uint64_t k, uint64_t n) {
  r->m = h;
  r->k = k;
  r->n = n;
  r->tiles = h * ctrl_cdiv(k, g->R) * ctrl_cdiv(n, g->O);
  r->xbar_cells_written = h * k * n * g->C;
  r->cycles = ctrl_cyc_wr(k < g->R ? k : g->R, rounds(g, r->tiles));
  r->buffer_reads = h * k * n;
  return ctrl_issue_wr(&g->ic, h, k, n);
}

/* Element-wise / row-wise op on m rows of n elements on digital unit u: its
 * lanes per cycle, its reads per element, its element counter; its cycles
 * are the unit RTL's (units_cycles.h, docs/controller.md "Unit cycles"). */
static uint64_t ew(ctrl_rec *r, const geo *g, uint64_t m, uint64_t k, uint64_t n, ctrl_unit u) {
  uint64_t e = m * n;
  r->m = m;
  r->k = k;
  r->n = n;
  r->cycles = ctrl_cyc_ew(u, m, n, g->lanes[u]); /* n, lanes <= 65535; e < 2^48 */
  r->buffer_reads = (uint64_t)ctrl_unit_reads(u) * e;
  r->buffer_writes = e;
  if (ctrl_unit_counter(u) != CTRL_F_NONE) ctrl_rec_set(r, ctrl_unit_counter(u), e);
  return ctrl_issue_ew(u, m, n, g->lanes[u]);
}

/* The op's operand sizes (docs/controller.md, "Operations"); its family
 * and unit (ctrl_contract.def) give the rest. Returns the controller's
 * edges to compute its descriptor after the pick (ctrl_issue.h). */
static uint64_t fill(ctrl_rec *r, const geo *g, const vit_model *md, int enc, ctrl_op op) {
  /* T: the tokens this encoder runs on (pruning); Tn: the next encoder's */
  const uint64_t T = (uint64_t)vit_model_enc_tokens(md, enc),
                 Tn = (uint64_t)vit_model_enc_tokens(md, enc + 1 < md->depth ? enc + 1 : enc), E = (uint64_t)md->embedding,
                 H = (uint64_t)md->heads, M = (uint64_t)md->mlp,
                 d = (uint64_t)vit_model_head_dim(md), Pd = (uint64_t)md->patch_dim,
                 K = (uint64_t)md->classes;
  /* TB hidden width: tb_hidden with two linear layers, E with one. */
  const uint64_t Th = md->tb_layers == 2 ? (uint64_t)md->tb_hidden : E;
  const ctrl_unit u = ctrl_op_info(op)->unit;
  const int rq = ctrl_op_requantises(op);
  memset(r, 0, sizeof *r);
  r->encoder = enc;
  r->op = op;
  switch (op) {
    /* T - 1 patches: the class token is not a patch (T >= 1) */
    case CTRL_OP_PATCH_EMBED: return mm(r, g, 1, T - 1, Pd, E, rq);
    case CTRL_OP_POS_EMBED: return ew(r, g, T, E, E, u);
    case CTRL_OP_FINAL_LN: return ew(r, g, 1, E, E, u); /* the class token only */
    case CTRL_OP_HEAD: return mm(r, g, 1, 1, E, K, rq);
    case CTRL_OP_LN1:
    case CTRL_OP_LN2:
    case CTRL_OP_TB_LN: return ew(r, g, T, E, E, u);
    case CTRL_OP_Q_PROJ:
    case CTRL_OP_K_PROJ:
    case CTRL_OP_V_PROJ:
    case CTRL_OP_OUT_PROJ: return mm(r, g, 1, T, E, E, rq);
    case CTRL_OP_K_WRITE: return wr(r, g, H, d, T);
    case CTRL_OP_QK: return mm(r, g, H, T, d, T, rq);
    case CTRL_OP_SOFTMAX: return ew(r, g, H * T, T, T, u);
    case CTRL_OP_V_WRITE: return wr(r, g, H, T, d);
    case CTRL_OP_SV: return mm(r, g, H, T, T, d, rq);
    case CTRL_OP_REUSE_STORE:
    case CTRL_OP_REUSE_LOAD: return ew(r, g, T, E, E, u);
    case CTRL_OP_TB_FC1: return mm(r, g, 1, T, E, Th, rq);
    case CTRL_OP_TB_GELU: return ew(r, g, T, Th, Th, u);
    case CTRL_OP_TB_FC2: return mm(r, g, 1, T, Th, E, rq);
    case CTRL_OP_RESIDUAL1:
    case CTRL_OP_RESIDUAL2: return ew(r, g, T, E, E, u);
    case CTRL_OP_FC1: return mm(r, g, 1, T, E, M, rq);
    case CTRL_OP_GELU: return ew(r, g, T, M, M, u);
    case CTRL_OP_FC2: return mm(r, g, 1, T, M, E, rq);
    /* the gather of the Tn kept rows of T (the selection is not charged) */
    case CTRL_OP_PRUNE: return ew(r, g, Tn, T, E, u);
  }
  return 0;
}

/* 1 when op row o is issued in `scope` (CTRL_SCOPE_ALL for encoder i:
 * every encoder scope; the model-level scopes PRE and POST as themselves)
 * under its condition. */
static int issues(const ctrl_schedule *s, ctrl_scope scope, int i, const ctrl_op_row *o) {
  int who = 0;
  switch (o->scope) {
    case CTRL_SCOPE_PRE:
    case CTRL_SCOPE_POST: who = scope == o->scope; break;
    case CTRL_SCOPE_ALL: who = scope == CTRL_SCOPE_ALL; break;
    case CTRL_SCOPE_COMPUTING: who = scope == CTRL_SCOPE_ALL && !s->reused[i]; break;
    case CTRL_SCOPE_STORING:
      who = scope == CTRL_SCOPE_ALL && !s->reused[i] && s->stores[i];
      break;
    case CTRL_SCOPE_REUSING: who = scope == CTRL_SCOPE_ALL && s->reused[i]; break;
    case CTRL_SCOPE_PRUNING: /* C model only: per-encoder token counts */
      who = scope == CTRL_SCOPE_ALL && i + 1 < s->model.depth &&
            vit_model_enc_tokens(&s->model, i + 1) < vit_model_enc_tokens(&s->model, i);
      break;
    case CTRL_SCOPE_COUNT: break;
  }
  switch (o->when) {
    case CTRL_WHEN_ALWAYS: break;
    case CTRL_WHEN_TB_LAYERS_2: who = who && s->model.tb_layers == 2; break;
    case CTRL_WHEN_PATCH_DIM: who = who && s->model.patch_dim != 0; break;
    case CTRL_WHEN_CLASSES: who = who && s->model.classes != 0; break;
    case CTRL_WHEN_COUNT: who = 0; break;
  }
  return who;
}

/* ---- legality and plan ----------------------------------------------- */

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

ctrl_figures ctrl_chip_figures(const ctrl_chip *c) {
  return (ctrl_figures){.rows = c->tile.rows,
                        .outs = c->tile.outs,
                        .per_mvm = ctrl_chip_cycles_per_mvm(c),
                        .adc_per_mvm = ctrl_chip_adc_per_mvm(c),
                        .cells_per_w = ctrl_chip_cells_per_weight(c)};
}

/* Each figure in the registers' range; message "chip: figure 'K': ...". */
static int check_figures(const ctrl_figures *f, trex_err *err) {
  const struct {
    const char *key;
    int64_t v;
  } k[] = {{"rows", f->rows},
           {"outs", f->outs},
           {"per_mvm", f->per_mvm},
           {"adc_per_mvm", f->adc_per_mvm},
           {"cells_per_w", f->cells_per_w}};
  for (size_t i = 0; i < sizeof k / sizeof k[0]; i++)
    if (k[i].v < 1 || k[i].v > CTRL_MAX_FIGURE)
      return trex_errf(err, "chip: figure '%s': %" PRId64 " is outside 1..%d", k[i].key, k[i].v,
                       CTRL_MAX_FIGURE);
  return 0;
}

int ctrl_schedule_build(const vit_model *m, const ctrl_chip *c, const ctrl_reuse *reuse,
                        ctrl_schedule *s, trex_err *err) {
  return ctrl_schedule_build_figures(m, c, NULL, reuse, s, err);
}

int ctrl_schedule_build_figures(const vit_model *m, const ctrl_chip *c, const ctrl_figures *f,
                                const ctrl_reuse *reuse, ctrl_schedule *s, trex_err *err) {
  memset(s, 0, sizeof *s);
  s->model = *m;
  s->chip = *c;
  for (int i = 0; i < VIT_MAX_DEPTH; i++) s->source[i] = -1;
  const char *where = m->name[0] ? m->name : "model";
  if (vit_model_check_ranges(m, where, err)) return fail(s, CTRL_E_SIZE, err);
  if (vit_model_check(m, where, err)) return fail(s, CTRL_E_HEADS, err);
  if (ctrl_chip_check(c, "chip", err)) return fail(s, CTRL_E_CHIP, err);
  const ctrl_figures fig = f ? *f : ctrl_chip_figures(c);
  if (check_figures(&fig, err)) return fail(s, CTRL_E_CHIP, err);
  if (plan(s, reuse, err)) return -1;

  geo g = {.R = (uint64_t)fig.rows,
           .O = (uint64_t)fig.outs,
           .P = (uint64_t)fig.per_mvm,
           .A = (uint64_t)fig.adc_per_mvm,
           .C = (uint64_t)fig.cells_per_w,
           .par = (uint64_t)c->par_tiles,
           .lanes = {[CTRL_UNIT_SOFTMAX] = (uint64_t)c->softmax_lanes,
                     [CTRL_UNIT_LN] = (uint64_t)c->ln_lanes,
                     [CTRL_UNIT_GELU] = (uint64_t)c->gelu_lanes,
                     [CTRL_UNIT_ADD] = (uint64_t)c->add_lanes,
                     [CTRL_UNIT_BUF] = (uint64_t)c->buf_lanes}};
  g.ic = (ctrl_issue_chip){g.R, g.O, g.P, g.A, g.C, g.par, g.lanes[CTRL_UNIT_ADD]};
  const size_t cap = (size_t)m->depth * CTRL_OP_COUNT + 4;
  s->ops = calloc(cap, sizeof *s->ops);
  s->owns = calloc(cap, 1);
  s->issue_edges = calloc(cap, sizeof *s->issue_edges);
  s->issue = calloc(cap, sizeof *s->issue);
  if (!s->ops || !s->owns || !s->issue_edges || !s->issue) {
    ctrl_schedule_free(s);
    return trex_errf(err, "schedule: out of memory");
  }
  /* the sequencer's picks since the previous accept (ctrl_issue.h): one per
   * position of the phase's op chain (the table's ops of that phase, in
   * order) and one per phase end; the first op's count starts after the
   * start checks and the scan */
  uint64_t picks = CTRL_ISSUE_START;
  /* placed[op]: bit j = the weights of layer `op` of encoder j are placed
   * (a layer shared with an earlier encoder counts once, at its first use) */
  uint64_t placed[CTRL_OP_COUNT] = {0};
  /* the model-level ops before encoder 0 (encoder field 0), the encoders,
   * the model-level ops after the last one (encoder field depth - 1) */
  const struct {
    ctrl_scope scope;
    int first, last;
  } pass[] = {{CTRL_SCOPE_PRE, 0, 0},
              {CTRL_SCOPE_ALL, 0, m->depth - 1},
              {CTRL_SCOPE_POST, m->depth - 1, m->depth - 1}};
  for (size_t p = 0; p < sizeof pass / sizeof pass[0]; p++)
    for (int i = pass[p].first; i <= pass[p].last; i++) {
      uint64_t written = 0;
      for (int k = 0; k < CTRL_OP_COUNT; k++) {
        const ctrl_op op = ctrl_op_order[k];
        const ctrl_op_row *o = ctrl_op_info(op);
        if (ctrl_scope_phase(o->scope) != ctrl_scope_phase(pass[p].scope)) continue;
        picks++;
        if (!issues(s, pass[p].scope, i, o)) continue;
        size_t kk = s->n_ops++;
        ctrl_rec *r = &s->ops[kk];
        s->issue_edges[kk] = picks + fill(r, &g, m, i, op);
        s->issue[kk] = ctrl_issue_wait(s->issue_edges[kk], kk ? s->ops[kk - 1].cycles : 0, kk == 0);
        s->issue_cycles += s->issue[kk];
        picks = 0;
        ctrl_totals_add(&s->totals, r);
        if (ctrl_op_is_static(op)) {
          /* the layer's weights: the owner's when encoder i shares them */
          int w = pass[p].scope != CTRL_SCOPE_ALL ? VIT_MAX_DEPTH - 1 /* model level: own */
                  : is_attention(op)             ? vit_model_attn_owner(m, i)
                  : op == CTRL_OP_FC1 || op == CTRL_OP_FC2 ? vit_model_mlp_owner(m, i)
                                                           : i;
          if (!(placed[op] >> w & 1)) {
            placed[op] |= (uint64_t)1 << w;
            s->owns[kk] = 1;
            s->static_tiles += r->tiles;
          }
        }
        if (o->family == CTRL_FAM_WR) written += r->tiles;
      }
      if (written > s->dynamic_tiles) s->dynamic_tiles = written;
      picks++; /* the phase's end (OP_END) */
    }
  s->inference_cycles = s->totals.cycles + s->issue_cycles;
  return 0;
}

void ctrl_schedule_free(ctrl_schedule *s) {
  free(s->ops);
  free(s->owns);
  free(s->issue_edges);
  free(s->issue);
  s->owns = NULL;
  s->issue_edges = NULL;
  s->issue = NULL;
  s->ops = NULL;
  s->n_ops = 0;
}
