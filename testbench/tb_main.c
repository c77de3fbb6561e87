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

#include "tb_xbar.h"
#include "trex_clock.h"
#include "trex_num.h"
#include "xbar_cycles.h"

/* Runs vectors [0, upto] through driver, monitor, cycle check and
 * scoreboard (tb_xbar.h); with dump_from >= 0 the waveform is on from that
 * vector. Returns the index of the first failing vector, or -1. */
static long run(tb_run *r, tb_stats *s, long upto, long dump_from, int quiet) {
  const tb_opts *o = r->o;
  long first_fail = -1;
  tb_drive_reset(r);
  for (long v = 0; v <= upto; v++) {
    if (dump_from >= 0 && v == dump_from) tb_dut_trace_enable(r->d, 1);
    if (tb_stim_prepare(r->st, v)) {
      const int32_t *w = tb_stim_weights(r->st, v);
      tb_score_program(r, w, v);
      tb_drive_program(r, s, w);
      tb_cycles_program(r, s);
      tb_push_txn(s, "program", v, s->cycles);
    }
    const int32_t *x = tb_stim_input(r->st, v);
    if (tb_drive_input(r, s, v, x)) return v;
    int64_t lat = tb_drive_wait_result(r, s, v);
    if (lat < 0) return v;
    tb_mon mon;
    uint64_t held = tb_drive_take_result(r, s, &mon);
    if (r->cov) tb_cov_stall(r->cov, held);
    if (mon.first) {
      s->mismatches++;
      if (!quiet && s->mismatches <= o->cap)
        fprintf(stderr, "MISMATCH config %s vector %ld protocol: %s\n", o->cfg_id, v,
                tb_proto_text(mon.first));
      if (first_fail < 0) first_fail = v;
    }
    if (tb_cycles_mvm(r, s, v, lat, quiet) && first_fail < 0) first_fail = v;
    tb_push_txn(s, "output", v, s->cycles);
    if (tb_score_mvm(r, s, v, x, quiet) && first_fail < 0) first_fail = v;
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
  if (o.rtl_cov_path && !tb_dut_has_cov()) {
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
  double t0 = trex_clock_s();
  long fail = run(&r, &s, o.count - 1, -1, 0);
  double secs = trex_clock_s() - t0;
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
  int cycles_ok = tb_cycles_total(&r, &s, fail < 0 ? stderr : NULL) == 0;
  int ok = fail < 0 && s.words > 0 && cycles_ok && !cov_err;
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
    tb_replay_cmd(&o, stderr);
  }
  if (o.lockstep && fail < 0) {
    printf("lockstep: seed %" PRIu64 "; ", o.seed);
    tb_replay_cmd(&o, stdout);
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
