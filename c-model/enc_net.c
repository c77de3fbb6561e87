#define _POSIX_C_SOURCE 200809L
#include "enc_net.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "enc_ops.h"
#include "trex_mem.h"

/* ---- building the tiles -------------------------------------------------- */

static int lin_init(enc_lin *t, const enc_net *net, const xbar_nonideal_params *prm,
                    const model_lin *l, const char *layer, trex_err *err) {
  if (enc_lin_init(t, net->exact ? NULL : &net->chip.tile, l->k, l->n, prm, 0, layer, 0, err))
    return -1;
  return enc_lin_program(t, l->w, err);
}

int enc_net_init(enc_net *net, model_int *m, const ctrl_chip *chip,
                 const xbar_nonideal_params *prm, trex_err *err) {
  memset(net, 0, sizeof *net);
  if (chip && model_check_tile(&chip->tile, "chip", err)) return -1;
  net->m = m;
  net->exact = !chip;
  if (chip) net->chip = *chip;
  const xbar_cfg *tile = chip ? &chip->tile : NULL;
  net->nonideal = prm != NULL;
  int H = m->vm.heads, d = vit_model_head_dim(&m->vm);
  char nm[64];
  if (lin_init(&net->patch_embed, net, prm, &m->patch_embed, "model.patch_embed", err) ||
      lin_init(&net->head, net, prm, &m->head, "model.head", err))
    goto fail;
  for (int i = 0; i < m->vm.depth; i++) {
    enc_net_enc *e = &net->enc[i];
    model_enc *me = &m->enc[i];
    struct {
      enc_lin *t;
      const model_lin *l;
      const char *op;
    } L[] = {{&e->q, &me->q, "q_proj"},   {&e->k, &me->k, "k_proj"},
             {&e->v, &me->v, "v_proj"},   {&e->o, &me->o, "out_proj"},
             {&e->fc1, &me->fc1, "fc1"}, {&e->fc2, &me->fc2, "fc2"}};
    for (size_t k = 0; k < sizeof L / sizeof L[0]; k++) {
      if (L[k].l->shared) continue; /* runs on the owner's tiles */
      snprintf(nm, sizeof nm, "enc%02d.%s", i, L[k].op);
      if (lin_init(L[k].t, net, prm, L[k].l, nm, err)) goto fail;
    }
    const int T = vit_model_enc_tokens(&m->vm, i); /* K^T, V of this encoder's tokens */
    e->qk = calloc((size_t)H, sizeof *e->qk);
    e->sv = calloc((size_t)H, sizeof *e->sv);
    if (!e->qk || !e->sv) goto oom;
    for (int h = 0; h < H; h++) {
      snprintf(nm, sizeof nm, "enc%02d.qk", i);
      if (enc_lin_init(&e->qk[h], tile, d, T, prm, 1, nm, h, err)) goto fail;
      snprintf(nm, sizeof nm, "enc%02d.sv", i);
      if (enc_lin_init(&e->sv[h], tile, T, d, prm, 1, nm, h, err)) goto fail;
    }
  }
  net->tb_fc1 = calloc((size_t)(m->n_tb ? m->n_tb : 1), sizeof *net->tb_fc1);
  net->tb_fc2 = calloc((size_t)(m->n_tb ? m->n_tb : 1), sizeof *net->tb_fc2);
  if (!net->tb_fc1 || !net->tb_fc2) goto oom;
  for (int t = 0; t < m->n_tb; t++) {
    model_tb *b = &m->tb[t];
    snprintf(nm, sizeof nm, "enc%02d.tb%02d.tb_fc1", b->enc, b->src);
    if (lin_init(&net->tb_fc1[t], net, prm, &b->fc1, nm, err)) goto fail;
    if (m->vm.tb_layers == 2) {
      snprintf(nm, sizeof nm, "enc%02d.tb%02d.tb_fc2", b->enc, b->src);
      if (lin_init(&net->tb_fc2[t], net, prm, &b->fc2, nm, err)) goto fail;
    }
  }
  return 0;
oom:
  trex_errf(err, "out of memory for the model's tiles");
fail:
  enc_net_free(net);
  return -1;
}

