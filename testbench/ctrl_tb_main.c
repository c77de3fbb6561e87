/* ctrl_tb_main: the RTL attention-reuse controller (trex_ctrl, Verilated)
 * against the C model (ctrl_schedule), descriptor by descriptor and counter
 * by counter, over every built-in model with several reuse lists and seeded
 * random configurations (legal and illegal), with random back-pressure on
 * the descriptor port. Stops at the first divergence with a non-zero exit. */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctrl_dut.h"
#include "ctrl_regimg.h"
#include "ctrl_schedule.h"
#include "trex_num.h"
#include "trex_rng.h"

static const char *help =
    "usage: tb_ctrl [--seed S] [--random N]\n"
    "       tb_ctrl --model NAME|FILE [--reuse LIST] [--chip FILE] [--ready P]\n"
    "               [--activity FILE] [--seed S]\n"
    "Runs the Verilated trex_ctrl (RTL, or the synthesized netlist in the\n"
    "gate-level replay) against the C model (ctrl_schedule): every built-in\n"
    "model x reuse lists (none, every other encoder, all but 0, explicit\n"
    "sources) on two chips, a walk of every upper register bit, every register\n"
    "at 0, explicit sources with every source bit on 64 encoders, 32 deep\n"
    "models with random explicit sources, four configurations with every size\n"
    "at 65535, a walk of every reuse-mask bit, then N (default 1000) seeded\n"
    "random configurations, about a third of them illegal, with random\n"
    "back-pressure and 0..3 idle edges between the register writes and start.\n"
    "With --model, only that configuration, desc_ready high with probability P\n"
    "(default 1). --activity FILE (a --coverage-toggle build only) zeroes the\n"
    "toggle counters after the register writes and writes them to FILE after\n"
    "the run; the run's cycle count (start edge to done) is printed.\n"
    "Exit 0 only when every descriptor, status and counter matches.\n";

/* Model dimensions as raw register values (illegal ones included). */
typedef struct {
  vit_model m;
  ctrl_chip c;
  ctrl_reuse r;
  double ready_p; /* probability that desc_ready_i is high in a cycle */
  char label[96];
  /* directed: a register written again after the image with ov_val (a
   * figure the C model derives from the tile, so it cannot express it);
   * the register map's rule (docs/controller.md) says chip error */
  int ov_addr; /* 0 = none */
  uint32_t ov_val;
  /* directed: values written into the source registers of the encoders
   * that do not reuse (bit e of spare_mask set: 0x40 + e = spare_src[e]);
   * the register map says the controller ignores them */
  uint64_t spare_mask;
  uint32_t spare_src[64];
} tb_cfg;

static const char *const field_names[14] = {
    "m",    "k",    "n",    "tiles", "cycles", "macs", "mvms", "adc_conversions",
    "xbar_cells_written", "buffer_reads", "buffer_writes", "softmax_elems", "ln_elems",
    "gelu_elems"};

static void rec_fields(const ctrl_rec *r, uint64_t f[14]) {
  const uint64_t v[14] = {r->m,       r->k,          r->n,
                          r->tiles,   r->cycles,     r->macs,
                          r->mvms,    r->adc_conversions, r->xbar_cells_written,
                          r->buffer_reads, r->buffer_writes, r->softmax_elems,
                          r->ln_elems, r->gelu_elems};
  memcpy(f, v, sizeof v);
}

static void desc_fields(const uint32_t *w, int *enc, int *op, uint64_t f[14], int *hdr_ok) {
  *enc = (int)(w[0] & 0x3f);
  *op = (int)((w[0] >> 8) & 0x1f);
  *hdr_ok = (w[0] & ~0x1f3fu) == 0 && w[1] == 0;
  for (int k = 0; k < 14; k++)
    f[k] = (uint64_t)w[2 + 2 * k] | ((uint64_t)w[3 + 2 * k] << 32);
}

