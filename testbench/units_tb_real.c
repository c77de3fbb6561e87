/* units_tb_real: jobs from real activations -- the op-by-op dump of
 * `trex infer --dump` (docs/encoder-int.md, section 9) and the model
 * directory it was made from (section 7). For every op of the dump that
 * the unit computes, the op's input is the dumped output of the op that
 * produced it (sections 3 and 5), its parameters come from the model, and
 * the expected output (from the golden C functions) is checked against the
 * dumped tensor. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "ctrl_chip.h"
#include "enc_linear.h"
#include "enc_ops.h"
#include "model_dir.h"
#include "npy.h"
#include "trex_json.h"
#include "units_tb.h"

typedef struct {
  char name[64]; /* "enc01.softmax" */
  npy_array a;
} rtensor;

typedef struct {
  const ucfg *c;
  ujobs *js;
  model_int m;
  ctrl_chip chip;
  rtensor *t;
  int nt;
  int src[VIT_MAX_DEPTH]; /* resolved reuse source, -1: computing */
  long max_rows;
  long golden_errors;
  trex_rng r;
} rctx;

static const npy_array *tensor(const rctx *x, const char *scope, const char *op) {
  char nm[64];
  snprintf(nm, sizeof nm, "%.15s.%.31s", scope, op);
  for (int k = 0; k < x->nt; k++)
    if (!strcmp(x->t[k].name, nm)) return &x->t[k].a;
  return NULL;
}

static const npy_array *need(const rctx *x, const char *scope, const char *op) {
  const npy_array *a = tensor(x, scope, op);
  if (!a) fprintf(stderr, "units_tb: dump has no %s.%s (the input of a checked op)\n", scope, op);
  return a;
}

/* the rows of an op to check: all, or max_rows spread evenly */
static long stride_of(const rctx *x, long rows) {
  if (x->max_rows <= 0 || rows <= x->max_rows) return 1;
  return (rows + x->max_rows - 1) / x->max_rows;
}

/* expected = golden; the nd dumped values must agree with it (element-wise
 * jobs: the lanes past nd pad the last beat and are not in the dump) */
static int finish(rctx *x, ujob *j, const void *dumped, int nd, npy_dtype dt) {
  ut_golden(x->c, x->js, j);
  for (int e = 0; e < nd; e++) {
    int64_t d = dt == NPY_I8 ? ((const int8_t *)dumped)[e] : ((const int32_t *)dumped)[e];
    if (d != j->y[e]) {
      if (x->golden_errors++ < 5)
        fprintf(stderr,
                "GOLDEN MISMATCH %s element %d: the golden function gives %d, the dump holds %lld "
                "(golden model and trex infer disagree, or the dump is of another model/chip)\n",
                j->label, e, j->y[e], (long long)d);
    }
  }
  if (ut_jobs_add(x->js, j)) {
    ut_job_free(j);
    return -1;
  }
  return 0;
}

static void fill_tail(rctx *x, ujob *j) {
  int E = ut_beats(x->c, j) * x->c->lanes;
  for (int e = j->n; e < E; e++) {
    j->x[e] = (int8_t)trex_rng_range(&x->r, -128, 127);
    if (j->g) j->g[e] = (int32_t)trex_rng_next(&x->r);
    if (j->B) j->B[e] = (int32_t)trex_rng_next(&x->r);
  }
}

/* ---- per unit ----------------------------------------------------------------- */

static int do_softmax(rctx *x, int enc, const char *scope) {
  const npy_array *in = need(x, scope, "qk"), *out = need(x, scope, "softmax");
  if (!in || !out) return -1;
  int lut = ut_exp_add(x->js, x->m.enc[enc].exp_lut);
  if (lut < 0) return -1;
  int N = (int)in->shape[0], H = (int)in->shape[1], T = (int)in->shape[2];
  long rows = (long)N * H * T, st = stride_of(x, rows);
  for (long row = 0; row < rows; row += st) {
    ujob j;
    if (T > x->c->nmax) {
      fprintf(stderr, "units_tb: %s.softmax rows are %d long, longer than NMAX %d\n", scope, T, x->c->nmax);
      return -1;
    }
    if (ut_job_alloc(x->c, &j, T)) return -1;
    snprintf(j.label, sizeof j.label, "real %.15s.softmax image %ld head %ld row %ld", scope,
             row / ((long)H * T), row / T % H, row % T);
    j.set = UT_SET_REAL;
    j.lut = lut;
    memcpy(j.x, (const int8_t *)in->data + row * T, (size_t)T);
    fill_tail(x, &j);
    if (finish(x, &j, (const int8_t *)out->data + row * T, T, NPY_I8)) return -1;
  }
  return 0;
}

