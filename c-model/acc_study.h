/* acc_study: the accuracy study of a plan (acc_plan.h; docs/accuracy.md,
 * "The study"): every reuse list on the ideal (lossless) tile, on the study
 * chip, and under each non-ideality over the device seeds; EDAP of every list
 * on the study chip (edap_eval, the calculator of `trex edap`); the measured
 * per-encoder impact; the reuse search under each delay budget with that
 * impact, its choice then evaluated exactly; the ADC sweep.
 *
 * Promises:
 *  - Every figure is measured by this run (nothing is copied from a
 *    previous one), except the float top-1, which is read from the
 *    trainer's record file named by the plan (or absent).
 *  - Static tiles are programmed once per (chip, device seed): one network
 *    serves every reuse list of that chip and seed.
 *  - Non-ideal run k of a spec draws its tiles from the spec's seed + k, the
 *    same draws for every reuse list (a layer's draws depend on its tile key
 *    only), so differences between lists are paired per seed.
 *  - The result does not depend on the order of the plan's lists beyond the
 *    order of the entries (a list given twice is evaluated once), nor on the
 *    number of workers (opts.jobs). */
#ifndef ACC_STUDY_H
#define ACC_STUDY_H

#include <pthread.h>
#include <stdint.h>

#include <cJSON.h>

#include "acc_eval.h"
#include "acc_plan.h"
#include "edap_calc.h"
#include "search_reuse.h"

typedef enum { ACC_ORIGIN_BASELINE, ACC_ORIGIN_SINGLE, ACC_ORIGIN_PLAN, ACC_ORIGIN_SEARCH } acc_origin;
enum { ACC_N_ORIGINS = ACC_ORIGIN_SEARCH + 1 };

typedef struct {
  char text[256];     /* as written in the plan ("none", "1", "1,3,5", "5:0") */
  char resolved[512]; /* "ENC:SRC,..." */
  int n_reused;
  acc_origin origin;
  int ni;             /* runs under the non-idealities */
  ctrl_schedule s_ideal, s_chip;
  acc_run ideal;      /* on the ideal chip, logits kept */
  acc_run chip;       /* on the study chip (when it differs from the ideal one) */
  acc_run *nir;       /* [n_ni * seeds] when ni */
  edap_result edap;   /* on the study chip */
  double float_top1, rec_int_top1; /* from the record; NAN when absent */
} acc_entry;

typedef struct {
  char budget[32];
  double budget_ms;
  int feasible;
  int entry;            /* index of the chosen list's entry */
  double est_drop;      /* sum of the single-encoder drops (the search's estimate) */
  search_point best;
} acc_choice;

typedef struct {
  int group; /* the sweep's task: rows index x cell-bits count + cell-bits index */
  int rows, cell_bits, adc_bits, lossless, holds;
  char id[128];
  size_t images, correct, ideal_correct;
  double edap, edap_ratio; /* baseline EDAP on this chip; / the default chip's */
  double tops_per_mm2;
  int is_default;
} acc_adc_point;

typedef struct {
  acc_plan plan;
  char model_dir[ACC_PATH], data_dir[ACC_PATH];
  model_int m;
  acc_data d;
  size_t n;    /* images evaluated (ideal tile, study chip) */
  size_t n_ni; /* images of the non-ideal runs (the first n_ni) */
  ctrl_chip ideal_chip, chip;
  int chip_distinct;
  char ideal_id[128], chip_id[128], chip_file[ACC_PATH];
  edap_tech tech;
  edap_ctx ctx;
  int n_e, cap_e;
  int n_e_plan; /* entries of the baseline, the singles and the plan's lists */
  acc_entry *e;
  int have_impact;
  double impact[VIT_MAX_DEPTH];          /* ideal drop of {i}, points */
  double ni_impact[ACC_PLAN_MAX_NI][VIT_MAX_DEPTH];
  int n_choice;
  acc_choice choice[ACC_PLAN_MAX_BUDGETS];
  int n_adc;
  acc_adc_point *adc;
  edap_result default_base; /* baseline EDAP on the default chip */
  char record_note[ACC_PATH + 128];
  double cpu_s, wall_s;
  size_t images_run;
  double seconds; /* the study's run time (a split study: the sum over its commands) */
  double t0;      /* when this command's part began */
  int verbose; /* one progress line per run on stderr */
  pthread_mutex_t mu; /* the counters above and stderr, with --jobs */
  int have_mu;
} acc_study;

/* Overrides of the plan (NULL / negative: keep the plan's). */
typedef struct {
  const char *model, *data, *record;
  long limit;
  int seeds;
  int no_adc;
  int verbose;
  int jobs; /* workers of the non-ideal runs (<= 1: this thread) */
} acc_study_opts;

/* The whole study in one call: acc_study_setup, acc_study_ideal,
 * acc_study_alloc_tasks, every acc_study_task (opts.jobs workers),
 * acc_study_finish. On failure st is freed. */
