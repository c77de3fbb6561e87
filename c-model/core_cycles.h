/* core_cycles: the cycle model of trex_core's execution unit (docs/core.md,
 * "Cycles"): the cycles of one op from the edge that accepts its descriptor
 * to the edge that ends it, both included, as the RTL takes them. The
 * testbench checks every op of every run against it (exactly), and reports
 * both against the controller schedule's `cycles` field.
 *
 * Promise: core_cycles_op() is exact for every op the execution unit runs
 * (the digital units' own cycles come from units_cycles.h, the tile's from
 * xbar_cycles.h); ops the unit does not know give 0. */
#ifndef CORE_CYCLES_H
#define CORE_CYCLES_H

#include <stdint.h>

#include "core_load.h"
#include "ctrl_chip.h"

/* op: controller op code or CORE_OP_*; m, k, n: the descriptor's sizes;
 * heads: the model's heads (used by qk, sv). */
uint64_t core_cycles_op(const core_geom *g, const ctrl_chip *c, int op, uint64_t m, uint64_t k,
                        uint64_t n, int heads);

/* The same split into the schedule's term and the execution unit's overhead
 * terms, for the report: *base = the part the schedule's formula charges,
 * *lut = softmax/GELU table loads, *fixed = descriptor, set-up and done
 * edges, *pipe = pipeline fill/drain and per-row passes beyond the base. */
void core_cycles_terms(const core_geom *g, const ctrl_chip *c, int op, uint64_t m, uint64_t k,
                       uint64_t n, int heads, uint64_t *base, uint64_t *lut, uint64_t *fixed,
                       uint64_t *pipe);

#endif
