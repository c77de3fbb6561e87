/* trex xbar DIR: the golden model's results for a vector set. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_opts.h"
#include "trex_cli.h"
#include "trex_file.h"
#include "xbar_model.h"
#include "xbar_nonideal.h"
#include "xbar_vecset.h"

static const char help[] =
    "usage: trex xbar DIR [--nonideal SPEC [--out FILE]]\n"
    "Prints the golden model's results for DIR's weights.hex and inputs.hex to\n"
    "stdout in expected.hex format (one 8-digit hex word per output, vector\n"
    "after vector). DIR/expected.hex is not read.\n\n"
    "  --nonideal SPEC  accuracy study: run the non-ideal tile instead and print\n"
    "                   its error against the ideal result (RMS and max, in\n"
    "                   output units and relative to the ideal output range).\n"
    "                   SPEC is KEY=VALUE,... with keys g_sigma (relative cell\n"
    "                   conductance std-dev), stuck_off, stuck_on (fractions\n"
    "                   of cells), adc_sigma, adc_offset (LSB), seed (default 1).\n"
    "  --out FILE       with --nonideal: also write the non-ideal results there\n"
    "  -h, --help       this text\n";

typedef struct {
  const char *spec, *out;
} args;
static const args defaults = {0};
static const cli_opt opts[] = {CLI_OPT_STR("nonideal", args, spec, NULL),
                               CLI_OPT_STR("out", args, out, NULL), CLI_OPT_END};

static int run(void *va, int argc, char **argv) {
  const args *a = va;
  if (a->out && !a->spec) return trex_usage("xbar", "--out goes with --nonideal");
  const char *dir = argv[argc - 1];
  trex_err err;
  xbar_vecset vs;
  if (xbar_vecset_load(dir, false, &vs, &err)) return trex_fail("xbar", err.msg);
  const xbar_cfg *c = &vs.cfg;
  xbar_model m;
  if (xbar_model_init(&m, c, &err)) {
    xbar_vecset_free(&vs);
    return trex_fail("xbar", err.msg);
  }
  xbar_model_program(&m, vs.w);
  size_t ny = (size_t)vs.count * (size_t)c->outs;
  int32_t *y = malloc(ny * sizeof *y);
  int rc = 0;
  if (!y) {
    rc = trex_fail("xbar", "out of memory");
    goto done;
  }
  for (int v = 0; v < vs.count; v++)
    xbar_model_mvm(&m, vs.x + (size_t)v * c->rows, y + (size_t)v * c->outs);
  if (!a->spec) {
    xbar_hex_write_results(stdout, y, (long)ny);
  } else {
    xbar_nonideal_params prm;
    xbar_nonideal ni;
    if (xbar_nonideal_parse(a->spec, &prm, &err) ||
        xbar_nonideal_init(&ni, c, &prm, vs.w, &err)) {
      rc = trex_fail("xbar", err.msg);
      goto done;
    }
    int32_t *yn = malloc(ny * sizeof *yn);
    if (!yn) {
      xbar_nonideal_free(&ni);
      rc = trex_fail("xbar", "out of memory");
      goto done;
    }
    double se = 0, maxe = 0;
    int64_t ymin = INT32_MAX, ymax = INT32_MIN;
    for (int v = 0; v < vs.count; v++)
      xbar_nonideal_mvm(&ni, vs.x + (size_t)v * c->rows, yn + (size_t)v * c->outs);
    for (size_t k = 0; k < ny; k++) {
      double e = (double)yn[k] - (double)y[k];
      se += e * e;
      if (fabs(e) > maxe) maxe = fabs(e);
      if (y[k] < ymin) ymin = y[k];
      if (y[k] > ymax) ymax = y[k];
    }
    double rms = sqrt(se / (double)ny);
    double range = (double)(ymax - ymin) > 0 ? (double)(ymax - ymin) : 1.0;
    printf("nonideal: outputs=%zu rms_error=%.6g max_error=%.6g "
           "rms_rel_range=%.6g max_rel_range=%.6g ideal_range=[%lld,%lld] spec=%s\n",
           ny, rms, maxe, rms / range, maxe / range, (long long)ymin,
           (long long)ymax, a->spec);
    if (a->out) {
      trex_wfile w;
      if (trex_wfile_open(&w, a->out, &err) == 0) {
        xbar_hex_write_results(w.fp, yn, (long)ny);
        if (trex_wfile_commit(&w, &err)) rc = trex_fail("xbar", err.msg);
      } else {
        rc = trex_fail("xbar", err.msg);
      }
    }
    free(yn);
    xbar_nonideal_free(&ni);
  }
done:
  free(y);
  xbar_model_free(&m);
  xbar_vecset_free(&vs);
  return rc; /* a write error on stdout: trex_main.c */
}

const cli_cmd trex_cmd_xbar = {help, opts, CLI_BAD_GETOPT, "expects exactly one vector-set directory",
                               sizeof(args), &defaults, run};
