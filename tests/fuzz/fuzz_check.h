/* fuzz_check: properties every reader promises (trex_err.h): a failure
 * returns non-zero with one non-empty line in err; success leaves err alone. */
#ifndef FUZZ_CHECK_H
#define FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trex_err.h"

#define FUZZ_REQUIRE(cond, what)                                        \
  do {                                                                  \
    if (!(cond)) {                                                      \
      fprintf(stderr, "fuzz: property violated: %s (%s:%d)\n", what,    \
              __FILE__, __LINE__);                                      \
      abort();                                                          \
    }                                                                   \
  } while (0)

/* After a failed call: the message is one non-empty line. */
static inline void fuzz_one_line(const trex_err *e) {
  FUZZ_REQUIRE(e->msg[0] != '\0', "error message is empty");
  FUZZ_REQUIRE(strchr(e->msg, '\n') == NULL, "error message spans lines");
}

/* The verdict of the reader under test: 0 when it accepted the input (rc is
 * 0); otherwise the message is one non-empty line that begins with `names`
 * (unless NULL: the path or directory the reader was given), and 1: the
 * harness has nothing more to check. */
static inline int fuzz_refused(int rc, const trex_err *e, const char *names) {
  if (!rc) return 0;
  fuzz_one_line(e);
  if (names) FUZZ_REQUIRE(!strncmp(e->msg, names, strlen(names)), "message names the input");
  return 1;
}

/* In a harness's LLVMFuzzerTestOneInput(data, size): puts the input into
 * file slot 0 named NAME, reads it with LOAD(path, OBJ, ERR) and returns 0
 * from the harness when the reader refused it (fuzz_refused, no name
 * checked). */
#define FUZZ_READ_OR_RETURN(name, load, obj, err) \
  if (fuzz_refused(load(fuzz_put(0, name, data, size), obj, err), err, NULL)) return 0

/* When the message is "PATH:LINE: ...", LINE names a line of the file
 * (1 .. number of newlines + 1). */
static inline void fuzz_line_in_file(const trex_err *e, const char *path,
                                     const unsigned char *data, size_t n) {
  size_t pl = strlen(path);
  if (strncmp(e->msg, path, pl) || e->msg[pl] != ':') return;
  const char *p = e->msg + pl + 1;
  if (*p < '0' || *p > '9') return;
  long line = strtol(p, NULL, 10);
  long lines = 1;
  for (size_t k = 0; k < n; k++) lines += data[k] == '\n';
  FUZZ_REQUIRE(line >= 1 && line <= lines, "error names a line the file does not have");
}

#endif
