/* trex accuracy: top-1 of the integer ViT on a labelled dataset, through the
 * golden model on the chip's tiles, ideal or non-ideal over device seeds
 * (docs/accuracy.md, "Measurement"). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "acc_eval.h"
#include "acc_stats.h"
#include "cli_opts.h"
#include "trex_cli.h"
#include "trex_json.h"

static const char help[] =
    "usage: trex accuracy --model DIR --data DIR [--chip FILE] [--reuse LIST]\n"
    "                     [--nonideal SPEC] [--seeds N] [--limit N] [--logits FILE]\n"
    "                     [--json]\n"
    "Top-1 accuracy of the integer ViT of a model directory on a labelled dataset,\n"
    "run through the golden model on the chip's crossbar tiles (the same library\n"
    "as 'trex infer'), with a 95% confidence interval (docs/accuracy.md).\n"
    "  --model DIR      model directory (docs/encoder-int.md, section 7)\n"
    "  --data DIR       dataset directory: images.npy int8 (N, C, H, W), labels.npy\n"
    "                   int64 (N,), split.json (docs/accuracy.md)\n"
    "  --chip FILE      chip JSON (default: the default chip, 64x8 tile, 2-bit\n"
    "                   cells, 8-bit ADC: lossless); its tile must have\n"
    "                   w_bits 8, x_bits 8, x_signed\n"
    "  --reuse LIST     reusing encoders, as for 'trex infer' (default: none)\n"
    "  --nonideal SPEC  non-ideal tiles: g_sigma=,stuck_off=,stuck_on=,adc_sigma=,\n"
    "                   adc_offset=,seed= (docs/encoder-int.md, section 10)\n"
    "  --seeds N        with --nonideal: N runs, run k drawing every tile from the\n"
    "                   spec's seed + k (k = 0..N-1); mean, standard deviation and a\n"
    "                   Student t interval over the runs (default 1)\n"
    "  --limit N        the first N images of the dataset only (default: all)\n"
    "  --logits FILE    the logits of the first run, int32 .npy of shape (N, classes)\n"
    "  --json           one JSON object instead of text\n"
    "One ideal run reports top-1 with its Wilson score interval. Progress is shown\n"
    "on standard error when it is a terminal.\n"
    "  -h, --help       this text\n";

typedef struct {
  int tty;
  int run, runs;
} cli_prog;

static void show(void *ctx, size_t done, size_t total) {
  cli_prog *p = ctx;
  if (!p->tty) return;
  fprintf(stderr, "\rtrex accuracy: run %d/%d, op %zu/%zu\033[K", p->run + 1, p->runs, done,
          total);
  if (done == total && p->run + 1 == p->runs) fputc('\n', stderr);
}

typedef struct {
  const char *model, *data, *chip, *reuse, *spec, *logits_f;
  long seeds, limit;
  int json;
} args;
static const args defaults = {.reuse = "", .seeds = 1};
static const cli_opt opts[] = {
    CLI_OPT_STR("model", args, model, "--model DIR is required"),
    CLI_OPT_STR("data", args, data, "--data DIR is required"),
    CLI_OPT_STR("chip", args, chip, NULL),
    CLI_OPT_STR("reuse", args, reuse, NULL),
    CLI_OPT_STR("nonideal", args, spec, NULL),
    CLI_OPT_LONG("seeds", args, seeds, 1, 100000, "--seeds '%s' is not an integer in 1..100000",
                 NULL),
    CLI_OPT_LONG("limit", args, limit, 0, 1L << 40, "--limit '%s' is not a non-negative integer",
                 NULL),
    CLI_OPT_STR("logits", args, logits_f, NULL),
    CLI_OPT_FLAG("json", args, json),
    CLI_OPT_END};

static int run(void *va, int argc, char **argv) {
  const args *a = va;
  if (a->seeds > 1 && !a->spec) /* default 1 */
    return trex_usage("accuracy", "--seeds %ld needs --nonideal (an ideal run is deterministic)",
                      a->seeds);

  trex_err err;
  model_int m;
  ctrl_chip c;
  xbar_nonideal_params prm = {0};
  acc_data d = {0};
  ctrl_schedule s = {0};
  acc_run *runs = NULL;
  double *top = NULL;
  int have_s = 0, rc = 1;
  if (model_load(a->model, &m, &err)) return trex_fail("accuracy", err.msg);
  char where[4400], resolved[1024], id[128];
  snprintf(where, sizeof where, "%s/model.json", a->model);
  if (model_chip_load(a->chip, &c, &err)) goto fail;
  if (a->spec && xbar_nonideal_parse(a->spec, &prm, &err)) goto fail;
  if (acc_schedule(&m, &c, a->reuse, where, &s, resolved, sizeof resolved, &err)) goto fail;
  have_s = 1;
  if (acc_data_load(a->data, &m, &d, &err)) goto fail;
  size_t n = a->limit > 0 && (size_t)a->limit < d.n ? (size_t)a->limit : d.n;
  int R = a->spec ? (int)a->seeds : 1;
  runs = calloc((size_t)R, sizeof *runs);
  top = calloc((size_t)R, sizeof *top);
  if (!runs || !top) {
    trex_errf(&err, "out of memory");
    goto fail;
  }
  cli_prog cp = {isatty(STDERR_FILENO), 0, R};
  acc_progress pr = {show, &cp};
  uint64_t seed0 = a->spec ? prm.seed : 0;
  double wall = 0, cpu = 0;
  size_t pooled = 0;
  for (int k = 0; k < R; k++) {
    enc_net net;
    xbar_nonideal_params p = prm;
    if (a->spec) p.seed = seed0 + (uint64_t)k;
    if (enc_net_init(&net, &m, &c, a->spec ? &p : NULL, &err)) goto fail;
    cp.run = k;
    int e = acc_run_list(&net, &s, &d, n, k == 0 && a->logits_f, &pr, &runs[k], &err);
    enc_net_free(&net);
    if (e) goto fail;
    top[k] = 100.0 * (double)runs[k].correct / (double)n;
    wall += runs[k].wall_s;
    cpu += runs[k].cpu_s;
    pooled += runs[k].correct;
  }
  if (a->logits_f) {
    int64_t shape[2] = {(int64_t)n, m.vm.classes};
    if (npy_save(a->logits_f, NPY_I32, 2, shape, runs[0].logits, &err)) goto fail;
  }
  double mean, sd, lo, hi;
  const char *method;
  if (R == 1) {
    acc_wilson(runs[0].correct, n, &lo, &hi);
    lo *= 100;
    hi *= 100;
    mean = top[0];
    sd = 0;
    method = "wilson";
  } else {
    acc_t_interval(top, (size_t)R, &mean, &sd, &lo, &hi);
    if (lo < 0) lo = 0; /* a t interval knows no bounds; top-1 lies in [0, 100] */
    if (hi > 100) hi = 100;
    method = "t";
  }
  double ips = cpu > 0 ? (double)n * R / cpu : 0, ips_wall = wall > 0 ? (double)n * R / wall : 0;
  xbar_cfg_id(&c.tile, id, sizeof id);
  if (a->json) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "format", "trex-accuracy");
    cJSON_AddNumberToObject(o, "version", 1);
    cJSON_AddStringToObject(o, "model", m.name);
    cJSON_AddStringToObject(o, "data", a->data);
    cJSON_AddNumberToObject(o, "images", (double)n);
    cJSON_AddStringToObject(o, "chip", id);
    cJSON_AddStringToObject(o, "reuse", resolved);
    trex_json_add_str_or_null(o, "nonideal", a->spec);
    cJSON *ra = cJSON_AddArrayToObject(o, "runs");
    for (int k = 0; k < R; k++) {
      cJSON *r = cJSON_CreateObject();
      trex_json_add_num_or_null(r, "seed", a->spec, (double)(seed0 + (uint64_t)k));
      cJSON_AddNumberToObject(r, "correct", (double)runs[k].correct);
      cJSON_AddNumberToObject(r, "top1", top[k]);
      cJSON_AddItemToArray(ra, r);
    }
    cJSON_AddNumberToObject(o, "top1", mean);
    cJSON_AddNumberToObject(o, "sd", sd);
    cJSON *ci = cJSON_AddArrayToObject(o, "ci95");
    cJSON_AddItemToArray(ci, cJSON_CreateNumber(lo));
    cJSON_AddItemToArray(ci, cJSON_CreateNumber(hi));
    cJSON_AddStringToObject(o, "ci_method", method);
    cJSON_AddNumberToObject(o, "correct_pooled", (double)pooled);
    cJSON_AddNumberToObject(o, "cpu_s", cpu);
    cJSON_AddNumberToObject(o, "wall_s", wall);
    cJSON_AddNumberToObject(o, "images_per_s", ips);
    if (trex_json_print(stdout, o, false, &err)) goto fail;
  } else {
    printf("model %s, data %s (%zu images%s%s), chip %s, reuse [%s]\n", m.name, a->data, n,
           d.part[0] ? ", part " : "", d.part, id, resolved);
    if (R == 1 && !a->spec) {
      printf("ideal tile: top-1 %.2f%% (%zu/%zu), 95%% CI [%.2f, %.2f] (Wilson score)\n", mean,
             runs[0].correct, n, lo, hi);
    } else {
      printf("non-ideal %s: %d run%s, seeds %llu..%llu\n", a->spec, R, R > 1 ? "s" : "",
             (unsigned long long)seed0, (unsigned long long)(seed0 + (uint64_t)R - 1));
      for (int k = 0; k < R; k++)
        printf("  seed %llu: top-1 %.2f%% (%zu/%zu)\n", (unsigned long long)(seed0 + (uint64_t)k),
               top[k], runs[k].correct, n);
      if (R == 1)
        printf("top-1 %.2f%%, 95%% CI [%.2f, %.2f] (Wilson score; one device draw)\n", mean, lo,
               hi);
      else
        printf("top-1 mean %.2f%%, sd %.2f points, 95%% CI [%.2f, %.2f] (Student t over %d "
               "seeds)\n",
               mean, sd, lo, hi, R);
    }
    printf("time: %d run%s x %zu images, %.2f s CPU (%.1f images/s), %.2f s wall (%.1f "
           "images/s)\n",
           R, R > 1 ? "s" : "", n, cpu, ips, wall, ips_wall);
  }
  if (trex_stdout_check(&err)) goto fail;
  rc = 0;
fail:
  if (rc) trex_fail("accuracy", err.msg);
  for (int k = 0; runs && k < (a->spec ? (int)a->seeds : 1); k++) acc_run_free(&runs[k]);
  free(runs);
  free(top);
  if (have_s) ctrl_schedule_free(&s);
  acc_data_free(&d);
  model_free(&m);
  return rc;
}

const cli_cmd trex_cmd_accuracy = {help, opts, CLI_BAD_NAMED, NULL,
                                   sizeof(args), &defaults, run};
