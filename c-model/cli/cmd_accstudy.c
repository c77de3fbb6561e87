/* trex accuracy-study: the accuracy study of a plan (docs/accuracy.md): every
 * reuse list ideal, on the study chip and non-ideal, EDAP on the same chip,
 * the measured impact, the search under delay budgets with that impact and
 * its choice evaluated exactly, the ADC sweep; summary.json, CSVs, plots. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acc_split.h"
#include "acc_stats.h"
#include "acc_study.h"
#include "cli_opts.h"
#include "trex_cli.h"
#include "trex_file.h"
#include "trex_json.h"
#include "trex_name.h"

static const char help[] =
    "usage: trex accuracy-study --plan FILE --out DIR [--model DIR] [--data DIR]\n"
    "                           [--record FILE] [--limit N] [--seeds N] [--no-adc]\n"
    "                           [--jobs N] [--force] [--quiet]\n"
    "       trex accuracy-study --plan FILE [options] --stage tasks\n"
    "       trex accuracy-study --plan FILE [options] --stage ideal --parts DIR\n"
    "       trex accuracy-study --plan FILE [options] --stage task --task T --parts DIR\n"
    "       trex accuracy-study --plan FILE [options] --stage merge --parts DIR --out DIR\n"
    "The accuracy study of a plan (docs/accuracy.md): top-1 of every reuse list on\n"
    "the ideal (lossless) tile, on the study chip and under each non-ideality over\n"
    "device seeds, with 95% intervals; EDAP of every list on the study chip (the\n"
    "calculator of 'trex edap'); the measured per-encoder impact; 'trex search'\n"
    "under each delay budget with that impact, its choice evaluated exactly; the ADC\n"
    "sweep (top-1 against ADC bits, rows, cell bits).\n"
    "  --plan FILE   the study plan (JSON, docs/accuracy.md; tests/accuracy/plan-*.json)\n"
    "  --out DIR     outputs: summary.json, lists.csv, impact.csv (the format of\n"
    "                'trex search --impact'), impact-niJ.csv, logits-NNN.npy,\n"
    "                accuracy-edap.png, adc.csv, adc.png (replaced whole; a directory\n"
    "                holding other files is refused unless --force)\n"
    "  --model DIR   the model directory instead of the plan's\n"
    "  --data DIR    the dataset directory instead of the plan's\n"
    "  --record FILE the trainer's record (float top-1) instead of the plan's\n"
    "  --limit N     the first N images only (0: all) instead of the plan's\n"
    "  --seeds N     device seeds per non-ideality (1..1000) instead of the plan's\n"
    "  --no-adc      skip the plan's ADC sweep\n"
    "  --jobs N      threads for the tasks: one per (non-ideality, seed), then one\n"
    "                per (rows, cell bits) of the ADC sweep (1..64, default 1); the\n"
    "                results do not depend on N\n"
    "  --stage S     the study in parts, one command each (for a batch cluster;\n"
    "                docs/accuracy.md 'A study in parts'); the results are those of\n"
    "                the single command. Every stage takes the same --plan and\n"
    "                overrides (--model --data --record --limit --seeds --no-adc):\n"
    "                  tasks  print the plan's tasks, one line each: T, kind\n"
    "                         (nonideal|adc), non-ideality or sweep point, seed\n"
    "                  ideal  the ideal tile, the search, the study chip -> DIR of\n"
    "                         --parts (ideal.json, logits-NNN.npy; replaced whole)\n"
    "                  task   task T (--task) on the lists of --parts ->\n"
    "                         DIR/task-TTTTT.json\n"
    "                  merge  every task of this ideal run -> the outputs in --out\n"
    "  --task T      the task of --stage task (0 .. tasks - 1)\n"
    "  --parts DIR   the directory of the parts (--stage ideal, task, merge)\n"
    "  --force       replace only this command's files in a directory that holds others\n"
    "  --quiet       no progress line per run on standard error\n"
    "  -h, --help    this text\n";

#define MAX_LOGITS 256
#define NI_CSV_MAX ACC_PLAN_MAX_NI
static const char *const fixed_files[] = {"summary.json",      "lists.csv",  "impact.csv",
                                          "accuracy-edap.png", "accuracy-edap.dat",
                                          "adc.csv",           "adc.png",    "adc.dat",
                                          NULL};

/* The writers of trex_outdir_write (ctx: the study, or an impact_job). */
typedef struct {
  const acc_study *st;
  int ni; /* -1: the ideal impact.csv; j: impact-ni<j>.csv */
} impact_job;

