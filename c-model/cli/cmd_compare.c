/* trex compare-strategies: attention reuse against token pruning and weight
 * sharing at matched EDAP points (strat_cmp.h; docs/results.md). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "strat_cmp.h"
#include "edap_json.h"
#include "cli_opts.h"
#include "trex_cli.h"
#include "trex_file.h"
#include "trex_json.h"
#include "trex_name.h"

static const char usage[] =
    "usage: trex compare-strategies --plan FILE --out DIR [--force] [--quiet]\n"
    "Runs every entry of the plan (an integer model directory and a reuse list:\n"
    "the baseline, attention reuse, token pruning, weight sharing) through the\n"
    "golden model on the ideal tile and over the plan's non-ideal device seeds,\n"
    "prices it with the EDAP calculator on the plan's chip and table, and writes\n"
    "one table and one plot of top-1 against EDAP reduction and TOPS/mm^2 gain,\n"
    "with paired 95% intervals against the baseline and against the reuse entry\n"
    "at the same EDAP point (docs/results.md, c-model/strat_cmp.h).\n"
    "  --plan FILE   the plan (tests/strat/plan.json; format in strat_cmp.h)\n"
    "  --out DIR     summary.json, compare.csv, compare.md, compare.dat,\n"
    "                compare.png (replaced whole; a directory holding other files\n"
    "                is refused unless --force)\n"
    "  --force       replace the outputs in a directory that holds other files\n"
    "  --quiet       no progress on stderr\n"
    "  -h, --help    this text\n";

static const char *const own[] = {"summary.json", "compare.csv", "compare.md", "compare.dat",
                                  "compare.png", NULL};

static const char *label(const strat_entry *e) {
  return e->m.name;
}

static void prog(void *ctx, int entry, int run, int runs) {
  const strat_cmp *c = ctx;
  fprintf(stderr, "\rcompare-strategies: entry %d/%d (%s), run %d/%d   ", entry + 1, c->n,
          c->e[entry].m.name, run + 1, runs);
  if (entry == c->n - 1 && run == runs - 1) fputc('\n', stderr);
}

static cJSON *ci_json(strat_ci v) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddNumberToObject(o, "est", v.est);
  cJSON_AddNumberToObject(o, "lo", v.lo);
  cJSON_AddNumberToObject(o, "hi", v.hi);
  return o;
}

static int w_summary(const void *ctx, FILE *fp) {
  const strat_cmp *c = ctx;
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "format", "trex-strat-summary");
  cJSON_AddNumberToObject(o, "version", 1);
  cJSON_AddStringToObject(o, "data", c->data);
  cJSON_AddNumberToObject(o, "images", (double)c->images);
  cJSON_AddStringToObject(o, "chip", c->chip_path);
  cJSON_AddStringToObject(o, "tech", c->tech_path);
  cJSON_AddStringToObject(o, "nonideal", c->spec);
  cJSON_AddNumberToObject(o, "seeds", c->seeds);
  cJSON_AddStringToObject(o, "intervals",
                          "95%: top1 Wilson; drop (baseline - entry) and vs_reuse (entry - "
                          "reuse entry at the same EDAP point) Newcombe paired on the images; "
                          "non-ideal Student t over seeds (paired per seed)");
  cJSON *a = cJSON_AddArrayToObject(o, "entries");
  for (int k = 0; k < c->n; k++) {
    const strat_entry *e = &c->e[k];
    cJSON *x = cJSON_CreateObject();
    cJSON_AddStringToObject(x, "kind", e->kind);
    cJSON_AddStringToObject(x, "model", e->model_dir);
    cJSON_AddStringToObject(x, "name", e->m.name);
    cJSON_AddStringToObject(x, "reuse", e->edap.reuse);
    cJSON_AddStringToObject(x, "match", e->match);
    edap_result_add_edap(x, &e->edap);
    cJSON_AddNumberToObject(x, "tops_per_mm2", e->edap.tops_per_mm2);
    cJSON_AddNumberToObject(x, "edap_reduction", e->edap_red);
    cJSON_AddNumberToObject(x, "tops_per_mm2_gain", e->tops_gain);
    cJSON_AddNumberToObject(x, "correct", (double)e->ideal.correct);
    cJSON_AddItemToObject(x, "top1", ci_json(e->top1));
    cJSON_AddItemToObject(x, "drop", ci_json(e->drop));
    cJSON *nc = cJSON_AddArrayToObject(x, "nonideal_correct");
    for (int j = 0; j < c->seeds; j++)
      cJSON_AddItemToArray(nc, cJSON_CreateNumber((double)e->ni_correct[j]));
    cJSON_AddItemToObject(x, "nonideal_top1", ci_json(e->ni_top1));
    cJSON_AddNumberToObject(x, "nonideal_sd", e->ni_sd);
    cJSON_AddItemToObject(x, "nonideal_drop", ci_json(e->ni_drop));
    if (e->ref >= 0) {
      cJSON_AddStringToObject(x, "reference", c->e[e->ref].m.name);
      cJSON_AddItemToObject(x, "vs_reuse", ci_json(e->vs_ref));
      cJSON_AddItemToObject(x, "nonideal_vs_reuse", ci_json(e->ni_vs_ref));
    }
    cJSON_AddItemToArray(a, x);
  }
  trex_err err;
  return trex_json_print(fp, o, true, &err) || ferror(fp) ? -1 : 0;
}

/* How a table writes an interval cell: unsigned (a top-1) or signed (a
 * difference), the cell of an entry without a reference, and what follows a
 * cell (the last one of a row: end). */
