/* units_cycles: the exact cycle counts of the integer encoder's digital
 * units (rtl/enc_softmax.sv, enc_layernorm.sv, enc_gelu.sv, enc_requant.sv,
 * enc_add.sv; docs/encoder-units.md, "Cycles"). The RTL testbench checks
 * every row and every beat against these functions, so a cycle model that
 * calls them (the controller's schedule) charges what the hardware takes.
 *
 * Conventions: a row's (or an op's) cycles run from the edge that accepts
 * its first input beat to the edge that hands over its last output beat,
 * both included, with the input always valid, the output always ready and
 * (LayerNorm) the g/B side stream always valid. Every cycle the input is
 * not valid while the unit waits for a beat of the row, every cycle the
 * output is valid but not ready, and every cycle the LayerNorm unit asks
 * for a g/B beat that is not valid adds exactly one cycle. The row units
 * (softmax, LayerNorm) take one row at a time: the next row's first beat
 * can be accepted at the edge after the last output handshake, so m rows
 * take m times the row's cycles.
 *
 * Promises: pure functions; lanes >= 1, steps >= 1, n >= 1 (else 0). */
#ifndef UNITS_CYCLES_H
#define UNITS_CYCLES_H

#include <stdint.h>

/* bits the sequential blocks produce (docs/encoder-int.md, 5.1 and 5.2) */
#define UNITS_SM_RECIP_BITS 25 /* softmax r = floor(2^40/S) <= 2^24 */
#define UNITS_LN_ROOT_BITS 32  /* LayerNorm R = isqrt(V*2^16) < 2^31.01 */
#define UNITS_LN_RECIP_BITS 41 /* LayerNorm r = floor(2^48/R) <= 2^40 */

/* pipeline stages of the element-wise units: a beat accepted at edge E is
 * handed over at edge E + stages at the earliest */
#define UNITS_GELU_STAGES 1
#define UNITS_REQUANT_STAGES 2
#define UNITS_ADD_STAGES 2
/* passes of the row units over a row (each ceil(n/lanes) beats) */
#define UNITS_SM_PASSES 3 /* LOAD, SUM, OUT */
#define UNITS_LN_PASSES 2 /* LOAD, NORM */
/* STEPS of the chip's row units (the controller's cycle model and the
 * synthesised units: radix 2, one quotient or root bit per cycle) */
#define UNITS_CHIP_STEPS 1
/* stages of the row units' output passes (for the documentation) */
#define UNITS_SM_OUT_STAGES 2
#define UNITS_LN_OUT_STAGES 4

/* ceil(n / lanes): the beats of n elements. */
int64_t units_beats(int64_t n, int lanes);

/* Cycles of the sequential reciprocal / root: ceil(bits / steps). */
int64_t units_seq_cycles(int bits, int steps);

/* The row units' cycles per row beyond their passes: softmax
 * ceil(25/steps) + 2, LayerNorm ceil(32/steps) + ceil(41/steps) + 4
 * (steps >= 1, else 0). A row of n takes PASSES*ceil(n/lanes) + fixed. */
int64_t units_softmax_fixed(int steps);
int64_t units_ln_fixed(int steps);

/* Softmax, one row of n: 3*ceil(n/lanes) + ceil(25/steps) + 2. */
int64_t units_softmax_row(int64_t n, int lanes, int steps);

/* LayerNorm, one row of n: 2*ceil(n/lanes) + ceil(32/steps) + ceil(41/steps) + 4. */
int64_t units_ln_row(int64_t n, int lanes, int steps);

/* An element-wise unit with `stages` pipeline stages on e elements streamed
 * as ceil(e/lanes) beats: ceil(e/lanes) + stages. */
int64_t units_ew(int64_t e, int lanes, int stages);

#endif
