/* units_tb_main: drives one Verilated digital unit of the integer encoder
 * (softmax, LayerNorm, GELU, requantise or add) through random, corner and
 * real-activation jobs, cycle by cycle, with gaps on the input (and on the
 * LayerNorm g/B side stream) and back-pressure on the output; compares every
 * output beat with the golden C functions of `trex infer` (c-model/enc_ops.h)
 * and every row's (or beat's) cycle count with c-model/units_cycles.h; on the
 * first failure prints the unit, job, row and element with the golden
 * intermediate values, replays the run with a waveform around it and prints
 * a replay command. docs/encoder-units.md, "Verification". */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trex_clock.h"
#include "trex_err.h"
#include "trex_file.h"
#include "trex_num.h"
#include "trex_rng.h"
#include "units_cycles.h"
#include "units_tb.h"

#define HIST 8

typedef struct {
  ucfg c;
  uint64_t seed;
  long random;
  int sets;                 /* bit UT_SET_* */
  const char *model, *dump, *chip;
  long real_rows;           /* rows per real op (0: all) */
  double gaps, backpressure, busy_writes;
  double resets;            /* --resets: srst_ni low with this probability per busy cycle */
  long cap;
  const char *wave;
  long wave_window;
  const char *replay;
  const char *activity;     /* toggle-coverage output (gate-level replay) */
} uopts;

typedef struct {
  char what[24];
  long job;
  int beat;
  uint64_t cycle;
} utxn;

typedef struct {
  uint64_t cycles;
  long jobs, rows, beats, mismatches, cycle_errors;
  long elements[UT_NSETS];
  uint64_t row_cycles, row_predicted, gaps, stalls, gb_gaps, lut_loads, busy_writes, resets;
  uint64_t act_start; /* --activity: the cycle the window opened */
  utxn hist[HIST];
  int nhist;
} ustats;

static void push_txn(ustats *s, const char *what, long job, int beat, uint64_t cyc) {
  utxn *t = &s->hist[s->nhist++ % HIST];
  snprintf(t->what, sizeof t->what, "%s", what);
  t->job = job;
  t->beat = beat;
  t->cycle = cyc;
}

static void print_hist(const ustats *s) {
  fprintf(stderr, "  last transactions (oldest first):\n");
  int first = s->nhist > HIST ? s->nhist - HIST : 0;
  for (int k = first; k < s->nhist; k++) {
    const utxn *t = &s->hist[k % HIST];
    fprintf(stderr, "    cycle %-10" PRIu64 " %-12s job %ld beat %d\n", t->cycle, t->what, t->job, t->beat);
  }
}

static const char *unit_name(const ucfg *c) { return ut_unit_names[c->unit]; }

static void print_params(const ucfg *c) {
  fprintf(stderr, "  unit %s: LANES %d", unit_name(c), c->lanes);
  if (ut_row_unit(c->unit)) fprintf(stderr, " NMAX %d STEPS %d", c->nmax, c->steps);
  if (c->unit == UD_REQUANT) fprintf(stderr, " ACC_W %d", c->acc_w);
  fprintf(stderr, "\n");
}

static void replay_cmd(const uopts *o, FILE *fp) {
  if (o->replay) fprintf(fp, "replay: %s\n", o->replay);
}

static int64_t row_predict(const ucfg *c, int n) {
  return c->unit == UD_SOFTMAX ? units_softmax_row(n, c->lanes, c->steps)
                               : units_ln_row(n, c->lanes, c->steps);
}

/* ---- the run ------------------------------------------------------------------ */

typedef struct {
  const uopts *o;
  const ujobs *js;
  ud *d;
  trex_rng bp, gp, noise, bw, rs;
  uint32_t *exp, *got, *held;
  int nw_out;
} urun;

typedef struct {
  uint64_t start;   /* edge of the first input accept */
  long gaps, stalls, gb_gaps;
} urow;

/* Runs jobs [0, upto]; the waveform is on from job dump_from (>= 0). Returns
 * the first failing job, or -1. */
