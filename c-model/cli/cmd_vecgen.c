/* trex vecgen: write a vector set from the golden model. */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_opts.h"
#include "trex_cli.h"
#include "xbar_model.h"
#include "xbar_vecgen.h"
#include "xbar_vecset.h"

static const char help[] =
    "usage: trex vecgen --config FILE --count N --seed S --out DIR [--mode MODE]\n"
    "                   [--force]\n"
    "Writes a vector set (config.json, weights.hex, inputs.hex, expected.hex,\n"
    "meta.json) to DIR; expected.hex comes from the golden model. The set is\n"
    "built in a temporary directory beside DIR and published only when\n"
    "complete. An existing DIR is replaced only when it is empty or holds an\n"
    "earlier set of trex vecgen and nothing else; any other directory is\n"
    "refused, and a symbolic link as DIR is never written through.\n\n"
    "  --config FILE  tile configuration (config.json keys of xbar-tile.md)\n"
    "  --count N      input vectors, 1..1000000\n"
    "  --seed S       seed (decimal, 0..2^63-1); the same seed gives the same set;\n"
    "                 it is written into DIR/meta.json\n"
    "  --mode MODE    random (default), corner (weights: seed %% 6 picks random,\n"
    "                 max, min, alternate, sparse or zero; inputs cycle through\n"
    "                 max, min, alternate, sparse, ones (every bit set: ADC\n"
    "                 saturation), single_row, zero) or mixed (corner inputs\n"
    "                 interleaved with random ones, random weights)\n"
    "  --force        write into a directory holding other files: replace the\n"
    "                 five files of the set (one by one) and keep the rest\n"
    "  -h, --help     this text\n";

typedef struct {
  const char *cfgpath, *outdir, *mode_s;
  long count, seed;
  int force;
} args;
static const args defaults = {.mode_s = "random", .count = -1, .seed = -1};
static const cli_opt opts[] = {
    CLI_OPT_STR("config", args, cfgpath, "--config is required"),
    CLI_OPT_LONG("count", args, count, 1, 1000000, "--count: '%s' is not an integer in 1..1000000",
                 "--count is required"),
    CLI_OPT_LONG("seed", args, seed, 0, INT64_MAX, "--seed: '%s' is not an integer in 0..2^63-1",
                 "--seed is required"),
    CLI_OPT_STR("mode", args, mode_s, NULL),
    CLI_OPTS_OUT(args, outdir, force, "--out is required"),
    CLI_OPT_END};

static int run(void *va, int argc, char **argv) {
  const args *a = va;
  xbar_gen_mode mode;
  if (xbar_gen_mode_parse(a->mode_s, &mode))
    return trex_usage("vecgen", "--mode: '%s' is not random, corner or mixed", a->mode_s);

  trex_err err;
  xbar_vecset vs;
  memset(&vs, 0, sizeof vs);
  if (xbar_cfg_load(a->cfgpath, &vs.cfg, &err)) return trex_fail("vecgen", err.msg);
  const xbar_cfg *c = &vs.cfg;
  vs.count = (int)a->count;
  vs.w = malloc(sizeof(int32_t) * (size_t)c->rows * (size_t)c->outs);
  vs.x = malloc(sizeof(int32_t) * (size_t)a->count * (size_t)c->rows);
  vs.y = malloc(sizeof(int32_t) * (size_t)a->count * (size_t)c->outs);
  xbar_model m;
  int have_model = 0, rc = 0;
  if (!vs.w || !vs.x || !vs.y) {
    rc = trex_fail("vecgen", "out of memory");
    goto done;
  }
  xbar_vecgen(c, a->count, (uint64_t)a->seed, mode, vs.w, vs.x);
  if (xbar_model_init(&m, c, &err)) {
    rc = trex_fail("vecgen", err.msg);
    goto done;
  }
  have_model = 1;
  xbar_model_program(&m, vs.w);
  for (long v = 0; v < a->count; v++)
    xbar_model_mvm(&m, vs.x + v * c->rows, vs.y + v * c->outs);
  char meta[512], id[128];
  xbar_cfg_id(c, id, sizeof id);
  snprintf(meta, sizeof meta,
           "{\n  \"generator\": \"trex vecgen\",\n  \"seed\": %ld,\n  \"count\": %ld,\n"
           "  \"mode\": \"%s\",\n  \"weights\": \"%s\",\n  \"config_id\": \"%s\"\n}\n",
           a->seed, a->count, xbar_gen_mode_name(mode),
           xbar_wkind_name(xbar_vecgen_wkind(mode, (uint64_t)a->seed)), id);
  if (xbar_vecset_save(a->outdir, &vs, meta, a->force ? TREX_OUT_FORCE : 0, &err)) {
    rc = trex_fail("vecgen", err.msg);
    goto done;
  }
  fprintf(stderr, "trex vecgen: wrote %ld vectors (%s, seed %ld, config %s) to %s\n",
          a->count, a->mode_s, a->seed, id, a->outdir);
done:
  if (have_model) xbar_model_free(&m);
  xbar_vecset_free(&vs);
  return rc;
}

const cli_cmd trex_cmd_vecgen = {help, opts, CLI_BAD_GETOPT, NULL,
                                 sizeof(args), &defaults, run};
