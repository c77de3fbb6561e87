/* strat_cmp: attention reuse against token pruning and weight sharing at
 * matched EDAP points (issue 18; docs/results.md "Reuse against pruning and
 * sharing"). Every entry of a plan is an integer model directory with a reuse
 * list; each is run through the golden model (acc_run_list: ideal tile, and
 * non-ideal over device seeds) on one dataset and priced with the calculator
 * (edap_eval) on one chip and technology table.
 *
 * Plan (JSON, keys beginning with "doc" are documentation, any other unknown
 * key an error): {"format": "trex-strat-plan", "version": 1, "data": DIR,
 * "chip": FILE, "tech": FILE (default tech/default.json), "nonideal": SPEC
 * (xbar_nonideal syntax), "seeds": 1..1000, "limit": images (0 = all),
 * "entries": [{"kind": "base"|"reuse"|"prune"|"share", "model": DIR,
 * "reuse": LIST (default "none"), "match": LIST (the reuse list whose EDAP
 * point the entry stands at; "" for the baseline)}]}. Exactly one "base"
 * entry, first; every "match" of a pruning or sharing entry names the
 * "reuse" of a reuse entry.
 *
 * Promises:
 *  - strat_cmp_load() checks the plan, loads every model (model_load), the
 *    dataset, chip and table; one line naming the file and key otherwise.
 *  - strat_cmp_run() fills every entry's EDAP (reduction = baseline EDAP /
 *    the entry's, TOPS/mm^2 gain = the entry's / the baseline's), its ideal
 *    per-image results and its non-ideal correct counts per seed (seed k of
 *    every entry draws from spec seed + k: the same device draws per tile
 *    key), and the paired statistics of docs/accuracy.md: Wilson for one
 *    run, Newcombe's paired interval against the baseline and against the
 *    entry's reuse reference (the same images), Student t over seeds for the
 *    non-ideal mean and its paired per-seed differences. */
#ifndef STRAT_CMP_H
#define STRAT_CMP_H

#include <stddef.h>

#include "acc_data.h"
#include "acc_eval.h"
#include "edap_calc.h"
#include "edap_tech.h"
#include "model_dir.h"

#define STRAT_MAX_ENTRIES 32
#define STRAT_PATH 1024

typedef struct {
  double est, lo, hi; /* points (percent or percentage points) */
} strat_ci;

typedef struct {
  char kind[8], model_dir[STRAT_PATH], reuse[256], match[256];
  model_int m;
  int have_m;
  edap_result edap;
  double edap_red, tops_gain;
  acc_run ideal;
  size_t *ni_correct; /* seeds */
  int ref;            /* index of the reuse entry it is compared with, -1 */
  /* statistics (points) */
  strat_ci top1, drop, vs_ref;          /* ideal: Wilson; Newcombe; Newcombe */
  strat_ci ni_top1, ni_drop, ni_vs_ref; /* non-ideal: t over seeds */
  double ni_sd;
} strat_entry;

typedef struct {
  char data[STRAT_PATH], chip_path[STRAT_PATH], tech_path[STRAT_PATH], spec[256];
  int seeds;
  long limit;
  int n;
  strat_entry e[STRAT_MAX_ENTRIES];
  acc_data d;
  size_t images;
  ctrl_chip chip;
  edap_tech tech;
  xbar_nonideal_params prm;
} strat_cmp;

int strat_cmp_load(const char *plan, strat_cmp *c, trex_err *err);
/* progress(ctx, entry, run, runs) after every run; may be NULL. */
int strat_cmp_run(strat_cmp *c, void (*progress)(void *, int, int, int), void *ctx,
                  trex_err *err);
void strat_cmp_free(strat_cmp *c);

#endif