void enc_net_free(enc_net *net) {
  model_int *m = net->m;
  if (!m) return;
  enc_lin_free(&net->patch_embed);
  enc_lin_free(&net->head);
  for (int i = 0; i < m->vm.depth; i++) {
    enc_net_enc *e = &net->enc[i];
    enc_lin *L[] = {&e->q, &e->k, &e->v, &e->o, &e->fc1, &e->fc2};
    for (size_t k = 0; k < sizeof L / sizeof L[0]; k++) enc_lin_free(L[k]);
    for (int h = 0; h < m->vm.heads; h++) {
      if (e->qk) enc_lin_free(&e->qk[h]);
      if (e->sv) enc_lin_free(&e->sv[h]);
    }
    free(e->qk);
    free(e->sv);
  }
  for (int t = 0; t < m->n_tb; t++) {
    if (net->tb_fc1) enc_lin_free(&net->tb_fc1[t]);
    if (net->tb_fc2) enc_lin_free(&net->tb_fc2[t]);
  }
  free(net->tb_fc1);
  free(net->tb_fc2);
  memset(net, 0, sizeof *net);
}

void enc_patches(const model_int *m, const int8_t *image, int8_t *out) {
  int p = m->patch, C = m->channels, Hh = m->height, W = m->width;
  int pw = W / p, np = (Hh / p) * pw;
  for (int P = 0; P < np; P++) {
    int py = P / pw, px = P % pw;
    int8_t *o = out + (size_t)P * m->vm.patch_dim;
    for (int c = 0; c < C; c++)
      for (int dy = 0; dy < p; dy++)
        for (int dx = 0; dx < p; dx++)
          *o++ = image[((size_t)c * Hh + (size_t)(py * p + dy)) * W + (size_t)(px * p + dx)];
  }
}

/* ---- execution state ---------------------------------------------------- */

typedef struct {
  enc_net *net;
  model_int *m;
  const ctrl_schedule *s;
  const enc_sink *sink;
  const enc_calib *cal;
  const int8_t *images; /* the N input images (patch_embed) */
  size_t N;
  int T, E, H, d, M, th1, K;
  int8_t *x, *y;        /* encoder input / residual2 output (N,T,E) */
  int8_t *lnb;          /* ln1, ln2, tb_ln output (N,T,E) */
  int8_t *q, *k, *v;    /* (N,T,E) */
  int8_t *kt, *vt;      /* (N,H,d,T), (N,H,T,d) */
  int8_t *sc, *pr;      /* (N,H,T,T) */
  int8_t *svo, *a;      /* (N,T,E) */
  int8_t *rl;           /* reuse_load output (N,T,E) */
  int8_t *tf1, *tg;     /* (N,T,Th') */
  int8_t *tf2;          /* (N,T,E) */
  int8_t *h;            /* residual1 output (N,T,E) */
  int8_t *f1, *g, *f2;  /* (N,T,M), (N,T,M), (N,T,E) */
  int8_t *pe;           /* (N,T-1,E) */
  int8_t *patches;      /* (N,T-1,patch_dim) */
  int8_t *fln;          /* (N,1,E) */
  int32_t *logits;      /* (N,K) */
  int64_t *acc;         /* scratch: N * max(rows*n) */
  int8_t *slot[VIT_MAX_DEPTH]; /* reuse buffer slots (N,T_j,E) */
  int *slot_ids[VIT_MAX_DEPTH]; /* the original token index of each slot row (N,T_j) */
  int slot_T[VIT_MAX_DEPTH];    /* rows per image of each slot */
  int *ids, *ids2;              /* live tokens' original indices (N,T), ascending */
  int32_t *score;               /* prune: scratch (T) */
  int *order;                   /* prune: scratch (T) */
  const int8_t *attn;   /* this encoder's attention output (a or the TB's last) */
  int cur_enc;          /* encoder of the ops running now */
  int tb;               /* TB index of the current reusing encoder, or -1 */
} state;

static void state_free(state *st) {
  TREX_FREE(st->x, st->y, st->lnb, st->q, st->k, st->v, st->kt, st->vt, st->sc, st->pr,
            st->svo, st->a, st->rl, st->tf1, st->tg, st->tf2, st->h, st->f1, st->g, st->f2,
            st->pe, st->patches, st->fln);
  for (int i = 0; i < VIT_MAX_DEPTH; i++) TREX_FREE(st->slot[i], st->slot_ids[i]);
  TREX_FREE(st->ids, st->ids2, st->score, st->order, st->logits, st->acc);
}

