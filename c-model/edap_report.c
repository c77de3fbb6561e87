#include "edap_report.h"

#include <string.h>

int edap_setup_load(edap_setup *s, const char *model, const char *chip,
                    const char *tech, const char *synth_dir, trex_err *err) {
  memset(s, 0, sizeof *s);
  if (vit_model_resolve(model, &s->model, err)) return -1;
  if (vit_model_check(&s->model, s->model.name, err)) return -1;
  s->ctx.chip = ctrl_chip_default();
  if (chip && ctrl_chip_load(chip, &s->ctx.chip, err)) return -1;
  if (edap_tech_load(tech ? tech : EDAP_TECH_DEFAULT, &s->tech, err)) return -1;
  s->ctx.tech = &s->tech;
  if (synth_dir) {
    char id[128];
    xbar_cfg_id(&s->ctx.chip.tile, id, sizeof id);
    if (edap_synth_load(synth_dir, id, &s->synth, err)) return -1;
    s->have_synth = 1;
    s->ctx.synth = &s->synth;
  }
  return 0;
}

cJSON *edap_report_figures_json(const edap_tech *t) {
  cJSON *o = cJSON_CreateObject();
  for (int f = 0; f < EDAP_F_COUNT; f++) {
    cJSON *g = cJSON_AddObjectToObject(o, edap_fig_key((edap_fig)f));
    cJSON_AddNumberToObject(g, "value", t->v[f]);
    cJSON_AddStringToObject(g, "unit", t->unit[f]);
    cJSON_AddStringToObject(g, "source", t->src[f]);
  }
  return o;
}

cJSON *edap_report_json(const edap_setup *s, const edap_result *r) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "model", r->model);
  cJSON_AddStringToObject(o, "reuse", r->reuse);
  cJSON_AddNumberToObject(o, "n_reused", r->n_reused);
  cJSON_AddNumberToObject(o, "energy_uj", r->energy_uj);
  cJSON_AddNumberToObject(o, "delay_ms", r->delay_ms);
  cJSON_AddNumberToObject(o, "area_mm2", r->area_mm2);
  cJSON_AddNumberToObject(o, "edap", r->edap);
  cJSON_AddStringToObject(o, "edap_unit", "uJ*ms*mm^2");
  cJSON_AddNumberToObject(o, "tops", r->tops);
  cJSON_AddNumberToObject(o, "tops_per_w", r->tops_per_w);
  cJSON_AddNumberToObject(o, "tops_per_mm2", r->tops_per_mm2);
  cJSON_AddNumberToObject(o, "ops", 2.0 * (double)r->macs);
  cJSON_AddStringToObject(o, "ops_note", "ops = 2 x MACs the schedule executes");
  cJSON_AddNumberToObject(o, "macs", (double)r->macs);
  cJSON_AddNumberToObject(o, "cycles", (double)r->cycles);
  cJSON_AddNumberToObject(o, "clock_mhz", s->tech.v[EDAP_F_CLOCK_MHZ]);
  cJSON_AddNumberToObject(o, "static_tiles", (double)r->static_tiles);
  cJSON_AddNumberToObject(o, "dynamic_tiles", (double)r->dynamic_tiles);
  cJSON_AddNumberToObject(o, "tile_groups", (double)r->tile_groups);
  cJSON_AddNumberToObject(o, "reuse_buffers", r->reuse_buffers);
  cJSON *ec = cJSON_AddObjectToObject(o, "energy_by_component");
  for (int k = 0; k < EDAP_E_COUNT; k++)
    cJSON_AddNumberToObject(ec, edap_ecomp_name((edap_ecomp)k),
                            edap_pj_to_uj(r->energy_by_comp[k]));
  cJSON *eo = cJSON_AddObjectToObject(o, "energy_by_op");
  for (int k = 0; k < CTRL_OP_COUNT; k++)
    cJSON_AddNumberToObject(eo, ctrl_op_name((ctrl_op)k), edap_pj_to_uj(r->energy_by_op[k]));
  cJSON *ee = cJSON_AddArrayToObject(o, "energy_by_encoder");
  for (int i = 0; i < r->depth; i++)
    cJSON_AddItemToArray(ee, cJSON_CreateNumber(edap_pj_to_uj(r->energy_by_enc[i])));
  cJSON *ac = cJSON_AddObjectToObject(o, "area_by_component");
  for (int k = 0; k < EDAP_A_COUNT; k++)
    cJSON_AddNumberToObject(ac, edap_acomp_name((edap_acomp)k),
                            edap_um2_to_mm2(r->area_by_comp[k]));
  cJSON *pv = cJSON_AddObjectToObject(o, "provenance");
  cJSON *pe = cJSON_AddObjectToObject(pv, "energy");
  for (int k = 0; k < EDAP_E_COUNT; k++)
    cJSON_AddStringToObject(pe, edap_ecomp_name((edap_ecomp)k), r->esrc[k]);
  cJSON *pa = cJSON_AddObjectToObject(pv, "area");
  for (int k = 0; k < EDAP_A_COUNT; k++)
    cJSON_AddStringToObject(pa, edap_acomp_name((edap_acomp)k), r->asrc[k]);
  cJSON_AddStringToObject(pv, "tech_file", s->tech.path);
  cJSON_AddItemToObject(pv, "figures", edap_report_figures_json(&s->tech));
  return o;
}

