/* trex modelgen: a random, well-scaled integer ViT model directory. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "enc_dump.h"
#include "enc_gen.h"
#include "cli_opts.h"
#include "trex_cli.h"

static const char help[] =
    "usage: trex modelgen --shape NAME|FILE --seed S --out DIR [--force] [--stats N]\n"
    "Writes a random integer ViT model directory (docs/encoder-int.md, sections 7\n"
    "and 12) for verification: int8 weights, int32 biases, softmax and GELU tables,\n"
    "and every requantisation calibrated on random images so that activations\n"
    "neither saturate nor vanish; a transformation block for every pair\n"
    "0 <= source < encoder < depth. Prints the saturated and zero fractions of\n"
    "every op's output on N fresh random images (baseline, and with every odd\n"
    "encoder reusing).\n"
    "  --shape NAME|FILE  tiny, digits, odd, wide, long, or a JSON file {name,\n"
    "                     channels, height, width, patch, embedding, heads, mlp,\n"
    "                     depth, classes, input_min, input_max[, tb_hidden,\n"
    "                     tb_layers, input_scale]}\n"
    "  --seed S           seed (0 .. 2^63-1); the same shape and seed give the same\n"
    "                     model bit for bit\n"
    "  --out DIR          the model directory (written beside DIR, then renamed into\n"
    "                     place; an existing DIR is replaced only if it is a model\n"
    "                     directory or empty)\n"
    "  --force            write into a DIR that holds other files too, replacing\n"
    "                     only the model's own files\n"
    "  --stats N          images for the statistics (default 64; 0: none)\n"
    "  -h, --help         this text\n";

static void print_stats(const char *title, const enc_gen_stat *s, int n) {
  printf("%s\n  %-18s %10s %9s %9s\n", title, "op", "elements", "sat %", "zero %");
  for (int k = 0; k < n; k++)
    printf("  %-18s %10llu %9.3f %9.3f\n", s[k].op, (unsigned long long)s[k].elems,
           s[k].elems ? 100.0 * (double)s[k].sat / (double)s[k].elems : 0.0,
           s[k].elems ? 100.0 * (double)s[k].zero / (double)s[k].elems : 0.0);
}

typedef struct {
  const char *shape, *out, *seed_s, *stats_s;
  int force;
} args;
static const args defaults = {.stats_s = "64"};
static const cli_opt opts[] = {CLI_OPT_STR("shape", args, shape, "--shape NAME|FILE is required"),
                               CLI_OPT_STR("seed", args, seed_s, "--seed S is required"),
                               CLI_OPTS_OUT(args, out, force, "--out DIR is required"),
                               CLI_OPT_STR("stats", args, stats_s, NULL),
                               CLI_OPT_END};

static int run(void *va, int argc, char **argv) {
  const args *a = va;
  long seed, nstat;
  if (trex_parse_long(a->seed_s, 0, __LONG_MAX__, &seed))
    return trex_usage("modelgen", "--seed '%s' is not an integer in 0..%ld", a->seed_s,
                      __LONG_MAX__);
  if (trex_parse_long(a->stats_s, 0, 100000, &nstat))
    return trex_usage("modelgen", "--stats '%s' is not an integer in 0..100000", a->stats_s);
  trex_err err;
  enc_shape sh;
  if (enc_shape_resolve(a->shape, &sh, &err)) return trex_fail("modelgen", err.msg);
  model_int m;
  if (enc_gen(&sh, (uint64_t)seed, &m, &err)) return trex_fail("modelgen", err.msg);
  enum { MAXROWS = 40 };
  enc_gen_stat base[MAXROWS], reuse[MAXROWS];
  int nb = 0, nr = 0;
  char list[256] = "";
  for (int i = 1, o = 0; i < m.vm.depth && o < 200; i += 2)
    o += snprintf(list + o, sizeof list - (size_t)o, "%s%d", o ? "," : "", i);
  if (nstat > 0) {
    nb = enc_gen_measure(&m, (uint64_t)seed ^ 0x57a75ULL, (size_t)nstat, "", base, MAXROWS, &err);
    if (nb >= 0 && list[0])
      nr = enc_gen_measure(&m, (uint64_t)seed ^ 0x57a75ULL, (size_t)nstat, list, reuse, MAXROWS,
                           &err);
    if (nb < 0 || nr < 0) {
      model_free(&m);
      return trex_fail("modelgen", err.msg);
    }
  }
  cJSON *doc = cJSON_CreateObject();
  cJSON *d = cJSON_AddObjectToObject(doc, "doc");
  cJSON_AddStringToObject(d, "generator", "trex modelgen");
  cJSON_AddStringToObject(d, "shape", sh.name);
  cJSON_AddNumberToObject(d, "seed", (double)seed);
  cJSON_AddStringToObject(d, "note",
                          "random weights; every requantisation calibrated to an RMS of "
                          "32 on random images; softmax tables at score scale 1/32, GELU "
                          "tables at input and output scale 1/32 (docs/encoder-int.md, 12)");
  enc_outdir od;
  int rc = enc_outdir_begin(&od, a->out, model_file_names(&m), "model.json", MODEL_FORMAT,
                            "trex modelgen", a->force ? TREX_OUT_FORCE : 0, &err);
  if (!rc) {
    rc = model_save(&m, enc_outdir_stage(&od), doc, &err);
    if (!rc) rc = enc_outdir_commit(&od, &err);
    else enc_outdir_abort(&od);
  }
  cJSON_Delete(doc);
  if (rc) {
    model_free(&m);
    return trex_fail("modelgen", err.msg);
  }
  printf("modelgen: %s: shape %s seed %ld: tokens %d embedding %d heads %d mlp %d depth %d "
         "tb %d x %d, %d reuse pairs, %d classes\n",
         a->out, sh.name, seed, m.vm.tokens, m.vm.embedding, m.vm.heads, m.vm.mlp, m.vm.depth,
         m.vm.tb_layers, m.vm.tb_hidden, m.n_tb, m.vm.classes);
  if (nb > 0) {
    char t[128];
    snprintf(t, sizeof t, "int8 outputs on %ld random images, baseline:", nstat);
    print_stats(t, base, nb);
  }
  if (nr > 0) {
    char t[320];
    snprintf(t, sizeof t, "with reuse %s:", list);
    print_stats(t, reuse, nr);
  }
  model_free(&m);
  if (trex_stdout_check(&err)) return trex_fail("modelgen", err.msg);
  return 0;
}

const cli_cmd trex_cmd_modelgen = {help, opts, CLI_BAD_NAMED, NULL,
                                   sizeof(args), &defaults, run};
