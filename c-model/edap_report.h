/* edap_report: what `trex edap` and `trex search` print -- the JSON objects
 * (keys in docs/edap.md) and the terminal tables -- and the shared setup of
 * model, chip, technology and synthesis from command-line arguments.
 *
 * Promises:
 *  - edap_report_json() has at least energy_uj, delay_ms, area_mm2, edap,
 *    tops_per_w, tops_per_mm2, dataflow, energy_by_component, energy_by_op,
 *    area_by_component, by_family (energy uJ, busy delay ms, area mm^2 per
 *    operation family) and the provenance of every component.
 *  - Setup errors are one line naming the file and key (or the model). */
#ifndef EDAP_REPORT_H
#define EDAP_REPORT_H

#include <stddef.h>

#include <stdio.h>

#include "edap_calc.h"

typedef struct {
  vit_model model;
  edap_tech tech;
  edap_synth synth;
  int have_synth;
  edap_ctx ctx;
} edap_setup;

/* What the command line chose (NULL / 0 members take the documented
 * defaults): model (built-in name or JSON file, required), chip, tech
 * (EDAP_TECH_DEFAULT), synth directory (none), node-scaling rule of the
 * synthesis feed (stillmaker), liberty registry (EDAP_LIBERTIES_DEFAULT),
 * dataflow (sequential). */
typedef struct {
  const char *model, *chip, *tech, *synth_dir, *synth_scale, *liberties, *dataflow;
} edap_opts;

int edap_setup_load(edap_setup *s, const edap_opts *o, trex_err *err);

/* The JSON object of the synthesised units: rule, table node, and per unit
 * its liberty, node, raw and scaled area, energy and fmax. */
cJSON *edap_report_synth_json(const edap_setup *s);

/* The JSON forms of these reports: edap_json.h. */

void edap_report_text(FILE *fp, const edap_setup *s, const edap_result *r);
/* The synthesised units, raw and scaled, and whether they meet the clock. */
void edap_report_synth_text(FILE *fp, const edap_setup *s);
void edap_report_compare_text(FILE *fp, const edap_setup *s, const edap_result *base,
                              const edap_result *r);

#endif
