/* Unit tests of the attention-reuse controller's C model (c-model/ctrl_*,
 * vit_model). Expected figures are derived by hand from the published shapes
 * and the formulas of docs/controller.md, never copied from the model. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cJSON.h>
#include <cmocka.h>

#include "ctrl_regimg.h"
#include "ctrl_schedule.h"
#include "trex_rng.h"
#include "unit_util.h"

static ctrl_schedule build_ok(const vit_model *m, const ctrl_chip *c, const char *reuse) {
  ctrl_reuse r;
  trex_err err = {{0}};
  assert_int_equal(ctrl_reuse_parse(reuse, &r, &err), 0);
  ctrl_schedule s;
  int rc = ctrl_schedule_build(m, c, &r, &s, &err);
  if (rc) fprintf(stderr, "unexpected error: %s\n", err.msg);
  assert_int_equal(rc, 0);
  assert_int_equal(s.status, CTRL_OK);
  return s;
}

static vit_model builtin(const char *name) {
  vit_model m;
  trex_err err;
  assert_int_equal(vit_model_builtin(name, &m, &err), 0);
  return m;
}

static int count_op(const ctrl_schedule *s, int enc, ctrl_op op) {
  int n = 0;
  for (size_t k = 0; k < s->n_ops; k++)
    if (s->ops[k].encoder == enc && s->ops[k].op == op) n++;
  return n;
}

/* DeiT-S: T = 197 tokens, E = 384, H = 6 (d = 64), M = 1536, 12 encoders,
 * patch_dim 768 (16x16x3), 1000 classes.
 * Per encoder:
 *   q, k, v, out projections: 4 * T*E*E = 4 * 197*147456 = 116,195,328
 *   qk (all heads): H * T*d*T = T*T*E = 38809*384         =  14,902,656
 *   sv (all heads): H * T*T*d = T*T*E                     =  14,902,656
 *   fc1 + fc2: 2 * T*E*M = 2 * 197*384*1536 = 2*116,195,328 = 232,390,656
 *   sum = 378,391,296; times 12 = 4,540,695,552.
 * Model level: patch_embed (T-1)*768*E = 196*768*384 = 57,802,752; head
 * E*1000 = 384,000; in all 4,598,882,304. Without the model keys (0, 0: the
 * host embeds and classifies) the encoders alone. */
static void test_deit_s_baseline_macs(void **st) {
  vit_model m = builtin("deit-s");
  ctrl_chip c = ctrl_chip_default();
  ctrl_schedule s = build_ok(&m, &c, "");
  assert_true(s.totals.macs == 4598882304ULL);
  ctrl_schedule_free(&s);
  m.patch_dim = m.classes = 0;
  s = build_ok(&m, &c, "");
  assert_true(s.totals.macs == 4540695552ULL);
  ctrl_schedule_free(&s);
}

/* Every built-in: depth * (4*T*E^2 + 2*T^2*E + 2*T*E*M) + (T-1)*P*E + E*K
 * from its published shape (tokens, embedding, mlp, depth, patch values P,
 * classes K typed here again, independently of vit_model.c). */
static void test_builtin_macs(void **st) {
  static const struct {
    const char *name;
    uint64_t T, E, H, M, D, P, K;
  } t[] = {{"deit-t", 197, 192, 3, 768, 12, 768, 1000},
           {"deit-s", 197, 384, 6, 1536, 12, 768, 1000},
           {"deit-b", 197, 768, 12, 3072, 12, 768, 1000},
           {"vit-b16", 197, 768, 12, 3072, 12, 768, 1000},
           {"lvvit-s", 197, 384, 6, 1152, 16, 768, 1000},
           {"bert-base", 128, 768, 12, 3072, 12, 0, 0}};
  ctrl_chip c = ctrl_chip_default();
  for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
    vit_model m = builtin(t[k].name);
    assert_int_equal(m.tokens, (int)t[k].T);
    assert_int_equal(m.embedding, (int)t[k].E);
    assert_int_equal(m.heads, (int)t[k].H);
    assert_int_equal(m.mlp, (int)t[k].M);
    assert_int_equal(m.depth, (int)t[k].D);
    assert_int_equal(m.tb_layers, 2);
    assert_int_equal(m.tb_hidden, (int)t[k].E / 4);
    assert_int_equal(m.patch_dim, (int)t[k].P);
    assert_int_equal(m.classes, (int)t[k].K);
    uint64_t T = t[k].T, E = t[k].E, M = t[k].M;
    uint64_t want = t[k].D * (4 * T * E * E + 2 * T * T * E + 2 * T * E * M) +
                    (T - 1) * t[k].P * E + E * t[k].K;
    ctrl_schedule s = build_ok(&m, &c, "");
    assert_true(s.totals.macs == want);
    /* 16 ops per computing encoder, no reuse ops; two before the encoders
     * with patches, two after them with classes */
    assert_int_equal((int)s.n_ops, 16 * m.depth + 2 * (t[k].P > 0) + 2 * (t[k].K > 0));
    ctrl_schedule_free(&s);
  }
}

/* One DeiT-S encoder op by op on the default chip (64 rows, 8 outs, 8-bit
 * weights in 2-bit cells -> 4 cells per weight, x_bits 8, 8 columns per ADC:
 * P = 8*8 + 4 = 68 cycles per MVM, A = 8 * (8 outs * 4 slices) = 256), after
 * the two model-level ops before it, and the two after the last encoder.
 * Cycles (docs/controller.md "Cycles of an op", every lane count 64): a
 * requantising mm m*P + 7 + B (B = h*ceil(n/64) beats; B + 1 <= 68 here, no
 * hold), head m*P + 5, a write min(k, R) + 4, an ew op its unit's cycles + 4
 * (+ 256 for softmax and GELU). */
