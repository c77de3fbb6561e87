#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "ctrl_reuse.h"

/* Reads a decimal number at *p (after optional spaces); -1 when none or too
 * large (> 1e9), else the value, *p moved past it and trailing spaces. */
static long number(const char **p) {
  const char *s = *p;
  while (*s == ' ') s++;
  if (!isdigit((unsigned char)*s)) return -1;
  long v = 0;
  while (isdigit((unsigned char)*s)) {
    v = v * 10 + (*s - '0');
    if (v > 1000000000L) return -1;
    s++;
  }
  while (*s == ' ') s++;
  *p = s;
  return v;
}

int ctrl_reuse_parse(const char *s, ctrl_reuse *r, trex_err *err) {
  memset(r, 0, sizeof *r);
  const char *p = s;
  while (*p == ' ') p++;
  if (!*p || !strcmp(p, "none")) return 0;
  for (;;) {
    long enc = number(&p);
    if (enc < 0)
      return trex_errf(err, "reuse list '%s': expected an encoder index at column %d", s,
                       (int)(p - s) + 1);
    long src = CTRL_SRC_AUTO;
    if (*p == ':') {
      p++;
      src = number(&p);
      if (src < 0)
        return trex_errf(err, "reuse list '%s': expected a source index at column %d", s,
                         (int)(p - s) + 1);
    }
    if (ctrl_reuse_add(r, (int)enc, (int)src))
      return trex_errf(err, "reuse list '%s': more than %d entries", s, CTRL_REUSE_MAX);
    if (!*p) return 0;
    if (*p != ',')
      return trex_errf(err, "reuse list '%s': unexpected '%c' at column %d", s, *p,
                       (int)(p - s) + 1);
    p++;
  }
}

int ctrl_reuse_add(ctrl_reuse *r, int e, int src) {
  if (r->n >= CTRL_REUSE_MAX) return -1;
  r->item[r->n].encoder = e;
  r->item[r->n].source = src;
  r->n++;
  return 0;
}

void ctrl_reuse_format(const ctrl_reuse *r, char *buf, size_t n) {
  size_t at = 0;
  if (n) buf[0] = 0;
  for (int k = 0; r && k < r->n && at < n; k++) {
    int w;
    if (r->item[k].source == CTRL_SRC_AUTO)
      w = snprintf(buf + at, n - at, "%s%d", k ? "," : "", r->item[k].encoder);
    else
      w = snprintf(buf + at, n - at, "%s%d:%d", k ? "," : "", r->item[k].encoder,
                   r->item[k].source);
    if (w < 0) break;
    at += (size_t)w;
  }
}
