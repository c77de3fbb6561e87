/* ctrl_cycles: the cycles of one op, the controller's descriptor field
 * `cycles` (docs/controller.md, "Cycles of an op"): the exact count of the
 * accelerator top's execution unit (rtl/core_exec.sv, docs/core.md
 * "Cycles") from the edge that accepts the descriptor to the edge that ends
 * the op, both included. The C schedule (ctrl_schedule.c) and the top's
 * cycle model (core_cycles.c) both call these functions; the controller RTL
 * computes the same from ctrl_pkg's constants (written from the same
 * figures by `trex contract`), checked by make sim-ctrl; the top's RTL is
 * checked against them on every op by tb_core.
 *
 * Promises: pure functions; a size of 0 where a count of vectors is
 * allowed (m = 0: patch_embed of a one-token model) gives the fixed edges
 * only; lanes >= 1. */
#ifndef CTRL_CYCLES_H
#define CTRL_CYCLES_H

#include <stdint.h>

#include "ctrl_contract.h"
#include "units_cycles.h"

/* Every op: the edge that accepts the descriptor, the set-up edge, the edge
 * that tests for the end and the done edge. */
#define CTRL_CYC_OP_FIXED 4
/* softmax and GELU load the encoder's 256-entry table into the unit first */
#define CTRL_CYC_LUT_LOAD 256
/* a matrix product without requantisation (head): accept, set-up, the first
 * input gather, the last capture, done */
#define CTRL_CYC_MM_FIXED 5
/* a requantising matrix product: the same and the requantise unit's stages */
#define CTRL_CYC_MM_FIXED_RQ (CTRL_CYC_MM_FIXED + UNITS_REQUANT_STAGES)
/* a run-time write: accept, set-up, the write port's register stage, done */
#define CTRL_CYC_WR_FIXED 4

/* A matrix product of m vectors on its tiles, one MVM per vector every
 * `period` = P * rounds cycles. With requant (every mm op but head) each
 * vector's h*n accumulators stream through the requantise unit in
 * B = h * ceil(n / rq_lanes) beats behind its MVM, overlapped with the next
 * vector's MVM; a stream longer than the period (B + 1 > period) holds the
 * next vector back:
 *   requant: m*period + 7 + B + (m - 1) * max(0, B + 1 - period)   (m >= 1)
 *   head:    m*period + 5
 * m = 0: the fixed edges (7 or 5). */
uint64_t ctrl_cyc_mm(uint64_t m, uint64_t h, uint64_t n, uint64_t period, uint64_t rq_lanes,
                     int requant);

/* A run-time write of `rows` = min(k, R) rows, one row per cycle into every
 * tile of the op at once, in `rounds` rounds: rows * rounds + 4. */
uint64_t ctrl_cyc_wr(uint64_t rows, uint64_t rounds);

/* An element-wise or row op of m rows of n on unit u with `lanes` lanes
 * (ctrl_unit_cycles): a row unit m * (passes * ceil(n/lanes) + extra)
 * + op_extra, a stream unit ceil(m*n/lanes) + extra + op_extra. */
uint64_t ctrl_cyc_ew(ctrl_unit u, uint64_t m, uint64_t n, uint64_t lanes);

/* ceil(a/b) for b >= 1, modulo 2^64 as the controller's divider takes its
 * dividend (a + b - 1): the one rounding-up division of the cycle and
 * issue models and the schedule. */
static inline uint64_t ctrl_cdiv(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

#endif
