/* regress-tool: the writers of the regression (docs/regression.md).
 *
 *   regress-tool summary  RESULTS OUTDIR SECONDS LEVEL
 *       RESULTS: one test per line, tab-separated:
 *         name seed status(PASS|FAIL|SKIP) mode seconds replay log message
 *       writes OUTDIR/summary.json and OUTDIR/junit.xml (atomically)
 *   regress-tool report   FIGURES BASELINE SUMMARY COVERAGE OUT.md
 *       FIGURES: "key<TAB>value<TAB>unit<TAB>label" (value "n/a" when not
 *       measured); BASELINE: JSON written by `baseline` (may be absent);
 *       COVERAGE: text written by `covmerge` (may be absent). Exit 1 when a
 *       figure differs from the baseline, 0 otherwise.
 *   regress-tool baseline FIGURES LEVEL OUT.json
 *   regress-tool covmerge OUT FILE...      merge tb_cov/ctrl bin files
 *   regress-tool json-get FILE KEY[.KEY...] print one member (a number as
 *       the shortest text that reads back the same, a string as is, an
 *       object or array as compact JSON); exit 1 when absent
 *   regress-tool json-write OUT.json < LINES
 *       builds one JSON object from "TYPE<TAB>KEY[<TAB>KEY...]<TAB>VALUE"
 *       lines (the only JSON writer of the shell scripts: synthesis
 *       metrics, manifests, baselines, benchmark and fuzz summaries)
 *   regress-tool mutsummary RESULTS OUT.json
 *       RESULTS: "set idx status(killed|survived|equivalent) how src mutation"
 * Every error is one line on stderr and a non-zero exit; nothing is written
 * half-way. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trex_file.h"
#include "trex_json.h"

#define MAXF 16

static int die(const char *fmt, const char *a, const char *b) {
  fprintf(stderr, "regress-tool: ");
  fprintf(stderr, fmt, a, b);
  fputc('\n', stderr);
  return 1;
}

/* Splits a tab-separated line in place; returns the number of fields. */
static int split(char *line, char **f, int max) {
  int n = 0;
  char *p = line;
  while (n < max) {
    f[n++] = p;
    char *t = strchr(p, '\t');
    if (!t) break;
    *t = 0;
    p = t + 1;
  }
  for (int k = n; k < max; k++) f[k] = "";
  return n;
}

typedef struct {
  char **lines;
  int n;
  char *buf;
} lines_t;

/* Reads a text file into lines (blank lines and '#' comments skipped). */
static int read_lines(const char *path, lines_t *L, int missing_ok) {
  trex_err err;
  size_t len;
  memset(L, 0, sizeof *L);
  FILE *probe = fopen(path, "r");
  if (!probe && missing_ok) return 0;
  if (probe) fclose(probe);
  L->buf = trex_read_all(path, &len, &err);
  if (!L->buf) return die("%s%s", err.msg, ""), -1;
  int cap = 16;
  L->lines = malloc(sizeof(char *) * (size_t)cap);
  for (char *p = L->buf; p && *p;) {
    char *nl = strchr(p, '\n');
    if (nl) *nl = 0;
    size_t l = strlen(p);
    if (l && p[l - 1] == '\r') p[l - 1] = 0;
    if (*p && *p != '#') {
      if (L->n == cap) L->lines = realloc(L->lines, sizeof(char *) * (size_t)(cap *= 2));
      L->lines[L->n++] = p;
    }
    p = nl ? nl + 1 : NULL;
  }
  return 0;
}

static void free_lines(lines_t *L) {
  free(L->lines);
  free(L->buf);
}

/* XML text with the five entities escaped and control characters dropped
 * (XML 1.0 forbids most of them even as references). */
static void xml_put(FILE *fp, const char *s) {
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
      case '&': fputs("&amp;", fp); break;
      case '<': fputs("&lt;", fp); break;
      case '>': fputs("&gt;", fp); break;
      case '"': fputs("&quot;", fp); break;
      case '\'': fputs("&apos;", fp); break;
      default:
        if (*p < 0x20 && *p != '\n' && *p != '\t') break;
        fputc(*p, fp);
    }
  }
}

/* The last `n` lines of a log file (for the JUnit failure body). */
static char *tail_of(const char *path, int n) {
  trex_err err;
  size_t len;
  char *b = trex_read_all(path, &len, &err);
  if (!b) return NULL;
  int seen = 0;
  char *p = b + len;
  while (p > b) {
    p--;
    if (*p == '\n' && p != b + len - 1 && ++seen == n) { p++; break; }
  }
  char *r = strdup(p);
  free(b);
  return r;
}

