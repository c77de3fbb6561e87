/* model_load: reading and checking a model directory (model_dir.h). */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "enc_ops.h"
#include "model_dir.h"
#include "npy.h"
#include "trex_json.h"

#define WHERE_MAX 4400

static int is_doc(const char *key) { return !strncmp(key, "doc", 3); }

/* Fails on a key that appears twice in obj. */
static int no_dups(const cJSON *obj, const char *where, trex_err *err) {
  for (const cJSON *it = obj->child; it; it = it->next)
    for (const cJSON *jt = obj->child; jt != it; jt = jt->next)
      if (jt->string && it->string && !strcmp(jt->string, it->string))
        return trex_errf(err, "%s: key '%s' appears twice", where, it->string);
  return 0;
}

static const cJSON *get_obj(const cJSON *root, const char *key, const char *where,
                            trex_err *err) {
  const cJSON *o = cJSON_GetObjectItemCaseSensitive(root, key);
  if (!o) {
    trex_errf(err, "%s: missing key '%s'", where, key);
    return NULL;
  }
  if (!cJSON_IsObject(o)) {
    trex_errf(err, "%s: key '%s': expected an object", where, key);
    return NULL;
  }
  return o;
}

/* The object member `key` of parent (`in` names parent in messages), its
 * keys checked against `known`; where[n] then names it ("IN: key 'KEY'")
 * for the messages about its members. NULL after an error. */
static const cJSON *strict_obj(const cJSON *parent, const char *key, const char *in,
                               const char *const *known, char *where, size_t n,
                               trex_err *err) {
  const cJSON *o = get_obj(parent, key, in, err);
  if (!o) return NULL;
  snprintf(where, n, "%s: key '%s'", in, key);
  return trex_json_check_keys(o, where, "", known, err) ? NULL : o;
}

static int get_int(const cJSON *o, const char *key, const char *where, int64_t lo, int64_t hi,
                   int64_t *v, trex_err *err) {
  return trex_json_int(o, key, where, true, 0, lo, hi, v, err);
}

static const char *const top_keys[] = {"format", "version", "name",   "model",
                                       "image",  "reuse_pairs", "layers", "ln_eps",
                                       NULL};
static const char *const model_keys[] = {"tokens",    "embedding", "heads",
                                         "mlp",       "depth",     "tb_hidden",
                                         "tb_layers", "patch_dim", "classes",
                                         /* optional (docs/encoder-int.md 3.1) */
                                         "encoder_tokens", "share_attention", "share_mlp",
                                         NULL};
static const char *const image_keys[] = {"channels",  "height",    "width",       "patch",
                                         "input_min", "input_max", "input_scale", NULL};
static const char *const keys_lin[] = {"M", "s", NULL};
static const char *const keys_ln[] = {"eps_q", "s", NULL};
static const char *const keys_add[] = {"Ma", "Mb", "s", NULL};

static int parse_model_keys(const cJSON *root, const char *path, model_int *m,
                            trex_err *err) {
  char where[WHERE_MAX];
  const cJSON *o = strict_obj(root, "model", path, model_keys, where, sizeof where, err);
  if (!o) return -1;
  vit_model *vm = &m->vm;
  const trex_json_intf f[] = {{"tokens", &vm->tokens}, {"embedding", &vm->embedding},
                              {"heads", &vm->heads},   {"mlp", &vm->mlp},
                              {"depth", &vm->depth},   {"tb_hidden", &vm->tb_hidden},
                              {"tb_layers", &vm->tb_layers}};
  int64_t v[9];
  if (trex_json_ints(o, where, true, INT32_MIN, INT32_MAX, f, 7, err)) return -1;
  for (int k = 7; k < 9; k++)
    if (get_int(o, model_keys[k], where, INT32_MIN, INT32_MAX, &v[k], err)) return -1;
  snprintf(vm->name, sizeof vm->name, "%s", m->name);
  if (vit_model_parse_strategy(o, where, vm, err)) return -1;
  if (vit_model_check(vm, where, err)) return -1;
  for (int k = 7; k < 9; k++)
    if (v[k] < 1 || v[k] > VIT_MAX_DIM)
      return trex_errf(err, "%s: key '%s': %lld is outside 1..%d", where, model_keys[k],
                       (long long)v[k], VIT_MAX_DIM);
  m->vm.patch_dim = (int)v[7];
  m->vm.classes = (int)v[8];
  return 0;
}

