/* acc_study: running the accuracy study of a plan. */
#define _POSIX_C_SOURCE 200809L
#include "acc_study.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acc_stats.h"
#include "trex_clock.h"
#include "trex_json.h"

/* ---- entries ------------------------------------------------------------ */

static int find_entry(const acc_study *st, const char *resolved) {
  for (int k = 0; k < st->n_e; k++)
    if (!strcmp(st->e[k].resolved, resolved)) return k;
  return -1;
}

/* Adds the list `text` (or finds it); returns its index or -1. */
static int add_entry(acc_study *st, const char *text, acc_origin origin, trex_err *err) {
  char where[ACC_PATH + 16];
  snprintf(where, sizeof where, "%s/model.json", st->model_dir);
  ctrl_schedule s;
  char res[512];
  trex_err e2;
  if (acc_schedule(&st->m, &st->ideal_chip, text, where, &s, res, sizeof res, &e2))
    return trex_errf(err, "%s: reuse list '%s': %s", st->plan.path, text, e2.msg);
  int k = find_entry(st, res);
  if (k >= 0) {
    ctrl_schedule_free(&s);
    return k;
  }
  if (st->n_e == st->cap_e) {
    int nc = st->cap_e ? 2 * st->cap_e : 32;
    acc_entry *ne = realloc(st->e, (size_t)nc * sizeof *ne);
    if (!ne) {
      ctrl_schedule_free(&s);
      return trex_errf(err, "out of memory");
    }
    st->e = ne;
    st->cap_e = nc;
  }
  acc_entry *e = &st->e[st->n_e];
  memset(e, 0, sizeof *e);
  snprintf(e->text, sizeof e->text, "%s", text);
  snprintf(e->resolved, sizeof e->resolved, "%s", res);
  e->origin = origin;
  e->s_ideal = s;
  for (int i = 0; i < st->m.vm.depth; i++) e->n_reused += s.reused[i];
  e->float_top1 = e->rec_int_top1 = NAN;
  ctrl_reuse r;
  if (ctrl_reuse_parse(text, &r, err) ||
      ctrl_schedule_build(&st->m.vm, &st->chip, &r, &e->s_chip, err)) {
    ctrl_schedule_free(&e->s_ideal);
    return -1;
  }
  return st->n_e++;
}

static void entry_free(const acc_study *st, acc_entry *e) {
  ctrl_schedule_free(&e->s_ideal);
  ctrl_schedule_free(&e->s_chip);
  acc_run_free(&e->ideal);
  acc_run_free(&e->chip);
  if (e->nir)
    for (int k = 0; k < st->plan.n_ni * st->plan.seeds; k++) acc_run_free(&e->nir[k]);
  free(e->nir);
}

void acc_study_free(acc_study *st) {
  for (int k = 0; k < st->n_e; k++) entry_free(st, &st->e[k]);
  free(st->e);
  free(st->adc);
  acc_data_free(&st->d);
  if (st->m.vm.depth) model_free(&st->m);
  if (st->have_mu) pthread_mutex_destroy(&st->mu);
  memset(st, 0, sizeof *st);
}

/* ---- runs --------------------------------------------------------------- */

static int run_one(acc_study *st, enc_net *net, const ctrl_schedule *s, size_t n, int logits,
                   acc_run *out, const char *what, const char *list, trex_err *err) {
  if (acc_run_list(net, s, &st->d, n, logits, NULL, out, err)) return -1;
  pthread_mutex_lock(&st->mu);
  st->cpu_s += out->cpu_s;
  st->wall_s += out->wall_s;
  st->images_run += n;
  if (st->verbose)
    fprintf(stderr, "accuracy-study: %-22s [%s] top-1 %6.2f%% (%zu/%zu), %.1f s CPU\n", what,
            list[0] ? list : "none", 100.0 * (double)out->correct / (double)n, out->correct, n,
            out->cpu_s);
  pthread_mutex_unlock(&st->mu);
  return 0;
}

