/* trex infer: the integer ViT (docs/encoder-int.md) on the chip's tiles,
 * driven by the controller's operation stream. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "acc_eval.h"
#include "enc_dump.h"
#include "enc_net.h"
#include "model_dir.h"
#include "cli_opts.h"
#include "trex_cli.h"
#include "trex_json.h"

static const char help[] =
    "usage: trex infer --model DIR --input FILE [--chip FILE] [--reuse LIST]\n"
    "                  [--nonideal SPEC] [--dump DIR [--force]] [--json]\n"
    "Runs images through the integer ViT of a model directory on the chip's\n"
    "crossbar tiles, executing the attention-reuse controller's operation stream\n"
    "(docs/encoder-int.md), and prints the logits and class of every image.\n"
    "  --model DIR      model directory: model.json and one .npy per tensor\n"
    "                   (docs/encoder-int.md, section 7; see 'trex modelgen')\n"
    "  --input FILE     int8 .npy of shape (N, channels, height, width), every\n"
    "                   pixel within the model's input_min..input_max\n"
    "  --chip FILE      chip JSON (docs/controller.md, \"Chip\"); its tile must have\n"
    "                   w_bits 8, x_bits 8, x_signed (default: the default chip,\n"
    "                   64x8 tile, 2-bit cells, 8-bit ADC: lossless)\n"
    "  --reuse LIST     reusing encoders, as for 'trex schedule' ('5:3,7'); every\n"
    "                   resolved pair must be in the model's reuse_pairs\n"
    "                   (default: none)\n"
    "  --nonideal SPEC  non-ideal tiles: g_sigma=,stuck_off=,stuck_on=,adc_sigma=,\n"
    "                   adc_offset=,seed= (docs/encoder-int.md, section 10)\n"
    "  --dump DIR       every op's output tensor as DIR/<scope>.<op>.npy plus\n"
    "                   DIR/dump.json (written beside DIR, then renamed into place;\n"
    "                   an existing DIR is replaced only if it is an earlier dump or\n"
    "                   empty)\n"
    "  --force          with --dump: write into a DIR that holds other files too,\n"
    "                   replacing only the dump's own files\n"
    "  --json           one JSON object instead of one line per image\n"
    "Progress (op k of n) is shown on standard error when it is a terminal.\n"
    "  -h, --help       this text\n";

/* The input images: int8 (N, C, H, W) within the model's range. */
static int load_input(const char *path, const model_int *m, npy_array *a, trex_err *err) {
  int64_t shape[4] = {-1, m->channels, m->height, m->width};
  if (npy_load_as(path, NPY_I8, 4, shape, a, err)) return -1;
  if (a->shape[0] < 1) {
    npy_free(a);
    return trex_errf(err, "%s: no images (shape[0] is 0)", path);
  }
  const int8_t *p = a->data;
  size_t per = (size_t)m->channels * m->height * m->width;
  for (size_t k = 0; k < a->count; k++)
    if (p[k] < m->in_min || p[k] > m->in_max) {
      size_t n = k / per, r = k % per, c = r / ((size_t)m->height * m->width);
      r %= (size_t)m->height * m->width;
      trex_errf(err, "%s: image %zu, element [%zu, %zu, %zu] is %d, outside the model's input "
                     "range %d..%d (image.input_min/input_max)",
                path, n, c, r / (size_t)m->width, r % (size_t)m->width, p[k], m->in_min,
                m->in_max);
      npy_free(a);
      return -1;
    }
  return 0;
}

/* Forwards every op to the dump (when there is one) and shows progress on a
 * terminal. */
typedef struct {
  enc_dump *dump;
  size_t done, total;
  int tty;
} infer_sink;

static int infer_op(void *ctx, const char *scope, const char *op, npy_dtype dt, int ndim,
                    const int64_t *shape, const void *data, trex_err *err) {
  infer_sink *k = ctx;
  if (k->tty) {
    fprintf(stderr, "\rtrex infer: op %zu/%zu (%s.%s)\033[K", ++k->done, k->total, scope, op);
    if (k->done == k->total) fputc('\n', stderr);
  }
  return k->dump ? enc_dump_op(k->dump, scope, op, dt, ndim, shape, data, err) : 0;
}

static int argmax(const int32_t *v, int n) {
  int best = 0;
  for (int j = 1; j < n; j++)
    if (v[j] > v[best]) best = j;
  return best;
}

