/* tb_drive: the tile testbench's driver (tb_xbar.h): stimulus, reset,
 * weight programming, the input handshake, back-pressure and the writes the
 * tile must ignore while busy. */
#include <inttypes.h>
#include <string.h>

#include "tb_xbar.h"
#include "xbar_cycles.h"
#include "xbar_vecgen.h"

void tb_push_txn(tb_stats *s, const char *what, long idx, uint64_t cyc) {
  tb_txn *t = &s->hist[s->nhist++ % TB_HIST];
  snprintf(t->what, sizeof t->what, "%s", what);
  t->index = idx;
  t->cycle = cyc;
}

void tb_pack(uint32_t *words, int nwords, const int32_t *v, int n, int bits) {
  memset(words, 0, sizeof(uint32_t) * (size_t)nwords);
  uint32_t mask = bits >= 32 ? 0xffffffffu : (1u << bits) - 1u;
  for (int k = 0; k < n; k++) {
    uint64_t pat = (uint32_t)v[k] & mask;
    long bit = (long)k * bits;
    words[bit / 32] |= (uint32_t)(pat << (bit % 32));
    if (bit % 32 + bits > 32) words[bit / 32 + 1] |= (uint32_t)(pat >> (32 - bit % 32));
  }
}

/* ---- stimulus ---------------------------------------------------------------- */

const int32_t *tb_stim_weights(tb_stim *st, long v) {
  if (!st->o->lockstep) return st->vs.w;
  (void)v;
  return st->w;
}

int tb_stim_prepare(tb_stim *st, long v) {
  if (!st->o->lockstep) return v == 0;
  const xbar_cfg *c = &st->o->cfg;
  if (v % st->o->batch) return 0;
  long b = v / st->o->batch;
  long n = st->o->count - v < st->o->batch ? st->o->count - v : st->o->batch;
  xbar_vecgen(c, n, st->o->seed * 1000003ULL + (uint64_t)b,
              b % 2 ? XBAR_GEN_RANDOM : XBAR_GEN_MIXED, st->w, st->x);
  st->batch_base = v;
  return 1;
}

const int32_t *tb_stim_input(tb_stim *st, long v) {
  const xbar_cfg *c = &st->o->cfg;
  if (!st->o->lockstep) return st->vs.x + (size_t)v * c->rows;
  return st->x + (size_t)(v - st->batch_base) * c->rows;
}

/* ---- driving ----------------------------------------------------------------- */

void tb_drive_reset(tb_run *r) {
  trex_rng_seed(&r->bp, r->o->seed ^ 0xb4c4ULL);
  trex_rng_seed(&r->bw, r->o->seed ^ 0x3717ULL);
  tb_dut_set_out_ready(r->d, 1);
  tb_dut_set_srst_n(r->d, 0);
  tb_dut_tick(r->d);
  tb_dut_tick(r->d);
  tb_dut_set_srst_n(r->d, 1);
}

void tb_drive_tick(tb_run *r, tb_stats *s) {
  if (r->o->backpressure > 0)
    tb_dut_set_out_ready(r->d, trex_rng_unit(&r->bp) >= r->o->backpressure);
  tb_dut_tick(r->d);
  s->cycles++;
}

void tb_drive_program(tb_run *r, tb_stats *s, const int32_t *w) {
  const xbar_cfg *c = &r->o->cfg;
  int order[256];
  for (int i = 0; i < c->rows; i++) order[i] = i;
  for (int i = c->rows - 1; r->o->shuffle_rows && i > 0; i--) {
    int k = (int)trex_rng_range(&r->bw, 0, i), t = order[i];
    order[i] = order[k];
    order[k] = t;
  }
  for (int q = 0; q < c->rows; q++) {
    int i = order[q];
    tb_pack(r->wbuf, r->nw, w + (size_t)i * c->outs, c->outs, c->w_bits);
    tb_dut_set_wr(r->d, 1, i, r->wbuf);
    tb_drive_tick(r, s);
  }
  tb_dut_set_wr(r->d, 0, 0, NULL);
}

int tb_drive_input(tb_run *r, tb_stats *s, long v, const int32_t *x) {
  const xbar_cfg *c = &r->o->cfg;
  tb_pack(r->xbuf, r->nx, x, c->rows, c->x_bits);
  tb_dut_set_in(r->d, 1, r->xbuf);
  long guard = 0;
  while (!tb_dut_in_ready(r->d)) {
    tb_drive_tick(r, s);
    if (++guard > 1000000) {
      fprintf(stderr, "TIMEOUT config %s: in_ready_o never rose before vector %ld\n",
              r->o->cfg_id, v);
      return -1;
    }
  }
  tb_drive_tick(r, s); /* accept edge */
  tb_dut_set_in(r->d, 0, NULL);
  tb_push_txn(s, "input", v, s->cycles);
  return 0;
}

/* --busy-writes: while the tile is busy, a random write (which the tile must
 * ignore: docs/xbar-tile-rtl.md) with the given probability per cycle. */
void tb_drive_busy_write(tb_run *r) {
  const xbar_cfg *c = &r->o->cfg;
  if (r->o->busy_writes <= 0) return;
  if (trex_rng_unit(&r->bw) >= r->o->busy_writes) {
    tb_dut_set_wr(r->d, 0, 0, NULL);
    return;
  }
  for (int j = 0; j < c->outs; j++)
    r->wnoise[j] = (int32_t)trex_rng_range(&r->bw, xbar_w_min(c), xbar_w_max(c));
  tb_pack(r->wbuf, r->nw, r->wnoise, c->outs, c->w_bits);
  tb_dut_set_wr(r->d, 1, (int)trex_rng_range(&r->bw, 0, c->rows - 1), r->wbuf);
}

int64_t tb_drive_wait_result(tb_run *r, tb_stats *s, long v) {
  int64_t lat = 0;
  while (!tb_dut_out_valid(r->d)) {
    tb_drive_busy_write(r);
    tb_drive_tick(r, s);
    if (++lat > 100000) {
      fprintf(stderr, "TIMEOUT config %s: no result for vector %ld after %" PRId64 " cycles\n",
              r->o->cfg_id, v, lat);
      return -1;
    }
  }
  return lat;
}

uint64_t tb_drive_take_result(tb_run *r, tb_stats *s, tb_mon *m) {
  uint64_t before = s->cycles;
  tb_mon_begin(m, r);
  if (r->o->backpressure > 0) {
    for (;;) {
      int ready = trex_rng_unit(&r->bp) >= r->o->backpressure;
      tb_dut_set_out_ready(r->d, ready);
      tb_drive_busy_write(r);
      tb_dut_tick(r->d);
      s->cycles++;
      if (ready) break;
      tb_mon_held(m, r);
    }
  } else {
    tb_drive_busy_write(r);
    tb_dut_tick(r->d);
    s->cycles++;
  }
  tb_dut_set_wr(r->d, 0, 0, NULL);
  tb_mon_after(m, r);
  uint64_t held = s->cycles - before - 1;
  s->stalls += held;
  return held;
}
