/* trex tile-params (alias trex cycles): a tile configuration translated for
 * the simulators (identifier, Verilator and Icarus parameter flags) and the
 * cycle counts the golden model predicts for it. */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli_opts.h"
#include "trex_cli.h"
#include "xbar_cycles.h"

static const char help[] =
    "usage: trex tile-params CONFIG [--count N] [--format text|json|id|verilator|icarus]\n"
    "       (trex cycles: the same command, its former name)\n"
    "Translates the tile configuration CONFIG (a config.json or a vector-set\n"
    "directory holding one) for the simulators, or prints what the golden model\n"
    "predicts for the RTL tile: conversion steps, latency, edges per MVM,\n"
    "programming edges, edges of a run of N vectors (default 1) and ADC\n"
    "conversions per MVM (text, the default, or json).\n"
    "  --format id         the configuration's identifier (build cache key)\n"
    "  --format verilator  the -G parameter flags for Verilator\n"
    "  --format icarus     the -P parameter flags for Icarus (top tb_xbar_tile)\n"
    "  -h, --help          this text\n";

typedef struct {
  const char *fmt;
  long count;
} args;
static const args defaults = {.fmt = "text", .count = 1};
static const cli_opt opts[] = {
    CLI_OPT_LONG("count", args, count, 0, 100000000, "--count: '%s' is not an integer in 0..1e8",
                 NULL),
    CLI_OPT_STR("format", args, fmt, NULL), CLI_OPT_END};

static int run(void *va, int argc, char **argv) {
  const args *a = va;
  const char *sub = argv[0];
  char path[4200];
  snprintf(path, sizeof path, "%s", argv[argc - 1]);
  size_t l = strlen(path);
  if (l < 5 || strcmp(path + l - 5, ".json"))
    snprintf(path, sizeof path, "%s/config.json", argv[argc - 1]);
  xbar_cfg c;
  trex_err err;
  if (xbar_cfg_load(path, &c, &err)) return trex_fail(sub, err.msg);
  char id[128];
  xbar_cfg_id(&c, id, sizeof id);
  if (!strcmp(a->fmt, "id")) {
    printf("%s\n", id);
  } else if (!strcmp(a->fmt, "verilator") || !strcmp(a->fmt, "icarus")) {
    const char *p = a->fmt[0] == 'v' ? "-G" : "-Ptb_xbar_tile.";
    printf("%sROWS=%d %sOUTS=%d %sW_BITS=%d %sCELL_BITS=%d %sX_BITS=%d "
           "%sX_SIGNED=%d %sADC_BITS=%d %sCOLS_PER_ADC=%d %sDIFFERENTIAL=%d\n",
           p, c.rows, p, c.outs, p, c.w_bits, p, c.cell_bits, p, c.x_bits, p,
           c.x_signed ? 1 : 0, p, c.adc_bits, p, c.cols_per_adc, p,
           c.enc == XBAR_ENC_DIFFERENTIAL ? 1 : 0);
  } else if (!strcmp(a->fmt, "json")) {
    printf("{\"config_id\": \"%s\", \"steps\": %" PRId64 ", \"latency\": %" PRId64
           ", \"per_mvm\": %" PRId64 ", \"program\": %" PRId64 ", \"run\": %" PRId64
           ", \"count\": %ld, \"adc_conversions_per_mvm\": %" PRId64 "}\n",
           id, xbar_cycles_steps(&c), xbar_cycles_latency(&c),
           xbar_cycles_per_mvm(&c), xbar_cycles_program(&c),
           xbar_cycles_run(&c, a->count), a->count, xbar_adc_conversions_per_mvm(&c));
  } else if (!strcmp(a->fmt, "text")) {
    printf("config %s\nsteps %" PRId64 "\nlatency %" PRId64 "\nper_mvm %" PRId64
           "\nprogram %" PRId64 "\nrun(%ld) %" PRId64 "\nadc_conversions_per_mvm %" PRId64 "\n",
           id, xbar_cycles_steps(&c), xbar_cycles_latency(&c),
           xbar_cycles_per_mvm(&c), xbar_cycles_program(&c), a->count,
           xbar_cycles_run(&c, a->count), xbar_adc_conversions_per_mvm(&c));
  } else {
    return trex_usage(sub, "--format: '%s' is not text, json, id, verilator or icarus", a->fmt);
  }
  return 0;
}

const cli_cmd trex_cmd_tile_params = {help, opts, CLI_BAD_GETOPT, "expects one CONFIG",
                                      sizeof(args), &defaults, run};
