/* trex edap: energy, delay, area, EDAP, TOPS/W, TOPS/mm^2 of a model on the
 * crossbar chip, baseline or with attention reuse (docs/edap.md). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "edap_json.h"
#include "cli_opts.h"
#include "trex_cli.h"
#include "trex_file.h"
#include "trex_json.h"
#include "trex_name.h"

static const char help[] =
    "usage: trex edap --model NAME|FILE [--reuse LIST] [--chip FILE] [--tech FILE]\n"
    "                 [--synth DIR [--synth-scale R] [--liberties FILE]]\n"
    "                 [--dataflow D] [--json] [--compare] [--sweep [--out DIR]]\n"
    "Energy, delay, area, EDAP, TOPS/W and TOPS/mm^2 of a model on the crossbar\n"
    "chip, counted from the controller's schedule (trex schedule) and priced with\n"
    "a technology table; every component is printed with its provenance.\n"
    "  --model NAME|FILE  deit-t, deit-s, deit-b, vit-b16, lvvit-s, bert-base or a\n"
    "                     model JSON\n"
    "  --reuse LIST       encoders that reuse attention, e.g. 2,4,6 or 5:3 (none)\n"
    "  --chip FILE        chip geometry JSON (default: the controller's default:\n"
    "                     64x8 tile, 2-bit cells, 8-bit lossless ADC, 8 columns\n"
    "                     per ADC; docs/controller.md, \"Chip\")\n"
    "  --tech FILE        technology table (default tech/default.json)\n"
    "  --synth DIR        take the digital periphery and the controller from\n"
    "                     DIR/*/metrics.json (make synth), labelled 'synthesised',\n"
    "                     scaled from the liberty's node to the table's\n"
    "  --synth-scale R    node-scaling rule: stillmaker (default), classical, or\n"
    "                     none (refuses a liberty of another node)\n"
    "  --liberties FILE   liberty registry giving each liberty's node and supply\n"
    "                     (default tech/liberties.json)\n"
    "  --dataflow D       sequential (default: the controller's order), qkv (q/k/v\n"
    "                     projections overlapped) or pipelined (tokens streamed\n"
    "                     between layers); docs/edap.md\n"
    "  --json             one JSON object (keys in docs/edap.md)\n"
    "  --compare          baseline and the reuse list side by side, with ratios\n"
    "  --sweep            sweep crossbar rows, ADC bits and columns per ADC; write\n"
    "                     DIR/sweep.csv and DIR/sweep-*.png (gnuplot)\n"
    "  --out DIR          sweep output directory (default build/edap/sweep-MODEL,\n"
    "                     MODEL reduced to [A-Za-z0-9._+-]); written whole or not\n"
    "                     at all; a directory holding other files is refused\n"
    "  --force            with --sweep: write into such a directory, replacing\n"
    "                     only the sweep's own four files\n"
    "  -h, --help         this text\n"
    "Units: energy uJ, delay ms, area mm^2, EDAP uJ*ms*mm^2; ops = 2 x MACs executed.\n";

static int sweep(const edap_setup *s, const ctrl_reuse *reuse, const char *dir, int force);

typedef struct {
  edap_opts opt;
  const char *reuse_s, *out;
  int json, compare, do_sweep, force;
} args;
static const args defaults = {0};
static const cli_opt opts[] = {CLI_OPT_STR("model", args, opt.model, "--model is required"),
                               CLI_OPT_STR("reuse", args, reuse_s, NULL),
                               CLI_OPTS_EDAP(args, opt),
                               CLI_OPT_FLAG("json", args, json),
                               CLI_OPT_FLAG("compare", args, compare),
                               CLI_OPT_FLAG("sweep", args, do_sweep),
                               CLI_OPTS_OUT(args, out, force, NULL),
                               CLI_OPT_END};

static int run(void *va, int argc, char **argv) {
  const args *a = va;
  trex_err err;
  ctrl_reuse reuse = {0};
  if (a->reuse_s && ctrl_reuse_parse(a->reuse_s, &reuse, &err)) return trex_fail("edap", err.msg);
  edap_setup *s = calloc(1, sizeof *s);
  if (!s) return trex_fail("edap", "out of memory");
  int rc = 0;
  edap_result *res = calloc(2, sizeof *res);
  if (!res) {
    free(s);
    return trex_fail("edap", "out of memory");
  }
  if (edap_setup_load(s, &a->opt, &err) ||
      edap_eval(&s->ctx, &s->model, &reuse, &res[1], &err) ||
      (a->compare && edap_eval(&s->ctx, &s->model, NULL, &res[0], &err))) {
    rc = trex_fail("edap", err.msg);
    goto done;
  }
  if ((a->out || a->force) && !a->do_sweep) {
    rc = trex_usage("edap", "--out and --force go with --sweep");
    goto done;
  }
  if (a->do_sweep) {
    /* the model name (from a JSON file: any text) becomes one safe path
     * component, never a path of its own ("../x", "/etc") */
    char safe[64], dflt[256];
    trex_name_safe(safe, sizeof safe, s->model.name);
    snprintf(dflt, sizeof dflt, "build/edap/sweep-%s", safe);
    rc = sweep(s, &reuse, a->out ? a->out : dflt, a->force);
    goto done;
  }
  if (a->json) {
    cJSON *o = a->compare ? edap_report_compare_json(s, &res[0], &res[1])
                       : edap_report_json(s, &res[1]);
    if (trex_json_print(stdout, o, true, &err)) rc = trex_fail("edap", err.msg);
  } else if (a->compare) {
    edap_report_compare_text(stdout, s, &res[0], &res[1]);
  } else {
    edap_report_text(stdout, s, &res[1]);
  }
done:
  free(res);
  free(s);
  return rc;
}

