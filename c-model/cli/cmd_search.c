/* trex search: the reuse list that meets a delay budget with the least
 * accuracy impact (or the least EDAP), exactly (docs/edap.md, "Search"). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "edap_json.h"
#include "search_mix.h"
#include "trex_num.h"
#include "search_reuse.h"
#include "cli_opts.h"
#include "trex_cli.h"
#include "trex_json.h"
#include "trex_clock.h"
#include "trex_file.h"
#include "trex_name.h"

static const char help[] =
    "usage: trex search --model NAME|FILE --delay-budget X [--impact FILE]\n"
    "                   [--max-reuse K] [--chip FILE] [--tech FILE] [--synth DIR]\n"
    "                   [--synth-scale R] [--liberties FILE] [--dataflow D]\n"
    "                   [--method auto|enum|dp] [--json] [--pareto CSV]\n"
    "       trex search --model M --delay-budget X --impact FILE\n"
    "                   --prune-schedules FILE --accuracy-limit P [--json] ...\n"
    "The set of encoders to reuse (sources: the most recent computing encoder)\n"
    "whose delay meets the budget with the least total accuracy impact, ties\n"
    "broken by the least EDAP; without --impact the least EDAP with at most K\n"
    "reused encoders. Exact: enumeration up to 11 reusable encoders, a dynamic\n"
    "programme beyond (docs/edap.md), both proven equal in unit tests.\n"
    "  --delay-budget X   absolute (2.5ms, 900us) or relative to the baseline (0.7x)\n"
    "  --impact FILE      CSV 'encoder,impact' (accuracy drop when that encoder\n"
    "                     reuses), every encoder 1..depth-1; a gain is a negative\n"
    "                     drop ('trex accuracy-study' writes impact.csv)\n"
    "  --max-reuse K      at most K reused encoders (required without --impact)\n"
    "  --chip, --tech, --synth, --synth-scale, --liberties: as trex edap --help\n"
    "  --dataflow D       sequential (default), qkv or pipelined: the delay model\n"
    "                     the budget and EDAP use (docs/edap.md)\n"
    "  --method M         auto (default), enum or dp\n"
    "  --json             one JSON object: reuse, delay_ms, edap, impact, ...\n"
    "  --csv              one CSV line (with a header line): the answer and the\n"
    "                     baseline's figures\n"
    "  --pareto CSV       the Pareto front of EDAP against impact (against the\n"
    "                     number reused without --impact) to CSV and CSV.png\n"
    "  --prune-schedules FILE  search a mix: every pruning schedule of FILE (lines\n"
    "                     'DROP,T_0 T_1 ... T_(depth-1)': its measured accuracy drop\n"
    "                     in points and its encoder_tokens) with every legal reuse\n"
    "                     set; the least EDAP within the budget whose estimated\n"
    "                     drop (schedule drop + reuse impacts, additive) is at most\n"
    "                     --accuracy-limit; exact enumeration (docs/edap.md)\n"
    "  --accuracy-limit P the largest estimated drop allowed (points; with\n"
    "                     --prune-schedules)\n"
    "  -h, --help         this text\n"
    "Exit 1 with 'no feasible reuse list' when no set meets the budget.\n";

static int write_pareto(const char *csv, const search_out *o, int have_impact,
                        const char *model);

/* --prune-schedules: the exact search over a mix (search_mix.h). */
static int search_mix_cmd(const edap_opts *opt, const char *budget_s, const char *impact_f,
                          const char *mix_f, const char *limit_s, int json) {
  trex_err err;
  double limit;
  if (trex_parse_real(limit_s, -1e300, 1e300, &limit))
    return trex_usage("search", "--accuracy-limit: '%s' is not a number", limit_s);
  edap_setup *s = calloc(1, sizeof *s);
  edap_result *base = calloc(1, sizeof *base);
  search_mix *mix = calloc(1, sizeof *mix);
  search_mix_out *out = calloc(1, sizeof *out);
  double impact[VIT_MAX_DEPTH], budget;
  int rc = 1;
  if (!s || !base || !mix || !out) {
    trex_errf(&err, "out of memory");
    goto fail;
  }
  double t0 = trex_clock_s();
  if (edap_setup_load(s, opt, &err) || search_impact_load(impact_f, s->model.depth, impact, &err) ||
      search_mix_load(mix_f, &s->model, mix, &err) ||
      edap_eval(&s->ctx, &s->model, NULL, base, &err) ||
      search_parse_budget(budget_s, base->delay_ms, &budget, &err) ||
      search_mix_run(&s->ctx, &s->model, mix, impact, budget, limit, out, &err))
    goto fail;
  double ms = (trex_clock_s() - t0) * 1e3;
  if (!out->feasible) {
    trex_errf(&err, "no feasible mix: budget %.6g ms (baseline %.6g ms) and accuracy limit %g "
              "points cannot both be met", budget, base->delay_ms, limit);
    goto fail;
  }
  const edap_result *r = &out->res;
  char toks[VIT_MAX_DEPTH * 7 + 1] = "";
  for (int i = 0; i < s->model.depth; i++)
    snprintf(toks + strlen(toks), sizeof toks - strlen(toks), "%s%d", i ? " " : "",
             mix->tokens[out->schedule][i]);
  if (json) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "model", s->model.name);
    cJSON_AddNumberToObject(o, "schedule", out->schedule);
    cJSON *t = cJSON_CreateIntArray(mix->tokens[out->schedule], s->model.depth);
    cJSON_AddItemToObject(o, "encoder_tokens", t);
    cJSON_AddNumberToObject(o, "schedule_drop", mix->drop[out->schedule]);
    cJSON_AddStringToObject(o, "reuse", r->reuse);
    cJSON_AddNumberToObject(o, "estimated_drop", out->est_drop);
    cJSON_AddNumberToObject(o, "accuracy_limit", limit);
    cJSON_AddNumberToObject(o, "budget_ms", budget);
    cJSON_AddNumberToObject(o, "delay_ms", r->delay_ms);
    cJSON_AddNumberToObject(o, "edap", r->edap);
    cJSON_AddNumberToObject(o, "baseline_edap", base->edap);
    cJSON_AddNumberToObject(o, "edap_reduction", base->edap / r->edap);
    cJSON_AddNumberToObject(o, "tops_per_mm2", r->tops_per_mm2);
    cJSON_AddStringToObject(o, "method", "enum-mix");
    cJSON_AddNumberToObject(o, "evaluated", (double)out->evaluated);
    cJSON_AddNumberToObject(o, "search_ms", ms);
    if (trex_json_print(stdout, o, true, &err)) goto fail;
  } else {
    printf("model %s, budget %.6g ms (baseline %.6g ms), accuracy limit %g points: least EDAP\n",
           s->model.name, budget, base->delay_ms, limit);
    printf("  pruning     schedule %d: tokens %s (measured drop %g)\n", out->schedule, toks,
           mix->drop[out->schedule]);
    printf("  reuse       [%s] (%d encoders)\n", r->reuse, r->n_reused);
    printf("  est. drop   %g points (schedule drop + reuse impacts: an additive estimate)\n",
           out->est_drop);
    printf("  delay       %.6f ms (%.4fx baseline)\n", r->delay_ms, r->delay_ms / base->delay_ms);
    printf("  EDAP        %.6g uJ*ms*mm^2 (baseline %.6g, %.3fx lower)\n", r->edap, base->edap,
           base->edap / r->edap);
    printf("  method enum-mix (exact), %ld full evaluations over %d schedules, %.2f ms\n",
           out->evaluated, mix->n, ms);
  }
  rc = 0;