static int state_alloc(state *st, trex_err *err) {
  size_t N = st->N, T = (size_t)st->T, E = (size_t)st->E, H = (size_t)st->H;
  size_t TE = N * T * E, TT = N * H * T * T, TM = N * T * (size_t)st->M;
  size_t TH = N * T * (size_t)st->th1;
  struct {
    int8_t **p;
    size_t n;
  } bufs[] = {{&st->x, TE},    {&st->y, TE},   {&st->lnb, TE}, {&st->q, TE},
              {&st->k, TE},    {&st->v, TE},   {&st->kt, TE},  {&st->vt, TE},
              {&st->sc, TT},   {&st->pr, TT},  {&st->svo, TE}, {&st->a, TE},
              {&st->rl, TE},   {&st->tf1, TH}, {&st->tg, TH},  {&st->tf2, TE},
              {&st->h, TE},    {&st->f1, TM},  {&st->g, TM},   {&st->f2, TE},
              {&st->pe, TE},   {&st->patches, N * (T - 1) * (size_t)st->m->vm.patch_dim + 1},
              {&st->fln, N * E}};
  for (size_t k = 0; k < sizeof bufs / sizeof bufs[0]; k++)
    if (!(*bufs[k].p = malloc(bufs[k].n ? bufs[k].n : 1)))
      return trex_errf(err, "out of memory for the activations of %zu images", N);
  size_t amax = TE;
  if (TT > amax) amax = TT;
  if (TM > amax) amax = TM;
  if (TH > amax) amax = TH;
  if (N * (size_t)st->K > amax) amax = N * (size_t)st->K;
  st->ids = malloc(N * T * sizeof *st->ids);
  st->ids2 = malloc(N * T * sizeof *st->ids2);
  st->score = malloc(T * sizeof *st->score);
  st->order = malloc(T * sizeof *st->order);
  if (!st->ids || !st->ids2 || !st->score || !st->order)
    return trex_errf(err, "out of memory for the activations of %zu images", N);
  for (size_t n = 0; n < N; n++)
    for (size_t t = 0; t < T; t++) st->ids[n * T + t] = (int)t;
  st->acc = malloc(amax * sizeof *st->acc);
  st->logits = malloc(N * (size_t)st->K * sizeof *st->logits);
  if (!st->acc || !st->logits)
    return trex_errf(err, "out of memory for the activations of %zu images", N);
  return 0;
}

static int emit(state *st, const char *scope, const char *op, npy_dtype dt, int ndim,
                const int64_t *dims, const void *data, trex_err *err) {
  if (!st->sink || !st->sink->op) return 0;
  int64_t shape[NPY_MAX_DIMS];
  shape[0] = (int64_t)st->N;
  for (int k = 0; k < ndim; k++) shape[k + 1] = dims[k];
  return st->sink->op(st->sink->ctx, scope, op, dt, ndim + 1, shape, data, err);
}

/* A linear layer on static tiles: `rows` vectors of each image. out (int8,
 * requantised) or, for the head, logits (int32). */
static void run_lin(state *st, enc_lin *t, model_lin *l, const char *layer,
                    const int8_t *in, size_t rows, int8_t *out, int32_t *logits) {
  size_t R = st->N * rows;
  for (size_t n = 0; n < st->N; n++) {
    enc_lin_seed_image(t, n);
    for (size_t r = 0; r < rows; r++) {
      size_t v = n * rows + r;
      enc_lin_mvm(t, in + v * (size_t)l->k, st->acc + v * (size_t)l->n);
    }
  }
  if (st->cal && st->cal->lin)
    st->cal->lin(st->cal->ctx, layer, st->acc, R, l->n, l->b, logits ? NULL : &l->rq);
  for (size_t v = 0; v < R; v++) {
    int64_t *a = st->acc + v * (size_t)l->n;
    for (int j = 0; j < l->n; j++) a[j] += l->b[j];
    if (logits)
      for (int j = 0; j < l->n; j++) logits[v * (size_t)l->n + (size_t)j] = enc_sat32(a[j]);
    else
      enc_requant_row(a, l->n, l->rq.M, l->rq.s, out + v * (size_t)l->n);
  }
}