static void test_deit_s_ops_by_hand(void **st) {
  vit_model m = builtin("deit-s");
  ctrl_chip c = ctrl_chip_default();
  /* The default chip's ADC (issue 12): a column of 64 rows of 2-bit cells
   * sums to at most 64 x 3 = 192 < 2^8, so the 8-bit ADC converts with
   * shift 0 (lossless). P does not depend on adc_bits (x_bits x cols_per_adc
   * + 4, docs/xbar-tile-rtl.md): 68 at 8 bits and at the 6 bits of the
   * verification corner alike. */
  assert_int_equal(c.tile.adc_bits, 8);
  assert_int_equal(xbar_cfg_full_scale(&c.tile), 192);
  assert_int_equal(xbar_cfg_adc_shift(&c.tile), 0);
  assert_true(ctrl_chip_cycles_per_mvm(&c) == 68);
  assert_true(ctrl_chip_adc_per_mvm(&c) == 256);
  {
    ctrl_chip c6 = c;
    c6.tile.adc_bits = 6;
    assert_int_equal(xbar_cfg_adc_shift(&c6.tile), 2);
    assert_true(ctrl_chip_cycles_per_mvm(&c6) == 68);
    assert_true(ctrl_chip_adc_per_mvm(&c6) == 256);
  }
  ctrl_schedule s = build_ok(&m, &c, "");
  const ctrl_rec *pe = &s.ops[0];
  assert_int_equal(pe->op, CTRL_OP_PATCH_EMBED);
  assert_int_equal(pe->encoder, 0);
  assert_true(pe->m == 196 && pe->k == 768 && pe->n == 384);
  assert_true(pe->tiles == 12 * 48);       /* ceil(768/64) * ceil(384/8) */
  assert_true(pe->mvms == 196 * 576);
  assert_true(pe->cycles == 196 * 68 + 7 + 6); /* B = ceil(384/64) = 6 */
  assert_true(pe->macs == 196ULL * 768 * 384);
  const ctrl_rec *pos = &s.ops[1];
  assert_int_equal(pos->op, CTRL_OP_POS_EMBED);
  assert_true(pos->buffer_reads == 2ULL * 197 * 384 && pos->buffer_writes == 197ULL * 384);
  assert_true(pos->cycles == (197 * 384 + 63) / 64 + 2 + 4); /* add_lanes 64, 2 stages */
  const ctrl_rec *fl = &s.ops[s.n_ops - 2], *hd = &s.ops[s.n_ops - 1];
  assert_int_equal(fl->op, CTRL_OP_FINAL_LN);
  assert_int_equal(fl->encoder, 11);
  assert_true(fl->ln_elems == 384 && fl->cycles == 2 * 6 + 77 + 4); /* the class token only */
  assert_int_equal(hd->op, CTRL_OP_HEAD);
  assert_int_equal(hd->encoder, 11);
  assert_true(hd->tiles == 6 * 125);       /* ceil(384/64) * ceil(1000/8) */
  assert_true(hd->mvms == 750 && hd->cycles == 68 + 5 && hd->macs == 384000);
  const ctrl_rec *q = &s.ops[2 + 1];
  assert_int_equal(q->op, CTRL_OP_Q_PROJ);
  assert_true(q->tiles == 6 * 48);          /* ceil(384/64) * ceil(384/8) */
  assert_true(q->mvms == 197 * 288);
  assert_true(q->cycles == 197 * 68 + 7 + 6); /* all 288 tiles in one round; B = 6 */
  assert_true(q->adc_conversions == 197ULL * 288 * 256);
  /* the controller's issue edges (docs/controller.md "Timing", by hand):
   * divisions 65, a product 3 + bit length of its multiplier, S_CALC 1.
   * patch_embed: start 65 + 64 + its pick 1; ceil(768/64) = 12, ceil(384/8) = 48;
   * 130 + (3+4) + (3+6) + 1; products by m 196, k 768, n 384, n, m, A 256,
   * P 68, rounds 1: 11+13+12+12+11+12+10+4; requantisation 65 + by 6, by 1,
   * by hold 0: 65+6+4+3 */
  assert_true(s.issue_edges[0] == 129 + 1 + (130 + 7 + 9 + 1) + 85 + 78);
  assert_true(s.issue[0] == s.issue_edges[0] + 1); /* the start edge included */
  /* q_proj after ln1 (17,537 cycles): pick 1, 130 + (3+3) + (3+6) + 1,
   * 11+12+12+12+11+12+10+4, 65+6+4+3: hidden */
  assert_true(s.issue_edges[3] == 1 + 146 + 84 + 78 && s.issue[3] == 0);
  /* head after final_ln (93 cycles): pick 1; 130 + (3+3) + (3+7) + 1; by 1,
   * 384, 1000, 1000, 1, 256, 68, 1: 4+12+13+13+4+12+10+4; no requantisation */
  assert_true(s.issue_edges[s.n_ops - 1] == 1 + 147 + 72);
  assert_true(s.issue[s.n_ops - 1] == 220 + 1 - 93);
  {
    uint64_t sum = 0;
    for (size_t k = 0; k < s.n_ops; k++) sum += s.issue[k];
    assert_true(sum == s.issue_cycles && s.inference_cycles == s.totals.cycles + sum);
  }
  const ctrl_rec *kw = &s.ops[2 + 4];
  assert_int_equal(kw->op, CTRL_OP_K_WRITE);
  assert_true(kw->tiles == 6 * 1 * 25);     /* H * ceil(64/64) * ceil(197/8) */
  assert_true(kw->xbar_cells_written == 6ULL * 64 * 197 * 4);
  assert_true(kw->cycles == 64 + 4);        /* min(d, rows) rows, one round */
  const ctrl_rec *sm = &s.ops[2 + 6];
  assert_int_equal(sm->op, CTRL_OP_SOFTMAX);
  assert_true(sm->softmax_elems == 6ULL * 197 * 197);
  /* H*T rows of 197 on 64 lanes: 3 passes of ceil(197/64) = 4 beats,
   * ceil(25/1) + 2 = 27 more (docs/encoder-units.md): 1182 * 39; the
   * table load 256 and 4 fixed edges */
  assert_true(sm->cycles == 6ULL * 197 * (3 * 4 + 27) + 256 + 4);
  assert_true(sm->cycles == 46358);
  const ctrl_rec *qk = &s.ops[2 + 5];
  assert_int_equal(qk->op, CTRL_OP_QK);
  assert_true(qk->cycles == 197 * 68 + 7 + 6 * 4); /* B = H * ceil(197/64) = 24 */
  const ctrl_rec *vw = &s.ops[2 + 7];
  assert_int_equal(vw->op, CTRL_OP_V_WRITE);
  assert_true(vw->tiles == 6 * 4 * 8);      /* H * ceil(197/64) * ceil(64/8) */
  const ctrl_rec *r1 = &s.ops[2 + 10];
  assert_int_equal(r1->op, CTRL_OP_RESIDUAL1);
  assert_true(r1->buffer_reads == 2ULL * 197 * 384);
  ctrl_schedule_free(&s);
}

