/* edap_tech: the technology table (docs/edap.md, "Technology table"). */
#include "edap_tech.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "trex_json.h"

/* Kinds of figures: > 0 structure (with an upper bound that keeps every
 * product finite), integer structure, and plain figures >= 0. */
enum { K_POS = 1, K_INT = 2, K_NONNEG = 0 };
static const struct {
  const char *key;
  int kind;
  double hi; /* upper bound (inclusive) */
} figs[EDAP_F_COUNT] = {
    [EDAP_F_NODE_NM] = {"node_nm", K_POS, 1e4},
    [EDAP_F_VDD_V] = {"vdd_v", K_POS, 10},
    [EDAP_F_CLOCK_MHZ] = {"clock_mhz", K_POS, 1e6},
    [EDAP_F_REF_XBAR_ROWS] = {"ref_xbar_rows", K_POS, 1e6},
    [EDAP_F_REF_XBAR_COLS] = {"ref_xbar_cols", K_POS, 1e6},
    [EDAP_F_TILE_XBAR_ROWS] = {"tile_xbar_rows", K_INT, 4096},
    [EDAP_F_TILE_XBAR_COLS] = {"tile_xbar_cols", K_INT, 4096},
    [EDAP_F_ADC_REF_BITS] = {"adc_ref_bits", K_POS, 64},
    [EDAP_F_ADC_REF_COLS_PER_ADC] = {"adc_ref_cols_per_adc", K_POS, 1e6},
    [EDAP_F_ADC_ENERGY_PER_BIT] = {"adc_energy_per_bit", K_POS, 16},
    [EDAP_F_ADC_AREA_PER_BIT] = {"adc_area_per_bit", K_POS, 16},
    [EDAP_F_TILE_PER_OP] = {"tile_per_op", K_NONNEG, 1},
    [EDAP_F_TILE_BUFFER_BITS_PER_CYCLE] = {"tile_buffer_bits_per_cycle", K_NONNEG, HUGE_VAL},
    [EDAP_F_HTREE_BITS_PER_CYCLE] = {"htree_bits_per_cycle", K_NONNEG, HUGE_VAL},
    [EDAP_F_XBAR_READ_STATIC_PJ] = {"xbar_read_static_pj", K_NONNEG, HUGE_VAL},
    [EDAP_F_XBAR_READ_DYNAMIC_PJ] = {"xbar_read_dynamic_pj", K_NONNEG, HUGE_VAL},
    [EDAP_F_ADC_PJ] = {"adc_pj", K_NONNEG, HUGE_VAL},
    [EDAP_F_MUX_PJ] = {"mux_pj", K_NONNEG, HUGE_VAL},
    [EDAP_F_SHIFT_ADD_PJ] = {"shift_add_pj", K_NONNEG, HUGE_VAL},
    [EDAP_F_TEMP_BUFFER_PJ] = {"temp_buffer_pj", K_NONNEG, HUGE_VAL},
    [EDAP_F_TILE_BUFFER_PJ] = {"tile_buffer_pj", K_NONNEG, HUGE_VAL},
    [EDAP_F_HTREE_PJ] = {"htree_pj", K_NONNEG, HUGE_VAL},
    [EDAP_F_ACCUM_PJ] = {"accum_pj_per_add", K_NONNEG, HUGE_VAL},
    [EDAP_F_SRAM_WRITE_PJ_PER_BIT] = {"sram_write_pj_per_bit", K_NONNEG, HUGE_VAL},
    [EDAP_F_SRAM_WRITE_NS_PER_ROW] = {"sram_write_ns_per_row", K_NONNEG, HUGE_VAL},
    [EDAP_F_BUFFER_PJ_PER_BIT] = {"buffer_pj_per_bit", K_NONNEG, HUGE_VAL},
    [EDAP_F_LEAK_STATIC_NW] = {"leak_static_nw_per_cell", K_NONNEG, HUGE_VAL},
    [EDAP_F_LEAK_SRAM_NW] = {"leak_sram_nw_per_bit", K_NONNEG, HUGE_VAL},
    [EDAP_F_SOFTMAX_PJ] = {"softmax_pj_per_elem", K_NONNEG, HUGE_VAL},
    [EDAP_F_LAYERNORM_PJ] = {"layernorm_pj_per_elem", K_NONNEG, HUGE_VAL},
    [EDAP_F_GELU_PJ] = {"gelu_pj_per_elem", K_NONNEG, HUGE_VAL},
    [EDAP_F_ADD_PJ] = {"add_pj_per_elem", K_NONNEG, HUGE_VAL},
    [EDAP_F_XBAR_STATIC_UM2] = {"xbar_static_um2", K_NONNEG, HUGE_VAL},
    [EDAP_F_XBAR_DYNAMIC_UM2] = {"xbar_dynamic_um2", K_NONNEG, HUGE_VAL},
    [EDAP_F_ADC_UM2] = {"adc_um2", K_NONNEG, HUGE_VAL},
    [EDAP_F_MUX_UM2] = {"mux_um2", K_NONNEG, HUGE_VAL},
    [EDAP_F_SHIFT_ADD_UM2] = {"shift_add_um2", K_NONNEG, HUGE_VAL},
    [EDAP_F_ACCUM_UM2] = {"accum_um2_per_xbar", K_NONNEG, HUGE_VAL},
    [EDAP_F_TEMP_BUFFER_UM2] = {"temp_buffer_um2", K_NONNEG, HUGE_VAL},
    [EDAP_F_TILE_BUFFER_UM2] = {"tile_buffer_um2", K_NONNEG, HUGE_VAL},
    [EDAP_F_HTREE_UM2] = {"htree_um2", K_NONNEG, HUGE_VAL},
    [EDAP_F_GLOBAL_BUS_UM2] = {"global_bus_um2_per_um", K_NONNEG, HUGE_VAL},
    [EDAP_F_BUFFER_UM2_PER_BIT] = {"buffer_um2_per_bit", K_NONNEG, HUGE_VAL},
    [EDAP_F_SOFTMAX_UM2] = {"softmax_um2_per_lane", K_NONNEG, HUGE_VAL},
    [EDAP_F_LAYERNORM_UM2] = {"layernorm_um2_per_lane", K_NONNEG, HUGE_VAL},
    [EDAP_F_GELU_UM2] = {"gelu_um2_per_lane", K_NONNEG, HUGE_VAL},
    [EDAP_F_ADD_UM2] = {"add_um2_per_lane", K_NONNEG, HUGE_VAL},
};