/* ---- tasks: one per (non-ideality, seed), then one per (rows, cell bits)
 * of the ADC sweep ----------------------------------------------------------
 * A non-ideal task draws every tile of its seed once and runs every list that
 * runs non-ideal; an ADC task runs the baseline on each ADC resolution of its
 * (rows, cell bits). Tasks share nothing but the read-only model, dataset and
 * ideal results, and each writes its own result slots, so any number of
 * workers (and any split into commands, acc_split.h) gives the same results. */
int acc_study_ntasks_ni(const acc_study *st) { return st->plan.n_ni * st->plan.seeds; }

int acc_study_ntasks(const acc_study *st) {
  return acc_study_ntasks_ni(st) + (st->plan.adc_on ? st->plan.n_rows * st->plan.n_cells : 0);
}

static int ni_task(acc_study *st, int t, trex_err *err) {
  const acc_plan *p = &st->plan;
  int j = t / p->seeds, s = t % p->seeds;
  xbar_nonideal_params prm = p->ni[j].prm;
  prm.seed += (uint64_t)s;
  enc_net net;
  if (enc_net_init(&net, &st->m, &st->chip, &prm, err)) return -1;
  char what[96];
  snprintf(what, sizeof what, "%s seed %llu", p->ni[j].name, (unsigned long long)prm.seed);
  int rc = 0;
  for (int k = 0; !rc && k < st->n_e; k++)
    if (st->e[k].ni)
      rc = run_one(st, &net, &st->e[k].s_chip, st->n_ni, 0, &st->e[k].nir[j * p->seeds + s], what,
                   st->e[k].resolved, err);
  enc_net_free(&net);
  return rc;
}

/* The ADC sweep's chip of (rows index, cells index) at `adc_bits` (0: the
 * lossless bit count L, returned in *L). */
static ctrl_chip adc_chip(const acc_study *st, int ri, int ci, int adc_bits, int *L) {
  ctrl_chip c = st->ideal_chip;
  c.tile.rows = st->plan.rows[ri];
  c.tile.cell_bits = st->plan.cells[ci];
  *L = xbar_bitlen((unsigned)(c.tile.rows * ((1 << c.tile.cell_bits) - 1)));
  int pc = xbar_cfg_phys_cols(&c.tile);
  if (pc % c.tile.cols_per_adc) c.tile.cols_per_adc = pc;
  if (adc_bits) c.tile.adc_bits = adc_bits;
  return c;
}

static int adc_task(acc_study *st, int g, trex_err *err) {
  char where[ACC_PATH + 16];
  snprintf(where, sizeof where, "%s/model.json", st->model_dir);
  for (int k = 0; k < st->n_adc; k++) {
    acc_adc_point *pt = &st->adc[k];
    if (pt->group != g) continue;
    int L;
    ctrl_chip c = adc_chip(st, g / st->plan.n_cells, g % st->plan.n_cells, pt->adc_bits, &L);
    ctrl_schedule s;
    if (acc_schedule(&st->m, &c, "", where, &s, NULL, 0, err)) return -1;
    enc_net net;
    acc_run r;
    char what[160];
    snprintf(what, sizeof what, "adc %s", pt->id);
    int rc = enc_net_init(&net, &st->m, &c, NULL, err);
    if (!rc) {
      rc = run_one(st, &net, &s, pt->images, 0, &r, what, "", err);
      enc_net_free(&net);
    }
    ctrl_schedule_free(&s);
    if (rc) return -1;
    acc_study_adc_set(st, k, r.correct);
    acc_run_free(&r);
  }
  return 0;
}

int acc_study_no_task(const acc_study *st, int t, trex_err *err) {
  int n = acc_study_ntasks(st);
  if (!n)
    return trex_errf(err, "%s: task %d: the plan has no task (no non-ideality, no ADC sweep)",
                     st->plan.path, t);
  return trex_errf(err, "%s: task %d: the plan has %d task(s), 0..%d", st->plan.path, t, n, n - 1);
}

int acc_study_task(acc_study *st, int t, trex_err *err) {
  int nn = acc_study_ntasks_ni(st);
  if (t < 0 || t >= acc_study_ntasks(st))
    return acc_study_no_task(st, t, err);
  return t < nn ? ni_task(st, t, err) : adc_task(st, t - nn, err);
}

