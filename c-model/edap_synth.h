/* edap_synth: digital costs measured by this project's synthesis flow
 * (build/synth/<module>-<config-id>/metrics.json, issue 4), for the EDAP
 * calculator's `--synth DIR`.
 *
 * Promises:
 *  - edap_synth_load() scans DIR/ * /metrics.json. A tile module ("xbar_tile")
 *    whose "config_id" matches the chip's tile configuration id gives the
 *    digital periphery per crossbar tile: area = the "area_by_module" entries
 *    (numbers, or objects with "area_um2") that are neither the array
 *    ("xbar_array") nor the analog stand-ins ("xbar_adc", "xbar_mux") -- i.e.
 *    the shift-and-add and the top's own control, input latch and sum --,
 *    energy per MVM = "energy_pj_per_mvm" times that area's share of
 *    "area_um2". The controller ("trex_ctrl") gives its "area_um2" and, when
 *    not null, "power_mw". Absent modules leave the table in force. When DIR
 *    holds runs on several liberties, the default liberty's run is used; two
 *    runs of equal standing are an error naming both.
 *  - A metrics.json that exists but lacks a key it needs fails naming the
 *    file and the key. A DIR that does not exist fails naming it. */
#ifndef EDAP_SYNTH_H
#define EDAP_SYNTH_H

#include "trex_err.h"

typedef struct {
  int have_tile;
  double periph_um2_per_tile;   /* digital periphery of one crossbar tile */
  double periph_pj_per_mvm;     /* its energy per tile MVM */
  char tile_src[2600];           /* "synthesised: FILE (liberty L)" */
  int have_ctrl;
  double ctrl_um2;
  double ctrl_mw;                /* 0 when ctrl_have_power is 0 */
  int ctrl_have_power;
  char ctrl_src[2600];
} edap_synth;

/* `tile_id` is xbar_cfg_id() of the chip's tile. */
int edap_synth_load(const char *dir, const char *tile_id, edap_synth *s,
                    trex_err *err);

#endif