static int w_impact(const void *ctx, FILE *fp) {
  const impact_job *j = ctx;
  return acc_study_impact_csv(j->st, j->ni, fp);
}
static int w_lists(const void *st, FILE *fp) { return acc_study_lists_csv(st, fp); }
static int w_adc(const void *st, FILE *fp) { return acc_study_adc_csv(st, fp); }

static int w_summary(const void *st, FILE *fp) {
  trex_err e;
  return trex_json_print(fp, acc_study_summary(st), true, &e) || ferror(fp) ? -1 : 0;
}

/* accuracy-edap.dat: per list, EDAP reduction, ideal top-1 and interval,
 * then mean and interval per non-ideality ('?' where not run), label. */
static int w_edap_dat(const void *ctx, FILE *fp) {
  const acc_study *st = ctx;
  const acc_plan *p = &st->plan;
  fprintf(fp, "# edap_reduction ideal lo hi");
  for (int j = 0; j < p->n_ni; j++) fprintf(fp, " %s lo hi", p->ni[j].name);
  fprintf(fp, " label\n");
  double base = st->e[0].edap.edap;
  for (int k = 0; k < st->n_e; k++) {
    const acc_entry *e = &st->e[k];
    double lo, hi;
    acc_wilson(e->ideal.correct, st->n, &lo, &hi);
    fprintf(fp, "%.6f %.4f %.4f %.4f", e->edap.edap > 0 ? base / e->edap.edap : 0,
            100.0 * (double)e->ideal.correct / (double)st->n, 100 * lo, 100 * hi);
    acc_study_ni_cells(st, k, 0, " ", "?", fp);
    fprintf(fp, " \"%s\"\n", e->text[0] && strcmp(e->text, "none") ? e->text : "base");
  }
  return ferror(fp) ? -1 : 0;
}

/* adc.dat: one block per (rows, cell bits), separated by two blank lines:
 * adc_bits top1 lo hi. */
static int w_adc_dat(const void *ctx, FILE *fp) {
  const acc_study *st = ctx;
  int blk = 0;
  for (int k = 0; k < st->n_adc; k++) {
    const acc_adc_point *pt = &st->adc[k];
    if (k == 0 || pt->rows != st->adc[k - 1].rows || pt->cell_bits != st->adc[k - 1].cell_bits) {
      if (blk++) fprintf(fp, "\n\n");
      fprintf(fp, "# rows %d, %d-bit cells\n", pt->rows, pt->cell_bits);
    }
    double lo, hi;
    acc_wilson(pt->correct, pt->images, &lo, &hi);
    fprintf(fp, "%d %.4f %.4f %.4f\n", pt->adc_bits,
            100.0 * (double)pt->correct / (double)pt->images, 100 * lo, 100 * hi);
  }
  return ferror(fp) ? -1 : 0;
}

/* The head of a plot script of the study (size n): the terminal, the output
 * png, the lines set (axes), then the title "<model>: <what>"; returns its
 * length as snprintf does. */
static int plot_start(char *script, size_t n, const acc_study *st, const char *png,
                      const char *set, const char *what) {
  char title[80];
  trex_name_safe(title, sizeof title, st->m.name);
  return snprintf(script, n,
                  "set terminal pngcairo size 960,640 noenhanced\nset output '%s'\n%s"
                  "set title '%s: %s'\n",
                  png, set, title, what);
}

