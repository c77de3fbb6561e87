/* enc_dump: the output directories of the integer encoder's commands -- a
 * model directory (trex modelgen) and the op-by-op dump of trex infer
 * (docs/encoder-int.md, section 9) -- written all or nothing. All of their
 * file-system writes go through here and npy_save/trex_json_save, so that the
 * project's shared safe-write helpers (trex_file) can replace them in one place.
 *
 * Promises:
 *  - enc_outdir_begin() refuses a target that exists and is not a directory,
 *    or a directory that is neither empty nor a previous output of the same
 *    kind (it holds `marker` and regular files only): such a directory is not
 *    ours to replace. Files are written into DIR.tmp.XXXXXX beside it, and
 *    enc_outdir_commit() renames that into place (the previous output, if
 *    any, is replaced whole); enc_outdir_abort() removes it.
 *  - The dump sink writes one .npy per op as it is called and the manifest
 *    dump.json at commit. */
#ifndef ENC_DUMP_H
#define ENC_DUMP_H

#include <stddef.h>
#include <stdint.h>

#include <cJSON.h>

#include "npy.h"
#include "trex_err.h"

typedef struct {
  char dir[4096];
  char tmp[4096];
} enc_outdir;

int enc_outdir_begin(enc_outdir *o, const char *dir, const char *marker, trex_err *err);
/* DIR.tmp.XXXXXX/name into buf. */
int enc_outdir_path(const enc_outdir *o, const char *name, char *buf, size_t n, trex_err *err);
int enc_outdir_commit(enc_outdir *o, trex_err *err);
void enc_outdir_abort(enc_outdir *o);

typedef struct {
  enc_outdir out;
  cJSON *root, *ops;
} enc_dump;

#define ENC_DUMP_FORMAT "trex-int-dump"

/* Starts a dump into dir for `inputs` images of model `name` run with the
 * resolved reuse list `reuse`. */
int enc_dump_begin(enc_dump *d, const char *dir, const char *name, const char *reuse,
                   size_t inputs, trex_err *err);
/* The enc_sink callback (ctx = the enc_dump). */
int enc_dump_op(void *ctx, const char *scope, const char *op, npy_dtype dt, int ndim,
                const int64_t *shape, const void *data, trex_err *err);
int enc_dump_commit(enc_dump *d, trex_err *err);
void enc_dump_abort(enc_dump *d);

#endif
