/* enc_net: the integer ViT on crossbar tiles, driven by the controller's own
 * operation stream (docs/encoder-int.md, sections 3-5).
 *
 * Promises:
 *  - enc_net_init() programs every static-weight tile once (ideal tile, or
 *    the non-ideal one with the per-tile seeds of section 10) and allocates
 *    the run-time tiles of qk and sv; the chip's tile must have w_bits 8,
 *    x_bits 8, x_signed.
 *  - enc_net_run() executes, for N images at once (op by op, image by image
 *    inside an op), the model-level ops patch_embed and pos_embed, then
 *    exactly the records of the schedule in their order (each record's
 *    m, k, n are checked against the model: a mismatch is an error, never a
 *    silent reinterpretation), then final_ln and head. Nothing else runs: a
 *    reusing encoder runs none of the ops the controller skips.
 *  - Every image's result depends only on that image (and its index, for the
 *    non-ideal ADC noise), never on the other images.
 *  - The sink sees every executed op's output for all N images, in order. */
#ifndef ENC_NET_H
#define ENC_NET_H

#include <stddef.h>
#include <stdint.h>

#include "ctrl_chip.h"
#include "ctrl_schedule.h"
#include "enc_linear.h"
#include "model_dir.h"
#include "npy.h"

/* Receives each executed op's output tensor (leading axis N). scope is
 * "model" or "encNN"; op the controller's op name (or patch_embed,
 * pos_embed, final_ln, head). Returns 0, or -1 with err filled to stop. */
typedef struct {
  void *ctx;
  int (*op)(void *ctx, const char *scope, const char *op, npy_dtype dt, int ndim,
            const int64_t *shape, const void *data, trex_err *err);
} enc_sink;

/* Calibration hooks (trex modelgen): called before the requantisation of a
 * linear layer, qk or sv with the accumulators of all N images (`rows`
 * vectors of n, bias not yet added) -- `bias` (NULL for qk, sv) and `rq`
 * (NULL for the head) may be changed -- and before a residual or position
 * add with both operands. */
typedef struct {
  void *ctx;
  void (*lin)(void *ctx, const char *layer, const int64_t *acc, size_t rows, int n,
              int32_t *bias, model_rq *rq);
  void (*add)(void *ctx, const char *layer, const int8_t *a, const int8_t *b, size_t count,
              model_addp *p);
} enc_calib;

typedef struct {
  enc_lin q, k, v, o, fc1, fc2;
  enc_lin *qk, *sv; /* heads each: run-time tiles of K_h^T and V_h */
} enc_net_enc;

typedef struct {
  model_int *m;
  ctrl_chip chip;
  int nonideal;
  int exact; /* no tiles: exact integer products (chip NULL) */
  enc_lin patch_embed, head;
  enc_net_enc enc[VIT_MAX_DEPTH];
  enc_lin *tb_fc1, *tb_fc2; /* per reuse pair (fc2 only with 2 TB layers) */
} enc_net;

/* prm is NULL for the ideal tile. chip NULL runs exact integer products
 * instead of tiles (modelgen's calibration; equal to any lossless tile).
 * m must stay alive (and is not freed). */
int enc_net_init(enc_net *net, model_int *m, const ctrl_chip *chip,
                 const xbar_nonideal_params *prm, trex_err *err);
void enc_net_free(enc_net *net);

/* Runs N images (N x C x H x W int8, each within the model's input range)
 * through the stream of schedule s (built for net->m->vm, net->chip and a
 * reuse list the model allows). logits (N x classes) may be NULL; sink and
 * cal may be NULL. */
int enc_net_run(enc_net *net, const ctrl_schedule *s, const int8_t *images, size_t N,
                const enc_sink *sink, const enc_calib *cal, int32_t *logits, trex_err *err);

/* Patch vectors of one image (T-1 rows of patch_dim; section 2). */
void enc_patches(const model_int *m, const int8_t *image, int8_t *out);

#endif
