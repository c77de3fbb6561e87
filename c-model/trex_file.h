/* trex_file: whole-file reads and all-or-nothing writes.
 *
 * A writer opens a temporary file beside the target; commit renames it over
 * the target, abort removes it. A reader never sees a half-written file. */
#ifndef TREX_FILE_H
#define TREX_FILE_H

#include <stdio.h>

#include "trex_err.h"

typedef struct {
  FILE *fp;
  char path[4096];
  char tmp[4096];
} trex_wfile;

int trex_wfile_open(trex_wfile *w, const char *path, trex_err *err);
/* Flushes, checks for write errors, renames into place. */
int trex_wfile_commit(trex_wfile *w, trex_err *err);
void trex_wfile_abort(trex_wfile *w);

/* Reads a whole file into a NUL-terminated malloc'd buffer (*len excludes
 * the NUL). Fails naming the path when it cannot be read or holds a NUL. */
char *trex_read_all(const char *path, size_t *len, trex_err *err);

/* Makes a fresh temporary directory beside `dir` (named DIR.tmp.XXXXXX) and
 * writes its path to tmp (size n). */
int trex_tmpdir_beside(const char *dir, char *tmp, size_t n, trex_err *err);

/* Replaces `dir` by the completed directory `tmp`: an existing `dir` is moved
 * aside, `tmp` renamed into place, and the old one removed (files only, one
 * level). */
int trex_dir_replace(const char *tmp, const char *dir, trex_err *err);

/* Removes a directory made by trex_tmpdir_beside and its files. */
void trex_dir_remove(const char *dir);

#endif
