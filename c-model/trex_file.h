/* trex_file: checked reads and all-or-nothing writes (issue 15, classes 2
 * and 4). Every reader and writer of the project goes through these.
 *
 * Reading: trex_open_read opens a path and checks, on the opened descriptor,
 * that it is a regular file (a FIFO, device, socket or directory is refused
 * before a byte is read; a FIFO cannot block the open) and that it is not
 * larger than the caller's limit. trex_read_all reads such a file whole.
 *
 * Writing one file: trex_wfile writes a temporary file beside the target and
 * renames it over the target only when everything was written, flushed and
 * synced; on any error (a full disk included) the temporary is removed and
 * the target is untouched. The target must be absent or a regular file: a
 * symbolic link, directory, FIFO or device at the target is refused, never
 * replaced or written through. An existing file keeps its permission bits;
 * a new one gets 0666 less the umask.
 *
 * Writing a directory of outputs: trex_outdir stages the files in a
 * temporary directory beside the target and commits them (see below). */
#ifndef TREX_FILE_H
#define TREX_FILE_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "trex_err.h"

/* Size limits of the readers (bytes). Hex files of the largest vector set
 * vecgen writes (1e6 vectors x 256 rows x 3 bytes) stay below the default;
 * JSON inputs (configurations, models, chips, technology tables, metrics)
 * are small. */
#define TREX_READ_MAX_DEFAULT ((uint64_t)1 << 30) /* 1 GiB */
#define TREX_READ_MAX_JSON ((uint64_t)64 << 20)   /* 64 MiB */

/* Opens path read-only and checks the descriptor: a regular file of at most
 * max_bytes. Returns the descriptor, or -1 with err naming the path:
 *   "PATH: cannot read: REASON"
 *   "PATH: not a regular file (a FIFO|character device|block device|socket|directory)"
 *   "PATH: N bytes, more than the limit of M for this input" */
int trex_open_read(const char *path, uint64_t max_bytes, trex_err *err);

/* Reads a whole file (trex_open_read with TREX_READ_MAX_DEFAULT) into a
 * NUL-terminated malloc'd buffer (*len excludes the NUL; len may be NULL).
 * Fails naming the path when it cannot be read, is not a regular file, is
 * too large or holds a NUL byte. */
char *trex_read_all(const char *path, size_t *len, trex_err *err);

/* The same with the caller's size limit. */
char *trex_read_all_max(const char *path, uint64_t max_bytes, size_t *len, trex_err *err);

typedef struct {
  FILE *fp;
  char path[4096];
  char tmp[4096];
  mode_t mode; /* permission bits the committed file gets */
} trex_wfile;

/* Checks the target (absent or a regular file; see above) and opens a
 * temporary PATH.tmp.XXXXXX beside it; write to w->fp. */
int trex_wfile_open(trex_wfile *w, const char *path, trex_err *err);
/* Flushes, syncs, checks for write errors ("PATH: write failed: REASON",
 * e.g. "No space left on device"), renames into place. On failure the
 * temporary is removed and the target is unchanged. */
int trex_wfile_commit(trex_wfile *w, trex_err *err);
/* Drops the temporary (after an error of the caller's). */
void trex_wfile_abort(trex_wfile *w);

/* Moves a complete file `src` (a temporary this program wrote in the same
 * file system) over `dst` with the same target checks and mode rules as
 * trex_wfile. On failure src is removed. */
int trex_file_install(const char *src, const char *dst, trex_err *err);

/* Makes a fresh private directory PATH.tmp.XXXXXX beside `path` (whose
 * directory must exist) and writes its name to buf: a staging area for a
 * writer of several files that are installed with trex_file_install. */
int trex_tmpdir_beside(const char *path, char *buf, size_t n, trex_err *err);

/* Checks that `path` may be replaced by a writer: absent or a regular file
 * (not a symlink, directory or special file). On success *mode is the mode
 * a replacement must get (the existing file's, or 0666 & ~umask). */
int trex_target_check(const char *path, mode_t *mode, trex_err *err);

