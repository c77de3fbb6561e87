/* ctrl_tb_cfg: the configurations of the controller testbench (ctrl_tb.h,
 * docs/controller.md "Verification"). */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ctrl_tb.h"

ctrl_chip ctrl_tb_other_chip(void) {
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

void ctrl_tb_random(trex_rng *g, long n, tb_cfg *t) {
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
  /* the model-level keys: each 0 (the host does it) half of the time, the
   * other half small or up to the limit */
  m->patch_dim = trex_rng_range(g, 0, 1) ? 0 : pick_dim(g, large, 1024);
  m->classes = trex_rng_range(g, 0, 1) ? 0 : pick_dim(g, large, 2000);
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
    ctrl_reuse_add(&t->r, i, trex_rng_range(g, 0, 1) ? CTRL_SRC_AUTO : comp[trex_rng_range(g, 0, nc - 1)]);
  }
  for (int k = t->r.n - 1; k > 0; k--) {
    int j = (int)trex_rng_range(g, 0, k);
    ctrl_reuse_item x = t->r.item[k];
    t->r.item[k] = t->r.item[j];
    t->r.item[j] = x;
  }
  /* about a third illegal, one defect each */
  int kind = trex_rng_range(g, 0, 2) == 0 ? (int)trex_rng_range(g, 1, 10) : 0;
  /* 0..6 must not be 0; 7, 8 (patch_dim, classes) may */
  int *dims[] = {&m->tokens, &m->embedding, &m->heads,     &m->mlp,    &m->depth,
                 &m->tb_hidden, &m->tb_layers, &m->patch_dim, &m->classes};
  switch (kind) {
    case 1: *dims[trex_rng_range(g, 0, 6)] = 0; break;
    case 2: *dims[trex_rng_range(g, 0, 8)] = -(int)trex_rng_range(g, 1, 100000); break;
    case 3: {
      int k = (int)trex_rng_range(g, 0, 8);
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
    case 6: ctrl_reuse_add(&t->r, 0, CTRL_SRC_AUTO); break;
    case 7: /* a source that is not earlier */
      if (m->depth < 2) break;
      {
        int e = (int)trex_rng_range(g, 1, m->depth - 1);
        if (reused[e]) {
          for (int k = 0; k < t->r.n; k++)
            if (t->r.item[k].encoder == e) t->r.item[k].source = (int)trex_rng_range(g, e, 63);
        } else {
          ctrl_reuse_add(&t->r, e, (int)trex_rng_range(g, e, 63));
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
      if (m->depth < VIT_MAX_DEPTH) ctrl_reuse_add(&t->r, (int)trex_rng_range(g, m->depth, 63), CTRL_SRC_AUTO);
      break;
    case 10: /* E % H with E and H both legal */
      m->heads = (int)trex_rng_range(g, 2, 40);
      m->embedding = m->heads * (int)trex_rng_range(g, 1, 100) + 1;
      break;
    default: break;
  }
  snprintf(t->label, sizeof t->label, "random #%ld (%s)", n, kind ? "illegal" : "legal");
}

/* Register walk targets (ctrl_contract.def): first the registers written
 * from a model or chip field (field points into t), then the tile figures
 * the C model derives (cycles per MVM, ADC conversions per MVM, cells per
 * weight), set through tb_cfg.fig (field NULL). lo: the lowest bit
 * that can take a legal value past the register's limit. */
typedef struct {
  int addr, lo;
  int *field;
} walk_reg;

static int bits_past(long hi) {
  int b = 0;
  while ((1L << (b + 1)) <= hi + 1) b++;
  return b;
}

static int walk_regs(tb_cfg *t, walk_reg w[CTRL_REG_IMAGE_WRITES]) {
  int n = 0;
#define CTRL_REG_MODEL(id, addr, key, lo, hi) w[n++] = (walk_reg){addr, bits_past(CTRL_##hi), &t->m.key};
#define CTRL_REG_CHIP(id, addr, key, lo, hi) w[n++] = (walk_reg){addr, bits_past(CTRL_##hi), &t->c.key};
#include "ctrl_contract.def"
#define CTRL_REG_FIGURE(id, addr, fn, lo, hi, doc) w[n++] = (walk_reg){addr, bits_past(CTRL_##hi), NULL};
#include "ctrl_contract.def"
  return n;
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

/* A small 64-encoder model with the sizes of m (depth set here), named
 * "PREFIX-n", on the default chip, desc_ready always high, no reuse yet. */
static void deep_base(tb_cfg *t, const char *prefix, int n, vit_model m) {
  memset(t, 0, sizeof *t);
  t->m = m;
  t->m.depth = VIT_MAX_DEPTH;
  snprintf(t->m.name, sizeof t->m.name, "%s-%d", prefix, n);
  t->c = ctrl_chip_default();
  t->ready_p = 1.0;
}

/* Extreme configuration v (0..3) "PREFIX-v": every size at 65535 with the
 * heads (E % H = 0) and par_tiles of v, depth 3, encoder 2 reusing (encoder
 * 0 explicitly in v = 3), the default chip, desc_ready 0.7. */
static void extreme_base(tb_cfg *t, const char *prefix, int v) {
  static const int heads[4] = {5, 65535, 3, 257}, par[4] = {1, 0, 7, 65535};
  memset(t, 0, sizeof *t);
  vit_model *m = &t->m;
  snprintf(m->name, sizeof m->name, "%s-%d", prefix, v);
  m->tokens = m->embedding = m->mlp = m->tb_hidden = VIT_MAX_DIM;
  m->heads = heads[v];
  m->depth = 3;
  t->c = ctrl_chip_default();
  t->c.par_tiles = par[v];
  t->ready_p = 0.7;
  ctrl_reuse_add(&t->r, 2, v == 3 ? 0 : CTRL_SRC_AUTO);
}

/* Names configuration t (printf-style, as the reports print it) and runs it
 * (ctrl_tb_run). */
__attribute__((format(printf, 5, 6))) static int run_named(ctrl_dut *d, trex_rng *bp, tb_cfg *t,
                                                           tb_stats *st, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(t->label, sizeof t->label, fmt, ap);
  va_end(ap);
  return ctrl_tb_run(d, bp, t, st);
}

/* Directed sets (docs/controller.md, "Verification"): every bit 16..31 of
 * every register on DeiT-S (depth from bit 6, tb_layers from bit 1), every
 * register at 0, explicit sources on 64 encoders, deep models with random
 * sources, extreme sizes, extreme chip figures, the period walk, the
 * model-level ops, the figure walk, writes beside the start, every
 * reuse-mask bit. The expected status comes from the C model (for the
 * three tile figures, ctrl_schedule_build_figures: the register map's
 * 1..65535 rule). */
int ctrl_tb_walk(ctrl_dut *d, trex_rng *bp, trex_rng *dg, tb_stats *st) {
  int rc = 0;
  walk_reg w[CTRL_REG_IMAGE_WRITES];
  tb_cfg probe;
  memset(&probe, 0, sizeof probe);
  const int nreg = walk_regs(&probe, w);
  for (int reg = 0; reg < nreg && !rc; reg++) {
    for (int b = w[reg].lo; b < CTRL_DATA_W && !rc; b++) {
      tb_cfg t;
      if (walk_base(&t, "deit-s", 1.0)) return -1;
      walk_reg wt[CTRL_REG_IMAGE_WRITES];
      walk_regs(&t, wt);
      const uint32_t bit = 1u << b;
      if (wt[reg].field) {
        *wt[reg].field = (int)((uint32_t)*wt[reg].field | bit);
      } else {
        t.fig = ctrl_chip_figures(&t.c);
        t.fig_set = 1;
        *ctrl_tb_fig(&t.fig, (unsigned)wt[reg].addr) |= bit;
      }
      rc = run_named(d, bp, &t, st, "register walk: register %d bit %d", reg, b);
    }
  }
  /* every model and chip register at 0 */
  for (int reg = 0; reg < nreg && !rc; reg++) {
    tb_cfg t;
    if (walk_base(&t, "deit-t", 1.0)) return -1;
    walk_reg wt[CTRL_REG_IMAGE_WRITES];
    walk_regs(&t, wt);
    if (wt[reg].field) {
      *wt[reg].field = 0;
    } else {
      t.fig = ctrl_chip_figures(&t.c);
      t.fig_set = 1;
      *ctrl_tb_fig(&t.fig, (unsigned)wt[reg].addr) = 0;
    }
    rc = run_named(d, bp, &t, st, "zero walk: register %d", reg);
  }
  /* explicit sources on 64 encoders: even encoders compute, odd ones reuse
   * an even source chosen so that source bit b is set where it can be */
  for (int b = 0; b < 6 && !rc; b++) {
    tb_cfg t;
    deep_base(&t, "source-walk", b,
              (vit_model){.tokens = 3, .embedding = 4, .heads = 2, .mlp = 5, .tb_hidden = 2,
                          .tb_layers = 2});
    for (int i = 1; i < VIT_MAX_DEPTH; i += 2) {
      int src = 0;
      for (int e = i - 1; e >= 0; e -= 2)
        if (e >> b & 1) {
          src = e;
          break;
        }
      ctrl_reuse_add(&t.r, i, src);
    }
    rc = run_named(d, bp, &t, st, "source walk: bit %d", b);
  }
  /* 32 deep models (64 encoders, small sizes) with random explicit sources
   * (drawn from dg, so they depend on the seed only): every source entry
   * written with varied values next to each other, and the entries of the
   * encoders that compute with random 32-bit words the controller must
   * ignore (register map) */
  for (int n = 0; n < 32 && !rc; n++) {
    tb_cfg t;
    deep_base(&t, "deep", n,
              (vit_model){.tokens = 2, .embedding = 2, .heads = 1, .mlp = 3, .tb_hidden = 1,
                          .tb_layers = 1 + n % 2});
    int comp[VIT_MAX_DEPTH], nc = 1;
    comp[0] = 0;
    for (int i = 1; i < VIT_MAX_DEPTH; i++) {
      if (trex_rng_unit(dg) < 0.4) {
        comp[nc++] = i;
      } else {
        ctrl_reuse_add(&t.r, i, trex_rng_unit(dg) < 0.85 ? comp[trex_rng_range(dg, 0, nc - 1)]
                                              : CTRL_SRC_AUTO);
      }
    }
    for (int k = 0; k < nc; k++) {
      t.spare_mask |= 1ull << comp[k];
      t.spare_src[comp[k]] = (uint32_t)trex_rng_range(dg, 0, 0xffffffffLL);
    }
    rc = run_named(d, bp, &t, st, "deep random sources %d", n);
  }
  /* extremes: every size at 65535 on the smallest tiles and one lane, so
   * quotients, products and counters reach their upper bits and wrap */
  for (int v = 0; v < 4 && !rc; v++) {
    tb_cfg t;
    extreme_base(&t, "extreme", v);
    t.m.patch_dim = t.m.classes = v == 1 ? 0 : VIT_MAX_DIM;
    t.m.tb_layers = 1 + (v & 1);
    t.c.tile = (xbar_cfg){.rows = 16, .outs = 1, .w_bits = 8, .cell_bits = 1, .x_bits = 8,
                          .x_signed = true, .adc_bits = 12, .cols_per_adc = 8,
                          .enc = v & 1 ? XBAR_ENC_DIFFERENTIAL : XBAR_ENC_OFFSET};
    t.c.softmax_lanes = t.c.ln_lanes = t.c.gelu_lanes = t.c.add_lanes = t.c.buf_lanes =
        v == 2 ? VIT_MAX_DIM : 1;
    rc = run_named(d, bp, &t, st, "extreme sizes %d", v);
  }
  /* extremes of the register figures: every size at 65535 with rows and
   * outs down to 1 (tiles reach E * T, about 2^32) and P, A, C up to 65535,
   * so the MVM period, the ADC conversions and the cells written reach
   * bits 40..63 and wrap (legal registers no tile has:
   * ctrl_schedule_build_figures) */
  static const int64_t xf[4][5] = {{1, 1, 65535, 65535, 65535},
                                   {65535, 65535, 65535, 65535, 65535},
                                   {1, 65535, 1, 65535, 1},
                                   {2, 3, 65521, 65519, 65533}};
  for (int v = 0; v < 4 && !rc; v++) {
    tb_cfg t;
    extreme_base(&t, "extreme-figures", v);
    t.m.patch_dim = t.m.classes = VIT_MAX_DIM;
    t.m.tb_layers = 2 - (v & 1);
    t.c.softmax_lanes = t.c.ln_lanes = t.c.gelu_lanes = t.c.add_lanes = t.c.buf_lanes =
        v == 1 ? VIT_MAX_DIM : 1 + v;
    t.fig_set = 1;
    t.fig = (ctrl_figures){xf[v][0], xf[v][1], xf[v][2], xf[v][3], xf[v][4]};
    rc = run_named(d, bp, &t, st, "extreme figures %d", v);
  }
  /* the MVM period (P x rounds) at each power of two 2^30..2^45: T = E = H
   * = 32768 on one-row, one-output tiles, par_tiles 1, gives qk 2^30 tiles
   * in as many rounds, and P = 2^(j-30) the period 2^j, against a
   * requantisation stream of B = 2^30 beats (add_lanes 1), so every upper
   * bit of the period decides the hold (B + 1 - period or 0) once */
  for (int j = 30; j < 46 && !rc; j++) {
    tb_cfg t;
    memset(&t, 0, sizeof t);
    vit_model *m = &t.m;
    snprintf(m->name, sizeof m->name, "period-%d", j);
    m->tokens = m->embedding = m->heads = 32768;
    m->mlp = m->tb_hidden = m->depth = m->tb_layers = 1;
    t.c = ctrl_chip_default();
    t.c.par_tiles = 1;
    t.c.add_lanes = 1;
    t.fig_set = 1;
    t.fig = (ctrl_figures){1, 1, (int64_t)1 << (j - 30), 1, 1};
    t.ready_p = 1.0;
    rc = run_named(d, bp, &t, st, "period walk: 2^%d", j);
  }
  /* the model-level ops: patch_dim and classes each 0 or not, on DeiT-S
   * without and with reuse; and with one token (no patch: patch_embed has
   * m = T - 1 = 0) */
  for (int v = 0; v < 10 && !rc; v++) {
    tb_cfg t;
    if (walk_base(&t, "deit-s", 0.6)) return -1;
    t.m.patch_dim = v & 1 ? 0 : v < 8 ? 768 : 1 + 4093 * v;
    t.m.classes = v & 2 ? 0 : v < 8 ? 1000 : 65535 - v;
    if (v & 4)
      for (int i = 1; i < t.m.depth; i += 2) ctrl_reuse_add(&t.r, i, CTRL_SRC_AUTO);
    if (v >= 8) t.m.tokens = 1;
    rc = run_named(d, bp, &t, st, "model-level ops %d: patch_dim %d classes %d tokens %d", v,
                   t.m.patch_dim, t.m.classes, t.m.tokens);
  }
  /* the chip figures (registers 0x08..0x0c) at legal values no tile has:
   * each one bit set, each one bit clear, all set, on a two-encoder DeiT-T
   * whose encoder 1 reuses (every op family) */
  const int nb = bits_past(CTRL_MAX_FIGURE) + 1; /* 16 */
  for (int f = 0; f < 5 && !rc; f++)
    for (int v = 0; v < 2 * nb + 1 && !rc; v++) {
      tb_cfg t;
      if (walk_base(&t, "deit-t", 0.8)) return -1;
      t.m.depth = 2;
      ctrl_reuse_add(&t.r, 1, CTRL_SRC_AUTO);
      t.fig = ctrl_chip_figures(&t.c);
      t.fig_set = 1;
      int64_t *fig = ctrl_tb_fig(&t.fig, CTRL_REG_ROWS + (unsigned)f);
      const int b = v % nb;
      *fig = v == 2 * nb ? CTRL_MAX_FIGURE : v < nb ? 1 << b : CTRL_MAX_FIGURE & ~(1 << b);
      rc = run_named(d, bp, &t, st, "figure walk: register 0x%02x = %" PRId64, CTRL_REG_ROWS + f,
                     *fig);
    }
  /* a write in the cycle of the start is ignored (docs/controller.md,
   * ports): every register of the image and a source entry, written with 0
   * and with all ones beside the start of a legal run */
  for (int reg = 0; reg <= nreg + 2 && !rc; reg++)
    for (int v = 0; v < 2 && !rc; v++) {
      tb_cfg t;
      if (walk_base(&t, "deit-t", 0.8)) return -1;
      t.m.depth = 3;
      ctrl_reuse_add(&t.r, 2, 0);
      t.start_wr = 1;
      t.start_addr = reg < nreg ? (unsigned)w[reg].addr
                     : reg == nreg ? CTRL_REG_MASK_LO
                     : reg == nreg + 1 ? CTRL_REG_MASK_HI
                                       : CTRL_REG_SRC + 2;
      t.start_val = v ? 0xffffffffu : 0;
      rc = run_named(d, bp, &t, st, "start-cycle write: register 0x%02x = 0x%08x", t.start_addr,
                     t.start_val);
    }
  for (int i = 0; i < 64 && !rc; i++) {
    tb_cfg t;
    if (walk_base(&t, "deit-s", 0.5)) return -1;
    ctrl_reuse_add(&t.r, i, CTRL_SRC_AUTO);
    rc = run_named(d, bp, &t, st, "mask walk: encoder %d", i);
  }
  return rc;
}

