/* enc_linear: a k x n matrix product on crossbar tiles, cut into row and
 * column blocks exactly as the controller maps it (docs/controller.md,
 * "Mapping rules"; docs/encoder-int.md, section 4), on the ideal tile
 * (xbar_model) or the non-ideal one (xbar_nonideal, section 10).
 *
 * Promises:
 *  - enc_lin_mvm() gives acc_j = sum over row blocks (in order) of the tile
 *    words, for one input vector, with missing rows and columns of the last
 *    blocks as weight 0 / input 0 and the outputs of missing columns dropped.
 *    With a lossless ADC acc is the exact integer product.
 *  - No allocation after enc_lin_init() except enc_lin_program() of a
 *    non-ideal static layer (which draws its cells anew); the MVM loop uses
 *    buffers made at init.
 *  - Static layers are programmed once; run-time layers (K^T, V) take
 *    enc_lin_program() once per image, encoder and head. */
#ifndef ENC_LINEAR_H
#define ENC_LINEAR_H

#include <stdint.h>

#include "trex_err.h"
#include "xbar_model.h"
#include "xbar_nonideal.h"

typedef struct {
  int k, n;   /* matrix: k inputs x n outputs */
  int R, O;   /* tile rows, outputs */
  int rb, cb; /* row blocks ceil(k/R), column blocks ceil(n/O) */
  int runtime; /* 1: cells written at run time (ADC noise/offset only) */
  int8_t *exact; /* k x n weights of the exact-product mode (no tiles), else NULL */
  xbar_cfg cfg;
  xbar_model *tiles;           /* rb*cb ideal tiles (NULL when non-ideal) */
  xbar_nonideal *ni;           /* rb*cb non-ideal tiles (NULL when ideal) */
  xbar_nonideal_params prm;    /* non-ideal parameters (seed = the user's) */
  uint64_t *seed;              /* rb*cb tile seeds (non-ideal) */
  int32_t *xbuf, *ybuf, *wbuf; /* R, O, R*O scratch */
} enc_lin;

/* FNV-1a 64 of a NUL-terminated string (section 10). */
uint64_t enc_fnv1a64(const char *s);

/* Makes the tiles of a k x n layer (1 <= k, n <= 65535) on tile cfg. prm is
 * NULL for the ideal tile. cfg NULL is the exact-product mode: no tiles,
 * acc_j = sum_i x_i * w_ij (what every lossless tile gives; modelgen's
 * calibration uses it for speed). `layer` names the layer for the non-ideal tile
 * keys (<layer>.h<head>.r<b>.c<c>). Weights are 0 until programmed. */
int enc_lin_init(enc_lin *l, const xbar_cfg *cfg, int k, int n,
                 const xbar_nonideal_params *prm, int runtime, const char *layer,
                 int head, trex_err *err);
void enc_lin_free(enc_lin *l);

/* Programs W (k x n int8, row-major: W[i*n + j] = w_ij) into the tiles. */
int enc_lin_program(enc_lin *l, const int8_t *W, trex_err *err);

/* Seeds every tile's ADC noise stream for image `image` (section 10); a no-op
 * on the ideal tile. */
void enc_lin_seed_image(enc_lin *l, uint64_t image);

/* One input vector x (k int8) -> acc (n int64), sums of the tile words. */
void enc_lin_mvm(enc_lin *l, const int8_t *x, int64_t *acc);

#endif
