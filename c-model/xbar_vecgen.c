#include "xbar_vecgen.h"

#include <string.h>

#include "trex_name.h"
#include "trex_rng.h"
#include "xbar_model.h"

static const char *const wnames[] = {"random", "max", "min", "alternate", "sparse", "zero"};
static const char *const xnames[] = {"random", "max", "min", "alternate",
                                     "sparse", "ones", "single_row", "zero"};
static const char *const mnames[] = {"random", "corner", "mixed"};

const char *xbar_wkind_name(xbar_wkind k) { return wnames[k]; }
const char *xbar_xkind_name(xbar_xkind k) { return xnames[k]; }
const char *xbar_gen_mode_name(xbar_gen_mode m) { return mnames[m]; }

int xbar_gen_mode_parse(const char *s, xbar_gen_mode *m) {
  int k = trex_name_find(mnames, 3, s);
  if (k < 0) return -1;
  *m = (xbar_gen_mode)k;
  return 0;
}

xbar_wkind xbar_vecgen_wkind(xbar_gen_mode mode, uint64_t seed) {
  if (mode == XBAR_GEN_CORNER) return (xbar_wkind)(seed % XBAR_W_KINDS);
  return XBAR_W_RANDOM;
}

xbar_xkind xbar_vecgen_xkind(xbar_gen_mode mode, long v) {
  switch (mode) {
    case XBAR_GEN_CORNER:
      return (xbar_xkind)(1 + v % (XBAR_X_KINDS - 1));
    case XBAR_GEN_MIXED:
      return (v % 2) ? XBAR_X_RANDOM : (xbar_xkind)(1 + (v / 2) % (XBAR_X_KINDS - 1));
    default:
      return XBAR_X_RANDOM;
  }
}

void xbar_vecgen(const xbar_cfg *c, long count, uint64_t seed,
                 xbar_gen_mode mode, int32_t *w, int32_t *x) {
  trex_rng r;
  trex_rng_seed(&r, seed);
  int32_t wmin = xbar_w_min(c), wmax = xbar_w_max(c);
  int32_t xmin = xbar_x_min(c), xmax = xbar_x_max(c);
  xbar_wkind wk = xbar_vecgen_wkind(mode, seed);
  for (int i = 0; i < c->rows; i++)
    for (int j = 0; j < c->outs; j++) {
      int32_t v;
      switch (wk) {
        case XBAR_W_MAX: v = wmax; break;
        case XBAR_W_MIN: v = wmin; break;
        case XBAR_W_ALTERNATE: v = ((i + j) % 2) ? wmin : wmax; break;
        case XBAR_W_SPARSE:
          v = trex_rng_range(&r, 0, 7) == 0 ? (int32_t)trex_rng_range(&r, wmin, wmax) : 0;
          break;
        case XBAR_W_ZERO: v = 0; break;
        default: v = (int32_t)trex_rng_range(&r, wmin, wmax); break;
      }
      w[i * c->outs + j] = v;
    }
  /* the pattern with every bit set */
  int32_t ones = xbar_x_value(c, (1u << c->x_bits) - 1u);
  for (long v = 0; v < count; v++) {
    int32_t *xv = x + v * c->rows;
    xbar_xkind k = xbar_vecgen_xkind(mode, v);
    int single = (int)trex_rng_range(&r, 0, c->rows - 1);
    for (int i = 0; i < c->rows; i++) {
      int32_t val;
      switch (k) {
        case XBAR_X_MAX: val = xmax; break;
        case XBAR_X_MIN: val = xmin; break;
        case XBAR_X_ALTERNATE: val = (i % 2) ? xmin : xmax; break;
        case XBAR_X_SPARSE:
          val = trex_rng_range(&r, 0, 7) == 0 ? (int32_t)trex_rng_range(&r, xmin, xmax) : 0;
          break;
        case XBAR_X_ONES: val = ones; break;
        case XBAR_X_SINGLE_ROW: val = i == single ? xmax : 0; break;
        case XBAR_X_ZERO: val = 0; break;
        default: val = (int32_t)trex_rng_range(&r, xmin, xmax); break;
      }
      xv[i] = val;
    }
  }
}