/* ---- directories of outputs ------------------------------------------
 * A writer names the files it writes (`own`, NULL-terminated). The target
 * directory DIR may be:
 *  - absent or empty: created whole (the staged directory is renamed in);
 *  - this writer's earlier output: every entry is one of `own`, a regular
 *    file, and, when `marker` is given, the file `marker` holds
 *    `marker_text`: swapped whole for the new one (renameat2 EXCHANGE),
 *    then the old files are removed;
 *  - anything else (files it did not write, or a set another tool wrote):
 *    refused, unless TREX_OUT_FORCE, which replaces only the writer's own
 *    files (each atomically, the marker last; stale own files the new
 *    output lacks are removed first) and keeps every other entry.
 * DIR itself must not be a symbolic link (refused: the writer never writes
 * through one), and an entry with an own name that is a directory, FIFO,
 * device or socket is refused even with TREX_OUT_FORCE; a symbolic link with
 * an own name counts as "not written by us" and, with TREX_OUT_FORCE, the
 * link itself is replaced (never its target). A new DIR gets 0777 less the
 * umask, an existing one keeps its mode; files follow trex_wfile's rule. */
#define TREX_OUT_FORCE 1

/* A writer's `own` list being built: trex_names_add appends one name
 * (printf-style) to the zeroed l; trex_names_end returns the malloc'd
 * NULL-terminated array of malloc'd names, or NULL when any allocation
 * failed (everything freed). trex_names_free frees such an array (NULL is
 * fine). */
typedef struct {
  char **v;
  size_t n, cap;
  int bad;
} trex_names;
void trex_names_add(trex_names *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char **trex_names_end(trex_names *l);
void trex_names_free(char **v);

typedef struct {
  char dir[4064];
  char stage[4096];
  const char *const *own;
  const char *marker, *marker_text, *what;
  int exists, foreign, force;
  mode_t mode;
} trex_outdir;

/* Checks DIR and makes the staging directory DIR.tmp.XXXXXX beside it
 * (creating DIR's parents). `what` names the writer in messages (e.g.
 * "trex vecgen"). */
int trex_outdir_open(trex_outdir *o, const char *dir, const char *const *own,
                     const char *marker, const char *marker_text, const char *what,
                     int flags, trex_err *err);
/* Path of NAME inside the staging directory (written by the caller). */
const char *trex_outdir_path(const trex_outdir *o, const char *name, char *buf, size_t n);
/* Writes the staged file NAME whole: opens it (trex_wfile), lets fn(ctx,
 * fp) write it, and commits it. fn returns 0, or non-zero after an error of
 * its own (a write error on fp, no memory), which fails with "PATH: write
 * failed" and leaves no file. */
typedef int (*trex_write_fn)(const void *ctx, FILE *fp);
int trex_outdir_write(const trex_outdir *o, const char *name, trex_write_fn fn,
                      const void *ctx, trex_err *err);
/* Publishes the staged files as described above. The commit holds a lock
 * (flock) on DIR's parent directory and classifies DIR again under it: when
 * another writer committed the same DIR since open, its output is treated
 * as this writer's earlier output (replaced whole) when it is one, and
 * refused as at open otherwise, so that two writers of one DIR at once both
 * succeed and leave one complete output (issue 15, class 5). */
int trex_outdir_commit(trex_outdir *o, trex_err *err);
/* Removes the staging directory and what the caller wrote there. */
void trex_outdir_abort(trex_outdir *o);
/* The same after an error of the caller's: a message in err that names a
 * staged file (DIR.tmp.XXXXXX/NAME) is rewritten to name DIR/NAME, the
 * file the user asked for. Returns -1. */
int trex_outdir_fail(trex_outdir *o, trex_err *err);

/* ---- interruption (issue 15, class 6) ----------------------------------
 * trex_cleanup_on_signals() installs handlers for SIGINT, SIGTERM and SIGHUP
 * (not for a signal the caller ignores) that remove every temporary file and
 * staging directory this process has open (trex_wfile, trex_outdir,
 * trex_tmpdir_beside), send SIGTERM to the process group of the child
 * trex_run is waiting for,
 * and then die of the same signal: an interrupted writer leaves the target
 * as it was (absent, or the earlier complete output) and nothing beside it. */
void trex_cleanup_on_signals(void);
/* The signals those handlers catch (SIGINT, SIGTERM, SIGHUP). */
#define TREX_CLEANUP_NSIG 3
extern const int trex_cleanup_signals[TREX_CLEANUP_NSIG];
/* trex_run's child in flight (0: none); it leads a process group of its
 * own, which the handler stops whole. */
void trex_cleanup_child(pid_t pid);
/* A trex_tmpdir_beside directory the caller removed itself. */
void trex_tmp_forget(const char *path);

#endif
