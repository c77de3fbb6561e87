#include "trex_err.h"

#include <stdarg.h>
#include <stdio.h>

int trex_errf(trex_err *err, const char *fmt, ...) {
  if (err) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    /* One line, whatever the message quotes (a JSON string may hold "\n"):
     * control characters other than tab become '?'. */
    for (char *p = err->msg; *p; p++)
      if (((unsigned char)*p < 0x20 && *p != '\t') || *p == 0x7f) *p = '?';
  }
  return -1;
}