typedef struct {
  acc_study *st;
  int next, total, failed;
  trex_err err;
} task_pool;

static void *task_worker(void *arg) {
  task_pool *pl = arg;
  for (;;) {
    pthread_mutex_lock(&pl->st->mu);
    int t = pl->failed ? pl->total : pl->next++;
    pthread_mutex_unlock(&pl->st->mu);
    if (t >= pl->total) return NULL;
    trex_err e;
    if (acc_study_task(pl->st, t, &e)) {
      pthread_mutex_lock(&pl->st->mu);
      if (!pl->failed++) pl->err = e;
      pthread_mutex_unlock(&pl->st->mu);
    }
  }
}

static int run_tasks(acc_study *st, int jobs, trex_err *err) {
  task_pool pl = {st, 0, acc_study_ntasks(st), 0, {{0}}};
  if (jobs > pl.total) jobs = pl.total;
  if (jobs <= 1) {
    task_worker(&pl);
  } else {
    pthread_t th[64];
    int started = 0;
    for (; started < jobs && started < 64; started++)
      if (pthread_create(&th[started], NULL, task_worker, &pl)) break;
    if (!started) task_worker(&pl);
    for (int k = 0; k < started; k++) pthread_join(th[k], NULL);
  }
  if (pl.failed) {
    *err = pl.err;
    return -1;
  }
  return 0;
}

/* Float (and the trainer's own integer) top-1 per list from the record:
 * record.models[<model name>].float_top1[<list text>]. */
static int read_record(acc_study *st, trex_err *err) {
  if (!st->plan.record[0]) {
    snprintf(st->record_note, sizeof st->record_note, "no record file in the plan");
    return 0;
  }
  cJSON *root = trex_json_load(st->plan.record, err);
  if (!root) return -1;
  const cJSON *models = cJSON_GetObjectItemCaseSensitive(root, "models");
  const cJSON *mm = cJSON_IsObject(models) ? cJSON_GetObjectItemCaseSensitive(models, st->m.name)
                                           : NULL;
  if (!cJSON_IsObject(mm)) {
    snprintf(st->record_note, sizeof st->record_note, "%s has no key 'models'.'%s'",
             st->plan.record, st->m.name);
    cJSON_Delete(root);
    return 0;
  }
  const cJSON *ft = cJSON_GetObjectItemCaseSensitive(mm, "float_top1");
  const cJSON *it = cJSON_GetObjectItemCaseSensitive(mm, "int_top1");
  for (int k = 0; k < st->n_e; k++) {
    acc_entry *e = &st->e[k];
    const char *keys[2] = {e->text, e->resolved};
    for (int q = 0; q < 2; q++) {
      const char *key = keys[q][0] ? keys[q] : "none";
      const cJSON *f = cJSON_IsObject(ft) ? cJSON_GetObjectItemCaseSensitive(ft, key) : NULL;
      const cJSON *g = cJSON_IsObject(it) ? cJSON_GetObjectItemCaseSensitive(it, key) : NULL;
      if (isnan(e->float_top1) && cJSON_IsNumber(f)) e->float_top1 = f->valuedouble;
      if (isnan(e->rec_int_top1) && cJSON_IsNumber(g)) e->rec_int_top1 = g->valuedouble;
    }
  }
  snprintf(st->record_note, sizeof st->record_note, "%s: models.%s.float_top1",
           st->plan.record, st->m.name);
  cJSON_Delete(root);
  return 0;
}

/* The lists of the plan whose resolved form is `res` run non-ideal. */
static int in_ni_lists(acc_study *st, const char *res, trex_err *err) {
  if (st->plan.ni_all) return 1;
  for (int k = 0; k < st->plan.n_ni_lists; k++) {
    ctrl_schedule s;
    char r2[512];
    char where[ACC_PATH + 16];
    snprintf(where, sizeof where, "%s/model.json", st->model_dir);
    trex_err e2;
    if (acc_schedule(&st->m, &st->ideal_chip, st->plan.ni_lists[k], where, &s, r2, sizeof r2,
                     &e2))
      return trex_errf(err, "%s: key 'nonideal_lists': '%s': %s", st->plan.path,
                       st->plan.ni_lists[k], e2.msg);
    ctrl_schedule_free(&s);
    if (!strcmp(r2, res)) return 1;
  }
  return 0;
}

