/* ctrl_tb_run: one configuration of the controller testbench (ctrl_tb.h):
 * driver, monitor and scoreboard around the Verilated trex_ctrl. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ctrl_tb.h"

static void print_cfg(const tb_cfg *t) {
  const vit_model *m = &t->m;
  const ctrl_chip *c = &t->c;
  char id[128], list[1024];
  xbar_cfg_id(&c->tile, id, sizeof id);
  ctrl_reuse_format(&t->r, list, sizeof list);
  fprintf(stderr,
          "  configuration %s: tokens %d embedding %d heads %d mlp %d depth %d tb_hidden %d "
          "tb_layers %d patch_dim %d classes %d\n  chip: tile %s (P %" PRId64 " A %" PRId64
          " C %" PRId64 ") par_tiles %d lanes softmax %d ln %d gelu %d add %d buf %d\n"
          "  reuse '%s', ready probability %.2f\n",
          t->label, m->tokens, m->embedding, m->heads, m->mlp, m->depth, m->tb_hidden,
          m->tb_layers, m->patch_dim, m->classes, id, ctrl_chip_cycles_per_mvm(c), ctrl_chip_adc_per_mvm(c),
          ctrl_chip_cells_per_weight(c), c->par_tiles, c->softmax_lanes, c->ln_lanes,
          c->gelu_lanes, c->add_lanes, c->buf_lanes, list, t->ready_p);
  if (t->fig_set)
    fprintf(stderr, "  register figures in place of the tile's: rows %" PRId64 " outs %" PRId64
                    " P %" PRId64 " A %" PRId64 " C %" PRId64 "\n",
            t->fig.rows, t->fig.outs, t->fig.per_mvm, t->fig.adc_per_mvm, t->fig.cells_per_w);
  if (t->start_wr)
    fprintf(stderr, "  written in the start cycle (to be ignored): register 0x%02x = 0x%08x\n",
            t->start_addr, t->start_val);
}

static void print_pair(const ctrl_rec *r, const uint32_t *w) {
  ctrl_rec got;
  int hdr = ctrl_desc_unpack(w, &got);
  fprintf(stderr, "  %-20s %22s %22s\n", "field", "model", "rtl");
  fprintf(stderr, "  %-20s %22d %22d%s\n", "encoder", r ? r->encoder : -1, got.encoder,
          r && r->encoder != got.encoder ? "  <--" : "");
  const char *opn = ctrl_op_name(got.op);
  fprintf(stderr, "  %-20s %22s %22s%s\n", "op", r ? ctrl_op_name(r->op) : "(none)",
          opn ? opn : "?", r && r->op != got.op ? "  <--" : "");
  for (int f = 0; f < CTRL_N_FIELDS; f++) {
    uint64_t mv = r ? ctrl_rec_get(r, f) : 0, rv = ctrl_rec_get(&got, f);
    fprintf(stderr, "  %-20s %22" PRIu64 " %22" PRIu64 "%s\n", ctrl_field_name(f), mv, rv,
            !r || mv != rv ? "  <--" : "");
  }
  if (!hdr) fprintf(stderr, "  (reserved header bits of the RTL descriptor are not zero)\n");
}

/* ---- driver ---------------------------------------------------------------- */

static void wr(ctrl_dut *d, unsigned addr, uint32_t v) {
  ctrl_dut_set_cfg(d, 1, addr, v);
  ctrl_dut_tick(d);
  ctrl_dut_set_cfg(d, 0, 0, 0);
}

/* Writes the configuration registers (docs/controller.md, register map). */
static void program(ctrl_dut *d, const tb_cfg *t) {
  ctrl_reg_write w[CTRL_REG_IMAGE_WRITES];
  int n = ctrl_reg_image(&t->m, &t->c, &t->r, w);
  for (int k = 0; k < n; k++) wr(d, w[k].addr, w[k].data);
  for (int e = 0; e < CTRL_REG_SRC_COUNT; e++)
    if (t->spare_mask >> e & 1) wr(d, (unsigned)(CTRL_REG_SRC + e), t->spare_src[e]);
}

