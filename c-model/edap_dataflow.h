/* edap_dataflow: the delay of a schedule under a dataflow (docs/edap.md,
 * "Dataflows"), computed from the schedule's op list and each op's cycles.
 * The controller (ctrl_schedule, rtl/ctrl_*.sv) issues its ops in the
 * sequential order whatever the dataflow: a dataflow is a delay model of the
 * same op list, not a change of the controller's per-op records.
 *
 *  - EDAP_DF_SEQUENTIAL (default): ops one after another; delay = sum of
 *    the ops' cycles.
 *  - EDAP_DF_QKV: as sequential, but a computing encoder's q_proj, k_proj
 *    and v_proj run at the same time on their own tiles: they count as
 *    max(q, k, v).
 *  - EDAP_DF_PIPELINED: tokens stream from op to op (and from encoder to
 *    encoder). A run of streamed ops with cycles c_1..c_n over T tokens takes
 *    ceil((sum c_j + (T - 1) max c_j) / T) cycles (a flow shop of T equal
 *    jobs, per-token time c_j / T); q/k/v projections form one stage
 *    (per-token time max of the three); k_write and v_write need the whole
 *    K and V, so they are blocks: the stream drains, max(k_write, v_write)
 *    cycles pass (the two write different SRAM crossbars), and a new run
 *    starts with qk. Every op not named as streamed in edap_dataflow.c is a
 *    block.
 *
 * Per encoder, a dataflow's pieces fold into an edap_df_enc summary whose
 * application to a running edap_df_state is exact, so that the reuse search
 * (search_reuse.c) can combine encoders without rebuilding schedules.
 *
 * Promises: edap_df_delay(sequential) == sum of cycles; for every dataflow
 * the delay is <= the sequential one and >= the largest op's cycles; the
 * state's fields never decrease as encoders are applied. */
#ifndef EDAP_DATAFLOW_H
#define EDAP_DATAFLOW_H

#include <stddef.h>
#include <stdint.h>

#include "ctrl_schedule.h"
#include "trex_err.h"

typedef enum {
  EDAP_DF_SEQUENTIAL = 0,
  EDAP_DF_QKV = 1,
  EDAP_DF_PIPELINED = 2,
  EDAP_DF_COUNT = 3
} edap_dataflow;

const char *edap_dataflow_name(edap_dataflow d); /* "sequential", "qkv", "pipelined" */
int edap_dataflow_parse(const char *s, edap_dataflow *d); /* -1 when unknown */

/* A running timeline: cycles of closed runs and blocks, and the open run of
 * streamed ops (sum and max of their cycles). */
typedef struct {
  uint64_t closed, open_sum, open_max;
} edap_df_state;

/* One encoder's effect on the timeline: its leading streamed run joins the
 * open run; if it has a block, the open run closes, `inner` cycles pass
 * (blocks and the runs between them) and its trailing run opens. */
typedef struct {
  uint64_t lead_sum, lead_max;
  int has_block;
  uint64_t inner;
  uint64_t tail_sum, tail_max;
} edap_df_enc;

/* Summary of one encoder's ops ops[0..n) (in issue order, all of one
 * encoder) with cycles cyc[0..n), over `tokens` tokens. */
edap_df_enc edap_df_encoder(edap_dataflow d, const ctrl_rec *ops, const uint64_t *cyc,
                            size_t n, uint64_t tokens);

void edap_df_apply(edap_df_state *s, const edap_df_enc *e, uint64_t tokens);

/* Cycles of an open run: ceil((sum + (tokens - 1) * max) / tokens). */
uint64_t edap_df_run(uint64_t sum, uint64_t max, uint64_t tokens);

/* The delay of the timeline once the open run drains. */
uint64_t edap_df_finish(const edap_df_state *s, uint64_t tokens);

/* Cycles an encoder adds in any case (its blocks), a lower bound used by the
 * search to prune. */
uint64_t edap_df_min_cycles(const edap_df_enc *e);

/* The delay of a whole schedule with per-op cycles cyc[0..s->n_ops). */
uint64_t edap_df_delay(edap_dataflow d, const ctrl_schedule *s, const uint64_t *cyc);

#endif
