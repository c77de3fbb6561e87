/* acc_data: the dataset directory of the accuracy measurement. */
#define _POSIX_C_SOURCE 200809L
#include "acc_data.h"

#include <stdio.h>
#include <string.h>

#include "trex_json.h"

int acc_images_check(const char *where, const model_int *m, const int8_t *px, size_t n,
                     trex_err *err) {
  size_t hw = (size_t)m->height * (size_t)m->width, per = (size_t)m->channels * hw;
  for (size_t k = 0; k < n * per; k++)
    if (px[k] < m->in_min || px[k] > m->in_max) {
      size_t img = k / per, r = k % per;
      return trex_errf(err,
                       "%s: image %zu, element [%zu, %zu, %zu] is %d, outside the model's "
                       "input range %d..%d (image.input_min/input_max)",
                       where, img, r / hw, (r % hw) / (size_t)m->width, r % (size_t)m->width,
                       px[k], m->in_min, m->in_max);
    }
  return 0;
}

/* split.json: format, version, count, and the optional shape, classes, dtype. */
static int check_split(const char *path, const model_int *m, size_t n, acc_data *d,
                       trex_err *err) {
  cJSON *root = trex_json_load(path, err);
  if (!root) return -1;
  int rc = -1;
  const char *dtype, *part;
  int64_t v;
  if (trex_json_format(root, path, "trex-dataset", 1, err)) goto out;
  if (trex_json_int(root, "count", path, true, 0, 0, INT64_MAX, &v, err)) goto out;
  if ((uint64_t)v != n) {
    trex_errf(err, "%s: key 'count': %lld, but images.npy and labels.npy hold %zu images",
              path, (long long)v, n);
    goto out;
  }
  if (trex_json_int(root, "classes", path, false, m->vm.classes, 1, 65535, &v, err)) goto out;
  if (v != m->vm.classes) {
    trex_errf(err, "%s: key 'classes': %lld, but the model has %d classes", path,
              (long long)v, m->vm.classes);
    goto out;
  }
  if (trex_json_str(root, "dtype", path, false, "int8", &dtype, err)) goto out;
  if (strcmp(dtype, "int8")) {
    trex_errf(err, "%s: key 'dtype': '%s' is not 'int8'", path, dtype);
    goto out;
  }
  const cJSON *sh = cJSON_GetObjectItemCaseSensitive(root, "shape");
  if (sh) {
    int want[3] = {m->channels, m->height, m->width};
    int ok = cJSON_IsArray(sh) && cJSON_GetArraySize(sh) == 3;
    for (int k = 0; ok && k < 3; k++) {
      const cJSON *e = cJSON_GetArrayItem(sh, k);
      ok = cJSON_IsNumber(e) && e->valuedouble == want[k];
    }
    if (!ok) {
      trex_errf(err, "%s: key 'shape': expected [%d, %d, %d] (the model's channels, height, "
                     "width)",
                path, want[0], want[1], want[2]);
      goto out;
    }
  }
  d->part[0] = '\0';
  if (trex_json_str(root, "part", path, false, "", &part, err)) goto out;
  snprintf(d->part, sizeof d->part, "%s", part);
  rc = 0;
out:
  cJSON_Delete(root);
  return rc;
}

int acc_data_load(const char *dir, const model_int *m, acc_data *d, trex_err *err) {
  memset(d, 0, sizeof *d);
  char path[4200];
  snprintf(path, sizeof path, "%s/images.npy", dir);
  int64_t ishape[4] = {-1, m->channels, m->height, m->width};
  if (npy_load_as(path, NPY_I8, 4, ishape, &d->img, err)) return -1;
  size_t n = (size_t)d->img.shape[0];
  if (n == 0) {
    trex_errf(err, "%s: no images (shape[0] is 0)", path);
    goto fail;
  }
  if (acc_images_check(path, m, d->img.data, n, err)) goto fail;
  snprintf(path, sizeof path, "%s/labels.npy", dir);
  int64_t lshape[1] = {(int64_t)n};
  if (npy_load_as(path, NPY_I64, 1, lshape, &d->lab, err)) goto fail;
  const int64_t *lab = d->lab.data;
  for (size_t k = 0; k < n; k++)
    if (lab[k] < 0 || lab[k] >= m->vm.classes) {
      trex_errf(err, "%s: label %zu is %lld, outside the model's classes 0..%d", path, k,
                (long long)lab[k], m->vm.classes - 1);
      goto fail;
    }
  snprintf(path, sizeof path, "%s/split.json", dir);
  if (check_split(path, m, n, d, err)) goto fail;
  d->n = n;
  d->C = m->channels;
  d->H = m->height;
  d->W = m->width;
  d->images = d->img.data;
  d->labels = d->lab.data;
  return 0;
fail:
  acc_data_free(d);
  return -1;
}

void acc_data_free(acc_data *d) {
  npy_free(&d->img);
  npy_free(&d->lab);
  memset(d, 0, sizeof *d);
}