/* A tiny model by hand, with par_tiles limiting the rounds. T=5, E=8, H=2
 * (d=4), M=12, D=2, tb_hidden 3, one chip of 16 rows x 4 outs, w 4 bits in
 * 1-bit cells, differential (C = 4 slices * 2 planes = 8), x_bits 2, 2 cols
 * per ADC: P = 2*2 + 4 = 8; phys cols = 4*2*4 = 32, A = 2*32 = 64. */
static vit_model tiny_model(int depth) {
  return (vit_model){.name = "tiny", .tokens = 5, .embedding = 8, .heads = 2, .mlp = 12,
                     .depth = depth, .tb_hidden = 3, .tb_layers = 2};
}
/* The schedule of tiny_model(depth) with REUSE on that chip, par_tiles as
 * given and ln_lanes/add_lanes as given (0: the default chip's). */
static ctrl_schedule tiny_build(int depth, int par_tiles, int ln_lanes, int add_lanes,
                                const char *reuse) {
  vit_model m = tiny_model(depth);
  ctrl_chip c = ctrl_chip_default();
  c.tile = (xbar_cfg){.rows = 16, .outs = 4, .w_bits = 4, .cell_bits = 1, .x_bits = 2,
                      .x_signed = true, .adc_bits = 4, .cols_per_adc = 2,
                      .enc = XBAR_ENC_DIFFERENTIAL};
  c.par_tiles = par_tiles;
  if (ln_lanes) c.ln_lanes = ln_lanes;
  if (add_lanes) c.add_lanes = add_lanes;
  return build_ok(&m, &c, reuse);
}

static void test_tiny_by_hand(void **st) {
  ctrl_schedule s = tiny_build(2, 1, 3, 0, "1");
  /* encoder 0: ln1 q k v k_write qk softmax v_write sv out_proj reuse_store
   * residual1 ln2 fc1 gelu fc2 residual2 = 17; encoder 1: ln1 reuse_load
   * tb_ln tb_fc1 tb_gelu tb_fc2 residual1 ln2 fc1 gelu fc2 residual2 = 12 */
  assert_int_equal((int)s.n_ops, 29);
  const ctrl_rec *ln = &s.ops[0];
  assert_true(ln->cycles == 5 * (2 * 3 + 77) + 4); /* 5 rows: 2 passes of ceil(8/3) + 77 */
  const ctrl_rec *q = &s.ops[1];
  assert_true(q->tiles == 2);            /* ceil(8/16) * ceil(8/4) */
  /* 2 rounds of 1 tile: period 16; B = ceil(8/64) = 1 (add_lanes 64) */
  assert_true(q->cycles == 5 * 8 * 2 + 7 + 1);
  assert_true(q->adc_conversions == 5 * 2 * 64);
  const ctrl_rec *qk = &s.ops[5];
  assert_int_equal(qk->op, CTRL_OP_QK);
  assert_true(qk->tiles == 2 * 1 * 2);   /* H * ceil(4/16) * ceil(5/4) */
  assert_true(qk->macs == 2 * 5 * 4 * 5);
  assert_true(qk->cycles == 5 * 8 * 4 + 7 + 2); /* period 32; B = 2 heads * ceil(5/64) */
  const ctrl_rec *kw = &s.ops[4];
  assert_true(kw->xbar_cells_written == 2 * 4 * 5 * 8);
  assert_true(kw->cycles == 4 * 4 + 4);  /* min(4, 16) rows, 4 rounds */
  assert_int_equal(s.ops[10].op, CTRL_OP_REUSE_STORE);
  assert_int_equal(s.ops[18].op, CTRL_OP_REUSE_LOAD);
  const ctrl_rec *f1 = &s.ops[20];
  assert_int_equal(f1->op, CTRL_OP_TB_FC1);
  assert_true(f1->n == 3 && f1->tiles == 1 && f1->macs == 5 * 8 * 3);
  const ctrl_rec *g = &s.ops[21];
  assert_true(g->op == CTRL_OP_TB_GELU && g->gelu_elems == 15);
  /* fc1 (8 x 12): ceil(8/16)*ceil(12/4) = 3 tiles; fc2 (12 x 8): 1*2 = 2.
   * Static: enc0 q,k,v,out 4*2 + fc1 3 + fc2 2 = 13; enc1 tb_fc1 (8 x 3) 1
   * + tb_fc2 (3 x 8) 2 + fc1 3 + fc2 2 = 8; total 21. */
  assert_true(s.static_tiles == 21);
  ctrl_schedule_free(&s);
}

/* The register figures in place of the tile's (ctrl_schedule_build_figures):
 * the tile's own give the same stream; outs 65535 and 512 cells per weight
 * (legal register values no tile has) change tiles and cells written as the
 * formulas say; a figure outside 1..65535 is a chip error naming it. */
