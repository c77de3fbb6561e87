#define _POSIX_C_SOURCE 200809L
#include "enc_dump.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "trex_file.h"
#include "trex_json.h"

/* 0 when dir may be replaced: empty, or `marker` present and only regular
 * files inside. */
static int ours(const char *dir, const char *marker, trex_err *err) {
  DIR *d = opendir(dir);
  if (!d) return trex_errf(err, "%s: cannot read the directory: %s", dir, strerror(errno));
  int n = 0, has_marker = 0, other = 0;
  struct dirent *e;
  char p[4400];
  while ((e = readdir(d)) != NULL) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    n++;
    if (!strcmp(e->d_name, marker)) has_marker = 1;
    snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
    struct stat st;
    if (lstat(p, &st) || !S_ISREG(st.st_mode)) other = 1;
  }
  closedir(d);
  if (n == 0 || (has_marker && !other)) return 0;
  return trex_errf(err,
                   "%s: exists and is not an earlier output of this command (no %s, or "
                   "not only files): not replaced",
                   dir, marker);
}

int enc_outdir_begin(enc_outdir *o, const char *dir, const char *marker, trex_err *err) {
  memset(o, 0, sizeof *o);
  if (!*dir) return trex_errf(err, "output directory: empty name");
  if (strlen(dir) + 32 >= sizeof o->dir) return trex_errf(err, "%s: path too long", dir);
  snprintf(o->dir, sizeof o->dir, "%s", dir);
  struct stat st;
  if (lstat(dir, &st) == 0) {
    if (!S_ISDIR(st.st_mode)) return trex_errf(err, "%s: exists and is not a directory", dir);
    if (ours(dir, marker, err)) return -1;
  }
  return trex_tmpdir_beside(dir, o->tmp, sizeof o->tmp, err);
}

int enc_outdir_path(const enc_outdir *o, const char *name, char *buf, size_t n, trex_err *err) {
  if ((size_t)snprintf(buf, n, "%s/%s", o->tmp, name) >= n)
    return trex_errf(err, "%s: path too long", o->dir);
  return 0;
}

int enc_outdir_commit(enc_outdir *o, trex_err *err) {
  if (trex_dir_replace(o->tmp, o->dir, err)) {
    enc_outdir_abort(o);
    return -1;
  }
  o->tmp[0] = '\0';
  return 0;
}

void enc_outdir_abort(enc_outdir *o) {
  if (o->tmp[0]) trex_dir_remove(o->tmp);
  o->tmp[0] = '\0';
}

int enc_dump_begin(enc_dump *d, const char *dir, const char *name, const char *reuse,
                   size_t inputs, trex_err *err) {
  memset(d, 0, sizeof *d);
  d->root = cJSON_CreateObject();
  if (!d->root) return trex_errf(err, "out of memory");
  cJSON_AddStringToObject(d->root, "format", ENC_DUMP_FORMAT);
  cJSON_AddNumberToObject(d->root, "version", 1);
  cJSON_AddStringToObject(d->root, "model", name);
  cJSON_AddStringToObject(d->root, "reuse", reuse);
  cJSON_AddNumberToObject(d->root, "inputs", (double)inputs);
  d->ops = cJSON_AddArrayToObject(d->root, "ops");
  if (!d->ops || enc_outdir_begin(&d->out, dir, "dump.json", err)) {
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
