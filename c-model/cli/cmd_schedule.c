/* trex schedule: the attention-reuse controller's operation stream. */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctrl_regimg.h"
#include "ctrl_json.h"
#include "cli_opts.h"
#include "trex_cli.h"
#include "trex_json.h"

static const char help[] =
    "usage: trex schedule --model NAME|FILE [--reuse LIST] [--chip FILE] [--json]\n"
    "                     [--regs FILE]\n"
    "Prints the operation stream the attention-reuse controller issues for a\n"
    "model: one line per operation (encoder, op, operand sizes m k n, tiles,\n"
    "cycles, MACs and events), then the totals (docs/controller.md).\n"
    "  --model NAME|FILE  deit-t, deit-s, deit-b, vit-b16, lvvit-s, bert-base, or a\n"
    "                     JSON file {tokens, embedding, heads, mlp, depth[, tb_hidden,\n"
    "                     tb_layers, patch_dim, classes, name, encoder_tokens,\n"
    "                     share_attention, share_mlp]} (pruning and sharing:\n"
    "                     docs/controller.md)\n"
    "  --reuse LIST       reusing encoders, 0-based, comma-separated; ENC:SRC names\n"
    "                     the source (default: the most recent computing encoder),\n"
    "                     e.g. '5:3,7'; empty or 'none' is the baseline\n"
    "  --chip FILE        chip geometry JSON (default: docs/controller.md, \"Chip\":\n"
    "                     64x8 tile, 2-bit cells, 8-bit lossless ADC, 8 columns\n"
    "                     per ADC)\n"
    "  --json             one JSON object {model, chip, reuse, ops, totals,\n"
    "                     static_tiles, dynamic_tiles} instead of the table\n"
    "  --regs FILE        also write the RTL controller's register image and the\n"
    "                     expected counters (stimulus of its gate-level replay,\n"
    "                     docs/synthesis.md)\n"
    "  -h, --help         this text\n";

static void print_table(const ctrl_schedule *s) {
  const vit_model *m = &s->model;
  printf("model %s: tokens %d embedding %d heads %d mlp %d depth %d tb_hidden %d "
         "tb_layers %d patch_dim %d classes %d\n",
         m->name, m->tokens, m->embedding, m->heads, m->mlp, m->depth, m->tb_hidden,
         m->tb_layers, m->patch_dim, m->classes);
  if (vit_model_pruned(m)) {
    printf("encoder tokens:");
    for (int i = 0; i < m->depth; i++) printf(" %d", vit_model_enc_tokens(m, i));
    printf("\n");
  }
  for (int i = 0; i < m->depth; i++) {
    if (vit_model_attn_owner(m, i) != i)
      printf("encoder %d shares encoder %d's attention projections\n", i,
             vit_model_attn_owner(m, i));
    if (vit_model_mlp_owner(m, i) != i)
      printf("encoder %d shares encoder %d's MLP\n", i, vit_model_mlp_owner(m, i));
  }
  char id[128];
  xbar_cfg_id(&s->chip.tile, id, sizeof id);
  printf("chip: tile %s par_tiles %d lanes softmax %d ln %d gelu %d add %d buf %d\n", id,
         s->chip.par_tiles, s->chip.softmax_lanes, s->chip.ln_lanes, s->chip.gelu_lanes,
         s->chip.add_lanes, s->chip.buf_lanes);
  printf("reuse:");
  if (!s->n_reused) printf(" none");
  for (int i = 0; i < m->depth; i++)
    if (s->reused[i]) printf(" %d<-%d", i, s->source[i]);
  printf("\n\n%3s %-11s %6s %6s %6s %7s %11s %12s %10s %12s %10s %10s %10s %9s %8s %8s\n",
         "enc", "op", "m", "k", "n", "tiles", "cycles", "macs", "mvms", "adc_conv",
         "cells_wr", "buf_rd", "buf_wr", "softmax", "ln", "gelu");
  for (size_t k = 0; k < s->n_ops; k++) {
    const ctrl_rec *r = &s->ops[k];
    printf("%3d %-11s %6" PRIu64 " %6" PRIu64 " %6" PRIu64 " %7" PRIu64 " %11" PRIu64
           " %12" PRIu64 " %10" PRIu64 " %12" PRIu64 " %10" PRIu64 " %10" PRIu64
           " %10" PRIu64 " %9" PRIu64 " %8" PRIu64 " %8" PRIu64 "\n",
           r->encoder, ctrl_op_name(r->op), r->m, r->k, r->n, r->tiles, r->cycles, r->macs,
           r->mvms, r->adc_conversions, r->xbar_cells_written, r->buffer_reads,
           r->buffer_writes, r->softmax_elems, r->ln_elems, r->gelu_elems);
  }
  const ctrl_totals *t = &s->totals;
  printf("\ntotals: ops %" PRIu64 " cycles %" PRIu64 " macs %" PRIu64 " mvms %" PRIu64
         " adc_conversions %" PRIu64 " xbar_cells_written %" PRIu64
         " buffer_reads %" PRIu64 " buffer_writes %" PRIu64 " softmax_elems %" PRIu64
         " ln_elems %" PRIu64 " gelu_elems %" PRIu64 "\n",
         t->ops, t->cycles, t->macs, t->mvms, t->adc_conversions, t->xbar_cells_written,
         t->buffer_reads, t->buffer_writes, t->softmax_elems, t->ln_elems, t->gelu_elems);
  printf("static_tiles %" PRIu64 " dynamic_tiles %" PRIu64 "\n", s->static_tiles,
         s->dynamic_tiles);
  printf("issue_cycles %" PRIu64 " inference_cycles %" PRIu64
         " (the controller's issue time not hidden behind an op; start edge .. last op end)\n",
         s->issue_cycles, s->inference_cycles);
}