static int parse_image(const cJSON *root, const char *path, model_int *m, trex_err *err) {
  char where[WHERE_MAX];
  const cJSON *o = strict_obj(root, "image", path, image_keys, where, sizeof where, err);
  if (!o) return -1;
  const trex_json_intf dims[] = {{"channels", &m->channels}, {"height", &m->height},
                                 {"width", &m->width},       {"patch", &m->patch}};
  const trex_json_intf range[] = {{"input_min", &m->in_min}, {"input_max", &m->in_max}};
  if (trex_json_ints(o, where, true, 1, VIT_MAX_DIM, dims, 4, err) ||
      trex_json_ints(o, where, true, -128, 127, range, 2, err) ||
      trex_json_num(o, "input_scale", where, false, 0, 1e-300, 1e300, &m->input_scale, err))
    return -1;
  if (m->in_min > m->in_max)
    return trex_errf(err, "%s: key 'input_max': %d is below input_min %d", where, m->in_max,
                     m->in_min);
  if (m->height % m->patch || m->width % m->patch)
    return trex_errf(err, "%s: key 'patch': %d does not divide height %d and width %d",
                     where, m->patch, m->height, m->width);
  int64_t tokens = 1 + (int64_t)(m->height / m->patch) * (m->width / m->patch);
  if (tokens != m->vm.tokens)
    return trex_errf(err,
                     "%s: key 'model': key 'tokens': %d, but the image has 1 + %lld patches",
                     path, m->vm.tokens, (long long)tokens - 1);
  int64_t pd = (int64_t)m->channels * m->patch * m->patch;
  if (pd != m->vm.patch_dim)
    return trex_errf(err,
                     "%s: key 'model': key 'patch_dim': %d, but channels*patch*patch is %lld",
                     path, m->vm.patch_dim, (long long)pd);
  return 0;
}

/* An integral JSON number of magnitude below 2^20. */
static int small_int(const cJSON *it, int *out) {
  if (!cJSON_IsNumber(it)) return -1;
  double v = it->valuedouble;
  if (!(v > -1048576.0 && v < 1048576.0) || v != floor(v)) return -1;
  *out = (int)v;
  return 0;
}

static int parse_pairs(const cJSON *root, const char *path, model_int *m, trex_err *err) {
  const cJSON *a = cJSON_GetObjectItemCaseSensitive(root, "reuse_pairs");
  if (!a) return trex_errf(err, "%s: missing key 'reuse_pairs'", path);
  if (!cJSON_IsArray(a))
    return trex_errf(err, "%s: key 'reuse_pairs': expected an array of [encoder, source]", path);
  int n = cJSON_GetArraySize(a);
  int depth = m->vm.depth;
  m->tb = calloc((size_t)(n ? n : 1), sizeof *m->tb);
  if (!m->tb) return trex_errf(err, "out of memory");
  int k = 0;
  for (const cJSON *it = a->child; it; it = it->next, k++) {
    int i, j;
    if (!cJSON_IsArray(it) || cJSON_GetArraySize(it) != 2 ||
        small_int(cJSON_GetArrayItem(it, 0), &i) || small_int(cJSON_GetArrayItem(it, 1), &j))
      return trex_errf(err, "%s: key 'reuse_pairs': entry %d is not [encoder, source] (integers)",
                       path, k);
    if (i < 1 || i >= depth || j < 0 || j >= i)
      return trex_errf(err,
                       "%s: key 'reuse_pairs': entry %d [%d, %d] needs 1 <= encoder < depth %d "
                       "and 0 <= source < encoder",
                       path, k, i, j, depth);
    if (model_tb_index(m, i, j) >= 0)
      return trex_errf(err, "%s: key 'reuse_pairs': [%d, %d] appears twice", path, i, j);
    m->tb[k].enc = i;
    m->tb[k].src = j;
    m->n_tb = k + 1;
  }
  return 0;
}

