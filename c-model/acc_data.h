/* acc_data: a labelled dataset directory for the accuracy measurement
 * (docs/accuracy.md, "Dataset directory"):
 *   images.npy  int8 (N, C, H, W), every pixel within the model's
 *               input_min..input_max
 *   labels.npy  int64 (N,), every label in 0 .. classes-1
 *   split.json  {"format": "trex-dataset", "version": 1, "count": N, ...}
 *               with optional "shape" [C, H, W], "classes", "dtype" "int8"
 *               checked when present; every other key (part, provenance,
 *               split rule, indices, ...) is documentation.
 *
 * Promises:
 *  - acc_data_load() returns 0 only when all three files exist and meet
 *    every rule above for the given model; otherwise one line in err naming
 *    the file and the key (or the first bad element), and nothing kept. */
#ifndef ACC_DATA_H
#define ACC_DATA_H

#include <stddef.h>
#include <stdint.h>

#include "model_dir.h"
#include "npy.h"
#include "trex_err.h"

typedef struct {
  size_t n;        /* images */
  int C, H, W;
  const int8_t *images;  /* n x C x H x W */
  const int64_t *labels; /* n */
  char part[32];   /* split.json "part" when it is a string, else "" */
  npy_array img, lab; /* owners of the data */
} acc_data;

int acc_data_load(const char *dir, const model_int *m, acc_data *d, trex_err *err);
void acc_data_free(acc_data *d);

/* Checks images (n x C x H x W) against the model's input range: "WHERE:
 * image N, element [c, y, x] is V, outside the model's input range LO..HI
 * (image.input_min/input_max)". */
int acc_images_check(const char *where, const model_int *m, const int8_t *px, size_t n,
                     trex_err *err);

#endif
