#define _POSIX_C_SOURCE 200809L
#include "enc_gen.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctrl_chip.h"
#include "enc_net.h"
#include "enc_ops.h"
#include "trex_json.h"
#include "trex_rng.h"

/* ---- shapes ------------------------------------------------------------- */

static const enc_shape builtin[] = {
    /* name    C  H  W  p    E   Hd   M  D  Th L  K   in range    scale */
    {"tiny", 1, 4, 4, 2, 16, 2, 32, 3, 4, 2, 4, -64, 63, 1.0 / 32},
    {"digits", 1, 8, 8, 2, 64, 4, 128, 6, 16, 2, 10, 0, 16, 1.0 / 16},
    {"odd", 3, 6, 4, 2, 39, 3, 70, 4, 9, 2, 7, -128, 127, 1.0 / 64},
    {"wide", 1, 8, 8, 4, 130, 1, 200, 2, 32, 1, 3, -100, 100, 1.0 / 50},
    {"long", 1, 9, 9, 1, 24, 2, 48, 3, 6, 2, 5, -128, 127, 1.0 / 64},
};
#define N_BUILTIN (sizeof builtin / sizeof builtin[0])

const char *const *enc_shape_names(void) {
  static const char *names[N_BUILTIN + 1];
  for (size_t k = 0; k < N_BUILTIN; k++) names[k] = builtin[k].name;
  names[N_BUILTIN] = NULL;
  return names;
}

int enc_shape_builtin(const char *name, enc_shape *s, trex_err *err) {
  for (size_t k = 0; k < N_BUILTIN; k++)
    if (!strcmp(builtin[k].name, name)) {
      *s = builtin[k];
      return 0;
    }
  return trex_errf(err, "unknown shape '%s' (tiny, digits, odd, wide, long, or a JSON file)",
                   name);
}

static const char *const shape_keys[] = {
    "name", "channels", "height", "width", "patch", "embedding", "heads", "mlp", "depth",
    "tb_hidden", "tb_layers", "classes", "input_min", "input_max", "input_scale", NULL};

int enc_shape_load(const char *path, enc_shape *s, trex_err *err) {
  memset(s, 0, sizeof *s);
  cJSON *root = trex_json_load(path, err);
  if (!root) return -1;
  int rc = -1;
  const char *nm;
  int64_t v;
  if (trex_json_str(root, "name", path, false, "shape", &nm, err)) goto out;
  snprintf(s->name, sizeof s->name, "%s", nm);
  struct {
    const char *key;
    int *f;
    int req;
    int64_t lo, hi;
  } k[] = {{"channels", &s->channels, 1, 1, VIT_MAX_DIM},
           {"height", &s->height, 1, 1, VIT_MAX_DIM},
           {"width", &s->width, 1, 1, VIT_MAX_DIM},
           {"patch", &s->patch, 1, 1, VIT_MAX_DIM},
           {"embedding", &s->embedding, 1, 1, VIT_MAX_DIM},
           {"heads", &s->heads, 1, 1, VIT_MAX_DIM},
           {"mlp", &s->mlp, 1, 1, VIT_MAX_DIM},
           {"depth", &s->depth, 1, 1, VIT_MAX_DEPTH},
           {"tb_hidden", &s->tb_hidden, 0, 1, VIT_MAX_DIM},
           {"tb_layers", &s->tb_layers, 0, 1, 2},
           {"classes", &s->classes, 1, 1, VIT_MAX_DIM},
           {"input_min", &s->in_min, 1, -128, 127},
           {"input_max", &s->in_max, 1, -128, 127}};
  for (size_t j = 0; j < sizeof k / sizeof k[0]; j++) {
    if (trex_json_int(root, k[j].key, path, k[j].req, 0, k[j].lo, k[j].hi, &v, err)) goto out;
    *k[j].f = (int)v;
  }
  if (trex_json_num(root, "input_scale", path, false, 0, 1e-300, 1e300, &s->input_scale, err))
    goto out;
  if (!s->tb_hidden) s->tb_hidden = s->embedding / 4 > 1 ? s->embedding / 4 : 1;
  if (!s->tb_layers) s->tb_layers = 2;
  trex_json_warn_unknown(root, path, "", shape_keys);
  rc = 0;
out:
  cJSON_Delete(root);
  return rc;
}

