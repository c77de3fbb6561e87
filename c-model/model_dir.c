#define _POSIX_C_SOURCE 200809L
#include "model_dir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  model_layer *v;
  long n, cap;
} layer_list;

static int push(layer_list *l, const char *name, model_kind kind, void *p) {
  if (l->n == l->cap) {
    long cap = l->cap ? 2 * l->cap : 64;
    model_layer *nv = realloc(l->v, (size_t)cap * sizeof *nv);
    if (!nv) return -1;
    l->v = nv;
    l->cap = cap;
  }
  model_layer *e = &l->v[l->n++];
  /* names are this file's, "enc%02d.tb%02d.tb_gelu" at most (18 chars) */
  int w = snprintf(e->name, sizeof e->name, "%s", name);
  if (w < 0 || (size_t)w >= sizeof e->name) return -1;
  e->kind = kind;
  e->p = p;
  return 0;
}

/* Layer shapes follow from the dimensions: sets k and n of every linear. */
static void set_shapes(model_int *m) {
  int E = m->vm.embedding, Mw = m->vm.mlp, Th = m->vm.tb_hidden;
  int th1 = m->vm.tb_layers == 2 ? Th : E;
#define SHAPE(l, kk, nn) ((l).k = (kk), (l).n = (nn))
  SHAPE(m->patch_embed, m->vm.patch_dim, E);
  SHAPE(m->head, E, m->vm.classes);
  for (int i = 0; i < m->vm.depth; i++) {
    model_enc *e = &m->enc[i];
    SHAPE(e->q, E, E);
    SHAPE(e->k, E, E);
    SHAPE(e->v, E, E);
    SHAPE(e->o, E, E);
    SHAPE(e->fc1, E, Mw);
    SHAPE(e->fc2, Mw, E);
    const int sa = vit_model_attn_owner(&m->vm, i) != i, sm = vit_model_mlp_owner(&m->vm, i) != i;
    e->q.shared = e->k.shared = e->v.shared = e->o.shared = sa;
    e->fc1.shared = e->fc2.shared = sm;
  }
  for (int t = 0; t < m->n_tb; t++) {
    SHAPE(m->tb[t].fc1, E, th1);
    SHAPE(m->tb[t].fc2, Th, E);
  }
#undef SHAPE
}

long model_layers(model_int *m, model_layer **out) {
  set_shapes(m);
  layer_list l = {0};
  char nm[64];
  int bad = 0;
#define PUSH(kind, p, ...)                                   \
  do {                                                       \
    snprintf(nm, sizeof nm, __VA_ARGS__);                    \
    bad |= push(&l, nm, kind, p);                            \
  } while (0)
  PUSH(MODEL_L_LIN, &m->patch_embed, "model.patch_embed");
  PUSH(MODEL_L_POS, &m->pos, "model.pos_embed");
  for (int i = 0; i < m->vm.depth; i++) {
    model_enc *e = &m->enc[i];
    PUSH(MODEL_L_LN, &e->ln1, "enc%02d.ln1", i);
    PUSH(MODEL_L_LIN, &e->q, "enc%02d.q_proj", i);
    PUSH(MODEL_L_LIN, &e->k, "enc%02d.k_proj", i);
    PUSH(MODEL_L_LIN, &e->v, "enc%02d.v_proj", i);
    PUSH(MODEL_L_RQ, &e->qk, "enc%02d.qk", i);
    PUSH(MODEL_L_EXP, &e->exp_lut, "enc%02d.softmax", i);
    PUSH(MODEL_L_RQ, &e->sv, "enc%02d.sv", i);
    PUSH(MODEL_L_LIN, &e->o, "enc%02d.out_proj", i);
    PUSH(MODEL_L_ADD, &e->res1, "enc%02d.residual1", i);
    PUSH(MODEL_L_LN, &e->ln2, "enc%02d.ln2", i);
    PUSH(MODEL_L_LIN, &e->fc1, "enc%02d.fc1", i);
    PUSH(MODEL_L_GELU, &e->gelu_lut, "enc%02d.gelu", i);
    PUSH(MODEL_L_LIN, &e->fc2, "enc%02d.fc2", i);
    PUSH(MODEL_L_ADD, &e->res2, "enc%02d.residual2", i);
  }
  for (int t = 0; t < m->n_tb; t++) {
    model_tb *b = &m->tb[t];
    PUSH(MODEL_L_LN, &b->ln, "enc%02d.tb%02d.tb_ln", b->enc, b->src);
    PUSH(MODEL_L_LIN, &b->fc1, "enc%02d.tb%02d.tb_fc1", b->enc, b->src);
    PUSH(MODEL_L_GELU, &b->gelu_lut, "enc%02d.tb%02d.tb_gelu", b->enc, b->src);
    if (m->vm.tb_layers == 2) PUSH(MODEL_L_LIN, &b->fc2, "enc%02d.tb%02d.tb_fc2", b->enc, b->src);
  }
  PUSH(MODEL_L_LN, &m->final_ln, "model.final_ln");
  PUSH(MODEL_L_HEAD, &m->head, "model.head");
#undef PUSH
  if (bad) {
    free(l.v);
    return -1;
  }
  *out = l.v;
  return l.n;
}

