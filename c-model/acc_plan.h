/* acc_plan: the plan of an accuracy study (`trex accuracy-study --plan FILE`;
 * docs/accuracy.md, "The study plan"): which model, dataset and chips, which
 * reuse lists, which non-idealities at which levels over how many device
 * seeds, which delay budgets the search gets, and the ADC sweep.
 *
 * Promises:
 *  - acc_plan_load() returns 0 only for a plan that meets every rule of the
 *    document (keys, types, ranges; every non-ideal spec parses; every reuse
 *    list parses; every budget parses); otherwise one line in err naming the
 *    file and the key. Any key not listed (except keys beginning with "doc")
 *    is an error, as is a key given twice.
 *  - Paths in the plan are used as written (relative to the directory the
 *    command runs in). */
#ifndef ACC_PLAN_H
#define ACC_PLAN_H

#include "trex_err.h"
#include "xbar_nonideal.h"

#define ACC_PLAN_MAX_NI 16
#define ACC_PLAN_MAX_LISTS 128
#define ACC_PLAN_MAX_BUDGETS 16
#define ACC_PLAN_MAX_SWEEP 8
#define ACC_PATH 4096

typedef struct {
  char name[32];  /* [A-Za-z0-9_-], unique: a column and file-name part */
  char spec[256]; /* xbar_nonideal_parse syntax */
  char doc[256];  /* what it stands for (free text, may be empty) */
  xbar_nonideal_params prm;
} acc_ni;

typedef struct {
  char path[ACC_PATH];
  char model[ACC_PATH], data[ACC_PATH], record[ACC_PATH]; /* record "" = none */
  char ideal_chip[ACC_PATH]; /* lossless tile ("" = error: required) */
  char chip[ACC_PATH];       /* study chip: EDAP and non-ideal runs ("" = default chip) */
  char tech[ACC_PATH];       /* "" = the default technology table */
  int dataflow;              /* edap_dataflow of the EDAP (default sequential) */
  long limit;                /* images (0 = all) */
  long ni_limit;             /* images of the non-ideal runs (0 = limit) */
  int seeds;                 /* device seeds per non-ideal spec */
  int n_ni;
  acc_ni ni[ACC_PLAN_MAX_NI];
  int singles;               /* add {i} for every encoder 1..depth-1 */
  int n_lists;
  char lists[ACC_PLAN_MAX_LISTS][256];
  int ni_all;                /* every list runs non-ideal */
  int n_ni_lists;
  char ni_lists[ACC_PLAN_MAX_LISTS][256];
  int n_budgets;
  char budgets[ACC_PLAN_MAX_BUDGETS][32];
  double drop_limit;         /* points: the accuracy-drop limit of the report */
  /* ADC sweep (adc_on 0: none) */
  int adc_on;
  int n_rows, rows[ACC_PLAN_MAX_SWEEP];
  int n_cells, cells[ACC_PLAN_MAX_SWEEP];
  int adc_below;             /* ADC bits from lossless - below to lossless */
  long adc_limit;            /* images of each sweep point (0 = the study's) */
  double adc_hold;           /* points: "holds accuracy" = within this of the ideal */
} acc_plan;

int acc_plan_load(const char *path, acc_plan *p, trex_err *err);

#endif