typedef struct {
  const char *key;
  double (*get)(const edap_result *);
} fig_get;
static double g_e(const edap_result *r) { return r->energy_uj; }
static double g_d(const edap_result *r) { return r->delay_ms; }
static double g_a(const edap_result *r) { return r->area_mm2; }
static double g_p(const edap_result *r) { return r->edap; }
static double g_w(const edap_result *r) { return r->tops_per_w; }
static double g_m(const edap_result *r) { return r->tops_per_mm2; }
static const fig_get figs[] = {{"energy_uj", g_e},  {"delay_ms", g_d},
                               {"area_mm2", g_a},   {"edap", g_p},
                               {"tops_per_w", g_w}, {"tops_per_mm2", g_m}};
#define NFIGS (sizeof figs / sizeof figs[0])

cJSON *edap_report_compare_json(const edap_setup *s, const edap_result *b,
                                const edap_result *r) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddItemToObject(o, "baseline", edap_report_json(s, b));
  cJSON_AddItemToObject(o, "reuse", edap_report_json(s, r));
  cJSON *ra = cJSON_AddObjectToObject(o, "ratio");
  for (size_t k = 0; k < NFIGS; k++) {
    double den = figs[k].get(b);
    cJSON_AddNumberToObject(ra, figs[k].key, den > 0 ? figs[k].get(r) / den : 0);
  }
  cJSON_AddStringToObject(o, "ratio_note", "ratio = reuse / baseline");
  return o;
}