static int plot_edap(const acc_study *st, const char *dir, trex_err *err) {
  const acc_plan *p = &st->plan;
  char script[8192];
  int o = plot_start(script, sizeof script, st, "accuracy-edap.png",
                     "set datafile missing '?'\n"
                     "set xlabel 'EDAP reduction (baseline EDAP / EDAP with reuse); non-ideal "
                     "points drawn 0.8% right of their list, per non-ideality'\n"
                     "set ylabel 'top-1 (%), 95% interval'\n",
                     "top-1 against EDAP reduction, one point per reuse list");
  if (o > 0 && (size_t)o < sizeof script)
    o += snprintf(script + o, sizeof script - (size_t)o,
                  "set key bottom left\nset grid\nset yrange [*:100.5]\n"
                  "plot 'accuracy-edap.dat' using 1:2:3:4 with yerrorbars pt 7 ps 1.2 "
                  "title 'ideal tile', \\\n"
                  "  '' using 1:2:(stringcolumn(%d)) with labels offset 1.2,0.6 font ',8' "
                  "notitle",
                  5 + 3 * p->n_ni);
  for (int j = 0; j < p->n_ni && o > 0 && (size_t)o < sizeof script; j++) {
    char nm[64];
    trex_name_safe(nm, sizeof nm, p->ni[j].name);
    o += snprintf(script + o, sizeof script - (size_t)o,
                  ", \\\n  '' using ($1*%.3f):%d:%d:%d with yerrorbars pt %d title 'non-ideal %s "
                  "(mean of %d seeds)'",
                  1 + 0.008 * (j + 1), 5 + 3 * j, 6 + 3 * j, 7 + 3 * j, 4 + j, nm, p->seeds);
  }
  if (o > 0 && (size_t)o < sizeof script - 2) strcat(script, "\n");
  else return trex_errf(err, "accuracy-edap.png: plot script too long");
  return trex_gnuplot(dir, script, "accuracy-edap.png", err);
}

static int plot_adc(const acc_study *st, const char *dir, trex_err *err) {
  char script[8192];
  int o = plot_start(script, sizeof script, st, "adc.png",
                     "set xlabel 'ADC bits'\nset ylabel 'top-1 (%), 95% interval'\n",
                     "top-1 against ADC bits (ideal devices; lossless at the right end of "
                     "each line)");
  if (o > 0 && (size_t)o < sizeof script)
    o += snprintf(script + o, sizeof script - (size_t)o,
                  "set key bottom right\nset grid\nset yrange [0:100]\nplot ");
  int blk = 0;
  for (int k = 0; k < st->n_adc; k++) {
    const acc_adc_point *pt = &st->adc[k];
    if (k && pt->rows == st->adc[k - 1].rows && pt->cell_bits == st->adc[k - 1].cell_bits)
      continue;
    o += snprintf(script + o, sizeof script - (size_t)o,
                  "%s'adc.dat' index %d using 1:2:3:4 with yerrorlines title '%d rows, %d-bit "
                  "cells'",
                  blk ? ", \\\n  " : "", blk, pt->rows, pt->cell_bits);
    blk++;
    if (o < 0 || (size_t)o >= sizeof script - 2)
      return trex_errf(err, "adc.png: plot script too long");
  }
  strcat(script, "\n");
  return trex_gnuplot(dir, script, "adc.png", err);
}

/* Every file of the output directory (cli_publish's stage). */
static int stage_files(const void *ctx, const trex_outdir *od, trex_err *err) {
  const acc_study *st = ctx;
  if (trex_outdir_write(od, "summary.json", w_summary, st, err) ||
      trex_outdir_write(od, "lists.csv", w_lists, st, err) ||
      trex_outdir_write(od, "accuracy-edap.dat", w_edap_dat, st, err))
    return -1;
  for (int j = -1; st->have_impact && j < st->plan.n_ni; j++) {
    char nm[32];
    if (j < 0) snprintf(nm, sizeof nm, "impact.csv");
    else snprintf(nm, sizeof nm, "impact-ni%d.csv", j);
    if (trex_outdir_write(od, nm, w_impact, &(impact_job){st, j}, err)) return -1;
  }
  for (int k = 0; k < st->n_e; k++) {
    char nm[32], path[4400];
    snprintf(nm, sizeof nm, "logits-%03d.npy", k);
    trex_outdir_path(od, nm, path, sizeof path);
    int64_t shape[2] = {(int64_t)st->n, st->m.vm.classes};
    if (npy_save(path, NPY_I32, 2, shape, st->e[k].ideal.logits, err)) return -1;
  }
  if (st->n_adc && (trex_outdir_write(od, "adc.csv", w_adc, st, err) ||
                    trex_outdir_write(od, "adc.dat", w_adc_dat, st, err)))
    return -1;
  if (plot_edap(st, od->stage, err)) return -1;
  return st->n_adc ? plot_adc(st, od->stage, err) : 0;
}

