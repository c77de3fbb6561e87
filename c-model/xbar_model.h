/* xbar_model: the golden, bit-exact crossbar tile of
 * ../shared/design/xbar-tile.md.
 *
 * Weights are held as per-column bit planes of the cell digits, inputs are
 * split into bit planes, and each column sum is a handful of popcounts. The
 * result equals the contract arithmetic on every word for every legal
 * configuration (checked against a per-bit reference in tests/unit). */
#ifndef XBAR_MODEL_H
#define XBAR_MODEL_H

#include <stdint.h>

#include "xbar_cfg.h"

#define XBAR_MAX_WORDS 4 /* 256 rows / 64 */

typedef struct {
  xbar_cfg cfg;
  int slices, planes, ncols, words;
  int fs, sh, rnd, qmax;
  /* bits[(c * cell_bits + k) * words + w]: bit k of the digit of every row in
   * physical column c (docs/xbar-tile-rtl.md column map). */
  uint64_t *bits;
} xbar_model;

/* Column sum and ADC code of one physical column in one phase (for the
 * mismatch report). */
typedef struct {
  int phase, plane, slice, column, adc, mux;
  int col_sum, code, recon;
} xbar_trace;

/* Allocates a model for a legal configuration. Returns 0 or fills err. */
int xbar_model_init(xbar_model *m, const xbar_cfg *cfg, trex_err *err);
void xbar_model_free(xbar_model *m);

/* Programs all weights: w[i*outs + j] = w_ij, each within the signed
 * w_bits range. */
void xbar_model_program(xbar_model *m, const int32_t *w);

/* Programs one row i: wrow[j] = w_ij. */
void xbar_model_program_row(xbar_model *m, int i, const int32_t *wrow);

/* One MVM: x[i] are the input values (signed or unsigned per cfg, within
 * x_bits); y[j] receives the 32-bit result. */
void xbar_model_mvm(const xbar_model *m, const int32_t *x, int32_t *y);

/* Fills up to `max` entries describing every (phase, plane, slice) column
 * sum and ADC code that contributes to output j for input x. Returns the
 * number of entries (x_bits * planes * slices). */
int xbar_model_trace(const xbar_model *m, const int32_t *x, int j,
                     xbar_trace *out, int max);

/* The ADC code for a column sum (contract step 4: rounding shift, then
 * saturation at 2^adc_bits - 1). */
int xbar_adc(const xbar_cfg *c, int col_sum);

/* The cell digit stored for weight w in (plane, slice). */
int xbar_digit(const xbar_cfg *c, int32_t w, int plane, int slice);

/* The x_bits-bit pattern of x, and the value of a pattern. */
uint32_t xbar_x_pattern(const xbar_cfg *c, int32_t x);
int32_t xbar_x_value(const xbar_cfg *c, uint32_t pattern);
/* Ranges of legal values. */
int32_t xbar_x_min(const xbar_cfg *c);
int32_t xbar_x_max(const xbar_cfg *c);
int32_t xbar_w_min(const xbar_cfg *c);
int32_t xbar_w_max(const xbar_cfg *c);

#endif
