/* acc_split: the accuracy study as separate commands (acc_split.h). */
#define _POSIX_C_SOURCE 200809L
#include "acc_split.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "npy.h"
#include "trex_clock.h"
#include "trex_file.h"
#include "trex_json.h"
#include "trex_name.h"

#define PARTS_FORMAT "trex-accuracy-parts"
#define TASK_FORMAT "trex-accuracy-task"
#define MAX_LOGITS 256

static void task_file(const char *parts, int t, char *buf, size_t n) {
  snprintf(buf, n, "%s/task-%05d.json", parts, t);
}

/* Task t of the plan: a (non-ideality, seed) run when t < n_ni * seeds
 * (*ni its non-ideality, *seed the device seed; returns 1), else an ADC
 * (rows, cell bits) pair (returns 0). */
static int task_decode(const acc_plan *p, int t, int *ni, uint64_t *seed, int *rows, int *cells) {
  int nn = p->n_ni * p->seeds;
  if (t < nn) {
    *ni = t / p->seeds;
    *seed = p->ni[*ni].prm.seed + (uint64_t)(t % p->seeds);
    return 1;
  }
  *rows = p->rows[(t - nn) / p->n_cells];
  *cells = p->cells[(t - nn) % p->n_cells];
  return 0;
}

/* "g10 seed 4" or "adc rows 64, 2-bit cells" */
static void task_label(const acc_plan *p, int t, char *buf, size_t n) {
  int j, r, c;
  uint64_t seed;
  if (task_decode(p, t, &j, &seed, &r, &c))
    snprintf(buf, n, "%s seed %llu", p->ni[j].name, (unsigned long long)seed);
  else
    snprintf(buf, n, "adc rows %d, %d-bit cells", r, c);
}

int acc_split_list(const char *plan, const acc_study_opts *o, FILE *out, trex_err *err) {
  acc_study *st = calloc(1, sizeof *st);
  if (!st) return trex_errf(err, "out of memory");
  int rc = acc_study_load_plan(&st->plan, plan, o, err);
  const acc_plan *p = &st->plan;
  for (int t = 0; !rc && t < acc_study_ntasks(st); t++) {
    int j, r, c;
    uint64_t seed;
    if (task_decode(p, t, &j, &seed, &r, &c))
      fprintf(out, "%d\tnonideal\t%s\t%llu\n", t, p->ni[j].name, (unsigned long long)seed);
    else
      fprintf(out, "%d\tadc\trows%d-cells%d\t-\n", t, r, c);
  }
  free(st);
  return rc;
}

/* ---- what every part records of its study, checked by the next stage ---- */

/* The identity of a study: four names, then four whole numbers, each
 * written under its key in this order and checked by the next stage. */
enum { ID_N = 4 };
static const char *const id_str_keys[ID_N] = {"plan", "model_dir", "data", "record"};
static const char *const id_num_keys[ID_N] = {"images", "nonideal_images", "seeds", "tasks"};
typedef struct {
  const char *str[ID_N];
  int64_t num[ID_N];
} study_identity;

static study_identity identity_of(const acc_study *st) {
  return (study_identity){{st->plan.path, st->model_dir, st->data_dir, st->plan.record},
                          {(int64_t)st->n, (int64_t)st->n_ni, st->plan.seeds,
                           acc_study_ntasks(st)}};
}

static void add_identity(cJSON *o, const acc_study *st) {
  study_identity id = identity_of(st);
  for (int k = 0; k < ID_N; k++) cJSON_AddStringToObject(o, id_str_keys[k], id.str[k]);
  for (int k = 0; k < ID_N; k++) cJSON_AddNumberToObject(o, id_num_keys[k], (double)id.num[k]);
}

static int check_identity(const cJSON *o, const acc_study *st, const char *path, trex_err *err) {
  study_identity id = identity_of(st);
  for (int k = 0; k < ID_N; k++) {
    const char *v;
    if (trex_json_str(o, id_str_keys[k], path, true, NULL, &v, err)) return -1;
    if (strcmp(v, id.str[k]))
      return trex_errf(err, "%s: made with %s '%s', not '%s' (give every stage the same plan "
                            "and options)", path, id_str_keys[k], v, id.str[k]);
  }
  for (int k = 0; k < ID_N; k++) {
    int64_t v;
    if (trex_json_int(o, id_num_keys[k], path, true, 0, 0, INT64_MAX, &v, err)) return -1;
    if (v != id.num[k])
      return trex_errf(err, "%s: made with %s %lld, not %lld (give every stage the same plan "
                            "and options)", path, id_num_keys[k], (long long)v,
                       (long long)id.num[k]);
  }
  return 0;
}

