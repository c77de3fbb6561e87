/* acc_eval: top-1 of an integer ViT on a labelled dataset, through the golden
 * model (enc_net_run on the chip's tiles, the same library calls as
 * `trex infer`), for one reuse list on one programmed network.
 *
 * Promises:
 *  - acc_schedule() builds the controller's schedule of a reuse list for the
 *    model and chip and checks that the model allows every resolved pair (the
 *    same checks and messages as `trex infer`).
 *  - acc_run_list() runs the first n images of d through net (tiles already
 *    programmed: a network serves any number of reuse lists and runs) and
 *    returns, per image, whether the predicted class (argmax, ties to the lower
 *    index, docs/encoder-int.md section 5) equals the label, the number right,
 *    the logits when asked for, and the wall and CPU time (of the calling
 *    thread) of the run. Image k
 *    is image k of the file: its non-ideal ADC noise stream is the one
 *    `trex infer` gives image k of the same file.
 *  - No allocation per MVM: the network's tiles and buffers are made by
 *    enc_net_init; a run allocates its activations once. */
#ifndef ACC_EVAL_H
#define ACC_EVAL_H

#include <stddef.h>
#include <stdint.h>

#include "acc_data.h"
#include "enc_net.h"

/* Progress: called after each executed op with (done, total) ops of the run. */
typedef struct {
  void (*fn)(void *ctx, size_t done, size_t total);
  void *ctx;
} acc_progress;

typedef struct {
  size_t images, correct;
  uint8_t *right;   /* images: 1 when right */
  int32_t *logits;  /* images x classes, or NULL when not asked for */
  double wall_s, cpu_s;
} acc_run;

/* Parses `reuse` (trex schedule syntax), builds the schedule for m on chip c
 * and checks the model's reuse_pairs (`where` names model.json in messages).
 * `resolved` (size rn, may be NULL) gets "ENC:SRC,..." in encoder order. */
int acc_schedule(const model_int *m, const ctrl_chip *c, const char *reuse, const char *where,
                 ctrl_schedule *s, char *resolved, size_t rn, trex_err *err);

/* "ENC:SRC,..." of a built schedule ("" for none). */
void acc_resolved(const ctrl_schedule *s, char *buf, size_t n);

/* Runs images 0..n-1 of d (n <= d->n). want_logits: keep the logits. */
int acc_run_list(enc_net *net, const ctrl_schedule *s, const acc_data *d, size_t n,
                 int want_logits, const acc_progress *pr, acc_run *out, trex_err *err);
void acc_run_free(acc_run *r);

/* Predicted class: the smallest index among the largest logits. */
int acc_argmax(const int32_t *logits, int k);

#endif
