/* core_cycles: the cycle model of trex_core's execution unit (docs/core.md,
 * "Cycles"): the cycles of one op from the edge that accepts its descriptor
 * to the edge that ends it, both included, as the RTL takes them. The
 * formulas are the controller's (c-model/ctrl_cycles.h), evaluated at the
 * core's own parameters (ROWS, LANES, the tile's P, one round): the
 * testbench checks every op of every run against this and against the
 * schedule's `cycles` field.
 *
 * Promise: core_cycles_op() is exact for every op the execution unit runs;
 * ops the unit does not know (prune, codes out of range) give 0. */
#ifndef CORE_CYCLES_H
#define CORE_CYCLES_H

#include <stdint.h>

#include "core_load.h"
#include "ctrl_chip.h"

/* op: controller op code; m, k, n: the descriptor's sizes; heads: the
 * model's heads (used by qk, sv). */
uint64_t core_cycles_op(const core_geom *g, const ctrl_chip *c, int op, uint64_t m, uint64_t k,
                        uint64_t n, int heads);

#endif