/* The configuration, the idle edges, the start edge; -1 when --activity
 * needs a coverage build this is not. */
static int drive_start(ctrl_dut *d, const tb_cfg *t, tb_stats *st) {
  program(d, t);
  if (t->fig_set) {
    ctrl_figures f = t->fig;
    for (unsigned a = CTRL_REG_ROWS; a <= CTRL_REG_CELLS_PER_W; a++)
      wr(d, a, (uint32_t)*ctrl_tb_fig(&f, a));
  }
  for (long e = st->idle ? trex_rng_range(st->idle, 0, 3) : 0; e > 0; e--) ctrl_dut_tick(d);
  if (st->zero_cov && ctrl_dut_cov_zero(d)) {
    fprintf(stderr, "sim-ctrl: --activity needs a model built with --coverage-toggle\n");
    return -1;
  }
  ctrl_dut_set_start(d, 1);
  if (t->start_wr) ctrl_dut_set_cfg(d, 1, t->start_addr, t->start_val);
  ctrl_dut_tick(d);
  ctrl_dut_set_start(d, 0);
  if (t->start_wr) ctrl_dut_set_cfg(d, 0, 0, 0);
  return 0;
}

/* ---- the expected run ---------------------------------------------------------- */

/* The model's schedule (with the register figures when set: a figure
 * outside 1..65535 is the chip error the register map says). Returns the
 * model's verdict (0 legal). */
static int expect(const tb_cfg *t, ctrl_schedule *s, trex_err *err) {
  return ctrl_schedule_build_figures(&t->m, &t->c, t->fig_set ? &t->fig : NULL, &t->r, s, err);
}

/* ---- scoreboard: the status and the counters at the end ------------------------- */

static int score_end(ctrl_dut *d, const tb_cfg *t, const ctrl_schedule *s, int mrc,
                     const trex_err *err, size_t idx) {
  int rtl_status = ctrl_dut_error(d) ? ctrl_dut_err_code(d) : 0;
  uint32_t status_reg = ctrl_dut_read(d, CTRL_RD_STATUS);
  if (rtl_status != (int)s->status || ((status_reg >> 4) & 7u) != (uint32_t)rtl_status) {
    fprintf(stderr, "sim-ctrl: DIVERGENCE in status: model %s (%d)%s%s, RTL %s (%d), status "
                    "register 0x%08x\n",
            ctrl_status_name(s->status), (int)s->status, mrc ? ": " : "", mrc ? err->msg : "",
            ctrl_status_name((ctrl_status)rtl_status), rtl_status, status_reg);
    print_cfg(t);
    return -1;
  }
  if (idx != s->n_ops) {
    fprintf(stderr, "sim-ctrl: DIVERGENCE: RTL issued %zu descriptors, model %zu\n", idx,
            s->n_ops);
    print_cfg(t);
    return -1;
  }
  uint64_t want[CTRL_N_COUNTERS];
  ctrl_totals_counters(&s->totals, want);
  for (int j = 0; j < CTRL_N_COUNTERS; j++) {
    uint64_t got = (uint64_t)ctrl_dut_read(d, CTRL_RD_COUNT + 2u * (unsigned)j) |
                   ((uint64_t)ctrl_dut_read(d, CTRL_RD_COUNT + 2u * (unsigned)j + 1u) << 32);
    if (got != want[j]) {
      fprintf(stderr, "sim-ctrl: DIVERGENCE in counter %s: model %" PRIu64 ", RTL %" PRIu64
                      " (after %zu descriptors)\n", ctrl_counter_name(j), want[j], got, idx);
      print_cfg(t);
      return -1;
    }
  }
  return 0;
}

