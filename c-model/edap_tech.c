#include "edap_tech.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "trex_json.h"

static const char *const keys[EDAP_F_COUNT] = {
    "clock_mhz", "ref_xbar_rows", "ref_xbar_cols", "pes_per_tile", "adc_ref_bits",
    "adc_ref_cols_per_adc", "xbar_read_rram_pj", "xbar_read_sram_pj", "adc_pj",
    "adc_energy_per_bit", "adc_area_per_bit", "mux_pj", "tile_buffer_pj",
    "temp_buffer_pj", "htree_pj", "mem_fetch_pj", "shift_add_pj",
    "sram_write_pj_per_bit", "sram_write_ns_per_row", "buffer_pj_per_bit",
    "softmax_pj_per_elem", "layernorm_pj_per_elem", "gelu_pj_per_elem",
    "add_pj_per_elem", "xbar_rram_um2", "xbar_sram_um2", "adc_um2", "mux_um2",
    "tile_buffer_um2", "temp_buffer_um2", "htree_um2", "shift_add_um2",
    "buffer_um2_per_bit", "softmax_um2_per_lane", "layernorm_um2_per_lane",
    "gelu_um2_per_lane", "add_um2_per_lane"};

const char *edap_fig_key(edap_fig f) {
  return (f >= 0 && f < EDAP_F_COUNT) ? keys[f] : NULL;
}

/* Figures that define structure or a scaling law must be strictly positive. */
static int must_be_positive(edap_fig f) {
  return f <= EDAP_F_ADC_AREA_PER_BIT && f != EDAP_F_XBAR_READ_RRAM_PJ &&
         f != EDAP_F_XBAR_READ_SRAM_PJ && f != EDAP_F_ADC_PJ;
}

static int load_fig(const cJSON *figs, edap_fig f, const char *path, edap_tech *t,
                    trex_err *err) {
  const char *k = keys[f];
  const cJSON *o = cJSON_GetObjectItemCaseSensitive(figs, k);
  if (!o) return trex_errf(err, "%s: missing key 'figures.%s'", path, k);
  if (!cJSON_IsObject(o))
    return trex_errf(err, "%s: key 'figures.%s': expected an object {value, unit, source}",
                     path, k);
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "value");
  if (!v) return trex_errf(err, "%s: missing key 'figures.%s.value'", path, k);
  if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble))
    return trex_errf(err, "%s: key 'figures.%s.value': expected a finite number", path, k);
  double x = v->valuedouble;
  if (x < 0)
    return trex_errf(err, "%s: key 'figures.%s.value': %g is negative", path, k, x);
  if (must_be_positive(f) && x <= 0)
    return trex_errf(err, "%s: key 'figures.%s.value': must be > 0, got %g", path, k, x);
  /* a count, used as an integer divisor: a fraction would truncate (to 0: a
   * division by zero) */
  if (f == EDAP_F_PES_PER_TILE && (x != floor(x) || x > 65535))
    return trex_errf(err, "%s: key 'figures.%s.value': expected a whole number 1..65535, got %g",
                     path, k, x);
  const char *names[2] = {"unit", "source"};
  char *dst[2] = {t->unit[f], t->src[f]};
  size_t cap[2] = {sizeof t->unit[f], sizeof t->src[f]};
  for (int i = 0; i < 2; i++) {
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(o, names[i]);
    if (!s) return trex_errf(err, "%s: missing key 'figures.%s.%s'", path, k, names[i]);
    if (!cJSON_IsString(s) || !s->valuestring[0] || !trex_json_text_ok(s->valuestring))
      return trex_errf(err, "%s: key 'figures.%s.%s': expected a non-empty string (one line)",
                       path, k, names[i]);
    if (strlen(s->valuestring) >= cap[i])
      return trex_errf(err, "%s: key 'figures.%s.%s': longer than %zu characters", path, k,
                       names[i], cap[i] - 1);
    snprintf(dst[i], cap[i], "%s", s->valuestring);
  }
  t->v[f] = x;
  return 0;
}

int edap_tech_load(const char *path, edap_tech *t, trex_err *err) {
  memset(t, 0, sizeof *t);
  cJSON *root = trex_json_load(path, err);
  if (!root) return -1;
  int rc = 0;
  snprintf(t->path, sizeof t->path, "%s", path);
  const char *name;
  if (trex_json_str(root, "name", path, false, "unnamed", &name, err)) {
    rc = -1;
    goto out;
  }
  snprintf(t->name, sizeof t->name, "%s", name);
  const cJSON *figs = cJSON_GetObjectItemCaseSensitive(root, "figures");
  if (!figs) {
    rc = trex_errf(err, "%s: missing key 'figures'", path);
    goto out;
  }
  if (!cJSON_IsObject(figs)) {
    rc = trex_errf(err, "%s: key 'figures': expected an object", path);
    goto out;
  }
  for (int f = 0; f < EDAP_F_COUNT; f++)
    if ((rc = load_fig(figs, (edap_fig)f, path, t, err))) goto out;
  const cJSON *it;
  cJSON_ArrayForEach(it, figs) {
    int known = 0;
    for (int f = 0; f < EDAP_F_COUNT && !known; f++) known = !strcmp(it->string, keys[f]);
    if (!known)
      fprintf(stderr, "warning: %s: unknown figure 'figures.%s' ignored\n", path,
              it->string);
  }
out:
  cJSON_Delete(root);
  return rc;
}

double edap_tech_adc_pj(const edap_tech *t, int bits) {
  return t->v[EDAP_F_ADC_PJ] *
         pow(t->v[EDAP_F_ADC_ENERGY_PER_BIT], bits - t->v[EDAP_F_ADC_REF_BITS]);
}

double edap_tech_adc_um2(const edap_tech *t, int bits) {
  return t->v[EDAP_F_ADC_UM2] *
         pow(t->v[EDAP_F_ADC_AREA_PER_BIT], bits - t->v[EDAP_F_ADC_REF_BITS]);
}

double edap_tech_period_ns(const edap_tech *t) { return 1000.0 / t->v[EDAP_F_CLOCK_MHZ]; }
