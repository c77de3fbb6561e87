#include "trex_json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trex_file.h"

cJSON *trex_json_parse(const char *name, const char *text, trex_err *err) {
  const char *end = NULL;
  cJSON *root = cJSON_ParseWithOpts(text, &end, 1);
  if (!root) {
    const char *at = end ? end : cJSON_GetErrorPtr();
    int line = 1, col = 1;
    if (at) {
      for (const char *p = text; p < at && *p; p++) {
        if (*p == '\n') {
          line++;
          col = 1;
        } else {
          col++;
        }
      }
    }
    trex_errf(err, "%s:%d:%d: malformed JSON", name, line, col);
    return NULL;
  }
  if (!cJSON_IsObject(root)) {
    cJSON_Delete(root);
    trex_errf(err, "%s:1: expected a JSON object at the top level", name);
    return NULL;
  }
  if (trex_json_check_duplicates(root, name, err)) {
    cJSON_Delete(root);
    return NULL;
  }
  return root;
}

/* ---- duplicate keys -------------------------------------------------------
 * cJSON keeps every member of an object, duplicates included, and its
 * look-ups return the first: {"rows": 16, "rows": 256} would silently mean
 * 16. Every object of the tree is checked once after parsing. */

static int cmp_name(const void *a, const void *b) {
  const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
  return strcmp(x->string ? x->string : "", y->string ? y->string : "");
}

/* `prefix` is the dotted key path of `node` ("" at the top). */
static int dup_walk(const cJSON *node, const char *name, char *prefix, size_t cap, int depth,
                    trex_err *err) {
  if (depth > 200) return 0; /* cJSON stops nesting far below this */
  if (cJSON_IsObject(node)) {
    size_t n = 0;
    for (const cJSON *it = node->child; it; it = it->next) n++;
    if (n > 1) {
      const cJSON **v = malloc(n * sizeof *v);
      if (!v) return trex_errf(err, "%s: out of memory", name);
      size_t k = 0;
      for (const cJSON *it = node->child; it; it = it->next) v[k++] = it;
      qsort(v, n, sizeof *v, cmp_name);
      for (k = 1; k < n; k++)
        if (!cmp_name(&v[k - 1], &v[k])) {
          int rc = trex_errf(err, "%s: key '%s%s': duplicate key (the file gives it twice)",
                             name, prefix, v[k]->string ? v[k]->string : "");
          free(v);
          return rc;
        }
      free(v);
    }
  }
  if (!cJSON_IsObject(node) && !cJSON_IsArray(node)) return 0;
  size_t len = strlen(prefix);
  int idx = 0;
  for (const cJSON *it = node->child; it; it = it->next, idx++) {
    if (!cJSON_IsObject(it) && !cJSON_IsArray(it)) continue;
    if (cJSON_IsObject(node))
      snprintf(prefix + len, cap - len, "%s.", it->string ? it->string : "");
    else
      snprintf(prefix + len, cap - len, "%d.", idx);
    int rc = dup_walk(it, name, prefix, cap, depth + 1, err);
    prefix[len] = '\0';
    if (rc) return rc;
  }
  return 0;
}

int trex_json_check_duplicates(const cJSON *root, const char *name, trex_err *err) {
  char prefix[512] = "";
  return dup_walk(root, name, prefix, sizeof prefix, 0, err);
}

cJSON *trex_json_load(const char *path, trex_err *err) {
  char *text = trex_read_all_max(path, TREX_READ_MAX_JSON, NULL, err);
  if (!text) return NULL;
  cJSON *root = trex_json_parse(path, text, err);
  free(text);
  return root;
}

static const cJSON *member(const cJSON *obj, const char *key) {
  return cJSON_GetObjectItemCaseSensitive(obj, key);
}

/* The member `key` of obj, of the type `is` accepts. NULL when it is
 * absent: *rc 0 when it is optional (the default, size bytes at dflt, is
 * copied to out), else -1 with "PATH: missing key 'KEY'"; NULL and -1 with
 * "PATH: key 'KEY': expected WHAT" when it has another type. */
static const cJSON *typed_member(const cJSON *obj, const char *key, const char *path,
                                 bool required, cJSON_bool (*is)(const cJSON *),
                                 const char *what, const void *dflt, void *out, size_t size,
                                 int *rc, trex_err *err) {
  const cJSON *it = member(obj, key);
  *rc = 0;
  if (!it) {
    if (required) *rc = trex_errf(err, "%s: missing key '%s'", path, key);
    else memcpy(out, dflt, size);
    return NULL;
  }
  if (!is(it)) {
    *rc = trex_errf(err, "%s: key '%s': expected %s", path, key, what);
    return NULL;
  }
  return it;
}

int trex_json_num(const cJSON *obj, const char *key, const char *path,
                  bool required, double dflt, double lo, double hi, double *out,
                  trex_err *err) {
  int rc;
  const cJSON *it = typed_member(obj, key, path, required, cJSON_IsNumber, "a number", &dflt, out, sizeof *out,
                                 &rc, err);
  if (!it) return rc;
  double v = it->valuedouble;
  if (!isfinite(v) || v < lo || v > hi)
    return trex_errf(err, "%s: key '%s': %g is outside %g..%g", path, key, v, lo,
                     hi);
  *out = v;
  return 0;
}