static int do_ln(rctx *x, const char *scope, const char *op, const model_ln *p,
                 const npy_array *in, long in_stride, const npy_array *out) {
  int E = x->m.vm.embedding;
  long rows = (long)out->count / E, st = stride_of(x, rows);
  if (E > x->c->nmax) {
    fprintf(stderr, "units_tb: %s.%s rows are %d long, longer than NMAX %d\n", scope, op, E, x->c->nmax);
    return -1;
  }
  for (long row = 0; row < rows; row += st) {
    ujob j;
    if (ut_job_alloc(x->c, &j, E)) return -1;
    snprintf(j.label, sizeof j.label, "real %.15s.%.31s image %ld token %ld", scope, op,
             row / (rows / out->shape[0]), row % (rows / out->shape[0]));
    j.set = UT_SET_REAL;
    memcpy(j.x, (const int8_t *)in->data + row * in_stride, (size_t)E);
    memcpy(j.g, p->g, sizeof(int32_t) * (size_t)E);
    memcpy(j.B, p->b, sizeof(int32_t) * (size_t)E);
    j.eps_q = p->eps_q;
    j.shift = p->s;
    fill_tail(x, &j);
    if (finish(x, &j, (const int8_t *)out->data + row * E, E, NPY_I8)) return -1;
  }
  return 0;
}

/* the job of row `row` of an element-wise op over rows of n elements,
 * padded to E (whole beats): allocated, labelled, in the real set */
static int row_job(rctx *x, ujob *j, const char *scope, const char *op, long row, int n, int E) {
  if (ut_job_alloc(x->c, j, E)) return -1;
  snprintf(j->label, sizeof j->label, "real %.15s.%.31s row %ld (elements past %d pad the beat)",
           scope, op, row, n);
  j->set = UT_SET_REAL;
  return 0;
}

static int do_gelu(rctx *x, const char *scope, const char *op, const int8_t *lutv,
                   const npy_array *in, const npy_array *out) {
  int lut = ut_gelu_add(x->js, lutv);
  if (lut < 0) return -1;
  int n = (int)out->shape[out->ndim - 1];
  long rows = (long)out->count / n, st = stride_of(x, rows);
  int L = x->c->lanes, E = (n + L - 1) / L * L;
  for (long row = 0; row < rows; row += st) {
    ujob j;
    if (row_job(x, &j, scope, op, row, n, E)) return -1;
    j.lut = lut;
    memcpy(j.x, (const int8_t *)in->data + row * n, (size_t)n);
    for (int e = n; e < E; e++) j.x[e] = (int8_t)trex_rng_range(&x->r, -128, 127);
    j.n = E;
    if (finish(x, &j, (const int8_t *)out->data + row * n, n, NPY_I8)) return -1;
  }
  return 0;
}

/* y = add(a, b; p) over rows of n; a and b given per row by pointers */
static int do_add(rctx *x, const char *scope, const char *op, const model_addp *p,
                  const int8_t *(*rowa)(const rctx *, long, const void *), const void *ca,
                  const npy_array *bt, const npy_array *out) {
  int n = (int)out->shape[out->ndim - 1];
  long rows = (long)out->count / n, st = stride_of(x, rows);
  int L = x->c->lanes, E = (n + L - 1) / L * L, B = E / L;
  for (long row = 0; row < rows; row += st) {
    ujob j;
    if (row_job(x, &j, scope, op, row, n, E)) return -1;
    memcpy(j.x, rowa(x, row, ca), (size_t)n);
    memcpy(j.xb, (const int8_t *)bt->data + row * n, (size_t)n);
    for (int e = n; e < E; e++) {
      j.x[e] = (int8_t)trex_rng_range(&x->r, -128, 127);
      j.xb[e] = (int8_t)trex_rng_range(&x->r, -128, 127);
    }
    for (int k = 0; k < B; k++) {
      j.bm[k] = p->Ma;
      j.bmb[k] = p->Mb;
      j.bs[k] = (uint8_t)p->s;
    }
    if (finish(x, &j, (const int8_t *)out->data + row * n, n, NPY_I8)) return -1;
  }
  return 0;
}

