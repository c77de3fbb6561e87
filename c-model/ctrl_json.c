/* ctrl_json: the `trex schedule --json` object (docs/controller.md, "JSON").
 * Numbers are written as JSON numbers; counts above 2^53 would lose
 * precision in cJSON's double, so they are written as exact integers via
 * cJSON_CreateRaw. */
#include <inttypes.h>
#include <stdio.h>

#include "ctrl_json.h"

static int add_u64(cJSON *o, const char *key, uint64_t v) {
  char buf[32];
  snprintf(buf, sizeof buf, "%" PRIu64, v);
  return cJSON_AddRawToObject(o, key, buf) ? 0 : -1;
}

static int add_int(cJSON *o, const char *key, int v) {
  return cJSON_AddNumberToObject(o, key, v) ? 0 : -1;
}

static cJSON *model_json(const vit_model *m) {
  cJSON *o = cJSON_CreateObject();
  if (!o || !cJSON_AddStringToObject(o, "name", m->name) ||
      add_int(o, "tokens", m->tokens) || add_int(o, "embedding", m->embedding) ||
      add_int(o, "heads", m->heads) || add_int(o, "mlp", m->mlp) ||
      add_int(o, "depth", m->depth) || add_int(o, "tb_hidden", m->tb_hidden) ||
      add_int(o, "tb_layers", m->tb_layers) || add_int(o, "patch_dim", m->patch_dim) ||
      add_int(o, "classes", m->classes) || vit_model_strategy_to_json(m, o)) {
    cJSON_Delete(o);
    return NULL;
  }
  return o;
}

static cJSON *chip_json(const ctrl_chip *c) {
  cJSON *o = cJSON_CreateObject(), *t = cJSON_CreateObject();
  if (!o || !t || !cJSON_AddItemToObject(o, "tile", t)) {
    cJSON_Delete(o);
    cJSON_Delete(t);
    return NULL;
  }
  const xbar_cfg *x = &c->tile;
  if (add_int(t, "rows", x->rows) || add_int(t, "outs", x->outs) ||
      add_int(t, "w_bits", x->w_bits) || add_int(t, "cell_bits", x->cell_bits) ||
      add_int(t, "x_bits", x->x_bits) || !cJSON_AddBoolToObject(t, "x_signed", x->x_signed) ||
      add_int(t, "adc_bits", x->adc_bits) || add_int(t, "cols_per_adc", x->cols_per_adc) ||
      !cJSON_AddStringToObject(t, "w_encoding", xbar_enc_name(x->enc)) ||
      add_int(o, "par_tiles", c->par_tiles) || add_int(o, "softmax_lanes", c->softmax_lanes) ||
      add_int(o, "ln_lanes", c->ln_lanes) || add_int(o, "gelu_lanes", c->gelu_lanes) ||
      add_int(o, "add_lanes", c->add_lanes) || add_int(o, "buf_lanes", c->buf_lanes) ||
      add_u64(o, "cycles_per_mvm", (uint64_t)ctrl_chip_cycles_per_mvm(c)) ||
      add_u64(o, "adc_conversions_per_mvm", (uint64_t)ctrl_chip_adc_per_mvm(c)) ||
      add_u64(o, "cells_per_weight", (uint64_t)ctrl_chip_cells_per_weight(c))) {
    cJSON_Delete(o);
    return NULL;
  }
  return o;
}

/* o (NULL: a new object) with n exact u64 members name(k): value(k); NULL
 * (o deleted) on allocation failure. */
static cJSON *add_u64s(cJSON *o, int n, const char *(*name)(int), const void *src,
                       uint64_t (*value)(const void *, int)) {
  if (!o) o = cJSON_CreateObject();
  for (int k = 0; o && k < n; k++)
    if (add_u64(o, name(k), value(src, k))) {
      cJSON_Delete(o);
      return NULL;
    }
  return o;
}

static uint64_t rec_field(const void *r, int f) { return ctrl_rec_get(r, f); }
static uint64_t total_counter(const void *t, int j) { return ctrl_totals_get(t, j); }

static cJSON *rec_json(const ctrl_rec *r) {
  cJSON *o = cJSON_CreateObject();
  if (o && (add_int(o, "encoder", r->encoder) ||
            !cJSON_AddStringToObject(o, "op", ctrl_op_name(r->op)))) {
    cJSON_Delete(o);
    return NULL;
  }
  return o ? add_u64s(o, CTRL_N_FIELDS, ctrl_field_name, r, rec_field) : NULL;
}

static cJSON *totals_json(const ctrl_totals *t) {
  return add_u64s(NULL, CTRL_N_COUNTERS, ctrl_counter_name, t, total_counter);
}

cJSON *ctrl_schedule_to_json(const ctrl_schedule *s) {
  cJSON *root = cJSON_CreateObject();
  if (!root) return NULL;
  char reuse[1024] = "";
  size_t at = 0;
  for (int i = 0; i < s->model.depth && at < sizeof reuse; i++)
    if (s->reused[i]) {
      int w = snprintf(reuse + at, sizeof reuse - at, "%s%d:%d", at ? "," : "", i,
                       s->source[i]);
      if (w < 0) break;
      at += (size_t)w;
    }
  cJSON *model = model_json(&s->model), *chip = chip_json(&s->chip);
  cJSON *ops = cJSON_CreateArray(), *tot = totals_json(&s->totals);
  int ok = model && cJSON_AddItemToObject(root, "model", model);
  if (!ok) cJSON_Delete(model);
  if (ok) {
    ok = chip && cJSON_AddItemToObject(root, "chip", chip);
    if (!ok) cJSON_Delete(chip);
  } else {
    cJSON_Delete(chip);
  }
  ok = ok && cJSON_AddStringToObject(root, "reuse", reuse);
  for (size_t k = 0; ok && ops && k < s->n_ops; k++) {
    cJSON *r = rec_json(&s->ops[k]);
    ok = r && cJSON_AddItemToArray(ops, r);
    if (!ok) cJSON_Delete(r);
  }
  if (ok && ops && cJSON_AddItemToObject(root, "ops", ops))
    ops = NULL;
  else
    ok = 0;
  cJSON_Delete(ops);
  if (ok && tot && cJSON_AddItemToObject(root, "totals", tot))
    tot = NULL;
  else
    ok = 0;
  cJSON_Delete(tot);
  ok = ok && !add_u64(root, "static_tiles", s->static_tiles) &&
       !add_u64(root, "dynamic_tiles", s->dynamic_tiles) &&
       !add_u64(root, "issue_cycles", s->issue_cycles) &&
       !add_u64(root, "inference_cycles", s->inference_cycles);
  if (!ok) {
    cJSON_Delete(root);
    return NULL;
  }
  return root;
}