int enc_shape_resolve(const char *name_or_file, enc_shape *s, trex_err *err) {
  for (size_t k = 0; k < N_BUILTIN; k++)
    if (!strcmp(builtin[k].name, name_or_file)) return enc_shape_builtin(name_or_file, s, err);
  FILE *fp = fopen(name_or_file, "r");
  if (!fp) return enc_shape_builtin(name_or_file, s, err);
  fclose(fp);
  return enc_shape_load(name_or_file, s, err);
}


/* ---- random draws ------------------------------------------------------- */

static int8_t rnd8(trex_rng *r, double sigma) {
  return enc_sat8((int64_t)llround(sigma * trex_rng_gauss(r)));
}

static double gelu(double x) { return 0.5 * x * (1.0 + erf(x / sqrt(2.0))); }

/* The calibration of one layer: requantisation with a multiplier M in
 * [2^30, 2^31) (or the largest shift) so that the output's RMS is the
 * target. */
static void pick_rq(double rms, int32_t *M, int *s) {
  double f = rms > 0 ? ENC_GEN_TARGET_RMS / rms : 1.0;
  int sh = (int)floor(log2((double)INT32_MAX / f));
  if (sh > ENC_S_MAX) sh = ENC_S_MAX;
  if (sh < 0) sh = 0;
  double mv = nearbyint(ldexp(f, sh));
  while (mv > INT32_MAX && sh > 0) mv = nearbyint(ldexp(f, --sh));
  *M = (int32_t)(mv > INT32_MAX ? INT32_MAX : mv);
  *s = sh;
}

/* Fills everything but the calibrated parameters. */
static int draw(const enc_shape *sh, trex_rng *r, model_int *m, trex_err *err) {
  memset(m, 0, sizeof *m);
  snprintf(m->name, sizeof m->name, "%s", sh->name);
  vit_model *vm = &m->vm;
  snprintf(vm->name, sizeof vm->name, "%s", sh->name);
  m->channels = sh->channels;
  m->height = sh->height;
  m->width = sh->width;
  m->patch = sh->patch;
  m->in_min = sh->in_min;
  m->in_max = sh->in_max;
  m->input_scale = sh->input_scale;
  m->ln_eps = 1e-5;
  if (m->patch < 1 || m->height % m->patch || m->width % m->patch)
    return trex_errf(err, "shape %s: key 'patch': %d does not divide height %d and width %d",
                     sh->name, m->patch, m->height, m->width);
  if (sh->in_min > sh->in_max)
    return trex_errf(err, "shape %s: key 'input_max': below input_min", sh->name);
  vm->tokens = model_tokens_of_image(m);
  vm->embedding = sh->embedding;
  vm->heads = sh->heads;
  vm->mlp = sh->mlp;
  vm->depth = sh->depth;
  vm->tb_hidden = sh->tb_hidden;
  vm->tb_layers = sh->tb_layers;
  if (vit_model_check(vm, sh->name, err)) return -1;
  m->vm.patch_dim = sh->channels * sh->patch * sh->patch;
  m->vm.classes = sh->classes;
  if (m->vm.patch_dim > VIT_MAX_DIM)
    return trex_errf(err, "shape %s: patch_dim %d is above %d", sh->name, m->vm.patch_dim,
                     VIT_MAX_DIM);
  int D = vm->depth;
  m->n_tb = D * (D - 1) / 2;
  m->tb = calloc((size_t)(m->n_tb ? m->n_tb : 1), sizeof *m->tb);
  if (!m->tb) return trex_errf(err, "out of memory");
  int t = 0;
  for (int i = 1; i < D; i++)
    for (int j = 0; j < i; j++, t++) {
      m->tb[t].enc = i;
      m->tb[t].src = j;
    }
  if (model_alloc_tensors(m, err)) return -1;
  model_layer *L;
  long nl = model_layers(m, &L);
  if (nl < 0) return trex_errf(err, "out of memory");
  int E = vm->embedding;
  double S = ENC_GEN_ACT_SCALE;
  /* LayerNorm: gamma ~ 1 + 0.1 N, beta ~ 0.1 N, output scale S, shift 24 */
  const int ln_s = 24;
  int64_t eps_q = llround(m->ln_eps * (double)E * E / (S * S));
  if (eps_q < 1) eps_q = 1;
  for (long k = 0; k < nl; k++) {
    switch (L[k].kind) {
      case MODEL_L_LIN:
      case MODEL_L_HEAD: {
        model_lin *l = L[k].p;
        for (size_t e = 0; e < (size_t)l->k * l->n; e++) l->w[e] = rnd8(r, 40.0);
        l->rq.M = 1 << 30; /* placeholders until calibrated */
        l->rq.s = 30;
        break;
      }
      case MODEL_L_RQ:
        ((model_rq *)L[k].p)->M = 1 << 30;
        ((model_rq *)L[k].p)->s = 30;
        break;
      case MODEL_L_LN: {
        model_ln *l = L[k].p;
        l->eps_q = eps_q;
        l->s = ln_s;
        for (int e = 0; e < E; e++) {
          double g = 1.0 + 0.1 * trex_rng_gauss(r), b = 0.1 * trex_rng_gauss(r);
          l->g[e] = (int32_t)llround(g / S * ldexp(1.0, ln_s - 16));
          l->b[e] = (int32_t)llround(b / S * ldexp(1.0, ln_s));
        }
        break;
      }
      case MODEL_L_ADD:
      case MODEL_L_POS: {
        model_addp *a = L[k].p;
        a->Ma = a->Mb = 1 << 29;
        a->s = 30;
        if (L[k].kind == MODEL_L_POS) {
          for (int e = 0; e < E; e++) m->cls[e] = rnd8(r, 32.0);
          for (size_t e = 0; e < (size_t)vm->tokens * E; e++) m->pos_t[e] = rnd8(r, 32.0);
        }
        break;
      }
      case MODEL_L_EXP: { /* score scale S: LUT_exp[i] = round(65536 exp(-i S)) */
        int32_t *lut = *(int32_t **)L[k].p;
        for (int i = 0; i < 256; i++) lut[i] = (int32_t)llround(65536.0 * exp(-i * S));
        break;
      }
      case MODEL_L_GELU: { /* input and output scale S */
        int8_t *lut = *(int8_t **)L[k].p;
        for (int v = -128; v < 128; v++) lut[v + 128] = enc_sat8(llround(gelu(v * S) / S));
        break;
      }
    }
  }
  free(L);
  return 0;
}