static void test_figures(void **st) {
  vit_model m = tiny_model(2);
  ctrl_chip c = ctrl_chip_default();
  c.tile = (xbar_cfg){.rows = 16, .outs = 4, .w_bits = 4, .cell_bits = 1, .x_bits = 2,
                      .x_signed = true, .adc_bits = 4, .cols_per_adc = 2,
                      .enc = XBAR_ENC_DIFFERENTIAL};
  c.par_tiles = 1;
  ctrl_reuse r;
  trex_err err = {{0}};
  assert_int_equal(ctrl_reuse_parse("1", &r, &err), 0);
  ctrl_schedule a, b;
  assert_int_equal(ctrl_schedule_build(&m, &c, &r, &a, &err), 0);
  ctrl_figures f = ctrl_chip_figures(&c);
  assert_true(f.rows == 16 && f.outs == 4 && f.cells_per_w == 8);
  assert_int_equal(ctrl_schedule_build_figures(&m, &c, &f, &r, &b, &err), 0);
  assert_int_equal((int)a.n_ops, (int)b.n_ops);
  for (size_t k = 0; k < a.n_ops; k++) assert_true(ctrl_rec_equal(&a.ops[k], &b.ops[k]));
  ctrl_schedule_free(&b);
  f.outs = 65535;
  f.cells_per_w = 512;
  assert_int_equal(ctrl_schedule_build_figures(&m, &c, &f, &r, &b, &err), 0);
  assert_true(b.ops[1].tiles == 1);                    /* ceil(8/16) * ceil(8/65535) */
  assert_true(b.ops[5].tiles == 2);                    /* H * ceil(4/16) * ceil(5/65535) */
  assert_true(b.ops[4].xbar_cells_written == 2 * 4 * 5 * 512); /* k_write: H * d * T * C */
  assert_true(a.ops[4].xbar_cells_written == 2 * 4 * 5 * 8);
  ctrl_schedule_free(&b);
  ctrl_schedule_free(&a);
  const int64_t bad[] = {0, 65536, -1};
  for (int k = 0; k < 3; k++) {
    f = ctrl_chip_figures(&c);
    f.cells_per_w = bad[k];
    assert_int_not_equal(ctrl_schedule_build_figures(&m, &c, &f, &r, &b, &err), 0);
    assert_int_equal(b.status, CTRL_E_CHIP);
    assert_non_null(strstr(err.msg, "figure 'cells_per_w'"));
    ctrl_schedule_free(&b);
  }
  f = ctrl_chip_figures(&c);
  f.rows = 0;
  assert_int_not_equal(ctrl_schedule_build_figures(&m, &c, &f, &r, &b, &err), 0);
  assert_non_null(strstr(err.msg, "figure 'rows'"));
  ctrl_schedule_free(&b);
}

/* A requantisation stream longer than an MVM holds the next vector back.
 * The tiny model on a 16 x 4 tile with P = 8 (as above) in one round
 * (par_tiles 0) and add_lanes 1: q_proj (m = 5, n = 8): B = 8 beats per
 * vector, B + 1 = 9 > 8: each of the first 4 vectors holds the next one 1
 * cycle: 5*8 + 7 + 8 + 4*1 = 59. qk (h = 2, n = 5): B = 10, hold 3:
 * 40 + 7 + 10 + 4*3 = 69. head-less, patch-less model: the first op is ln1. */
static void test_requant_hold_by_hand(void **st) {
  ctrl_schedule s = tiny_build(1, 0, 0, 1, "");
  assert_int_equal(s.ops[1].op, CTRL_OP_Q_PROJ);
  assert_true(s.ops[1].cycles == 59);
  assert_int_equal(s.ops[5].op, CTRL_OP_QK);
  assert_true(s.ops[5].cycles == 69);
  ctrl_schedule_free(&s);
}

static void random_list(trex_rng *r, int depth, char *buf, size_t n) {
  size_t at = 0;
  buf[0] = 0;
  int computing[VIT_MAX_DEPTH], nc = 1;
  computing[0] = 0;
  for (int i = 1; i < depth; i++) {
    if (trex_rng_range(r, 0, 2)) {
      computing[nc++] = i;
      continue;
    }
    int w;
    if (trex_rng_range(r, 0, 1))
      w = snprintf(buf + at, n - at, "%s%d", at ? "," : "", i);
    else
      w = snprintf(buf + at, n - at, "%s%d:%d", at ? "," : "", i,
                   computing[trex_rng_range(r, 0, nc - 1)]);
    at += (size_t)w;
  }
}

/* Totals equal the sum of the ops; reused encoders skip attention; stores
 * happen exactly when read; the resolved source is the explicit one or the
 * most recent computing encoder. */