static long run(urun *r, ustats *s, long upto, long dump_from, int quiet) {
  const uopts *o = r->o;
  const ucfg *c = &o->c;
  const ujobs *js = r->js;
  const int rowu = ut_row_unit(c->unit), L = c->lanes, stages = ut_stages(c->unit);
  const int has_lut = c->unit == UD_SOFTMAX || c->unit == UD_GELU;
  long first_fail = -1;
  trex_rng_seed(&r->bp, o->seed ^ 0xb4c4ULL);
  trex_rng_seed(&r->gp, o->seed ^ 0x6a95ULL);
  trex_rng_seed(&r->noise, o->seed ^ 0x1234ULL);
  trex_rng_seed(&r->bw, o->seed ^ 0x3717ULL);
  trex_rng_seed(&r->rs, o->seed ^ 0x5e7aULL);
  ud *d = r->d;
  ud_put1(d, UDP_IN_VALID, 0);
  ud_put1(d, UDP_OUT_READY, 1);
  ud_put1(d, UDP_GB_VALID, 0);
  ud_put1(d, UDP_LUT_WE, 0);
  ud_set_rst_n(d, 0);
  ud_tick(d);
  ud_tick(d);
  ud_set_rst_n(d, 1);
  int act_zeroed = 0;

  long ij = 0, oj = 0, gj = 0;      /* next job to input, to output, for g/B */
  int ib = 0, ob = 0, gbk = 0;      /* their next beat */
  int loaded = -1, load_addr = -1;  /* table in the unit; table load in progress */
  urow row = {0, 0, 0, 0};
  /* element-wise: accept edge and freeze count of every beat in flight */
  uint64_t fifo_edge[64], fifo_frz[64];
  int fifo_h = 0, fifo_n = 0;
  uint64_t freezes = 0, last_progress = 0;
  int prev_stall = 0, want_idle = 0, want_empty = 0;
  long rst_job = -1;                /* the job of the last mid-stream reset */
  const int nw = r->nw_out;

  while (oj <= upto) {
    uint64_t edge = s->cycles;
    if (dump_from >= 0 && ij == dump_from && ib == 0) ud_trace_enable(d, 1);

    /* ---- a reset in the middle of the stream (--resets P) ----
     * srst_ni low for one edge while something is in the unit (a beat in
     * flight, a row part-way, an output waiting), at most once per job so
     * that the run ends; the other inputs random (valid, ready, a g/B beat),
     * no table write. The unit must come out empty: no output valid,
     * in_ready_o high, idle_o high (row units) in the next cycle; the table
     * is kept (it has no reset). The jobs in flight are lost and sent again
     * from their first beat. */
    if (o->resets > 0 && oj <= upto && oj != rst_job &&
        (ib > 0 || ij > oj || ob > 0 || fifo_n > 0 || ud_get1(d, UDP_OUT_VALID) ||
         (rowu && !ud_get1(d, UDP_IDLE))) &&
        trex_rng_unit(&r->rs) < o->resets) {
      ud_set_rst_n(d, 0);
      ud_put1(d, UDP_LUT_WE, 0);
      ut_put_noise(c, d, &r->noise);
      ud_put1(d, UDP_IN_VALID, trex_rng_unit(&r->rs) < 0.5);
      ud_put1(d, UDP_OUT_READY, trex_rng_unit(&r->rs) < 0.5);
      if (c->unit == UD_LAYERNORM) {
        ut_put_gb_noise(c, d, &r->noise);
        ud_put1(d, UDP_GB_VALID, trex_rng_unit(&r->rs) < 0.5);
      }
      push_txn(s, "reset", oj, ob, edge);
      ud_tick(d);
      s->cycles++;
      s->resets++;
      ud_set_rst_n(d, 1);
      rst_job = oj;
      ij = gj = oj;
      ib = ob = gbk = 0;
      fifo_h = fifo_n = 0;
      load_addr = -1; /* a table load cut short starts again */
      prev_stall = want_idle = 0;
      want_empty = 1;
      last_progress = s->cycles;
      continue;
    }

    /* ---- inputs of this cycle ---- */
    int in_valid = 0, lut_we = 0, gb_valid = 0;
    const ujob *jin = ij <= upto ? &js->jobs[ij] : NULL;
    /* a job with another table: load it first (softmax: only while idle) */
    int need_load = has_lut && jin && ib == 0 && jin->lut != loaded;
    if (need_load && load_addr < 0 && (c->unit == UD_GELU || ud_get1(d, UDP_IDLE))) load_addr = 0;
    if (load_addr >= 0) {
      const int32_t v = c->unit == UD_SOFTMAX ? js->exp_lut[jin->lut][load_addr]
                                              : (int32_t)(uint8_t)js->gelu_lut[jin->lut][load_addr];
      ud_put1(d, UDP_LUT_ADDR, (uint32_t)load_addr);
      ud_put1(d, UDP_LUT_DATA, (uint32_t)v & (c->unit == UD_SOFTMAX ? 0x1ffffu : 0xffu));
      lut_we = 1;
    } else if (c->unit == UD_SOFTMAX && o->busy_writes > 0 && !ud_get1(d, UDP_IDLE) &&
               trex_rng_unit(&r->bw) < o->busy_writes) {
      /* a write while a row is in the unit: it must be ignored */
      ud_put1(d, UDP_LUT_ADDR, (uint32_t)trex_rng_range(&r->bw, 0, 255));
      ud_put1(d, UDP_LUT_DATA, (uint32_t)trex_rng_range(&r->bw, 0, 0x1ffff));
      lut_we = 1;
      s->busy_writes++;
    }
    ud_put1(d, UDP_LUT_WE, (uint32_t)lut_we);
    if (jin && !need_load && !(o->gaps > 0 && trex_rng_unit(&r->gp) < o->gaps)) {
      in_valid = 1;
      ut_put_in(c, d, jin, ib, &r->noise);
    } else {
      ut_put_noise(c, d, &r->noise);
    }
    ud_put1(d, UDP_IN_VALID, (uint32_t)in_valid);
    if (c->unit == UD_LAYERNORM) {
      if (gj <= upto && !(o->gaps > 0 && trex_rng_unit(&r->gp) < o->gaps)) {
        gb_valid = 1;
        ut_put_gb(c, d, &js->jobs[gj], gbk);
      } else {
        ut_put_gb_noise(c, d, &r->noise);
      }
      ud_put1(d, UDP_GB_VALID, (uint32_t)gb_valid);
    }
    int out_ready = !(o->backpressure > 0 && trex_rng_unit(&r->bp) < o->backpressure);
    ud_put1(d, UDP_OUT_READY, (uint32_t)out_ready);

    /* ---- outputs before the edge ---- */
    int in_ready = (int)ud_get1(d, UDP_IN_READY);
    int out_valid = (int)ud_get1(d, UDP_OUT_VALID);
    int gb_ready = c->unit == UD_LAYERNORM ? (int)ud_get1(d, UDP_GB_READY) : 0;
    ud_get(d, UDP_OUT_DATA, r->got);
    int proto = 0;
    const char *why = "";
    if (prev_stall && !out_valid) proto = 1, why = "out_valid_o fell while out_ready_i was low";
    else if (prev_stall && memcmp(r->got, r->held, sizeof(uint32_t) * (size_t)nw))
      proto = 1, why = "out_data_o changed while held by out_ready_i low";
    if (!rowu && in_ready != !(out_valid && !out_ready))
      proto = 1, why = "in_ready_o is not !(out_valid_o && !out_ready_i) (stall-all pipeline)";
    if (want_idle && (!in_ready || !ud_get1(d, UDP_IDLE)))
      proto = 1, why = "not idle (in_ready_o, idle_o) in the cycle after a row's last output";
    want_idle = 0;
    if (want_empty && (out_valid || !in_ready || (rowu && !ud_get1(d, UDP_IDLE))))
      proto = 1, why = "not empty (out_valid_o low, in_ready_o and idle_o high) in the cycle after a reset";
    want_empty = 0;
    if (proto) {
      s->mismatches++;
      if (!quiet && s->mismatches <= o->cap)
        fprintf(stderr, "MISMATCH unit %s job %ld cycle %" PRIu64 " protocol: %s\n", unit_name(c),
                oj, edge, why);
      if (first_fail < 0) first_fail = oj;
    }

    int in_hs = in_valid && in_ready, out_hs = out_valid && out_ready, gb_hs = gb_valid && gb_ready;
    if (out_valid && !out_ready) {
      row.stalls++;
      s->stalls++;
    }
    if (gb_ready && !gb_valid) {
      row.gb_gaps++;
      s->gb_gaps++;
    }
    if (rowu && in_ready && !in_valid && ib > 0) {
      row.gaps++;
      s->gaps++;
    } else if (!rowu && in_ready && !in_valid && jin && !need_load) {
      s->gaps++; /* reported only: an element-wise gap delays no beat in flight */
    }

    /* ---- input handshake ---- */
    if (in_hs && o->activity && !act_zeroed) {
      /* the activity window opens at the first accept (after reset and the
       * first table load) */
      ud_cov_zero(d);
      s->act_start = edge;
      act_zeroed = 1;
    }
    if (in_hs) {
      if (rowu && ib == 0) {
        if (oj != ij) {
          s->mismatches++;
          if (!quiet && s->mismatches <= o->cap)
            fprintf(stderr, "MISMATCH unit %s job %ld protocol: the row was accepted before job %ld's "
                            "last output (one row at a time)\n", unit_name(c), ij, oj);
          if (first_fail < 0) first_fail = ij;
        }
        row.start = edge;
        row.gaps = row.stalls = row.gb_gaps = 0;
      }
      if (!rowu) {
        if (fifo_n == 64) {
          fprintf(stderr, "TIMEOUT unit %s: more than 64 beats in flight\n", unit_name(c));
          return ij;
        }
        fifo_edge[(fifo_h + fifo_n) % 64] = edge;
        fifo_frz[(fifo_h + fifo_n) % 64] = freezes;
        fifo_n++;
      }
      push_txn(s, "input", ij, ib, edge);
      if (++ib == ut_beats(c, jin)) {
        ij++;
        ib = 0;
      }
      last_progress = edge;
    }
    if (gb_hs && ++gbk == ut_beats(c, &js->jobs[gj])) {
      gj++;
      gbk = 0;
    }

    /* ---- output handshake ---- */
    if (out_hs) {
      last_progress = edge;
      if (oj > upto || (!rowu && fifo_n == 0) || (rowu && oj == ij)) {
        s->mismatches++;
        if (!quiet && s->mismatches <= o->cap)
          fprintf(stderr, "MISMATCH unit %s cycle %" PRIu64 " protocol: an output beat with no input "
                          "beat behind it\n", unit_name(c), edge);
        if (first_fail < 0) first_fail = oj;
        break;
      }
      const ujob *j = &js->jobs[oj];
      ut_expect(c, j, ob, r->exp);
      push_txn(s, "output", oj, ob, edge);
      s->beats++;
      for (int l = 0; l < L; l++) {
        int e = ob * L + l;
        int8_t ev = (int8_t)(r->exp[l / 4] >> (8 * (l % 4))), gv = (int8_t)(r->got[l / 4] >> (8 * (l % 4)));
        if (e < j->n) s->elements[j->set]++;
        if (ev != gv) {
          s->mismatches++;
          if (!quiet && s->mismatches <= o->cap) {
            fprintf(stderr,
                    "MISMATCH unit %s job %ld (%s) %s %ld element %d (beat %d lane %d)\n"
                    "  expected %d (0x%02x)  got %d (0x%02x)\n",
                    unit_name(c), oj, j->label, rowu ? "row" : "batch", oj, e, ob, l, ev,
                    (uint8_t)ev, gv, (uint8_t)gv);
            print_params(c);
            ut_report_golden(stderr, c, js, j, e);
            print_hist(s);
          }
          if (first_fail < 0) first_fail = oj;
          break;
        }
      }
      if (!rowu) {
        uint64_t a = fifo_edge[fifo_h], fz = freezes - fifo_frz[fifo_h];
        fifo_h = (fifo_h + 1) % 64;
        fifo_n--;
        if (edge - a != (uint64_t)stages + fz) {
          s->cycle_errors++;
          if (!quiet && s->cycle_errors <= o->cap)
            fprintf(stderr,
                    "CYCLE MISMATCH unit %s job %ld (%s) beat %d: accepted at cycle %" PRIu64
                    ", handed over at %" PRIu64 ": %" PRIu64 " edges, the model predicts %" PRIu64
                    " (%d stages + %" PRIu64 " stalled edges)\n",
                    unit_name(c), oj, j->label, ob, a, edge, edge - a, (uint64_t)stages + fz, stages, fz);
          if (first_fail < 0) first_fail = oj;
        }
      }
      if (++ob == ut_beats(c, j)) {
        if (rowu) {
          uint64_t got_c = edge - row.start + 1;
          uint64_t pred = (uint64_t)row_predict(c, j->n) + (uint64_t)(row.gaps + row.stalls + row.gb_gaps);
          s->rows++;
          s->row_cycles += got_c;
          s->row_predicted += pred;
          if (got_c != pred) {
            s->cycle_errors++;
            if (!quiet && s->cycle_errors <= o->cap) {
              fprintf(stderr,
                      "CYCLE MISMATCH unit %s job %ld (%s) row of n=%d: %" PRIu64
                      " edges from the first input accept to the last output handshake, the model predicts %" PRIu64
                      "\n  (units_%s_row(n=%d, lanes=%d, steps=%d) = %" PRId64 " + %ld input gaps + %ld output stalls + %ld g/B gaps)\n",
                      unit_name(c), oj, j->label, j->n, got_c, pred,
                      c->unit == UD_SOFTMAX ? "softmax" : "ln", j->n, L, c->steps,
                      row_predict(c, j->n), row.gaps, row.stalls, row.gb_gaps);
              print_params(c);
              print_hist(s);
            }
            if (first_fail < 0) first_fail = oj;
          }
          want_idle = 1;
        }
        s->jobs++;
        oj++;
        ob = 0;
      }
    }
    prev_stall = out_valid && !out_ready;
    if (prev_stall) memcpy(r->held, r->got, sizeof(uint32_t) * (size_t)nw);
    if (load_addr >= 0 && ++load_addr == 256) {
      loaded = jin->lut;
      load_addr = -1;
      s->lut_loads++;
    }

    ud_tick(d);
    s->cycles++;
    if (out_valid && !out_ready) freezes++;
    if (first_fail >= 0 && (o->cap <= 1 || s->mismatches + s->cycle_errors >= o->cap)) break;
    if (s->cycles - last_progress > 200000 && load_addr < 0) {
      fprintf(stderr, "TIMEOUT unit %s: no handshake for 200000 cycles (input job %ld beat %d, "
                      "output job %ld beat %d)\n", unit_name(c), ij, ib, oj, ob);
      return oj;
    }
  }
  return first_fail;
}

