/* tb_main: drives the Verilated xbar_tile with a vector set (file mode) or
 * with seeded random stimulus checked in-process against the golden model
 * (lockstep mode), compares every output word and every MVM's cycle count,
 * and on the first mismatch prints the context and writes a waveform. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tb_cov.h"
#include "tb_dut.h"
#include "trex_num.h"
#include "trex_rng.h"
#include "xbar_cycles.h"
#include "xbar_model.h"
#include "xbar_vecgen.h"
#include "xbar_vecset.h"

#define HIST 6

typedef struct {
  char what[16];
  long index;
  uint64_t cycle;
} tb_txn;

typedef struct {
  xbar_cfg cfg;
  const char *vec_dir;   /* file mode */
  const char *cfg_path;  /* lockstep mode */
  long count;
  uint64_t seed;
  long batch;            /* lockstep: vectors per weight reprogramming */
  int lockstep;
  double backpressure;   /* probability out_ready is low in a cycle */
  long cap;              /* mismatches to report before stopping */
  const char *wave;
  long wave_window;
  const char *cfg_id;
  const char *replay;    /* replay command printed on failure */
  const char *cov_path;      /* functional coverage bins (tb_cov.h) */
  const char *rtl_cov_path;  /* Verilator coverage data (coverage build only) */
  double busy_writes;        /* probability of a (must be ignored) write per busy cycle */
  int shuffle_rows;          /* program the rows in a seeded random order */
} tb_opts;

typedef struct {
  uint64_t cycles, predicted, stalls;
  long vectors, words, mismatches, cycle_errors;
  tb_txn hist[HIST];
  int nhist;
} tb_stats;

static void push_txn(tb_stats *s, const char *what, long idx, uint64_t cyc) {
  tb_txn *t = &s->hist[s->nhist++ % HIST];
  snprintf(t->what, sizeof t->what, "%s", what);
  t->index = idx;
  t->cycle = cyc;
}

static void pack(uint32_t *words, int nwords, const int32_t *v, int n, int bits) {
  memset(words, 0, sizeof(uint32_t) * (size_t)nwords);
  uint32_t mask = bits >= 32 ? 0xffffffffu : (1u << bits) - 1u;
  for (int k = 0; k < n; k++) {
    uint64_t pat = (uint32_t)v[k] & mask;
    long bit = (long)k * bits;
    words[bit / 32] |= (uint32_t)(pat << (bit % 32));
    if (bit % 32 + bits > 32) words[bit / 32 + 1] |= (uint32_t)(pat >> (32 - bit % 32));
  }
}

/* Stimulus source: a loaded vector set or the lockstep generator. */
typedef struct {
  const tb_opts *o;
  xbar_vecset vs;  /* file mode */
  int32_t *w, *x;  /* lockstep batch */
  long batch_base;
} tb_stim;

static const int32_t *stim_weights(tb_stim *st, long v) {
  if (!st->o->lockstep) return st->vs.w;
  (void)v;
  return st->w;
}

/* Makes sure the batch holding vector v is generated (lockstep). Returns 1
 * when v starts a new batch (weights must be reprogrammed). */