/* The table on stdout (cli_publish's report). */
static void print_table(const void *ctx, const char *out) {
  const acc_study *st = ctx;
  const acc_plan *p = &st->plan;
  printf("model %s, %zu images of %s; ideal tile %s; study chip %s\n", st->m.name, st->n,
         st->data_dir, st->ideal_id, st->chip_id);
  if (!isnan(st->e[0].float_top1)) printf("float top-1 (record): %.2f%%\n", st->e[0].float_top1);
  printf("%-16s %3s %7s %22s %22s", "reuse", "n", "EDAPx", "ideal top-1 [95%]", "drop [95%]");
  if (st->chip_distinct) printf(" %16s", "study chip");
  for (int j = 0; j < p->n_ni; j++) printf(" %22s", p->ni[j].name);
  printf("\n");
  for (int k = 0; k < st->n_e; k++) {
    const acc_entry *e = &st->e[k];
    double lo, hi, d, dlo, dhi;
    acc_wilson(e->ideal.correct, st->n, &lo, &hi);
    acc_study_drop_ideal(st, k, &d, &dlo, &dhi);
    char a[64], b[64];
    snprintf(a, sizeof a, "%.2f [%.1f,%.1f]", 100.0 * e->ideal.correct / st->n, 100 * lo,
             100 * hi);
    snprintf(b, sizeof b, "%+.2f [%+.1f,%+.1f]", d, dlo, dhi);
    printf("%-16s %3d %7.3f %22s %22s", e->text, e->n_reused,
           e->edap.edap > 0 ? st->e[0].edap.edap / e->edap.edap : 0, a, b);
    if (st->chip_distinct) printf(" %15.2f%%", 100.0 * e->chip.correct / st->n);
    for (int j = 0; j < p->n_ni; j++) {
      if (!e->ni) {
        printf(" %22s", "-");
        continue;
      }
      double m, sd;
      acc_study_top_ni(st, k, j, &m, &sd, &lo, &hi);
      snprintf(a, sizeof a, "%.2f [%.1f,%.1f]", m, lo, hi);
      printf(" %22s", a);
    }
    printf("\n");
  }
  for (int c = 0; c < st->n_choice; c++) {
    const acc_choice *ch = &st->choice[c];
    if (!ch->feasible) {
      printf("search, budget %s: no feasible reuse list\n", ch->budget);
      continue;
    }
    double d, lo, hi;
    acc_study_drop_ideal(st, ch->entry, &d, &lo, &hi);
    printf("search, budget %s (%.4g ms): [%s], estimated drop %+.2f, exact %+.2f [%+.2f, "
           "%+.2f], EDAP reduction %.3fx\n",
           ch->budget, ch->budget_ms, st->e[ch->entry].text, ch->est_drop, d, lo, hi,
           st->e[0].edap.edap / st->e[ch->entry].edap.edap);
  }
  int lim = acc_study_at_limit(st);
  if (lim >= 0)
    printf("largest EDAP reduction within %.2g point(s) of drop: [%s], %.3fx\n", p->drop_limit,
           st->e[lim].text, st->e[0].edap.edap / st->e[lim].edap.edap);
  printf("throughput: %zu images in %.1f s CPU (%.1f images/s); study %.1f s\n", st->images_run,
         st->cpu_s, st->cpu_s > 0 ? st->images_run / st->cpu_s : 0, st->seconds);
  printf("accuracy-study: %s/summary.json, lists.csv, impact.csv, accuracy-edap.png%s\n", out,
         st->n_adc ? ", adc.csv, adc.png" : "");
}

typedef struct {
  const char *plan, *out, *stage, *parts;
  acc_study_opts o;
  int force, quiet, task;
} args;
static const args defaults = {.o = {.limit = -1, .seeds = -1, .verbose = 1}, .task = -1};
static const cli_opt opts[] = {
    CLI_OPT_STR("plan", args, plan, "--plan FILE is required"),
    CLI_OPTS_OUT(args, out, force, NULL),
    CLI_OPT_STR("stage", args, stage, NULL),
    CLI_OPT_STR("parts", args, parts, NULL),
    CLI_OPT_INT("task", args, task, 0, 1000000, "--task '%s' is not an integer in 0..1000000", NULL),
    CLI_OPT_STR("model", args, o.model, NULL),
    CLI_OPT_STR("data", args, o.data, NULL),
    CLI_OPT_STR("record", args, o.record, NULL),
    CLI_OPT_LONG("limit", args, o.limit, 0, 1L << 40, "--limit '%s' is not a non-negative integer",
                 NULL),
    CLI_OPT_INT("seeds", args, o.seeds, 1, 1000, "--seeds '%s' is not an integer in 1..1000", NULL),
    CLI_OPT_FLAG("no-adc", args, o.no_adc),
    CLI_OPT_INT("jobs", args, o.jobs, 1, 64, "--jobs '%s' is not an integer in 1..64", NULL),
    CLI_OPT_FLAG("quiet", args, quiet),
    CLI_OPT_END};