int acc_study_run(acc_study *st, const char *plan_path, const acc_study_opts *o, trex_err *err);
void acc_study_free(acc_study *st);

/* ---- the study's parts (acc_split.h runs them as separate commands) ----
 * The plan with the overrides of o (model and data are not loaded). */
int acc_study_load_plan(acc_plan *p, const char *plan_path, const acc_study_opts *o,
                        trex_err *err);
/* Loads plan, model, dataset, chips and technology; adds the entries of the
 * baseline, the singles and the plan's lists (n_e_plan of them; no run).
 * On failure st is freed. */
int acc_study_setup(acc_study *st, const char *plan_path, const acc_study_opts *o, trex_err *err);
/* Every entry on the ideal tile (logits kept), the impact, the search under
 * each budget (its choices join the entries, after the plan's), the study
 * chip's runs, and which entries run non-ideal (acc_entry.ni). */
int acc_study_ideal(acc_study *st, trex_err *err);
/* After the ideal runs were restored from a file instead of run: the impact
 * (what acc_study_ideal computes from them). */
void acc_study_ideal_restored(acc_study *st);
/* Adds the search's choice `text` (origin search, runs non-ideal); its index. */
int acc_study_add_search_entry(acc_study *st, const char *text, trex_err *err);
/* The result slots of the tasks: every non-ideal run, and the ADC sweep's
 * points (acc_study_adc_plan). After acc_study_ideal (or its restoring). */
int acc_study_alloc_tasks(acc_study *st, trex_err *err);
/* Tasks: 0 .. ntasks_ni-1 one per (non-ideality j, seed s), t = j x seeds + s
 * (every list that runs non-ideal, on one draw of the devices); then one
 * per (rows, cell bits) of the ADC sweep (the baseline at each ADC
 * resolution). A task writes only its own slots. */
int acc_study_ntasks_ni(const acc_study *st);
int acc_study_ntasks(const acc_study *st);
int acc_study_task(acc_study *st, int t, trex_err *err);
/* The error of a task number outside 0..ntasks-1 ("PLAN: task T: ..."); -1. */
int acc_study_no_task(const acc_study *st, int t, trex_err *err);
/* The ADC sweep's points with their EDAP, not run (st->adc, st->n_adc; none
 * when the plan has no sweep), and a point's measured count. */
int acc_study_adc_plan(acc_study *st, trex_err *err);
void acc_study_adc_set(acc_study *st, int k, size_t correct);
/* After every task: the float top-1 from the record, the non-ideal impact,
 * EDAP of every list; adds this command's run time to st->seconds. */
int acc_study_finish(acc_study *st, trex_err *err);

/* "baseline", "single", "plan", "search" (trex_name_find reads the table back). */
extern const char *const acc_origin_names[ACC_N_ORIGINS];
const char *acc_origin_name(acc_origin o);

/* Adds to o the reuse list of e as written and as resolved: "reuse",
 * "resolved" (the head of an entry in summary.json and in ideal.json). */
void acc_entry_add_names(cJSON *o, const acc_entry *e);
/* A new object with the budget of ch: "budget", "budget_ms", "feasible" (the
 * head of a "search" item in summary.json and in ideal.json). */
cJSON *acc_choice_json(const acc_choice *ch);

/* The cells of list k per non-ideality of the plan: the mean top-1 and its
 * 95% interval, then with drop the mean drop and its interval, each cell as
 * sep and %.4f; for a list that ran no non-ideality, sep and blank instead
 * (lists.csv: ",", ""; accuracy-edap.dat: " ", "?"). */
void acc_study_ni_cells(const acc_study *st, int k, int drop, const char *sep,
                        const char *blank, FILE *fp);

/* The summary object (docs/accuracy.md, "summary.json"). */
cJSON *acc_study_summary(const acc_study *st);

/* impact.csv in the format of `trex search --impact` (ni < 0: ideal; else
 * the mean drop under non-ideality ni). */
int acc_study_impact_csv(const acc_study *st, int ni, FILE *fp);
/* One row per list: reuse, EDAP and TOPS/mm^2 gains, top-1 with intervals. */
int acc_study_lists_csv(const acc_study *st, FILE *fp);
/* One row per ADC sweep point. */
int acc_study_adc_csv(const acc_study *st, FILE *fp);

/* Drop (baseline - list, points) of entry k on the ideal tile with its
 * Newcombe interval; under non-ideality j: mean over seeds and t interval. */
void acc_study_drop_ideal(const acc_study *st, int k, double *drop, double *lo, double *hi);
void acc_study_drop_ni(const acc_study *st, int k, int j, double *drop, double *lo, double *hi);
/* Top-1 of entry k under non-ideality j: mean, sd, t interval (points). */
void acc_study_top_ni(const acc_study *st, int k, int j, double *mean, double *sd, double *lo,
                      double *hi);

/* The entry with the largest EDAP reduction whose measured ideal drop is at
 * most the plan's drop_limit, the smaller drop among equal reductions (-1
 * when none but the baseline). */
int acc_study_at_limit(const acc_study *st);

#endif
