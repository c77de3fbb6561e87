#define _POSIX_C_SOURCE 200809L
#include "npy.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "trex_file.h"
#include "trex_mem.h"
#include "trex_name.h"

const char *npy_dtype_name(npy_dtype t) {
  static const char *const names[] = {[NPY_I8] = "int8", [NPY_I32] = "int32", [NPY_I64] = "int64"};
  return trex_name_of(names, sizeof names / sizeof names[0], (int)t);
}

static const char *descr_of(npy_dtype t) {
  return t == NPY_I8 ? "|i1" : t == NPY_I32 ? "<i4" : "<i8";
}

void npy_shape_str(int ndim, const int64_t *shape, char *buf, size_t n) {
  if (!n) return;
  size_t o = 0;
  buf[0] = '\0';
#define APPEND(...)                                                     \
  do {                                                                  \
    if (o < n) {                                                        \
      int w_ = snprintf(buf + o, n - o, __VA_ARGS__);                   \
      o = w_ < 0 ? n : o + (size_t)w_;                                  \
    }                                                                   \
  } while (0)
  APPEND("(");
  for (int k = 0; k < ndim; k++) {
    if (shape[k] < 0) APPEND("%s*", k ? ", " : ""); /* any size (npy_load_as) */
    else APPEND("%s%lld", k ? ", " : "", (long long)shape[k]);
  }
  APPEND("%s", ndim == 1 ? ",)" : ")");
#undef APPEND
}

/* ---- header dict parser ------------------------------------------------ */

typedef struct {
  const char *p, *end;
} cursor;

static void skip_ws(cursor *c) {
  while (c->p < c->end && (*c->p == ' ' || *c->p == '\t')) c->p++;
}

static int accept(cursor *c, char ch) {
  skip_ws(c);
  if (c->p < c->end && *c->p == ch) {
    c->p++;
    return 1;
  }
  return 0;
}

/* A quoted string ('...' or "...") of at most n-1 printable characters. */
static int parse_str(cursor *c, char *out, size_t n) {
  skip_ws(c);
  if (c->p >= c->end || (*c->p != '\'' && *c->p != '"')) return -1;
  char q = *c->p++;
  size_t k = 0;
  while (c->p < c->end && *c->p != q) {
    if (*c->p == '\\' || (unsigned char)*c->p < 0x20 || k + 1 >= n) return -1;
    out[k++] = *c->p++;
  }
  if (c->p >= c->end) return -1;
  c->p++;
  out[k] = '\0';
  return 0;
}

static int parse_word(cursor *c, const char *w) {
  skip_ws(c);
  size_t l = strlen(w);
  if ((size_t)(c->end - c->p) < l || memcmp(c->p, w, l)) return -1;
  c->p += l;
  return 0;
}

/* A tuple of non-negative decimal integers: (), (3,), (3, 4), (3, 4,). */
static int parse_shape(cursor *c, npy_array *a) {
  if (!accept(c, '(')) return -1;
  a->ndim = 0;
  for (;;) {
    skip_ws(c);
    if (accept(c, ')')) break;
    if (c->p >= c->end || *c->p < '0' || *c->p > '9') return -1;
    int64_t v = 0;
    while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
      if (v > ((int64_t)1 << 40)) return -2; /* far beyond any file we read */
      v = v * 10 + (*c->p++ - '0');
    }
    if (a->ndim >= NPY_MAX_DIMS) return -3;
    a->shape[a->ndim++] = v;
    if (accept(c, ',')) continue;
    if (accept(c, ')')) {
      if (a->ndim == 1) return -1; /* (3) is not a tuple */
      break;
    }
    return -1;
  }
  return 0;
}

static uint64_t get_le(const unsigned char *b, int n) {
  uint64_t v = 0;
  for (int k = n - 1; k >= 0; k--) v = (v << 8) | b[k];
  return v;
}