void edap_report_text(FILE *fp, const edap_setup *s, const edap_result *r) {
  fprintf(fp, "model %s, reuse [%s] (%d of %d encoders), technology %s\n", r->model,
          r->reuse, r->n_reused, r->depth, s->tech.path);
  fprintf(fp, "  energy        %14.4f uJ\n", r->energy_uj);
  fprintf(fp, "  delay         %14.6f ms   (%llu cycles at %g MHz, ops one after another)\n",
          r->delay_ms, (unsigned long long)r->cycles, s->tech.v[EDAP_F_CLOCK_MHZ]);
  fprintf(fp, "  area          %14.4f mm^2 (%llu static + %llu SRAM crossbars, %llu tiles)\n",
          r->area_mm2, (unsigned long long)r->static_tiles,
          (unsigned long long)r->dynamic_tiles, (unsigned long long)r->tile_groups);
  fprintf(fp, "  EDAP          %14.6g uJ*ms*mm^2\n", r->edap);
  fprintf(fp, "  TOPS/W        %14.4f      (ops = 2 x %llu MACs executed)\n", r->tops_per_w,
          (unsigned long long)r->macs);
  fprintf(fp, "  TOPS/mm^2     %14.6f\n", r->tops_per_mm2);
  fprintf(fp, "energy by component (uJ, share, provenance):\n");
  for (int k = 0; k < EDAP_E_COUNT; k++)
    fprintf(fp, "  %-15s %14.4f %6.2f%%  %s\n", edap_ecomp_name((edap_ecomp)k),
            edap_pj_to_uj(r->energy_by_comp[k]),
            r->energy_pj > 0 ? 100 * r->energy_by_comp[k] / r->energy_pj : 0, r->esrc[k]);
  fprintf(fp, "energy by operation (uJ):\n");
  for (int k = 0; k < CTRL_OP_COUNT; k++)
    if (r->energy_by_op[k] > 0)
      fprintf(fp, "  %-15s %14.4f %6.2f%%\n", ctrl_op_name((ctrl_op)k),
              edap_pj_to_uj(r->energy_by_op[k]), 100 * r->energy_by_op[k] / r->energy_pj);
  fprintf(fp, "area by component (mm^2, share, provenance):\n");
  for (int k = 0; k < EDAP_A_COUNT; k++)
    fprintf(fp, "  %-15s %14.6f %6.2f%%  %s\n", edap_acomp_name((edap_acomp)k),
            edap_um2_to_mm2(r->area_by_comp[k]),
            r->area_um2 > 0 ? 100 * r->area_by_comp[k] / r->area_um2 : 0, r->asrc[k]);
  fprintf(fp, "figures: %s ('--json' lists each with value, unit and source)\n",
          s->tech.path);
}

void edap_report_compare_text(FILE *fp, const edap_setup *s, const edap_result *b,
                              const edap_result *r) {
  fprintf(fp, "model %s: baseline against reuse [%s] (%d of %d encoders), technology %s\n",
          r->model, r->reuse, r->n_reused, r->depth, s->tech.path);
  fprintf(fp, "  %-14s %16s %16s %10s\n", "figure", "baseline", "reuse", "reuse/base");
  static const char *units[] = {"uJ", "ms", "mm^2", "uJ*ms*mm^2", "", ""};
  for (size_t k = 0; k < NFIGS; k++) {
    double vb = figs[k].get(b), vr = figs[k].get(r);
    fprintf(fp, "  %-14s %16.6g %16.6g %10.4f %s\n", figs[k].key, vb, vr,
            vb > 0 ? vr / vb : 0, units[k]);
  }
  fprintf(fp, "  %-14s %16llu %16llu\n", "static_tiles", (unsigned long long)b->static_tiles,
          (unsigned long long)r->static_tiles);
  fprintf(fp, "  %-14s %16llu %16llu\n", "macs", (unsigned long long)b->macs,
          (unsigned long long)r->macs);
  fprintf(fp, "energy by component (uJ): baseline, reuse\n");
  for (int k = 0; k < EDAP_E_COUNT; k++)
    fprintf(fp, "  %-15s %14.4f %14.4f  %s\n", edap_ecomp_name((edap_ecomp)k),
            edap_pj_to_uj(b->energy_by_comp[k]), edap_pj_to_uj(r->energy_by_comp[k]),
            r->esrc[k]);
  fprintf(fp, "area by component (mm^2): baseline, reuse\n");
  for (int k = 0; k < EDAP_A_COUNT; k++)
    fprintf(fp, "  %-15s %14.6f %14.6f  %s\n", edap_acomp_name((edap_acomp)k),
            edap_um2_to_mm2(b->area_by_comp[k]), edap_um2_to_mm2(r->area_by_comp[k]),
            r->asrc[k]);
}