/* ---- calibration -------------------------------------------------------- */

typedef struct {
  trex_rng *r;
  char (*done)[24];
  size_t n, cap;
} calib;

static int seen(calib *c, const char *layer) {
  for (size_t k = 0; k < c->n; k++)
    if (!strcmp(c->done[k], layer)) return 1;
  if (c->n == c->cap) {
    size_t cap = c->cap ? 2 * c->cap : 256;
    void *nd = realloc(c->done, cap * sizeof *c->done);
    if (!nd) return 1; /* out of memory: leave the layer as it is */
    c->done = nd;
    c->cap = cap;
  }
  snprintf(c->done[c->n++], sizeof c->done[0], "%s", layer);
  return 0;
}

/* RMS of acc[k] + bias[k % n] over cnt values (bias may be NULL). */
static double rms_of(const int64_t *acc, size_t cnt, const int32_t *bias, int n) {
  double ss = 0;
  for (size_t k = 0; k < cnt; k++) {
    double v = (double)acc[k] + (bias ? bias[k % (size_t)n] : 0);
    ss += v * v;
  }
  return cnt ? sqrt(ss / (double)cnt) : 0;
}

static void cal_lin(void *ctx, const char *layer, const int64_t *acc, size_t rows, int n,
                    int32_t *bias, model_rq *rq) {
  calib *c = ctx;
  if (seen(c, layer)) return;
  size_t cnt = rows * (size_t)n;
  double rms = rms_of(acc, cnt, NULL, n);
  if (bias) { /* bias ~ 0.2 * RMS * N(0, 1), then the RMS with it */
    for (int j = 0; j < n; j++) bias[j] = (int32_t)llround(0.2 * rms * trex_rng_gauss(c->r));
    rms = rms_of(acc, cnt, bias, n);
  }
  if (rq) pick_rq(rms, &rq->M, &rq->s);
}

static void cal_add(void *ctx, const char *layer, const int8_t *a, const int8_t *b,
                    size_t count, model_addp *p) {
  calib *c = ctx;
  if (seen(c, layer)) return;
  double ss = 0;
  for (size_t k = 0; k < count; k++) {
    double v = (double)a[k] + b[k];
    ss += v * v;
  }
  int32_t M;
  int s;
  pick_rq(count ? sqrt(ss / (double)count) : 0, &M, &s);
  p->Ma = p->Mb = M; /* both operands at the same nominal scale */
  p->s = s;
}