typedef struct {
  const char *plain, *sign, *none, *sep, *end;
} ci_cells;
static const ci_cells csv_cells = {"%.2f,%.2f,%.2f", "%.2f,%.2f,%.2f", ",,", ",", "\n"};
static const ci_cells md_cells = {"%.2f [%.2f, %.2f]", "%+.2f [%+.2f, %+.2f]", "-", " | ",
                                  " |\n"};

/* The interval cells of a row, in both tables' order: top-1, drop, vs reuse
 * (none without a reference), non-ideal top-1, non-ideal vs reuse. */
static void w_cis(FILE *fp, const strat_entry *e, const ci_cells *f) {
  const struct {
    const strat_ci *ci;
    int sign;
  } cell[] = {{&e->top1, 0},
              {&e->drop, 1},
              {e->ref >= 0 ? &e->vs_ref : NULL, 1},
              {&e->ni_top1, 0},
              {e->ref >= 0 ? &e->ni_vs_ref : NULL, 1}};
  enum { N = sizeof cell / sizeof cell[0] };
  for (int k = 0; k < N; k++) {
    const strat_ci *ci = cell[k].ci;
    if (ci) fprintf(fp, cell[k].sign ? f->sign : f->plain, ci->est, ci->lo, ci->hi);
    else fputs(f->none, fp);
    fputs(k == N - 1 ? f->end : f->sep, fp);
  }
}

static int w_csv(const void *ctx, FILE *fp) {
  const strat_cmp *c = ctx;
  fprintf(fp, "kind,name,reuse,match,edap_reduction,tops_per_mm2_gain,top1,top1_lo,top1_hi,"
              "drop,drop_lo,drop_hi,vs_reuse,vs_reuse_lo,vs_reuse_hi,ni_top1,ni_lo,ni_hi,"
              "ni_vs_reuse,ni_vs_reuse_lo,ni_vs_reuse_hi\n");
  for (int k = 0; k < c->n; k++) {
    const strat_entry *e = &c->e[k];
    fprintf(fp, "%s,%s,\"%s\",\"%s\",%.4f,%.4f,", e->kind, e->m.name, e->edap.reuse, e->match,
            e->edap_red, e->tops_gain);
    w_cis(fp, e, &csv_cells);
  }
  return ferror(fp) ? -1 : 0;
}

static int w_md(const void *ctx, FILE *fp) {
  const strat_cmp *c = ctx;
  fprintf(fp, "| strategy | model | reuse | EDAP point (reuse list) | EDAP reduction | TOPS/mm^2 "
              "gain | top-1 ideal %% [95%% Wilson] | drop vs baseline [95%% Newcombe] | vs reuse "
              "at the point [95%% Newcombe] | top-1 non-ideal %s, mean of %d seeds [95%% t] | "
              "non-ideal vs reuse [95%% t] |\n",
          c->spec, c->seeds);
  fprintf(fp, "|---|---|---|---|---|---|---|---|---|---|---|\n");
  for (int k = 0; k < c->n; k++) {
    const strat_entry *e = &c->e[k];
    fprintf(fp, "| %s | %s | %s | %s | %.3fx | %.3fx | ", e->kind, label(e),
            e->edap.reuse[0] ? e->edap.reuse : "none", e->match[0] ? e->match : "-", e->edap_red,
            e->tops_gain);
    w_cis(fp, e, &md_cells);
  }
  return ferror(fp) ? -1 : 0;
}

/* compare.dat: one block per kind (reuse with the baseline first), sorted by
 * EDAP reduction: x, top1, lo, hi, tops gain, ni top1, ni lo, ni hi. */
static int w_dat(const void *ctx, FILE *fp) {
  const strat_cmp *c = ctx;
  static const char *const kinds[] = {"reuse", "prune", "share"};
  for (int q = 0; q < 3; q++) {
    int idx[STRAT_MAX_ENTRIES], m = 0;
    for (int k = 0; k < c->n; k++)
      if (!strcmp(c->e[k].kind, kinds[q]) || k == 0) idx[m++] = k;
    for (int a = 1; a < m; a++)
      for (int b = a; b > 0 && c->e[idx[b]].edap_red < c->e[idx[b - 1]].edap_red; b--) {
        int t = idx[b];
        idx[b] = idx[b - 1];
        idx[b - 1] = t;
      }
    fprintf(fp, "# %s\n", kinds[q]);
    for (int a = 0; a < m; a++) {
      const strat_entry *e = &c->e[idx[a]];
      fprintf(fp, "%.5f %.4f %.4f %.4f %.5f %.4f %.4f %.4f\n", e->edap_red, e->top1.est,
              e->top1.lo, e->top1.hi, e->tops_gain, e->ni_top1.est, e->ni_top1.lo, e->ni_top1.hi);
    }
    fprintf(fp, "\n\n");
  }
  return ferror(fp) ? -1 : 0;
}