fail:
  if (rc) trex_fail("search", err.msg);
  free(s);
  free(base);
  free(mix);
  free(out);
  return rc;
}

typedef struct {
  edap_opts opt;
  const char *budget_s, *impact_f, *pareto, *method_s, *mix_f, *limit_s;
  long max_reuse;
  int json, csv;
} args;
static const args defaults = {.method_s = "auto", .max_reuse = -1};
static const cli_opt opts[] = {
    CLI_OPT_STR("model", args, opt.model, "--model is required"),
    CLI_OPT_STR("delay-budget", args, budget_s, "--delay-budget is required"),
    CLI_OPT_STR("impact", args, impact_f, NULL),
    CLI_OPT_LONG("max-reuse", args, max_reuse, 0, VIT_MAX_DEPTH,
                 "--max-reuse: '%s' is not an integer in 0.." CLI_XSTR(VIT_MAX_DEPTH), NULL),
    CLI_OPTS_EDAP(args, opt),
    CLI_OPT_STR("method", args, method_s, NULL),
    CLI_OPT_FLAG("json", args, json),
    CLI_OPT_STR("pareto", args, pareto, NULL),
    CLI_OPT_FLAG("csv", args, csv),
    CLI_OPT_STR("prune-schedules", args, mix_f, NULL),
    CLI_OPT_STR("accuracy-limit", args, limit_s, NULL),
    CLI_OPT_END};