static void print_cfg(const tb_cfg *t) {
  const vit_model *m = &t->m;
  const ctrl_chip *c = &t->c;
  char id[128], list[1024];
  xbar_cfg_id(&c->tile, id, sizeof id);
  ctrl_reuse_format(&t->r, list, sizeof list);
  fprintf(stderr,
          "  configuration %s: tokens %d embedding %d heads %d mlp %d depth %d tb_hidden %d "
          "tb_layers %d\n  chip: tile %s (P %" PRId64 " A %" PRId64 " C %" PRId64
          ") par_tiles %d lanes softmax %d ln %d gelu %d add %d buf %d\n"
          "  reuse '%s', ready probability %.2f\n",
          t->label, m->tokens, m->embedding, m->heads, m->mlp, m->depth, m->tb_hidden,
          m->tb_layers, id, ctrl_chip_cycles_per_mvm(c), ctrl_chip_adc_per_mvm(c),
          ctrl_chip_cells_per_weight(c), c->par_tiles, c->softmax_lanes, c->ln_lanes,
          c->gelu_lanes, c->add_lanes, c->buf_lanes, list, t->ready_p);
}

static void print_pair(const ctrl_rec *r, const uint32_t *w) {
  uint64_t mf[14] = {0}, rf[14];
  int enc, op, hdr;
  desc_fields(w, &enc, &op, rf, &hdr);
  if (r) rec_fields(r, mf);
  fprintf(stderr, "  %-20s %22s %22s\n", "field", "model", "rtl");
  fprintf(stderr, "  %-20s %22d %22d%s\n", "encoder", r ? r->encoder : -1, enc,
          r && r->encoder != enc ? "  <--" : "");
  const char *opn = ctrl_op_name((ctrl_op)op);
  fprintf(stderr, "  %-20s %22s %22s%s\n", "op", r ? ctrl_op_name(r->op) : "(none)",
          opn ? opn : "?", r && (int)r->op != op ? "  <--" : "");
  for (int k = 0; k < 14; k++)
    fprintf(stderr, "  %-20s %22" PRIu64 " %22" PRIu64 "%s\n", field_names[k], mf[k], rf[k],
            !r || mf[k] != rf[k] ? "  <--" : "");
  if (!hdr) fprintf(stderr, "  (reserved header bits of the RTL descriptor are not zero)\n");
}

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
  for (int e = 0; e < 64; e++)
    if (t->spare_mask >> e & 1) wr(d, 0x40u + (unsigned)e, t->spare_src[e]);
}

typedef struct {
  long configs, legal, illegal, descs, divergences;
  long cycles;  /* edges of the last run, start edge to done or error */
  int zero_cov; /* zero the toggle counters after the register writes */
  /* idle edges between the last register write and start, 0..3 from this
   * stream (its own, so neither the configurations nor the back-pressure
   * depend on it); NULL: none. Registers must hold their value whatever
   * the phase at which the sequencer reads them. */
  trex_rng *idle;
  long by_status[CTRL_E_DUP + 1];
} tb_stats;

static const char *const counter_names[11] = {
    "ops",           "cycles",       "macs",          "mvms",
    "adc_conversions", "xbar_cells_written", "buffer_reads", "buffer_writes",
    "softmax_elems", "ln_elems",     "gelu_elems"};