static int8_t *random_images(const model_int *m, uint64_t seed, size_t n) {
  size_t per = (size_t)m->channels * m->height * m->width;
  int8_t *img = malloc(n * per);
  if (!img) return NULL;
  trex_rng r;
  trex_rng_seed(&r, seed);
  for (size_t k = 0; k < n * per; k++) img[k] = (int8_t)trex_rng_range(&r, m->in_min, m->in_max);
  return img;
}

static int run_list(enc_net *net, model_int *m, const ctrl_chip *c, const char *reuse,
                    const int8_t *img, size_t n, const enc_sink *sink, const enc_calib *cal,
                    trex_err *err) {
  ctrl_reuse r;
  ctrl_schedule s;
  if (ctrl_reuse_parse(reuse, &r, err)) return -1;
  if (ctrl_schedule_build(&m->vm, c, &r, &s, err)) {
    ctrl_schedule_free(&s);
    return -1;
  }
  int rc = model_check_reuse(m, &s, m->name, err);
  if (!rc) rc = enc_net_run(net, &s, img, n, sink, cal, NULL, err);
  ctrl_schedule_free(&s);
  return rc;
}

int enc_gen(const enc_shape *sh, uint64_t seed, model_int *m, trex_err *err) {
  trex_rng r;
  trex_rng_seed(&r, seed);
  if (draw(sh, &r, m, err)) {
    model_free(m);
    return -1;
  }
  ctrl_chip c = ctrl_chip_default(); /* for the op stream only */
  enc_net net;
  if (enc_net_init(&net, m, NULL, NULL, err)) {
    model_free(m);
    return -1;
  }
  int8_t *img = random_images(m, seed ^ 0xca11b7a7e5ULL, ENC_GEN_CAL_IMAGES);
  calib cb = {&r, NULL, 0, 0};
  enc_calib cal = {&cb, cal_lin, cal_add};
  int rc = img ? 0 : trex_errf(err, "out of memory");
  /* the baseline calibrates every layer but the TBs; then one run per pair
   * (encoder i reusing j alone) calibrates TB (i, j) on its own input */
  if (!rc) rc = run_list(&net, m, &c, "", img, ENC_GEN_CAL_IMAGES, NULL, &cal, err);
  for (int t = 0; !rc && t < m->n_tb; t++) {
    char list[32];
    snprintf(list, sizeof list, "%d:%d", m->tb[t].enc, m->tb[t].src);
    rc = run_list(&net, m, &c, list, img, ENC_GEN_CAL_IMAGES, NULL, &cal, err);
  }
  free(img);
  free(cb.done);
  enc_net_free(&net);
  if (rc) model_free(m);
  return rc;
}

/* ---- statistics ---------------------------------------------------------- */

typedef struct {
  enc_gen_stat *v;
  int n, max;
} stats;

static int stat_op(void *ctx, const char *scope, const char *op, npy_dtype dt, int ndim,
                   const int64_t *shape, const void *data, trex_err *err) {
  stats *st = ctx;
  if (dt != NPY_I8) return 0;
  size_t cnt = 1;
  for (int k = 0; k < ndim; k++) cnt *= (size_t)shape[k];
  int row = -1;
  for (int k = 0; k < st->n; k++)
    if (!strcmp(st->v[k].op, op)) row = k;
  if (row < 0) {
    if (st->n == st->max) return 0;
    row = st->n++;
    memset(&st->v[row], 0, sizeof st->v[row]);
    snprintf(st->v[row].op, sizeof st->v[row].op, "%s%s", !strcmp(scope, "model") ? "model." : "", op);
  }
  const int8_t *p = data;
  enc_gen_stat *s = &st->v[row];
  int softmax = !strcmp(op, "softmax");
  for (size_t k = 0; k < cnt; k++) {
    s->elems++;
    s->zero += p[k] == 0;
    s->sat += p[k] == 127 || (!softmax && p[k] == -128);
  }
  return 0;
}

int enc_gen_measure(model_int *m, uint64_t seed, size_t images, const char *reuse,
                    enc_gen_stat *out, int max, trex_err *err) {
  ctrl_chip c = ctrl_chip_default(); /* for the op stream only */
  enc_net net;
  if (enc_net_init(&net, m, NULL, NULL, err)) return -1;
  int8_t *img = random_images(m, seed, images);
  stats st = {out, 0, max};
  enc_sink sink = {&st, stat_op};
  int rc = img ? run_list(&net, m, &c, reuse, img, images, &sink, NULL, err)
               : trex_errf(err, "out of memory");
  free(img);
  enc_net_free(&net);
  return rc ? -1 : st.n;
}