static void test_random_invariants(void **st) {
  trex_rng r = unit_rng(7);
  const char *const *names = vit_model_builtin_names();
  for (int it = 0; it < 300; it++) {
    vit_model m = builtin(names[trex_rng_range(&r, 0, 5)]);
    m.tb_layers = (int)trex_rng_range(&r, 1, 2);
    ctrl_chip c = ctrl_chip_default();
    c.par_tiles = (int)trex_rng_range(&r, 0, 40);
    char list[512];
    random_list(&r, m.depth, list, sizeof list);
    ctrl_schedule s = build_ok(&m, &c, list);
    ctrl_totals t = {0};
    for (size_t k = 0; k < s.n_ops; k++) {
      const ctrl_rec *o = &s.ops[k];
      t.ops++;
      t.cycles += o->cycles;
      t.macs += o->macs;
      t.mvms += o->mvms;
      t.adc_conversions += o->adc_conversions;
      t.xbar_cells_written += o->xbar_cells_written;
      t.buffer_reads += o->buffer_reads;
      t.buffer_writes += o->buffer_writes;
      t.softmax_elems += o->softmax_elems;
      t.ln_elems += o->ln_elems;
      t.gelu_elems += o->gelu_elems;
    }
    assert_memory_equal(&t, &s.totals, sizeof t);
    ctrl_reuse rl;
    trex_err err;
    assert_int_equal(ctrl_reuse_parse(list, &rl, &err), 0);
    int explicit_src[VIT_MAX_DEPTH], listed[VIT_MAX_DEPTH] = {0};
    for (int k = 0; k < rl.n; k++) {
      listed[rl.item[k].encoder] = 1;
      explicit_src[rl.item[k].encoder] = rl.item[k].source;
    }
    int last = -1;
    for (int i = 0; i < m.depth; i++) {
      assert_int_equal(s.reused[i], listed[i]);
      if (!listed[i]) {
        last = i;
        for (int op = CTRL_OP_Q_PROJ; op <= CTRL_OP_OUT_PROJ; op++)
          assert_int_equal(count_op(&s, i, op), 1);
        assert_int_equal(count_op(&s, i, CTRL_OP_REUSE_LOAD), 0);
        assert_int_equal(count_op(&s, i, CTRL_OP_TB_FC1), 0);
      } else {
        int want = explicit_src[i] == CTRL_SRC_AUTO ? last : explicit_src[i];
        assert_int_equal(s.source[i], want);
        static const ctrl_op skipped[] = {CTRL_OP_Q_PROJ, CTRL_OP_K_PROJ, CTRL_OP_V_PROJ,
                                          CTRL_OP_K_WRITE, CTRL_OP_QK, CTRL_OP_SOFTMAX,
                                          CTRL_OP_V_WRITE, CTRL_OP_SV, CTRL_OP_OUT_PROJ};
        for (size_t k = 0; k < sizeof skipped / sizeof skipped[0]; k++)
          assert_int_equal(count_op(&s, i, skipped[k]), 0);
        assert_int_equal(count_op(&s, i, CTRL_OP_REUSE_LOAD), 1);
        assert_int_equal(count_op(&s, i, CTRL_OP_TB_FC2), m.tb_layers == 2);
        assert_int_equal(count_op(&s, i, CTRL_OP_REUSE_STORE), 0);
      }
      int read_later = 0;
      for (int j = i + 1; j < m.depth; j++)
        if (s.reused[j] && s.source[j] == i) read_later = 1;
      assert_int_equal(count_op(&s, i, CTRL_OP_REUSE_STORE), read_later);
    }
    ctrl_schedule_free(&s);
  }
}

/* An empty list, "none" and a NULL list are all the baseline. */
static void test_empty_is_baseline(void **st) {
  vit_model m = builtin("lvvit-s");
  ctrl_chip c = ctrl_chip_default();
  ctrl_schedule a = build_ok(&m, &c, ""), b = build_ok(&m, &c, "none");
  ctrl_schedule n;
  trex_err err;
  assert_int_equal(ctrl_schedule_build(&m, &c, NULL, &n, &err), 0);
  assert_int_equal((int)a.n_ops, 16 * 16 + 4);
  assert_int_equal(a.n_ops, b.n_ops);
  assert_int_equal(a.n_ops, n.n_ops);
  assert_memory_equal(a.ops, b.ops, a.n_ops * sizeof *a.ops);
  assert_memory_equal(a.ops, n.ops, a.n_ops * sizeof *a.ops);
  assert_int_equal(a.n_reused, 0);
  for (int i = 0; i < m.depth; i++) assert_int_equal(a.stores[i], 0);
  ctrl_schedule_free(&a);
  ctrl_schedule_free(&b);
  ctrl_schedule_free(&n);
}

/* Reuse removes MACs of the attention and adds the TB's: DeiT-S reusing 5
 * and 7: baseline (model-level ops included) - 2*146,000,640 (4TE^2 +
 * 2T^2E) + 2*(T*E*96*2). */
static void test_reuse_macs(void **st) {
  vit_model m = builtin("deit-s");
  ctrl_chip c = ctrl_chip_default();
  ctrl_schedule s = build_ok(&m, &c, "5,7");
  uint64_t tb = 2ULL * 197 * 384 * 96;
  assert_true(s.totals.macs == 4598882304ULL - 2 * 146000640ULL + 2 * tb);
  assert_int_equal(s.source[5], 4);
  assert_int_equal(s.source[7], 6);
  assert_int_equal(s.stores[4] + s.stores[6], 2);
  ctrl_schedule_free(&s);
}

static void expect_status(const vit_model *m, const ctrl_chip *c, const char *reuse,
                          ctrl_status want, const char *needle) {
  ctrl_reuse r;
  trex_err err = {{0}};
  assert_int_equal(ctrl_reuse_parse(reuse, &r, &err), 0);
  ctrl_schedule s;
  assert_int_not_equal(ctrl_schedule_build(m, c, &r, &s, &err), 0);
  assert_int_equal(s.status, want);
  assert_null(s.ops);
  assert_null(strchr(err.msg, '\n'));
  if (!strstr(err.msg, needle)) fprintf(stderr, "message '%s' lacks '%s'\n", err.msg, needle);
  assert_non_null(strstr(err.msg, needle));
  ctrl_schedule_free(&s);
}

