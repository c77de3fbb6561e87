/* trex edap: energy, delay, area, EDAP, TOPS/W, TOPS/mm^2 of a model on the
 * crossbar chip, baseline or with attention reuse (docs/edap.md). */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "edap_report.h"
#include "trex_cli.h"
#include "trex_file.h"
#include "trex_json.h"

static const char *help =
    "usage: trex edap --model NAME|FILE [--reuse LIST] [--chip FILE] [--tech FILE]\n"
    "                 [--synth DIR [--synth-scale R] [--liberties FILE]]\n"
    "                 [--dataflow D] [--json] [--compare] [--sweep [--out DIR]]\n"
    "Energy, delay, area, EDAP, TOPS/W and TOPS/mm^2 of a model on the crossbar\n"
    "chip, counted from the controller's schedule (trex schedule) and priced with\n"
    "a technology table; every component is printed with its provenance.\n"
    "  --model NAME|FILE  deit-t, deit-s, deit-b, vit-b16, lvvit-s, bert-base or a\n"
    "                     model JSON\n"
    "  --reuse LIST       encoders that reuse attention, e.g. 2,4,6 or 5:3 (none)\n"
    "  --chip FILE        chip geometry JSON (default: the controller's default)\n"
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
    "  --out DIR          sweep output directory (default build/edap/sweep-MODEL)\n"
    "  -h, --help         this text\n"
    "Units: energy uJ, delay ms, area mm^2, EDAP uJ*ms*mm^2; ops = 2 x MACs executed.\n";

static int sweep(const edap_setup *s, const ctrl_reuse *reuse, const char *dir);

