/* model_save: writing a model directory (model_dir.h). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_dir.h"
#include "npy.h"
#include "trex_file.h"
#include "trex_json.h"

static cJSON *layer_json(const model_layer *L) {
  cJSON *o = cJSON_CreateObject();
  if (!o) return NULL;
  switch (L->kind) {
    case MODEL_L_LIN:
    case MODEL_L_RQ: {
      const model_rq *q = L->kind == MODEL_L_LIN ? &((const model_lin *)L->p)->rq : L->p;
      cJSON_AddNumberToObject(o, "M", q->M);
      cJSON_AddNumberToObject(o, "s", q->s);
      break;
    }
    case MODEL_L_LN:
      cJSON_AddNumberToObject(o, "eps_q", (double)((const model_ln *)L->p)->eps_q);
      cJSON_AddNumberToObject(o, "s", ((const model_ln *)L->p)->s);
      break;
    case MODEL_L_ADD:
    case MODEL_L_POS: {
      const model_addp *a = L->p;
      cJSON_AddNumberToObject(o, "Ma", a->Ma);
      cJSON_AddNumberToObject(o, "Mb", a->Mb);
      cJSON_AddNumberToObject(o, "s", a->s);
      break;
    }
    default: break;
  }
  return o;
}

static cJSON *model_json(model_int *m, const model_layer *L, long nl, const cJSON *doc) {
  cJSON *root = cJSON_CreateObject();
  if (!root) return NULL;
  cJSON_AddStringToObject(root, "format", MODEL_FORMAT);
  cJSON_AddNumberToObject(root, "version", MODEL_VERSION);
  cJSON_AddStringToObject(root, "name", m->name);
  cJSON *mo = cJSON_AddObjectToObject(root, "model");
  if (mo) {
    const vit_model *v = &m->vm;
    cJSON_AddNumberToObject(mo, "tokens", v->tokens);
    cJSON_AddNumberToObject(mo, "embedding", v->embedding);
    cJSON_AddNumberToObject(mo, "heads", v->heads);
    cJSON_AddNumberToObject(mo, "mlp", v->mlp);
    cJSON_AddNumberToObject(mo, "depth", v->depth);
    cJSON_AddNumberToObject(mo, "tb_hidden", v->tb_hidden);
    cJSON_AddNumberToObject(mo, "tb_layers", v->tb_layers);
    cJSON_AddNumberToObject(mo, "patch_dim", m->vm.patch_dim);
    cJSON_AddNumberToObject(mo, "classes", m->vm.classes);
    if (vit_model_strategy_to_json(v, mo)) {
      cJSON_Delete(root);
      return NULL;
    }
  }
  cJSON *im = cJSON_AddObjectToObject(root, "image");
  if (im) {
    cJSON_AddNumberToObject(im, "channels", m->channels);
    cJSON_AddNumberToObject(im, "height", m->height);
    cJSON_AddNumberToObject(im, "width", m->width);
    cJSON_AddNumberToObject(im, "patch", m->patch);
    cJSON_AddNumberToObject(im, "input_min", m->in_min);
    cJSON_AddNumberToObject(im, "input_max", m->in_max);
    if (m->input_scale > 0) cJSON_AddNumberToObject(im, "input_scale", m->input_scale);
  }
  if (m->ln_eps > 0) cJSON_AddNumberToObject(root, "ln_eps", m->ln_eps);
  cJSON *pairs = cJSON_AddArrayToObject(root, "reuse_pairs");
  for (int t = 0; pairs && t < m->n_tb; t++) {
    int v[2] = {m->tb[t].enc, m->tb[t].src};
    cJSON_AddItemToArray(pairs, cJSON_CreateIntArray(v, 2));
  }
  cJSON *lo = cJSON_AddObjectToObject(root, "layers");
  for (long k = 0; lo && k < nl; k++) {
    model_kind kd = L[k].kind;
    if (kd == MODEL_L_HEAD || kd == MODEL_L_EXP || kd == MODEL_L_GELU) continue;
    cJSON_AddItemToObject(lo, L[k].name, layer_json(&L[k]));
  }
  for (const cJSON *it = doc ? doc->child : NULL; it; it = it->next)
    cJSON_AddItemToObject(root, it->string, cJSON_Duplicate(it, 1));
  return root;
}

static int save_one(const model_layer *L, model_tensor *t, const char *path, void *ctx,
                    trex_err *err) {
  return npy_save(path, (npy_dtype)t->dtype, t->ndim, t->shape, *t->data, err);
}

int model_save(const model_int *mc, const char *dir, const cJSON *doc, trex_err *err) {
  model_int *m = (model_int *)mc; /* model_layers hands out non-const pointers */
  for (const cJSON *it = doc ? doc->child : NULL; it; it = it->next)
    if (!it->string || strncmp(it->string, "doc", 3))
      return trex_errf(err, "model_save: documentation key '%s' must begin with 'doc'",
                       it->string ? it->string : "");
  model_layer *L;
  long nl = model_layers(m, &L);
  if (nl < 0) return trex_errf(err, "out of memory");
  int rc = model_tensors_each(m, L, nl, dir, save_one, NULL, err);
  if (!rc) {
    cJSON *root = model_json(m, L, nl, doc);
    char path[4200];
    snprintf(path, sizeof path, "%s/model.json", dir);
    if (!root) rc = trex_errf(err, "out of memory");
    else rc = trex_json_save(root, path, err);
    cJSON_Delete(root);
  }
  free(L);
  return rc ? -1 : 0;
}

static int name_one(const model_layer *L, model_tensor *t, const char *path, void *ctx,
                    trex_err *err) {
  trex_names_add(ctx, "%s", path);
  return 0;
}

char **model_file_names(model_int *m) {
  model_layer *L = NULL;
  long nl = model_layers(m, &L);
  if (nl < 0) return NULL;
  trex_names l = {0};
  trex_names_add(&l, "model.json");
  int bad = model_tensors_each(m, L, nl, "", name_one, &l, NULL) != 0;
  free(L);
  char **v = trex_names_end(&l);
  if (!bad) return v;
  trex_names_free(v);
  return NULL;
}