const char *edap_fig_key(edap_fig f) {
  return ((int)f >= 0 && f < EDAP_F_COUNT) ? figs[f].key : NULL;
}

static int load_fig(const cJSON *all, edap_fig f, const char *path, edap_tech *t,
                    trex_err *err) {
  const char *k = figs[f].key;
  const cJSON *o = cJSON_GetObjectItemCaseSensitive(all, k);
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
  if (figs[f].kind != K_NONNEG && x <= 0)
    return trex_errf(err, "%s: key 'figures.%s.value': must be > 0, got %g", path, k, x);
  /* counts (tile shape) and flags: a fraction would truncate */
  if ((figs[f].kind == K_INT || f == EDAP_F_TILE_PER_OP) && (x != floor(x) || x > figs[f].hi))
    return trex_errf(err, "%s: key 'figures.%s.value': expected a whole number %d..%g, got %g",
                     path, k, f == EDAP_F_TILE_PER_OP ? 0 : 1, figs[f].hi, x);
  /* structural figures have limits; the others only need to be finite: a
   * product that overflows is caught and named by edap_price */
  if (x > figs[f].hi)
    return trex_errf(err, "%s: key 'figures.%s.value': %g is above the limit %g", path, k, x,
                     figs[f].hi);
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
  const char *name, *cell;
  if (trex_json_str(root, "name", path, false, "unnamed", &name, err) ||
      trex_json_str(root, "static_cell", path, false, "rram", &cell, err)) {
    rc = -1;
    goto out;
  }
  if (strcmp(cell, "rram") && strcmp(cell, "sram")) {
    rc = trex_errf(err, "%s: key 'static_cell': '%s' is not rram or sram", path, cell);
    goto out;
  }
  snprintf(t->name, sizeof t->name, "%s", name);
  snprintf(t->static_cell, sizeof t->static_cell, "%s", cell);
  const cJSON *all = cJSON_GetObjectItemCaseSensitive(root, "figures");
  if (!all) {
    rc = trex_errf(err, "%s: missing key 'figures'", path);
    goto out;
  }
  if (!cJSON_IsObject(all)) {
    rc = trex_errf(err, "%s: key 'figures': expected an object", path);
    goto out;
  }
  for (int f = 0; f < EDAP_F_COUNT; f++)
    if ((rc = load_fig(all, (edap_fig)f, path, t, err))) goto out;
  const cJSON *it;
  cJSON_ArrayForEach(it, all) {
    int known = 0;
    for (int f = 0; f < EDAP_F_COUNT && !known; f++) known = !strcmp(it->string, figs[f].key);
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

int edap_tech_xbars_per_tile(const edap_tech *t) {
  return (int)t->v[EDAP_F_TILE_XBAR_ROWS] * (int)t->v[EDAP_F_TILE_XBAR_COLS];
}
