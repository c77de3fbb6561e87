/* edap_report: what `trex edap` and `trex search` print -- the JSON objects
 * (keys in docs/edap.md) and the terminal tables -- and the shared setup of
 * model, chip, technology and synthesis from command-line arguments.
 *
 * Promises:
 *  - edap_report_json() has at least energy_uj, delay_ms, area_mm2, edap,
 *    tops_per_w, tops_per_mm2, energy_by_component, energy_by_op,
 *    area_by_component (uJ, mm^2) and the provenance of every component.
 *  - Setup errors are one line naming the file and key (or the model). */
#ifndef EDAP_REPORT_H
#define EDAP_REPORT_H

#include <stddef.h>

#include <stdio.h>

#include <cJSON.h>

#include "edap_calc.h"

typedef struct {
  vit_model model;
  edap_tech tech;
  edap_synth synth;
  int have_synth;
  edap_ctx ctx;
} edap_setup;

/* model: built-in name or JSON file; chip, synth_dir may be NULL; tech NULL
 * means EDAP_TECH_DEFAULT. */
int edap_setup_load(edap_setup *s, const char *model, const char *chip,
                    const char *tech, const char *synth_dir, trex_err *err);

cJSON *edap_report_json(const edap_setup *s, const edap_result *r);
/* {"baseline": ..., "reuse": ..., "ratio": {figure: reuse / baseline}} */
cJSON *edap_report_compare_json(const edap_setup *s, const edap_result *base,
                                const edap_result *r);
/* The technology figures used: {key: {value, unit, source}}. */
cJSON *edap_report_figures_json(const edap_tech *t);

void edap_report_text(FILE *fp, const edap_setup *s, const edap_result *r);
void edap_report_compare_text(FILE *fp, const edap_setup *s, const edap_result *base,
                              const edap_result *r);

#endif