/* ---- options and main -------------------------------------------------------------- */

static const char *help =
    "usage: tb_units --unit NAME --lanes L [--nmax N] [--steps S] [--acc-w W] [options]\n"
    "Drives the Verilated digital unit NAME (softmax, layernorm, gelu, requant,\n"
    "add; the binary holds one) with random, corner and real-activation jobs and\n"
    "compares every output beat with the golden C functions of trex infer and\n"
    "every row's (beat's) cycle count with c-model/units_cycles.h. The parameter\n"
    "options must be the ones the unit was verilated with. Exit 0 only when all\n"
    "match and at least one element was compared.\n\n"
    "  --unit NAME        the unit of this binary\n"
    "  --lanes L          LANES (1..64)\n"
    "  --nmax N           NMAX of softmax / layernorm (default 64)\n"
    "  --steps S          STEPS of softmax / layernorm (default 1)\n"
    "  --acc-w W          ACC_W of requant (default 40)\n"
    "  --sets LIST        comma-separated: random, corner, real, stream (default\n"
    "                     random,corner); stream: --random full-length rows (or\n"
    "                     16-beat batches) of typical values, one table\n"
    "  --random N         random (and stream) jobs, rows or batches (default 500)\n"
    "  --seed S           stimulus, gap and back-pressure seed (default 1)\n"
    "  --model DIR        real set: the model directory of the dump\n"
    "  --dump DIR         real set: a trex infer --dump of that model\n"
    "  --chip FILE        real set: the chip the dump was made with (default chip)\n"
    "  --real-rows N      real set: rows per op, spread over the op (default 0: all)\n"
    "  --gaps P           input (and g/B) not valid with probability P per cycle\n"
    "  --backpressure P   out_ready low with probability P per cycle\n"
    "  --busy-writes P    softmax: a LUT write (to be ignored) with probability P\n"
    "                     per cycle while a row is in the unit\n"
    "  --resets P         srst_ni low for one edge with probability P per cycle\n"
    "                     while the unit holds a beat or row (at most once per\n"
    "                     job): the unit must come out empty, the jobs in flight\n"
    "                     are sent again (default 0)\n"
    "  --continue N       report up to N mismatches before stopping (default 1)\n"
    "  --wave FILE        waveform around the first failure (FST; default\n"
    "                     build/sim-units/mismatch.fst)\n"
    "  --wave-window K    jobs before the failing one in the waveform (default 2)\n"
    "  --replay CMD       the replay command to print on failure\n"
    "  --activity FILE    toggle counts of the run (gate-level replay build only)\n";