static int stim_prepare(tb_stim *st, long v) {
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

static const int32_t *stim_input(tb_stim *st, long v) {
  const xbar_cfg *c = &st->o->cfg;
  if (!st->o->lockstep) return st->vs.x + (size_t)v * c->rows;
  return st->x + (size_t)(v - st->batch_base) * c->rows;
}

static void replay_cmd(const tb_opts *o, FILE *fp) {
  if (o->replay)
    fprintf(fp, "replay: %s\n", o->replay);
  else if (o->lockstep)
    fprintf(fp, "replay: make lockstep CFG=%s N=%ld SEED=%" PRIu64 "\n", o->cfg_path,
            o->count, o->seed);
  else
    fprintf(fp, "replay: make sim VEC=%s\n", o->vec_dir);
}

static void report_mismatch(const tb_opts *o, const xbar_model *m, tb_stats *s,
                            tb_stim *st, long v, int j, uint32_t exp, uint32_t got) {
  const xbar_cfg *c = &o->cfg;
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
  int n = xbar_model_trace(m, stim_input(st, v), j, tr, (int)(sizeof tr / sizeof tr[0]));
  fprintf(stderr, "  golden model, output %d:  phase plane slice column adc mux  col_sum code recon\n", j);
  for (int k = 0; k < n; k++)
    fprintf(stderr, "  %29d %5d %5d %6d %3d %3d %8d %4d %5d\n", tr[k].phase,
            tr[k].plane, tr[k].slice, tr[k].column, tr[k].adc, tr[k].mux,
            tr[k].col_sum, tr[k].code, tr[k].recon);
  fprintf(stderr, "  last transactions (oldest first):\n");
  int first = s->nhist > HIST ? s->nhist - HIST : 0;
  for (int k = first; k < s->nhist; k++) {
    tb_txn *t = &s->hist[k % HIST];
    fprintf(stderr, "    cycle %-10" PRIu64 " %-8s #%ld\n", t->cycle, t->what, t->index);
  }
}

typedef struct {
  tb_dut *d;
  xbar_model *m;
  tb_stim *st;
  const tb_opts *o;
  trex_rng bp;
  uint32_t *wbuf, *xbuf, *ybuf, *hbuf;
  int nw, nx, ny;
  int32_t *y;
  tb_cov *cov;  /* NULL unless --cov */
  trex_rng bw;  /* --busy-writes stimulus */
  int32_t *wnoise;
} tb_run;

/* Provided only by the Verilator coverage build of the testbench
 * (tests/regress/tb_dut_cov.cpp); NULL in the normal one. */
extern int tb_dut_cov_write(tb_dut *d, const char *path) __attribute__((weak));

/* --busy-writes: while the tile is busy, a random write (which the tile must
 * ignore: docs/xbar-tile-rtl.md) with the given probability per cycle. */
static void busy_write(tb_run *r) {
  const xbar_cfg *c = &r->o->cfg;
  if (r->o->busy_writes <= 0) return;
  if (trex_rng_unit(&r->bw) >= r->o->busy_writes) {
    tb_dut_set_wr(r->d, 0, 0, NULL);
    return;
  }
  for (int j = 0; j < c->outs; j++)
    r->wnoise[j] = (int32_t)trex_rng_range(&r->bw, xbar_w_min(c), xbar_w_max(c));
  pack(r->wbuf, r->nw, r->wnoise, c->outs, c->w_bits);
  tb_dut_set_wr(r->d, 1, (int)trex_rng_range(&r->bw, 0, c->rows - 1), r->wbuf);
}

static void tick(tb_run *r, tb_stats *s) {
  if (r->o->backpressure > 0)
    tb_dut_set_out_ready(r->d, trex_rng_unit(&r->bp) >= r->o->backpressure);
  tb_dut_tick(r->d);
  s->cycles++;
}

/* Runs vectors [0, upto]; with dump_from >= 0 the waveform is on from that
 * vector. Returns the index of the first failing vector, or -1. */
static long run(tb_run *r, tb_stats *s, long upto, long dump_from, int quiet) {
  const tb_opts *o = r->o;
  const xbar_cfg *c = &o->cfg;
  int64_t lat_pred = xbar_cycles_latency(c);
  long first_fail = -1;
  trex_rng_seed(&r->bp, o->seed ^ 0xb4c4ULL);
  trex_rng_seed(&r->bw, o->seed ^ 0x3717ULL);
  tb_dut_set_out_ready(r->d, 1);
  tb_dut_set_rst_n(r->d, 0);
  tb_dut_tick(r->d);
  tb_dut_tick(r->d);
  tb_dut_set_rst_n(r->d, 1);
  for (long v = 0; v <= upto; v++) {
    if (dump_from >= 0 && v == dump_from) tb_dut_trace_enable(r->d, 1);
    if (stim_prepare(r->st, v)) {
      const int32_t *w = stim_weights(r->st, v);
      xbar_model_program(r->m, w);
      if (r->cov) tb_cov_program(r->cov, w, v > 0);
      int order[256];
      for (int i = 0; i < c->rows; i++) order[i] = i;
      for (int i = c->rows - 1; o->shuffle_rows && i > 0; i--) {
        int k = (int)trex_rng_range(&r->bw, 0, i), t = order[i];
        order[i] = order[k];
        order[k] = t;
      }
      for (int q = 0; q < c->rows; q++) {
        int i = order[q];
        pack(r->wbuf, r->nw, w + (size_t)i * c->outs, c->outs, c->w_bits);
        tb_dut_set_wr(r->d, 1, i, r->wbuf);
        tick(r, s);
      }
      tb_dut_set_wr(r->d, 0, 0, NULL);
      s->predicted += (uint64_t)xbar_cycles_program(c);
      push_txn(s, "program", v, s->cycles);
    }
    const int32_t *x = stim_input(r->st, v);
    pack(r->xbuf, r->nx, x, c->rows, c->x_bits);
    tb_dut_set_in(r->d, 1, r->xbuf);
    long guard = 0;
    while (!tb_dut_in_ready(r->d)) {
      tick(r, s);
      if (++guard > 1000000) {
        fprintf(stderr, "TIMEOUT config %s: in_ready_o never rose before vector %ld\n", o->cfg_id, v);
        return v;
      }
    }
    tick(r, s); /* accept edge */
    tb_dut_set_in(r->d, 0, NULL);
    push_txn(s, "input", v, s->cycles);
    int64_t lat = 0;
    while (!tb_dut_out_valid(r->d)) {
      busy_write(r);
      tick(r, s);
      if (++lat > 100000) {
        fprintf(stderr, "TIMEOUT config %s: no result for vector %ld after %" PRId64 " cycles\n",
                o->cfg_id, v, lat);
        return v;
      }
    }
    /* A cycle the output is not ready holds the result one more edge; count
     * those as back-pressure stalls. */
    tb_dut_get_out(r->d, r->ybuf);
    uint64_t before = s->cycles;
    int proto = 0;  /* handshake rule broken: 1 valid fell, 2 data changed, 3 valid stayed */
    if (r->o->backpressure > 0) {
      for (;;) {
        int ready = trex_rng_unit(&r->bp) >= r->o->backpressure;
        tb_dut_set_out_ready(r->d, ready);
        busy_write(r);
        tb_dut_tick(r->d);
        s->cycles++;
        if (ready) break;
        /* held by back-pressure: valid stays high, the data stays put */
        if (!proto && !tb_dut_out_valid(r->d)) proto = 1;
        if (!proto) {
          tb_dut_get_out(r->d, r->hbuf);
          if (memcmp(r->hbuf, r->ybuf, sizeof(uint32_t) * (size_t)c->outs)) proto = 2;
        }
      }
    } else {
      busy_write(r);
      tb_dut_tick(r->d);
      s->cycles++;
    }
    tb_dut_set_wr(r->d, 0, 0, NULL);
    /* after the handshake the result is gone until the next input */
    if (!proto && tb_dut_out_valid(r->d)) proto = 3;
    if (proto) {
      static const char *const why[] = {"", "out_valid_o fell before out_ready_i",
                                        "out_data_o changed while held by out_ready_i low",
                                        "out_valid_o stayed high after the handshake"};
      s->mismatches++;
      if (!quiet && s->mismatches <= o->cap)
        fprintf(stderr, "MISMATCH config %s vector %ld protocol: %s\n", o->cfg_id, v, why[proto]);
      if (first_fail < 0) first_fail = v;
    }
    s->stalls += s->cycles - before - 1;
    if (r->cov) tb_cov_stall(r->cov, s->cycles - before - 1);
    s->predicted += (uint64_t)xbar_cycles_per_mvm(c);
    push_txn(s, "output", v, s->cycles);
    if (lat != lat_pred) {
      s->cycle_errors++;
      if (!quiet)
        fprintf(stderr,
                "CYCLE MISMATCH config %s vector %ld: latency %" PRId64
                " edges, the model predicts %" PRId64 "\n",
                o->cfg_id, v, lat, lat_pred);
      if (first_fail < 0) first_fail = v;
    }
    xbar_model_mvm(r->m, x, r->y);
    if (r->cov) tb_cov_mvm(r->cov, r->m, x, r->y);
    const int32_t *exp = o->lockstep ? r->y : r->st->vs.y + (size_t)v * c->outs;
    s->vectors++;
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
        if (!quiet && s->mismatches <= o->cap) report_mismatch(o, r->m, s, r->st, v, j, e, g);
        if (first_fail < 0) first_fail = v;
      }
    }
    if (first_fail >= 0 && s->mismatches + s->cycle_errors > o->cap) break;
    if (first_fail >= 0 && o->cap <= 1) break;
  }
  s->predicted += s->stalls;
  return first_fail;
}

