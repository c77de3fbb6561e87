/* enc_dump: the output directories of the integer encoder's commands -- a
 * model directory (trex modelgen) and the op-by-op dump of trex infer
 * (docs/encoder-int.md, section 9) -- written all or nothing through the
 * project's directory writer (trex_outdir, c-model/trex_file.h).
 *
 * Promises:
 *  - enc_outdir_begin() takes the names the output may hold (its own files)
 *    and refuses a target that exists and is not a directory, or a directory
 *    that is neither empty nor a previous output of the same kind (only own
 *    names, regular files, and `marker` holding `marker_text`): such a
 *    directory is not ours to replace. Files are staged in DIR.tmp.XXXXXX
 *    beside it; enc_outdir_commit() publishes them whole (the previous
 *    output, if any, is replaced whole); enc_outdir_abort() removes them.
 *  - The dump sink writes one .npy per op as it is called and the manifest
 *    dump.json at commit. */
#ifndef ENC_DUMP_H
#define ENC_DUMP_H

#include <stddef.h>
#include <stdint.h>

#include <cJSON.h>

#include "npy.h"
#include "trex_err.h"

#include "trex_file.h"

typedef struct {
  trex_outdir out;
  char **own; /* the own names, NULL-terminated (freed by commit/abort) */
} enc_outdir;

/* own: a malloc'd NULL-terminated array of malloc'd names, taken over
 * (freed even on failure). `what` names the command in messages; flags:
 * TREX_OUT_FORCE (replace only the own files of a directory that holds
 * others). */
int enc_outdir_begin(enc_outdir *o, const char *dir, char **own, const char *marker,
                     const char *marker_text, const char *what, int flags, trex_err *err);
/* The staging directory, where the caller writes. */
const char *enc_outdir_stage(const enc_outdir *o);
/* STAGE/name into buf. */
int enc_outdir_path(const enc_outdir *o, const char *name, char *buf, size_t n, trex_err *err);
int enc_outdir_commit(enc_outdir *o, trex_err *err);
void enc_outdir_abort(enc_outdir *o);

typedef struct {
  enc_outdir out;
  cJSON *root, *ops;
} enc_dump;

#define ENC_DUMP_FORMAT "trex-int-dump"

/* Starts a dump into dir for `inputs` images of model `name`
 * run with the resolved reuse list `reuse`. */
int enc_dump_begin(enc_dump *d, const char *dir, const char *name, const char *reuse,
                   size_t inputs, int flags, trex_err *err);
/* The enc_sink callback (ctx = the enc_dump). */
int enc_dump_op(void *ctx, const char *scope, const char *op, npy_dtype dt, int ndim,
                const int64_t *shape, const void *data, trex_err *err);
int enc_dump_commit(enc_dump *d, trex_err *err);
void enc_dump_abort(enc_dump *d);

#endif