int trex_json_int(const cJSON *obj, const char *key, const char *path,
                  bool required, int64_t dflt, int64_t lo, int64_t hi,
                  int64_t *out, trex_err *err) {
  int rc;
  const cJSON *it = typed_member(obj, key, path, required, cJSON_IsNumber, "an integer", &dflt, out, sizeof *out,
                                 &rc, err);
  if (!it) return rc;
  double v = it->valuedouble;
  if (!isfinite(v) || v != floor(v) || fabs(v) > 9.0e15)
    return trex_errf(err, "%s: key '%s': expected an integer, got %g", path, key,
                     v);
  if (v < (double)lo || v > (double)hi)
    return trex_errf(err, "%s: key '%s': %.0f is outside %lld..%lld", path, key,
                     v, (long long)lo, (long long)hi);
  *out = (int64_t)v;
  return 0;
}

int trex_json_bool(const cJSON *obj, const char *key, const char *path,
                   bool required, bool dflt, bool *out, trex_err *err) {
  int rc;
  const cJSON *it = typed_member(obj, key, path, required, cJSON_IsBool, "true or false", &dflt, out, sizeof *out,
                                 &rc, err);
  if (!it) return rc;
  *out = cJSON_IsTrue(it);
  return 0;
}

int trex_json_str(const cJSON *obj, const char *key, const char *path,
                  bool required, const char *dflt, const char **out,
                  trex_err *err) {
  int rc;
  const cJSON *it = typed_member(obj, key, path, required, cJSON_IsString, "a string", &dflt, out, sizeof *out,
                                 &rc, err);
  if (!it) return rc;
  if (!trex_json_text_ok(it->valuestring))
    return trex_errf(err, "%s: key '%s': \"%s\" holds a control character (a line break?)",
                     path, key, it->valuestring);
  *out = it->valuestring;
  return 0;
}

int trex_json_text_ok(const char *s) {
  for (; *s; s++)
    if ((unsigned char)*s < 0x20 || *s == 0x7f) return 0;
  return 1;
}

int trex_json_ints(const cJSON *obj, const char *path, bool required, int lo, int hi,
                   const trex_json_intf *f, size_t n, trex_err *err) {
  for (size_t k = 0; k < n; k++) {
    int64_t v;
    if (trex_json_int(obj, f[k].key, path, required, *f[k].field, lo, hi, &v, err)) return -1;
    *f[k].field = (int)v;
  }
  return 0;
}

int trex_json_format(const cJSON *root, const char *path, const char *format, int64_t version,
                     trex_err *err) {
  const char *fmt;
  int64_t v;
  if (trex_json_str(root, "format", path, true, NULL, &fmt, err)) return -1;
  if (strcmp(fmt, format))
    return trex_errf(err, "%s: key 'format': '%s' is not '%s'", path, fmt, format);
  return trex_json_int(root, "version", path, true, version, version, version, &v, err);
}

int trex_json_check_keys(const cJSON *obj, const char *path, const char *in,
                         const char *const *known, trex_err *err) {
  for (const cJSON *it = obj->child; it; it = it->next) {
    const char *k = it->string ? it->string : "";
    for (const cJSON *jt = obj->child; jt != it; jt = jt->next)
      if (jt->string && !strcmp(jt->string, k))
        return trex_errf(err, "%s: %skey '%s' appears twice", path, in, k);
    if (!strncmp(k, "doc", 3)) continue;
    int ok = 0;
    for (const char *const *kn = known; *kn && !ok; kn++) ok = !strcmp(*kn, k);
    if (!ok) return trex_errf(err, "%s: %sunknown key '%s'", path, in, k);
  }
  return 0;
}

void trex_json_warn_unknown(const cJSON *obj, const char *path, const char *prefix,
                            const char *const *known) {
  for (const cJSON *it = obj->child; it; it = it->next) {
    int found = 0;
    for (int k = 0; known[k] && !found; k++) found = it->string && !strcmp(it->string, known[k]);
    if (!found)
      fprintf(stderr, "trex: warning: %s: unknown key '%s%s' ignored\n", path, prefix,
              it->string ? it->string : "?");
  }
}

int trex_json_print(FILE *fp, cJSON *root, bool pretty, trex_err *err) {
  char *t = !root ? NULL : pretty ? cJSON_Print(root) : cJSON_PrintUnformatted(root);
  cJSON_Delete(root);
  if (!t) return trex_errf(err, "out of memory writing JSON");
  fprintf(fp, "%s\n", t);
  free(t);
  return 0;
}

int trex_json_save(const cJSON *root, const char *path, trex_err *err) {
  char *text = cJSON_Print(root);
  if (!text) return trex_errf(err, "%s: out of memory", path);
  trex_wfile w;
  if (trex_wfile_open(&w, path, err)) {
    free(text);
    return -1;
  }
  fputs(text, w.fp);
  fputc('\n', w.fp);
  free(text);
  return trex_wfile_commit(&w, err);
}

void trex_json_add_str_or_null(cJSON *o, const char *key, const char *s) {
  if (s) cJSON_AddStringToObject(o, key, s);
  else cJSON_AddNullToObject(o, key);
}

void trex_json_add_num_or_null(cJSON *o, const char *key, bool have, double v) {
  if (have) cJSON_AddNumberToObject(o, key, v);
  else cJSON_AddNullToObject(o, key);
}