static const int8_t *row_plain(const rctx *x, long row, const void *ctx) {
  const npy_array *a = ctx;
  (void)x;
  return (const int8_t *)a->data + row * a->shape[a->ndim - 1];
}

/* pos_embed's A: row 0 of each image is cls, row t >= 1 patch_embed row t-1 */
static const int8_t *row_cls(const rctx *x, long row, const void *ctx) {
  const npy_array *pe = ctx;
  int T = x->m.vm.tokens, E = x->m.vm.embedding;
  long img = row / T, t = row % T;
  if (t == 0) return x->m.cls;
  return (const int8_t *)pe->data + (img * (T - 1) + t - 1) * E;
}

/* requantise: acc of every output row rebuilt on the chip's tiles */
static int rq_rows(rctx *x, const char *label, const int64_t *acc, const int32_t *bias, int n,
                   const model_rq *rq, const int8_t *dumped) {
  int L = x->c->lanes, E = (n + L - 1) / L * L, B = E / L;
  ujob j;
  if (ut_job_alloc(x->c, &j, E)) return -1;
  snprintf(j.label, sizeof j.label, "%.150s", label);
  j.set = UT_SET_REAL;
  for (int e = 0; e < E; e++) {
    j.acc[e] = e < n ? acc[e] : trex_rng_range(&x->r, -(1 << 20), 1 << 20);
    j.bias[e] = e < n ? (bias ? bias[e] : 0) : (int32_t)trex_rng_range(&x->r, -(1 << 20), 1 << 20);
    int64_t amax = ((int64_t)1 << (x->c->acc_w - 1)) - 1;
    if (j.acc[e] > amax || j.acc[e] < -amax - 1) {
      fprintf(stderr, "units_tb: %s: accumulator %lld does not fit ACC_W %d\n", label,
              (long long)j.acc[e], x->c->acc_w);
      ut_job_free(&j);
      return -1;
    }
  }
  for (int k = 0; k < B; k++) {
    j.bm[k] = rq->M;
    j.bs[k] = (uint8_t)rq->s;
  }
  return finish(x, &j, dumped, n, NPY_I8);
}

static int do_linear(rctx *x, const char *scope, const char *op, const model_lin *l,
                     const npy_array *in, const npy_array *out) {
  enc_lin lin;
  trex_err err;
  char layer[64];
  snprintf(layer, sizeof layer, "%.15s.%.31s", scope, op);
  if (enc_lin_init(&lin, &x->chip.tile, l->k, l->n, NULL, 0, layer, 0, &err) ||
      enc_lin_program(&lin, l->w, &err)) {
    fprintf(stderr, "units_tb: %s: %s\n", layer, err.msg);
    return -1;
  }
  long rows = (long)in->count / l->k, st = stride_of(x, rows);
  int64_t *acc = malloc(sizeof *acc * (size_t)l->n);
  int rc = acc ? 0 : -1;
  for (long row = 0; row < rows && !rc; row += st) {
    char lb[160];
    enc_lin_mvm(&lin, (const int8_t *)in->data + row * l->k, acc);
    snprintf(lb, sizeof lb, "real %.63s row %ld", layer, row);
    rc = rq_rows(x, lb, acc, l->b, l->n, &l->rq, (const int8_t *)out->data + row * l->n);
  }
  free(acc);
  enc_lin_free(&lin);
  return rc;
}