/* Runs one configuration; 0 when RTL and model agree. */
static int run_one(ctrl_dut *d, trex_rng *rng, const tb_cfg *t, tb_stats *st) {
  ctrl_schedule s;
  trex_err err = {{0}};
  int mrc = ctrl_schedule_build(&t->m, &t->c, &t->r, &s, &err);
  if (t->ov_addr && !mrc) { /* the override makes a legal configuration a chip error */
    ctrl_schedule_free(&s);
    memset(&s.totals, 0, sizeof s.totals);
    s.status = CTRL_E_CHIP;
    mrc = -1;
    snprintf(err.msg, sizeof err.msg, "register 0x%02x = 0x%08x: outside 1..65535",
             (unsigned)t->ov_addr, t->ov_val);
  }
  st->configs++;
  if (mrc) st->illegal++;
  else st->legal++;
  if ((int)s.status >= 0 && s.status <= CTRL_E_DUP) st->by_status[s.status]++;
  program(d, t);
  if (t->ov_addr) wr(d, (unsigned)t->ov_addr, t->ov_val);
  for (long e = st->idle ? trex_rng_range(st->idle, 0, 3) : 0; e > 0; e--) ctrl_dut_tick(d);
  if (st->zero_cov && ctrl_dut_cov_zero(d)) {
    fprintf(stderr, "sim-ctrl: --activity needs a model built with --coverage-toggle\n");
    ctrl_schedule_free(&s);
    return -1;
  }
  ctrl_dut_set_start(d, 1);
  ctrl_dut_tick(d);
  ctrl_dut_set_start(d, 0);
  size_t idx = 0;
  long limit = (long)(s.n_ops + 2) * 4000 + 20000, cyc = 0;
  uint32_t held[CTRL_DUT_DESC_WORDS], w[CTRL_DUT_DESC_WORDS];
  int holding = 0, rc = 0;
  while (!ctrl_dut_done(d) && !ctrl_dut_error(d)) {
    if (++cyc > limit) {
      fprintf(stderr, "sim-ctrl: DIVERGENCE: RTL neither done nor in error after %ld cycles "
                      "(%zu of %zu descriptors seen)\n", cyc, idx, s.n_ops);
      print_cfg(t);
      rc = -1;
      goto out;
    }
    int ready = trex_rng_unit(rng) < t->ready_p;
    ctrl_dut_set_ready(d, ready);
    if (ctrl_dut_desc_valid(d)) {
      ctrl_dut_get_desc(d, w);
      if (holding && memcmp(w, held, sizeof w)) {
        fprintf(stderr, "sim-ctrl: DIVERGENCE at descriptor %zu: changed while held under "
                        "back-pressure (before / now)\n", idx);
        print_pair(idx < s.n_ops ? &s.ops[idx] : NULL, held);
        print_pair(idx < s.n_ops ? &s.ops[idx] : NULL, w);
        print_cfg(t);
        rc = -1;
        goto out;
      }
      if (ready) {
        uint64_t mf[14], rf[14];
        int enc, op, hdr;
        desc_fields(w, &enc, &op, rf, &hdr);
        const ctrl_rec *r = idx < s.n_ops ? &s.ops[idx] : NULL;
        if (r) rec_fields(r, mf);
        if (!r || r->encoder != enc || (int)r->op != op || !hdr || memcmp(mf, rf, sizeof mf)) {
          fprintf(stderr, "sim-ctrl: DIVERGENCE at descriptor %zu (model %s, %zu ops)\n", idx,
                  mrc ? "rejects the configuration" : "accepts", s.n_ops);
          if (mrc) fprintf(stderr, "  model: %s\n", err.msg);
          print_pair(r, w);
          print_cfg(t);
          rc = -1;
          goto out;
        }
        st->descs++;
        idx++;
        holding = 0;
      } else {
        memcpy(held, w, sizeof w);
        holding = 1;
      }
    }
    ctrl_dut_tick(d);
  }
  ctrl_dut_set_ready(d, 0);
  int rtl_status = ctrl_dut_error(d) ? ctrl_dut_err_code(d) : 0;
  uint32_t status_reg = ctrl_dut_read(d, 0x00);
  if (rtl_status != (int)s.status || ((status_reg >> 4) & 7u) != (uint32_t)rtl_status) {
    fprintf(stderr, "sim-ctrl: DIVERGENCE in status: model %s (%d)%s%s, RTL %s (%d), status "
                    "register 0x%08x\n",
            ctrl_status_name(s.status), (int)s.status, mrc ? ": " : "", mrc ? err.msg : "",
            ctrl_status_name((ctrl_status)rtl_status), rtl_status, status_reg);
    print_cfg(t);
    rc = -1;
    goto out;
  }
  if (idx != s.n_ops) {
    fprintf(stderr, "sim-ctrl: DIVERGENCE: RTL issued %zu descriptors, model %zu\n", idx,
            s.n_ops);
    print_cfg(t);
    rc = -1;
    goto out;
  }
  uint64_t want[CTRL_N_COUNTERS];
  ctrl_totals_counters(&s.totals, want);
  for (int j = 0; j < CTRL_N_COUNTERS; j++) {
    uint64_t got = (uint64_t)ctrl_dut_read(d, 0x20u + 2u * (unsigned)j) |
                   ((uint64_t)ctrl_dut_read(d, 0x21u + 2u * (unsigned)j) << 32);
    if (got != want[j]) {
      fprintf(stderr, "sim-ctrl: DIVERGENCE in counter %s: model %" PRIu64 ", RTL %" PRIu64
                      " (after %zu descriptors)\n", counter_names[j], want[j], got, idx);
      print_cfg(t);
      rc = -1;
      goto out;
    }
  }
out:
  st->cycles = cyc + 1;
  if (rc) st->divergences++;
  ctrl_schedule_free(&s);
  return rc;
}

/* ---- configurations --------------------------------------------------- */

static void add(ctrl_reuse *r, int e, int s) {
  r->item[r->n].encoder = e;
  r->item[r->n].source = s;
  r->n++;
}

