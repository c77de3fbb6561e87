/* trex_spawn: running an external program without a shell.
 *
 * The project never builds a command line for /bin/sh (neither the C
 * library's system nor popen is called): a program is started with fork +
 * execvp on an argument vector,
 * so file names and user strings reach it as single arguments and are never
 * parsed by a shell (issue 15, class 1). Scripts for interpreters such as
 * gnuplot are written to a file whose name the caller chose, and the
 * program can be run in a directory of the caller's choice (`cwd`) so that
 * the script names only fixed relative file names. */
#ifndef TREX_SPAWN_H
#define TREX_SPAWN_H

#include "trex_err.h"

typedef struct {
  const char *cwd;        /* working directory of the child, or NULL */
  const char *stdin_path; /* file for stdin, or NULL for /dev/null */
  const char *stdout_path;/* file (created/truncated) for stdout, or NULL: inherited */
  const char *stderr_path;/* file for stderr, or NULL: inherited */
  int quiet;              /* 1: stdout and stderr to /dev/null unless given */
} trex_spawn_opts;

/* Runs argv[0] (looked up on PATH) with argv and waits for it. Returns its
 * exit status (0..255), 127 when the program cannot be started (not on
 * PATH, not executable), or 128+N when it died of signal N; returns -1 with
 * err filled when fork or waiting failed. `opts` may be NULL. */
int trex_run(const char *const argv[], const trex_spawn_opts *opts, trex_err *err);

#endif