int ctrl_tb_run(ctrl_dut *d, trex_rng *rng, const tb_cfg *t, tb_stats *st) {
  ctrl_schedule s;
  trex_err err = {{0}};
  int mrc = expect(t, &s, &err);
  st->configs++;
  if (mrc) st->illegal++;
  else st->legal++;
  if ((int)s.status >= 0 && (int)s.status < CTRL_N_STATUS) st->by_status[s.status]++;
  if (drive_start(d, t, st)) {
    ctrl_schedule_free(&s);
    return -1;
  }
  size_t idx = 0;
  long limit = (long)(s.n_ops + 2) * 4000 + 20000, cyc = 0;
  uint32_t held[CTRL_DUT_DESC_WORDS], w[CTRL_DUT_DESC_WORDS];
  int holding = 0, rc = 0;
  /* the issue time: edges from the start edge (cyc 0) or the last accept
   * to the first edge the next descriptor is valid (ctrl_issue.h) */
  long ref = 0;
  int seen = 0;
  while (!rc && !ctrl_dut_done(d) && !ctrl_dut_error(d)) {
    if (++cyc > limit) {
      fprintf(stderr, "sim-ctrl: DIVERGENCE: RTL neither done nor in error after %ld cycles "
                      "(%zu of %zu descriptors seen)\n", cyc, idx, s.n_ops);
      print_cfg(t);
      rc = -1;
      break;
    }
    /* driver: desc_ready random with the configuration's probability */
    int ready = trex_rng_unit(rng) < t->ready_p;
    ctrl_dut_set_ready(d, ready);
    if (ctrl_dut_desc_valid(d)) {
      ctrl_dut_get_desc(d, w);
      if (!seen && idx < s.n_ops && (uint64_t)(cyc - ref - 1) != s.issue_edges[idx]) {
        fprintf(stderr, "sim-ctrl: DIVERGENCE in issue time at descriptor %zu (%s of encoder %d): "
                        "valid %ld edges after the %s, the model (ctrl_issue) %" PRIu64 "\n",
                idx, ctrl_op_name(s.ops[idx].op), s.ops[idx].encoder, cyc - ref - 1,
                idx ? "previous accept" : "start edge", s.issue_edges[idx]);
        print_cfg(t);
        rc = -1;
        break;
      }
      seen = 1;
      /* monitor: a descriptor held by desc_ready low does not change */
      if (holding && memcmp(w, held, sizeof w)) {
        fprintf(stderr, "sim-ctrl: DIVERGENCE at descriptor %zu: changed while held under "
                        "back-pressure (before / now)\n", idx);
        print_pair(idx < s.n_ops ? &s.ops[idx] : NULL, held);
        print_pair(idx < s.n_ops ? &s.ops[idx] : NULL, w);
        print_cfg(t);
        rc = -1;
        break;
      }
      if (ready) {
        /* scoreboard: the accepted descriptor against the model's next op */
        ctrl_rec got;
        int hdr = ctrl_desc_unpack(w, &got);
        const ctrl_rec *r = idx < s.n_ops ? &s.ops[idx] : NULL;
        if (!r || !hdr || !ctrl_rec_equal(r, &got)) {
          fprintf(stderr, "sim-ctrl: DIVERGENCE at descriptor %zu (model %s, %zu ops)\n", idx,
                  mrc ? "rejects the configuration" : "accepts", s.n_ops);
          if (mrc) fprintf(stderr, "  model: %s\n", err.msg);
          print_pair(r, w);
          print_cfg(t);
          rc = -1;
          break;
        }
        st->descs++;
        idx++;
        holding = 0;
        ref = cyc;
        seen = 0;
      } else {
        memcpy(held, w, sizeof w);
        holding = 1;
      }
    }
    ctrl_dut_tick(d);
  }
  if (!rc) {
    ctrl_dut_set_ready(d, 0);
    rc = score_end(d, t, &s, mrc, &err, idx);
  }
  st->cycles = cyc + 1;
  if (rc) st->divergences++;
  ctrl_schedule_free(&s);
  return rc;
}
