#define _POSIX_C_SOURCE 200809L
#include "xbar_vecset.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "trex_file.h"
#include "xbar_model.h"

static int hexval(int ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

int xbar_hex_read(const char *path, int bits, long n_expected, uint32_t **vals,
                  long *n, trex_err *err) {
  char *text = trex_read_all(path, NULL, err);
  if (!text) return -1;
  long cap = n_expected > 0 ? n_expected : 1024, cnt = 0;
  uint32_t *v = malloc((size_t)cap * sizeof *v);
  if (!v) {
    free(text);
    return trex_errf(err, "%s: out of memory", path);
  }
  int line = 0;
  char *p = text;
  int rc = 0;
  while (*p) {
    line++;
    char *eol = strchr(p, '\n');
    char *next = eol ? eol + 1 : p + strlen(p);
    if (eol) *eol = '\0';
    char *cm = strstr(p, "//");
    if (cm) *cm = '\0';
    char *s = p;
    while (isspace((unsigned char)*s)) s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1])) e--;
    if (e > s) {
      if (*s == '@') {
        rc = trex_errf(err, "%s:%d: address records (@) are not allowed", path,
                       line);
        break;
      }
      uint64_t val = 0;
      int digits = 0;
      for (char *q = s; q < e; q++) {
        int h = hexval((unsigned char)*q);
        if (h < 0) {
          rc = trex_errf(err, "%s:%d: '%.*s' is not a hex value", path, line,
                         (int)(e - s) > 40 ? 40 : (int)(e - s), s);
          break;
        }
        if (++digits > 16) {
          rc = trex_errf(err, "%s:%d: value too long", path, line);
          break;
        }
        val = (val << 4) | (uint64_t)h;
      }
      if (rc) break;
      if (bits < 64 && val >> bits) {
        rc = trex_errf(err, "%s:%d: %.*s does not fit in %d bits", path, line,
                       (int)(e - s), s, bits);
        break;
      }
      if (n_expected >= 0 && cnt >= n_expected) {
        rc = trex_errf(err, "%s:%d: more values than the %ld expected", path,
                       line, n_expected);
        break;
      }
      if (cnt == cap) {
        cap *= 2;
        uint32_t *nv = realloc(v, (size_t)cap * sizeof *v);
        if (!nv) {
          rc = trex_errf(err, "%s: out of memory", path);
          break;
        }
        v = nv;
      }
      v[cnt++] = (uint32_t)val;
    }
    p = next;
  }
  free(text);
  if (!rc && n_expected >= 0 && cnt != n_expected)
    rc = trex_errf(err, "%s:%d: %ld values, expected %ld (file truncated?)", path,
                   line > 0 ? line : 1, cnt, n_expected); /* an empty file: line 1 */
  if (rc) {
    free(v);
    return -1;
  }
  *vals = v;
  if (n) *n = cnt;
  return 0;
}

void xbar_vecset_free(xbar_vecset *vs) {
  free(vs->w);
  free(vs->x);
  free(vs->y);
  vs->w = vs->x = vs->y = NULL;
}

static void join(char *buf, size_t n, const char *dir, const char *file) {
  snprintf(buf, n, "%s/%s", dir, file);
}