/* ---- sweep ------------------------------------------------------------ */

static const char *const sweep_files[] = {"sweep.csv", "sweep-rows.png", "sweep-adc_bits.png",
                                          "sweep-cols_per_adc.png", NULL};

static int sweep(const edap_setup *s0, const ctrl_reuse *reuse, const char *dir, int force) {
  static const struct {
    const char *name;
    int vals[8];
    int n;
  } ps[] = {{"rows", {32, 64, 128, 256}, 4},
            {"adc_bits", {3, 4, 5, 6, 7, 8}, 6},
            {"cols_per_adc", {1, 2, 4, 8, 16, 32}, 6}};
  enum { NP = sizeof ps / sizeof ps[0] };
  typedef struct {
    double energy_uj, delay_ms, area_mm2, edap, tops_per_w, tops_per_mm2;
  } point;
  point r[NP][8][2];
  int legal[NP][8] = {{0}};
  trex_err err;
  /* every point first: an error leaves nothing behind */
  edap_setup s = *s0;
  s.ctx.tech = &s.tech;
  if (s.have_synth) s.ctx.synth = &s.synth;
  for (int p = 0; p < NP; p++)
    for (int k = 0; k < ps[p].n; k++) {
      s.ctx.chip = s0->ctx.chip;
      xbar_cfg *t = &s.ctx.chip.tile;
      int v = ps[p].vals[k];
      if (p == 0) t->rows = v;
      if (p == 1) t->adc_bits = v;
      if (p == 2) t->cols_per_adc = v;
      if (xbar_cfg_check(t, "sweep", &err)) continue; /* illegal point: skipped */
      legal[p][k] = 1;
      for (int cfg = 0; cfg < 2; cfg++) {
        edap_result e;
        if (edap_eval(&s.ctx, &s.model, cfg ? reuse : NULL, &e, &err))
          return trex_fail("edap", err.msg);
        r[p][k][cfg] = (point){e.energy_uj, e.delay_ms,   e.area_mm2,
                               e.edap,      e.tops_per_w, e.tops_per_mm2};
      }
    }
  trex_outdir o;
  if (trex_outdir_open(&o, dir, sweep_files, NULL, NULL, "trex edap --sweep",
                       force ? TREX_OUT_FORCE : 0, &err))
    return trex_fail("edap", err.msg);
  char path[4200];
  trex_wfile w;
  if (trex_wfile_open(&w, trex_outdir_path(&o, "sweep.csv", path, sizeof path), &err)) goto fail;
  fprintf(w.fp,
          "param,value,config,energy_uj,delay_ms,area_mm2,edap,tops_per_w,tops_per_mm2\n");
  int rows = 0;
  for (int p = 0; p < NP; p++)
    for (int k = 0; k < ps[p].n; k++)
      for (int cfg = 0; legal[p][k] && cfg < 2; cfg++, rows++) {
        const point *x = &r[p][k][cfg];
        fprintf(w.fp, "%s,%d,%s,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g\n", ps[p].name, ps[p].vals[k],
                cfg ? "reuse" : "baseline", x->energy_uj, x->delay_ms, x->area_mm2, x->edap,
                x->tops_per_w, x->tops_per_mm2);
      }
  if (trex_wfile_commit(&w, &err)) goto fail;
  /* One PNG per swept parameter: EDAP of baseline and reuse. gnuplot runs in
   * the staging directory on files named here; the only user string in the
   * script is the model name, reduced to [A-Za-z0-9._+-]. */
  char title[64];
  trex_name_safe(title, sizeof title, s.model.name);
  for (int p = 0; p < NP; p++) {
    char dat[64], png[64], script[2048];
    snprintf(dat, sizeof dat, ".sweep-%s.dat", ps[p].name);
    snprintf(png, sizeof png, "sweep-%s.png", ps[p].name);
    if (trex_wfile_open(&w, trex_outdir_path(&o, dat, path, sizeof path), &err)) goto fail;
    for (int k = 0; k < ps[p].n; k++)
      if (legal[p][k])
        fprintf(w.fp, "%d %.9g %.9g\n", ps[p].vals[k], r[p][k][0].edap, r[p][k][1].edap);
    if (trex_wfile_commit(&w, &err)) goto fail;
    snprintf(script, sizeof script,
             "set terminal pngcairo size 640,420 noenhanced\n"
             "set output '%s'\n"
             "set logscale y\n"
             "set xlabel '%s'\n"
             "set ylabel 'EDAP (uJ*ms*mm^2)'\n"
             "set title '%s: EDAP against %s'\n"
             "set key top left\n"
             "plot '%s' using 1:2 with linespoints title 'baseline', "
             "'' using 1:3 with linespoints title 'reuse'\n",
             png, ps[p].name, title, ps[p].name, dat);
    int bad = trex_gnuplot(o.stage, script, png, &err);
    unlink(path);
    if (bad) goto fail;
  }
  if (trex_outdir_commit(&o, &err)) return trex_fail("edap", err.msg);
  printf("sweep: %d points -> %s/sweep.csv and %s/sweep-{rows,adc_bits,cols_per_adc}.png\n",
         rows, o.dir, o.dir);
  return 0;
fail:
  trex_outdir_fail(&o, &err);
  fprintf(stderr, "trex edap: %s; nothing written to %s\n", err.msg, o.dir);
  return 1;
}

const cli_cmd trex_cmd_edap = {help, opts, CLI_BAD_UNKNOWN, NULL,
                               sizeof(args), &defaults, run};