/* What make() needs: the options, and whether to merge parts (--stage
 * merge) rather than run the whole study. */
typedef struct {
  const args *a;
  int merge;
} study_args;

/* The study, run or merged from its parts (cli_make_publish's make). */
static int make(void *st, const void *ctx, trex_err *err) {
  const study_args *sa = ctx;
  const args *a = sa->a;
  if (sa->merge ? acc_split_merge(st, a->plan, &a->o, a->parts, err)
                : acc_study_run(st, a->plan, &a->o, err))
    return -1;
  const acc_study *s = st;
  if (s->n_e <= MAX_LOGITS) return 0;
  trex_errf(err, "%s: %d reuse lists, at most %d", a->plan, s->n_e, MAX_LOGITS);
  acc_study_free(st);
  return -1;
}

static void drop(void *st) { acc_study_free(st); }

static int run(void *va, int argc, char **argv) {
  args *a = va;
  if (a->quiet) a->o.verbose = 0;
  trex_err err;
  enum { WHOLE, TASKS, IDEAL, TASK, MERGE } sg = WHOLE;
  if (a->stage) {
    static const char *const names[] = {"tasks", "ideal", "task", "merge"};
    sg = trex_name_find(names, 4, a->stage) + 1; /* WHOLE when it is none of them */
    if (sg == WHOLE)
      return trex_usage("accuracy-study", "--stage '%s' is not tasks, ideal, task or merge", a->stage);
  }
  if (!a->out && (sg == WHOLE || sg == MERGE))
    return trex_usage("accuracy-study", "--out DIR is required");
  if (a->out && (sg == TASKS || sg == IDEAL || sg == TASK))
    return trex_usage("accuracy-study", "--out is for the whole study and --stage merge (--stage %s writes --parts)", a->stage);
  if (!a->parts && (sg == IDEAL || sg == TASK || sg == MERGE))
    return trex_usage("accuracy-study", "--stage %s needs --parts DIR", a->stage);
  if (a->parts && (sg == WHOLE || sg == TASKS))
    return trex_usage("accuracy-study", "--parts is for --stage ideal, task and merge");
  if ((a->task >= 0) != (sg == TASK))
    return trex_usage("accuracy-study", sg == TASK ? "--stage task needs --task T" : "--task is for --stage task");
  if (sg == TASKS) {
    if (acc_split_list(a->plan, &a->o, stdout, &err) || trex_stdout_check(&err))
      return trex_fail("accuracy-study", err.msg);
    return 0;
  }
  if (sg == IDEAL || sg == TASK) {
    if (sg == IDEAL ? acc_split_ideal(a->plan, &a->o, a->parts, &err)
                    : acc_split_task(a->plan, &a->o, a->parts, a->task, &err))
      return trex_fail("accuracy-study", err.msg);
    if (!a->quiet) fprintf(stderr, "accuracy-study: --stage %s: %s\n", a->stage, a->parts);
    return 0;
  }
  char **own = acc_names(fixed_files, "logits-%03d.npy", MAX_LOGITS, "impact-ni%d.csv", NI_CSV_MAX);
  if (!own) return trex_fail("accuracy-study", "out of memory");
  const cli_outdir w = {(const char *const *)own, "summary.json", "trex-accuracy-summary",
                        "trex accuracy-study", stage_files, print_table};
  static const cli_maker m = {"accuracy-study", sizeof(acc_study), make, drop};
  const study_args sa = {a, sg == MERGE};
  int rc = cli_make_publish(&m, &w, a->out, a->force, &sa);
  trex_names_free(own);
  return rc;
}

const cli_cmd trex_cmd_accuracy_study = {help, opts, CLI_BAD_NAMED, NULL,
                                         sizeof(args), &defaults, run};
