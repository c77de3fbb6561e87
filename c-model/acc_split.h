/* acc_split: the accuracy study as separate commands (`trex accuracy-study
 * --stage ideal|task|merge`; docs/accuracy.md, "A study in parts"), so that a
 * batch cluster runs its tasks at once (docs/slurm.md):
 *   ideal   the ideal tile for every list, the search (whose choices join
 *           the lists), the study chip; writes the parts directory PARTS:
 *           ideal.json (a run id, the resolved lists with their ideal
 *           results and whether they run non-ideal, the search's choices,
 *           the number of tasks) and logits-NNN.npy, replacing an earlier
 *           parts directory whole (stale task files go with it);
 *   task T  one task of acc_study_task (a (non-ideality, seed), or a (rows,
 *           cell bits) of the ADC sweep) on the lists of PARTS/ideal.json;
 *           writes PARTS/task-TTTTT.json (its counts, the run id);
 *   merge   reads PARTS (every task of this run id), finishes the study:
 *           the acc_study is then the one acc_study_run gives, figure for
 *           figure (only the run times differ).
 * Promises:
 *  - Every stage is given the same plan and overrides (acc_study_opts); a
 *    part made with others is refused naming the file and the difference.
 *  - A part is written whole or not at all (temporary file, then rename; the
 *    directory through trex_outdir); a part of another ideal run (its run
 *    id) or a missing task is refused by the merge with one line naming the
 *    task ("task 3 (g10 seed 4): PARTS/task-00003.json: cannot read: ..."),
 *    never read as a result of this run.
 *  - The stages' times add up: the merged throughput and seconds are the
 *    sums over ideal, tasks and merge. */
#ifndef ACC_SPLIT_H
#define ACC_SPLIT_H

#include <stdio.h>

#include "acc_study.h"

/* One line per task of the plan: "T<TAB>nonideal<TAB>NAME<TAB>SEED" or
 * "T<TAB>adc<TAB>rowsR-cellsC<TAB>-" (needs only the plan). */
int acc_split_list(const char *plan, const acc_study_opts *o, FILE *out, trex_err *err);

int acc_split_ideal(const char *plan, const acc_study_opts *o, const char *parts, trex_err *err);

int acc_split_task(const char *plan, const acc_study_opts *o, const char *parts, int t,
                   trex_err *err);

/* Fills st (freed on failure); the caller writes the outputs as after
 * acc_study_run. */
int acc_split_merge(acc_study *st, const char *plan, const acc_study_opts *o, const char *parts,
                    trex_err *err);

/* The names a writer of accuracy outputs owns (trex_outdir's `own`,
 * NULL-terminated, malloc'd): `fixed` (NULL-terminated, may be NULL), then
 * fmt1 with k for k < n1, then fmt2 with k for k < n2 (a NULL fmt: none).
 * NULL when out of memory; trex_names_free (trex_file.h) frees it. */
char **acc_names(const char *const *fixed, const char *fmt1, int n1, const char *fmt2, int n2);

#endif
