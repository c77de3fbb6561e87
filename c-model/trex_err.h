/* trex_err: one-line error messages carried back to the command line.
 *
 * Every fallible library call takes a `trex_err *` and, on failure, fills it
 * with one line that names the file and line (or JSON key) at fault, then
 * returns a non-zero value. The CLI prints the line and exits non-zero. */
#ifndef TREX_ERR_H
#define TREX_ERR_H

#include <stddef.h>

typedef struct {
  char msg[768];
} trex_err;

/* Formats the message into err (if err is not NULL) and returns -1. */
int trex_errf(trex_err *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