static const char *help =
    "usage: tb_xbar --vec DIR [options]\n"
    "       tb_xbar --lockstep --config FILE --count N --seed S [options]\n"
    "Drives the Verilated xbar_tile and compares every output word and every\n"
    "MVM's latency with the golden model. Exit 0 only when all match and at\n"
    "least one word was compared.\n\n"
    "  --vec DIR          file mode: DIR's weights.hex, inputs.hex, expected.hex\n"
    "  --lockstep         stimulus from the seeded generator, expected values\n"
    "                     from the golden model in-process (no files)\n"
    "  --config FILE      lockstep: tile configuration\n"
    "  --count N          lockstep: MVMs (default 10000)\n"
    "  --seed S           lockstep and back-pressure seed (default 1)\n"
    "  --batch B          lockstep: reprogram new weights every B MVMs (default 4096,\n"
    "                     at most 10000000)\n"
    "  --backpressure P   hold out_ready low with probability P each cycle\n"
    "  --continue N       report up to N mismatches before stopping (default 1)\n"
    "  --wave FILE        waveform of the vectors around the first mismatch\n"
    "                     (FST; default build/sim/mismatch.fst)\n"
    "  --wave-window K    vectors before the failing one to include (default 3)\n"
    "  --id ID            configuration id for messages\n"
    "  --replay CMD       the replay command to print on failure\n"
    "  --cov FILE         record functional coverage bins (testbench/tb_cov.h)\n"
    "                     into FILE; the summary line gains bins=HIT/TOTAL\n"
    "  --rtl-cov FILE     write Verilator line/toggle coverage data to FILE\n"
    "                     (only the coverage build of make regress)\n"
    "  --busy-writes P    while the tile is busy, drive a random weight write\n"
    "                     (which it must ignore) with probability P per cycle\n"
    "  --shuffle-rows     program the weight rows in a seeded random order\n";