static int valid_mode(const char *m) {
  static const char *ok[] = {"", "MISMATCH", "TIMEOUT", "CRASH", "FILE_ERROR", "BUILD", "NODE", NULL};
  for (int k = 0; ok[k]; k++)
    if (!strcmp(m, ok[k])) return 1;
  return 0;
}

static int cmd_summary(int argc, char **argv) {
  if (argc != 4) return die("summary: usage: summary RESULTS OUTDIR SECONDS LEVEL%s%s", "", "");
  const char *res = argv[0], *dir = argv[1], *level = argv[3];
  char *end;
  double secs = strtod(argv[2], &end);
  if (*end || secs < 0) return die("summary: bad SECONDS '%s'%s", argv[2], "");
  lines_t L;
  if (read_lines(res, &L, 0)) return 1;
  int passed = 0, failed = 0, skipped = 0;
  cJSON *root = cJSON_CreateObject(), *arr = cJSON_CreateArray();
  for (int k = 0; k < L.n; k++) {
    char copy[8192];
    snprintf(copy, sizeof copy, "%s", L.lines[k]);
    char *f[8];
    int nf = split(copy, f, 8);
    char where[64];
    snprintf(where, sizeof where, "%d", k + 1);
    if (nf < 5) return die("%s:%s: fewer than 5 tab-separated fields", res, where);
    if (strcmp(f[2], "PASS") && strcmp(f[2], "FAIL") && strcmp(f[2], "SKIP"))
      return die("%s:%s: status must be PASS, FAIL or SKIP", res, where);
    if (!valid_mode(f[3])) return die("%s:%s: unknown failure mode", res, where);
    if (!strcmp(f[2], "FAIL") && !*f[3]) return die("%s:%s: a failed test needs a failure mode", res, where);
    double ts = strtod(f[4], &end);
    if (*end || ts < 0) return die("%s:%s: bad seconds", res, where);
    passed += !strcmp(f[2], "PASS");
    failed += !strcmp(f[2], "FAIL");
    skipped += !strcmp(f[2], "SKIP");
    cJSON *t = cJSON_CreateObject();
    cJSON_AddStringToObject(t, "name", f[0]);
    long seed = strtol(f[1], &end, 10);
    if (*f[1] && !*end) cJSON_AddNumberToObject(t, "seed", (double)seed);
    else cJSON_AddNullToObject(t, "seed");
    cJSON_AddStringToObject(t, "status", f[2]);
    if (*f[3]) cJSON_AddStringToObject(t, "failure_mode", f[3]);
    else cJSON_AddNullToObject(t, "failure_mode");
    cJSON_AddNumberToObject(t, "seconds", ts);
    if (*f[5]) cJSON_AddStringToObject(t, "replay", f[5]);
    if (*f[6]) cJSON_AddStringToObject(t, "log", f[6]);
    if (*f[7]) cJSON_AddStringToObject(t, "message", f[7]);
    cJSON_AddItemToArray(arr, t);
  }
  cJSON_AddStringToObject(root, "level", level);
  cJSON_AddNumberToObject(root, "tests", L.n);
  cJSON_AddNumberToObject(root, "passed", passed);
  cJSON_AddNumberToObject(root, "failed", failed);
  cJSON_AddNumberToObject(root, "skipped", skipped);
  cJSON_AddNumberToObject(root, "seconds", round(secs * 10) / 10);
  cJSON_AddItemToObject(root, "results", arr);
  char path[4096];
  trex_wfile w;
  trex_err err;
  snprintf(path, sizeof path, "%s/summary.json", dir);
  int rc = trex_json_save(root, path, &err);
  cJSON_Delete(root);
  if (rc) return die("%s%s", err.msg, "");

  snprintf(path, sizeof path, "%s/junit.xml", dir);
  if (trex_wfile_open(&w, path, &err)) return die("%s%s", err.msg, "");
  fprintf(w.fp, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  fprintf(w.fp, "<testsuites name=\"trex-regress\" tests=\"%d\" failures=\"%d\" errors=\"0\" "
          "skipped=\"%d\" time=\"%.1f\">\n", L.n, failed, skipped, secs);
  fprintf(w.fp, "  <testsuite name=\"regress-");
  xml_put(w.fp, level);
  fprintf(w.fp, "\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\" time=\"%.1f\">\n",
          L.n, failed, skipped, secs);
  for (int k = 0; k < L.n; k++) {
    char *f[8];
    split(L.lines[k], f, 8);
    /* classname: the part of the name before the first '/' */
    char cls[256];
    snprintf(cls, sizeof cls, "%s", f[0]);
    char *sl = strchr(cls, '/');
    if (sl) *sl = 0;
    fprintf(w.fp, "    <testcase classname=\"regress.");
    xml_put(w.fp, cls);
    fprintf(w.fp, "\" name=\"");
    xml_put(w.fp, f[0]);
    fprintf(w.fp, "\" time=\"%s\">", f[4]);
    if (!strcmp(f[2], "FAIL")) {
      fprintf(w.fp, "\n      <failure type=\"%s\" message=\"", f[3]);
      xml_put(w.fp, *f[7] ? f[7] : f[3]);
      fprintf(w.fp, "\">");
      if (*f[5]) {
        fputs("replay: ", w.fp);
        xml_put(w.fp, f[5]);
        fputc('\n', w.fp);
      }
      char *t = *f[6] ? tail_of(f[6], 25) : NULL;
      if (t) xml_put(w.fp, t);
      free(t);
      fprintf(w.fp, "</failure>\n    ");
    } else if (!strcmp(f[2], "SKIP")) {
      fprintf(w.fp, "\n      <skipped message=\"");
      xml_put(w.fp, *f[7] ? f[7] : "skipped");
      fprintf(w.fp, "\"/>\n    ");
    }
    fprintf(w.fp, "</testcase>\n");
  }
  fprintf(w.fp, "  </testsuite>\n</testsuites>\n");
  if (trex_wfile_commit(&w, &err)) return die("%s%s", err.msg, "");
  printf("regress: %d tests, %d passed, %d failed, %d skipped, %.0f s\n", L.n, passed, failed,
         skipped, secs);
  free_lines(&L);
  return 0;
}

typedef struct {
  char key[64], value[64], unit[32], label[96];
  int measured;
  double v;
} figure;

static int read_figures(const char *path, figure **out, int *n) {
  lines_t L;
  if (read_lines(path, &L, 0)) return -1;
  figure *F = calloc((size_t)L.n + 1, sizeof *F);
  for (int k = 0; k < L.n; k++) {
    char *f[4];
    char where[32];
    snprintf(where, sizeof where, "%d", k + 1);
    if (split(L.lines[k], f, 4) != 4) {
      free(F);
      free_lines(&L);
      return die("%s:%s: expected key, value, unit, label", path, where), -1;
    }
    snprintf(F[k].key, sizeof F[k].key, "%s", f[0]);
    snprintf(F[k].value, sizeof F[k].value, "%s", f[1]);
    snprintf(F[k].unit, sizeof F[k].unit, "%s", f[2]);
    snprintf(F[k].label, sizeof F[k].label, "%s", f[3]);
    char *end;
    F[k].v = strtod(f[1], &end);
    F[k].measured = *f[1] && !*end && isfinite(F[k].v);
    if (!F[k].measured && strcmp(f[1], "n/a")) {
      free(F);
      free_lines(&L);
      return die("%s:%s: value must be a number or n/a", path, where), -1;
    }
  }
  *out = F;
  *n = L.n;
  free_lines(&L);
  return 0;
}

static void fmt_num(char *b, size_t n, double v) {
  if (v == floor(v) && fabs(v) < 1e15) snprintf(b, n, "%.0f", v);
  else snprintf(b, n, "%.6g", v);
}

static int cmd_report(int argc, char **argv) {
  if (argc != 5) return die("report: usage: report FIGURES BASELINE SUMMARY COVERAGE OUT.md%s%s", "", "");
  figure *F;
  int n;
  if (read_figures(argv[0], &F, &n)) return 1;
  trex_err err;
  cJSON *base = NULL, *bf = NULL;
  FILE *probe = fopen(argv[1], "r");
  if (probe) {
    fclose(probe);
    if (!(base = trex_json_load(argv[1], &err))) return die("%s%s", err.msg, "");
    bf = cJSON_GetObjectItemCaseSensitive(base, "figures");
    if (!cJSON_IsObject(bf)) return die("%s: missing key 'figures'%s", argv[1], "");
  }
  cJSON *sum = trex_json_load(argv[2], &err);
  if (!sum) return die("%s%s", err.msg, "");
  trex_wfile w;
  if (trex_wfile_open(&w, argv[4], &err)) return die("%s%s", err.msg, "");
  FILE *fp = w.fp;
  const cJSON *lv = cJSON_GetObjectItemCaseSensitive(sum, "level");
  int tests = cJSON_GetObjectItemCaseSensitive(sum, "tests")->valueint;
  int failed = cJSON_GetObjectItemCaseSensitive(sum, "failed")->valueint;
  int skipped = cJSON_GetObjectItemCaseSensitive(sum, "skipped")->valueint;
  double secs = cJSON_GetObjectItemCaseSensitive(sum, "seconds")->valuedouble;
  fprintf(fp, "# Regression report (%s)\n\n", cJSON_IsString(lv) ? lv->valuestring : "?");
  fprintf(fp, "%d tests, %d passed, %d failed, %d skipped in %.0f s. Baseline: %s.\n\n", tests,
          tests - failed - skipped, failed, skipped, secs, base ? argv[1] : "none (make regress-baseline)");
  fprintf(fp, "| figure | Before | After | Delta | Status |\n|---|---:|---:|---:|---|\n");
  int changed = 0;
  for (int k = 0; k < n; k++) {
    char before[64] = "-", after[64] = "n/a", delta[64] = "-", status[32] = "new";
    const cJSON *b = bf ? cJSON_GetObjectItemCaseSensitive(bf, F[k].key) : NULL;
    const cJSON *bv = b ? cJSON_GetObjectItemCaseSensitive(b, "value") : NULL;
    if (F[k].measured) fmt_num(after, sizeof after, F[k].v);
    if (cJSON_IsNumber(bv)) fmt_num(before, sizeof before, bv->valuedouble);
    else if (cJSON_IsString(bv)) snprintf(before, sizeof before, "%s", bv->valuestring);
    if (cJSON_IsNumber(bv) && F[k].measured) {
      double d = F[k].v - bv->valuedouble;
      double tol = 1e-9 * fmax(fabs(F[k].v), fabs(bv->valuedouble));
      if (fabs(d) <= tol) {
        snprintf(delta, sizeof delta, "0");
        snprintf(status, sizeof status, "same");
      } else {
        char ds[48];
        fmt_num(ds, sizeof ds, d);
        if (bv->valuedouble != 0)
          snprintf(delta, sizeof delta, "%s%s (%+.2f%%)", d > 0 ? "+" : "", ds,
                   100.0 * d / fabs(bv->valuedouble));
        else
          snprintf(delta, sizeof delta, "%s%s", d > 0 ? "+" : "", ds);
        snprintf(status, sizeof status, "**CHANGED**");
        changed++;
      }
    } else if (b && !F[k].measured && !cJSON_IsNumber(bv)) {
      snprintf(status, sizeof status, "not measured");
    } else if (b && !F[k].measured) {
      snprintf(status, sizeof status, "**MISSING**");
      changed++;
    } else if (b && F[k].measured) {
      snprintf(status, sizeof status, "**NEW VALUE**");
      changed++;
    } else if (!F[k].measured) {
      snprintf(status, sizeof status, "not measured");
    }
    fprintf(fp, "| %s%s%s%s | %s | %s | %s | %s |\n", F[k].label, *F[k].unit ? " (" : "", F[k].unit,
            *F[k].unit ? ")" : "", before, after, delta, status);
  }
  fprintf(fp, "\n%d figure%s changed against the baseline%s.\n", changed, changed == 1 ? "" : "s",
          changed ? " (explain, or `make regress-baseline` to accept)" : "");
  const cJSON *res = cJSON_GetObjectItemCaseSensitive(sum, "results"), *t;
  if (failed) {
    fprintf(fp, "\n## Failed tests\n\n");
    cJSON_ArrayForEach(t, res) {
      const cJSON *st = cJSON_GetObjectItemCaseSensitive(t, "status");
      if (strcmp(st->valuestring, "FAIL")) continue;
      const cJSON *nm = cJSON_GetObjectItemCaseSensitive(t, "name");
      const cJSON *md = cJSON_GetObjectItemCaseSensitive(t, "failure_mode");
      const cJSON *rp = cJSON_GetObjectItemCaseSensitive(t, "replay");
      fprintf(fp, "- `%s` %s; replay: `%s`\n", nm->valuestring,
              cJSON_IsString(md) ? md->valuestring : "?", cJSON_IsString(rp) ? rp->valuestring : "-");
    }
  }
  lines_t C;
  if (read_lines(argv[3], &C, 1)) return 1;
  if (C.n) {
    fprintf(fp, "\n## Coverage\n\n");
    for (int k = 0; k < C.n && k < 14; k++) fprintf(fp, "%s\n", C.lines[k]);
    if (C.n > 14) fprintf(fp, "... (%d more lines in %s)\n", C.n - 14, argv[3]);
  }
  free_lines(&C);
  cJSON_Delete(sum);
  cJSON_Delete(base);
  free(F);
  if (trex_wfile_commit(&w, &err)) return die("%s%s", err.msg, "");
  return changed ? 1 : 0;
}

static int cmd_baseline(int argc, char **argv) {
  if (argc != 3) return die("baseline: usage: baseline FIGURES LEVEL OUT.json%s%s", "", "");
  figure *F;
  int n;
  if (read_figures(argv[0], &F, &n)) return 1;
  cJSON *root = cJSON_CreateObject(), *fs = cJSON_CreateObject();
  cJSON_AddStringToObject(root, "level", argv[1]);
  cJSON_AddStringToObject(root, "note", "written by make regress-baseline; compared by make regress");
  for (int k = 0; k < n; k++) {
    cJSON *o = cJSON_CreateObject();
    if (F[k].measured) cJSON_AddNumberToObject(o, "value", F[k].v);
    else cJSON_AddStringToObject(o, "value", "n/a");
    cJSON_AddStringToObject(o, "unit", F[k].unit);
    cJSON_AddStringToObject(o, "label", F[k].label);
    cJSON_AddItemToObject(fs, F[k].key, o);
  }
  cJSON_AddItemToObject(root, "figures", fs);
  trex_err err;
  int rc = trex_json_save(root, argv[2], &err);
  cJSON_Delete(root);
  free(F);
  return rc ? die("%s%s", err.msg, "") : 0;
}

/* Bin files: "config ID" then "bin NAME HITS" lines (tb_cov.h); the
 * controller's have "config ctrl". Merged per (config, bin). */
typedef struct {
  char cfg[96], name[64];
  unsigned long long hits;
} mbin;

static int cmp_bin(const void *a, const void *b) {
  const mbin *x = a, *y = b;
  int c = strcmp(x->cfg, y->cfg);
  return c ? c : strcmp(x->name, y->name);
}

static int cmd_covmerge(int argc, char **argv) {
  if (argc < 1) return die("covmerge: usage: covmerge OUT [FILE...]%s%s", "", "");
  int cap = 256, n = 0;
  mbin *B = malloc(sizeof *B * (size_t)cap);
  for (int a = 1; a < argc; a++) {
    lines_t L;
    if (read_lines(argv[a], &L, 0)) return 1;
    char cfg[96] = "";
    for (int k = 0; k < L.n; k++) {
      char name[64], where[32];
      unsigned long long h;
      snprintf(where, sizeof where, "%d", k + 1);
      if (!strncmp(L.lines[k], "config ", 7)) {
        snprintf(cfg, sizeof cfg, "%s", L.lines[k] + 7);
        continue;
      }
      if (sscanf(L.lines[k], "bin %47s %llu", name, &h) != 2 || !*cfg)
        return die("%s:%s: expected 'bin NAME HITS' after a 'config ID' line", argv[a], where);
      int f = -1;
      for (int j = n - 1; j >= 0; j--)
        if (!strcmp(B[j].name, name) && !strcmp(B[j].cfg, cfg)) { f = j; break; }
      if (f < 0) {
        if (n == cap) B = realloc(B, sizeof *B * (size_t)(cap *= 2));
        f = n++;
        snprintf(B[f].cfg, sizeof B[f].cfg, "%s", cfg);
        snprintf(B[f].name, sizeof B[f].name, "%s", name);
        B[f].hits = 0;
      }
      B[f].hits += h;
    }
    free_lines(&L);
  }
  qsort(B, (size_t)n, sizeof *B, cmp_bin);
  int hit = 0;
  for (int k = 0; k < n; k++) hit += B[k].hits > 0;
  trex_wfile w;
  trex_err err;
  if (trex_wfile_open(&w, argv[0], &err)) return die("%s%s", err.msg, "");
  fprintf(w.fp, "functional bins: %d of %d hit (%.1f%%) over %d files; never hit: %d\n", hit, n,
          n ? 100.0 * hit / n : 0.0, argc - 1, n - hit);
  for (int k = 0; k < n; k++)
    if (!B[k].hits) fprintf(w.fp, "never hit: %s %s\n", B[k].cfg, B[k].name);
  fprintf(w.fp, "# every bin: config bin hits\n");
  for (int k = 0; k < n; k++) fprintf(w.fp, "# %s %s %llu\n", B[k].cfg, B[k].name, B[k].hits);
  if (trex_wfile_commit(&w, &err)) return die("%s%s", err.msg, "");
  printf("functional bins: %d of %d hit, %d never hit\n", hit, n, n - hit);
  free(B);
  return 0;
}

static int cmd_json_get(int argc, char **argv) {
  if (argc != 2) return die("json-get: usage: json-get FILE KEY[.KEY...]%s%s", "", "");
  trex_err err;
  cJSON *root = trex_json_load(argv[0], &err);
  if (!root) return die("%s%s", err.msg, "");
  char path[1024];
  snprintf(path, sizeof path, "%s", argv[1]);
  const cJSON *o = root;
  for (char *k = strtok(path, "."); k; k = strtok(NULL, ".")) {
    o = cJSON_GetObjectItemCaseSensitive(o, k);
    if (!o) {
      cJSON_Delete(root);
      return die("%s: missing key '%s'", argv[0], argv[1]);
    }
  }
  if (cJSON_IsNumber(o)) {
    /* the shortest text that reads back as the same double */
    char num[40];
    snprintf(num, sizeof num, "%.15g", o->valuedouble);
    if (strtod(num, NULL) != o->valuedouble) snprintf(num, sizeof num, "%.17g", o->valuedouble);
    printf("%s\n", num);
  } else if (cJSON_IsNull(o)) printf("null\n");
  else if (cJSON_IsString(o)) printf("%s\n", o->valuestring);
  else if (cJSON_IsBool(o)) printf("%s\n", cJSON_IsTrue(o) ? "true" : "false");
  else {
    char *t = cJSON_PrintUnformatted(o); /* an object or array: compact JSON */
    if (t) printf("%s\n", t);
    free(t);
  }
  cJSON_Delete(root);
  return 0;
}


/* ---- json-write ------------------------------------------------------------- */

/* A JSON number exactly as the grammar has it (RFC 8259). */
static int json_number(const char *s) {
  if (*s == '-') s++;
  if (*s == '0') s++;
  else if (*s >= '1' && *s <= '9') while (isdigit((unsigned char)*s)) s++;
  else return 0;
  if (*s == '.') {
    s++;
    if (!isdigit((unsigned char)*s)) return 0;
    while (isdigit((unsigned char)*s)) s++;
  }
  if (*s == 'e' || *s == 'E') {
    s++;
    if (*s == '+' || *s == '-') s++;
    if (!isdigit((unsigned char)*s)) return 0;
    while (isdigit((unsigned char)*s)) s++;
  }
  return *s == 0;
}

static int is_index(const char *k) {
  if (!*k) return 0;
  for (const char *p = k; *p; p++)
    if (!isdigit((unsigned char)*p)) return 0;
  return 1;
}

/* Child `key` of container o, created (an array when `next` is an index,
 * else an object) when absent; NULL with a message in msg. */
static cJSON *child(cJSON *o, const char *key, const char *next, char *msg, size_t n) {
  cJSON *c;
  if (cJSON_IsArray(o)) {
    if (!is_index(key)) return snprintf(msg, n, "'%s' is not an index of an array", key), NULL;
    long i = atol(key), size = cJSON_GetArraySize(o);
    if (i < size) return cJSON_GetArrayItem(o, (int)i);
    if (i > size) return snprintf(msg, n, "index %ld skips %ld", i, size), NULL;
    c = is_index(next) ? cJSON_CreateArray() : cJSON_CreateObject();
    if (!c || !cJSON_AddItemToArray(o, c)) return snprintf(msg, n, "out of memory"), NULL;
    return c;
  }
  if (is_index(key)) return snprintf(msg, n, "index '%s' into an object", key), NULL;
  c = cJSON_GetObjectItemCaseSensitive(o, key);
  if (c) {
    if (!cJSON_IsObject(c) && !cJSON_IsArray(c))
      return snprintf(msg, n, "'%s' already holds a value", key), NULL;
    return c;
  }
  c = is_index(next) ? cJSON_CreateArray() : cJSON_CreateObject();
  if (!c || !cJSON_AddItemToObject(o, key, c)) return snprintf(msg, n, "out of memory"), NULL;
  return c;
}

static int cmd_json_write(int argc, char **argv) {
  if (argc != 1) return die("json-write: usage: json-write OUT.json < LINES%s%s", "", "");
  trex_err err;
  /* stdin is a pipe: read it to the end (trex_read_all takes regular files) */
  size_t len = 0, cap = 1 << 16;
  char *buf = malloc(cap);
  for (size_t got; buf && (got = fread(buf + len, 1, cap - len - 1, stdin)) > 0;) {
    len += got;
    if (len + 1 == cap) {
      char *nb = realloc(buf, cap *= 2);
      if (!nb) free(buf);
      buf = nb;
    }
  }
  if (!buf) return die("json-write: %s%s", "out of memory reading the lines", "");
  if (ferror(stdin)) {
    free(buf);
    return die("json-write: %s%s", "cannot read standard input", "");
  }
  buf[len] = 0;
  if (memchr(buf, 0, len)) {
    free(buf);
    return die("json-write: %s%s", "a NUL byte in the lines", "");
  }
  cJSON *root = cJSON_CreateObject();
  char msg[1200] = "";
  int lineno = 0;
  for (char *p = buf; p && *p && !msg[0];) {
    char *nl = strchr(p, '\n');
    if (nl) *nl = 0;
    lineno++;
    char *f[64];
    int nf = split(p, f, 64);
    p = nl ? nl + 1 : NULL;
    if (nf == 1 && !f[0][0]) continue;
    if (nf < 3) {
      snprintf(msg, sizeof msg, "line %d: want TYPE<TAB>KEY...<TAB>VALUE", lineno);
      break;
    }
    const char *type = f[0], *val = f[nf - 1];
    cJSON *o = root;
    char why[300] = "";
    for (int k = 1; k < nf - 2 && o; k++) o = child(o, f[k], f[k + 1], why, sizeof why);
    if (!o) {
      snprintf(msg, sizeof msg, "line %d: %s", lineno, why);
      break;
    }
    const char *key = f[nf - 2];
    if (cJSON_IsArray(o) ? !is_index(key) || atol(key) != cJSON_GetArraySize(o)
                         : is_index(key) || cJSON_GetObjectItemCaseSensitive(o, key) != NULL) {
      snprintf(msg, sizeof msg, "line %d: key '%s' given twice or out of order", lineno, key);
      break;
    }
    cJSON *v = NULL;
    if (!strcmp(type, "s")) {
      v = cJSON_CreateString(val);
    } else if (!strcmp(type, "n")) {
      if (!json_number(val)) {
        snprintf(msg, sizeof msg, "line %d: key '%s': '%.80s' is not a JSON number", lineno, key,
                 val);
        break;
      }
      v = cJSON_CreateRaw(val);
    } else if (!strcmp(type, "b")) {
      if (strcmp(val, "true") && strcmp(val, "false")) {
        snprintf(msg, sizeof msg, "line %d: key '%s': '%.80s' is not true or false", lineno,
                 key, val);
        break;
      }
      v = cJSON_CreateBool(!strcmp(val, "true"));
    } else if (!strcmp(type, "z")) {
      v = cJSON_CreateNull();
    } else if (!strcmp(type, "j") || !strcmp(type, "f")) {
      char name[64];
      snprintf(name, sizeof name, "line %d", lineno);
      v = type[0] == 'j' ? trex_json_parse(name, val, &err) : trex_json_load(val, &err);
      if (!v) {
        snprintf(msg, sizeof msg, "line %d: key '%.100s': %s", lineno, key, err.msg);
        break;
      }
    } else {
      snprintf(msg, sizeof msg, "line %d: type '%s' is not s, n, b, z, j or f", lineno, type);
      break;
    }
    if (!v || !(cJSON_IsArray(o) ? cJSON_AddItemToArray(o, v) : cJSON_AddItemToObject(o, key, v))) {
      cJSON_Delete(v);
      snprintf(msg, sizeof msg, "out of memory");
    }
  }
  free(buf);
  int rc = 0;
  if (msg[0]) rc = die("json-write: %s: %s", argv[0], msg);
  else if (trex_json_save(root, argv[0], &err)) rc = die("json-write: %s%s", err.msg, "");
  cJSON_Delete(root);
  return rc;
}

static int cmd_mutsummary(int argc, char **argv) {
  if (argc != 2) return die("mutsummary: usage: mutsummary RESULTS OUT.json%s%s", "", "");
  lines_t L;
  if (read_lines(argv[0], &L, 0)) return 1;
  int killed = 0, surv = 0, eq = 0;
  cJSON *root = cJSON_CreateObject(), *sv = cJSON_CreateArray(), *eqa = cJSON_CreateArray(),
        *sets = cJSON_CreateObject();
  for (int k = 0; k < L.n; k++) {
    char *f[6], where[32];
    snprintf(where, sizeof where, "%d", k + 1);
    if (split(L.lines[k], f, 6) != 6)
      return die("%s:%s: expected set, index, status, how, source, mutation", argv[0], where);
    cJSON *s = cJSON_GetObjectItemCaseSensitive(sets, f[0]);
    if (!s) {
      s = cJSON_CreateObject();
      cJSON_AddNumberToObject(s, "mutants", 0);
      cJSON_AddNumberToObject(s, "killed", 0);
      cJSON_AddNumberToObject(s, "survived", 0);
      cJSON_AddNumberToObject(s, "equivalent", 0);
      cJSON_AddItemToObject(sets, f[0], s);
    }
    const char *key;
    if (!strcmp(f[2], "killed")) { killed++; key = "killed"; }
    else if (!strcmp(f[2], "survived")) { surv++; key = "survived"; }
    else if (!strcmp(f[2], "equivalent")) { eq++; key = "equivalent"; }
    else return die("%s:%s: status must be killed, survived or equivalent", argv[0], where);
    cJSON *c = cJSON_GetObjectItemCaseSensitive(s, key);
    cJSON_SetNumberValue(c, c->valuedouble + 1);
    c = cJSON_GetObjectItemCaseSensitive(s, "mutants");
    cJSON_SetNumberValue(c, c->valuedouble + 1);
    if (strcmp(f[2], "killed")) {
      cJSON *m = cJSON_CreateObject();
      cJSON_AddStringToObject(m, "set", f[0]);
      cJSON_AddNumberToObject(m, "index", atoi(f[1]));
      cJSON_AddStringToObject(m, "source", f[4]);
      cJSON_AddStringToObject(m, "mutation", f[5]);
      cJSON_AddStringToObject(m, strcmp(f[2], "equivalent") ? "checks" : "proof", f[3]);
      cJSON_AddItemToArray(strcmp(f[2], "equivalent") ? sv : eqa, m);
    }
  }
  int n = L.n;
  cJSON_AddNumberToObject(root, "mutants", n);
  cJSON_AddNumberToObject(root, "killed", killed);
  cJSON_AddNumberToObject(root, "survived", surv);
  cJSON_AddNumberToObject(root, "equivalent", eq);
  /* killed over the mutants that are not proven equivalent */
  cJSON_AddNumberToObject(root, "kill_rate", n - eq > 0 ? round(1e4 * killed / (n - eq)) / 1e4 : 0);
  cJSON_AddStringToObject(root, "kill_rate_note", "killed / (mutants - equivalent)");
  cJSON_AddItemToObject(root, "sets", sets);
  cJSON_AddItemToObject(root, "survivors", sv);
  cJSON_AddItemToObject(root, "equivalents", eqa);
  trex_err err;
  int rc = trex_json_save(root, argv[1], &err);
  cJSON_Delete(root);
  free_lines(&L);
  if (rc) return die("%s%s", err.msg, "");
  printf("mutate: %d mutants, %d killed, %d survived, %d equivalent, kill rate %.1f%%\n", n, killed,
         surv, eq, n - eq > 0 ? 100.0 * killed / (n - eq) : 0.0);
  return 0;
}

static const char *usage =
    "usage: regress-tool summary RESULTS OUTDIR SECONDS LEVEL\n"
    "       regress-tool report FIGURES BASELINE SUMMARY COVERAGE OUT.md\n"
    "       regress-tool baseline FIGURES LEVEL OUT.json\n"
    "       regress-tool covmerge OUT [BINFILE...]\n"
    "       regress-tool json-get FILE KEY[.KEY...]\n"
    "       regress-tool json-write OUT.json < TYPE<TAB>KEY...<TAB>VALUE lines\n"
    "         TYPE: s string, n number (kept as written), b true|false, z null,\n"
    "         j JSON text, f a JSON file; a decimal KEY indexes an array\n"
    "       regress-tool mutsummary RESULTS OUT.json\n"
    "The harness's writers: make regress, make mutate, the synthesis metrics,\n"
    "the benchmark and fuzz summaries (docs/regression.md).\n";

int main(int argc, char **argv) {
  if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
    fputs(usage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const char *c = argv[1];
  argc -= 2;
  argv += 2;
  if (!strcmp(c, "summary")) return cmd_summary(argc, argv);
  if (!strcmp(c, "report")) return cmd_report(argc, argv);
  if (!strcmp(c, "baseline")) return cmd_baseline(argc, argv);
  if (!strcmp(c, "covmerge")) return cmd_covmerge(argc, argv);
  if (!strcmp(c, "json-get")) return cmd_json_get(argc, argv);
  if (!strcmp(c, "json-write")) return cmd_json_write(argc, argv);
  if (!strcmp(c, "mutsummary")) return cmd_mutsummary(argc, argv);
  fprintf(stderr, "regress-tool: unknown subcommand '%s' (see --help)\n", c);
  return 2;
}
