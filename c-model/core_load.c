/* core_load: see core_load.h and docs/core.md. */
#include "core_load.h"

#include <stdlib.h>
#include <string.h>

#include "enc_net.h"

static int ceil_div(int a, int b) { return (a + b - 1) / b; }

void core_geom_derive(core_geom *g) {
  g->nph = g->wmax > g->tmax ? g->wmax : g->tmax;
  int r1 = g->tmax * g->wmax, r2 = g->hmax * g->tmax * g->tmax;
  g->reg = r1 > r2 ? r1 : r2;
  g->memb = (CORE_NROLE + g->dmax) * g->reg;
  g->slots = (g->dmax + 1) * CORE_LPE;
  g->nb = g->nph;
}

int core_slot(const core_geom *g, int enc, int layer) {
  (void)g;
  return enc * CORE_LPE + layer;
}
int core_mslot(const core_geom *g, int mlayer) { return g->dmax * CORE_LPE + mlayer; }

const char *core_op_name(int op) {
  const char *n = ctrl_op_name((ctrl_op)op);
  return n ? n : "?";
}

int core_check(const model_int *m, const ctrl_schedule *s, const core_geom *g, trex_err *err) {
  const vit_model *v = &m->vm;
  const ctrl_chip *c = &s->chip;
  int thp = v->tb_layers == 2 ? v->tb_hidden : v->embedding;
  struct { const char *key; long val, max; } lim[] = {
    {"tokens", v->tokens, g->tmax},      {"embedding", v->embedding, g->emax},
    {"mlp", v->mlp, g->wmax},            {"embedding", v->embedding, g->wmax},
    {"tb_hidden'", thp, g->wmax},         {"patch_dim", m->vm.patch_dim, g->wmax},
    {"classes", m->vm.classes, g->wmax},    {"heads", v->heads, g->hmax},
    {"depth", v->depth, g->dmax},
  };
  for (size_t i = 0; i < sizeof lim / sizeof lim[0]; i++)
    if (lim[i].val > lim[i].max)
      return trex_errf(err, "core: model key '%s' = %ld exceeds the core's maximum %ld",
                       lim[i].key, lim[i].val, lim[i].max);
  if (c->tile.rows != g->rows || c->tile.outs != g->outs || c->tile.cell_bits != g->cell_bits ||
      c->tile.adc_bits != g->adc_bits || c->tile.cols_per_adc != g->cols_per_adc ||
      (int)c->tile.enc != g->differential || c->tile.w_bits != 8 || c->tile.x_bits != 8 ||
      !c->tile.x_signed)
    return trex_errf(err, "core: chip key 'tile' differs from the core's instantiated tile");
  if (c->par_tiles != 0)
    return trex_errf(err, "core: chip key 'par_tiles' = %d: the core runs every tile of an op at once (0 only)",
                     c->par_tiles);
  int lanes[] = {c->softmax_lanes, c->ln_lanes, c->gelu_lanes, c->add_lanes, c->buf_lanes};
  const char *ln[] = {"softmax_lanes", "ln_lanes", "gelu_lanes", "add_lanes", "buf_lanes"};
  for (int i = 0; i < 5; i++)
    if (lanes[i] != g->lanes)
      return trex_errf(err, "core: chip key '%s' = %d, the core has %d lanes", ln[i], lanes[i],
                       g->lanes);
  if (!v->patch_dim || !v->classes)
    return trex_errf(err, "core: model keys 'patch_dim' and 'classes' must be non-zero (the core runs whole inferences)");
  long need = (long)s->static_tiles + (long)s->dynamic_tiles;
  if (need > g->n_tiles)
    return trex_errf(err, "core: the model needs %ld tiles (static %llu + run-time %llu), the core has N_TILES = %d",
                     need, (unsigned long long)s->static_tiles, (unsigned long long)s->dynamic_tiles,
                     g->n_tiles);
  return 0;
}

typedef struct {
  const core_geom *g;
  core_wr_fn wr;
  void *ctx;
  uint32_t d[16];
} ld_t;

static void put(ld_t *L, int space, long addr, uint64_t v) {
  memset(L->d, 0, sizeof L->d);
  L->d[0] = (uint32_t)v;
  L->d[1] = (uint32_t)(v >> 32);
  L->wr(L->ctx, ((uint32_t)space << 28) | (uint32_t)addr, L->d);
}

/* every row of every tile of a k x n weight matrix at tile base `base` */
static void put_weights(ld_t *L, int base, const int8_t *w, int k, int n) {
  const core_geom *g = L->g;
  int rb = ceil_div(k, g->rows), cb = ceil_div(n, g->outs);
  for (int b = 0; b < rb; b++)
    for (int c = 0; c < cb; c++)
      for (int i = 0; i < g->rows; i++) {
        memset(L->d, 0, sizeof L->d);
        for (int j = 0; j < g->outs; j++) {
          int r = b * g->rows + i, col = c * g->outs + j;
          uint8_t v = (r < k && col < n) ? (uint8_t)w[(size_t)r * n + col] : 0;
          L->d[j / 4] |= (uint32_t)v << (8 * (j % 4));
        }
        long addr = (long)(base + b * cb + c) * g->rows + i;
        L->wr(L->ctx, ((uint32_t)CORE_LD_TILE << 28) | (uint32_t)addr, L->d);
      }
}

