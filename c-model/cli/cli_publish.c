/* cli_publish: see trex_cli.h. */
#include <stdio.h>
#include <stdlib.h>

#include "trex_cli.h"

int cli_publish(const cli_outdir *w, const char *out, int force, const void *ctx, trex_err *err) {
  trex_outdir od;
  if (trex_outdir_open(&od, out, w->own, w->marker, w->marker_text, w->what,
                       force ? TREX_OUT_FORCE : 0, err))
    return -1;
  if (w->stage(ctx, &od, err)) return trex_outdir_fail(&od, err);
  if (trex_outdir_commit(&od, err)) return -1;
  w->report(ctx, out);
  return trex_stdout_check(err);
}

int cli_make_publish(const cli_maker *m, const cli_outdir *w, const char *out, int force,
                     const void *args) {
  trex_err err;
  void *st = calloc(1, m->size);
  if (!st) return trex_fail(m->cmd, "out of memory");
  int rc = 1;
  if (!m->make(st, args, &err)) {
    rc = cli_publish(w, out, force, st, &err) ? 1 : 0;
    if (rc) trex_fail(m->cmd, err.msg);
    m->drop(st);
  } else {
    trex_fail(m->cmd, err.msg);
  }
  free(st);
  return rc;
}