static ctrl_chip other_chip(void) {
  ctrl_chip c = ctrl_chip_default();
  c.tile = (xbar_cfg){.rows = 128, .outs = 16, .w_bits = 4, .cell_bits = 1, .x_bits = 6,
                      .x_signed = true, .adc_bits = 7, .cols_per_adc = 16,
                      .enc = XBAR_ENC_DIFFERENTIAL};
  c.par_tiles = 16;
  c.softmax_lanes = 32;
  c.ln_lanes = 16;
  c.gelu_lanes = 24;
  c.add_lanes = 128;
  c.buf_lanes = 48;
  return c;
}

static xbar_cfg random_tile(trex_rng *g) {
  static const int rows[] = {16, 32, 64, 128, 256}, cbs[] = {1, 2, 4};
  for (;;) {
    xbar_cfg x = {.rows = rows[trex_rng_range(g, 0, 4)],
                  .outs = (int)trex_rng_range(g, 1, 64),
                  .cell_bits = cbs[trex_rng_range(g, 0, 2)],
                  .w_bits = (int)trex_rng_range(g, 2, 8),
                  .x_bits = (int)trex_rng_range(g, 2, 8),
                  .x_signed = trex_rng_range(g, 0, 1),
                  .adc_bits = (int)trex_rng_range(g, 1, 12),
                  .cols_per_adc = 1 << trex_rng_range(g, 0, 4),
                  .enc = trex_rng_range(g, 0, 1) ? XBAR_ENC_DIFFERENTIAL : XBAR_ENC_OFFSET};
    if (!xbar_cfg_check(&x, "tile", NULL)) return x;
  }
}

static int pick_dim(trex_rng *g, int large, int hi_small) {
  return (int)(large ? trex_rng_range(g, 1, VIT_MAX_DIM) : trex_rng_range(g, 1, hi_small));
}

