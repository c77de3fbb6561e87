/* tb_score: the tile testbench's scoreboard (tb_xbar.h): the golden model
 * computes every MVM the driver sent; each result word is compared with it
 * (lockstep) or with expected.hex (file mode), and a mismatch is reported
 * with the model's column trace and the last transactions. */
#include <inttypes.h>

#include "tb_xbar.h"

void tb_replay_cmd(const tb_opts *o, FILE *fp) {
  if (o->replay)
    fprintf(fp, "replay: %s\n", o->replay);
  else if (o->lockstep)
    fprintf(fp, "replay: make lockstep CFG=%s N=%ld SEED=%" PRIu64 "\n", o->cfg_path,
            o->count, o->seed);
  else
    fprintf(fp, "replay: make sim VEC=%s\n", o->vec_dir);
}

static void report_mismatch(tb_run *r, tb_stats *s, long v, int j, uint32_t exp, uint32_t got) {
  const tb_opts *o = r->o;
  const xbar_cfg *c = &o->cfg;
  const xbar_model *m = r->m;
  fprintf(stderr,
          "MISMATCH config %s vector %ld output %d\n"
          "  expected 0x%08x (%d)  got 0x%08x (%d)  xor 0x%08x\n",
          o->cfg_id, v, j, exp, (int32_t)exp, got, (int32_t)got, exp ^ got);
  fprintf(stderr,
          "  config: rows=%d outs=%d w_bits=%d cell_bits=%d x_bits=%d x_signed=%d "
          "adc_bits=%d cols_per_adc=%d w_encoding=%s (adc shift %d)\n",
          c->rows, c->outs, c->w_bits, c->cell_bits, c->x_bits, c->x_signed,
          c->adc_bits, c->cols_per_adc, xbar_enc_name(c->enc), m->sh);
  xbar_trace tr[8 * 2 * 8];
  int n = xbar_model_trace(m, tb_stim_input(r->st, v), j, tr, (int)(sizeof tr / sizeof tr[0]));
  fprintf(stderr, "  golden model, output %d:  phase plane slice column adc mux  col_sum code recon\n", j);
  for (int k = 0; k < n; k++)
    fprintf(stderr, "  %29d %5d %5d %6d %3d %3d %8d %4d %5d\n", tr[k].phase,
            tr[k].plane, tr[k].slice, tr[k].column, tr[k].adc, tr[k].mux,
            tr[k].col_sum, tr[k].code, tr[k].recon);
  fprintf(stderr, "  last transactions (oldest first):\n");
  int first = s->nhist > TB_HIST ? s->nhist - TB_HIST : 0;
  for (int k = first; k < s->nhist; k++) {
    tb_txn *t = &s->hist[k % TB_HIST];
    fprintf(stderr, "    cycle %-10" PRIu64 " %-8s #%ld\n", t->cycle, t->what, t->index);
  }
}

void tb_score_program(tb_run *r, const int32_t *w, long v) {
  xbar_model_program(r->m, w);
  if (r->cov) tb_cov_program(r->cov, w, v > 0);
}

int tb_score_mvm(tb_run *r, tb_stats *s, long v, const int32_t *x, int quiet) {
  const tb_opts *o = r->o;
  const xbar_cfg *c = &o->cfg;
  xbar_model_mvm(r->m, x, r->y);
  if (r->cov) tb_cov_mvm(r->cov, r->m, x, r->y);
  const int32_t *exp = o->lockstep ? r->y : r->st->vs.y + (size_t)v * c->outs;
  s->vectors++;
  int rc = 0;
  for (int j = 0; j < c->outs; j++) {
    s->words++;
    uint32_t e = (uint32_t)exp[j], g = r->ybuf[j];
    if (!o->lockstep && (uint32_t)r->y[j] != e && !quiet && s->mismatches == 0)
      fprintf(stderr,
              "note: expected.hex word %ld differs from the golden model (0x%08x); "
              "the set may come from another configuration\n",
              v * c->outs + j, (uint32_t)r->y[j]);
    if (e != g) {
      s->mismatches++;
      if (!quiet && s->mismatches <= o->cap) report_mismatch(r, s, v, j, e, g);
      rc = -1;
    }
  }
  return rc;
}
