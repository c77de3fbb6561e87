/* xbar_nonideal: the tile with device and converter non-idealities, for
 * accuracy studies only (never for RTL comparison). All draws are seeded. */
#ifndef XBAR_NONIDEAL_H
#define XBAR_NONIDEAL_H

#include <stdint.h>

#include "trex_rng.h"
#include "xbar_model.h"

typedef struct {
  double g_sigma;    /* relative std-dev of each cell's conductance (0.05 = 5%) */
  double stuck_off;  /* fraction of cells stuck at digit 0 */
  double stuck_on;   /* fraction of cells stuck at the largest digit */
  double adc_sigma;  /* ADC input-referred noise, std-dev in LSB of the code */
  double adc_offset; /* ADC offset in LSB of the code */
  uint64_t seed;
} xbar_nonideal_params;

/* Upper limit of g_sigma, adc_sigma and adc_offset: far beyond any device,
 * and low enough that no intermediate of the model overflows. */
#define XBAR_NONIDEAL_MAX 1e6

/* Parses "g_sigma=0.05,stuck_off=0.01,adc_sigma=0.5,seed=3" (any subset;
 * unset keys are 0, seed 1). Values are strict decimals (trex_num.h):
 * stuck_off and stuck_on in 0..1, the others in 0..XBAR_NONIDEAL_MAX, seed
 * a whole number. Fails naming the key. */
int xbar_nonideal_parse(const char *spec, xbar_nonideal_params *p,
                        trex_err *err);

typedef struct {
  xbar_cfg cfg;
  xbar_nonideal_params prm;
  double *g; /* rows * ncols effective cell values (in digit units) */
  double *colsum; /* x_bits * ncols scratch: column sums per input phase */
  int slices, planes, ncols;
  trex_rng noise; /* ADC noise stream */
} xbar_nonideal;

int xbar_nonideal_init(xbar_nonideal *n, const xbar_cfg *cfg,
                       const xbar_nonideal_params *p, const int32_t *w,
                       trex_err *err);
void xbar_nonideal_free(xbar_nonideal *n);

/* One MVM with the non-idealities; the ADC noise stream advances per call.
 * With every parameter zero the result equals xbar_model_mvm. No allocation.
 * Each column value is the double sum over the rows whose input bit is 1, in
 * increasing row order, from 0.0 (docs/encoder-int.md, section 10); columns
 * are summed eight at a time over a list of the active rows (the same
 * additions per column in the same order, so the same doubles as summing one
 * column at a time: tests/unit/test_nonideal.c compares them bit for bit). */
void xbar_nonideal_mvm(xbar_nonideal *n, const int32_t *x, int32_t *y);

#endif
