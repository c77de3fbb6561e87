/* search_reuse: the delay-constrained choice of encoders to reuse (docs/edap.md,
 * "Search"). Exact: plain enumeration of every reuse set, or a dynamic
 * programme over the encoders with dominance pruning that returns the same
 * answer under every dataflow (x->dataflow; docs/edap.md "Search" gives the
 * argument; tests/unit/test_edap.c and test_edap_dataflow.c check it against
 * enumeration).
 *
 * Objective: among reuse sets R (encoder 0 never reused, each encoder's source
 * the most recent computing encoder) with delay(R) <= budget and |R| <=
 * max_reuse, the least total impact (sum of the per-encoder impacts; all 0
 * without an impact table), ties broken by the least EDAP (relative
 * tolerance SEARCH_EDAP_RTOL), then by the smaller mask (bit i = encoder i).
 *
 * Promises:
 *  - search_run() with SEARCH_ENUM and SEARCH_DP give the same best mask and
 *    the same Pareto front for any model, chip, table and budget.
 *  - When no set meets the constraints, out->feasible == 0 (the CLI says "no
 *    feasible reuse list").
 *  - The DP's surviving labels are re-derived with edap_eval; a mismatch of
 *    delay, static allocation or dynamic energy (a schedule whose costs are
 *    not per-encoder as docs/edap.md states) is an error, never a silent
 *    wrong answer. */
#ifndef SEARCH_REUSE_H
#define SEARCH_REUSE_H

#include <stddef.h>
#include <stdint.h>

#include "edap_calc.h"

#define SEARCH_EDAP_RTOL 1e-9
#define SEARCH_ENUM_MAX_REUSABLE 11 /* SEARCH_AUTO enumerates up to 2^11 sets */

typedef enum { SEARCH_AUTO = 0, SEARCH_ENUM = 1, SEARCH_DP = 2 } search_method;

typedef struct {
  double budget_ms;     /* delay budget (absolute) */
  int max_reuse;        /* < 0: no limit */
  const double *impact; /* [depth] per-encoder impact, NULL: none (all 0) */
} search_spec;

typedef struct {
  uint64_t mask;  /* bit i: encoder i reused */
  int count;      /* reused encoders */
  double impact;  /* sum of impacts (encoder order) */
  double edap, delay_ms, energy_uj, area_mm2;
} search_point;

typedef struct {
  int feasible;
  search_point best;
  edap_result best_res;  /* full evaluation of best */
  search_point *front;   /* Pareto front of EDAP against impact (or against
                            the number reused when there is no impact
                            table), ascending impact */
  size_t n_front;
  size_t evaluated;      /* full evaluations made */
  size_t labels;         /* DP: labels created */
  search_method method;  /* the method that ran */
} search_out;

int search_run(const edap_ctx *x, const vit_model *m, const search_spec *spec,
               search_method method, search_out *out, trex_err *err);
void search_out_free(search_out *out);

/* Encoders that cannot reuse in model m: those followed by fewer tokens
 * (pruning needs their attention). Enumeration skips sets holding them; a
 * pruned or shared model is searched by enumeration only (the DP's
 * per-encoder cost argument assumes one shape and no shared layers). */
uint64_t search_locked(const vit_model *m);

/* The reuse list of a mask (sources automatic). */
void search_mask_to_reuse(uint64_t mask, int depth, ctrl_reuse *r);

/* Budget "2.5ms", "2500us", "2.5" (ms) or "0.7x" (times baseline_ms). */
int search_parse_budget(const char *s, double baseline_ms, double *out_ms,
                        trex_err *err);

/* Impact CSV "encoder,impact" (optional header, '#' comments): every encoder
 * 1..depth-1 exactly once, impacts finite; a negative impact is a measured
 * gain (the search stays exact: docs/edap.md, "Search"). impact[0] = 0. */
int search_impact_load(const char *path, int depth, double *impact, trex_err *err);

#endif