static void test_errors(void **st) {
  vit_model m = builtin("deit-s");
  ctrl_chip c = ctrl_chip_default();
  expect_status(&m, &c, "0", CTRL_E_REUSE0, "encoder 0");
  expect_status(&m, &c, "3,0", CTRL_E_REUSE0, "encoder 0");
  expect_status(&m, &c, "5:5", CTRL_E_SOURCE, "source 5 of encoder 5");
  expect_status(&m, &c, "5:9", CTRL_E_SOURCE, "source 9");
  expect_status(&m, &c, "4,5:4", CTRL_E_SOURCE, "source 4"); /* source reuses */
  expect_status(&m, &c, "5:70", CTRL_E_SOURCE, "source 70");
  expect_status(&m, &c, "12", CTRL_E_RANGE, "out of range");
  expect_status(&m, &c, "99", CTRL_E_RANGE, "out of range");
  expect_status(&m, &c, "5,5", CTRL_E_DUP, "twice");
  vit_model b = m;
  b.heads = 5;
  expect_status(&b, &c, "", CTRL_E_HEADS, "heads");
  /* every size out of range (0 is legal for the model-level keys) */
  const int bad[] = {0, -3, 70000};
  static const struct {
    const char *key;
    size_t off;
    int zero_ok;
  } size[] = {{"'tokens'", offsetof(vit_model, tokens), 0},
              {"'mlp'", offsetof(vit_model, mlp), 0},
              {"'embedding'", offsetof(vit_model, embedding), 0},
              {"'heads'", offsetof(vit_model, heads), 0},
              {"'tb_hidden'", offsetof(vit_model, tb_hidden), 0},
              {"'patch_dim'", offsetof(vit_model, patch_dim), 1},
              {"'classes'", offsetof(vit_model, classes), 1}};
  for (size_t f = 0; f < sizeof size / sizeof size[0]; f++)
    for (int k = size[f].zero_ok; k < 3; k++) {
      b = m;
      memcpy((char *)&b + size[f].off, &bad[k], sizeof bad[k]);
      expect_status(&b, &c, "", CTRL_E_SIZE, size[f].key);
    }
  b = m;
  b.depth = 65;
  expect_status(&b, &c, "", CTRL_E_SIZE, "'depth'");
  b = m;
  b.tb_layers = 3;
  expect_status(&b, &c, "", CTRL_E_SIZE, "'tb_layers'");
  ctrl_chip cc = c;
  cc.gelu_lanes = 0;
  expect_status(&m, &cc, "", CTRL_E_CHIP, "'gelu_lanes'");
  cc = c;
  cc.tile.rows = 48;
  expect_status(&m, &cc, "", CTRL_E_CHIP, "'rows'");
  /* the size check comes before the reuse checks */
  b = m;
  b.tokens = 0;
  expect_status(&b, &c, "0", CTRL_E_SIZE, "'tokens'");
  trex_err err;
  vit_model u;
  unit_assert_fails(vit_model_builtin("deit-xl", &u, &err), err, "unknown model 'deit-xl'");
  unit_assert_fails(vit_model_resolve("no-such-model", &u, &err), err, "unknown model");
}

static void test_reuse_parse(void **st) {
  ctrl_reuse r;
  trex_err err;
  assert_int_equal(ctrl_reuse_parse("5:3,7", &r, &err), 0);
  assert_int_equal(r.n, 2);
  assert_int_equal(r.item[0].encoder, 5);
  assert_int_equal(r.item[0].source, 3);
  assert_int_equal(r.item[1].encoder, 7);
  assert_int_equal(r.item[1].source, CTRL_SRC_AUTO);
  char buf[64];
  ctrl_reuse_format(&r, buf, sizeof buf);
  assert_string_equal(buf, "5:3,7");
  assert_int_equal(ctrl_reuse_parse(" 2 , 4 : 1 ", &r, &err), 0);
  assert_int_equal(r.n, 2);
  assert_int_equal(r.item[1].source, 1);
  const char *bad[] = {"5:", ",5", "5,", "a", "5;3", "-1", "5:-2", "1,,2", "5:3:2", "99999999999"};
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    err.msg[0] = 0;
    unit_assert_fails(ctrl_reuse_parse(bad[k], &r, &err), err, "reuse list");
  }
}


static const char *write_tmp(const char *name, const char *text) {
  const char *path = unit_write_file(unit_tmpdir, name, text);
  assert_non_null(path);
  return path;
}

static void test_model_json(void **st) {
  vit_model m;
  trex_err err;
  const char *p = write_tmp("m.json",
                            "{\"tokens\": 50, \"embedding\": 64, \"heads\": 4, \"mlp\": 256,"
                            " \"depth\": 3}");
  assert_int_equal(vit_model_resolve(p, &m, &err), 0);
  assert_int_equal(m.tokens, 50);
  assert_int_equal(m.tb_hidden, 16);
  assert_int_equal(m.tb_layers, 2);
  assert_string_equal(m.name, "m.json");
  /* without the model-level keys the host embeds and classifies: the
   * schedule is the encoders' alone */
  assert_int_equal(m.patch_dim, 0);
  assert_int_equal(m.classes, 0);
  ctrl_chip dc = ctrl_chip_default();
  ctrl_schedule es = build_ok(&m, &dc, "");
  assert_int_equal((int)es.n_ops, 16 * 3);
  assert_int_equal(es.ops[0].op, CTRL_OP_LN1);
  ctrl_schedule_free(&es);
  p = write_tmp("mk.json",
                "{\"tokens\": 17, \"embedding\": 64, \"heads\": 4, \"mlp\": 128,"
                " \"depth\": 6, \"patch_dim\": 4, \"classes\": 10}");
  assert_int_equal(vit_model_resolve(p, &m, &err), 0);
  assert_int_equal(m.patch_dim, 4);
  assert_int_equal(m.classes, 10);
  es = build_ok(&m, &dc, "");
  assert_int_equal((int)es.n_ops, 16 * 6 + 4);
  assert_true(es.ops[0].op == CTRL_OP_PATCH_EMBED && es.ops[0].m == 16 && es.ops[0].k == 4);
  assert_true(es.ops[es.n_ops - 1].op == CTRL_OP_HEAD && es.ops[es.n_ops - 1].n == 10 &&
              es.ops[es.n_ops - 1].encoder == 5);
  ctrl_schedule_free(&es);
  for (int k = 0; k < 3; k++) {
    static const char *const bad_key[] = {"\"patch_dim\": -1", "\"classes\": 65536",
                                          "\"patch_dim\": 1.5"};
    char text[200];
    snprintf(text, sizeof text,
             "{\"tokens\": 17, \"embedding\": 64, \"heads\": 4, \"mlp\": 128, \"depth\": 6, %s}",
             bad_key[k]);
    p = write_tmp("badkey.json", text);
    unit_assert_fails(vit_model_load(p, &m, &err), err, k == 1 ? "'classes'" : "'patch_dim'");
  }
  p = write_tmp("bad.json", "{\"tokens\": 50,\n \"embedding\": }");
  unit_assert_fails(vit_model_load(p, &m, &err), err, "bad.json:2:");
  assert_non_null(strstr(err.msg, "malformed JSON"));
  p = write_tmp("neg.json",
                "{\"tokens\": -5, \"embedding\": 64, \"heads\": 4, \"mlp\": 256, \"depth\": 3}");
  unit_assert_fails(vit_model_load(p, &m, &err), err, "'tokens'");
  p = write_tmp("zero.json",
                "{\"tokens\": 5, \"embedding\": 64, \"heads\": 4, \"mlp\": 256, \"depth\": 3,"
                " \"tb_hidden\": 0}");
  unit_assert_fails(vit_model_load(p, &m, &err), err, "'tb_hidden'");
  p = write_tmp("miss.json", "{\"tokens\": 5, \"embedding\": 64, \"heads\": 4, \"mlp\": 256}");
  unit_assert_fails(vit_model_load(p, &m, &err), err, "missing key 'depth'");
  p = write_tmp("heads.json",
                "{\"tokens\": 5, \"embedding\": 64, \"heads\": 5, \"mlp\": 256, \"depth\": 3}");
  unit_assert_fails(vit_model_load(p, &m, &err), err, "not a multiple of heads");
  ctrl_chip c;
  p = write_tmp("chip.json", "{\"tile\": {\"rows\": 128, \"outs\": 16, \"w_bits\": 8,"
                             " \"cell_bits\": 4, \"x_bits\": 4, \"adc_bits\": 8,"
                             " \"cols_per_adc\": 4}, \"par_tiles\": 7}");
  assert_int_equal(ctrl_chip_load(p, &c, &err), 0);
  assert_int_equal(c.tile.rows, 128);
  assert_int_equal(c.par_tiles, 7);
  assert_int_equal(c.ln_lanes, 64);
  assert_true(ctrl_chip_cycles_per_mvm(&c) == 4 * 4 + 4);
  p = write_tmp("chip2.json", "{\"softmax_lanes\": 0}");
  unit_assert_fails(ctrl_chip_load(p, &c, &err), err, "'softmax_lanes'");
}