typedef struct {
  const char *model, *reuse, *chip, *regs;
  int json;
} args;
static const args defaults = {.reuse = ""};
static const cli_opt opts[] = {CLI_OPT_STR("model", args, model, "--model NAME|FILE is required"),
                               CLI_OPT_STR("reuse", args, reuse, NULL),
                               CLI_OPT_STR("chip", args, chip, NULL),
                               CLI_OPT_FLAG("json", args, json),
                               CLI_OPT_STR("regs", args, regs, NULL),
                               CLI_OPT_END};

static int run(void *va, int argc, char **argv) {
  const args *a = va;
  trex_err err;
  vit_model m;
  ctrl_chip c = ctrl_chip_default();
  ctrl_reuse r;
  if (vit_model_resolve(a->model, &m, &err)) return trex_fail("schedule", err.msg);
  if (a->chip && ctrl_chip_load(a->chip, &c, &err)) return trex_fail("schedule", err.msg);
  if (ctrl_reuse_parse(a->reuse, &r, &err)) return trex_fail("schedule", err.msg);
  ctrl_schedule s;
  if (ctrl_schedule_build(&m, &c, &r, &s, &err)) {
    ctrl_schedule_free(&s);
    return trex_fail("schedule", err.msg);
  }
  int rc = 0;
  if (a->regs && ctrl_reg_image_save(a->regs, &s, &r, &err)) {
    ctrl_schedule_free(&s);
    return trex_fail("schedule", err.msg);
  }
  if (a->json) {
    if (trex_json_print(stdout, ctrl_schedule_to_json(&s), false, &err))
      rc = trex_fail("schedule", err.msg);
  } else {
    print_table(&s);
  }
  ctrl_schedule_free(&s);
  return rc; /* a write error on stdout: trex_main.c */
}

const cli_cmd trex_cmd_schedule = {help, opts, CLI_BAD_NAMED, NULL,
                                   sizeof(args), &defaults, run};
