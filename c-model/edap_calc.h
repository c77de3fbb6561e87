/* edap_calc: energy, delay, area, EDAP, TOPS/W and TOPS/mm^2 of a model on
 * the crossbar chip, counted from the controller's schedule (ctrl_schedule.h)
 * and priced with the technology table (edap_tech.h) and, where given, the
 * synthesis metrics scaled to the table's node (edap_synth.h). Delay under a
 * dataflow (edap_dataflow.h). Formulas: docs/edap.md.
 *
 * Promises:
 *  - energy_pj == sum of energy_by_comp == sum of energy_by_family == sum of
 *    energy_by_enc == sum of energy_by_op + chip_pj (up to rounding), where
 *    chip_pj is the chip-wide energy (leakage and controller, both power x
 *    delay); dyn_energy_by_enc sums to energy_pj - chip_pj.
 *  - area_um2 == sum of area_by_comp == sum of area_by_family; each
 *    family's energy and area are the sums of its row of energy_fam_comp
 *    and area_fam_comp, and each component's the sum of its column.
 *  - busy_cycles == sum of cycles_by_enc == sum of the ops' priced cycles
 *    (edap_op_cycles); cycles == the dataflow's delay (== busy_cycles +
 *    issue_cycles for the sequential dataflow, the RTL top's: the
 *    controller's issue cycles not hidden behind an op, ctrl_issue.h;
 *    issue_cycles == 0 for the other dataflows); delay_ns == cycles * period.
 *  - ops = 2 x MACs the schedule actually executes (reused encoders' skipped
 *    attention is not counted).
 *  - An empty reuse list and NULL give the same result (the baseline).
 *  - Every component carries its provenance: the table figures it
 *    multiplies, or "synthesised: FILE ..." when --synth supplied it.
 *  - Every reported figure is finite, or edap_price fails naming the
 *    figure (never a NaN or an infinity printed as a result). */
#ifndef EDAP_CALC_H
#define EDAP_CALC_H

#include <stdint.h>

#include "ctrl_schedule.h"
#include "edap_dataflow.h"
#include "edap_synth.h"
#include "edap_tech.h"

typedef enum {
  EDAP_E_XBAR_READ_STATIC,
  EDAP_E_XBAR_READ_DYNAMIC,
  EDAP_E_SRAM_WRITE,
  EDAP_E_ADC,
  EDAP_E_MUX,
  EDAP_E_SHIFT_ADD,
  EDAP_E_ACCUM,
  EDAP_E_TEMP_BUFFER,
  EDAP_E_TILE_BUFFER,
  EDAP_E_HTREE,
  EDAP_E_ACT_BUFFER,
  EDAP_E_SOFTMAX,
  EDAP_E_LAYERNORM,
  EDAP_E_GELU,
  EDAP_E_RESIDUAL_ADD,
  EDAP_E_LEAKAGE,
  EDAP_E_CONTROLLER,
  EDAP_E_COUNT
} edap_ecomp;

typedef enum {
  EDAP_A_XBAR_STATIC,
  EDAP_A_XBAR_DYNAMIC,
  EDAP_A_ADC,
  EDAP_A_MUX,
  EDAP_A_SHIFT_ADD,
  EDAP_A_ACCUM,
  EDAP_A_TEMP_BUFFER,
  EDAP_A_TILE_BUFFER,
  EDAP_A_HTREE,
  EDAP_A_GLOBAL_BUS,
  EDAP_A_REUSE_BUFFER,
  EDAP_A_ACT_BUFFER,
  EDAP_A_SOFTMAX,
  EDAP_A_LAYERNORM,
  EDAP_A_GELU,
  EDAP_A_RESIDUAL_ADD,
  EDAP_A_CONTROLLER,
  EDAP_A_COUNT
} edap_acomp;

/* Operation families (docs/edap.md, "Families"): every op belongs to one;
 * "chip" holds what no op owns (leakage and controller energy, controller
 * area). */
typedef enum {
  EDAP_FAM_LINEAR,      /* matrix products on static crossbars (unit xbar): q/k/v/out
                         * projections, fc1, fc2, tb_fc1, tb_fc2, patch_embed, head */
  EDAP_FAM_WRITES,      /* k_write, v_write */
  EDAP_FAM_ATTENTION,   /* qk, sv */
  EDAP_FAM_SOFTMAX,     /* softmax */
  EDAP_FAM_NORMS,       /* ln1, ln2, tb_ln, final_ln */
  EDAP_FAM_ACTIVATIONS, /* gelu, tb_gelu */
  EDAP_FAM_BUFFERS,     /* reuse_store, reuse_load; reuse and activation buffer area */
  EDAP_FAM_RESIDUAL,    /* the adder's ops: residual1, residual2, pos_embed */
  EDAP_FAM_CHIP,        /* leakage, controller */
  EDAP_FAM_COUNT
} edap_family;

const char *edap_ecomp_name(edap_ecomp c); /* "xbar_read_static", ... */
const char *edap_acomp_name(edap_acomp c);
const char *edap_family_name(edap_family f); /* "linear", "runtime_writes", ... */
/* The family of an op, from its contract row (ctrl_contract.def): writes
 * (family wr), else by its unit (xbar: linear, sram: attention products,
 * softmax, ln: norms, gelu: activations, add: residual, buf: buffers). */
edap_family edap_op_family(ctrl_op op);

/* What the calculator prices with: technology, optional synthesis, chip,
 * dataflow. */
