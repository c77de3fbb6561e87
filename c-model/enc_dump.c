#define _POSIX_C_SOURCE 200809L
#include "enc_dump.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ctrl_schedule.h"
#include "trex_file.h"
#include "trex_json.h"

int enc_outdir_begin(enc_outdir *o, const char *dir, char **own, const char *marker,
                     const char *marker_text, const char *what, int flags, trex_err *err) {
  memset(o, 0, sizeof *o);
  if (!own) return trex_errf(err, "out of memory");
  o->own = own;
  if (trex_outdir_open(&o->out, dir, (const char *const *)own, marker, marker_text, what, flags,
                       err)) {
    trex_names_free(o->own);
    o->own = NULL;
    return -1;
  }
  return 0;
}

const char *enc_outdir_stage(const enc_outdir *o) { return o->out.stage; }

int enc_outdir_path(const enc_outdir *o, const char *name, char *buf, size_t n, trex_err *err) {
  if ((size_t)snprintf(buf, n, "%s/%s", o->out.stage, name) >= n)
    return trex_errf(err, "%s: path too long", o->out.dir);
  return 0;
}

int enc_outdir_commit(enc_outdir *o, trex_err *err) {
  int rc = trex_outdir_commit(&o->out, err);
  trex_names_free(o->own);
  o->own = NULL;
  return rc;
}

void enc_outdir_abort(enc_outdir *o) {
  if (o->own) trex_outdir_abort(&o->out);
  trex_names_free(o->own);
  o->own = NULL;
}

/* Every file a dump can hold (of any model: an earlier dump of a deeper
 * model is as much ours as one of this model). */
static char **dump_names(void) {
  static const char *const model_ops[] = {"patch_embed", "pos_embed", "final_ln", "head"};
  trex_names l = {0};
  trex_names_add(&l, "dump.json");
  for (int i = 0; i < 4; i++) trex_names_add(&l, "model.%s.npy", model_ops[i]);
  for (int e = 0; e < VIT_MAX_DEPTH; e++)
    for (int op = 0; op < CTRL_OP_COUNT; op++)
      trex_names_add(&l, "enc%02d.%s.npy", e, ctrl_op_name((ctrl_op)op));
  return trex_names_end(&l);
}

int enc_dump_begin(enc_dump *d, const char *dir, const char *name, const char *reuse,
                   size_t inputs, int flags, trex_err *err) {
  memset(d, 0, sizeof *d);
  d->root = cJSON_CreateObject();
  if (!d->root) return trex_errf(err, "out of memory");
  cJSON_AddStringToObject(d->root, "format", ENC_DUMP_FORMAT);
  cJSON_AddNumberToObject(d->root, "version", 1);
  cJSON_AddStringToObject(d->root, "model", name);
  cJSON_AddStringToObject(d->root, "reuse", reuse);
  cJSON_AddNumberToObject(d->root, "inputs", (double)inputs);
  d->ops = cJSON_AddArrayToObject(d->root, "ops");
  if (!d->ops || enc_outdir_begin(&d->out, dir, dump_names(), "dump.json", ENC_DUMP_FORMAT,
                                "trex infer --dump", flags, err)) {
    if (!d->ops) trex_errf(err, "out of memory");
    cJSON_Delete(d->root);
    d->root = NULL;
    return -1;
  }
  return 0;
}

int enc_dump_op(void *ctx, const char *scope, const char *op, npy_dtype dt, int ndim,
                const int64_t *shape, const void *data, trex_err *err) {
  enc_dump *d = ctx;
  char file[128], path[4400];
  snprintf(file, sizeof file, "%s.%s.npy", scope, op);
  if (enc_outdir_path(&d->out, file, path, sizeof path, err)) return -1;
  if (npy_save(path, dt, ndim, shape, data, err)) return -1;
  cJSON *o = cJSON_CreateObject();
  if (!o) return trex_errf(err, "out of memory");
  cJSON_AddItemToArray(d->ops, o);
  cJSON_AddStringToObject(o, "scope", scope);
  cJSON_AddStringToObject(o, "op", op);
  cJSON_AddStringToObject(o, "file", file);
  cJSON_AddStringToObject(o, "dtype", npy_dtype_name(dt));
  cJSON *sh = cJSON_AddArrayToObject(o, "shape");
  for (int k = 0; sh && k < ndim; k++) cJSON_AddItemToArray(sh, cJSON_CreateNumber((double)shape[k]));
  return 0;
}

int enc_dump_commit(enc_dump *d, trex_err *err) {
  char path[4400];
  int rc = enc_outdir_path(&d->out, "dump.json", path, sizeof path, err);
  if (!rc) rc = trex_json_save(d->root, path, err);
  if (!rc) rc = enc_outdir_commit(&d->out, err);
  else enc_outdir_abort(&d->out);
  cJSON_Delete(d->root);
  d->root = NULL;
  return rc;
}

void enc_dump_abort(enc_dump *d) {
  enc_outdir_abort(&d->out);
  cJSON_Delete(d->root);
  d->root = NULL;
}