static void add_times(cJSON *o, const acc_study *st, double seconds) {
  cJSON *tp = cJSON_AddObjectToObject(o, "throughput");
  cJSON_AddNumberToObject(tp, "images_run", (double)st->images_run);
  cJSON_AddNumberToObject(tp, "cpu_s", st->cpu_s);
  cJSON_AddNumberToObject(tp, "wall_s", st->wall_s);
  cJSON_AddNumberToObject(o, "seconds", seconds);
}

static int add_times_from(acc_study *st, const cJSON *o, const char *path, trex_err *err) {
  const cJSON *tp = cJSON_GetObjectItemCaseSensitive(o, "throughput");
  if (!cJSON_IsObject(tp)) return trex_errf(err, "%s: missing key 'throughput'", path);
  int64_t im;
  double c, w, s;
  if (trex_json_int(tp, "images_run", path, true, 0, 0, INT64_MAX, &im, err) ||
      trex_json_num(tp, "cpu_s", path, true, 0, 0, 1e12, &c, err) ||
      trex_json_num(tp, "wall_s", path, true, 0, 0, 1e12, &w, err) ||
      trex_json_num(o, "seconds", path, true, 0, 0, 1e12, &s, err))
    return -1;
  st->images_run += (size_t)im;
  st->cpu_s += c;
  st->wall_s += w;
  st->seconds += s;
  return 0;
}

/* ---- the ideal part --------------------------------------------------------- */

char **acc_names(const char *const *fixed, const char *fmt1, int n1, const char *fmt2, int n2) {
  trex_names l = {0};
  for (int k = 0; fixed && fixed[k]; k++) trex_names_add(&l, "%s", fixed[k]);
  const char *fmt[2] = {fmt1, fmt2};
  int cnt[2] = {n1, n2};
  for (int f = 0; f < 2; f++)
    for (int k = 0; fmt[f] && k < cnt[f]; k++) trex_names_add(&l, fmt[f], k);
  return trex_names_end(&l);
}

static cJSON *ideal_json(const acc_study *st, const char *run) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "format", PARTS_FORMAT);
  cJSON_AddNumberToObject(o, "version", 1);
  cJSON_AddStringToObject(o, "run", run);
  add_identity(o, st);
  cJSON *es = cJSON_AddArrayToObject(o, "entries");
  for (int k = 0; k < st->n_e; k++) {
    const acc_entry *e = &st->e[k];
    cJSON *q = cJSON_CreateObject();
    acc_entry_add_names(q, e);
    cJSON_AddStringToObject(q, "origin", acc_origin_name(e->origin));
    cJSON_AddBoolToObject(q, "nonideal", e->ni);
    cJSON_AddNumberToObject(q, "correct", (double)e->ideal.correct);
    char *r = malloc(st->n + 1);
    if (r) {
      for (size_t i = 0; i < st->n; i++) r[i] = e->ideal.right[i] ? '1' : '0';
      r[st->n] = '\0';
      cJSON_AddStringToObject(q, "right", r);
      free(r);
    }
    if (st->chip_distinct) cJSON_AddNumberToObject(q, "chip_correct", (double)e->chip.correct);
    cJSON_AddItemToArray(es, q);
  }
  cJSON *se = cJSON_AddArrayToObject(o, "search");
  for (int c = 0; c < st->n_choice; c++) {
    const acc_choice *ch = &st->choice[c];
    cJSON *q = acc_choice_json(ch);
    cJSON_AddNumberToObject(q, "entry", ch->entry);
    cJSON_AddNumberToObject(q, "estimated_drop", ch->est_drop);
    cJSON_AddItemToArray(se, q);
  }
  add_times(o, st, trex_clock_s() - st->t0);
  return o;
}