static void run_add(state *st, const char *layer, const int8_t *a, const int8_t *b,
                    size_t count, model_addp *p, int8_t *y) {
  if (st->cal && st->cal->add) st->cal->add(st->cal->ctx, layer, a, b, count, p);
  enc_add_row(a, b, count, p->Ma, p->Mb, p->s, y);
}

static void run_ln(state *st, const int8_t *x, size_t rows, const model_ln *l, int8_t *y) {
  enc_ln(x, rows, st->E, l->g, l->b, l->eps_q, l->s, y);
}

/* ---- the model-level ops (issued by the controller before encoder 0 and
 * after the last one: phases PRE and POST of ctrl_contract.def) ---------- */

static int op_patch_embed(state *st, trex_err *err) {
  model_int *m = st->m;
  size_t img = (size_t)m->channels * m->height * m->width, np = (size_t)st->T - 1;
  for (size_t n = 0; n < st->N; n++)
    enc_patches(m, st->images + n * img, st->patches + n * np * (size_t)m->vm.patch_dim);
  run_lin(st, &st->net->patch_embed, &m->patch_embed, "model.patch_embed", st->patches, np,
          st->pe, NULL);
  int64_t dims[] = {(int64_t)np, st->E};
  return emit(st, "model", "patch_embed", NPY_I8, 2, dims, st->pe, err);
}

static int op_pos_embed(state *st, trex_err *err) {
  size_t T = (size_t)st->T, E = (size_t)st->E;
  int8_t *A = st->y; /* [cls ; patch_embed] as operand a */
  for (size_t n = 0; n < st->N; n++) {
    memcpy(A + n * T * E, st->m->cls, E);
    memcpy(A + n * T * E + E, st->pe + n * (T - 1) * E, (T - 1) * E);
  }
  /* operand b: pos, the same for every image */
  int8_t *B = st->lnb;
  for (size_t n = 0; n < st->N; n++) memcpy(B + n * T * E, st->m->pos_t, T * E);
  run_add(st, "model.pos_embed", A, B, st->N * T * E, &st->m->pos, st->x);
  int64_t dims[] = {st->T, st->E};
  return emit(st, "model", "pos_embed", NPY_I8, 2, dims, st->x, err);
}

static int op_final_ln(state *st, trex_err *err) {
  size_t T = (size_t)st->T, E = (size_t)st->E;
  for (size_t n = 0; n < st->N; n++)
    enc_ln_row(st->x + n * T * E, st->E, st->m->final_ln.g, st->m->final_ln.b,
               st->m->final_ln.eps_q, st->m->final_ln.s, st->fln + n * E, NULL);
  int64_t dims[] = {1, st->E};
  return emit(st, "model", "final_ln", NPY_I8, 2, dims, st->fln, err);
}

static int op_head(state *st, trex_err *err) {
  run_lin(st, &st->net->head, &st->m->head, "model.head", st->fln, 1, NULL, st->logits);
  int64_t dims[] = {st->K};
  return emit(st, "model", "head", NPY_I32, 1, dims, st->logits, err);
}

/* ---- the controller's ops ------------------------------------------------ */

/* The (m, k, n) a record must carry for this model (docs/controller.md). */
static void expected_mkn(const state *st, int enc, ctrl_op op, uint64_t v[3]) {
  uint64_t T = (uint64_t)st->T, E = (uint64_t)st->E, H = (uint64_t)st->H,
           d = (uint64_t)st->d, M = (uint64_t)st->M, th = (uint64_t)st->th1,
           Th = (uint64_t)st->m->vm.tb_hidden, P = (uint64_t)st->m->vm.patch_dim,
           K = (uint64_t)st->K;
  uint64_t r[3] = {T, E, E};
  switch (op) {
    case CTRL_OP_PATCH_EMBED: r[0] = T - 1, r[1] = P; break;
    case CTRL_OP_FINAL_LN: r[0] = 1; break;
    case CTRL_OP_HEAD: r[0] = 1, r[2] = K; break;
    case CTRL_OP_K_WRITE: r[0] = H, r[1] = d, r[2] = T; break;
    case CTRL_OP_QK: r[0] = T, r[1] = d, r[2] = T; break;
    case CTRL_OP_SOFTMAX: r[0] = H * T, r[1] = T, r[2] = T; break;
    case CTRL_OP_V_WRITE: r[0] = H, r[1] = T, r[2] = d; break;
    case CTRL_OP_SV: r[0] = T, r[1] = T, r[2] = d; break;
    case CTRL_OP_TB_FC1: r[2] = th; break;
    case CTRL_OP_TB_GELU: r[1] = th, r[2] = th; break;
    case CTRL_OP_TB_FC2: r[1] = Th; break;
    case CTRL_OP_FC1: r[2] = M; break;
    case CTRL_OP_GELU: r[1] = M, r[2] = M; break;
    case CTRL_OP_FC2: r[1] = M; break;
    case CTRL_OP_PRUNE:
      r[0] = (uint64_t)vit_model_enc_tokens(&st->m->vm, enc + 1), r[1] = T, r[2] = E;
      break;
    default: break;
  }
  memcpy(v, r, sizeof r);
}

