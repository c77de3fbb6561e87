/* ctrl_schedule: the attention-reuse controller's C model -- the exact
 * operation stream it issues for a model, a chip and a reuse list, with the
 * operand sizes, tiles, cycles, MACs and events of every operation and their
 * totals. The RTL controller (rtl/ctrl_*.sv) issues the same stream and keeps
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
 *  - The enum values, op names and JSON keys are stable. */
#ifndef CTRL_SCHEDULE_H
#define CTRL_SCHEDULE_H

#include <stddef.h>
#include <stdint.h>

#include <cJSON.h>

#include "ctrl_chip.h"
#include "trex_err.h"
#include "vit_model.h"

/* ---- reuse list ------------------------------------------------------- */

#define CTRL_REUSE_MAX 64 /* entries in one list (= VIT_MAX_DEPTH) */
#define CTRL_SRC_AUTO (-1) /* no explicit source: the most recent computing encoder */

typedef struct {
  int encoder; /* 0-based index of the reusing encoder (>= 0) */
  int source;  /* explicit source encoder (>= 0) or CTRL_SRC_AUTO */
} ctrl_reuse_item;

typedef struct {
  int n;
  ctrl_reuse_item item[CTRL_REUSE_MAX];
} ctrl_reuse;

/* Parses "5:3,7" (comma-separated entries, each ENC or ENC:SRC, decimal,
 * optional spaces around tokens). "" and "none" give the empty list. Syntax
 * errors only ("reuse list 'S': ..."); range and legality are checked by
 * ctrl_schedule_build against the model. r may not be NULL. */
int ctrl_reuse_parse(const char *s, ctrl_reuse *r, trex_err *err);

/* Writes the list back in the same syntax ("" for the empty list). */
void ctrl_reuse_format(const ctrl_reuse *r, char *buf, size_t n);

/* ---- operations ------------------------------------------------------- */

/* Issue order inside an encoder follows the enum order (reuse_store comes
 * after out_proj; a reusing encoder goes ln1, reuse_load, tb_*, residual1..).
 * The values are the RTL's 5-bit op codes. */
typedef enum {
  CTRL_OP_LN1 = 0,
  CTRL_OP_Q_PROJ = 1,
  CTRL_OP_K_PROJ = 2,
  CTRL_OP_V_PROJ = 3,
  CTRL_OP_K_WRITE = 4,
  CTRL_OP_QK = 5,
  CTRL_OP_SOFTMAX = 6,
  CTRL_OP_V_WRITE = 7,
  CTRL_OP_SV = 8,
  CTRL_OP_OUT_PROJ = 9,
  CTRL_OP_REUSE_STORE = 10,
  CTRL_OP_REUSE_LOAD = 11,
  CTRL_OP_TB_LN = 12,
  CTRL_OP_TB_FC1 = 13,
  CTRL_OP_TB_GELU = 14,
  CTRL_OP_TB_FC2 = 15,
  CTRL_OP_RESIDUAL1 = 16,
  CTRL_OP_LN2 = 17,
  CTRL_OP_FC1 = 18,
  CTRL_OP_GELU = 19,
  CTRL_OP_FC2 = 20,
  CTRL_OP_RESIDUAL2 = 21,
  /* C model only (the RTL never issues it): after residual2 of an encoder
   * whose successor runs on fewer tokens, the kept rows are gathered
   * (docs/controller.md, "Pruning and sharing"). */
  CTRL_OP_PRUNE = 22,
  CTRL_OP_COUNT = 23
} ctrl_op;

/* "ln1", "q_proj", ... exactly as in the enum; NULL when out of range. */
const char *ctrl_op_name(ctrl_op op);
/* Op from its name; -1 when unknown. */
int ctrl_op_from_name(const char *name);
/* 1 for matrix products on static weights (q_proj, k_proj, v_proj,
 * out_proj, tb_fc1, tb_fc2, fc1, fc2): their tiles hold weights for the whole
 * inference. */