/* A whole number option in [lo, hi], or one line naming it. */
static int tb_num(const char *arg, const char *name, long lo, long hi, long *out) {
  int64_t v;
  if (trex_parse_i64(arg, lo, hi, &v)) {
    fprintf(stderr, "tb_xbar: --%s: '%s' is not an integer in %ld..%ld\n", name, arg, lo, hi);
    return -1;
  }
  *out = (long)v;
  return 0;
}

int main(int argc, char **argv) {
  tb_opts o;
  memset(&o, 0, sizeof o);
  o.count = 10000;
  o.seed = 1;
  o.batch = 4096;
  o.cap = 1;
  o.wave = "build/sim/mismatch.fst";
  o.wave_window = 3;
  static const struct option opts[] = {
      {"vec", required_argument, 0, 'v'},     {"lockstep", no_argument, 0, 'l'},
      {"config", required_argument, 0, 'c'},  {"count", required_argument, 0, 'n'},
      {"seed", required_argument, 0, 's'},    {"batch", required_argument, 0, 'b'},
      {"backpressure", required_argument, 0, 'p'},
      {"continue", required_argument, 0, 'C'}, {"wave", required_argument, 0, 'w'},
      {"wave-window", required_argument, 0, 'W'}, {"id", required_argument, 0, 'i'},
      {"replay", required_argument, 0, 'R'},
      {"cov", required_argument, 0, 'V'},     {"rtl-cov", required_argument, 0, 'K'},
      {"busy-writes", required_argument, 0, 'B'},
      {"shuffle-rows", no_argument, 0, 'S'},
      {"help", no_argument, 0, 'h'},          {0, 0, 0, 0}};
  int ch;
  while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
    switch (ch) {
      case 'v': o.vec_dir = optarg; break;
      case 'l': o.lockstep = 1; break;
      case 'c': o.cfg_path = optarg; break;
      /* strict numbers (trex_num.h): SEED=-1 or N=1e20 from make are errors
       * naming the option, never wrapped or cut */
      case 'n': if (tb_num(optarg, "count", 1, LONG_MAX, &o.count)) return 2; break;
      case 's':
        if (trex_parse_u64(optarg, 0, UINT64_MAX, &o.seed)) {
          fprintf(stderr, "tb_xbar: --seed: '%s' is not an integer in 0..2^64-1\n", optarg);
          return 2;
        }
        break;
      case 'b': if (tb_num(optarg, "batch", 1, 10000000, &o.batch)) return 2; break;
      case 'p':
        if (trex_parse_real(optarg, 0, 1, &o.backpressure) || o.backpressure >= 1) {
          fprintf(stderr, "tb_xbar: --backpressure: '%s' is not a number in [0, 1)\n", optarg);
          return 2;
        }
        break;
      case 'C': if (tb_num(optarg, "continue", 1, LONG_MAX, &o.cap)) return 2; break;
      case 'w': o.wave = optarg; break;
      case 'W': if (tb_num(optarg, "wave-window", 0, LONG_MAX, &o.wave_window)) return 2; break;
      case 'i': o.cfg_id = optarg; break;
      case 'R': o.replay = optarg; break;
      case 'V': o.cov_path = optarg; break;
      case 'K': o.rtl_cov_path = optarg; break;
      case 'S': o.shuffle_rows = 1; break;
      case 'B':
        if (trex_parse_real(optarg, 0, 1, &o.busy_writes)) {
          fprintf(stderr, "tb_xbar: --busy-writes: '%s' is not a number in [0, 1]\n", optarg);
          return 2;
        }
        break;
      case 'h': fputs(help, stdout); return 0;
      default: goto bad;
    }
  }
  if (optind != argc || (!o.vec_dir == !o.lockstep) || (o.lockstep && !o.cfg_path)) {
  bad:
    fprintf(stderr, "tb_xbar: bad arguments (see --help)\n");
    return 2;
  }
  trex_err err;
  tb_stim st;
  memset(&st, 0, sizeof st);
  st.o = &o;
  if (o.lockstep) {
    if (xbar_cfg_load(o.cfg_path, &o.cfg, &err)) {
      fprintf(stderr, "tb_xbar: %s\n", err.msg);
      return 1;
    }
    st.w = malloc(sizeof(int32_t) * (size_t)o.cfg.rows * (size_t)o.cfg.outs);
    st.x = malloc(sizeof(int32_t) * (size_t)o.batch * (size_t)o.cfg.rows);
  } else {
    if (xbar_vecset_load(o.vec_dir, true, &st.vs, &err)) {
      fprintf(stderr, "tb_xbar: %s\n", err.msg);
      return 1;
    }
    o.cfg = st.vs.cfg;
    o.count = st.vs.count;
  }
  const xbar_cfg *c = &o.cfg;
  char id[128];
  xbar_cfg_id(c, id, sizeof id);
  if (!o.cfg_id) o.cfg_id = id;
  xbar_model m;
  if (xbar_model_init(&m, c, &err)) {
    fprintf(stderr, "tb_xbar: %s\n", err.msg);
    return 1;
  }
  tb_run r;
  memset(&r, 0, sizeof r);
  r.m = &m;
  r.st = &st;
  r.o = &o;
  r.nw = (c->outs * c->w_bits + 31) / 32 + 1;
  r.nx = (c->rows * c->x_bits + 31) / 32 + 1;
  r.ny = c->outs + 1;
  r.wbuf = calloc((size_t)r.nw, sizeof(uint32_t));
  r.xbuf = calloc((size_t)r.nx, sizeof(uint32_t));
  r.ybuf = calloc((size_t)r.ny, sizeof(uint32_t));
  r.hbuf = calloc((size_t)r.ny, sizeof(uint32_t));
  r.wnoise = calloc((size_t)c->outs, sizeof(int32_t));
  r.y = calloc((size_t)c->outs, sizeof(int32_t));
  if (o.rtl_cov_path && !tb_dut_cov_write) {
    fprintf(stderr, "tb_xbar: --rtl-cov needs the coverage build of the testbench (make regress)\n");
    return 2;
  }
  if (o.cov_path && !(r.cov = tb_cov_new(&m))) {
    fprintf(stderr, "tb_xbar: out of memory for the coverage bins\n");
    return 1;
  }
  r.d = tb_dut_new();
  tb_stats s;
  memset(&s, 0, sizeof s);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  long fail = run(&r, &s, o.count - 1, -1, 0);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double secs = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
  int cov_err = 0;
  if (o.rtl_cov_path && tb_dut_cov_write(r.d, o.rtl_cov_path) != 0) {
    fprintf(stderr, "tb_xbar: cannot write %s\n", o.rtl_cov_path);
    cov_err = 1;
  }
  tb_dut_free(r.d);
  char bins[48] = "";
  if (r.cov) {
    char msg[512];
    long hit, total;
    tb_cov_count(r.cov, &hit, &total);
    snprintf(bins, sizeof bins, "bins=%ld/%ld ", hit, total);
    if (tb_cov_write(r.cov, o.cov_path, o.cfg_id, msg, (int)sizeof msg)) {
      fprintf(stderr, "tb_xbar: %s\n", msg);
      cov_err = 1;
    }
    tb_cov_free(r.cov);
    r.cov = NULL;  /* the replay below must not count twice */
  }
  int ok = fail < 0 && s.words > 0 && s.cycles == s.predicted && !cov_err;
  if (fail < 0 && s.cycles != s.predicted)
    fprintf(stderr, "CYCLE MISMATCH config %s: %" PRIu64 " edges in all, the model predicts %" PRIu64 "\n",
            o.cfg_id, s.cycles, s.predicted);
  if (s.words == 0) fprintf(stderr, "tb_xbar: no words compared\n");
  if (fail >= 0) {
    /* replay deterministically with the waveform on around the failure */
    tb_stats s2;
    memset(&s2, 0, sizeof s2);
    r.d = tb_dut_new();
    long from = fail > o.wave_window ? fail - o.wave_window : 0;
    /* written under a name of this process's and renamed into place: two
     * runs of one configuration at once never write one file (class 5) */
    char wtmp[4200];
    snprintf(wtmp, sizeof wtmp, "%s.tmp.%ld", o.wave, (long)getpid());
    if (tb_dut_trace_open(r.d, wtmp) != 0)
      fprintf(stderr, "tb_xbar: cannot write the waveform %s\n", o.wave);
    (void)run(&r, &s2, fail, from, 1);
    tb_dut_free(r.d);
    if (rename(wtmp, o.wave) != 0) unlink(wtmp);
    fprintf(stderr, "  waveform: %s (vectors %ld..%ld)\n", o.wave, from, fail);
    replay_cmd(&o, stderr);
  }
  if (o.lockstep && fail < 0) {
    printf("lockstep: seed %" PRIu64 "; ", o.seed);
    replay_cmd(&o, stdout);
  }
  printf("sim: config=%s vectors=%ld words=%ld mismatches=%ld cycle_errors=%ld "
         "cycles=%" PRIu64 " predicted=%" PRIu64 " mvm_per_s=%.0f %s%s\n",
         o.cfg_id, s.vectors, s.words, s.mismatches, s.cycle_errors, s.cycles,
         s.predicted, secs > 0 ? (double)s.vectors / secs : 0.0, bins, ok ? "PASS" : "FAIL");
  xbar_model_free(&m);
  xbar_vecset_free(&st.vs);
  free(st.w);
  free(st.x);
  free(r.wbuf);
  free(r.xbuf);
  free(r.ybuf);
  free(r.hbuf);
  free(r.wnoise);
  free(r.y);
  return ok ? 0 : 1;
}

/* The coverage bins are compiled into this object: the Verilator link line
 * (mk/10-tile.mk) takes tb_main.o alone. */
#include "tb_cov.c"