static void random_cfg(trex_rng *g, long n, tb_cfg *t) {
  memset(t, 0, sizeof *t);
  int large = trex_rng_range(g, 0, 9) == 0;
  vit_model *m = &t->m;
  snprintf(m->name, sizeof m->name, "random-%ld", n);
  m->heads = (int)trex_rng_range(g, 1, large ? 64 : 16);
  int d = (int)trex_rng_range(g, 1, large ? VIT_MAX_DIM / m->heads : 96);
  m->embedding = m->heads * d;
  m->tokens = pick_dim(g, large, 300);
  m->mlp = pick_dim(g, large, 3072);
  m->tb_hidden = pick_dim(g, large, 512);
  m->tb_layers = (int)trex_rng_range(g, 1, 2);
  m->depth = trex_rng_range(g, 0, 9) == 0 ? (int)trex_rng_range(g, 1, VIT_MAX_DEPTH)
                                          : (int)trex_rng_range(g, 1, 24);
  t->c = ctrl_chip_default();
  t->c.tile = random_tile(g);
  t->c.par_tiles = trex_rng_range(g, 0, 2) == 0 ? 0 : (int)trex_rng_range(g, 1, 64);
  t->c.softmax_lanes = (int)trex_rng_range(g, 1, 128);
  t->c.ln_lanes = (int)trex_rng_range(g, 1, 128);
  t->c.gelu_lanes = (int)trex_rng_range(g, 1, 128);
  t->c.add_lanes = (int)trex_rng_range(g, 1, 128);
  t->c.buf_lanes = (int)trex_rng_range(g, 1, 128);
  t->ready_p = 0.2 + 0.8 * trex_rng_unit(g);
  /* a legal reuse list in random order */
  int comp[VIT_MAX_DEPTH], nc = 1, reused[VIT_MAX_DEPTH] = {0};
  comp[0] = 0;
  double p = trex_rng_unit(g);
  for (int i = 1; i < m->depth; i++) {
    if (trex_rng_unit(g) >= p) {
      comp[nc++] = i;
      continue;
    }
    reused[i] = 1;
    add(&t->r, i, trex_rng_range(g, 0, 1) ? CTRL_SRC_AUTO : comp[trex_rng_range(g, 0, nc - 1)]);
  }
  for (int k = t->r.n - 1; k > 0; k--) {
    int j = (int)trex_rng_range(g, 0, k);
    ctrl_reuse_item x = t->r.item[k];
    t->r.item[k] = t->r.item[j];
    t->r.item[j] = x;
  }
  /* about a third illegal, one defect each */
  int kind = trex_rng_range(g, 0, 2) == 0 ? (int)trex_rng_range(g, 1, 10) : 0;
  int *dims[] = {&m->tokens, &m->embedding, &m->heads, &m->mlp, &m->depth, &m->tb_hidden,
                 &m->tb_layers};
  switch (kind) {
    case 1: *dims[trex_rng_range(g, 0, 6)] = 0; break;
    case 2: *dims[trex_rng_range(g, 0, 6)] = -(int)trex_rng_range(g, 1, 100000); break;
    case 3: {
      int k = (int)trex_rng_range(g, 0, 6);
      *dims[k] = k == 4 ? (int)trex_rng_range(g, 65, 1000)
                        : k == 6 ? (int)trex_rng_range(g, 3, 9)
                                 : (int)trex_rng_range(g, VIT_MAX_DIM + 1, 1 << 30);
      break;
    }
    case 4:
      if (m->heads == 1) m->heads = 2, m->embedding = 2 * d;
      m->embedding += (int)trex_rng_range(g, 1, m->heads - 1);
      if (m->embedding > VIT_MAX_DIM) m->embedding -= m->heads;
      break;
    case 5:
      if (trex_rng_range(g, 0, 1)) {
        int *l[] = {&t->c.softmax_lanes, &t->c.ln_lanes, &t->c.gelu_lanes, &t->c.add_lanes,
                    &t->c.buf_lanes};
        *l[trex_rng_range(g, 0, 4)] = trex_rng_range(g, 0, 1) ? 0 : 70000;
      } else {
        t->c.par_tiles = (int)trex_rng_range(g, CTRL_MAX_FIGURE + 1, 1 << 20);
      }
      break;
    case 6: add(&t->r, 0, CTRL_SRC_AUTO); break;
    case 7: /* a source that is not earlier */
      if (m->depth < 2) break;
      {
        int e = (int)trex_rng_range(g, 1, m->depth - 1);
        if (reused[e]) {
          for (int k = 0; k < t->r.n; k++)
            if (t->r.item[k].encoder == e) t->r.item[k].source = (int)trex_rng_range(g, e, 63);
        } else {
          add(&t->r, e, (int)trex_rng_range(g, e, 63));
        }
      }
      break;
    case 8: /* a source that itself reuses */
      for (int k = 0; k < t->r.n; k++)
        for (int j = 0; j < t->r.n; j++)
          if (t->r.item[j].encoder < t->r.item[k].encoder) {
            t->r.item[k].source = t->r.item[j].encoder;
            goto done8;
          }
    done8:
      break;
    case 9:
      if (m->depth < VIT_MAX_DEPTH) add(&t->r, (int)trex_rng_range(g, m->depth, 63), CTRL_SRC_AUTO);
      break;
    case 10: /* E % H with E and H both legal */
      m->heads = (int)trex_rng_range(g, 2, 40);
      m->embedding = m->heads * (int)trex_rng_range(g, 1, 100) + 1;
      break;
    default: break;
  }
  snprintf(t->label, sizeof t->label, "random #%ld (%s)", n, kind ? "illegal" : "legal");
}

/* Register walk targets 0..17: the 15 registers written from a model or
 * chip field (a pointer into t), then the three tile figures the C model
 * derives (cycles per MVM, ADC conversions per MVM, cells per weight),
 * which only an override can set (NULL here). */
#define WALK_REGS 18
static int *walk_field(tb_cfg *t, int reg) {
  int *f[15] = {&t->m.tokens,     &t->m.embedding,     &t->m.heads,
                &t->m.mlp,        &t->m.depth,         &t->m.tb_hidden,
                &t->m.tb_layers,  &t->c.tile.rows,     &t->c.tile.outs,
                &t->c.par_tiles,  &t->c.softmax_lanes, &t->c.ln_lanes,
                &t->c.gelu_lanes, &t->c.add_lanes,     &t->c.buf_lanes};
  return reg < 15 ? f[reg] : NULL;
}

/* Points an override at tile figure reg - 15 with value v. */
static void walk_override(tb_cfg *t, int reg, uint32_t v) {
  static const unsigned addr[3] = {0x0a, 0x0b, 0x0c};
  t->ov_addr = (int)addr[reg - 15];
  t->ov_val = v;
}

/* A built-in model on the default chip, no reuse. */
static int walk_base(tb_cfg *t, const char *model, double ready_p) {
  memset(t, 0, sizeof *t);
  trex_err err;
  if (vit_model_builtin(model, &t->m, &err)) return -1;
  t->c = ctrl_chip_default();
  t->ready_p = ready_p;
  return 0;
}

