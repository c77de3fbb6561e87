/* tb_xbar: the tile testbench's parts (tb_xbar --vec / --lockstep) and what
 * they share. One MVM goes through them in this order (tb_main.c, run()):
 *   driver      (tb_drive.c)    reset, weight programming, input handshake,
 *                               back-pressure on the output, ignored writes
 *                               while busy: everything that drives the DUT
 *   monitor     (tb_monitor.c)  the output handshake's rules: valid stays
 *                               high and the data stays put while held,
 *                               valid falls after the handshake
 *   cycle check (tb_cycles.c)   each MVM's latency and the run's edges
 *                               against the cycle model (xbar_cycles.h)
 *   scoreboard  (tb_score.c)    every result word against the golden model
 *                               (or expected.hex), the mismatch report
 * The stimulus (a vector set or the seeded generator) is the driver's. */
#ifndef TB_XBAR_H
#define TB_XBAR_H

#include <stdint.h>
#include <stdio.h>

#include "tb_cov.h"
#include "tb_dut.h"
#include "trex_rng.h"
#include "xbar_model.h"
#include "xbar_vecset.h"

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

/* The last transactions, for the mismatch report. */
#define TB_HIST 6
typedef struct {
  char what[16];
  long index;
  uint64_t cycle;
} tb_txn;

typedef struct {
  uint64_t cycles, predicted, stalls;
  long vectors, words, mismatches, cycle_errors;
  tb_txn hist[TB_HIST];
  int nhist;
} tb_stats;

void tb_push_txn(tb_stats *s, const char *what, long idx, uint64_t cyc);

/* Stimulus: a loaded vector set or the lockstep generator. */
typedef struct {
  const tb_opts *o;
  xbar_vecset vs;  /* file mode */
  int32_t *w, *x;  /* lockstep batch */
  long batch_base;
} tb_stim;

/* Makes sure the batch holding vector v exists (lockstep); 1 when v starts
 * a new weight matrix (program it), else 0. */
int tb_stim_prepare(tb_stim *st, long v);
const int32_t *tb_stim_weights(tb_stim *st, long v);
const int32_t *tb_stim_input(tb_stim *st, long v);

/* One run's state. */
typedef struct {
  tb_dut *d;
  xbar_model *m;
  tb_stim *st;
  const tb_opts *o;
  trex_rng bp;  /* back-pressure stream */
  uint32_t *wbuf, *xbuf, *ybuf, *hbuf;
  int nw, nx, ny;
  int32_t *y;
  tb_cov *cov;  /* NULL unless --cov */
  trex_rng bw;  /* --busy-writes stream (and the row shuffle) */
  int32_t *wnoise;
} tb_run;

/* ---- driver (tb_drive.c) ------------------------------------------------ */

/* Packs n values of `bits` bits into little-endian words. */
void tb_pack(uint32_t *words, int nwords, const int32_t *v, int n, int bits);
/* Seeds the streams, holds reset for two edges, out_ready high. */
void tb_drive_reset(tb_run *r);
/* One edge (out_ready random under back-pressure); s->cycles += 1. */
void tb_drive_tick(tb_run *r, tb_stats *s);
/* Writes matrix w row by row (shuffled with --shuffle-rows). */
void tb_drive_program(tb_run *r, tb_stats *s, const int32_t *w);
/* Offers input vector x until accepted; -1 when in_ready never rises. */
int tb_drive_input(tb_run *r, tb_stats *s, long v, const int32_t *x);
/* Waits for out_valid (busy writes meanwhile); the edges waited, -1 on
 * time-out. */
int64_t tb_drive_wait_result(tb_run *r, tb_stats *s, long v);
/* --busy-writes: one edge's write that the busy tile must ignore, or none. */
void tb_drive_busy_write(tb_run *r);

/* ---- monitor (tb_monitor.c) ------------------------------------------------ */

typedef enum {
  TB_PROTO_OK = 0,
  TB_PROTO_VALID_FELL,   /* out_valid_o fell before out_ready_i */
  TB_PROTO_DATA_MOVED,   /* out_data_o changed while held */
  TB_PROTO_VALID_STAYED  /* out_valid_o stayed high after the handshake */
} tb_proto;

typedef struct {
  tb_proto first; /* the first rule broken during this result's handshake */
} tb_mon;

const char *tb_proto_text(tb_proto p);
/* out_valid is high: the result (into r->ybuf) the held edges must keep. */
void tb_mon_begin(tb_mon *m, tb_run *r);
/* An edge passed with out_ready low. */
void tb_mon_held(tb_mon *m, tb_run *r);
/* The edge of the handshake passed. */
void tb_mon_after(tb_mon *m, tb_run *r);

/* The output handshake (driver): out_ready low with the back-pressure
 * probability, edge by edge, the monitor watching every held edge and the
 * edge after; returns the edges the result was held. */
uint64_t tb_drive_take_result(tb_run *r, tb_stats *s, tb_mon *m);

/* ---- cycle check (tb_cycles.c) ------------------------------------------------ */

/* Adds the model's edges of one weight programming to the prediction. */
void tb_cycles_program(tb_run *r, tb_stats *s);
/* One MVM took `latency` edges; 0 when the model agrees, else counts and
 * (unless quiet) reports a CYCLE MISMATCH. */
int tb_cycles_mvm(tb_run *r, tb_stats *s, long v, int64_t latency, int quiet);
/* The run's edges against the prediction (which run() completes with the
 * stalls); 0 when equal, else a CYCLE MISMATCH line on fp (if not NULL). */
int tb_cycles_total(const tb_run *r, const tb_stats *s, FILE *fp);

/* ---- scoreboard (tb_score.c) ---------------------------------------------------- */

/* The golden model takes the weights just programmed. */
void tb_score_program(tb_run *r, const int32_t *w, long v);
/* Compares the result words (r->ybuf) of vector v with the golden model
 * (lockstep) or expected.hex; 0 when every word matches. */
int tb_score_mvm(tb_run *r, tb_stats *s, long v, const int32_t *x, int quiet);
/* The replay command line. */
void tb_replay_cmd(const tb_opts *o, FILE *fp);

#endif