/* The search under each budget with the measured ideal impact; the chosen
 * list becomes an entry (evaluated exactly later). */
static int run_search(acc_study *st, trex_err *err) {
  edap_result base;
  if (edap_eval(&st->ctx, &st->m.vm, NULL, &base, err)) return -1;
  for (int b = 0; b < st->plan.n_budgets; b++) {
    acc_choice *c = &st->choice[st->n_choice++];
    memset(c, 0, sizeof *c);
    c->entry = -1;
    memcpy(c->budget, st->plan.budgets[b], sizeof c->budget); /* both char[32], NUL-terminated */
    if (search_parse_budget(c->budget, base.delay_ms, &c->budget_ms, err)) return -1;
    search_spec sp = {.budget_ms = c->budget_ms, .max_reuse = -1, .impact = st->impact};
    search_out out;
    if (search_run(&st->ctx, &st->m.vm, &sp, SEARCH_AUTO, &out, err)) return -1;
    c->feasible = out.feasible;
    c->best = out.best;
    search_out_free(&out);
    if (!c->feasible) continue;
    ctrl_reuse r;
    char text[512];
    search_mask_to_reuse(c->best.mask, st->m.vm.depth, &r);
    ctrl_reuse_format(&r, text, sizeof text);
    c->est_drop = c->best.impact;
    int k = add_entry(st, text[0] ? text : "none", ACC_ORIGIN_SEARCH, err);
    if (k < 0) return -1;
    st->e[k].ni = 1;
    c->entry = k;
  }
  return 0;
}

int acc_study_adc_plan(acc_study *st, trex_err *err) {
  const acc_plan *p = &st->plan;
  if (!p->adc_on) return 0;
  size_t n = p->adc_limit > 0 && (size_t)p->adc_limit < st->n ? (size_t)p->adc_limit : st->n;
  size_t ideal_correct = 0;
  for (size_t k = 0; k < n; k++) ideal_correct += st->e[0].ideal.right[k];
  int cap = p->n_rows * p->n_cells * (p->adc_below + 1);
  st->adc = calloc((size_t)cap, sizeof *st->adc);
  if (!st->adc) return trex_errf(err, "out of memory");
  xbar_cfg def = ctrl_chip_default().tile;
  for (int ri = 0; ri < p->n_rows; ri++)
    for (int ci = 0; ci < p->n_cells; ci++) {
      int L;
      (void)adc_chip(st, ri, ci, 0, &L);
      for (int a = L - p->adc_below; a <= L; a++) {
        if (a < 1 || a > 12) continue;
        ctrl_chip c = adc_chip(st, ri, ci, a, &L);
        acc_adc_point *pt = &st->adc[st->n_adc];
        memset(pt, 0, sizeof *pt);
        pt->group = ri * p->n_cells + ci;
        pt->rows = c.tile.rows;
        pt->cell_bits = c.tile.cell_bits;
        pt->adc_bits = a;
        pt->lossless = xbar_cfg_adc_shift(&c.tile) == 0;
        pt->is_default = c.tile.rows == def.rows && c.tile.cell_bits == def.cell_bits &&
                         a == def.adc_bits && c.tile.outs == def.outs &&
                         c.tile.enc == def.enc && c.tile.cols_per_adc == def.cols_per_adc;
        xbar_cfg_id(&c.tile, pt->id, sizeof pt->id);
        if (xbar_cfg_check(&c.tile, pt->id, err)) return -1;
        edap_ctx x = st->ctx;
        x.chip = c;
        edap_result er;
        if (edap_eval(&x, &st->m.vm, NULL, &er, err)) return -1;
        pt->images = n;
        pt->ideal_correct = ideal_correct;
        pt->edap = er.edap;
        pt->tops_per_mm2 = er.tops_per_mm2;
        pt->edap_ratio = st->default_base.edap > 0 ? er.edap / st->default_base.edap : 0;
        st->n_adc++;
      }
    }
  return 0;
}