static int plot(const strat_cmp *c, const char *dir, trex_err *err) {
  char spec[128], script[4096];
  trex_name_safe(spec, sizeof spec, c->spec);
  int o = snprintf(
      script, sizeof script,
      "set terminal pngcairo size 1280,560 noenhanced\n"
      "set output 'compare.png'\n"
      "set multiplot layout 1,2 title 'attention reuse, token pruning, weight sharing: "
      "%zu test images, 95%% intervals'\n"
      "set grid\nset key bottom left\nset ylabel 'top-1 (%%)'\n"
      "set xlabel 'EDAP reduction (baseline EDAP / EDAP)'\n"
      "set title 'top-1 against EDAP reduction (filled: ideal tile; open: %s, mean of %d "
      "seeds)'\n"
      "plot 'compare.dat' index 0 using 1:2:3:4 with yerrorlines lw 2 pt 7 lc 1 title 'reuse, ideal', \\\n"
      "     '' index 1 using 1:2:3:4 with yerrorlines lw 2 pt 5 lc 2 title 'pruning, ideal', \\\n"
      "     '' index 2 using 1:2:3:4 with yerrorlines lw 2 pt 9 lc 3 title 'sharing, ideal', \\\n"
      "     '' index 0 using ($1*1.01):6:7:8 with yerrorlines dt 2 pt 6 lc 1 title 'reuse, non-ideal', \\\n"
      "     '' index 1 using ($1*1.01):6:7:8 with yerrorlines dt 2 pt 4 lc 2 title 'pruning, non-ideal', \\\n"
      "     '' index 2 using ($1*1.01):6:7:8 with yerrorlines dt 2 pt 8 lc 3 title 'sharing, non-ideal'\n"
      "set xlabel 'TOPS/mm^2 gain (entry / baseline)'\n"
      "set title 'top-1 against TOPS/mm^2 gain (ideal tile)'\n"
      "plot 'compare.dat' index 0 using 5:2:3:4 with yerrorlines lw 2 pt 7 lc 1 title 'reuse', \\\n"
      "     '' index 1 using 5:2:3:4 with yerrorlines lw 2 pt 5 lc 2 title 'pruning', \\\n"
      "     '' index 2 using 5:2:3:4 with yerrorlines lw 2 pt 9 lc 3 title 'sharing'\n"
      "unset multiplot\n",
      c->images, spec, c->seeds);
  if (o < 0 || (size_t)o >= sizeof script) return trex_errf(err, "compare.png: plot script too long");
  return trex_gnuplot(dir, script, "compare.png", err);
}

/* Every file of the output directory (cli_publish's stage). */
static int stage(const void *c, const trex_outdir *od, trex_err *err) {
  if (trex_outdir_write(od, "summary.json", w_summary, c, err) ||
      trex_outdir_write(od, "compare.csv", w_csv, c, err) ||
      trex_outdir_write(od, "compare.md", w_md, c, err) ||
      trex_outdir_write(od, "compare.dat", w_dat, c, err))
    return -1;
  return plot(c, od->stage, err);
}

/* The table on stdout (cli_publish's report). */
static void report(const void *c, const char *out) {
  w_md(c, stdout);
  printf("compare-strategies: %s/summary.json, compare.csv, compare.md, compare.png\n", out);
}

static const cli_outdir outdir = {own, "summary.json", "trex-strat-summary",
                                  "trex compare-strategies", stage, report};

typedef struct {
  const char *plan, *out;
  int force, quiet;
} args;
static const args defaults = {0};
static const cli_opt opts[] = {CLI_OPT_STR("plan", args, plan, "--plan FILE is required"),
                               CLI_OPTS_OUT(args, out, force, "--out DIR is required"),
                               CLI_OPT_FLAG("quiet", args, quiet), CLI_OPT_END};

/* The comparison of the plan, run (cli_make_publish's make). */
static int make(void *c, const void *va, trex_err *err) {
  const args *a = va;
  if (strat_cmp_load(a->plan, c, err)) return -1;
  if (!strat_cmp_run(c, a->quiet || !isatty(STDERR_FILENO) ? NULL : prog, c, err)) return 0;
  strat_cmp_free(c);
  return -1;
}

static void drop(void *c) { strat_cmp_free(c); }

static int run(void *va, int argc, char **argv) {
  const args *a = va;
  static const cli_maker m = {"compare-strategies", sizeof(strat_cmp), make, drop};
  return cli_make_publish(&m, &outdir, a->out, a->force, a);
}

const cli_cmd trex_cmd_compare_strategies = {usage, opts, CLI_BAD_NAMED, NULL,
                                             sizeof(args), &defaults, run};