static int run(void *va, int argc, char **argv) {
  const args *a = va;
  if (a->mix_f || a->limit_s) {
    if (!a->mix_f || !a->limit_s || !a->impact_f)
      return trex_usage("search", "--prune-schedules needs --accuracy-limit and --impact");
    if (a->max_reuse >= 0 || a->pareto || a->csv || strcmp(a->method_s, "auto"))
      return trex_usage("search", "--prune-schedules takes no --max-reuse, --pareto, --csv or "
                                  "--method (it enumerates)");
    return search_mix_cmd(&a->opt, a->budget_s, a->impact_f, a->mix_f, a->limit_s, a->json);
  }
  if (!a->impact_f && a->max_reuse < 0)
    return trex_usage("search", "--max-reuse is required without --impact");
  search_method method;
  if (!strcmp(a->method_s, "auto")) method = SEARCH_AUTO;
  else if (!strcmp(a->method_s, "enum")) method = SEARCH_ENUM;
  else if (!strcmp(a->method_s, "dp")) method = SEARCH_DP;
  else return trex_usage("search", "--method: '%s' is not auto, enum or dp", a->method_s);

  trex_err err;
  edap_setup *s = calloc(1, sizeof *s);
  edap_result *base = calloc(1, sizeof *base);
  search_out out = {0};
  int rc = 0;
  if (!s || !base) {
    rc = trex_fail("search", "out of memory");
    goto done;
  }
  double impact[VIT_MAX_DEPTH];
  search_spec sp = {.max_reuse = (int)a->max_reuse, .impact = a->impact_f ? impact : NULL};
  if (edap_setup_load(s, &a->opt, &err) ||
      (a->impact_f && search_impact_load(a->impact_f, s->model.depth, impact, &err)) ||
      edap_eval(&s->ctx, &s->model, NULL, base, &err) ||
      search_parse_budget(a->budget_s, base->delay_ms, &sp.budget_ms, &err)) {
    rc = trex_fail("search", err.msg);
    goto done;
  }
  double t0 = trex_clock_s();
  if (search_run(&s->ctx, &s->model, &sp, method, &out, &err)) {
    rc = trex_fail("search", err.msg);
    goto done;
  }
  double ms = (trex_clock_s() - t0) * 1e3;
  if (!out.feasible) {
    char m[400];
    snprintf(m, sizeof m,
             "no feasible reuse list: budget %.6g ms (baseline %.6g ms%s%ld) cannot be met",
             sp.budget_ms, base->delay_ms, a->max_reuse >= 0 ? ", at most reused " : "",
             a->max_reuse >= 0 ? a->max_reuse : 0L);
    rc = trex_fail("search", m);
    goto done;
  }
  /* after the feasibility check: a failed search writes nothing */
  if (a->pareto && (rc = write_pareto(a->pareto, &out, a->impact_f != NULL, s->model.name)))
    goto done;
  const edap_result *r = &out.best_res;
  const char *mname = out.method == SEARCH_ENUM ? "enum" : "dp";
  if (a->csv) {
    printf("model,max_reuse,budget_ms,reuse,n_reused,impact,delay_ms,energy_uj,area_mm2,edap,"
           "tops_per_w,tops_per_mm2,base_delay_ms,base_energy_uj,base_area_mm2,base_edap,"
           "base_tops_per_w,base_tops_per_mm2,static_tiles,base_static_tiles\n");
    trex_csv_field(stdout, s->model.name); /* a name may hold a comma or a quote */
    printf(",%ld,%.9g,\"%s\",%d,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,"
           "%.9g,%.9g,%llu,%llu\n",
           a->max_reuse, sp.budget_ms, r->reuse, r->n_reused, out.best.impact,
           r->delay_ms, r->energy_uj, r->area_mm2, r->edap, r->tops_per_w, r->tops_per_mm2,
           base->delay_ms, base->energy_uj, base->area_mm2, base->edap, base->tops_per_w,
           base->tops_per_mm2, (unsigned long long)r->static_tiles,
           (unsigned long long)base->static_tiles);
  } else if (a->json) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "model", s->model.name);
    cJSON_AddStringToObject(o, "reuse", r->reuse);
    cJSON_AddNumberToObject(o, "n_reused", r->n_reused);
    cJSON_AddNumberToObject(o, "impact", out.best.impact);
    cJSON_AddNumberToObject(o, "budget_ms", sp.budget_ms);
    cJSON_AddNumberToObject(o, "delay_ms", r->delay_ms);
    cJSON_AddNumberToObject(o, "edap", r->edap);
    cJSON_AddNumberToObject(o, "energy_uj", r->energy_uj);
    cJSON_AddNumberToObject(o, "area_mm2", r->area_mm2);
    cJSON_AddNumberToObject(o, "tops_per_w", r->tops_per_w);
    cJSON_AddNumberToObject(o, "tops_per_mm2", r->tops_per_mm2);
    cJSON_AddStringToObject(o, "method", mname);
    cJSON_AddNumberToObject(o, "evaluated", (double)out.evaluated);
    cJSON_AddNumberToObject(o, "search_ms", ms);
    cJSON_AddItemToObject(o, "result", edap_report_json(s, r));
    cJSON_AddItemToObject(o, "baseline", edap_report_json(s, base));
    cJSON *f = cJSON_AddArrayToObject(o, "pareto");
    for (size_t k = 0; k < out.n_front; k++) {
      cJSON *p = cJSON_CreateObject();
      ctrl_reuse rl;
      char buf[512];
      search_mask_to_reuse(out.front[k].mask, s->model.depth, &rl);
      ctrl_reuse_format(&rl, buf, sizeof buf);
      cJSON_AddStringToObject(p, "reuse", buf);
      cJSON_AddNumberToObject(p, "impact", out.front[k].impact);
      cJSON_AddNumberToObject(p, "n_reused", out.front[k].count);
      cJSON_AddNumberToObject(p, "edap", out.front[k].edap);
      cJSON_AddNumberToObject(p, "delay_ms", out.front[k].delay_ms);
      cJSON_AddItemToArray(f, p);
    }
    if (trex_json_print(stdout, o, true, &err)) rc = trex_fail("search", err.msg);
  } else {
    printf("model %s, budget %.6g ms (baseline %.6g ms), %s\n", s->model.name, sp.budget_ms,
           base->delay_ms, a->impact_f ? "least impact, then least EDAP" : "least EDAP");
    printf("  reuse       [%s] (%d encoders)\n", r->reuse, r->n_reused);
    printf("  impact      %g\n", out.best.impact);
    /* ratios only where the denominator is not zero (an all-zero energy
     * table gives EDAP 0): never inf or nan in a report */
    printf("  delay       %.6f ms (%.4fx baseline)\n", r->delay_ms,
           base->delay_ms > 0 ? r->delay_ms / base->delay_ms : 1.0);
    printf("  energy      %.4f uJ\n  area        %.4f mm^2\n", r->energy_uj, r->area_mm2);
    if (r->edap > 0)
      printf("  EDAP        %.6g uJ*ms*mm^2 (baseline %.6g, %.3fx lower)\n", r->edap, base->edap,
             base->edap / r->edap);
    else
      printf("  EDAP        %.6g uJ*ms*mm^2 (baseline %.6g, no ratio: zero EDAP)\n", r->edap,
             base->edap);
    printf("  TOPS/W      %.4f\n  TOPS/mm^2   %.6f\n", r->tops_per_w, r->tops_per_mm2);
    printf("  method %s, %zu full evaluations, %zu DP labels, %.2f ms; Pareto front %zu points\n",
           mname, out.evaluated, out.labels, ms, out.n_front);
  }
