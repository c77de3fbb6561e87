/* edap_scale: scaling area, energy and delay of synthesised logic from the
 * liberty's technology node and supply to the technology table's
 * (docs/edap.md, "Synthesis feed: node scaling").
 *
 * Rules:
 *  - EDAP_SCALE_STILLMAKER: A. Stillmaker, B. Baas, "Scaling equations for the
 *    accurate prediction of CMOS device performance from 180 nm to 7 nm",
 *    Integration, the VLSI Journal 58 (2017) 74-81: tabulated area factors
 *    and the node's polynomial in Vdd for energy (2nd order) and delay (3rd
 *    order). Defined only between the nodes the paper tabulates (180, 130,
 *    90, 65, 45, 32, 20, 16, 14, 10, 7 nm; HP coefficients at 45 nm and
 *    below).
 *  - EDAP_SCALE_CLASSICAL: constant-field (Dennard) scaling with s = L_to /
 *    L_from: area x s^2, delay x s, energy x s x (V_to / V_from)^2.
 *  - EDAP_SCALE_NONE: factors 1, and only when the nodes and supplies are
 *    equal (otherwise an error: nodes are never mixed silently).
 *
 * Promises: on success the three factors are finite and > 0; otherwise -1
 * and one line naming the nodes and the rule. */
#ifndef EDAP_SCALE_H
#define EDAP_SCALE_H

#include "trex_err.h"

typedef enum {
  EDAP_SCALE_STILLMAKER = 0,
  EDAP_SCALE_CLASSICAL = 1,
  EDAP_SCALE_NONE = 2
} edap_scale_rule;

typedef struct {
  double area, energy, delay; /* multiply the liberty's figure by these */
} edap_scale_factors;

const char *edap_scale_rule_name(edap_scale_rule r); /* "stillmaker", ... */
/* Parses "stillmaker", "classical" or "none"; -1 when unknown. */
int edap_scale_rule_parse(const char *s, edap_scale_rule *r);

int edap_scale(edap_scale_rule rule, double from_nm, double from_v, double to_nm,
               double to_v, edap_scale_factors *f, trex_err *err);

#endif