int npy_parse(const char *name, const unsigned char *buf, size_t len, npy_array *a,
              trex_err *err) {
  memset(a, 0, sizeof *a);
  static const unsigned char magic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
  if (len < 10 || memcmp(buf, magic, 6))
    return trex_errf(err, "%s: not a .npy file (no \\x93NUMPY magic)", name);
  int major = buf[6], minor = buf[7];
  if ((major != 1 && major != 2) || minor != 0)
    return trex_errf(err, "%s: .npy version %d.%d is not supported (1.0 or 2.0)", name,
                     major, minor);
  size_t pre = major == 1 ? 10 : 12;
  if (len < pre) return trex_errf(err, "%s: .npy header truncated", name);
  size_t hlen = (size_t)get_le(buf + 8, major == 1 ? 2 : 4);
  if (hlen > len - pre) return trex_errf(err, "%s: .npy header truncated", name);
  const char *h = (const char *)buf + pre;
  if (hlen == 0 || h[hlen - 1] != '\n')
    return trex_errf(err, "%s: .npy header does not end in a newline", name);
  for (size_t k = 0; k < hlen; k++)
    if ((unsigned char)h[k] > 0x7e || ((unsigned char)h[k] < 0x20 && h[k] != '\n'))
      return trex_errf(err, "%s: .npy header holds a non-ASCII or control byte", name);
  cursor c = {h, h + hlen - 1};
  int have_descr = 0, have_fo = 0, have_shape = 0, fortran = 0;
  char descr[16] = "";
  if (!accept(&c, '{')) return trex_errf(err, "%s: .npy header is not a dict", name);
  for (;;) {
    if (accept(&c, '}')) break;
    char key[32];
    if (parse_str(&c, key, sizeof key) || !accept(&c, ':'))
      return trex_errf(err, "%s: .npy header: malformed dict", name);
    if (!strcmp(key, "descr")) {
      if (have_descr++) return trex_errf(err, "%s: .npy header: key 'descr' twice", name);
      if (parse_str(&c, descr, sizeof descr))
        return trex_errf(err, "%s: .npy header: key 'descr': not a short string", name);
    } else if (!strcmp(key, "fortran_order")) {
      if (have_fo++) return trex_errf(err, "%s: .npy header: key 'fortran_order' twice", name);
      if (!parse_word(&c, "False")) fortran = 0;
      else if (!parse_word(&c, "True")) fortran = 1;
      else return trex_errf(err, "%s: .npy header: key 'fortran_order': not True/False", name);
    } else if (!strcmp(key, "shape")) {
      if (have_shape++) return trex_errf(err, "%s: .npy header: key 'shape' twice", name);
      int rc = parse_shape(&c, a);
      if (rc == -2) return trex_errf(err, "%s: .npy header: key 'shape': a size is too large", name);
      if (rc == -3)
        return trex_errf(err, "%s: .npy header: key 'shape': more than %d dimensions", name,
                         NPY_MAX_DIMS);
      if (rc) return trex_errf(err, "%s: .npy header: key 'shape': not a tuple of integers", name);
    } else {
      return trex_errf(err, "%s: .npy header: unknown key '%s'", name, key);
    }
    if (accept(&c, ',')) continue;
    if (accept(&c, '}')) break;
    return trex_errf(err, "%s: .npy header: malformed dict", name);
  }
  skip_ws(&c);
  if (c.p != c.end) return trex_errf(err, "%s: .npy header: text after the dict", name);
  if (!have_descr || !have_fo || !have_shape)
    return trex_errf(err, "%s: .npy header: missing key '%s'", name,
                     !have_descr ? "descr" : !have_fo ? "fortran_order" : "shape");
  if (!strcmp(descr, "|i1") || !strcmp(descr, "<i1")) a->dtype = NPY_I8;
  else if (!strcmp(descr, "<i4")) a->dtype = NPY_I32;
  else if (!strcmp(descr, "<i8")) a->dtype = NPY_I64;
  else
    return trex_errf(err,
                     "%s: dtype '%s' is not supported (int8 '|i1', int32 '<i4', int64 '<i8')",
                     name, descr);
  if (fortran) return trex_errf(err, "%s: fortran_order True is not supported (C order only)", name);
  size_t data_len = len - pre - hlen;
  uint64_t count = 1;
  int zero = 0, big = 0;
  for (int k = 0; k < a->ndim; k++) {
    if (a->shape[k] == 0) zero = 1;
    else if (!big && __builtin_mul_overflow(count, (uint64_t)a->shape[k], &count)) big = 1;
  }
  if (zero) count = 0;
  else if (big) count = UINT64_MAX;
  if (count > data_len / (size_t)a->dtype || count * (size_t)a->dtype != data_len) {
    char sh[160];
    npy_shape_str(a->ndim, a->shape, sh, sizeof sh);
    return trex_errf(err, "%s: %zu data bytes, but shape %s of %s needs %s", name, data_len,
                     sh, npy_dtype_name(a->dtype),
                     count > data_len / (size_t)a->dtype ? "more" : "fewer");
  }
  a->count = (size_t)count;
  if (!a->count) return 0;
  a->data = malloc(a->count * (size_t)a->dtype);
  if (!a->data) return trex_errf(err, "%s: out of memory", name);
  const unsigned char *d = buf + pre + hlen;
  if (a->dtype == NPY_I8) {
    memcpy(a->data, d, a->count);
  } else if (a->dtype == NPY_I32) {
    int32_t *o = a->data;
    for (size_t k = 0; k < a->count; k++) o[k] = (int32_t)(uint32_t)get_le(d + 4 * k, 4);
  } else {
    int64_t *o = a->data;
    for (size_t k = 0; k < a->count; k++) o[k] = (int64_t)get_le(d + 8 * k, 8);
  }
  return 0;
}

