/* search_mix: the search over a mix of attention reuse and token pruning
 * (issue 18; docs/edap.md "Search over a mix"): among every pruning schedule
 * of a list (each with its measured accuracy drop) combined with every reuse
 * set legal for it (encoders followed by a pruning cannot reuse; sources
 * automatic), the least EDAP whose delay meets the budget and whose
 * estimated drop -- the schedule's measured drop plus the impacts of the
 * reused encoders (an additive estimate, not a measurement) -- is at most the
 * accuracy limit; ties by the smaller estimated drop, then the earlier
 * schedule, then the smaller mask.
 *
 * Promises:
 *  - search_mix_run() evaluates every (schedule, reuse set) pair with the
 *    full calculator (edap_eval): exact. A space of more than
 *    SEARCH_MIX_MAX_EVAL pairs is refused naming its size (no approximate
 *    method is offered).
 *  - search_mix_load() reads the schedules file: one schedule per line,
 *    "DROP,T_0 T_1 ... T_(depth-1)" (DROP in points, finite; tokens as
 *    encoder_tokens: the model's rules), '#' comments and blank lines
 *    skipped, an optional header "drop,encoder_tokens"; 1..SEARCH_MIX_MAX
 *    schedules; errors name the file and line. */
#ifndef SEARCH_MIX_H
#define SEARCH_MIX_H

#include <stdint.h>

#include "search_reuse.h"

#define SEARCH_MIX_MAX 256
#define SEARCH_MIX_MAX_EVAL (1L << 20)

typedef struct {
  int n;
  double drop[SEARCH_MIX_MAX];
  int tokens[SEARCH_MIX_MAX][VIT_MAX_DEPTH];
} search_mix;

typedef struct {
  int feasible;
  int schedule;      /* index into the mix */
  uint64_t mask;     /* reused encoders */
  double est_drop;   /* schedule drop + reuse impacts */
  edap_result res;   /* full evaluation of the answer */
  long evaluated;
} search_mix_out;

int search_mix_load(const char *path, const vit_model *m, search_mix *mix, trex_err *err);

/* impact: [depth] per-encoder reuse impacts (NULL: all 0). */
int search_mix_run(const edap_ctx *x, const vit_model *m, const search_mix *mix,
                   const double *impact, double budget_ms, double limit, search_mix_out *out,
                   trex_err *err);

#endif
