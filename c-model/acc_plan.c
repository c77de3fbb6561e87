/* acc_plan: reading the plan of an accuracy study. */
#define _POSIX_C_SOURCE 200809L
#include "acc_plan.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "ctrl_schedule.h"
#include "edap_dataflow.h"
#include "search_reuse.h"
#include "trex_json.h"

static int get_path(const cJSON *root, const char *key, const char *path, int required,
                    char *out, trex_err *err) {
  const char *s;
  if (trex_json_str(root, key, path, required, "", &s, err)) return -1;
  if (strlen(s) >= ACC_PATH) return trex_errf(err, "%s: key '%s': path too long", path, key);
  snprintf(out, ACC_PATH, "%s", s);
  return 0;
}

/* An array of strings (each < n bytes) into out[max][n]; *count set. */
static int get_strings(const cJSON *arr, const char *path, const char *key, char *out,
                       size_t n, int max, int *count, trex_err *err) {
  if (!cJSON_IsArray(arr)) return trex_errf(err, "%s: key '%s': expected an array", path, key);
  int k = 0;
  for (const cJSON *e = arr->child; e; e = e->next, k++) {
    if (k >= max) return trex_errf(err, "%s: key '%s': more than %d entries", path, key, max);
    if (!cJSON_IsString(e))
      return trex_errf(err, "%s: key '%s': entry %d is not a string", path, key, k);
    if (strlen(e->valuestring) >= n)
      return trex_errf(err, "%s: key '%s': entry %d is too long", path, key, k);
    snprintf(out + (size_t)k * n, n, "%s", e->valuestring);
  }
  *count = k;
  return 0;
}

static int get_ints(const cJSON *obj, const char *key, const char *path, int lo, int hi,
                    int *out, int *count, trex_err *err) {
  const cJSON *a = cJSON_GetObjectItemCaseSensitive(obj, key);
  if (!a) return trex_errf(err, "%s: key 'adc': missing key '%s'", path, key);
  if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) < 1 || cJSON_GetArraySize(a) > ACC_PLAN_MAX_SWEEP)
    return trex_errf(err, "%s: key 'adc': key '%s': expected an array of 1..%d integers", path,
                     key, ACC_PLAN_MAX_SWEEP);
  int k = 0;
  for (const cJSON *e = a->child; e; e = e->next, k++) {
    /* the range first: converting a double outside int's range is undefined
     * (found by fuzz_plan; tests/fuzz/regress/plan/adc-rows-beyond-int) */
    if (!cJSON_IsNumber(e) || !(e->valuedouble >= lo && e->valuedouble <= hi) ||
        e->valuedouble != (int)e->valuedouble)
      return trex_errf(err, "%s: key 'adc': key '%s': entry %d is not an integer in %d..%d",
                       path, key, k, lo, hi);
    out[k] = (int)e->valuedouble;
  }
  *count = k;
  return 0;
}

static int valid_list(const char *path, const char *key, int k, const char *text,
                      trex_err *err) {
  ctrl_reuse r;
  trex_err e2;
  if (ctrl_reuse_parse(text, &r, &e2))
    return trex_errf(err, "%s: key '%s': entry %d '%s': %s", path, key, k, text, e2.msg);
  return 0;
}