void acc_study_adc_set(acc_study *st, int k, size_t correct) {
  acc_adc_point *pt = &st->adc[k];
  pt->correct = correct;
  pt->holds = 100.0 * ((double)pt->ideal_correct - (double)pt->correct) / (double)pt->images <=
              st->plan.adc_hold;
}

int acc_study_load_plan(acc_plan *p, const char *plan_path, const acc_study_opts *o,
                        trex_err *err) {
  if (acc_plan_load(plan_path, p, err)) return -1;
  if (o->seeds > 0) p->seeds = o->seeds;
  if (o->limit >= 0) p->limit = o->limit;
  if (o->no_adc) p->adc_on = 0;
  if (o->record) {
    if (strlen(o->record) >= sizeof p->record) return trex_errf(err, "--record: path too long");
    snprintf(p->record, sizeof p->record, "%s", o->record);
  }
  return 0;
}

int acc_study_setup(acc_study *st, const char *plan_path, const acc_study_opts *o, trex_err *err) {
  memset(st, 0, sizeof *st);
  pthread_mutex_init(&st->mu, NULL);
  st->have_mu = 1;
  st->t0 = trex_clock_s();
  acc_plan *p = &st->plan;
  if (acc_study_load_plan(p, plan_path, o, err)) goto fail;
  st->verbose = o->verbose;
  snprintf(st->model_dir, sizeof st->model_dir, "%s", o->model ? o->model : p->model);
  snprintf(st->data_dir, sizeof st->data_dir, "%s", o->data ? o->data : p->data);
  if (model_load(st->model_dir, &st->m, err)) goto fail;
  if (acc_data_load(st->data_dir, &st->m, &st->d, err)) goto fail;
  st->n = p->limit > 0 && (size_t)p->limit < st->d.n ? (size_t)p->limit : st->d.n;
  st->n_ni = p->ni_limit > 0 && (size_t)p->ni_limit < st->n ? (size_t)p->ni_limit : st->n;
  if (model_chip_load(p->ideal_chip, &st->ideal_chip, err) ||
      model_chip_load(p->chip, &st->chip, err))
    goto fail;
  if (xbar_cfg_adc_shift(&st->ideal_chip.tile) != 0) {
    trex_errf(err, "%s: key 'ideal_chip': %s has a lossy ADC (adc_bits below bitlen(rows x "
                   "(2^cell_bits - 1))); the ideal tile must be lossless",
              p->path, p->ideal_chip);
    goto fail;
  }
  xbar_cfg_id(&st->ideal_chip.tile, st->ideal_id, sizeof st->ideal_id);
  xbar_cfg_id(&st->chip.tile, st->chip_id, sizeof st->chip_id);
  snprintf(st->chip_file, sizeof st->chip_file, "%s", p->chip[0] ? p->chip : "default chip");
  /* by the tiles' ids (xbar_cfg_id names a configuration uniquely), not memcmp:
   * a struct's padding bytes are not part of its value */
  st->chip_distinct = strcmp(st->ideal_id, st->chip_id) != 0;
  if (edap_tech_load(p->tech[0] ? p->tech : EDAP_TECH_DEFAULT, &st->tech, err)) goto fail;
  st->ctx = (edap_ctx){.tech = &st->tech, .synth = NULL, .chip = st->chip,
                       .dataflow = (edap_dataflow)p->dataflow};
  {
    edap_ctx dx = st->ctx;
    dx.chip = ctrl_chip_default();
    if (edap_eval(&dx, &st->m.vm, NULL, &st->default_base, err)) goto fail;
  }

  /* the lists: baseline, every single encoder, the plan's */
  if (add_entry(st, "none", ACC_ORIGIN_BASELINE, err) < 0) goto fail;
  if (p->singles)
    for (int i = 1; i < st->m.vm.depth; i++) {
      char t[32];
      snprintf(t, sizeof t, "%d", i);
      if (add_entry(st, t, ACC_ORIGIN_SINGLE, err) < 0) goto fail;
    }
  for (int k = 0; k < p->n_lists; k++)
    if (add_entry(st, p->lists[k], ACC_ORIGIN_PLAN, err) < 0) goto fail;
  st->n_e_plan = st->n_e;
  return 0;
fail:
  acc_study_free(st);
  return -1;
}

