/* edap_tech: the technology table of the EDAP calculator (docs/edap.md,
 * "Technology table"): every cost figure with its value, unit and provenance,
 * loaded from JSON (default tech/default.json), and the technology node the
 * table describes (node_nm, vdd_v), which the synthesis feed is scaled to.
 *
 * Promises:
 *  - edap_tech_load() returns 0 only when every figure of edap_fig is present
 *    as {"value": number, "unit": string, "source": string} under "figures",
 *    finite and >= 0 (structural figures > 0); otherwise -1 and one line that
 *    names the file and the key ("figures.adc_pj", "figures.adc_pj.value").
 *    Unknown figures are ignored with a warning on stderr.
 *  - The source string of every figure is kept and reported next to it.
 *  - edap_tech_adc_pj/_um2 scale the reference ADC by factor^(bits - ref);
 *    the results are finite for every legal chip (bits 1..12). */
#ifndef EDAP_TECH_H
#define EDAP_TECH_H

#include "trex_err.h"

typedef enum {
  /* structure (> 0) */
  EDAP_F_NODE_NM,
  EDAP_F_VDD_V,
  EDAP_F_CLOCK_MHZ,
  EDAP_F_REF_XBAR_ROWS,
  EDAP_F_REF_XBAR_COLS,
  EDAP_F_TILE_XBAR_ROWS,
  EDAP_F_TILE_XBAR_COLS,
  EDAP_F_ADC_REF_BITS,
  EDAP_F_ADC_REF_COLS_PER_ADC,
  EDAP_F_ADC_ENERGY_PER_BIT,
  EDAP_F_ADC_AREA_PER_BIT,
  EDAP_F_TILE_PER_OP, /* 1: every op gets whole tiles; 0: crossbars packed */
  /* data-movement bandwidth (>= 0; 0 = overlapped with compute) */
  EDAP_F_TILE_BUFFER_BITS_PER_CYCLE,
  EDAP_F_HTREE_BITS_PER_CYCLE,
  /* energies */
  EDAP_F_XBAR_READ_STATIC_PJ,
  EDAP_F_XBAR_READ_DYNAMIC_PJ,
  EDAP_F_ADC_PJ,
  EDAP_F_MUX_PJ,
  EDAP_F_SHIFT_ADD_PJ,
  EDAP_F_TEMP_BUFFER_PJ,
  EDAP_F_TILE_BUFFER_PJ,
  EDAP_F_HTREE_PJ,
  EDAP_F_ACCUM_PJ,
  EDAP_F_SRAM_WRITE_PJ_PER_BIT,
  EDAP_F_SRAM_WRITE_NS_PER_ROW,
  EDAP_F_BUFFER_PJ_PER_BIT,
  EDAP_F_LEAK_STATIC_NW,
  EDAP_F_LEAK_SRAM_NW,
  EDAP_F_SOFTMAX_PJ,
  EDAP_F_LAYERNORM_PJ,
  EDAP_F_GELU_PJ,
  EDAP_F_ADD_PJ,
  /* areas */
  EDAP_F_XBAR_STATIC_UM2,
  EDAP_F_XBAR_DYNAMIC_UM2,
  EDAP_F_ADC_UM2,
  EDAP_F_MUX_UM2,
  EDAP_F_SHIFT_ADD_UM2,
  EDAP_F_ACCUM_UM2,
  EDAP_F_TEMP_BUFFER_UM2,
  EDAP_F_TILE_BUFFER_UM2,
  EDAP_F_HTREE_UM2,
  EDAP_F_GLOBAL_BUS_UM2,
  EDAP_F_BUFFER_UM2_PER_BIT,
  EDAP_F_SOFTMAX_UM2,
  EDAP_F_LAYERNORM_UM2,
  EDAP_F_GELU_UM2,
  EDAP_F_ADD_UM2,
  EDAP_F_COUNT
} edap_fig;

#define EDAP_SRC_MAX 640

typedef struct {
  char path[1024];
  char name[128];
  char static_cell[32]; /* "rram" or "sram": what holds the static weights */
  double v[EDAP_F_COUNT];
  char unit[EDAP_F_COUNT][160];
  char src[EDAP_F_COUNT][EDAP_SRC_MAX];
} edap_tech;

/* JSON key of a figure under "figures" ("adc_pj"); NULL when out of range. */
const char *edap_fig_key(edap_fig f);

/* The documented default file, relative to the repository root. */
#define EDAP_TECH_DEFAULT "tech/default.json"

/* Loads a table. "static_cell" (optional, "rram" default, or "sram") says
 * what the static-weight crossbars are; it is reported; either kind
 * gives its cell leakage in leak_static_nw_per_cell (0 for RRAM). */
int edap_tech_load(const char *path, edap_tech *t, trex_err *err);

/* Energy (pJ) per conversion and area (um^2) of a `bits`-bit ADC. */
double edap_tech_adc_pj(const edap_tech *t, int bits);
double edap_tech_adc_um2(const edap_tech *t, int bits);

/* Clock period in ns (1000 / clock_mhz). */
double edap_tech_period_ns(const edap_tech *t);

/* Crossbars per tile (tile_xbar_rows x tile_xbar_cols). */
int edap_tech_xbars_per_tile(const edap_tech *t);

#endif