int acc_split_ideal(const char *plan, const acc_study_opts *o, const char *parts, trex_err *err) {
  acc_study *st = calloc(1, sizeof *st);
  if (!st) return trex_errf(err, "out of memory");
  if (acc_study_setup(st, plan, o, err)) {
    free(st);
    return -1;
  }
  static const char *const fixed[] = {"ideal.json", NULL};
  char **own = acc_names(fixed, "logits-%03d.npy", MAX_LOGITS, "task-%05d.json", acc_study_ntasks(st));
  trex_outdir od;
  int have_od = 0, rc = -1;
  cJSON *j = NULL;
  if (!own) {
    trex_errf(err, "out of memory");
    goto done;
  }
  if (trex_outdir_open(&od, parts, (const char *const *)own, "ideal.json", PARTS_FORMAT,
                       "trex accuracy-study --stage ideal", 0, err))
    goto done;
  have_od = 1;
  if (acc_study_ideal(st, err)) goto done;
  if (st->n_e > MAX_LOGITS) {
    trex_errf(err, "%s: %d reuse lists, at most %d", plan, st->n_e, MAX_LOGITS);
    goto done;
  }
  for (int k = 0; k < st->n_e; k++) {
    char nm[32], path[4400];
    snprintf(nm, sizeof nm, "logits-%03d.npy", k);
    trex_outdir_path(&od, nm, path, sizeof path);
    int64_t shape[2] = {(int64_t)st->n, st->m.vm.classes};
    if (npy_save(path, NPY_I32, 2, shape, st->e[k].ideal.logits, err)) goto done;
  }
  char run[96], path[4400];
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  snprintf(run, sizeof run, "%lld.%09ld-%ld", (long long)ts.tv_sec, ts.tv_nsec, (long)getpid());
  j = ideal_json(st, run);
  trex_outdir_path(&od, "ideal.json", path, sizeof path);
  if (!j || trex_json_save(j, path, err)) {
    if (!j) trex_errf(err, "out of memory");
    goto done;
  }
  have_od = 0;
  if (trex_outdir_commit(&od, err)) goto done;
  rc = 0;
done:
  if (have_od) trex_outdir_fail(&od, err);
  cJSON_Delete(j);
  trex_names_free(own);
  acc_study_free(st);
  free(st);
  return rc;
}

/* Restores the ideal part of PARTS into st (after acc_study_setup): the
 * entries the search added, every entry's ideal results (the logits when
 * want_logits), the search's choices; the run id into run. */