static int load_ni(const cJSON *arr, const char *path, acc_plan *p, trex_err *err) {
  if (!cJSON_IsArray(arr)) return trex_errf(err, "%s: key 'nonideal': expected an array", path);
  static const char *const keys[] = {"name", "spec", NULL};
  int k = 0;
  for (const cJSON *e = arr->child; e; e = e->next, k++) {
    if (k >= ACC_PLAN_MAX_NI)
      return trex_errf(err, "%s: key 'nonideal': more than %d entries", path, ACC_PLAN_MAX_NI);
    char in[64];
    snprintf(in, sizeof in, "key 'nonideal': entry %d: ", k);
    if (!cJSON_IsObject(e)) return trex_errf(err, "%s: %sexpected an object", path, in);
    if (trex_json_check_keys(e, path, in, keys, err)) return -1;
    acc_ni *n = &p->ni[k];
    const char *name, *spec, *doc;
    char where[4300];
    snprintf(where, sizeof where, "%s: key 'nonideal': entry %d", path, k);
    if (trex_json_str(e, "name", where, true, NULL, &name, err) ||
        trex_json_str(e, "spec", where, true, NULL, &spec, err) ||
        trex_json_str(e, "doc", where, false, "", &doc, err))
      return -1;
    size_t L = strlen(name);
    int ok = L >= 1 && L < sizeof n->name;
    for (size_t c = 0; ok && c < L; c++)
      ok = isalnum((unsigned char)name[c]) || name[c] == '_' || name[c] == '-';
    if (!ok)
      return trex_errf(err, "%s: key 'name': '%s' must be 1..%zu characters of [A-Za-z0-9_-]",
                       where, name, sizeof n->name - 1);
    for (int j = 0; j < k; j++)
      if (!strcmp(p->ni[j].name, name))
        return trex_errf(err, "%s: key 'name': '%s' is used twice", where, name);
    if (strlen(spec) >= sizeof n->spec)
      return trex_errf(err, "%s: key 'spec': too long", where);
    trex_err e2;
    if (xbar_nonideal_parse(spec, &n->prm, &e2))
      return trex_errf(err, "%s: key 'spec': %s", where, e2.msg);
    snprintf(n->name, sizeof n->name, "%s", name);
    snprintf(n->spec, sizeof n->spec, "%s", spec);
    snprintf(n->doc, sizeof n->doc, "%s", doc);
  }
  p->n_ni = k;
  return 0;
}