/* qk (runtime tiles K_h^T: d x T) and sv (V_h: T x d), per image and head */
static int do_attn(rctx *x, int enc, const char *scope, int is_qk) {
  const npy_array *in = need(x, scope, is_qk ? "q_proj" : "softmax"),
                  *w = need(x, scope, is_qk ? "k_write" : "v_write"),
                  *out = need(x, scope, is_qk ? "qk" : "sv");
  if (!in || !w || !out) return -1;
  int N = (int)out->shape[0], H = x->m.vm.heads, T = x->m.vm.tokens, E = x->m.vm.embedding,
      d = E / H;
  int k = is_qk ? d : T, n = is_qk ? T : d;
  const model_rq *rq = is_qk ? &x->m.enc[enc].qk : &x->m.enc[enc].sv;
  long rows = (long)N * H * T, st = stride_of(x, rows);
  int8_t *xin = malloc((size_t)k), *yd = malloc((size_t)n);
  int64_t *acc = malloc(sizeof *acc * (size_t)n);
  int rc = xin && yd && acc ? 0 : -1;
  for (int img = 0; img < N && !rc; img++)
    for (int h = 0; h < H && !rc; h++) {
      enc_lin lin;
      trex_err err;
      char layer[64];
      snprintf(layer, sizeof layer, "%.15s.%s", scope, is_qk ? "qk" : "sv");
      if (enc_lin_init(&lin, &x->chip.tile, k, n, NULL, 1, layer, h, &err) ||
          enc_lin_program(&lin, (const int8_t *)w->data + ((size_t)img * H + h) * (size_t)k * n, &err)) {
        fprintf(stderr, "units_tb: %s: %s\n", layer, err.msg);
        rc = -1;
        break;
      }
      for (int t = 0; t < T && !rc; t++) {
        long row = ((long)img * H + h) * T + t;
        if (row % st) continue;
        const int8_t *src = (const int8_t *)in->data;
        for (int i = 0; i < k; i++)
          xin[i] = is_qk ? src[((size_t)img * T + t) * E + (size_t)h * d + i]
                         : src[(((size_t)img * H + h) * T + t) * T + i];
        for (int j = 0; j < n; j++)
          yd[j] = is_qk ? ((const int8_t *)out->data)[(((size_t)img * H + h) * T + t) * T + j]
                        : ((const int8_t *)out->data)[((size_t)img * T + t) * E + (size_t)h * d + j];
        enc_lin_mvm(&lin, xin, acc);
        char lb[160];
        snprintf(lb, sizeof lb, "real %.63s image %d head %d token %d", layer, img, h, t);
        rc = rq_rows(x, lb, acc, NULL, n, rq, yd);
      }
      enc_lin_free(&lin);
    }
  free(xin);
  free(yd);
  free(acc);
  return rc;
}

/* ---- the dump ------------------------------------------------------------------- */

static int parse_reuse(rctx *x, const char *s) {
  for (int i = 0; i < VIT_MAX_DEPTH; i++) x->src[i] = -1;
  while (*s) {
    char *end;
    long e = strtol(s, &end, 10);
    if (*end != ':') return -1;
    long src = strtol(end + 1, &end, 10);
    if (e < 0 || e >= VIT_MAX_DEPTH || src < 0 || src >= e) return -1;
    x->src[e] = (int)src;
    s = *end == ',' ? end + 1 : end;
    if (*end && *end != ',') return -1;
  }
  return 0;
}

