/* edap_synth: digital costs measured by this project's synthesis flow
 * (build/synth/<module>-<config-id>/metrics.json, docs/synthesis.md), for the
 * EDAP calculator's `--synth DIR`, scaled from the liberty's technology node
 * to the technology table's (edap_scale.h).
 *
 * Units: every synthesised block is an edap_synth_unit (raw figures as
 * synthesised, scaled figures as priced). Today: the tile's digital periphery
 * and the controller; EDAP_SY_SOFTMAX/_LAYERNORM/_GELU are the reserved
 * places for synthesised per-element units (not read yet: the table prices
 * them until a loader fills them).
 *
 * Promises:
 *  - edap_synth_load() scans DIR/ * /metrics.json. A tile module ("xbar_tile")
 *    whose "config_id" matches the chip's tile configuration id gives the
 *    digital periphery per crossbar tile: area = the "area_by_module" entries
 *    that are neither the array ("xbar_array") nor the analog stand-ins
 *    ("xbar_adc", "xbar_mux"), energy per MVM = "energy_pj_per_mvm" times
 *    that area's share of "area_um2". The controller ("trex_ctrl") gives its
 *    "area_um2" and, when "power_mw" is not null, its energy per cycle
 *    (power_mw / clock_mhz_used). When DIR holds runs on several liberties,
 *    the default liberty's run is used; two runs of equal standing are an
 *    error naming both.
 *  - The liberty's node and supply come from the liberty registry
 *    (tech/liberties.json: matched by "liberty.sha256", else by
 *    "liberty.name"); a liberty it does not list is an error naming it
 *    (nodes are never mixed silently). Scaled = raw x factor (area, energy)
 *    and fmax / delay factor.
 *  - A metrics.json that exists but lacks a key it needs fails naming the
 *    file and the key. A DIR that does not exist fails naming it. */
#ifndef EDAP_SYNTH_H
#define EDAP_SYNTH_H

#include "edap_scale.h"
#include "trex_err.h"

typedef enum {
  EDAP_SY_TILE_PERIPH = 0, /* per crossbar tile; energy per MVM */
  EDAP_SY_CTRL = 1,        /* once per chip; energy per clock cycle */
  EDAP_SY_SOFTMAX = 2,     /* reserved: per lane; energy per element */
  EDAP_SY_LAYERNORM = 3,   /* reserved */
  EDAP_SY_GELU = 4,        /* reserved */
  EDAP_SY_COUNT = 5
} edap_sy_kind;

typedef struct {
  int have;
  int have_energy;
  double area_um2_raw, area_um2;
  double pj_raw, pj;             /* per MVM (tile) or per cycle (controller) */
  double fmax_mhz_raw, fmax_mhz; /* 0 when the metrics give none */
  double lib_node_nm, lib_vdd_v;
  edap_scale_factors f;
  char liberty[256];
  char src[2600]; /* "synthesised: FILE (liberty L, N nm V V, scaled to ...)" */
} edap_synth_unit;

typedef struct {
  edap_synth_unit u[EDAP_SY_COUNT];
  edap_scale_rule rule;
  double to_nm, to_v; /* the table's node */
} edap_synth;

/* The documented liberty registry, relative to the repository root. */
#define EDAP_LIBERTIES_DEFAULT "tech/liberties.json"

const char *edap_sy_name(edap_sy_kind k); /* "tile_periphery", "controller", ... */

/* `tile_id` is xbar_cfg_id() of the chip's tile; to_nm/to_v the table's
 * node and supply; `libs` the registry (NULL: EDAP_LIBERTIES_DEFAULT). */
int edap_synth_load(const char *dir, const char *tile_id, edap_scale_rule rule,
                    double to_nm, double to_v, const char *libs, edap_synth *s,
                    trex_err *err);

#endif
