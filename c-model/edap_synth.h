/* edap_synth: digital costs measured by this project's synthesis flow
 * (build/synth/<module>-<config-id>/metrics.json, docs/synthesis.md), for the
 * EDAP calculator's `--synth DIR`, scaled from the liberty's technology node
 * to the technology table's (edap_scale.h).
 *
 * Units: every synthesised block is an edap_synth_unit (raw figures as
 * synthesised, scaled figures as priced): the tile's digital periphery, the
 * controller, and the integer encoder's per-element units (softmax,
 * LayerNorm, GELU, add: modules enc_softmax, enc_layernorm, enc_gelu,
 * enc_add of `make synth-units`, docs/encoder-units.md).
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
 *  - A per-element unit needs runs at two or more lane counts ("params"
 *    LANES=..) on the chosen liberty (two runs at one lane count of equal
 *    standing are an error naming both). Lane scaling, fitted on the two
 *    largest lane counts A < B: area(L) = a0 + a1*L over the area without
 *    the row buffer (area_by_module "enc_rowbuf", which holds NMAX bytes
 *    whatever the lanes and is scaled by nmax/NMAX instead), energy per
 *    element e(L) = e0 + e1/L (the lanes' own work per element plus the
 *    shared control spread over L elements per cycle). A third, smaller lane
 *    count C is the check point: check_lanes = C and the relative errors of
 *    the fit's prediction at C. With one lane count the unit is left to the
 *    table (have = 0, note says why).
 *  - A metrics.json that exists but lacks a key it needs fails naming the
 *    file and the key. A DIR that does not exist fails naming it. */
#ifndef EDAP_SYNTH_H
#define EDAP_SYNTH_H

#include "edap_scale.h"
#include "trex_err.h"

typedef enum {
  EDAP_SY_TILE_PERIPH = 0, /* per crossbar tile; energy per MVM */
  EDAP_SY_CTRL = 1,        /* once per chip; energy per clock cycle */
  EDAP_SY_SOFTMAX = 2,     /* per-element units: area by lanes, energy per element */
  EDAP_SY_LAYERNORM = 3,
  EDAP_SY_GELU = 4,
  EDAP_SY_ADD = 5,
  EDAP_SY_COUNT = 6
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
  /* per-element units (EDAP_SY_SOFTMAX..ADD), raw and scaled: area(L) =
   * a0 + a1*L (+ rowbuf * nmax / nmax_synth), pJ per element e0 + e1/L */
  int elem;
  double a0_raw, a1_raw, e0_raw, e1_raw, rowbuf_raw, a0, a1, e0, e1, rowbuf;
  int nmax_synth, fit_lanes[2], check_lanes; /* check_lanes 0: no check point */
  double check_area_err, check_pj_err;      /* (fit - measured) / measured */
  char params[2][128];
  char note[2400]; /* why a unit found in DIR is not used */
} edap_synth_unit;

/* A per-element unit's scaled area at `lanes` lanes and rows of up to
 * `nmax` elements (0: the synthesised NMAX), and its scaled energy per
 * element at `lanes` lanes. */
double edap_synth_area_at(const edap_synth_unit *u, int lanes, int nmax);
double edap_synth_pj_at(const edap_synth_unit *u, int lanes);

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