static int exec_op(state *st, const ctrl_rec *rec, trex_err *err) {
  int i = rec->encoder;
  const char *opn = ctrl_op_name(rec->op);
  if (i < 0 || i >= st->m->vm.depth || !opn)
    return trex_errf(err, "schedule: record for encoder %d op %d is outside the model", i,
                     (int)rec->op);
  uint64_t want[3];
  if (i != st->cur_enc && st->T != vit_model_enc_tokens(&st->m->vm, i))
    return trex_errf(err, "schedule: encoder %d runs on %d tokens, but %d are alive (a prune "
                     "op is missing)", i, vit_model_enc_tokens(&st->m->vm, i), st->T);
  expected_mkn(st, i, rec->op, want);
  if (rec->m != want[0] || rec->k != want[1] || rec->n != want[2])
    return trex_errf(err,
                     "schedule: enc%02d.%s has (m, k, n) = (%llu, %llu, %llu), the model "
                     "needs (%llu, %llu, %llu)",
                     i, opn, (unsigned long long)rec->m, (unsigned long long)rec->k,
                     (unsigned long long)rec->n, (unsigned long long)want[0],
                     (unsigned long long)want[1], (unsigned long long)want[2]);
  /* the model-level ops: scope "model", not the encoder of their record */
  switch (rec->op) {
    case CTRL_OP_PATCH_EMBED: return op_patch_embed(st, err);
    case CTRL_OP_POS_EMBED: return op_pos_embed(st, err);
    case CTRL_OP_FINAL_LN: return op_final_ln(st, err);
    case CTRL_OP_HEAD: return op_head(st, err);
    default: break;
  }
  if (i != st->cur_enc) { /* a new encoder starts */
    st->cur_enc = i;
    st->attn = NULL;
    st->tb = st->s->reused[i] ? model_tb_index(st->m, i, st->s->source[i]) : -1;
    if (st->s->reused[i] && st->tb < 0)
      return trex_errf(err, "encoder %d reuses %d, which the model has no TB for", i,
                       st->s->source[i]);
  }
  char scope[16], layer[48];
  snprintf(scope, sizeof scope, "enc%02d", i);
  snprintf(layer, sizeof layer, "%s.%s", scope, opn);
  model_int *m = st->m;
  model_enc *me = &m->enc[i];
  enc_net_enc *ne = &st->net->enc[i];
  /* shared layers run on their owner's tiles (docs/encoder-int.md 3.1) */
  enc_net_enc *na = &st->net->enc[vit_model_attn_owner(&m->vm, i)];
  enc_net_enc *nm = &st->net->enc[vit_model_mlp_owner(&m->vm, i)];
  size_t N = st->N, T = (size_t)st->T, E = (size_t)st->E, H = (size_t)st->H,
         d = (size_t)st->d;
  size_t TE = T * E;
  int64_t dTE[] = {st->T, st->E};
  int64_t dTT[] = {st->H, st->T, st->T};
  model_tb *tb = st->tb >= 0 ? &m->tb[st->tb] : NULL;
  char tblayer[64];
  if (tb) snprintf(tblayer, sizeof tblayer, "%s.tb%02d.%s", scope, tb->src, opn);
  switch (rec->op) {
    case CTRL_OP_LN1:
      run_ln(st, st->x, N * T, &me->ln1, st->lnb);
      return emit(st, scope, opn, NPY_I8, 2, dTE, st->lnb, err);
    case CTRL_OP_Q_PROJ:
    case CTRL_OP_K_PROJ:
    case CTRL_OP_V_PROJ: {
      enc_lin *t = rec->op == CTRL_OP_Q_PROJ ? &na->q : rec->op == CTRL_OP_K_PROJ ? &na->k : &na->v;
      model_lin *l = rec->op == CTRL_OP_Q_PROJ ? &me->q : rec->op == CTRL_OP_K_PROJ ? &me->k : &me->v;
      int8_t *o = rec->op == CTRL_OP_Q_PROJ ? st->q : rec->op == CTRL_OP_K_PROJ ? st->k : st->v;
      run_lin(st, t, l, layer, st->lnb, T, o, NULL);
      return emit(st, scope, opn, NPY_I8, 2, dTE, o, err);
    }
    case CTRL_OP_K_WRITE:
    case CTRL_OP_V_WRITE: {
      int kw = rec->op == CTRL_OP_K_WRITE;
      const int8_t *src = kw ? st->k : st->v;
      int8_t *dst = kw ? st->kt : st->vt;
      for (size_t n = 0; n < N; n++)
        for (size_t h = 0; h < H; h++)
          for (size_t t = 0; t < T; t++)
            for (size_t c = 0; c < d; c++) {
              int8_t val = src[n * TE + t * E + h * d + c];
              if (kw) dst[((n * H + h) * d + c) * T + t] = val;
              else dst[((n * H + h) * T + t) * d + c] = val;
            }
      int64_t dk[] = {st->H, st->d, st->T}, dv[] = {st->H, st->T, st->d};
      return emit(st, scope, opn, NPY_I8, 3, kw ? dk : dv, dst, err);
    }
    case CTRL_OP_QK:
    case CTRL_OP_SV: {
      int qk = rec->op == CTRL_OP_QK;
      enc_lin *tiles = qk ? ne->qk : ne->sv;
      for (size_t n = 0; n < N; n++)
        for (size_t h = 0; h < H; h++) {
          enc_lin *t = &tiles[h];
          /* the run-time write of this image's K_h^T / V_h, then its seed */
          if (enc_lin_program(t, (qk ? st->kt : st->vt) + (n * H + h) * d * T, err))
            return -1;
          enc_lin_seed_image(t, n);
          for (size_t r = 0; r < T; r++) {
            if (qk)
              enc_lin_mvm(t, st->q + n * TE + r * E + h * d, st->acc + ((n * H + h) * T + r) * T);
            else /* head h's d outputs are columns h*d .. h*d+d-1 of the row */
              enc_lin_mvm(t, st->pr + ((n * H + h) * T + r) * T, st->acc + (n * T + r) * E + h * d);
          }
        }
      model_rq *rq = qk ? &me->qk : &me->sv;
      size_t rows = qk ? N * H * T : N * T, n = qk ? T : E;
      if (st->cal && st->cal->lin) st->cal->lin(st->cal->ctx, layer, st->acc, rows, (int)n, NULL, rq);
      int8_t *o = qk ? st->sc : st->svo;
      for (size_t v = 0; v < rows; v++) enc_requant_row(st->acc + v * n, (int)n, rq->M, rq->s, o + v * n);
      return qk ? emit(st, scope, opn, NPY_I8, 3, dTT, o, err)
                : emit(st, scope, opn, NPY_I8, 2, dTE, o, err);
    }
    case CTRL_OP_SOFTMAX:
      enc_softmax(st->sc, N * H * T, st->T, me->exp_lut, st->pr);
      return emit(st, scope, opn, NPY_I8, 3, dTT, st->pr, err);
    case CTRL_OP_OUT_PROJ:
      run_lin(st, &na->o, &me->o, layer, st->svo, T, st->a, NULL);
      st->attn = st->a;
      return emit(st, scope, opn, NPY_I8, 2, dTE, st->a, err);
    case CTRL_OP_REUSE_STORE:
      if (!st->slot[i] && !(st->slot[i] = malloc(N * TE)))
        return trex_errf(err, "out of memory for the reuse buffer");
      if (!st->slot_ids[i] && !(st->slot_ids[i] = malloc(N * T * sizeof(int))))
        return trex_errf(err, "out of memory for the reuse buffer");
      memcpy(st->slot[i], st->a, N * TE);
      memcpy(st->slot_ids[i], st->ids, N * T * sizeof(int));
      st->slot_T[i] = st->T;
      return emit(st, scope, opn, NPY_I8, 2, dTE, st->slot[i], err);
    case CTRL_OP_REUSE_LOAD: {
      int src = st->s->source[i];
      if (src < 0 || src >= VIT_MAX_DEPTH || !st->slot[src])
        return trex_errf(err, "enc%02d.reuse_load: encoder %d never stored its attention output",
                         i, src);
      /* the rows of the slot whose tokens are alive here, in this encoder's
       * order (both id lists ascend; this one is a subset of the slot's) */
      size_t Ts = (size_t)st->slot_T[src];
      for (size_t n = 0; n < N; n++) {
        const int *alive = st->ids + n * T, *have = st->slot_ids[src] + n * Ts;
        size_t q = 0;
        for (size_t r = 0; r < T; r++) {
          while (q < Ts && have[q] != alive[r]) q++;
          if (q == Ts)
            return trex_errf(err, "enc%02d.reuse_load: token %d is not in encoder %d's slot", i,
                             alive[r], src);
          memcpy(st->rl + n * TE + r * E, st->slot[src] + (n * Ts + q) * E, E);
        }
      }
      return emit(st, scope, opn, NPY_I8, 2, dTE, st->rl, err);
    }
    case CTRL_OP_TB_LN:
    case CTRL_OP_TB_FC1:
    case CTRL_OP_TB_GELU:
    case CTRL_OP_TB_FC2: {
      if (!tb) return trex_errf(err, "%s: issued in an encoder that does not reuse", layer);
      int64_t dTH[] = {st->T, st->th1};
      if (rec->op == CTRL_OP_TB_LN) {
        run_ln(st, st->rl, N * T, &tb->ln, st->lnb);
        return emit(st, scope, opn, NPY_I8, 2, dTE, st->lnb, err);
      }
      if (rec->op == CTRL_OP_TB_FC1) {
        run_lin(st, &st->net->tb_fc1[st->tb], &tb->fc1, tblayer, st->lnb, T, st->tf1, NULL);
        return emit(st, scope, opn, NPY_I8, 2, dTH, st->tf1, err);
      }
      if (rec->op == CTRL_OP_TB_GELU) {
        enc_gelu_row(st->tf1, N * T * (size_t)st->th1, tb->gelu_lut, st->tg);
        st->attn = st->tg;
        return emit(st, scope, opn, NPY_I8, 2, dTH, st->tg, err);
      }
      if (m->vm.tb_layers != 2) return trex_errf(err, "%s: issued with one TB layer", layer);
      run_lin(st, &st->net->tb_fc2[st->tb], &tb->fc2, tblayer, st->tg, T, st->tf2, NULL);
      st->attn = st->tf2;
      return emit(st, scope, opn, NPY_I8, 2, dTE, st->tf2, err);
    }
    case CTRL_OP_RESIDUAL1:
      if (!st->attn) return trex_errf(err, "%s: no attention output in this encoder", layer);
      run_add(st, layer, st->x, st->attn, N * TE, &me->res1, st->h);
      return emit(st, scope, opn, NPY_I8, 2, dTE, st->h, err);
    case CTRL_OP_LN2:
      run_ln(st, st->h, N * T, &me->ln2, st->lnb);
      return emit(st, scope, opn, NPY_I8, 2, dTE, st->lnb, err);
    case CTRL_OP_FC1: {
      run_lin(st, &nm->fc1, &me->fc1, layer, st->lnb, T, st->f1, NULL);
      int64_t dims[] = {st->T, st->M};
      return emit(st, scope, opn, NPY_I8, 2, dims, st->f1, err);
    }
    case CTRL_OP_GELU: {
      enc_gelu_row(st->f1, N * T * (size_t)st->M, me->gelu_lut, st->g);
      int64_t dims[] = {st->T, st->M};
      return emit(st, scope, opn, NPY_I8, 2, dims, st->g, err);
    }
    case CTRL_OP_FC2:
      run_lin(st, &nm->fc2, &me->fc2, layer, st->g, T, st->f2, NULL);
      return emit(st, scope, opn, NPY_I8, 2, dTE, st->f2, err);
    case CTRL_OP_RESIDUAL2: {
      run_add(st, layer, st->h, st->f2, N * TE, &me->res2, st->y);
      int8_t *t = st->x; /* the output is the next encoder's input */
      st->x = st->y;
      st->y = t;
      return emit(st, scope, opn, NPY_I8, 2, dTE, st->x, err);
    }
    case CTRL_OP_PRUNE: {
      /* keep the class token and the Tn-1 tokens the class token attends to
       * most: score_r = sum over heads of encoder i's softmax P[h][0][r],
       * largest first, ties to the lower row; kept rows in ascending order */
      if (st->s->reused[i]) return trex_errf(err, "%s: pruning after a reusing encoder", layer);
      size_t Tn = (size_t)rec->m;
      for (size_t n = 0; n < N; n++) {
        for (size_t r = 0; r < T; r++) {
          int32_t sc = 0;
          for (size_t h = 0; h < H; h++) sc += st->pr[((n * H + h) * T + 0) * T + r];
          st->score[r] = sc;
          st->order[r] = (int)r;
        }
        /* stable selection of rows 1..T-1 by (-score, row): insertion sort
         * of the first Tn-1 (T is small; the rule, not speed, matters) */
        for (size_t a = 1; a < Tn; a++) {
          size_t best = a;
          for (size_t b = a + 1; b < T; b++) {
            int ob = st->order[b], oa = st->order[best];
            if (st->score[ob] > st->score[oa] || (st->score[ob] == st->score[oa] && ob < oa))
              best = b;
          }
          int tmp = st->order[a];
          st->order[a] = st->order[best];
          st->order[best] = tmp;
        }
        /* rows order[0..Tn) (order[0] = 0), written in ascending row order */
        unsigned char keep[VIT_MAX_DIM + 1];
        memset(keep, 0, T);
        for (size_t a = 0; a < Tn; a++) keep[st->order[a]] = 1;
        size_t o = 0;
        for (size_t r = 0; r < T; r++)
          if (keep[r]) {
            memcpy(st->y + (n * Tn + o) * E, st->x + n * TE + r * E, E);
            st->ids2[n * Tn + o] = st->ids[n * T + r];
            o++;
          }
      }
      int8_t *t = st->x;
      st->x = st->y;
      st->y = t;
      int *ti = st->ids;
      st->ids = st->ids2;
      st->ids2 = ti;
      st->T = (int)Tn;
      int64_t dn[] = {st->T, st->E};
      return emit(st, scope, opn, NPY_I8, 2, dn, st->x, err);
    }
    default: break;
  }
  return trex_errf(err, "schedule: unknown op %d", (int)rec->op);
}