int acc_study_add_search_entry(acc_study *st, const char *text, trex_err *err) {
  int k = add_entry(st, text, ACC_ORIGIN_SEARCH, err);
  if (k >= 0) st->e[k].ni = 1;
  return k;
}

/* The impact: the measured drop of every single-encoder list. */
static void ideal_impact(acc_study *st) {
  st->have_impact = 1;
  for (int i = 1; i < st->m.vm.depth; i++) {
    char t[32];
    snprintf(t, sizeof t, "%d:%d", i, i - 1);
    int k = find_entry(st, t);
    double lo, hi;
    acc_study_drop_ideal(st, k, &st->impact[i], &lo, &hi);
  }
}

int acc_study_ideal(acc_study *st, trex_err *err) {
  const acc_plan *p = &st->plan;
  /* ideal tile: one network for every list */
  enc_net net;
  if (enc_net_init(&net, &st->m, &st->ideal_chip, NULL, err)) return -1;
  int done = 0, rc = 0;
  for (int k = 0; !rc && k < st->n_e; k++, done++)
    rc = run_one(st, &net, &st->e[k].s_ideal, st->n, 1, &st->e[k].ideal, "ideal", st->e[k].resolved,
                 err);
  if (!rc && p->singles) {
    ideal_impact(st);
    if (p->n_budgets) rc = run_search(st, err);
    for (int k = done; !rc && k < st->n_e; k++)
      rc = run_one(st, &net, &st->e[k].s_ideal, st->n, 1, &st->e[k].ideal, "ideal (search)",
                   st->e[k].resolved, err);
  } else if (!rc && p->n_budgets) {
    rc = trex_errf(err, "%s: key 'budgets': the search needs the single-encoder lists "
                        "(key 'singles' true)", p->path);
  }
  enc_net_free(&net);
  if (rc) return -1;

  /* the study chip, when it is not the ideal one */
  if (st->chip_distinct) {
    if (enc_net_init(&net, &st->m, &st->chip, NULL, err)) return -1;
    for (int k = 0; !rc && k < st->n_e; k++)
      rc = run_one(st, &net, &st->e[k].s_chip, st->n, 0, &st->e[k].chip, "study chip",
                   st->e[k].resolved, err);
    enc_net_free(&net);
    if (rc) return -1;
  }
  /* which lists run non-ideal */
  for (int k = 0; k < st->n_e; k++) {
    acc_entry *e = &st->e[k];
    if (!e->ni) {
      int in = in_ni_lists(st, e->resolved, err);
      if (in < 0) return -1;
      e->ni = in || e->origin == ACC_ORIGIN_BASELINE;
    }
  }
  return 0;
}

void acc_study_ideal_restored(acc_study *st) {
  if (st->plan.singles) ideal_impact(st);
}

int acc_study_alloc_tasks(acc_study *st, trex_err *err) {
  const acc_plan *p = &st->plan;
  for (int k = 0; k < st->n_e; k++) {
    acc_entry *e = &st->e[k];
    if (e->ni && p->n_ni && !e->nir) {
      e->nir = calloc((size_t)(p->n_ni * p->seeds), sizeof *e->nir);
      if (!e->nir) return trex_errf(err, "out of memory");
    }
  }
  return acc_study_adc_plan(st, err);
}