/* The one place this module reads a file: a regular file of at most
 * NPY_MAX_FILE bytes (trex_open_read checks both before a byte is read). */
static unsigned char *read_binary(const char *path, size_t *len, trex_err *err) {
  int fd = trex_open_read(path, NPY_MAX_FILE, err);
  if (fd < 0) return NULL;
  struct stat st;
  if (fstat(fd, &st)) {
    close(fd);
    trex_errf(err, "%s: cannot read: %s", path, strerror(errno));
    return NULL;
  }
  size_t n = (size_t)st.st_size, got = 0;
  unsigned char *buf = malloc(n + 1);
  if (!buf) {
    close(fd);
    trex_errf(err, "%s: out of memory", path);
    return NULL;
  }
  /* one byte more than the size: a file that grew while read is an error */
  while (got <= n) {
    ssize_t r = read(fd, buf + got, n + 1 - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) {
      if (r < 0) got = n + 2;
      break;
    }
    got += (size_t)r;
  }
  close(fd);
  if (got != n) {
    free(buf);
    trex_errf(err, "%s: read error (file changed while reading?)", path);
    return NULL;
  }
  *len = n;
  return buf;
}

int npy_load(const char *path, npy_array *a, trex_err *err) {
  memset(a, 0, sizeof *a);
  size_t len;
  unsigned char *buf = read_binary(path, &len, err);
  if (!buf) return -1;
  int rc = npy_parse(path, buf, len, a, err);
  free(buf);
  return rc;
}

int npy_load_as(const char *path, npy_dtype t, int ndim, const int64_t *shape,
                npy_array *a, trex_err *err) {
  if (npy_load(path, a, err)) return -1;
  if (a->dtype != t) {
    trex_errf(err, "%s: dtype %s, expected %s", path, npy_dtype_name(a->dtype),
              npy_dtype_name(t));
    npy_free(a);
    return -1;
  }
  int ok = a->ndim == ndim;
  for (int k = 0; ok && k < ndim; k++) ok = shape[k] < 0 || a->shape[k] == shape[k];
  if (!ok) {
    char got[160], want[160];
    npy_shape_str(a->ndim, a->shape, got, sizeof got);
    npy_shape_str(ndim, shape, want, sizeof want); /* a free axis shows as * */
    trex_errf(err, "%s: shape %s, expected %s", path, got, want);
    npy_free(a);
    return -1;
  }
  return 0;
}

void npy_free(npy_array *a) {
  TREX_FREE_NULL(a->data);
  a->count = 0;
}

int npy_write(FILE *fp, npy_dtype t, int ndim, const int64_t *shape, const void *data) {
  char sh[256], hdr[512], d0[32];
  npy_shape_str(ndim, shape, sh, sizeof sh);
  int hl = snprintf(hdr, sizeof hdr, "{'descr': '%s', 'fortran_order': False, 'shape': %s, }",
                    descr_of(t), sh);
  /* as numpy.save (1.24): room for the first axis to grow to 21 digits,
   * then spaces so that 10 + header + '\n' is a multiple of 64 (1..64 of them) */
  int grow = ndim > 0 ? 21 - snprintf(d0, sizeof d0, "%lld", (long long)shape[0]) : 0;
  int pad = grow + 64 - (10 + hl + grow + 1) % 64;
  unsigned char pre[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 0, 0};
  int h = hl + pad + 1;
  pre[8] = (unsigned char)(h & 0xff);
  pre[9] = (unsigned char)(h >> 8);
  if (fwrite(pre, 1, 10, fp) != 10 || fwrite(hdr, 1, (size_t)hl, fp) != (size_t)hl)
    return -1;
  for (int k = 0; k < pad; k++)
    if (fputc(' ', fp) == EOF) return -1;
  if (fputc('\n', fp) == EOF) return -1;
  size_t count = 1;
  for (int k = 0; k < ndim; k++) count *= (size_t)shape[k];
  if (t == NPY_I8) return fwrite(data, 1, count, fp) == count ? 0 : -1;
  unsigned char b[8];
  for (size_t k = 0; k < count; k++) {
    uint64_t v = t == NPY_I32 ? (uint64_t)(uint32_t)((const int32_t *)data)[k]
                              : (uint64_t)((const int64_t *)data)[k];
    for (int j = 0; j < (int)t; j++) b[j] = (unsigned char)(v >> (8 * j));
    if (fwrite(b, 1, (size_t)t, fp) != (size_t)t) return -1;
  }
  return 0;
}

int npy_save(const char *path, npy_dtype t, int ndim, const int64_t *shape,
             const void *data, trex_err *err) {
  trex_wfile w;
  if (trex_wfile_open(&w, path, err)) return -1;
  if (npy_write(w.fp, t, ndim, shape, data)) {
    trex_wfile_abort(&w);
    return trex_errf(err, "%s: write failed", path);
  }
  return trex_wfile_commit(&w, err);
}