int ctrl_op_is_static(ctrl_op op);
/* 1 for the ops a reusing encoder skips (q_proj .. out_proj). */
int ctrl_op_is_attention(ctrl_op op);

/* One issued operation. m, k, n: operand sizes as docs/controller.md defines
 * per op (matrix products: m input vectors of length k against a k x n
 * matrix; qk/sv per head). All counts are events of this op alone. */
typedef struct {
  int encoder;
  ctrl_op op;
  uint64_t m, k, n;
  uint64_t tiles;              /* crossbar tiles used (computing or written) */
  uint64_t cycles;             /* clock cycles, ops run one after another */
  uint64_t macs;               /* multiply-accumulates (qk, sv: all heads) */
  uint64_t mvms;               /* tile matrix-vector operations */
  uint64_t adc_conversions;    /* mvms * x_bits * physical columns */
  uint64_t xbar_cells_written; /* run-time writes (k_write, v_write) */
  uint64_t buffer_reads;       /* activation elements read from buffers */
  uint64_t buffer_writes;      /* activation elements written to buffers */
  uint64_t softmax_elems;
  uint64_t ln_elems;
  uint64_t gelu_elems;
} ctrl_rec;

/* Sums of every ctrl_rec field over the stream; ops = number of records. The
 * RTL keeps exactly these as 64-bit counters (same order). */
typedef struct {
  uint64_t ops;
  uint64_t cycles;
  uint64_t macs;
  uint64_t mvms;
  uint64_t adc_conversions;
  uint64_t xbar_cells_written;
  uint64_t buffer_reads;
  uint64_t buffer_writes;
  uint64_t softmax_elems;
  uint64_t ln_elems;
  uint64_t gelu_elems;
} ctrl_totals;

/* Status of a build; the RTL's error code register holds the same values
 * (CTRL_E_DUP and a list entry >= VIT_MAX_DEPTH exist only in the C model:
 * the RTL's mask cannot express them). */
typedef enum {
  CTRL_OK = 0,
  CTRL_E_SIZE = 1,   /* a size is zero, negative or too large */
  CTRL_E_HEADS = 2,  /* embedding % heads != 0 */
  CTRL_E_CHIP = 3,   /* illegal chip figure */
  CTRL_E_RANGE = 4,  /* reuse index >= depth (or negative) */
  CTRL_E_REUSE0 = 5, /* encoder 0 reused */
  CTRL_E_SOURCE = 6, /* source not an earlier computing encoder */
  CTRL_E_DUP = 7,    /* an encoder listed twice */
  CTRL_E_PRUNE = 8   /* C model only: tokens pruned after a reusing encoder
                        (the pruning rule needs that encoder's attention) */
} ctrl_status;

/* The counters in ctrl_totals order (0 ops .. 10 gelu_elems), as the RTL's
 * read port numbers them. */
#define CTRL_N_COUNTERS 11
void ctrl_totals_counters(const ctrl_totals *t, uint64_t v[CTRL_N_COUNTERS]);

const char *ctrl_status_name(ctrl_status s); /* "ok", "size", "heads", ... */

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
} ctrl_schedule;

/* Builds the schedule. reuse may be NULL (baseline). On failure s holds
 * status and no ops; ctrl_schedule_free is safe either way. */
int ctrl_schedule_build(const vit_model *m, const ctrl_chip *c,
                        const ctrl_reuse *reuse, ctrl_schedule *s,
                        trex_err *err);
void ctrl_schedule_free(ctrl_schedule *s);

/* The `trex schedule --json` object: {"model": {...}, "chip": {...},
 * "reuse": "LIST", "ops": [...], "totals": {...}, "static_tiles",
 * "dynamic_tiles"} (docs/controller.md). NULL on allocation failure. */
cJSON *ctrl_schedule_to_json(const ctrl_schedule *s);

/* Adds r's fields into t (t->ops += 1). */
void ctrl_totals_add(ctrl_totals *t, const ctrl_rec *r);

#endif
