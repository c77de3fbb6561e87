/* trex: the command-line face of the c-model library. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trex_cli.h"
#include "trex_file.h"
#include "trex_num.h"

typedef struct {
  const char *name;
  const cli_cmd *cmd; /* cli_run(cmd, ...), or */
  int (*fn)(int, char **);
  const char *help;
} trex_sub;

static const trex_sub subs[] = {
    {"xbar", &trex_cmd_xbar, NULL, "golden tile results for a vector set (expected.hex format)"},
    {"vecgen", &trex_cmd_vecgen, NULL, "write a vector set (random or corner stimulus)"},
    {"tile-params", &trex_cmd_tile_params, NULL,
     "a tile configuration for the simulators (id, -G/-P flags) and its cycle counts"},
    {"cycles", &trex_cmd_tile_params, NULL, "the former name of tile-params (kept as an alias)"},
    {"schedule", &trex_cmd_schedule, NULL, "the attention-reuse controller's operation stream"},
    {"contract", NULL, trex_cmd_contract, "the controller contract as SV package and doc tables"},
    {"edap", &trex_cmd_edap, NULL,
     "energy, delay, area, EDAP, TOPS/W, TOPS/mm^2 of a model (and reuse)"},
    {"search", &trex_cmd_search, NULL, "the reuse list meeting a delay budget, exactly"},
    {"modelgen", &trex_cmd_modelgen, NULL,
     "write a random, well-scaled integer ViT model directory"},
    {"infer", &trex_cmd_infer, NULL, "the integer ViT on the chip's tiles: logits, class, op dump"},
    {"accuracy", &trex_cmd_accuracy, NULL,
     "top-1 of the integer ViT on a dataset, ideal or non-ideal"},
    {"accuracy-study", &trex_cmd_accuracy_study, NULL,
     "accuracy of every reuse list, EDAP, search, ADC sweep"},
    {"compare-strategies", &trex_cmd_compare_strategies, NULL,
     "reuse against token pruning and weight sharing at matched EDAP"},
};

int trex_fail(const char *sub, const char *msg) {
  fprintf(stderr, "trex %s: %s\n", sub, msg);
  return 1;
}

int trex_usage(const char *sub, const char *fmt, ...) {
  va_list ap;
  fprintf(stderr, "trex %s: ", sub);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, " (see 'trex %s --help')\n", sub);
  return 2;
}

int trex_parse_long(const char *s, long lo, long hi, long *out) {
  int64_t v;
  if (trex_parse_i64(s, lo, hi, &v)) return -1;
  *out = (long)v;
  return 0;
}

int trex_stdout_check(trex_err *err) {
  if (fflush(stdout) || ferror(stdout)) return trex_errf(err, "error writing standard output");
  return 0;
}

/* A command whose output did not reach stdout (a full disk, a closed pipe,
 * /dev/full) fails: exit 1 with one line, whatever it returned. */
static int check_stdout(const char *sub, int rc) {
  int bad = ferror(stdout);
  int e = 0;
  if (fflush(stdout) != 0) bad = 1, e = errno;
  if (fclose(stdout) != 0 && !bad) bad = 1, e = errno;
  if (!bad || rc) return rc; /* a failed command has said its one line */
  fprintf(stderr, "trex%s%s: cannot write the output: %s\n", sub ? " " : "", sub ? sub : "",
          e ? strerror(e) : "write error");
  return rc ? rc : 1;
}

static void usage(FILE *fp) {
  fprintf(fp,
          "usage: trex SUBCOMMAND [ARGS]\n"
          "The golden models of the TReX IMC co-verification harness.\n\n"
          "subcommands:\n");
  for (size_t k = 0; k < sizeof subs / sizeof subs[0]; k++)
    fprintf(fp, "  %-14s %s\n", subs[k].name, subs[k].help);
  fprintf(fp, "\n'trex SUBCOMMAND --help' describes each one.\n");
}

int main(int argc, char **argv) {
  trex_cleanup_on_signals(); /* an interrupted writer leaves no temporaries */
  if (argc < 2) {
    usage(stderr);
    return 2;
  }
  if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
    usage(stdout);
    return check_stdout(NULL, 0);
  }
  for (size_t k = 0; k < sizeof subs / sizeof subs[0]; k++)
    if (!strcmp(argv[1], subs[k].name))
      return check_stdout(subs[k].name, subs[k].cmd ? cli_run(subs[k].cmd, argc - 1, argv + 1)
                                                     : subs[k].fn(argc - 1, argv + 1));
  fprintf(stderr, "trex: unknown subcommand '%s' (see 'trex --help')\n", argv[1]);
  return 2;
}