static int one_op(rctx *x, const char *scope, const char *op) {
  const ucfg *c = x->c;
  int enc = -1;
  if (!strncmp(scope, "enc", 3)) enc = atoi(scope + 3);
  const npy_array *out = tensor(x, scope, op);
  if (!out) return 0;
  char prev[16];
  snprintf(prev, sizeof prev, "enc%02d", enc - 1);
  const char *xin_scope = enc > 0 ? prev : "model", *xin_op = enc > 0 ? "residual2" : "pos_embed";
  int tbi = enc >= 0 && x->src[enc] >= 0 ? model_tb_index(&x->m, enc, x->src[enc]) : -1;
  if (enc >= 0 && x->src[enc] >= 0 && tbi < 0) {
    fprintf(stderr, "units_tb: the model has no TB for encoder %d reusing %d\n", enc, x->src[enc]);
    return -1;
  }
  const model_enc *me = enc >= 0 ? &x->m.enc[enc] : NULL;
  const model_tb *tb = tbi >= 0 ? &x->m.tb[tbi] : NULL;
  int E = x->m.vm.embedding;
  switch (c->unit) {
    case UD_SOFTMAX:
      if (!strcmp(op, "softmax")) return do_softmax(x, enc, scope);
      return 0;
    case UD_LAYERNORM: {
      const npy_array *in = NULL;
      const model_ln *p = NULL;
      long stride = E;
      if (!strcmp(op, "ln1")) in = need(x, xin_scope, xin_op), p = &me->ln1;
      else if (!strcmp(op, "ln2")) in = need(x, scope, "residual1"), p = &me->ln2;
      else if (!strcmp(op, "tb_ln") && tb) in = need(x, scope, "reuse_load"), p = &tb->ln;
      else if (!strcmp(op, "final_ln")) {
        char last[16];
        snprintf(last, sizeof last, "enc%02d", x->m.vm.depth - 1);
        in = need(x, last, "residual2");
        p = &x->m.final_ln;
        stride = (long)x->m.vm.tokens * E; /* row 0 of each image */
      } else return 0;
      return in ? do_ln(x, scope, op, p, in, stride, out) : -1;
    }
    case UD_GELU:
      if (!strcmp(op, "gelu")) {
        const npy_array *in = need(x, scope, "fc1");
        return in ? do_gelu(x, scope, op, me->gelu_lut, in, out) : -1;
      }
      if (!strcmp(op, "tb_gelu") && tb) {
        const npy_array *in = need(x, scope, "tb_fc1");
        return in ? do_gelu(x, scope, op, tb->gelu_lut, in, out) : -1;
      }
      return 0;
    case UD_ADD:
      if (!strcmp(op, "residual1")) {
        const npy_array *a = need(x, xin_scope, xin_op),
                        *b = need(x, scope, !tb ? "out_proj" : x->m.vm.tb_layers == 2 ? "tb_fc2" : "tb_gelu");
        return a && b ? do_add(x, scope, op, &me->res1, row_plain, a, b, out) : -1;
      }
      if (!strcmp(op, "residual2")) {
        const npy_array *a = need(x, scope, "residual1"), *b = need(x, scope, "fc2");
        return a && b ? do_add(x, scope, op, &me->res2, row_plain, a, b, out) : -1;
      }
      if (!strcmp(op, "pos_embed")) {
        const npy_array *pe = need(x, "model", "patch_embed");
        npy_array pos = {.dtype = NPY_I8, .ndim = 2, .count = 0, .data = NULL};
        if (!pe) return -1;
        /* pos (T x E) repeated for every image */
        size_t N = (size_t)out->shape[0], TE = (size_t)x->m.vm.tokens * E;
        int8_t *rep = malloc(N * TE);
        if (!rep) return -1;
        for (size_t i = 0; i < N; i++) memcpy(rep + i * TE, x->m.pos_t, TE);
        pos.shape[0] = (int64_t)(N * (size_t)x->m.vm.tokens);
        pos.shape[1] = E;
        pos.count = N * TE;
        pos.data = rep;
        int rc = do_add(x, scope, op, &x->m.pos, row_cls, pe, &pos, out);
        free(rep);
        return rc;
      }
      return 0;
    case UD_REQUANT: {
      if (!strcmp(op, "qk") || !strcmp(op, "sv")) return do_attn(x, enc, scope, op[0] == 'q');
      static const char *const lin[] = {"q_proj", "k_proj", "v_proj", "out_proj", "fc1", "fc2",
                                        "tb_fc1", "tb_fc2"};
      static const char *const inp[] = {"ln1", "ln1", "ln1", "sv", "ln2", "gelu", "tb_ln", "tb_gelu"};
      for (int k = 0; k < 8; k++) {
        if (strcmp(op, lin[k])) continue;
        const model_lin *l = k == 0 ? &me->q : k == 1 ? &me->k : k == 2 ? &me->v : k == 3 ? &me->o
                             : k == 4 ? &me->fc1 : k == 5 ? &me->fc2 : k == 6 && tb ? &tb->fc1
                             : tb ? &tb->fc2 : NULL;
        const npy_array *in = need(x, scope, inp[k]);
        if (!l || !in) return -1;
        return do_linear(x, scope, op, l, in, out);
      }
      return 0; /* patch_embed (needs the images), head (int32, no requantisation) */
    }
    default: return 0;
  }
}