static void put_lin(ld_t *L, int slot, int bx, const model_lin *l, int with_rq) {
  if (with_rq) {
    put(L, CORE_LD_SCAL, slot * 4 + 0, (uint32_t)l->rq.M);
    put(L, CORE_LD_SCAL, slot * 4 + 2, (uint32_t)l->rq.s);
  }
  for (int j = 0; j < l->n; j++) put(L, CORE_LD_BIAS, (long)bx * L->g->nb + j, (uint32_t)l->b[j]);
}

static void put_ln(ld_t *L, int slot, int lnx, const model_ln *ln, int E) {
  put(L, CORE_LD_SCAL, slot * 4 + 2, (uint32_t)ln->s);
  put(L, CORE_LD_SCAL, slot * 4 + 3, (uint64_t)ln->eps_q);
  for (int i = 0; i < E; i++) {
    put(L, CORE_LD_G, (long)lnx * L->g->emax + i, (uint32_t)ln->g[i]);
    put(L, CORE_LD_B, (long)lnx * L->g->emax + i, (uint32_t)ln->b[i]);
  }
}

static void put_add(ld_t *L, int slot, const model_addp *p) {
  put(L, CORE_LD_SCAL, slot * 4 + 0, (uint32_t)p->Ma);
  put(L, CORE_LD_SCAL, slot * 4 + 1, (uint32_t)p->Mb);
  put(L, CORE_LD_SCAL, slot * 4 + 2, (uint32_t)p->s);
}

static void put_lut_gelu(ld_t *L, int lutx, const int8_t *lut) {
  for (int i = 0; i < 256; i++) put(L, CORE_LD_LUTG, (long)lutx * 256 + i, (uint8_t)lut[i]);
}

/* the execution unit's bias index of a linear layer (core_exec dc_bx) */
static int bias_index(const core_geom *g, int enc, int layer) {
  switch (layer) {
  case CORE_L_Q: return enc * 8;
  case CORE_L_K: return enc * 8 + 1;
  case CORE_L_V: return enc * 8 + 2;
  case CORE_L_OUT: return enc * 8 + 3;
  case CORE_L_FC1: return enc * 8 + 4;
  case CORE_L_FC2: return enc * 8 + 5;
  case CORE_L_TB_FC1: return enc * 8 + 6;
  case CORE_L_TB_FC2: return enc * 8 + 7;
  default: return 8 * g->dmax; /* not reached */
  }
}

