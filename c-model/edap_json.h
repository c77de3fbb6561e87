/* edap_json: the JSON objects of `trex edap` and `trex search` (keys in
 * docs/edap.md), implemented in edap_report.c beside the text reports; the
 * one EDAP header that exposes cJSON. */
#ifndef EDAP_JSON_H
#define EDAP_JSON_H

#include <cJSON.h>

#include "edap_report.h"

cJSON *edap_report_json(const edap_setup *s, const edap_result *r);
/* Adds to o the EDAP and its three factors of r, in this order: edap,
 * energy_uj, delay_ms, area_mm2 (the head of the records that the accuracy
 * study and compare-strategies write per reuse list). */
void edap_result_add_edap(cJSON *o, const edap_result *r);
/* {"baseline": ..., "reuse": ..., "ratio": {figure: reuse / baseline}} */
cJSON *edap_report_compare_json(const edap_setup *s, const edap_result *base,
                                const edap_result *r);
/* The technology figures used: {key: {value, unit, source}}. */
cJSON *edap_report_figures_json(const edap_tech *t);

#endif