static int print_results(const model_int *m, const char *reuse, const char *chip_id,
                         const char *spec, const int32_t *logits, size_t N, int json,
                         trex_err *err) {
  int K = m->vm.classes;
  if (!json) {
    for (size_t n = 0; n < N; n++) {
      const int32_t *l = logits + n * (size_t)K;
      printf("input %zu: class %d logits", n, argmax(l, K));
      for (int j = 0; j < K; j++) printf(" %d", l[j]);
      printf("\n");
    }
    return 0;
  }
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "format", "trex-infer");
  cJSON_AddNumberToObject(o, "version", 1);
  cJSON_AddStringToObject(o, "model", m->name);
  cJSON_AddStringToObject(o, "chip", chip_id);
  cJSON_AddStringToObject(o, "reuse", reuse);
  trex_json_add_str_or_null(o, "nonideal", spec);
  cJSON_AddNumberToObject(o, "inputs", (double)N);
  cJSON *res = cJSON_AddArrayToObject(o, "results");
  for (size_t n = 0; res && n < N; n++) {
    const int32_t *l = logits + n * (size_t)K;
    cJSON *r = cJSON_CreateObject();
    cJSON_AddItemToArray(res, r);
    cJSON_AddNumberToObject(r, "input", (double)n);
    cJSON_AddNumberToObject(r, "class", argmax(l, K));
    cJSON_AddItemToObject(r, "logits", cJSON_CreateIntArray(l, K));
  }
  return trex_json_print(stdout, o, false, err);
}

typedef struct {
  const char *model, *input, *chip, *reuse, *spec, *dump;
  int json, force;
} args;
static const args defaults = {.reuse = ""};
static const cli_opt opts[] = {CLI_OPT_STR("model", args, model, "--model DIR is required"),
                               CLI_OPT_STR("input", args, input, "--input FILE is required"),
                               CLI_OPT_STR("chip", args, chip, NULL),
                               CLI_OPT_STR("reuse", args, reuse, NULL),
                               CLI_OPT_STR("nonideal", args, spec, NULL),
                               CLI_OPT_STR("dump", args, dump, NULL),
                               CLI_OPT_FLAG("force", args, force),
                               CLI_OPT_FLAG("json", args, json),
                               CLI_OPT_END};

static int run(void *va, int argc, char **argv) {
  const args *a = va;

  trex_err err;
  model_int m;
  ctrl_chip c;
  xbar_nonideal_params prm;
  if (model_load(a->model, &m, &err)) return trex_fail("infer", err.msg);
  int rc = 1;
  npy_array in = {0};
  ctrl_schedule s = {0};
  enc_net net = {0};
  int32_t *logits = NULL;
  int have_s = 0, have_net = 0, have_dump = 0;
  enc_dump dd;
  infer_sink is = {0};
  char where[4400], reuse_res[1024];
  if (model_chip_load(a->chip, &c, &err)) goto fail;
  if (a->spec && xbar_nonideal_parse(a->spec, &prm, &err)) goto fail;
  snprintf(where, sizeof where, "%s/model.json", a->model);
  if (acc_schedule(&m, &c, a->reuse, where, &s, reuse_res, sizeof reuse_res, &err)) goto fail;
  have_s = 1;
  if (load_input(a->input, &m, &in, &err)) goto fail;
  size_t N = (size_t)in.shape[0];
  logits = malloc(N * (size_t)m.vm.classes * sizeof *logits);
  if (!logits) {
    trex_errf(&err, "out of memory");
    goto fail;
  }
  if (enc_net_init(&net, &m, &c, a->spec ? &prm : NULL, &err)) goto fail;
  have_net = 1;
  if (a->dump) {
    if (enc_dump_begin(&dd, a->dump, m.name, reuse_res, N, a->force ? TREX_OUT_FORCE : 0, &err))
      goto fail;
    have_dump = 1;
  }
  is = (infer_sink){a->dump ? &dd : NULL, 0, s.n_ops + 4, isatty(STDERR_FILENO)};
  enc_sink sink = {&is, infer_op};
  if (enc_net_run(&net, &s, in.data, N, &sink, NULL, logits, &err)) goto fail;
  if (a->dump) {
    have_dump = 0;
    if (enc_dump_commit(&dd, &err)) goto fail;
  }
  char id[128];
  xbar_cfg_id(&c.tile, id, sizeof id);
  if (print_results(&m, reuse_res, id, a->spec, logits, N, a->json, &err)) goto fail;
  if (trex_stdout_check(&err)) goto fail;
  rc = 0;
fail:
  if (have_dump) enc_dump_abort(&dd);
  if (rc && is.tty && is.done && is.done < is.total) fputc('\n', stderr); /* end the progress line */
  if (rc) trex_fail("infer", err.msg);
  if (have_net) enc_net_free(&net);
  if (have_s) ctrl_schedule_free(&s);
  npy_free(&in);
  free(logits);
  model_free(&m);
  return rc;
}

const cli_cmd trex_cmd_infer = {help, opts, CLI_BAD_NAMED, NULL,
                                sizeof(args), &defaults, run};