int acc_plan_load(const char *path, acc_plan *p, trex_err *err) {
  memset(p, 0, sizeof *p);
  snprintf(p->path, sizeof p->path, "%s", path);
  cJSON *root = trex_json_load(path, err);
  if (!root) return -1;
  static const char *const keys[] = {"format",   "version", "model",          "data",
                                     "record",   "limit",   "ideal_chip",     "chip",
                                     "tech",     "seeds",   "nonideal",       "singles",  "nonideal_limit", "dataflow",
                                     "lists",    "nonideal_lists", "budgets", "drop_limit",
                                     "adc",      NULL};
  int rc = -1;
  int64_t v;
  bool b;
  if (trex_json_check_keys(root, path, "", keys, err)) goto out;
  if (trex_json_format(root, path, "trex-accuracy-plan", 1, err)) goto out;
  if (get_path(root, "model", path, 1, p->model, err) ||
      get_path(root, "data", path, 1, p->data, err) ||
      get_path(root, "record", path, 0, p->record, err) ||
      get_path(root, "ideal_chip", path, 1, p->ideal_chip, err) ||
      get_path(root, "chip", path, 0, p->chip, err) ||
      get_path(root, "tech", path, 0, p->tech, err))
    goto out;
  const char *df;
  edap_dataflow edf = EDAP_DF_SEQUENTIAL;
  if (trex_json_str(root, "dataflow", path, false, "sequential", &df, err)) goto out;
  if (edap_dataflow_parse(df, &edf)) {
    trex_errf(err, "%s: key 'dataflow': '%s' is not sequential, qkv or pipelined", path, df);
    goto out;
  }
  p->dataflow = (int)edf;
  if (trex_json_int(root, "limit", path, false, 0, 0, 1LL << 40, &v, err)) goto out;
  p->limit = (long)v;
  if (trex_json_int(root, "nonideal_limit", path, false, 0, 0, 1LL << 40, &v, err)) goto out;
  p->ni_limit = (long)v;
  if (trex_json_int(root, "seeds", path, false, 5, 1, 1000, &v, err)) goto out;
  p->seeds = (int)v;
  const cJSON *ni = cJSON_GetObjectItemCaseSensitive(root, "nonideal");
  if (ni && load_ni(ni, path, p, err)) goto out;
  if (trex_json_bool(root, "singles", path, false, true, &b, err)) goto out;
  p->singles = b;
  const cJSON *ls = cJSON_GetObjectItemCaseSensitive(root, "lists");
  if (ls && get_strings(ls, path, "lists", &p->lists[0][0], sizeof p->lists[0],
                        ACC_PLAN_MAX_LISTS, &p->n_lists, err))
    goto out;
  for (int k = 0; k < p->n_lists; k++)
    if (valid_list(path, "lists", k, p->lists[k], err)) goto out;
  const cJSON *nl = cJSON_GetObjectItemCaseSensitive(root, "nonideal_lists");
  p->ni_all = 1;
  if (nl && cJSON_IsString(nl)) {
    if (strcmp(nl->valuestring, "all")) {
      trex_errf(err, "%s: key 'nonideal_lists': '%s' is not \"all\" or an array of lists", path,
                nl->valuestring);
      goto out;
    }
  } else if (nl) {
    p->ni_all = 0;
    if (get_strings(nl, path, "nonideal_lists", &p->ni_lists[0][0], sizeof p->ni_lists[0],
                    ACC_PLAN_MAX_LISTS, &p->n_ni_lists, err))
      goto out;
    for (int k = 0; k < p->n_ni_lists; k++)
      if (valid_list(path, "nonideal_lists", k, p->ni_lists[k], err)) goto out;
  }
  const cJSON *bu = cJSON_GetObjectItemCaseSensitive(root, "budgets");
  if (bu && get_strings(bu, path, "budgets", &p->budgets[0][0], sizeof p->budgets[0],
                        ACC_PLAN_MAX_BUDGETS, &p->n_budgets, err))
    goto out;
  for (int k = 0; k < p->n_budgets; k++) {
    double ms;
    trex_err e2;
    if (search_parse_budget(p->budgets[k], 1.0, &ms, &e2)) {
      trex_errf(err, "%s: key 'budgets': entry %d: %s", path, k, e2.msg);
      goto out;
    }
  }
  if (trex_json_num(root, "drop_limit", path, false, 1.0, 0, 100, &p->drop_limit, err)) goto out;
  const cJSON *adc = cJSON_GetObjectItemCaseSensitive(root, "adc");
  if (adc) {
    static const char *const akeys[] = {"rows", "cell_bits", "below", "limit", "hold", NULL};
    char where[4300];
    snprintf(where, sizeof where, "%s: key 'adc'", path);
    if (!cJSON_IsObject(adc)) {
      trex_errf(err, "%s: expected an object", where);
      goto out;
    }
    if (trex_json_check_keys(adc, path, "key 'adc': ", akeys, err)) goto out;
    if (get_ints(adc, "rows", path, 16, 256, p->rows, &p->n_rows, err) ||
        get_ints(adc, "cell_bits", path, 1, 4, p->cells, &p->n_cells, err))
      goto out;
    /* the tile's own rules (xbar_cfg_check), named here before any run */
    for (int k = 0; k < p->n_rows; k++)
      if (p->rows[k] & (p->rows[k] - 1)) {
        trex_errf(err, "%s: key 'adc': key 'rows': entry %d is %d, not one of 16, 32, 64, 128, 256",
                  path, k, p->rows[k]);
        goto out;
      }
    for (int k = 0; k < p->n_cells; k++)
      if (p->cells[k] == 3) {
        trex_errf(err, "%s: key 'adc': key 'cell_bits': entry %d is 3, not one of 1, 2, 4", path,
                  k);
        goto out;
      }
    if (trex_json_int(adc, "below", where, false, 3, 0, 11, &v, err)) goto out;
    p->adc_below = (int)v;
    if (trex_json_int(adc, "limit", where, false, 0, 0, 1LL << 40, &v, err)) goto out;
    p->adc_limit = (long)v;
    if (trex_json_num(adc, "hold", where, false, 1.0, 0, 100, &p->adc_hold, err)) goto out;
    p->adc_on = 1;
  }
  rc = 0;
out:
  cJSON_Delete(root);
  return rc;
}
