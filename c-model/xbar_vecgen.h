/* xbar_vecgen: deterministic stimulus for the tile, random and corner. */
#ifndef XBAR_VECGEN_H
#define XBAR_VECGEN_H

#include <stdint.h>

#include "xbar_cfg.h"

typedef enum { XBAR_GEN_RANDOM = 0, XBAR_GEN_CORNER = 1, XBAR_GEN_MIXED = 2 } xbar_gen_mode;

/* Weight-matrix kinds (one per set) and input-vector kinds (one per vector). */
typedef enum {
  XBAR_W_RANDOM, XBAR_W_MAX, XBAR_W_MIN, XBAR_W_ALTERNATE, XBAR_W_SPARSE,
  XBAR_W_ZERO, XBAR_W_KINDS
} xbar_wkind;
typedef enum {
  XBAR_X_RANDOM, XBAR_X_MAX, XBAR_X_MIN, XBAR_X_ALTERNATE, XBAR_X_SPARSE,
  XBAR_X_ONES, XBAR_X_SINGLE_ROW, XBAR_X_ZERO, XBAR_X_KINDS
} xbar_xkind;

const char *xbar_wkind_name(xbar_wkind k);
const char *xbar_xkind_name(xbar_xkind k);
int xbar_gen_mode_parse(const char *s, xbar_gen_mode *m);
const char *xbar_gen_mode_name(xbar_gen_mode m);

/* Weight kind the generator uses for (mode, seed): random in random mode; in
 * corner mode seed % XBAR_W_KINDS picks it; mixed uses random weights. */
xbar_wkind xbar_vecgen_wkind(xbar_gen_mode mode, uint64_t seed);
/* Input kind for vector v: random mode always random; corner mode cycles
 * through every kind but random; mixed alternates corner kinds with random. */
xbar_xkind xbar_vecgen_xkind(xbar_gen_mode mode, long v);

/* Fills w (rows*outs) and x (count*rows) for the configuration. The same
 * (cfg, count, seed, mode) always gives the same stimulus. "ones" sets every
 * input bit (with "max" weights every column reaches the largest sum its
 * encoding allows, which saturates the ADC wherever the rounding can). */
void xbar_vecgen(const xbar_cfg *c, long count, uint64_t seed,
                 xbar_gen_mode mode, int32_t *w, int32_t *x);

#endif