int acc_study_finish(acc_study *st, trex_err *err) {
  const acc_plan *p = &st->plan;
  if (read_record(st, err)) return -1;
  if (st->have_impact)
    for (int j = 0; j < p->n_ni; j++)
      for (int i = 1; i < st->m.vm.depth; i++) {
        char t[32];
        snprintf(t, sizeof t, "%d:%d", i, i - 1);
        int k = find_entry(st, t);
        double lo, hi;
        if (st->e[k].ni) acc_study_drop_ni(st, k, j, &st->ni_impact[j][i], &lo, &hi);
        else st->ni_impact[j][i] = NAN;
      }
  /* EDAP of every list on the study chip */
  for (int k = 0; k < st->n_e; k++) {
    ctrl_reuse r;
    if (ctrl_reuse_parse(st->e[k].text, &r, err) ||
        edap_eval(&st->ctx, &st->m.vm, &r, &st->e[k].edap, err))
      return -1;
  }
  st->seconds += trex_clock_s() - st->t0;
  return 0;
}

int acc_study_run(acc_study *st, const char *plan_path, const acc_study_opts *o, trex_err *err) {
  if (acc_study_setup(st, plan_path, o, err)) return -1;
  if (acc_study_ideal(st, err) || acc_study_alloc_tasks(st, err) ||
      run_tasks(st, o->jobs > 1 ? o->jobs : 1, err) || acc_study_finish(st, err)) {
    acc_study_free(st);
    return -1;
  }
  return 0;
}

/* ---- statistics of the entries ------------------------------------------- */

void acc_study_drop_ideal(const acc_study *st, int k, double *drop, double *lo, double *hi) {
  const acc_run *b = &st->e[0].ideal, *r = &st->e[k].ideal;
  size_t a = 0, bb = 0, c = 0, d = 0;
  for (size_t i = 0; i < st->n; i++) {
    int x = b->right[i], y = r->right[i];
    a += x && y;
    bb += x && !y;
    c += !x && y;
    d += !x && !y;
  }
  double diff, l, h;
  acc_paired_diff(a, bb, c, d, &diff, &l, &h);
  *drop = -100 * diff;
  *lo = -100 * h;
  *hi = -100 * l;
}

void acc_study_drop_ni(const acc_study *st, int k, int j, double *drop, double *lo, double *hi) {
  int S = st->plan.seeds;
  double v[1000];
  for (int s = 0; s < S; s++)
    v[s] = 100.0 *
           ((double)st->e[0].nir[j * S + s].correct - (double)st->e[k].nir[j * S + s].correct) /
           (double)st->n_ni;
  double sd;
  acc_t_interval(v, (size_t)S, drop, &sd, lo, hi);
  /* a t interval knows no bounds; a drop lies in [-100, 100] points */
  if (*lo < -100) *lo = -100;
  if (*hi > 100) *hi = 100;
}

void acc_study_top_ni(const acc_study *st, int k, int j, double *mean, double *sd, double *lo,
                      double *hi) {
  int S = st->plan.seeds;
  double v[1000];
  for (int s = 0; s < S; s++)
    v[s] = 100.0 * (double)st->e[k].nir[j * S + s].correct / (double)st->n_ni;
  acc_t_interval(v, (size_t)S, mean, sd, lo, hi);
  /* a t interval knows no bounds; top-1 lies in [0, 100] */
  if (*lo < 0) *lo = 0;
  if (*hi > 100) *hi = 100;
}

int acc_study_at_limit(const acc_study *st) {
  int best = -1;
  double base = st->e[0].edap.edap, best_red = 1, best_drop = 0;
  for (int k = 1; k < st->n_e; k++) {
    double d, lo, hi;
    acc_study_drop_ideal(st, k, &d, &lo, &hi);
    double red = st->e[k].edap.edap > 0 ? base / st->e[k].edap.edap : 0;
    if (d > st->plan.drop_limit) continue;
    /* the largest reduction (relative tolerance 1e-9: lists of one reuse
     * count price alike), then the smaller drop */
    int more = red > best_red * (1 + 1e-9);
    int same = !more && red >= best_red * (1 - 1e-9);
    if (more || (same && best >= 0 && d < best_drop) || (same && best < 0 && red > 1)) {
      best = k;
      best_red = red;
      best_drop = d;
    }
  }
  return best;
}
