/* edap_calc: energy, delay, area, EDAP, TOPS/W and TOPS/mm^2 of a model on
 * the crossbar chip, counted from the controller's schedule (ctrl_schedule.h)
 * and priced with the technology table (edap_tech.h) and, where given, the
 * synthesis metrics (edap_synth.h). Formulas: docs/edap.md.
 *
 * Promises:
 *  - energy_pj == sum of energy_by_comp == sum of energy_by_op == sum of
 *    energy_by_enc (up to rounding); area_um2 == sum of area_by_comp;
 *    cycles == sum of cycles_by_enc; delay_ns == cycles * period.
 *  - ops = 2 x MACs the schedule actually executes (reused encoders' skipped
 *    attention is not counted).
 *  - An empty reuse list and NULL give the same result (the baseline).
 *  - Every component carries its provenance: the table figure's source, or
 *    "synthesised: FILE" when --synth supplied it. */
#ifndef EDAP_CALC_H
#define EDAP_CALC_H

#include <stdint.h>

#include "ctrl_schedule.h"
#include "edap_synth.h"
#include "edap_tech.h"

typedef enum {
  EDAP_E_XBAR_READ_RRAM,
  EDAP_E_XBAR_READ_SRAM,
  EDAP_E_SRAM_WRITE,
  EDAP_E_ADC,
  EDAP_E_MUX,
  EDAP_E_SHIFT_ADD,
  EDAP_E_TEMP_BUFFER,
  EDAP_E_TILE_BUFFER,
  EDAP_E_HTREE,
  EDAP_E_MEM_FETCH,
  EDAP_E_ACT_BUFFER,
  EDAP_E_SOFTMAX,
  EDAP_E_LAYERNORM,
  EDAP_E_GELU,
  EDAP_E_RESIDUAL_ADD,
  EDAP_E_CONTROLLER,
  EDAP_E_COUNT
} edap_ecomp;

typedef enum {
  EDAP_A_XBAR_RRAM,
  EDAP_A_XBAR_SRAM,
  EDAP_A_ADC,
  EDAP_A_MUX,
  EDAP_A_SHIFT_ADD,
  EDAP_A_TEMP_BUFFER,
  EDAP_A_TILE_BUFFER,
  EDAP_A_HTREE,
  EDAP_A_REUSE_BUFFER,
  EDAP_A_SOFTMAX,
  EDAP_A_LAYERNORM,
  EDAP_A_GELU,
  EDAP_A_RESIDUAL_ADD,
  EDAP_A_CONTROLLER,
  EDAP_A_COUNT
} edap_acomp;

const char *edap_ecomp_name(edap_ecomp c); /* "xbar_read_rram", ... */
const char *edap_acomp_name(edap_acomp c);

/* What the calculator prices with: technology, optional synthesis, chip. */
typedef struct {
  const edap_tech *tech;
  const edap_synth *synth; /* NULL: table only */
  ctrl_chip chip;
} edap_ctx;

typedef struct {
  char model[64];
  char reuse[512];    /* the reuse list as given ("" = baseline) */
  int depth, n_reused;
  int reused[VIT_MAX_DEPTH];
  /* counts */
  uint64_t macs, cycles, static_tiles, dynamic_tiles, tile_groups;
  int reuse_buffers;  /* reuse buffers live at once (area) */
  int write_stretch;  /* clock cycles per scheduled write cycle (>= 1) */
  /* raw figures */
  double energy_pj, delay_ns, area_um2;
  double energy_by_comp[EDAP_E_COUNT];
  double energy_by_op[CTRL_OP_COUNT];
  double area_by_comp[EDAP_A_COUNT];
  double energy_by_enc[VIT_MAX_DEPTH];
  uint64_t cycles_by_enc[VIT_MAX_DEPTH];
  uint64_t static_tiles_by_enc[VIT_MAX_DEPTH];
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

/* Prices a schedule that ctrl_schedule_build produced. */
int edap_price(const edap_ctx *x, const ctrl_schedule *s, edap_result *r, trex_err *err);

/* Builds the schedule for (model, reuse) on x->chip and prices it. */
int edap_eval(const edap_ctx *x, const vit_model *m, const ctrl_reuse *reuse,
              edap_result *r, trex_err *err);

/* Chip area (um^2, by component into `by` when not NULL) for the given tile
 * counts and live reuse buffers; what edap_price uses. */
double edap_area(const edap_ctx *x, const vit_model *m, uint64_t static_tiles,
                 uint64_t dynamic_tiles, int reuse_buffers, double *by,
                 uint64_t *groups);

/* Fills the derived figures (uJ, ms, mm^2, EDAP, TOPS...) from energy_pj,
 * cycles, area_um2 and macs. */
void edap_finish(const edap_ctx *x, edap_result *r);

/* delay in ms of `cycles` clock cycles. */
double edap_cycles_to_ms(const edap_ctx *x, uint64_t cycles);

#endif
