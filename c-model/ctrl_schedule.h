/* ctrl_schedule: the attention-reuse controller's C model -- the exact
 * operation stream it issues for a model, a chip and a reuse list, with the
 * operand sizes, tiles, cycles, MACs and events of every operation and their
 * totals. The RTL controller (rtl/trex_ctrl.f) issues the same stream and keeps
 * the same counters; `make sim-ctrl` proves it. Every formula is in
 * docs/controller.md.
 *
 * Promises:
 *  - ctrl_schedule_build() returns 0 and a complete schedule for a legal
 *    configuration; otherwise -1, one-line message in err, s->status set to
 *    the first failing check (order: model sizes, heads, chip, reuse list as
 *    parsed, then encoders 0..63 in order) and no ops allocated.
 *  - s->totals equals the field-by-field sum of s->ops[] (totals.ops is the
 *    number of ops); counters are uint64_t and wrap modulo 2^64, as the RTL's.
 *  - Pruning and sharing (vit_model's enc_tokens, share_*): every op of
 *    encoder i is sized with its own token count T_i; an encoder followed
 *    by one with fewer tokens issues `prune` after residual2 and must
 *    compute attention (else CTRL_E_PRUNE); a reusing encoder i loads T_i
 *    rows; shared static weights count once in static_tiles (owns[]).
 *  - An empty reuse list gives the baseline. A reusing encoder issues none of
 *    q_proj, k_proj, v_proj, k_write, qk, softmax, v_write, sv, out_proj;
 *    reuse_store is issued by an encoder exactly when a later encoder reads it.
 *  - The model-level ops come first (patch_embed, pos_embed, encoder 0) when
 *    model.patch_dim != 0 and last (final_ln, head, encoder depth - 1) when
 *    model.classes != 0; a model without those keys issues the encoders only.
 *  - The enum values, op names and JSON keys are stable. */
#ifndef CTRL_SCHEDULE_H
#define CTRL_SCHEDULE_H

#include <stddef.h>
#include <stdint.h>

#include "ctrl_chip.h"
#include "ctrl_contract.h"
#include "ctrl_reuse.h"
#include "trex_err.h"
#include "vit_model.h"

/* The ops, their codes, families and units, the descriptor fields
 * (ctrl_rec), the counters (ctrl_totals) and the status codes are the rows
 * of ctrl_contract.def (ctrl_contract.h). Issue order inside an encoder
 * follows the table (reuse_store comes after out_proj; a reusing encoder
 * goes ln1, reuse_load, tb_*, residual1, ...). */

typedef struct {
  vit_model model;
  ctrl_chip chip;
  ctrl_status status;
  /* Resolved plan, per encoder (entries >= model.depth are 0 / -1). */
  int reused[VIT_MAX_DEPTH]; /* 1 when the encoder reuses attention */
  int source[VIT_MAX_DEPTH]; /* resolved source of a reusing encoder, else -1 */
  int stores[VIT_MAX_DEPTH]; /* 1 when it issues reuse_store */
  int n_reused;
  ctrl_rec *ops;
  size_t n_ops;
  ctrl_totals totals;
  /* Mapping summaries (C model only; not RTL counters): tiles holding static
   * weights over the whole model (sum over static ops), and the largest
   * number of tiles written at run time by one encoder (k_write + v_write),
   * i.e. the run-time (SRAM) crossbars the chip needs. */
  uint64_t static_tiles;
  uint64_t dynamic_tiles;
  /* owns[k] = 1 when ops[k] is a static matrix product whose weights are
   * placed by it: the first op of the schedule using those weights (a layer
   * shared with an earlier encoder is counted once, at its first use);
   * static_tiles sums the tiles of these ops only. */
  unsigned char *owns;
  /* The controller's own issue time (ctrl_issue.h; not descriptor fields,
   * not RTL counters): issue_edges[k] = the edges rtl/ctrl_seq.sv spends
   * before ops[k]'s descriptor is valid (ops[0]: after the start edge; else
   * after the accept of ops[k-1]); issue[k] = the cycles the execution unit
   * waits for it (not hidden behind ops[k-1]); issue_cycles their sum;
   * inference_cycles = totals.cycles + issue_cycles, the edges from the
   * start edge to the end of the last op, both included (sequential
   * dataflow, one op at a time: the RTL top's, checked by tb_core). */
  uint64_t *issue_edges;
  uint64_t *issue;
  uint64_t issue_cycles;
  uint64_t inference_cycles;
} ctrl_schedule;

/* Builds the schedule. reuse may be NULL (baseline). On failure s holds
 * status and no ops; ctrl_schedule_free is safe either way. */
int ctrl_schedule_build(const vit_model *m, const ctrl_chip *c,
                        const ctrl_reuse *reuse, ctrl_schedule *s,
                        trex_err *err);

/* The five chip figures the controller reads from its registers 0x08..0x0c
 * (docs/controller.md, register map): rows, outs, cycles per MVM, ADC
 * conversions per MVM, cells per weight. */
typedef struct {
  int64_t rows, outs, per_mvm, adc_per_mvm, cells_per_w;
} ctrl_figures;

/* The figures of a legal chip: its tile's rows and outs and
 * ctrl_chip_cycles_per_mvm / _adc_per_mvm / _cells_per_weight. */
ctrl_figures ctrl_chip_figures(const ctrl_chip *c);

/* As ctrl_schedule_build, with the register figures f in place of the ones
 * c's tile gives (f NULL: the tile's). Their legal range, 1..CTRL_MAX_FIGURE
 * each, is the registers' and wider than a tile's (outs 1..64, cells per
 * weight at most 16, ...): the RTL computes with any legal values written
 * there, and so does this. A figure outside it is CTRL_E_CHIP, checked after
 * c itself. */
int ctrl_schedule_build_figures(const vit_model *m, const ctrl_chip *c,
                                const ctrl_figures *f, const ctrl_reuse *reuse,
                                ctrl_schedule *s, trex_err *err);
void ctrl_schedule_free(ctrl_schedule *s);

#endif
