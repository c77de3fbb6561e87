/* Helpers of the unit tests that would otherwise need a shell: removing a
 * temporary tree and running the trex CLI (trex_spawn.h, argument vector). */
#ifndef UNIT_UTIL_H
#define UNIT_UTIL_H

/* rm -rf of `path` (no symlink is followed); 0 on success. */
int unit_rm_rf(const char *path);

/* Runs "$TREX SUB ARGS" (ARGS split at blanks; default build/bin/trex) with
 * stdout and stderr to the given files; returns the exit status. */
int unit_run_trex(const char *sub, const char *args, const char *out_path,
                  const char *err_path);

#endif
