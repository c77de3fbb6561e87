/* xbar_ref: a deliberately naive, per-bit, per-row transcription of the
 * contract arithmetic (../shared/design/xbar-tile.md), written apart from
 * the fast model so the two can be compared. Slow; tests and benchmarks only. */
#ifndef XBAR_REF_H
#define XBAR_REF_H

#include <stdint.h>

#include "xbar_cfg.h"

/* y[j] for j < outs, from w[i*outs+j] and x[i] (values). */
void xbar_ref_mvm(const xbar_cfg *c, const int32_t *w, const int32_t *x, int32_t *y);

/* The exact integer product sum_i x_i * w_ij. */
void xbar_ref_exact(const xbar_cfg *c, const int32_t *w, const int32_t *x, int64_t *y);

#endif