/* The CLI: exit codes, one-line errors, the JSON keys. */
static int run(const char *args, char *out, size_t n) {
  char po[256], pe[256];
  snprintf(po, sizeof po, "%s/out.txt", unit_tmpdir);
  snprintf(pe, sizeof pe, "%s/err.txt", unit_tmpdir);
  int rc = unit_run_trex("schedule", args, po, pe);
  char path[256];
  snprintf(path, sizeof path, "%s/%s", unit_tmpdir, rc ? "err.txt" : "out.txt");
  FILE *f = fopen(path, "r");
  size_t got = f ? fread(out, 1, n - 1, f) : 0;
  out[got] = 0;
  if (f) fclose(f);
  return rc;
}

static void test_cli(void **st) {
  static char out[1 << 22];
  assert_int_equal(run("--model deit-s --reuse 5:3,7 --json", out, sizeof out), 0);
  cJSON *o = cJSON_Parse(out);
  assert_non_null(o);
  cJSON *ops = cJSON_GetObjectItem(o, "ops"), *tot = cJSON_GetObjectItem(o, "totals");
  assert_true(cJSON_IsArray(ops));
  const char *keys[] = {"macs", "cycles", "xbar_cells_written", "adc_conversions",
                        "buffer_reads", "buffer_writes", "softmax_elems"};
  for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
    assert_true(cJSON_IsNumber(cJSON_GetObjectItem(tot, keys[k])));
  cJSON *first = cJSON_GetArrayItem(ops, 0);
  assert_string_equal(cJSON_GetObjectItem(first, "op")->valuestring, "patch_embed");
  assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(ops, 2), "op")->valuestring, "ln1");
  assert_string_equal(
      cJSON_GetObjectItem(cJSON_GetArrayItem(ops, cJSON_GetArraySize(ops) - 1), "op")->valuestring,
      "head");
  cJSON *model = cJSON_GetObjectItem(o, "model");
  assert_int_equal(cJSON_GetObjectItem(model, "patch_dim")->valueint, 768);
  assert_int_equal(cJSON_GetObjectItem(model, "classes")->valueint, 1000);
  assert_true(cJSON_IsNumber(cJSON_GetObjectItem(first, "encoder")));
  double macs = 0;
  cJSON *it;
  cJSON_ArrayForEach(it, ops) macs += cJSON_GetObjectItem(it, "macs")->valuedouble;
  assert_true(macs == cJSON_GetObjectItem(tot, "macs")->valuedouble);
  assert_string_equal(cJSON_GetObjectItem(o, "reuse")->valuestring, "5:3,7:6");
  cJSON_Delete(o);
  assert_int_equal(run("--model bert-base", out, sizeof out), 0);
  assert_non_null(strstr(out, "totals:"));
  const char *bad[] = {"--model nope",           "--model deit-s --reuse 0",
                       "--model deit-s --reuse 4:4", "--model deit-s --reuse 12",
                       "--model deit-s --reuse x", "--reuse 3",
                       "--model deit-s --chip /nonexistent.json"};
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    assert_int_not_equal(run(bad[k], out, sizeof out), 0);
    char *nl = strchr(out, '\n');
    assert_non_null(nl);
    assert_true(nl[1] == 0); /* exactly one line */
    assert_non_null(strstr(out, "trex schedule:"));
  }
  assert_int_equal(run("--help", out, sizeof out), 0);
  assert_non_null(strstr(out, "usage: trex schedule"));
}

/* The register image follows the register map of docs/controller.md, and the
 * replay stimulus carries the model's totals. */
