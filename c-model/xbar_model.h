/* xbar_model: the golden, bit-exact crossbar tile of
 * ../shared/design/xbar-tile.md.
 *
 * Weights are held as per-column bit planes of the cell digits, inputs are
 * split into bit planes, and each column sum is a handful of popcounts. The
 * result equals the contract arithmetic on every word for every legal
 * configuration (checked against a per-bit reference in tests/unit).
 *
 * Speed (docs/performance.md, "Golden model"): the popcounts run in a
 * clone compiled for the POPCNT instruction when the CPU has it (run-time
 * dispatch, so the same binary runs on every x86-64 and on other
 * architectures); input planes that are all zero are skipped; with a
 * lossless ADC (adc_bits >= bitlen(fs)) every conversion is exact and the
 * MVM is computed as the integer product of the decoded weights, which is
 * the same number. All kernels give the same words (tests/unit). */
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
  /* lossless: sh == 0 (every column sum converts exactly). wq[i*outs + j]:
   * the weight value the stored digits of row i, output j represent. */
  int lossless;
  int16_t *wq;
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

/* The MVM kernels behind xbar_model_mvm (tests and benchmarks pick one;
 * all give the same words):
 *   XBAR_KERNEL_AUTO      what xbar_model_mvm does: POPCNT when the CPU
 *                         has it, else PORTABLE; the exact product when
 *                         lossless.
 *   XBAR_KERNEL_PORTABLE  bit planes with the portable popcount.
 *   XBAR_KERNEL_POPCNT    bit planes with the POPCNT instruction (x86 only).
 *   XBAR_KERNEL_EXACT     the integer product of the decoded weights (only
 *                         when m->lossless).
 * xbar_model_mvm_kernel returns 0, or -1 (y untouched) when the kernel
 * cannot run here (no POPCNT, or EXACT on a lossy configuration). */
typedef enum {
  XBAR_KERNEL_AUTO = 0,
  XBAR_KERNEL_PORTABLE,
  XBAR_KERNEL_POPCNT,
  XBAR_KERNEL_EXACT
} xbar_kernel;
int xbar_model_mvm_kernel(const xbar_model *m, xbar_kernel k, const int32_t *x, int32_t *y);
/* The kernel XBAR_KERNEL_AUTO runs for m ("exact", "popcnt", "portable"). */
const char *xbar_model_kernel_name(const xbar_model *m);

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