/* A small 64-encoder model with the sizes of m (depth set here) on the
 * default chip, desc_ready always high, no reuse yet. */
static void deep_base(tb_cfg *t, const char *name, vit_model m) {
  memset(t, 0, sizeof *t);
  t->m = m;
  t->m.depth = VIT_MAX_DEPTH;
  snprintf(t->m.name, sizeof t->m.name, "%s", name);
  t->c = ctrl_chip_default();
  t->ready_p = 1.0;
}

/* Directed sets (docs/controller.md, "Verification"): every bit 16..31 of
 * every register on DeiT-S (depth from bit 6, tb_layers from bit 1), every
 * register at 0, explicit sources on 64 encoders, deep models with random
 * sources, extreme sizes, every reuse-mask bit. The expected status comes
 * from the C model, except for the three tile figures, where the register
 * map's 1..65535 rule applies. */
static int run_walk(ctrl_dut *d, trex_rng *bp, trex_rng *dg, tb_stats *st) {
  int rc = 0;
  for (int reg = 0; reg < WALK_REGS && !rc; reg++) {
    int lo = reg == 4 ? 6 : reg == 6 ? 1 : 16;
    for (int b = lo; b < 32 && !rc; b++) {
      tb_cfg t;
      if (walk_base(&t, "deit-s", 1.0)) return -1;
      const uint32_t bit = 1u << b;
      int *f = walk_field(&t, reg);
      if (f) {
        *f = (int)((uint32_t)*f | bit);
      } else {
        const int64_t fig[3] = {ctrl_chip_cycles_per_mvm(&t.c), ctrl_chip_adc_per_mvm(&t.c),
                                ctrl_chip_cells_per_weight(&t.c)};
        walk_override(&t, reg, (uint32_t)fig[reg - 15] | bit);
      }
      snprintf(t.label, sizeof t.label, "register walk: register %d bit %d", reg, b);
      rc = run_one(d, bp, &t, st);
    }
  }
  /* every model and chip register at 0 */
  for (int reg = 0; reg < WALK_REGS && !rc; reg++) {
    tb_cfg t;
    if (walk_base(&t, "deit-t", 1.0)) return -1;
    int *f = walk_field(&t, reg);
    if (f) *f = 0;
    else walk_override(&t, reg, 0);
    snprintf(t.label, sizeof t.label, "zero walk: register %d", reg);
    rc = run_one(d, bp, &t, st);
  }
  /* explicit sources on 64 encoders: even encoders compute, odd ones reuse
   * an even source chosen so that source bit b is set where it can be */
  for (int b = 0; b < 6 && !rc; b++) {
    tb_cfg t;
    char name[32];
    snprintf(name, sizeof name, "source-walk-%d", b);
    deep_base(&t, name, (vit_model){.tokens = 3, .embedding = 4, .heads = 2, .mlp = 5,
                                    .tb_hidden = 2, .tb_layers = 2});
    for (int i = 1; i < VIT_MAX_DEPTH; i += 2) {
      int src = 0;
      for (int e = i - 1; e >= 0; e -= 2)
        if (e >> b & 1) {
          src = e;
          break;
        }
      add(&t.r, i, src);
    }
    snprintf(t.label, sizeof t.label, "source walk: bit %d", b);
    rc = run_one(d, bp, &t, st);
  }
  /* 32 deep models (64 encoders, small sizes) with random explicit sources
   * (drawn from dg, so they depend on the seed only): every source entry
   * written with varied values next to each other, and the entries of the
   * encoders that compute with random 32-bit words the controller must
   * ignore (register map) */
  for (int n = 0; n < 32 && !rc; n++) {
    tb_cfg t;
    char name[32];
    snprintf(name, sizeof name, "deep-%d", n);
    deep_base(&t, name, (vit_model){.tokens = 2, .embedding = 2, .heads = 1, .mlp = 3,
                                    .tb_hidden = 1, .tb_layers = 1 + n % 2});
    int comp[VIT_MAX_DEPTH], nc = 1;
    comp[0] = 0;
    for (int i = 1; i < VIT_MAX_DEPTH; i++) {
      if (trex_rng_unit(dg) < 0.4) {
        comp[nc++] = i;
      } else {
        add(&t.r, i, trex_rng_unit(dg) < 0.85 ? comp[trex_rng_range(dg, 0, nc - 1)]
                                              : CTRL_SRC_AUTO);
      }
    }
    for (int k = 0; k < nc; k++) {
      t.spare_mask |= 1ull << comp[k];
      t.spare_src[comp[k]] = (uint32_t)trex_rng_range(dg, 0, 0xffffffffLL);
    }
    snprintf(t.label, sizeof t.label, "deep random sources %d", n);
    rc = run_one(d, bp, &t, st);
  }
  /* extremes: every size at 65535 on the smallest tiles and one lane, so
   * quotients, products and counters reach their upper bits and wrap */
  static const int heads[4] = {5, 65535, 3, 257}, par[4] = {1, 0, 7, 65535};
  for (int v = 0; v < 4 && !rc; v++) {
    tb_cfg t;
    memset(&t, 0, sizeof t);
    vit_model *m = &t.m;
    snprintf(m->name, sizeof m->name, "extreme-%d", v);
    m->tokens = m->embedding = m->mlp = m->tb_hidden = VIT_MAX_DIM;
    m->heads = heads[v];
    m->depth = 3;
    m->tb_layers = 1 + (v & 1);
    t.c = ctrl_chip_default();
    t.c.tile = (xbar_cfg){.rows = 16, .outs = 1, .w_bits = 8, .cell_bits = 1, .x_bits = 8,
                          .x_signed = true, .adc_bits = 12, .cols_per_adc = 8,
                          .enc = v & 1 ? XBAR_ENC_DIFFERENTIAL : XBAR_ENC_OFFSET};
    t.c.par_tiles = par[v];
    t.c.softmax_lanes = t.c.ln_lanes = t.c.gelu_lanes = t.c.add_lanes = t.c.buf_lanes =
        v == 2 ? VIT_MAX_DIM : 1;
    t.ready_p = 0.7;
    add(&t.r, 2, v == 3 ? 0 : CTRL_SRC_AUTO);
    snprintf(t.label, sizeof t.label, "extreme sizes %d", v);
    rc = run_one(d, bp, &t, st);
  }
  for (int i = 0; i < 64 && !rc; i++) {
    tb_cfg t;
    if (walk_base(&t, "deit-s", 0.5)) return -1;
    add(&t.r, i, CTRL_SRC_AUTO);
    snprintf(t.label, sizeof t.label, "mask walk: encoder %d", i);
    rc = run_one(d, bp, &t, st);
  }
  return rc;
}