int ut_gen_real(const ucfg *c, ujobs *js, const char *model, const char *dump,
                const char *chip, long max_rows, long *golden_errors) {
  rctx x;
  trex_err err;
  memset(&x, 0, sizeof x);
  x.c = c;
  x.js = js;
  x.max_rows = max_rows;
  trex_rng_seed(&x.r, 0x5eed0001ULL);
  int rc = -1;
  cJSON *root = NULL;
  char path[4200];
  if (model_load(model, &x.m, &err)) {
    fprintf(stderr, "units_tb: %s\n", err.msg);
    return -1;
  }
  if (chip) {
    if (ctrl_chip_load(chip, &x.chip, &err)) {
      fprintf(stderr, "units_tb: %s\n", err.msg);
      goto out;
    }
  } else {
    x.chip = ctrl_chip_default();
  }
  snprintf(path, sizeof path, "%s/dump.json", dump);
  if (!(root = trex_json_load(path, &err))) {
    fprintf(stderr, "units_tb: %s\n", err.msg);
    goto out;
  }
  const char *reuse = NULL, *name = NULL;
  if (trex_json_str(root, "reuse", path, true, NULL, &reuse, &err) ||
      trex_json_str(root, "model", path, true, NULL, &name, &err)) {
    fprintf(stderr, "units_tb: %s\n", err.msg);
    goto out;
  }
  if (strcmp(name, x.m.name)) {
    fprintf(stderr, "units_tb: %s: key 'model': dump of model '%s', not of %s ('%s')\n", path, name,
            model, x.m.name);
    goto out;
  }
  if (parse_reuse(&x, reuse)) {
    fprintf(stderr, "units_tb: %s: key 'reuse': '%s' is not a resolved list ENC:SRC,...\n", path, reuse);
    goto out;
  }
  const cJSON *ops = cJSON_GetObjectItemCaseSensitive(root, "ops"), *op;
  if (!cJSON_IsArray(ops)) {
    fprintf(stderr, "units_tb: %s: key 'ops': not an array\n", path);
    goto out;
  }
  int nops = cJSON_GetArraySize(ops);
  x.t = calloc((size_t)nops, sizeof *x.t);
  if (!x.t) goto out;
  cJSON_ArrayForEach(op, ops) {
    const char *scope, *o, *file;
    if (trex_json_str(op, "scope", path, true, NULL, &scope, &err) ||
        trex_json_str(op, "op", path, true, NULL, &o, &err) ||
        trex_json_str(op, "file", path, true, NULL, &file, &err)) {
      fprintf(stderr, "units_tb: %s\n", err.msg);
      goto out;
    }
    char fp[4400];
    snprintf(fp, sizeof fp, "%s/%s", dump, file);
    rtensor *t = &x.t[x.nt];
    snprintf(t->name, sizeof t->name, "%.15s.%.31s", scope, o);
    if (npy_load(fp, &t->a, &err)) {
      fprintf(stderr, "units_tb: %s\n", err.msg);
      goto out;
    }
    x.nt++;
  }
  for (int k = 0; k < x.nt; k++) {
    char scope[64], *dot;
    snprintf(scope, sizeof scope, "%s", x.t[k].name);
    if (!(dot = strchr(scope, '.'))) continue;
    *dot = '\0';
    if (one_op(&x, scope, dot + 1)) goto out;
  }
  rc = 0;
out:
  if (golden_errors) *golden_errors += x.golden_errors;
  for (int k = 0; k < x.nt; k++) npy_free(&x.t[k].a);
  free(x.t);
  cJSON_Delete(root);
  model_free(&x.m);
  return rc;
}