static int load_ideal(acc_study *st, const char *parts, int want_logits, char *run, size_t rn,
                      trex_err *err) {
  char path[4400];
  snprintf(path, sizeof path, "%s/ideal.json", parts);
  cJSON *j = trex_json_load(path, err);
  if (!j) return -1;
  int rc = -1;
  const char *id;
  if (trex_json_format(j, path, PARTS_FORMAT, 1, err) ||
      trex_json_str(j, "run", path, true, NULL, &id, err) || check_identity(j, st, path, err))
    goto done;
  snprintf(run, rn, "%s", id);
  const cJSON *es = cJSON_GetObjectItemCaseSensitive(j, "entries");
  if (!cJSON_IsArray(es) || cJSON_GetArraySize(es) < st->n_e_plan ||
      cJSON_GetArraySize(es) > MAX_LOGITS) {
    trex_errf(err, "%s: key 'entries': not an array of %d to %d lists", path, st->n_e_plan,
              MAX_LOGITS);
    goto done;
  }
  int k = 0;
  const cJSON *q;
  cJSON_ArrayForEach(q, es) {
    const char *text, *res, *org, *right;
    bool ni;
    int64_t correct, chip_correct = 0;
    if (trex_json_str(q, "reuse", path, true, NULL, &text, err) ||
        trex_json_str(q, "resolved", path, true, NULL, &res, err) ||
        trex_json_str(q, "origin", path, true, NULL, &org, err) ||
        trex_json_bool(q, "nonideal", path, true, false, &ni, err) ||
        trex_json_int(q, "correct", path, true, 0, 0, (int64_t)st->n, &correct, err) ||
        trex_json_str(q, "right", path, true, NULL, &right, err) ||
        (st->chip_distinct &&
         trex_json_int(q, "chip_correct", path, true, 0, 0, (int64_t)st->n, &chip_correct, err)))
      goto done;
    int oi = trex_name_find(acc_origin_names, ACC_N_ORIGINS, org);
    if (oi < 0) {
      trex_errf(err, "%s: entry %d: key 'origin': '%s' is not an origin", path, k, org);
      goto done;
    }
    acc_origin origin = (acc_origin)oi;
    if (k >= st->n_e_plan) {
      if (origin != ACC_ORIGIN_SEARCH || acc_study_add_search_entry(st, text, err) != k) {
        if (origin == ACC_ORIGIN_SEARCH) trex_errf(err, "%s: entry %d: '%s' is listed twice", path, k, text);
        else trex_errf(err, "%s: entry %d: '%s' is not a list of the plan (origin %s)", path, k, text, org);
        goto done;
      }
    }
    acc_entry *e = &st->e[k];
    if (strcmp(e->text, text) || strcmp(e->resolved, res) || e->origin != origin) {
      trex_errf(err, "%s: entry %d is '%s' (%s), the plan's is '%s' (%s): not made with this plan",
                path, k, text, res, e->text, e->resolved);
      goto done;
    }
    if (strlen(right) != st->n || strspn(right, "01") != st->n) {
      trex_errf(err, "%s: entry %d: key 'right': not %zu digits 0 or 1", path, k, st->n);
      goto done;
    }
    e->ni = ni;
    acc_run *r = &e->ideal;
    r->images = st->n;
    r->correct = 0;
    r->right = malloc(st->n ? st->n : 1);
    if (!r->right) {
      trex_errf(err, "out of memory");
      goto done;
    }
    for (size_t i = 0; i < st->n; i++) r->correct += (r->right[i] = right[i] == '1');
    if (r->correct != (size_t)correct) {
      trex_errf(err, "%s: entry %d: key 'correct' %lld, but 'right' counts %zu", path, k,
                (long long)correct, r->correct);
      goto done;
    }
    e->chip.images = st->n;
    e->chip.correct = (size_t)chip_correct;
    if (want_logits) {
      char lp[4400];
      snprintf(lp, sizeof lp, "%s/logits-%03d.npy", parts, k);
      int64_t shape[2] = {(int64_t)st->n, st->m.vm.classes};
      npy_array a;
      if (npy_load_as(lp, NPY_I32, 2, shape, &a, err)) goto done;
      r->logits = a.data; /* owned by the run now (acc_run_free) */
      for (size_t i = 0; i < st->n; i++)
        if ((acc_argmax(&r->logits[i * (size_t)st->m.vm.classes], st->m.vm.classes) ==
             st->d.labels[i]) != r->right[i]) {
          trex_errf(err, "%s: image %zu: the logits' class and 'right' of %s disagree", lp, i,
                    path);
          goto done;
        }
    }
    k++;
  }
  const cJSON *se = cJSON_GetObjectItemCaseSensitive(j, "search");
  if (!cJSON_IsArray(se) || cJSON_GetArraySize(se) != st->plan.n_budgets) {
    trex_errf(err, "%s: key 'search': not an array of %d choices", path, st->plan.n_budgets);
    goto done;
  }
  st->n_choice = 0;
  cJSON_ArrayForEach(q, se) {
    acc_choice *c = &st->choice[st->n_choice];
    memset(c, 0, sizeof *c);
    const char *b;
    bool feas;
    int64_t entry;
    if (trex_json_str(q, "budget", path, true, NULL, &b, err) ||
        trex_json_num(q, "budget_ms", path, true, 0, 0, 1e300, &c->budget_ms, err) ||
        trex_json_bool(q, "feasible", path, true, false, &feas, err) ||
        trex_json_int(q, "entry", path, true, -1, -1, st->n_e - 1, &entry, err) ||
        trex_json_num(q, "estimated_drop", path, true, 0, -1e300, 1e300, &c->est_drop, err))
      goto done;
    if (strcmp(b, st->plan.budgets[st->n_choice]) || (feas && entry < 0)) {
      trex_errf(err, "%s: search choice %d: budget '%s', the plan's '%s'", path, st->n_choice, b,
                st->plan.budgets[st->n_choice]);
      goto done;
    }
    snprintf(c->budget, sizeof c->budget, "%s", b);
    c->feasible = feas;
    c->entry = (int)entry;
    st->n_choice++;
  }
  acc_study_ideal_restored(st);
  if (add_times_from(st, j, path, err)) goto done;
  rc = 0;
done:
  cJSON_Delete(j);
  return rc;
}

/* ---- tasks -------------------------------------------------------------------- */