int xbar_vecset_load(const char *dir, bool want_expected, xbar_vecset *vs,
                     trex_err *err) {
  char path[4096];
  memset(vs, 0, sizeof *vs);
  join(path, sizeof path, dir, "config.json");
  if (xbar_cfg_load(path, &vs->cfg, err)) return -1;
  const xbar_cfg *c = &vs->cfg;
  uint32_t *raw = NULL;
  long n = 0;
  size_t nw = (size_t)c->rows * (size_t)c->outs;

  join(path, sizeof path, dir, "weights.hex");
  if (xbar_hex_read(path, c->w_bits, (long)nw, &raw, &n, err)) goto fail;
  vs->w = malloc(nw * sizeof *vs->w);
  if (!vs->w) goto oom;
  for (size_t k = 0; k < nw; k++) {
    uint32_t pat = raw[k];
    int32_t w = (int32_t)pat;
    if ((pat >> (c->w_bits - 1)) & 1u) w -= 1 << c->w_bits;
    vs->w[k] = w;
  }
  free(raw);
  raw = NULL;

  join(path, sizeof path, dir, "inputs.hex");
  if (xbar_hex_read(path, c->x_bits, -1, &raw, &n, err)) goto fail;
  if (n == 0) {
    trex_errf(err, "%s:1: no input vectors", path);
    goto fail;
  }
  if (n % c->rows) {
    trex_errf(err, "%s: %ld values is not a whole number of %d-row vectors "
                   "(file truncated?)", path, n, c->rows);
    goto fail;
  }
  if (n / c->rows > 100000000L) {
    trex_errf(err, "%s: too many vectors", path);
    goto fail;
  }
  vs->count = (int)(n / c->rows);
  vs->x = malloc((size_t)n * sizeof *vs->x);
  if (!vs->x) goto oom;
  for (long k = 0; k < n; k++) vs->x[k] = xbar_x_value(c, raw[k]);
  free(raw);
  raw = NULL;

  if (want_expected) {
    long ny = (long)vs->count * c->outs;
    join(path, sizeof path, dir, "expected.hex");
    if (xbar_hex_read(path, 32, ny, &raw, &n, err)) goto fail;
    vs->y = malloc((size_t)ny * sizeof *vs->y);
    if (!vs->y) goto oom;
    for (long k = 0; k < ny; k++) vs->y[k] = (int32_t)raw[k];
    free(raw);
  }
  return 0;
oom:
  trex_errf(err, "%s: out of memory", dir);
fail:
  free(raw);
  xbar_vecset_free(vs);
  return -1;
}

void xbar_hex_write_results(FILE *fp, const int32_t *y, long n) {
  for (long k = 0; k < n; k++) fprintf(fp, "%08x\n", (uint32_t)y[k]);
}

static int write_patterns(const char *path, const int32_t *v, long n, int bits,
                          trex_err *err) {
  trex_wfile w;
  if (trex_wfile_open(&w, path, err)) return -1;
  int digits = (bits + 3) / 4;
  uint32_t mask = bits >= 32 ? 0xffffffffu : (1u << bits) - 1u;
  for (long k = 0; k < n; k++)
    fprintf(w.fp, "%0*x\n", digits, (uint32_t)v[k] & mask);
  return trex_wfile_commit(&w, err);
}

/* The files of a set, and the marker that says vecgen wrote it. */
static const char *const set_files[] = {"config.json", "weights.hex", "inputs.hex",
                                        "expected.hex", "meta.json", NULL};

int xbar_vecset_save(const char *dir, const xbar_vecset *vs, const char *meta_json,
                     int flags, trex_err *err) {
  char path[4200];
  const xbar_cfg *c = &vs->cfg;
  trex_outdir o;
  if (trex_outdir_open(&o, dir, set_files, "meta.json", XBAR_VECSET_MARKER, "trex vecgen",
                       flags, err))
    return -1;
  if (xbar_cfg_save(c, trex_outdir_path(&o, "config.json", path, sizeof path), err) ||
      write_patterns(trex_outdir_path(&o, "weights.hex", path, sizeof path), vs->w,
                     (long)c->rows * c->outs, c->w_bits, err) ||
      write_patterns(trex_outdir_path(&o, "inputs.hex", path, sizeof path), vs->x,
                     (long)vs->count * c->rows, c->x_bits, err) ||
      (vs->y && write_patterns(trex_outdir_path(&o, "expected.hex", path, sizeof path), vs->y,
                               (long)vs->count * c->outs, 32, err)))
    goto fail;
  if (meta_json) {
    trex_wfile w;
    if (trex_wfile_open(&w, trex_outdir_path(&o, "meta.json", path, sizeof path), err)) goto fail;
    fputs(meta_json, w.fp);
    if (trex_wfile_commit(&w, err)) goto fail;
  }
  return trex_outdir_commit(&o, err);
fail:
  return trex_outdir_fail(&o, err);
}