/* The integer keys of one layer. */
static int parse_layer(const cJSON *layers, const char *path, const model_layer *L,
                       trex_err *err) {
  const char *const *keys = NULL;
  switch (L->kind) {
    case MODEL_L_LIN:
    case MODEL_L_RQ: keys = keys_lin; break;
    case MODEL_L_LN: keys = keys_ln; break;
    case MODEL_L_ADD:
    case MODEL_L_POS: keys = keys_add; break;
    default: return 0; /* no integer keys: no entry */
  }
  char in[WHERE_MAX - 64], where[WHERE_MAX]; /* room for ": key 'NAME'" */
  snprintf(in, sizeof in, "%s: key 'layers'", path);
  const cJSON *o = strict_obj(layers, L->name, in, keys, where, sizeof where, err);
  if (!o) return -1;
  int64_t a, b, s;
  if (keys == keys_ln) {
    if (get_int(o, "eps_q", where, 1, ENC_EPS_Q_MAX, &a, err) ||
        get_int(o, "s", where, 0, ENC_S_MAX, &s, err))
      return -1;
    ((model_ln *)L->p)->eps_q = a;
    ((model_ln *)L->p)->s = (int)s;
  } else if (keys == keys_add) {
    if (get_int(o, "Ma", where, 0, ENC_M_MAX, &a, err) ||
        get_int(o, "Mb", where, 0, ENC_M_MAX, &b, err) ||
        get_int(o, "s", where, 0, ENC_S_MAX, &s, err))
      return -1;
    model_addp *p = L->p;
    p->Ma = (int32_t)a;
    p->Mb = (int32_t)b;
    p->s = (int)s;
  } else {
    if (get_int(o, "M", where, 0, ENC_M_MAX, &a, err) ||
        get_int(o, "s", where, 0, ENC_S_MAX, &s, err))
      return -1;
    model_rq *q = L->kind == MODEL_L_LIN ? &((model_lin *)L->p)->rq : L->p;
    q->M = (int32_t)a;
    q->s = (int)s;
  }
  return 0;
}

static int has_keys(model_kind k) {
  return k == MODEL_L_LIN || k == MODEL_L_RQ || k == MODEL_L_LN || k == MODEL_L_ADD ||
         k == MODEL_L_POS;
}

static int parse_layers(const cJSON *root, const char *path, model_int *m, trex_err *err) {
  const cJSON *layers = get_obj(root, "layers", path, err);
  if (!layers) return -1;
  model_layer *L;
  long nl = model_layers(m, &L);
  if (nl < 0) return trex_errf(err, "out of memory");
  int rc = 0;
  long want = 0;
  for (long k = 0; k < nl && !rc; k++)
    if (has_keys(L[k].kind)) {
      want++;
      rc = parse_layer(layers, path, &L[k], err);
    }
  /* every member must be one of the layers (or a doc key), each once */
  for (const cJSON *it = layers->child; it && !rc; it = it->next) {
    const char *k = it->string ? it->string : "";
    if (is_doc(k)) continue;
    int ok = 0;
    for (long j = 0; j < nl && !ok; j++) ok = has_keys(L[j].kind) && !strcmp(L[j].name, k);
    if (!ok)
      rc = trex_errf(err, "%s: key 'layers': key '%s' is not a layer of this model "
                     "(with integer keys)", path, k);
  }
  if (!rc) {
    long have = 0;
    for (const cJSON *it = layers->child; it; it = it->next) have += !is_doc(it->string);
    if (have != want) { /* some layer appears twice: name it */
      char where[WHERE_MAX];
      snprintf(where, sizeof where, "%s: key 'layers'", path);
      rc = no_dups(layers, where, err);
      if (!rc) rc = trex_errf(err, "%s: key 'layers': a layer appears twice", path);
    }
  }
  free(L);
  return rc;
}