done:
  search_out_free(&out);
  free(base);
  free(s);
  return rc;
}

/* CSV and CSV.png, both or neither: staged in a private directory beside
 * the CSV (gnuplot runs there on fixed names), then installed. */
static int write_pareto(const char *csv, const search_out *o, int have_impact,
                        const char *model) {
  trex_err err;
  char stage[4200], data[4300], png[4300], png_dst[4300];
  mode_t mode;
  snprintf(png_dst, sizeof png_dst, "%s.png", csv);
  if (trex_target_check(csv, &mode, &err) || trex_target_check(png_dst, &mode, &err) ||
      trex_tmpdir_beside(csv, stage, sizeof stage, &err))
    return trex_fail("search", err.msg);
  snprintf(data, sizeof data, "%s/data.csv", stage);
  snprintf(png, sizeof png, "%s/plot.png", stage);
  trex_wfile w;
  if (trex_wfile_open(&w, data, &err)) goto fail;
  fprintf(w.fp, "%s,edap,delay_ms,energy_uj,area_mm2,n_reused,mask\n",
          have_impact ? "impact" : "n_reused_axis");
  for (size_t k = 0; k < o->n_front; k++) {
    const search_point *p = &o->front[k];
    fprintf(w.fp, "%.9g,%.9g,%.9g,%.9g,%.9g,%d,0x%llx\n",
            have_impact ? p->impact : (double)p->count, p->edap, p->delay_ms, p->energy_uj,
            p->area_mm2, p->count, (unsigned long long)p->mask);
  }
  if (trex_wfile_commit(&w, &err)) goto fail;
  if (o->n_front > 0) {
    char title[64], script[2048];
    trex_name_safe(title, sizeof title, model);
    snprintf(script, sizeof script,
             "set terminal pngcairo size 640,420 noenhanced\n"
             "set output 'plot.png'\n"
             "set datafile separator ','\n"
             "set xlabel '%s'\n"
             "set ylabel 'EDAP (uJ*ms*mm^2)'\n"
             "set title '%s: Pareto front of EDAP'\n"
             "plot 'data.csv' every ::1 using 1:2 with linespoints pt 7 notitle\n",
             have_impact ? "total accuracy impact" : "encoders reused", title);
    if (trex_gnuplot(stage, script, "plot.png", &err)) goto fail;
  }
  if (trex_file_install(data, csv, &err) ||
      (o->n_front > 0 && trex_file_install(png, png_dst, &err)))
    goto fail;
  rmdir(stage);
  trex_tmp_forget(stage);
  return 0;
fail:
  unlink(data);
  unlink(png);
  rmdir(stage);
  trex_tmp_forget(stage);
  fprintf(stderr, "trex search: %s; nothing written to %s\n", err.msg, csv);
  return 1;
}

const cli_cmd trex_cmd_search = {help, opts, CLI_BAD_UNKNOWN, NULL,
                                 sizeof(args), &defaults, run};
