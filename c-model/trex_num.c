#include "trex_num.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Digits only, accumulated with an overflow check; *neg tells the sign. */
static int digits_u64(const char *s, uint64_t *out) {
  if (!*s) return -1;
  uint64_t v = 0;
  for (; *s; s++) {
    if (*s < '0' || *s > '9') return -1;
    unsigned d = (unsigned)(*s - '0');
    if (v > (UINT64_MAX - d) / 10) return -1;
    v = v * 10 + d;
  }
  *out = v;
  return 0;
}

int trex_parse_u64(const char *s, uint64_t lo, uint64_t hi, uint64_t *out) {
  uint64_t v;
  if (!s || digits_u64(s, &v) || v < lo || v > hi) return -1;
  *out = v;
  return 0;
}

int trex_parse_i64(const char *s, int64_t lo, int64_t hi, int64_t *out) {
  if (!s) return -1;
  int neg = *s == '-';
  uint64_t m;
  if (digits_u64(s + neg, &m)) return -1;
  int64_t v;
  if (neg) {
    if (m > (uint64_t)INT64_MAX + 1) return -1;
    v = m == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)m;
  } else {
    if (m > (uint64_t)INT64_MAX) return -1;
    v = (int64_t)m;
  }
  if (v < lo || v > hi) return -1;
  *out = v;
  return 0;
}

/* strtod without what a user does not mean: leading blanks, inf/nan words,
 * hex floats. Returns the end of the number or NULL. */
static const char *real_prefix(const char *s, double *out) {
  if (!s || !*s || isspace((unsigned char)*s)) return NULL;
  const char *p = s;
  if (*p == '-' || *p == '+') p++;
  if (!(isdigit((unsigned char)*p) || (*p == '.' && isdigit((unsigned char)p[1]))))
    return NULL; /* "inf", "nan", ".", "" */
  if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) return NULL;
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (end == s || !isfinite(v)) return NULL; /* 1e999 overflows to inf */
  *out = v;
  return end;
}

int trex_parse_real(const char *s, double lo, double hi, double *out) {
  double v;
  const char *end = real_prefix(s, &v);
  if (!end || *end || v < lo || v > hi) return -1;
  *out = v;
  return 0;
}

int trex_parse_real_unit(const char *s, double *out, const char **unit) {
  double v;
  const char *end = real_prefix(s, &v);
  if (!end) return -1;
  *out = v;
  *unit = end;
  return 0;
}

/* 2^63 exactly: every double strictly below it and at or above -2^63
 * converts to int64 without overflow. */
#define TWO63 9223372036854775808.0

static int to_i64(double f, int64_t lo, int64_t hi, int64_t *out) {
  if (!isfinite(f) || f < -TWO63 || f >= TWO63) return -1;
  int64_t v = (int64_t)f;
  if (v < lo || v > hi) return -1;
  *out = v;
  return 0;
}

int trex_d2i64_floor(double v, int64_t lo, int64_t hi, int64_t *out) {
  return to_i64(floor(v), lo, hi, out);
}

int trex_d2i64_ceil(double v, int64_t lo, int64_t hi, int64_t *out) {
  return to_i64(ceil(v), lo, hi, out);
}

int trex_d2i64_exact(double v, int64_t lo, int64_t hi, int64_t *out) {
  if (!isfinite(v) || v != floor(v)) return -1;
  return to_i64(v, lo, hi, out);
}
