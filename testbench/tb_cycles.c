/* tb_cycles: the tile testbench's cycle check (tb_xbar.h): every MVM's
 * latency, and the run's edges in all, against the golden cycle model
 * (xbar_cycles.h, docs/xbar-tile-rtl.md). */
#include <inttypes.h>

#include "tb_xbar.h"
#include "xbar_cycles.h"

void tb_cycles_program(tb_run *r, tb_stats *s) {
  s->predicted += (uint64_t)xbar_cycles_program(&r->o->cfg);
}

int tb_cycles_mvm(tb_run *r, tb_stats *s, long v, int64_t latency, int quiet) {
  const xbar_cfg *c = &r->o->cfg;
  s->predicted += (uint64_t)xbar_cycles_per_mvm(c);
  int64_t want = xbar_cycles_latency(c);
  if (latency == want) return 0;
  s->cycle_errors++;
  if (!quiet)
    fprintf(stderr,
            "CYCLE MISMATCH config %s vector %ld: latency %" PRId64
            " edges, the model predicts %" PRId64 "\n",
            r->o->cfg_id, v, latency, want);
  return -1;
}

int tb_cycles_total(const tb_run *r, const tb_stats *s, FILE *fp) {
  if (s->cycles == s->predicted) return 0;
  if (fp)
    fprintf(fp, "CYCLE MISMATCH config %s: %" PRIu64 " edges in all, the model predicts %" PRIu64
                "\n",
            r->o->cfg_id, s->cycles, s->predicted);
  return -1;
}