/* strict numbers (trex_num.h): a bad value is one line naming the option */
static int opt_int(const char *arg, const char *name, int64_t lo, int64_t hi, int64_t *out) {
  if (trex_parse_i64(arg, lo, hi, out)) {
    fprintf(stderr, "tb_units: --%s: '%s' is not an integer in %lld..%lld\n", name, arg,
            (long long)lo, (long long)hi);
    return -1;
  }
  return 0;
}

static int opt_prob(const char *arg, const char *name, int closed, double *out) {
  if (trex_parse_real(arg, 0, 1, out) || (!closed && *out >= 1)) {
    fprintf(stderr, "tb_units: --%s: '%s' is not a number in [0, 1%s\n", name, arg, closed ? "]" : ")");
    return -1;
  }
  return 0;
}

static int parse_sets(const char *s, int *out) {
  *out = 0;
  char buf[128];
  snprintf(buf, sizeof buf, "%s", s);
  for (char *t = strtok(buf, ","); t; t = strtok(NULL, ",")) {
    int k;
    for (k = 0; k < UT_NSETS && strcmp(t, ut_set_name(k)); k++) {
    }
    if (k == UT_NSETS) return -1;
    *out |= 1 << k;
  }
  return *out ? 0 : -1;
}

int main(int argc, char **argv) {
  uopts o;
  memset(&o, 0, sizeof o);
  o.c.unit = UD_NUNITS;
  o.c.nmax = 64;
  o.c.steps = 1;
  o.c.acc_w = 40;
  o.seed = 1;
  o.random = 500;
  o.sets = (1 << UT_SET_RANDOM) | (1 << UT_SET_CORNER);
  o.cap = 1;
  o.wave = "build/sim-units/mismatch.fst";
  o.wave_window = 2;
  static const struct option opts[] = {
      {"unit", required_argument, 0, 'u'},      {"lanes", required_argument, 0, 'l'},
      {"nmax", required_argument, 0, 'n'},      {"steps", required_argument, 0, 't'},
      {"acc-w", required_argument, 0, 'a'},     {"sets", required_argument, 0, 'S'},
      {"random", required_argument, 0, 'r'},    {"seed", required_argument, 0, 's'},
      {"model", required_argument, 0, 'm'},     {"dump", required_argument, 0, 'd'},
      {"chip", required_argument, 0, 'c'},      {"real-rows", required_argument, 0, 'R'},
      {"gaps", required_argument, 0, 'g'},      {"backpressure", required_argument, 0, 'p'},
      {"busy-writes", required_argument, 0, 'B'}, {"continue", required_argument, 0, 'C'},
      {"resets", required_argument, 0, 'X'},
      {"wave", required_argument, 0, 'w'},      {"wave-window", required_argument, 0, 'W'},
      {"replay", required_argument, 0, 'P'},    {"activity", required_argument, 0, 'A'},
      {"help", no_argument, 0, 'h'},            {0, 0, 0, 0}};
  int ch;
  int64_t v;
  opterr = 0; /* one line of our own for an unknown option */
  while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
    switch (ch) {
      case 'u':
        if ((v = ut_unit_by_name(optarg)) < 0) {
          fprintf(stderr, "tb_units: --unit: '%s' is not softmax, layernorm, gelu, requant or add\n", optarg);
          return 2;
        }
        o.c.unit = (ud_unit)v;
        break;
      case 'l': if (opt_int(optarg, "lanes", 1, 64, &v)) return 2; o.c.lanes = (int)v; break;
      case 'n': if (opt_int(optarg, "nmax", 1, 65535, &v)) return 2; o.c.nmax = (int)v; break;
      case 't': if (opt_int(optarg, "steps", 1, 64, &v)) return 2; o.c.steps = (int)v; break;
      case 'a': if (opt_int(optarg, "acc-w", 2, 63, &v)) return 2; o.c.acc_w = (int)v; break;
      case 'S':
        if (parse_sets(optarg, &o.sets)) {
          fprintf(stderr, "tb_units: --sets: '%s' is not a list of random, corner, real, stream\n", optarg);
          return 2;
        }
        break;
      case 'r': if (opt_int(optarg, "random", 0, 100000000, &v)) return 2; o.random = (long)v; break;
      case 's':
        if (trex_parse_u64(optarg, 0, UINT64_MAX, &o.seed)) {
          fprintf(stderr, "tb_units: --seed: '%s' is not an integer in 0..2^64-1\n", optarg);
          return 2;
        }
        break;
      case 'm': o.model = optarg; break;
      case 'd': o.dump = optarg; break;
      case 'c': o.chip = optarg; break;
      case 'R': if (opt_int(optarg, "real-rows", 0, INT64_MAX, &v)) return 2; o.real_rows = (long)v; break;
      case 'g': if (opt_prob(optarg, "gaps", 0, &o.gaps)) return 2; break;
      case 'p': if (opt_prob(optarg, "backpressure", 0, &o.backpressure)) return 2; break;
      case 'B': if (opt_prob(optarg, "busy-writes", 1, &o.busy_writes)) return 2; break;
      case 'X': if (opt_prob(optarg, "resets", 0, &o.resets)) return 2; break;
      case 'C': if (opt_int(optarg, "continue", 1, 1000000000, &v)) return 2; o.cap = (long)v; break;
      case 'w': o.wave = optarg; break;
      case 'W': if (opt_int(optarg, "wave-window", 0, 1000000000, &v)) return 2; o.wave_window = (long)v; break;
      case 'P': o.replay = optarg; break;
      case 'A': o.activity = optarg; break;
      case 'h': fputs(help, stdout); return 0;
      default: goto bad;
    }
  }
  if (optind != argc) {
    fprintf(stderr, "tb_units: unexpected argument '%s' (see --help)\n", argv[optind]);
    return 2;
  }
  if (o.c.unit == UD_NUNITS || o.c.lanes < 1) {
    fprintf(stderr, "tb_units: --unit and --lanes are required (see --help)\n");
    return 2;
  }
  if (0) {
  bad:
    fprintf(stderr, "tb_units: unknown option '%s' (see --help)\n", argv[optind - 1]);
    return 2;
  }
  if (o.c.unit != ud_compiled_unit()) {
    fprintf(stderr, "tb_units: this binary holds the %s unit, not %s\n",
            ut_unit_names[ud_compiled_unit()], ut_unit_names[o.c.unit]);
    return 2;
  }
  if ((o.sets & (1 << UT_SET_REAL)) && (!o.model || !o.dump)) {
    fprintf(stderr, "tb_units: the real set needs --model DIR and --dump DIR\n");
    return 2;
  }

  /* SIGINT/SIGTERM/SIGHUP remove the waveform's staging directory */
  trex_cleanup_on_signals();

  ujobs js;
  memset(&js, 0, sizeof js);
  long golden_errors = 0;
  if (((o.sets & (1 << UT_SET_RANDOM)) && ut_gen_random(&o.c, &js, o.random, o.seed)) ||
      ((o.sets & (1 << UT_SET_CORNER)) && ut_gen_corner(&o.c, &js, o.seed)) ||
      ((o.sets & (1 << UT_SET_STREAM)) && ut_gen_stream(&o.c, &js, o.random, o.seed)) ||
      ((o.sets & (1 << UT_SET_REAL)) &&
       ut_gen_real(&o.c, &js, o.model, o.dump, o.chip, o.real_rows, &golden_errors))) {
    fprintf(stderr, "tb_units: cannot make the jobs (see above)\n");
    ut_jobs_free(&js);
    return 1;
  }
  if (js.n == 0) {
    fprintf(stderr, "tb_units: no jobs\n");
    return 1;
  }

  urun r;
  memset(&r, 0, sizeof r);
  r.o = &o;
  r.js = &js;
  r.nw_out = (o.c.lanes * 8 + 31) / 32 + 1;
  r.exp = calloc((size_t)r.nw_out, sizeof(uint32_t));
  r.got = calloc((size_t)r.nw_out, sizeof(uint32_t));
  r.held = calloc((size_t)r.nw_out, sizeof(uint32_t));
  r.d = ud_new();
  ustats s;
  memset(&s, 0, sizeof s);
  double t0 = trex_clock_s();
  long fail = run(&r, &s, js.n - 1, -1, 0);
  double secs = trex_clock_s() - t0;
  int act_err = 0;
  if (o.activity) {
    if (ud_cov_write(r.d, o.activity)) {
      fprintf(stderr, "tb_units: cannot write the activity %s (a coverage build?)\n", o.activity);
      act_err = 1;
    }
  }
  ud_free(r.d);
  long elements = s.elements[0] + s.elements[1] + s.elements[2] + s.elements[3];
  if (fail < 0 && s.jobs != js.n) {
    fprintf(stderr, "tb_units: only %ld of %ld jobs completed\n", s.jobs, js.n);
    fail = s.jobs;
  }
  if (fail >= 0) {
    ustats s2;
    memset(&s2, 0, sizeof s2);
    r.d = ud_new();
    long from = fail > o.wave_window ? fail - o.wave_window : 0;
    /* complete or not at all (issue 15, class 2): the waveform is written in
     * a private directory beside --wave and installed over it when the
     * replay is done; the target must be absent or a regular file (a
     * symbolic link, directory or FIFO there is refused, never written
     * through); an interruption removes the directory (the handlers of
     * trex_cleanup_on_signals) and leaves an earlier waveform as it was */
    char stage[4200] = "", wtmp[4300] = "";
    trex_err werr;
    mode_t wmode;
    int traced = 0, wave_ok = 0;
    if (trex_target_check(o.wave, &wmode, &werr) || trex_tmpdir_beside(o.wave, stage, sizeof stage, &werr)) {
      fprintf(stderr, "tb_units: cannot write the waveform: %s\n", werr.msg);
      stage[0] = '\0';
    } else {
      snprintf(wtmp, sizeof wtmp, "%s/wave.fst", stage);
      traced = ud_trace_open(r.d, wtmp) == 0;
      if (!traced) fprintf(stderr, "tb_units: cannot write the waveform %s (a build without --trace-fst?)\n", o.wave);
    }
    (void)run(&r, &s2, fail < js.n ? fail : js.n - 1, from, 1);
    ud_free(r.d); /* closes the waveform */
    if (traced) {
      if (trex_file_install(wtmp, o.wave, &werr) == 0) wave_ok = 1;
      else fprintf(stderr, "tb_units: cannot write the waveform: %s\n", werr.msg);
    }
    if (stage[0]) {
      unlink(wtmp);
      rmdir(stage);
      trex_tmp_forget(stage);
    }
    if (wave_ok)
      fprintf(stderr, "  waveform: %s (jobs %ld..%ld, from cycle 0 of job %ld)\n", o.wave, from, fail, from);
    replay_cmd(&o, stderr);
  }
  int ok = fail < 0 && elements > 0 && golden_errors == 0 && !act_err;
  if (elements == 0) fprintf(stderr, "tb_units: no elements compared\n");
  if (golden_errors) fprintf(stderr, "tb_units: %ld golden-model differences from the dump\n", golden_errors);
  printf("sim-units: unit=%s lanes=%d", unit_name(&o.c), o.c.lanes);
  if (ut_row_unit(o.c.unit)) printf(" nmax=%d steps=%d", o.c.nmax, o.c.steps);
  if (o.c.unit == UD_REQUANT) printf(" acc_w=%d", o.c.acc_w);
  printf(" seed=%" PRIu64 " jobs=%ld rows=%ld beats=%ld elements=%ld (random %ld, corner %ld, real %ld, stream %ld)"
         " mismatches=%ld cycle_errors=%ld golden_errors=%ld cycles=%" PRIu64,
         o.seed, s.jobs, s.rows, s.beats, elements, s.elements[0], s.elements[1], s.elements[2], s.elements[3],
         s.mismatches, s.cycle_errors, golden_errors, s.cycles);
  if (ut_row_unit(o.c.unit)) printf(" row_cycles=%" PRIu64 " predicted=%" PRIu64, s.row_cycles, s.row_predicted);
  printf(" gaps=%" PRIu64 " stalls=%" PRIu64, s.gaps + s.gb_gaps, s.stalls);
  if (o.c.unit == UD_SOFTMAX) printf(" busy_writes=%" PRIu64, s.busy_writes);
  if (o.resets > 0) printf(" resets=%" PRIu64, s.resets);
  printf(" elem_per_s=%.0f %s\n", secs > 0 ? (double)elements / secs : 0.0, ok ? "PASS" : "FAIL");
  if (o.activity) printf("activity: %" PRIu64 " cycles, %ld elements\n", s.cycles - s.act_start, elements);
  free(r.exp);
  free(r.got);
  free(r.held);
  ut_jobs_free(&js);
  return ok ? 0 : 1;
}
