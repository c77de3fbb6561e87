/* edap_scale: node scaling of synthesised figures (edap_scale.h). */
#include "edap_scale.h"

#include <math.h>
#include <string.h>

#include "trex_name.h"

/* Stillmaker & Baas 2017, as tabulated in the paper (area: node-to-node
 * factors; energy: a V^2 + b V + c; delay: a V^3 + b V^2 + c V + d), the
 * general-purpose (HP) fits at 45 nm and below. Transcribed from the paper's
 * tables as reproduced in UCLA NanoCAD's nodeScale (github.com/wromaszkan/
 * nodeScale, MIT); the 65 nm and HP 32 nm energy coefficients agree with the
 * authors' published erratum (vcl.ece.ucdavis.edu/pubs/2017.02.
 * VLSIintegration.TechScale). */
static const int nodes[] = {180, 130, 90, 65, 45, 32, 20, 16, 14, 10, 7};
#define NNODES (int)(sizeof nodes / sizeof nodes[0])
/* area_to[i][j]: area at node j = area at node i / area_to[j][i] ... stored
 * as the paper does: row = destination node, column = source node, value =
 * how many times larger the source-node area is in destination units. */
static const double area_tab[NNODES][NNODES] = {
    {1, 0.34, 0.15, 0.08, 0.053, 0.025, 0.011, 0.01, 0.0093, 0.0055, 0.0032},
    {2.9, 1, 0.44, 0.23, 0.16, 0.072, 0.033, 0.03, 0.027, 0.016, 0.0092},
    {6.6, 2.3, 1, 0.53, 0.35, 0.16, 0.075, 0.067, 0.061, 0.036, 0.021},
    {12, 4.3, 1.9, 1, 0.66, 0.31, 0.14, 0.13, 0.12, 0.068, 0.039},
    {19, 6.4, 2.8, 1.5, 1, 0.46, 0.21, 0.19, 0.17, 0.1, 0.059},
    {40, 14, 6.1, 3.3, 2.2, 1, 0.46, 0.41, 0.38, 0.22, 0.13},
    {88, 30, 13, 7.1, 4.7, 2.2, 1, 0.89, 0.82, 0.48, 0.28},
    {99, 34, 15, 7.9, 5.3, 2.4, 1.1, 1, 0.91, 0.54, 0.31},
    {110, 37, 16, 8.7, 5.8, 2.7, 1.2, 1.1, 1, 0.59, 0.34},
    {180, 63, 28, 15, 9.8, 4.5, 2.1, 1.9, 1.7, 1, 0.58},
    {320, 110, 48, 25, 17, 7.8, 3.6, 3.2, 2.9, 1.7, 1},
};
/* per node: delay a3 a2 a1 a0, energy b2 b1 b0 */
static const double coef[NNODES][7] = {
    {0, 97.09, -356.7, 406.5, 0, 24.64, -17.98},
    {-76.65, 334.9, -493.4, 275.8, 7.171, -6.709, 2.904},
    {-60.34, 262.5, -384.2, 210.9, 4.762, -4.781, 2.092},
    {-53.3, 230.4, -333.9, 178.6, 3.755, -4.398, 1.975},
    {-501.6, 1567, -1619, 566.1, 1.018, -0.3107, 0.1539},
    {-1047, 2982, -2797, 873.5, 0.8367, -0.4341, 0.1701},
    {0, 34.63, -66.37, 41.15, 0.373, -0.1582, 0.04104},
    {0, 24.8, -47.52, 28.87, 0.2958, -0.1241, 0.03024},
    {-40.66, 109.2, -100.6, 35.92, 0.2363, -0.09675, 0.02239},
    {-34.95, 93.65, -85.99, 30.4, 0.2068, -0.09311, 0.02375},
    {-28.58, 76.6, -70.26, 24.69, 0.1776, -0.09097, 0.02447},
};

static const char *const rule_names[] = {[EDAP_SCALE_STILLMAKER] = "stillmaker",
                                         [EDAP_SCALE_CLASSICAL] = "classical",
                                         [EDAP_SCALE_NONE] = "none"};
enum { N_RULES = sizeof rule_names / sizeof rule_names[0] };

const char *edap_scale_rule_name(edap_scale_rule r) {
  return trex_name_of(rule_names, N_RULES, (int)r);
}

int edap_scale_rule_parse(const char *s, edap_scale_rule *r) {
  int k = trex_name_find(rule_names, N_RULES, s);
  if (k < 0) return -1;
  *r = (edap_scale_rule)k;
  return 0;
}

static int node_index(double nm) {
  for (int i = 0; i < NNODES; i++)
    if (fabs(nm - nodes[i]) < 1e-9) return i;
  return -1;
}

static double delay_fac(int i, double v) {
  const double *c = coef[i];
  return ((c[0] * v + c[1]) * v + c[2]) * v + c[3];
}
static double energy_fac(int i, double v) {
  const double *c = coef[i];
  return (c[4] * v + c[5]) * v + c[6];
}

int edap_scale(edap_scale_rule rule, double from_nm, double from_v, double to_nm,
               double to_v, edap_scale_factors *f, trex_err *err) {
  if (!(from_nm > 0 && from_v > 0 && to_nm > 0 && to_v > 0) || !isfinite(from_nm + from_v + to_nm + to_v))
    return trex_errf(err, "node scaling: nodes and supplies must be positive numbers "
                          "(%g nm %g V -> %g nm %g V)", from_nm, from_v, to_nm, to_v);
  switch (rule) {
    case EDAP_SCALE_NONE:
      if (fabs(from_nm - to_nm) > 1e-9 || fabs(from_v - to_v) > 1e-9)
        return trex_errf(err,
                         "node scaling 'none': the liberty is %g nm %g V and the table %g nm "
                         "%g V; refusing to mix nodes (use --synth-scale stillmaker or "
                         "classical)", from_nm, from_v, to_nm, to_v);
      *f = (edap_scale_factors){1, 1, 1};
      return 0;
    case EDAP_SCALE_CLASSICAL: {
      double s = to_nm / from_nm, q = to_v / from_v;
      *f = (edap_scale_factors){s * s, s * q * q, s};
      break;
    }
    case EDAP_SCALE_STILLMAKER: {
      int a = node_index(from_nm), b = node_index(to_nm);
      if (a < 0 || b < 0)
        return trex_errf(err,
                         "node scaling 'stillmaker': no rule from %g nm to %g nm (Stillmaker & "
                         "Baas tabulate 180, 130, 90, 65, 45, 32, 20, 16, 14, 10, 7 nm); use "
                         "--synth-scale classical", from_nm, to_nm);
      double ea = energy_fac(a, from_v), eb = energy_fac(b, to_v);
      double da = delay_fac(a, from_v), db = delay_fac(b, to_v);
      if (!(ea > 0 && eb > 0 && da > 0 && db > 0))
        return trex_errf(err,
                         "node scaling 'stillmaker': the fit is not positive at %g nm %g V or "
                         "%g nm %g V (outside its voltage range)", from_nm, from_v, to_nm, to_v);
      *f = (edap_scale_factors){1.0 / area_tab[b][a], eb / ea, db / da};
      break;
    }
    default:
      return trex_errf(err, "node scaling: unknown rule %d", (int)rule);
  }
  if (!(isfinite(f->area) && isfinite(f->energy) && isfinite(f->delay) && f->area > 0 &&
        f->energy > 0 && f->delay > 0))
    return trex_errf(err, "node scaling '%s': factors not finite from %g nm to %g nm",
                     edap_scale_rule_name(rule), from_nm, to_nm);
  return 0;
}
