/* ctrl_issue: the controller's own time to issue a descriptor
 * (docs/controller.md "Timing", docs/core.md "Cycles"): the exact number of
 * edges rtl/ctrl_seq.sv spends before a descriptor is valid, and the part of
 * it the execution unit waits for (the issue cycles the schedule charges).
 *
 * The controller computes descriptor i only after descriptor i-1 was
 * accepted (S_EMIT -> S_NEXT), while op i-1 runs; op i starts at
 * max(accept(i-1) + cycles(i-1), accept(i-1) + edges(i) + 1). So
 *   issue(0) = edges(0) + 1           (edges(0) counted from the start edge)
 *   issue(i) = max(0, edges(i) + 1 - cycles(i-1))
 * and an inference, from the edge that takes start_i to the edge that ends
 * its last op, both included, takes sum(cycles) + sum(issue) edges.
 *
 * edges(i) = the sequencer's picks (one edge per table position visited
 * since the previous accept: skipped ops, phase ends, the op itself) + the
 * op's family computation below; edges(0) adds CTRL_ISSUE_START.
 * A division on ctrl_div takes CTRL_ISSUE_DIV edges, a product on ctrl_mul
 * CTRL_ISSUE_MUL + bit length of its second factor (ctrl_mul stops when the
 * remaining multiplier bits are 0), the field edge (S_CALC) 1. Every
 * quantity is computed modulo 2^64 exactly as the RTL computes it, so the
 * bit lengths are the RTL's also where a size wraps.
 *
 * Promises: pure functions; checked edge for edge against the RTL by
 * make sim-ctrl (tb_ctrl, every descriptor of every configuration) and by
 * tb_core (every op's wait and every inference's total). */
#ifndef CTRL_ISSUE_H
#define CTRL_ISSUE_H

#include <stdint.h>

#include "ctrl_contract.h"

/* the edges after the start edge before the first pick: E/H on the divider
 * (CTRL_ISSUE_DIV) and the reuse scan (one edge per encoder index 0..63) */
#define CTRL_ISSUE_DIV 65
#define CTRL_ISSUE_SCAN 64
#define CTRL_ISSUE_START (CTRL_ISSUE_DIV + CTRL_ISSUE_SCAN)
/* a product: the start edge (S_MULGO), the edge that sees the multiplier
 * bits at 0 and the edge that takes the product, + one per multiplier bit */
#define CTRL_ISSUE_MUL 3

/* The chip figures the sequencer computes with (its registers). */
typedef struct {
  uint64_t R, O, P, A, C, par, add_lanes;
} ctrl_issue_chip;

/* Edges of a matrix product's computation after its pick: h heads of m
 * vectors of k against k x n; requant: every mm op but head. */
uint64_t ctrl_issue_mm(const ctrl_issue_chip *c, uint64_t h, uint64_t m, uint64_t k, uint64_t n,
                       int requant);
/* Edges of a run-time write's computation (h matrices of k x n). */
uint64_t ctrl_issue_wr(const ctrl_issue_chip *c, uint64_t h, uint64_t k, uint64_t n);
/* Edges of an element-wise or row op's computation (m rows of n on unit u
 * with `lanes` lanes). */
uint64_t ctrl_issue_ew(ctrl_unit u, uint64_t m, uint64_t n, uint64_t lanes);

/* The issue cycles of an op whose descriptor took `edges` after the
 * previous accept, the previous op running prev_cycles; first: the
 * inference's first op (edges from the start edge). */
uint64_t ctrl_issue_wait(uint64_t edges, uint64_t prev_cycles, int first);

#endif