int enc_net_run(enc_net *net, const ctrl_schedule *s, const int8_t *images, size_t N,
                const enc_sink *sink, const enc_calib *cal, int32_t *logits, trex_err *err) {
  model_int *m = net->m;
  state st;
  memset(&st, 0, sizeof st);
  st.net = net;
  st.m = m;
  st.s = s;
  st.sink = sink;
  st.cal = cal;
  st.images = images;
  st.N = N;
  st.T = m->vm.tokens;
  st.E = m->vm.embedding;
  st.H = m->vm.heads;
  st.d = vit_model_head_dim(&m->vm);
  st.M = m->vm.mlp;
  st.th1 = m->vm.tb_layers == 2 ? m->vm.tb_hidden : m->vm.embedding;
  st.K = m->vm.classes;
  st.cur_enc = -1;
  st.tb = -1;
  if (s->model.tokens != m->vm.tokens || s->model.embedding != m->vm.embedding ||
      s->model.heads != m->vm.heads || s->model.mlp != m->vm.mlp ||
      s->model.depth != m->vm.depth || s->model.tb_hidden != m->vm.tb_hidden ||
      s->model.tb_layers != m->vm.tb_layers || s->model.patch_dim != m->vm.patch_dim ||
      s->model.classes != m->vm.classes)
    return trex_errf(err, "schedule: built for another model than '%s'", m->name);
  int rc = state_alloc(&st, err);
  /* the controller's stream, the model-level ops included (patch_embed and
   * pos_embed before encoder 0, final_ln and head after the last) */
  for (size_t k = 0; !rc && k < s->n_ops; k++) rc = exec_op(&st, &s->ops[k], err);
  if (!rc && logits) memcpy(logits, st.logits, N * (size_t)st.K * sizeof *logits);
  state_free(&st);
  return rc ? -1 : 0;
}
