/* strat_cmp: reuse against pruning and sharing (strat_cmp.h). */
#define _POSIX_C_SOURCE 200809L
#include "strat_cmp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acc_stats.h"
#include "trex_json.h"

/* where: "PLAN" or "PLAN: key 'entries' entry K" */
static int get_str(const cJSON *o, const char *key, const char *where, int required,
                   const char *dflt, char *out, size_t n, trex_err *err) {
  const char *s;
  if (trex_json_str(o, key, where, required, dflt, &s, err)) return -1;
  if (strlen(s) >= n) return trex_errf(err, "%s: key '%s': too long", where, key);
  snprintf(out, n, "%s", s);
  return 0;
}

int strat_cmp_load(const char *plan, strat_cmp *c, trex_err *err) {
  memset(c, 0, sizeof *c);
  cJSON *root = trex_json_load(plan, err);
  if (!root) return -1;
  int rc = -1;
  static const char *const top[] = {"format", "version", "data",  "chip",    "tech",
                                    "nonideal", "seeds", "limit", "entries", NULL};
  static const char *const ek[] = {"kind", "model", "reuse", "match", NULL};
  int64_t v;
  if (trex_json_check_keys(root, plan, "", top, err)) goto out;
  if (trex_json_format(root, plan, "trex-strat-plan", 1, err)) goto out;
  if (get_str(root, "data", plan, 1, NULL, c->data, sizeof c->data, err) ||
      get_str(root, "chip", plan, 1, NULL, c->chip_path, sizeof c->chip_path, err) ||
      get_str(root, "tech", plan, 0, EDAP_TECH_DEFAULT, c->tech_path, sizeof c->tech_path, err) ||
      get_str(root, "nonideal", plan, 1, NULL, c->spec, sizeof c->spec, err))
    goto out;
  if (trex_json_int(root, "seeds", plan, false, 5, 1, 1000, &v, err)) goto out;
  c->seeds = (int)v;
  if (trex_json_int(root, "limit", plan, false, 0, 0, 1000000, &v, err)) goto out;
  c->limit = (long)v;
  if (xbar_nonideal_parse(c->spec, &c->prm, err)) {
    char m[sizeof err->msg];
    snprintf(m, sizeof m, "%s", err->msg);
    trex_errf(err, "%s: key 'nonideal': %s", plan, m);
    goto out;
  }
  const cJSON *ents = cJSON_GetObjectItemCaseSensitive(root, "entries");
  if (!cJSON_IsArray(ents) || cJSON_GetArraySize(ents) < 2 ||
      cJSON_GetArraySize(ents) > STRAT_MAX_ENTRIES) {
    trex_errf(err, "%s: key 'entries': expected an array of 2..%d entries", plan,
              STRAT_MAX_ENTRIES);
    goto out;
  }
  for (const cJSON *it = ents->child; it; it = it->next) {
    strat_entry *e = &c->e[c->n];
    char in[64], where[STRAT_PATH + 64];
    snprintf(in, sizeof in, "key 'entries' entry %d: ", c->n);
    snprintf(where, sizeof where, "%s: key 'entries' entry %d", plan, c->n);
    if (!cJSON_IsObject(it)) {
      trex_errf(err, "%s: %sexpected an object", plan, in);
      goto out;
    }
    if (trex_json_check_keys(it, plan, in, ek, err) ||
        get_str(it, "kind", where, 1, NULL, e->kind, sizeof e->kind, err) ||
        get_str(it, "model", where, 1, NULL, e->model_dir, sizeof e->model_dir, err) ||
        get_str(it, "reuse", where, 0, "none", e->reuse, sizeof e->reuse, err) ||
        get_str(it, "match", where, 0, "", e->match, sizeof e->match, err))
      goto out;
    if (strcmp(e->kind, "base") && strcmp(e->kind, "reuse") && strcmp(e->kind, "prune") &&
        strcmp(e->kind, "share")) {
      trex_errf(err, "%s: %skey 'kind': '%s' is not base, reuse, prune or share", plan, in,
                e->kind);
      goto out;
    }
    if ((c->n == 0) != !strcmp(e->kind, "base")) {
      trex_errf(err, "%s: %skey 'kind': the first entry, and only it, is the baseline ('base')",
                plan, in);
      goto out;
    }
    e->ref = -1;
    c->n++;
  }
  /* the reference of every pruning or sharing entry: the reuse entry of its match */
  for (int k = 1; k < c->n; k++) {
    strat_entry *e = &c->e[k];
    if (!strcmp(e->kind, "reuse")) continue;
    for (int j = 1; j < c->n && e->ref < 0; j++)
      if (!strcmp(c->e[j].kind, "reuse") && !strcmp(c->e[j].reuse, e->match)) e->ref = j;
    if (e->ref < 0) {
      trex_errf(err, "%s: key 'entries' entry %d: key 'match': no reuse entry with reuse '%s'",
                plan, k, e->match);
      goto out;
    }
  }
  if (ctrl_chip_load(c->chip_path, &c->chip, err) || edap_tech_load(c->tech_path, &c->tech, err))
    goto out;
  for (int k = 0; k < c->n; k++) {
    if (model_load(c->e[k].model_dir, &c->e[k].m, err)) goto out;
    c->e[k].have_m = 1;
    if (model_check_tile(&c->chip.tile, c->chip_path, err)) goto out;
  }
  if (acc_data_load(c->data, &c->e[0].m, &c->d, err)) goto out;
  c->images = c->limit > 0 && (size_t)c->limit < c->d.n ? (size_t)c->limit : c->d.n;
  rc = 0;
out:
  cJSON_Delete(root);
  if (rc) strat_cmp_free(c);
  return rc;
}