static int valid_name(const char *s) {
  size_t n = strlen(s);
  if (n < 1 || n > 63) return 0;
  for (size_t k = 0; k < n; k++) {
    char c = s[k];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
          c == '.' || c == '_' || c == '-'))
      return 0;
  }
  return 1;
}

int model_parse_json(const cJSON *root, const char *path, model_int *m, trex_err *err) {
  memset(m, 0, sizeof *m);
  if (!cJSON_IsObject(root)) return trex_errf(err, "%s: expected a JSON object", path);
  if (trex_json_check_keys(root, path, "", top_keys, err)) return -1;
  const char *name;
  if (trex_json_format(root, path, MODEL_FORMAT, MODEL_VERSION, err)) return -1;
  if (trex_json_str(root, "name", path, true, NULL, &name, err)) return -1;
  if (!valid_name(name))
    return trex_errf(err, "%s: key 'name': must be 1..63 characters of [A-Za-z0-9._-]", path);
  snprintf(m->name, sizeof m->name, "%s", name);
  if (trex_json_num(root, "ln_eps", path, false, 0, 1e-300, 1e300, &m->ln_eps, err)) goto fail;
  if (parse_model_keys(root, path, m, err) || parse_image(root, path, m, err) ||
      parse_pairs(root, path, m, err) || parse_layers(root, path, m, err))
    goto fail;
  return 0;
fail:
  free(m->tb);
  memset(m, 0, sizeof *m);
  return -1;
}

/* ---- tensors ----------------------------------------------------------- */

static int check_exp_lut(const char *dir, const char *layer, const int32_t *lut,
                         trex_err *err) {
  if (lut[0] != ENC_EXP_ONE)
    return trex_errf(err, "%s/%s.lut.npy: entry 0 is %d, must be %d", dir, layer, lut[0],
                     ENC_EXP_ONE);
  for (int i = 1; i < 256; i++) {
    if (lut[i] < 0)
      return trex_errf(err, "%s/%s.lut.npy: entry %d is %d, must be >= 0", dir, layer, i,
                       lut[i]);
    if (lut[i] > lut[i - 1])
      return trex_errf(err,
                       "%s/%s.lut.npy: entry %d (%d) is larger than entry %d (%d): the "
                       "table must not increase",
                       dir, layer, i, lut[i], i - 1, lut[i - 1]);
  }
  return 0;
}

/* one tensor from its file (ctx: the directory); a softmax layer's only
 * tensor, its exp table, is checked once loaded */
static int load_one(const model_layer *L, model_tensor *t, const char *path, void *ctx,
                    trex_err *err) {
  npy_array a;
  int rc = npy_load_as(path, (npy_dtype)t->dtype, t->ndim, t->shape, &a, err);
  if (rc) return rc;
  *t->data = a.data; /* every shape here has count >= 1 */
  if (L->kind == MODEL_L_EXP) rc = check_exp_lut(ctx, L->name, *(int32_t **)L->p, err);
  return rc;
}

int model_load_tensors(model_int *m, const char *dir, trex_err *err) {
  model_layer *L;
  long nl = model_layers(m, &L);
  if (nl < 0) return trex_errf(err, "out of memory");
  int rc = model_tensors_each(m, L, nl, dir, load_one, (void *)dir, err);
  free(L);
  return rc ? -1 : 0;
}

int model_load(const char *dir, model_int *m, trex_err *err) {
  memset(m, 0, sizeof *m);
  char path[4200];
  if ((size_t)snprintf(path, sizeof path, "%s/model.json", dir) >= sizeof path)
    return trex_errf(err, "%s: path too long", dir);
  cJSON *root = trex_json_load(path, err);
  if (!root) return -1;
  int rc = model_parse_json(root, path, m, err);
  cJSON_Delete(root);
  if (rc) return -1;
  if (model_load_tensors(m, dir, err)) {
    model_free(m);
    return -1;
  }
  return 0;
}