typedef struct {
  const edap_tech *tech;
  const edap_synth *synth; /* NULL: table only */
  ctrl_chip chip;
  edap_dataflow dataflow;  /* EDAP_DF_SEQUENTIAL unless chosen */
} edap_ctx;

typedef struct {
  char model[64];
  char reuse[512];    /* the reuse list as given ("" = baseline) */
  int depth, n_reused;
  int reused[VIT_MAX_DEPTH];
  edap_dataflow dataflow;
  /* counts */
  uint64_t macs, cycles, busy_cycles, static_tiles, dynamic_tiles, tile_groups;
  uint64_t issue_cycles;   /* in cycles: waiting for the controller (sequential) */
  uint64_t static_groups, dynamic_groups; /* tiles (of the table) of each kind */
  uint64_t tile_bits;      /* bits moved through tile buffers and H-trees */
  uint64_t act_elems;      /* activation-buffer capacity (elements) */
  int reuse_buffers;       /* reuse buffers live at once (area) */
  int write_stretch;       /* clock cycles per scheduled write cycle (>= 1) */
  /* raw figures */
  double energy_pj, chip_pj, delay_ns, area_um2, leak_nw;
  double energy_by_comp[EDAP_E_COUNT];
  double energy_by_op[CTRL_OP_COUNT];
  uint64_t cycles_by_op[CTRL_OP_COUNT]; /* busy cycles per op kind */
  double area_by_comp[EDAP_A_COUNT];
  double energy_by_family[EDAP_FAM_COUNT];
  double area_by_family[EDAP_FAM_COUNT];
  uint64_t cycles_by_family[EDAP_FAM_COUNT]; /* busy cycles of the family's ops */
  double energy_fam_comp[EDAP_FAM_COUNT][EDAP_E_COUNT]; /* by family, by component */
  double area_fam_comp[EDAP_FAM_COUNT][EDAP_A_COUNT];
  double energy_by_enc[VIT_MAX_DEPTH];
  double dyn_energy_by_enc[VIT_MAX_DEPTH];
  uint64_t cycles_by_enc[VIT_MAX_DEPTH];
  uint64_t static_tiles_by_enc[VIT_MAX_DEPTH];
  uint64_t static_groups_by_enc[VIT_MAX_DEPTH]; /* tile_per_op tables: its ops' tiles */
  /* reported figures */
  double energy_uj, delay_ms, area_mm2, edap; /* edap in uJ*ms*mm^2 */
  double tops, tops_per_w, tops_per_mm2;
  /* provenance per component */
  const char *esrc[EDAP_E_COUNT];
  const char *asrc[EDAP_A_COUNT];
} edap_result;

/* Unit conversions used throughout (1e-6 each). */
double edap_pj_to_uj(double pj);
double edap_ns_to_ms(double ns);
double edap_um2_to_mm2(double um2);

/* Cycles of one op as priced: the schedule's cycles, row writes stretched by
 * ceil(sram_write_ns_per_row / period), plus the data-movement cycles of a
 * matrix product when the table gives tile-buffer or H-tree bandwidths. */
uint64_t edap_op_cycles(const edap_ctx *x, const ctrl_rec *o);

/* The cycles the controller's issue adds before op k of s under x's
 * dataflow: s->issue[k] (ctrl_issue.h) for the sequential dataflow (the RTL
 * top's: one op at a time, each waiting for its descriptor), 0 for the
 * others (their controller is not modelled). */
uint64_t edap_issue_cycles(const edap_ctx *x, const ctrl_schedule *s, size_t k);

/* Prices a schedule that ctrl_schedule_build produced. */
int edap_price(const edap_ctx *x, const ctrl_schedule *s, edap_result *r, trex_err *err);

/* Builds the schedule for (model, reuse) on x->chip and prices it. */
int edap_eval(const edap_ctx *x, const vit_model *m, const ctrl_reuse *reuse,
              edap_result *r, trex_err *err);

/* What the chip allocates: crossbars used and tiles of each kind. With a
 * packed table (tile_per_op 0) the tiles are ceil(crossbars / per tile);
 * with tile_per_op 1 every op owns whole tiles (NeuroSim's floorplan) and
 * every crossbar slot of a tile is built, used or not. */
typedef struct {
  uint64_t static_xbars, dynamic_xbars, static_groups, dynamic_groups;
} edap_alloc;

/* The quantity the chip's area and leakage grow with, per encoder, for the
 * search: static crossbars (packed) or static tiles (tile_per_op). */
uint64_t edap_alloc_unit(const edap_ctx *x, const edap_result *r, int encoder);
/* ... and its total over the model. */
uint64_t edap_alloc_total(const edap_ctx *x, const edap_result *r);

/* Chip area (um^2, by component into `by` when not NULL) for the given
 * allocation, live reuse buffers and activation-buffer capacity (elements);
 * what edap_price uses. Non-decreasing in each argument. */
double edap_area(const edap_ctx *x, const vit_model *m, const edap_alloc *al, int reuse_buffers,
                 uint64_t act_elems, double *by);

/* Fills the derived figures (uJ, ms, mm^2, EDAP, TOPS...) from energy_pj,
 * cycles, area_um2 and macs. */
void edap_finish(const edap_ctx *x, edap_result *r);

/* delay in ms of `cycles` clock cycles. */
double edap_cycles_to_ms(const edap_ctx *x, uint64_t cycles);

#endif