int acc_split_task(const char *plan, const acc_study_opts *o, const char *parts, int t,
                   trex_err *err) {
  acc_study *st = calloc(1, sizeof *st);
  if (!st) return trex_errf(err, "out of memory");
  if (acc_study_setup(st, plan, o, err)) {
    free(st);
    return -1;
  }
  int rc = -1;
  cJSON *j = NULL;
  char run[96], path[4400], label[128];
  if (t < 0 || t >= acc_study_ntasks(st)) {
    acc_study_no_task(st, t, err);
    goto done;
  }
  double t0 = st->t0;
  if (load_ideal(st, parts, 0, run, sizeof run, err) || acc_study_alloc_tasks(st, err)) goto done;
  /* this command's own figures only: the ideal part's stay in ideal.json */
  st->images_run = 0;
  st->cpu_s = st->wall_s = st->seconds = 0;
  st->t0 = t0;
  if (acc_study_task(st, t, err)) goto done;
  int nn = acc_study_ntasks_ni(st);
  task_label(&st->plan, t, label, sizeof label);
  j = cJSON_CreateObject();
  cJSON_AddStringToObject(j, "format", TASK_FORMAT);
  cJSON_AddNumberToObject(j, "version", 1);
  cJSON_AddStringToObject(j, "run", run);
  cJSON_AddNumberToObject(j, "task", t);
  cJSON_AddStringToObject(j, "kind", t < nn ? "nonideal" : "adc");
  cJSON_AddStringToObject(j, "label", label);
  cJSON *cs = cJSON_AddArrayToObject(j, "correct");
  if (t < nn) {
    for (int k = 0; k < st->n_e; k++)
      if (st->e[k].ni) cJSON_AddItemToArray(cs, cJSON_CreateNumber((double)st->e[k].nir[t].correct));
  } else {
    for (int k = 0; k < st->n_adc; k++)
      if (st->adc[k].group == t - nn)
        cJSON_AddItemToArray(cs, cJSON_CreateNumber((double)st->adc[k].correct));
  }
  add_times(j, st, trex_clock_s() - st->t0);
  task_file(parts, t, path, sizeof path);
  rc = trex_json_save(j, path, err);
done:
  cJSON_Delete(j);
  acc_study_free(st);
  free(st);
  return rc;
}

/* ---- merge --------------------------------------------------------------------- */

static int load_task(acc_study *st, const char *parts, const char *run, int t, trex_err *err) {
  char path[4400], label[128];
  task_file(parts, t, path, sizeof path);
  task_label(&st->plan, t, label, sizeof label);
  trex_err e2;
  cJSON *j = trex_json_load(path, &e2);
  if (!j)
    return trex_errf(err, "task %d (%s) has no result: %s", t, label, e2.msg);
  int rc = -1, nn = acc_study_ntasks_ni(st);
  const char *id;
  int64_t tt;
  if (trex_json_format(j, path, TASK_FORMAT, 1, err) ||
      trex_json_str(j, "run", path, true, NULL, &id, err) ||
      trex_json_int(j, "task", path, true, 0, 0, INT32_MAX, &tt, err))
    goto done;
  if (tt != t) {
    trex_errf(err, "%s: not the result of task %d (task %lld)", path, t, (long long)tt);
    goto done;
  }
  if (strcmp(id, run)) {
    trex_errf(err, "task %d (%s): %s is of another run of the ideal stage (run %s, this one %s)",
              t, label, path, id, run);
    goto done;
  }
  const cJSON *cs = cJSON_GetObjectItemCaseSensitive(j, "correct");
  int want = 0;
  for (int k = 0; k < st->n_e; k++) want += t < nn && st->e[k].ni;
  for (int k = 0; k < st->n_adc; k++) want += t >= nn && st->adc[k].group == t - nn;
  if (!cJSON_IsArray(cs) || cJSON_GetArraySize(cs) != want) {
    trex_errf(err, "%s: key 'correct': not an array of %d counts", path, want);
    goto done;
  }
  const cJSON *c = cs->child;
  size_t lim = t < nn ? st->n_ni : st->n;
  for (int k = 0; k < (t < nn ? st->n_e : st->n_adc); k++) {
    if (t < nn ? !st->e[k].ni : st->adc[k].group != t - nn) continue;
    if (!cJSON_IsNumber(c) || c->valuedouble < 0 || c->valuedouble > (double)lim ||
        c->valuedouble != (double)(size_t)c->valuedouble) {
      trex_errf(err, "%s: key 'correct': not a count of 0..%zu images", path, lim);
      goto done;
    }
    if (t < nn) {
      st->e[k].nir[t].images = st->n_ni;
      st->e[k].nir[t].correct = (size_t)c->valuedouble;
    } else {
      acc_study_adc_set(st, k, (size_t)c->valuedouble);
    }
    c = c->next;
  }
  if (add_times_from(st, j, path, err)) goto done;
  rc = 0;
done:
  cJSON_Delete(j);
  return rc;
}

int acc_split_merge(acc_study *st, const char *plan, const acc_study_opts *o, const char *parts,
                    trex_err *err) {
  if (acc_study_setup(st, plan, o, err)) return -1;
  char run[96];
  double t0 = st->t0;
  if (load_ideal(st, parts, 1, run, sizeof run, err) || acc_study_alloc_tasks(st, err)) goto fail;
  for (int t = 0; t < acc_study_ntasks(st); t++)
    if (load_task(st, parts, run, t, err)) goto fail;
  st->t0 = t0;
  if (acc_study_finish(st, err)) goto fail;
  return 0;
fail:
  acc_study_free(st);
  return -1;
}