static void test_reg_image(void **st) {
  vit_model m;
  trex_err err;
  assert_int_equal(vit_model_builtin("deit-s", &m, &err), 0);
  ctrl_chip c = ctrl_chip_default();
  ctrl_reuse r;
  assert_int_equal(ctrl_reuse_parse("5:3,7", &r, &err), 0);
  ctrl_reg_write w[CTRL_REG_IMAGE_WRITES];
  assert_int_equal(ctrl_reg_image(&m, &c, &r, w), CTRL_REG_IMAGE_WRITES);
  uint32_t val[256];
  int seen[256] = {0};
  for (int k = 0; k < CTRL_REG_IMAGE_WRITES; k++) {
    assert_int_equal(seen[w[k].addr], 0); /* each register once */
    seen[w[k].addr] = 1;
    val[w[k].addr] = w[k].data;
  }
  assert_int_equal(val[0x00], 197);
  assert_int_equal(val[0x01], 384);
  assert_int_equal(val[0x02], 6);
  assert_int_equal(val[0x03], 1536);
  assert_int_equal(val[0x04], 12);
  assert_int_equal(val[0x08], c.tile.rows);
  assert_int_equal(val[0x0a], (uint32_t)ctrl_chip_cycles_per_mvm(&c));
  assert_int_equal(val[0x14], (1u << 5) | (1u << 7));
  assert_int_equal(val[0x15], 0);
  assert_int_equal(val[0x45], 0x103); /* explicit source 3 */
  assert_int_equal(val[0x47], 0);     /* most recent computing encoder */
  for (int e = 0; e < 64; e++) assert_int_equal(seen[0x40 + e], 1);

  ctrl_schedule s;
  assert_int_equal(ctrl_schedule_build(&m, &c, &r, &s, &err), 0);
  char path[300];
  snprintf(path, sizeof path, "%s/regs.txt", unit_tmpdir);
  assert_int_equal(ctrl_reg_image_save(path, &s, &r, &err), 0);
  FILE *f = fopen(path, "r");
  assert_non_null(f);
  char line[256];
  int nw = 0, no = 0, nc = 0;
  while (fgets(line, sizeof line, f)) {
    unsigned a, d, j;
    unsigned long long v;
    size_t n;
    if (sscanf(line, "w %x %x", &a, &d) == 2) {
      assert_int_equal(d, val[a]);
      nw++;
    } else if (sscanf(line, "c %u %llx", &j, &v) == 2) {
      if (j == 0) assert_true(v == s.totals.ops);
      if (j == 2) assert_true(v == s.totals.macs);
      if (j == 10) assert_true(v == s.totals.gelu_elems);
      nc++;
    } else if (sscanf(line, "o %zu", &n) == 1) {
      assert_true(n == s.n_ops);
      no++;
    }
  }
  fclose(f);
  assert_int_equal(nw, CTRL_REG_IMAGE_WRITES);
  assert_int_equal(nc, 11);
  assert_int_equal(no, 1);
  /* an unwritable path: one line naming it, nothing written */
  snprintf(path, sizeof path, "%s/no/such/dir/regs.txt", unit_tmpdir);
  unit_assert_fails(ctrl_reg_image_save(path, &s, &r, &err), err, "no/such/dir");
  assert_int_not_equal(access(path, F_OK), 0);
  ctrl_schedule_free(&s);
}

/* The contract table itself: every code 0..CTRL_OP_COUNT-1 has a row, once;
 * the descriptor's op field can hold the codes and the end marker; names
 * round-trip; a descriptor packs and unpacks to itself. */
static void test_contract(void **st) {
  int seen[CTRL_OP_COUNT] = {0};
  for (int k = 0; k < CTRL_OP_COUNT; k++) {
    assert_true((int)ctrl_op_order[k] >= 0 && (int)ctrl_op_order[k] < CTRL_OP_COUNT);
    seen[ctrl_op_order[k]]++;
  }
  for (int c = 0; c < CTRL_OP_COUNT; c++) {
    assert_int_equal(seen[c], 1);
    assert_non_null(ctrl_op_name((ctrl_op)c));
    assert_int_equal(ctrl_op_from_name(ctrl_op_name((ctrl_op)c)), c);
  }
  assert_true(CTRL_OP_COUNT < (1 << CTRL_OP_W));
  assert_null(ctrl_op_info(CTRL_OP_COUNT));
  ctrl_rec r = {.encoder = 37, .op = CTRL_OP_HEAD}, back;
  for (int f = 0; f < CTRL_N_FIELDS; f++) ctrl_rec_set(&r, f, 0x0123456789abcdefULL * (uint64_t)(f + 1));
  uint32_t w[CTRL_DESC_WORDS];
  ctrl_desc_pack(&r, w);
  assert_int_equal(ctrl_desc_unpack(w, &back), 1);
  assert_true(ctrl_rec_equal(&r, &back));
  w[0] |= 1u << 31; /* a reserved header bit */
  assert_int_equal(ctrl_desc_unpack(w, &back), 0);
  assert_int_equal(CTRL_N_COUNTERS, 1 + CTRL_N_FIELDS - CTRL_F_FIRST_COUNT);
  assert_string_equal(ctrl_counter_name(0), "ops");
  assert_string_equal(ctrl_counter_name(1), ctrl_field_name(CTRL_F_FIRST_COUNT));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_deit_s_baseline_macs), cmocka_unit_test(test_builtin_macs),
      cmocka_unit_test(test_deit_s_ops_by_hand),   cmocka_unit_test(test_tiny_by_hand),
      cmocka_unit_test(test_requant_hold_by_hand),
      cmocka_unit_test(test_random_invariants),    cmocka_unit_test(test_empty_is_baseline),
      cmocka_unit_test(test_reuse_macs),           cmocka_unit_test(test_errors),
      cmocka_unit_test(test_reuse_parse),          cmocka_unit_test(test_model_json),
      cmocka_unit_test(test_cli),                  cmocka_unit_test(test_reg_image),
      cmocka_unit_test(test_contract),             cmocka_unit_test(test_figures),
  };
  return cmocka_run_group_tests(tests, unit_tmpdir_setup, unit_tmpdir_teardown);
}
