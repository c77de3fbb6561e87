/* trex_name: user strings (model names, labels) on their way into file
 * names, plots and reports (issue 15, class 1). The project refuses control
 * characters in names at load time (trex_json_str, vit_model_load); these
 * make what is left safe for the one place each string goes. There is no
 * shell anywhere (trex_spawn.h), so none of these is shell quoting. */
#ifndef TREX_NAME_H
#define TREX_NAME_H

#include <stddef.h>
#include <stdio.h>

/* Copies s into dst (size n) keeping only [A-Za-z0-9._+-] (every other byte
 * becomes '_'), and a leading '.' becomes '_' too: the result is one path
 * component that is never "", "." or "..", never hidden and never holds a
 * '/', and it can stand inside a quoted gnuplot string (no quote, no
 * backquote, no backslash). An empty s gives "_". */
void trex_name_safe(char *dst, size_t n, const char *s);

/* The names of an enumeration, as a table indexed by its values: the name
 * of value v (names[v] for 0 <= v < n when that entry is set, else "?"),
 * and the value named s (the k < n with names[k] equal to s, else -1). */
const char *trex_name_of(const char *const *names, int n, int v);
int trex_name_find(const char *const *names, int n, const char *s);

/* Writes s as one CSV field (RFC 4180): as is when it holds no comma, quote,
 * CR or LF; otherwise in double quotes with inner quotes doubled. */
void trex_csv_field(FILE *fp, const char *s);

#endif
