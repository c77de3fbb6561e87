/* enc_gen: random but well-scaled integer ViT models for verification
 * (trex modelgen; docs/encoder-int.md, section 12): named shapes and shape
 * files, the random draws, and the calibration that sets every requant
 * multiplier and shift from the accumulators of random images, so that no
 * tensor saturates or vanishes.
 *
 * Promises:
 *  - enc_gen() is a pure function of (shape, seed): the same arguments give
 *    the same model bit for bit (trex_rng draws; IEEE doubles and libm's
 *    exp/erf/sqrt/log2 only for the tables, the statistics and the scale
 *    choice, with no contraction of floating-point operations under C11).
 *  - The model it returns passes every rule of model_dir (it is written and
 *    read back by the same code as any other model) and has a TB for every
 *    pair 0 <= source < encoder < depth. */
#ifndef ENC_GEN_H
#define ENC_GEN_H

#include <stddef.h>
#include <stdint.h>

#include "model_dir.h"
#include "trex_err.h"

typedef struct {
  char name[64];
  int channels, height, width, patch;
  int embedding, heads, mlp, depth, tb_hidden, tb_layers, classes;
  int in_min, in_max;
  double input_scale; /* documentation */
} enc_shape;

/* Built-in shapes: tiny, digits, odd, wide, long (docs/encoder-int.md, 12). */
int enc_shape_builtin(const char *name, enc_shape *s, trex_err *err);
const char *const *enc_shape_names(void);
/* A shape JSON file: {name, channels, height, width, patch, embedding, heads,
 * mlp, depth, classes, input_min, input_max (ints); tb_hidden, tb_layers
 * (optional: max(1, E/4), 2); input_scale (optional number)}. */
int enc_shape_load(const char *path, enc_shape *s, trex_err *err);
/* A built-in name, else a file. */
int enc_shape_resolve(const char *name_or_file, enc_shape *s, trex_err *err);

/* Calibration targets (documented in section 12). */
#define ENC_GEN_TARGET_RMS 32.0 /* every calibrated int8 tensor */
#define ENC_GEN_ACT_SCALE (1.0 / 32) /* nominal scale of those tensors */
#define ENC_GEN_CAL_IMAGES 32

/* Generates and calibrates a model. m is filled (free with model_free). */
int enc_gen(const enc_shape *sh, uint64_t seed, model_int *m, trex_err *err);

/* Per-op statistics of int8 outputs on random images. */
typedef struct {
  char op[24];
  uint64_t elems, sat, zero;
} enc_gen_stat;

/* Runs `images` random images (seeded by seed) through m with the reuse
 * list `reuse` with exact integer products (any lossless tile) and fills up to max rows of
 * per-op statistics (aggregated over encoders, in first-seen order).
 * Returns the number of rows or -1. */
int enc_gen_measure(model_int *m, uint64_t seed, size_t images, const char *reuse,
                    enc_gen_stat *out, int max, trex_err *err);


#endif