int main(int argc, char **argv) {
  long seed = 1, nrand = 1000;
  const char *model = NULL, *reuse = "", *chipf = NULL, *activity = NULL;
  double ready = 1.0;
  for (int k = 1; k < argc; k++) {
    if (!strcmp(argv[k], "--help") || !strcmp(argv[k], "-h")) {
      fputs(help, stdout);
      return 0;
    } else if (!strcmp(argv[k], "--seed") && k + 1 < argc) {
      /* strict (trex_num.h): CTRL_SEED=-1 or =abc is an error, not 0 */
      int64_t v;
      if (trex_parse_i64(argv[++k], 0, INT64_MAX, &v)) {
        fprintf(stderr, "tb_ctrl: --seed '%s': not an integer in 0..2^63-1\n", argv[k]);
        return 2;
      }
      seed = (long)v;
    } else if (!strcmp(argv[k], "--random") && k + 1 < argc) {
      int64_t v;
      if (trex_parse_i64(argv[++k], 0, 100000000, &v)) {
        fprintf(stderr, "tb_ctrl: --random '%s': not an integer in 0..100000000\n", argv[k]);
        return 2;
      }
      nrand = (long)v;
    } else if (!strcmp(argv[k], "--model") && k + 1 < argc) {
      model = argv[++k];
    } else if (!strcmp(argv[k], "--reuse") && k + 1 < argc) {
      reuse = argv[++k];
    } else if (!strcmp(argv[k], "--chip") && k + 1 < argc) {
      chipf = argv[++k];
    } else if (!strcmp(argv[k], "--activity") && k + 1 < argc) {
      activity = argv[++k];
    } else if (!strcmp(argv[k], "--ready") && k + 1 < argc) {
      if (trex_parse_real(argv[++k], 0, 1, &ready) || !(ready > 0)) {
        fprintf(stderr, "tb_ctrl: --ready '%s': not a probability in (0, 1]\n", argv[k]);
        return 2;
      }
    } else {
      fprintf(stderr, "tb_ctrl: unknown argument '%s' (see --help)\n", argv[k]);
      return 2;
    }
  }
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  ctrl_dut *d = ctrl_dut_new();
  ctrl_dut_set_rst_n(d, 0);
  ctrl_dut_tick(d);
  ctrl_dut_tick(d);
  ctrl_dut_set_rst_n(d, 1);
  /* g draws the configurations, bp the back-pressure: the configuration
   * set depends on the seed only, not on how many cycles the RTL takes */
  trex_rng g, bp, dg, idle;
  trex_rng_seed(&g, (uint64_t)seed);
  trex_rng_seed(&bp, (uint64_t)seed ^ 0x9e3779b97f4a7c15ULL);
  trex_rng_seed(&dg, (uint64_t)seed ^ 0xc2b2ae3d27d4eb4fULL);
  trex_rng_seed(&idle, (uint64_t)seed ^ 0x165667b19e3779f9ULL);
  tb_stats st = {0};
  int rc = 0;
  if (activity && !model) {
    fprintf(stderr, "tb_ctrl: --activity needs --model\n");
    return 2;
  }
  if (model) {
    tb_cfg t;
    memset(&t, 0, sizeof t);
    trex_err err;
    t.c = ctrl_chip_default();
    t.ready_p = ready;
    if (vit_model_resolve(model, &t.m, &err) || (chipf && ctrl_chip_load(chipf, &t.c, &err)) ||
        ctrl_reuse_parse(reuse, &t.r, &err) || ctrl_reg_image_check(&t.m, &err)) {
      fprintf(stderr, "tb_ctrl: %s\n", err.msg);
      return 2;
    }
    snprintf(t.label, sizeof t.label, "%.40s / reuse '%.40s'", t.m.name, reuse);
    st.zero_cov = activity != NULL;
    rc = run_one(d, &bp, &t, &st);
    if (!rc && activity && ctrl_dut_cov_write(d, activity)) {
      fprintf(stderr, "tb_ctrl: --activity %s: cannot write\n", activity);
      rc = -1;
    }
    ctrl_dut_free(d);
    printf("sim-ctrl: %s: %ld descriptors compared, %ld divergences, %ld cycles\n", t.label,
           st.descs, st.divergences, st.cycles);
    return rc ? 1 : 0;
  }
  st.idle = &idle;
  const char *const *names = vit_model_builtin_names();
  for (int chip = 0; chip < 2 && !rc; chip++)
    for (int b = 0; names[b] && !rc; b++)
      for (int list = 0; list < 4 && !rc; list++) {
        tb_cfg t;
        memset(&t, 0, sizeof t);
        trex_err err;
        if (vit_model_builtin(names[b], &t.m, &err)) return 2;
        t.c = chip ? other_chip() : ctrl_chip_default();
        t.ready_p = list == 0 ? 1.0 : 0.5;
        static const char *const ln[] = {"none", "every other", "all but 0", "explicit"};
        for (int i = 1; i < t.m.depth; i++) {
          if (list == 1 && i % 2) add(&t.r, i, CTRL_SRC_AUTO);
          if (list == 2) add(&t.r, i, CTRL_SRC_AUTO);
          if (list == 3 && i % 3) add(&t.r, i, i >= 6 ? 3 * (i / 3) - 3 : 0);
        }
        snprintf(t.label, sizeof t.label, "%s / %s / %s chip", names[b], ln[list],
                 chip ? "other" : "default");
        rc = run_one(d, &bp, &t, &st);
      }
  if (!rc) rc = run_walk(d, &bp, &dg, &st);
  for (long n = 0; n < nrand && !rc; n++) {
    tb_cfg t;
    random_cfg(&g, n, &t);
    rc = run_one(d, &bp, &t, &st);
  }
  ctrl_dut_free(d);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double secs = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
  printf("sim-ctrl: %ld configurations (%ld legal, %ld illegal), %ld descriptors compared, "
         "%ld divergences, %.1f s (seed %ld)\n",
         st.configs, st.legal, st.illegal, st.descs, st.divergences, secs, seed);
  printf("sim-ctrl: statuses compared:");
  for (int k = 0; k <= CTRL_E_DUP; k++)
    if (st.by_status[k]) printf(" %s %ld", ctrl_status_name((ctrl_status)k), st.by_status[k]);
  printf("\n");
  return rc ? 1 : 0;
}