int core_load(const model_int *m, const ctrl_schedule *s, const core_geom *g, core_wr_fn wr,
              void *ctx, core_map *map, trex_err *err) {
  if (core_check(m, s, g, err)) return -1;
  ld_t L = {.g = g, .wr = wr, .ctx = ctx};
  const vit_model *v = &m->vm;
  int E = v->embedding, T = v->tokens, H = v->heads, d = E / H;
  memset(map, 0, sizeof *map);
  /* configuration */
  put(&L, CORE_LD_CFG, 0, (uint32_t)T);
  put(&L, CORE_LD_CFG, 1, (uint32_t)E);
  put(&L, CORE_LD_CFG, 2, (uint32_t)H);
  put(&L, CORE_LD_CFG, 3, (uint32_t)d);
  put(&L, CORE_LD_CFG, 4, (uint32_t)v->tb_layers);
  /* static tiles: the schedule's static ops in issue order (patch_embed
   * first, head last) */
  int next = 0;
  int kw_tiles = 0, vw_tiles = 0;
  for (size_t i = 0; i < s->n_ops; i++) {
    const ctrl_rec *r = &s->ops[i];
    int e = r->encoder;
    const model_enc *me = &m->enc[e];
    const model_lin *l = NULL;
    int layer = -1, slot = -1;
    const model_tb *tb = NULL;
    if (r->op == CTRL_OP_PATCH_EMBED) {
      map->patch_base = next;
      l = &m->patch_embed;
      slot = core_mslot(g, CORE_M_PATCH);
    } else if (r->op == CTRL_OP_HEAD) {
      map->head_base = next;
      l = &m->head;
      slot = core_mslot(g, CORE_M_HEAD);
    } else if (s->reused[e]) {
      int ti = model_tb_index(m, e, s->source[e]);
      if (ti < 0) return trex_errf(err, "core: no TB for encoder %d reusing %d", e, s->source[e]);
      tb = &m->tb[ti];
    }
    switch (r->op) {
    case CTRL_OP_Q_PROJ: l = &me->q; layer = CORE_L_Q; break;
    case CTRL_OP_K_PROJ: l = &me->k; layer = CORE_L_K; break;
    case CTRL_OP_V_PROJ: l = &me->v; layer = CORE_L_V; break;
    case CTRL_OP_OUT_PROJ: l = &me->o; layer = CORE_L_OUT; break;
    case CTRL_OP_FC1: l = &me->fc1; layer = CORE_L_FC1; break;
    case CTRL_OP_FC2: l = &me->fc2; layer = CORE_L_FC2; break;
    case CTRL_OP_TB_FC1: l = &tb->fc1; layer = CORE_L_TB_FC1; break;
    case CTRL_OP_TB_FC2: l = &tb->fc2; layer = CORE_L_TB_FC2; break;
    case CTRL_OP_K_WRITE: kw_tiles = kw_tiles > (int)r->tiles ? kw_tiles : (int)r->tiles; break;
    case CTRL_OP_V_WRITE: vw_tiles = vw_tiles > (int)r->tiles ? vw_tiles : (int)r->tiles; break;
    default: break;
    }
    if (l) {
      if (slot < 0) {
        slot = core_slot(g, e, layer);
        put_lin(&L, slot, bias_index(g, e, layer), l, 1);
      }
      put(&L, CORE_LD_TBASE, slot, (uint32_t)next);
      put_weights(&L, next, l->w, l->k, l->n);
      next += (int)r->tiles;
    }
  }
  map->static_tiles = next;
  map->kw_base = next;
  map->vw_base = next + kw_tiles;
  map->dynamic_tiles = kw_tiles + vw_tiles;
  map->total_tiles = next + kw_tiles + vw_tiles;
  /* parameters of every encoder */
  for (int e = 0; e < v->depth; e++) {
    const model_enc *me = &m->enc[e];
    put(&L, CORE_LD_TBASE, core_slot(g, e, CORE_L_KW), (uint32_t)map->kw_base);
    put(&L, CORE_LD_TBASE, core_slot(g, e, CORE_L_QK), (uint32_t)map->kw_base);
    put(&L, CORE_LD_TBASE, core_slot(g, e, CORE_L_VW), (uint32_t)map->vw_base);
    put(&L, CORE_LD_TBASE, core_slot(g, e, CORE_L_SV), (uint32_t)map->vw_base);
    put_ln(&L, core_slot(g, e, CORE_L_LN1), 3 * e, &me->ln1, E);
    put_ln(&L, core_slot(g, e, CORE_L_LN2), 3 * e + 1, &me->ln2, E);
    put(&L, CORE_LD_SCAL, core_slot(g, e, CORE_L_QK) * 4 + 0, (uint32_t)me->qk.M);
    put(&L, CORE_LD_SCAL, core_slot(g, e, CORE_L_QK) * 4 + 2, (uint32_t)me->qk.s);
    put(&L, CORE_LD_SCAL, core_slot(g, e, CORE_L_SV) * 4 + 0, (uint32_t)me->sv.M);
    put(&L, CORE_LD_SCAL, core_slot(g, e, CORE_L_SV) * 4 + 2, (uint32_t)me->sv.s);
    for (int i = 0; i < 256; i++)
      put(&L, CORE_LD_LUTE, (long)e * 256 + i, (uint32_t)me->exp_lut[i]);
    put_lut_gelu(&L, 2 * e, me->gelu_lut);
    put_add(&L, core_slot(g, e, CORE_L_RES1), &me->res1);
    put_add(&L, core_slot(g, e, CORE_L_RES2), &me->res2);
    if (s->reused[e]) {
      const model_tb *tb = &m->tb[model_tb_index(m, e, s->source[e])];
      put_ln(&L, core_slot(g, e, CORE_L_TB_LN), 3 * e + 2, &tb->ln, E);
      put_lut_gelu(&L, 2 * e + 1, tb->gelu_lut);
      put(&L, CORE_LD_RSRC, e, (uint32_t)s->source[e]);
    }
  }
  /* model-level parameters */
  put_lin(&L, core_mslot(g, CORE_M_PATCH), 8 * g->dmax, &m->patch_embed, 1);
  put_lin(&L, core_mslot(g, CORE_M_HEAD), 8 * g->dmax + 1, &m->head, 0);
  put_add(&L, core_mslot(g, CORE_M_POS), &m->pos);
  put_ln(&L, core_mslot(g, CORE_M_FINAL_LN), 3 * g->dmax, &m->final_ln, E);
  for (int i = 0; i < E; i++)
    put(&L, CORE_LD_ACT, (long)CORE_R_PE * g->reg + i, (uint8_t)m->cls[i]);
  for (int i = 0; i < T * E; i++)
    put(&L, CORE_LD_ACT, (long)CORE_R_POS * g->reg + i, (uint8_t)m->pos_t[i]);
  return 0;
}

void core_load_image(const model_int *m, const core_geom *g, const int8_t *image, core_wr_fn wr,
                     void *ctx) {
  int np = m->vm.tokens - 1;
  size_t n = (size_t)np * m->vm.patch_dim;
  int8_t *p = malloc(n ? n : 1);
  if (!p) abort();
  enc_patches(m, image, p);
  ld_t L = {.g = g, .wr = wr, .ctx = ctx};
  for (size_t i = 0; i < n; i++) put(&L, CORE_LD_ACT, (long)CORE_R_PATCH * g->reg + (long)i, (uint8_t)p[i]);
  free(p);
}
