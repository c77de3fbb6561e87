/* Dataset directory of the accuracy measurement (acc_data_load): images.npy,
 * labels.npy and split.json (the input's three parts, separated by "\n%%\n")
 * checked against the built-in "tiny" model. An accepted set has every pixel
 * within the model's input range and every label a class; a refused one gets
 * one line naming the file. */
#include <string.h>

#include "acc_data.h"
#include "enc_gen.h"
#include "fuzz_check.h"
#include "fuzz_util.h"

static model_int model;

static const model_int *tiny(void) {
  static int made;
  if (!made) {
    enc_shape sh;
    trex_err err = {{0}};
    if (enc_shape_builtin("tiny", &sh, &err) || enc_gen(&sh, 1, &model, &err)) {
      fprintf(stderr, "fuzz_dataset: %s\n", err.msg);
      abort();
    }
    made = 1;
  }
  return &model;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const model_int *m = tiny();
  const uint8_t *part[3] = {0};
  size_t len[3] = {0};
  int np = fuzz_split(data, size, part, len, 3);
  static const char *names[3] = {"images.npy", "labels.npy", "split.json"};
  for (int k = 0; k < 3; k++)
    fuzz_put(k, names[k], k < np ? part[k] : (const uint8_t *)"", k < np ? len[k] : 0);
  acc_data d;
  trex_err err = {{0}};
  if (fuzz_refused(acc_data_load(fuzz_workdir(), m, &d, &err), &err, NULL)) {
    FUZZ_REQUIRE(strstr(err.msg, fuzz_workdir()) != NULL, "message names the file");
    return 0;
  }
  FUZZ_REQUIRE(d.n >= 1, "no images accepted");
  FUZZ_REQUIRE(d.C == m->channels && d.H == m->height && d.W == m->width, "shape");
  size_t px = (size_t)d.C * d.H * d.W;
  for (size_t i = 0; i < d.n * px; i++)
    FUZZ_REQUIRE(d.images[i] >= m->in_min && d.images[i] <= m->in_max, "pixel range");
  for (size_t i = 0; i < d.n; i++)
    FUZZ_REQUIRE(d.labels[i] >= 0 && d.labels[i] < m->vm.classes, "label range");
  acc_data_free(&d);
  return 0;
}