int trex_cmd_edap(int argc, char **argv) {
  const char *model = NULL, *reuse_s = NULL, *chip = NULL, *tech = NULL, *synth = NULL, *synth_scale = NULL, *liberties = NULL, *dataflow = NULL,
             *out = NULL;
  int json = 0, compare = 0, do_sweep = 0;
  static const struct option opts[] = {
      {"model", required_argument, 0, 'm'}, {"reuse", required_argument, 0, 'r'},
      {"chip", required_argument, 0, 'c'},  {"tech", required_argument, 0, 't'},
      {"synth", required_argument, 0, 's'},
      {"synth-scale", required_argument, 0, 'Z'}, {"liberties", required_argument, 0, 'L'},
      {"dataflow", required_argument, 0, 'D'}, {"json", no_argument, 0, 'j'},
      {"compare", no_argument, 0, 'C'},     {"sweep", no_argument, 0, 'S'},
      {"out", required_argument, 0, 'o'},   {"help", no_argument, 0, 'h'},
      {0, 0, 0, 0}};
  int ch;
  optind = 1;
  opterr = 0;
  while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
    switch (ch) {
      case 'm': model = optarg; break;
      case 'r': reuse_s = optarg; break;
      case 'c': chip = optarg; break;
      case 't': tech = optarg; break;
      case 's': synth = optarg; break;
      case 'Z': synth_scale = optarg; break;
      case 'L': liberties = optarg; break;
      case 'D': dataflow = optarg; break;
      case 'j': json = 1; break;
      case 'C': compare = 1; break;
      case 'S': do_sweep = 1; break;
      case 'o': out = optarg; break;
      case 'h': fputs(help, stdout); return 0;
      default: return trex_usage("edap", "unknown option or missing value '%s'", argv[optind - 1]);
    }
  }
  if (optind != argc) return trex_usage("edap", "unexpected argument '%s'", argv[optind]);
  if (!model) return trex_usage("edap", "--model is required");
  trex_err err;
  ctrl_reuse reuse = {0};
  if (reuse_s && ctrl_reuse_parse(reuse_s, &reuse, &err)) return trex_fail("edap", err.msg);
  const edap_opts opt = {.model = model, .chip = chip, .tech = tech, .synth_dir = synth,
                         .synth_scale = synth_scale, .liberties = liberties,
                         .dataflow = dataflow};
  edap_setup *s = calloc(1, sizeof *s);
  if (!s) return trex_fail("edap", "out of memory");
  int rc = 0;
  edap_result *res = calloc(2, sizeof *res);
  if (!res) {
    free(s);
    return trex_fail("edap", "out of memory");
  }
  if (edap_setup_load(s, &opt, &err) ||
      edap_eval(&s->ctx, &s->model, &reuse, &res[1], &err) ||
      (compare && edap_eval(&s->ctx, &s->model, NULL, &res[0], &err))) {
    rc = trex_fail("edap", err.msg);
    goto done;
  }
  if (do_sweep) {
    char dflt[256];
    snprintf(dflt, sizeof dflt, "build/edap/sweep-%s", s->model.name);
    rc = sweep(s, &reuse, out ? out : dflt);
    goto done;
  }
  if (json) {
    cJSON *o = compare ? edap_report_compare_json(s, &res[0], &res[1])
                       : edap_report_json(s, &res[1]);
    char *t = cJSON_Print(o);
    puts(t);
    free(t);
    cJSON_Delete(o);
  } else if (compare) {
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

static int mkdirs(const char *dir) {
  char p[1024];
  snprintf(p, sizeof p, "%s", dir);
  for (char *q = p + 1; *q; q++)
    if (*q == '/') {
      *q = 0;
      mkdir(p, 0777);
      *q = '/';
    }
  mkdir(p, 0777);
  struct stat st;
  return stat(p, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -1;
}

static int sweep(const edap_setup *s0, const ctrl_reuse *reuse, const char *dir) {
  if (mkdirs(dir)) return trex_fail("edap", "cannot create the sweep directory");
  char csv[1200];
  snprintf(csv, sizeof csv, "%s/sweep.csv", dir);
  trex_err err;
  trex_wfile w;
  if (trex_wfile_open(&w, csv, &err)) return trex_fail("edap", err.msg);
  fprintf(w.fp,
          "param,value,config,energy_uj,delay_ms,area_mm2,edap,tops_per_w,tops_per_mm2\n");
  static const struct {
    const char *name;
    int vals[8];
    int n;
  } ps[] = {{"rows", {32, 64, 128, 256}, 4},
            {"adc_bits", {3, 4, 5, 6, 7, 8}, 6},
            {"cols_per_adc", {1, 2, 4, 8, 16, 32}, 6}};
  edap_setup s = *s0;
  s.ctx.tech = &s.tech;
  if (s.have_synth) s.ctx.synth = &s.synth;
  int rows = 0;
  for (size_t p = 0; p < sizeof ps / sizeof ps[0]; p++)
    for (int k = 0; k < ps[p].n; k++) {
      s.ctx.chip = s0->ctx.chip;
      xbar_cfg *t = &s.ctx.chip.tile;
      int v = ps[p].vals[k];
      if (p == 0) t->rows = v;
      if (p == 1) t->adc_bits = v;
      if (p == 2) t->cols_per_adc = v;
      if (xbar_cfg_check(t, "sweep", &err)) continue; /* illegal point: skipped */
      for (int cfg = 0; cfg < 2; cfg++) {
        edap_result r;
        if (edap_eval(&s.ctx, &s.model, cfg ? reuse : NULL, &r, &err)) {
          trex_wfile_abort(&w);
          return trex_fail("edap", err.msg);
        }
        fprintf(w.fp, "%s,%d,%s,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g\n", ps[p].name, v,
                cfg ? "reuse" : "baseline", r.energy_uj, r.delay_ms, r.area_mm2, r.edap,
                r.tops_per_w, r.tops_per_mm2);
        rows++;
      }
    }
  if (trex_wfile_commit(&w, &err)) return trex_fail("edap", err.msg);
  /* One PNG per swept parameter: EDAP of baseline and reuse. */
  char title[64];
  edap_plot_safe(title, sizeof title, s.model.name);
  for (size_t p = 0; p < sizeof ps / sizeof ps[0]; p++) {
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "gnuplot -e \"set terminal pngcairo size 640,420 noenhanced; "
             "set output '%s/sweep-%s.png.tmp'; set datafile separator ','; "
             "set logscale y; set xlabel '%s'; set ylabel 'EDAP (uJ*ms*mm^2)'; "
             "set title '%s: EDAP against %s'; set key top left; "
             "plot '< grep ^%s, %s | grep baseline' using 2:7 with linespoints title "
             "'baseline', '< grep ^%s, %s | grep reuse' using 2:7 with linespoints "
             "title 'reuse'\" 2>/dev/null && mv %s/sweep-%s.png.tmp %s/sweep-%s.png",
             dir, ps[p].name, ps[p].name, title, ps[p].name, ps[p].name, csv,
             ps[p].name, csv, dir, ps[p].name, dir, ps[p].name);
    if (system(cmd) != 0) {
      fprintf(stderr, "trex edap: gnuplot failed for %s (CSV written: %s)\n", ps[p].name, csv);
      return 1;
    }
  }
  printf("sweep: %d points -> %s and %s/sweep-{rows,adc_bits,cols_per_adc}.png\n", rows,
         csv, dir);
  return 0;
}