int model_layer_tensors(model_int *m, const model_layer *L, model_tensor t[2]) {
  int64_t E = m->vm.embedding, T = m->vm.tokens;
#define TENSOR(k, nm, dt, nd, d0, d1, field) \
  (t[k] = (model_tensor){nm, dt, nd, {d0, d1}, (void **)(field)})
  switch (L->kind) {
    case MODEL_L_LIN:
    case MODEL_L_HEAD: {
      model_lin *l = L->p;
      if (l->shared) { /* the owner's w: not a tensor of this layer */
        TENSOR(0, "b", 4, 1, l->n, 0, &l->b);
        return 1;
      }
      TENSOR(0, "w", 1, 2, l->k, l->n, &l->w);
      TENSOR(1, "b", 4, 1, l->n, 0, &l->b);
      return 2;
    }
    case MODEL_L_LN: {
      model_ln *l = L->p;
      TENSOR(0, "g", 4, 1, E, 0, &l->g);
      TENSOR(1, "b", 4, 1, E, 0, &l->b);
      return 2;
    }
    case MODEL_L_POS:
      TENSOR(0, "cls", 1, 1, E, 0, &m->cls);
      TENSOR(1, "pos", 1, 2, T, E, &m->pos_t);
      return 2;
    case MODEL_L_EXP: TENSOR(0, "lut", 4, 1, 256, 0, L->p); return 1;
    case MODEL_L_GELU: TENSOR(0, "lut", 1, 1, 256, 0, L->p); return 1;
    case MODEL_L_RQ:
    case MODEL_L_ADD: return 0;
  }
#undef TENSOR
  return 0;
}

int model_tensors_each(model_int *m, const model_layer *L, long nl, const char *dir,
                       model_tensor_fn fn, void *ctx, trex_err *err) {
  int rc = 0;
  for (long k = 0; k < nl && !rc; k++) {
    model_tensor t[2];
    int nt = model_layer_tensors(m, &L[k], t);
    for (int j = 0; j < nt && !rc; j++) {
      char path[4600];
      if (dir) rc = model_tensor_path(dir, &L[k], &t[j], path, sizeof path, err);
      if (!rc) rc = fn(&L[k], &t[j], dir ? path : NULL, ctx, err);
    }
  }
  return rc;
}

static int alloc_one(const model_layer *L, model_tensor *t, const char *path, void *ctx,
                     trex_err *err) {
  size_t n = (size_t)t->shape[0] * (size_t)(t->ndim == 2 ? t->shape[1] : 1);
  return !(*t->data = calloc(n, (size_t)t->dtype));
}

int model_alloc_tensors(model_int *m, trex_err *err) {
  model_layer *L;
  long nl = model_layers(m, &L);
  if (nl < 0) return trex_errf(err, "out of memory");
  int bad = model_tensors_each(m, L, nl, NULL, alloc_one, NULL, err);
  free(L);
  return bad ? trex_errf(err, "out of memory for the model's tensors") : 0;
}

static int free_one(const model_layer *L, model_tensor *t, const char *path, void *ctx,
                    trex_err *err) {
  free(*t->data);
  return 0;
}

void model_free(model_int *m) {
  model_layer *L;
  long nl = model_layers(m, &L);
  if (nl >= 0) {
    model_tensors_each(m, L, nl, NULL, free_one, NULL, NULL);
    free(L);
  }
  free(m->tb);
  memset(m, 0, sizeof *m);
}

int model_tb_index(const model_int *m, int enc, int src) {
  for (int t = 0; t < m->n_tb; t++)
    if (m->tb[t].enc == enc && m->tb[t].src == src) return t;
  return -1;
}

int model_check_reuse(const model_int *m, const ctrl_schedule *s, const char *where,
                      trex_err *err) {
  for (int i = 0; i < m->vm.depth; i++) {
    if (!s->reused[i] || model_tb_index(m, i, s->source[i]) >= 0) continue;
    char allowed[512];
    size_t o = 0;
    allowed[0] = '\0';
    for (int t = 0; t < m->n_tb && o + 16 < sizeof allowed; t++)
      o += (size_t)snprintf(allowed + o, sizeof allowed - o, "%s%d:%d", t ? " " : "",
                            m->tb[t].enc, m->tb[t].src);
    return trex_errf(err,
                     "%s: key 'reuse_pairs': encoder %d reusing encoder %d is not allowed "
                     "by this model (allowed: %s)",
                     where, i, s->source[i], m->n_tb ? allowed : "none");
  }
  return 0;
}

int model_chip_load(const char *file, ctrl_chip *c, trex_err *err) {
  int given = file && file[0];
  *c = ctrl_chip_default();
  if (given && ctrl_chip_load(file, c, err)) return -1;
  return model_check_tile(&c->tile, given ? file : "default chip", err);
}

int model_check_tile(const xbar_cfg *t, const char *where, trex_err *err) {
  if (t->w_bits != 8 || t->x_bits != 8 || !t->x_signed)
    return trex_errf(err,
                     "%s: key 'tile': w_bits %d, x_bits %d, x_signed %s: the integer "
                     "encoder needs w_bits 8, x_bits 8 and x_signed true",
                     where, t->w_bits, t->x_bits, t->x_signed ? "true" : "false");
  return 0;
}

int model_tokens_of_image(const model_int *m) {
  return 1 + (m->height / m->patch) * (m->width / m->patch);
}

int model_tensor_path(const char *dir, const model_layer *L, const model_tensor *t, char *buf,
                      size_t n, trex_err *err) {
  int w = snprintf(buf, n, "%s%s%s.%s.npy", dir, *dir ? "/" : "", L->name, t->name);
  if (w < 0 || (size_t)w >= n) return trex_errf(err, "%s: path too long", dir);
  return 0;
}
