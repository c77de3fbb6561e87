/* xbar_cycles: the RTL tile's cycle counts, exactly (docs/xbar-tile-rtl.md). */
#ifndef XBAR_CYCLES_H
#define XBAR_CYCLES_H

#include <stdint.h>

#include "xbar_cfg.h"

/* Conversion steps per MVM: x_bits * cols_per_adc. */
int64_t xbar_cycles_steps(const xbar_cfg *c);
/* Latency: edges from the input-accept edge to the edge after which the
 * result is valid: steps + 2. */
int64_t xbar_cycles_latency(const xbar_cfg *c);
/* Edges one MVM occupies back to back (accept + latency + output
 * handshake): latency + 2. */
int64_t xbar_cycles_per_mvm(const xbar_cfg *c);
/* Edges to program every row: rows. */
int64_t xbar_cycles_program(const xbar_cfg *c);
/* Edges of a file-driven run of `count` vectors after reset with the output
 * always ready: program + count * per_mvm. */
int64_t xbar_cycles_run(const xbar_cfg *c, int64_t count);
/* ADC conversions per MVM: x_bits * physical columns. */
int64_t xbar_adc_conversions_per_mvm(const xbar_cfg *c);

#endif