void strat_cmp_free(strat_cmp *c) {
  for (int k = 0; k < c->n; k++) {
    if (c->e[k].have_m) model_free(&c->e[k].m);
    acc_run_free(&c->e[k].ideal);
    free(c->e[k].ni_correct);
  }
  acc_data_free(&c->d);
  memset(c, 0, sizeof *c);
}

/* Newcombe's paired interval of second - first over the images, points. */
static strat_ci paired(const acc_run *first, const acc_run *second, size_t n) {
  size_t a = 0, b = 0, cc = 0, d = 0;
  for (size_t i = 0; i < n; i++) {
    int x = first->right[i], y = second->right[i];
    if (x && y) a++;
    else if (x) b++;
    else if (y) cc++;
    else d++;
  }
  strat_ci r;
  acc_paired_diff(a, b, cc, d, &r.est, &r.lo, &r.hi);
  r.est = r.est * 100 + 0.0, r.lo = r.lo * 100 + 0.0, r.hi = r.hi * 100 + 0.0; /* no -0 */
  return r;
}

/* Student t interval over seeds of v[k] (points). */
static strat_ci tci(const double *v, int n, double *sd) {
  strat_ci r;
  double s;
  acc_t_interval(v, (size_t)n, &r.est, &s, &r.lo, &r.hi);
  if (sd) *sd = s;
  return r;
}

int strat_cmp_run(strat_cmp *c, void (*progress)(void *, int, int, int), void *ctx,
                  trex_err *err) {
  const size_t n = c->images;
  edap_ctx x = {.tech = &c->tech, .synth = NULL, .chip = c->chip,
                .dataflow = EDAP_DF_SEQUENTIAL};
  for (int k = 0; k < c->n; k++) {
    strat_entry *e = &c->e[k];
    char where[STRAT_PATH + 16];
    snprintf(where, sizeof where, "%s/model.json", e->model_dir);
    ctrl_schedule s;
    if (acc_schedule(&e->m, &c->chip, e->reuse, where, &s, NULL, 0, err)) return -1;
    int rc = edap_price(&x, &s, &e->edap, err);
    if (!rc) {
      enc_net net;
      rc = enc_net_init(&net, &e->m, &c->chip, NULL, err);
      if (!rc) {
        rc = acc_run_list(&net, &s, &c->d, n, 0, NULL, &e->ideal, err);
        enc_net_free(&net);
      }
    }
    if (progress) progress(ctx, k, 0, c->seeds + 1);
    e->ni_correct = calloc((size_t)c->seeds, sizeof *e->ni_correct);
    if (!rc && !e->ni_correct) rc = trex_errf(err, "out of memory");
    for (int j = 0; !rc && j < c->seeds; j++) {
      xbar_nonideal_params p = c->prm;
      p.seed = c->prm.seed + (uint64_t)j;
      enc_net net;
      acc_run r = {0};
      rc = enc_net_init(&net, &e->m, &c->chip, &p, err);
      if (rc) break;
      rc = acc_run_list(&net, &s, &c->d, n, 0, NULL, &r, err);
      enc_net_free(&net);
      e->ni_correct[j] = r.correct;
      acc_run_free(&r);
      if (progress) progress(ctx, k, j + 1, c->seeds + 1);
    }
    ctrl_schedule_free(&s);
    if (rc) return -1;
  }
  /* statistics */
  const strat_entry *b = &c->e[0];
  double *v = malloc(sizeof *v * (size_t)c->seeds), *w = malloc(sizeof *w * (size_t)c->seeds);
  if (!v || !w) {
    free(v);
    free(w);
    return trex_errf(err, "out of memory");
  }
  for (int k = 0; k < c->n; k++) {
    strat_entry *e = &c->e[k];
    e->edap_red = b->edap.edap / e->edap.edap;
    e->tops_gain = e->edap.tops_per_mm2 / b->edap.tops_per_mm2;
    double lo, hi;
    acc_wilson(e->ideal.correct, n, &lo, &hi);
    e->top1 = (strat_ci){100.0 * (double)e->ideal.correct / (double)n, 100 * lo, 100 * hi};
    e->drop = paired(&e->ideal, &b->ideal, n); /* baseline - entry */
    for (int j = 0; j < c->seeds; j++) v[j] = 100.0 * (double)e->ni_correct[j] / (double)n;
    e->ni_top1 = tci(v, c->seeds, &e->ni_sd);
    if (e->ni_top1.lo < 0) e->ni_top1.lo = 0; /* top-1 lies in [0, 100] */
    if (e->ni_top1.hi > 100) e->ni_top1.hi = 100;
    for (int j = 0; j < c->seeds; j++)
      w[j] = 100.0 * ((double)b->ni_correct[j] - (double)e->ni_correct[j]) / (double)n;
    e->ni_drop = tci(w, c->seeds, NULL);
    if (e->ref >= 0) {
      const strat_entry *r = &c->e[e->ref];
      e->vs_ref = paired(&r->ideal, &e->ideal, n); /* entry - reuse */
      for (int j = 0; j < c->seeds; j++)
        w[j] = 100.0 * ((double)e->ni_correct[j] - (double)r->ni_correct[j]) / (double)n;
      e->ni_vs_ref = tci(w, c->seeds, NULL);
    }
  }
  free(v);
  free(w);
  return 0;
}
