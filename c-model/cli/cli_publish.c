/* cli_publish: see trex_cli.h. */
#include <stdio.h>

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
