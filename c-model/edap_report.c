#include "edap_json.h"

#include <string.h>

#include "trex_json.h"

int edap_setup_load(edap_setup *s, const edap_opts *o, trex_err *err) {
  memset(s, 0, sizeof *s);
  if (vit_model_resolve(o->model, &s->model, err)) return -1;
  if (vit_model_check(&s->model, s->model.name, err)) return -1;
  s->ctx.chip = ctrl_chip_default();
  if (o->chip && ctrl_chip_load(o->chip, &s->ctx.chip, err)) return -1;
  if (edap_tech_load(o->tech ? o->tech : EDAP_TECH_DEFAULT, &s->tech, err)) return -1;
  s->ctx.tech = &s->tech;
  s->ctx.dataflow = EDAP_DF_SEQUENTIAL;
  if (o->dataflow && edap_dataflow_parse(o->dataflow, &s->ctx.dataflow))
    return trex_errf(err, "--dataflow '%s': expected sequential, qkv or pipelined",
                     o->dataflow);
  edap_scale_rule rule = EDAP_SCALE_STILLMAKER;
  if (o->synth_scale && edap_scale_rule_parse(o->synth_scale, &rule))
    return trex_errf(err, "--synth-scale '%s': expected stillmaker, classical or none",
                     o->synth_scale);
  if (o->synth_dir) {
    char id[128];
    xbar_cfg_id(&s->ctx.chip.tile, id, sizeof id);
    if (edap_synth_load(o->synth_dir, id, rule, s->tech.v[EDAP_F_NODE_NM],
                        s->tech.v[EDAP_F_VDD_V], o->liberties, &s->synth, err))
      return -1;
    s->have_synth = 1;
    s->ctx.synth = &s->synth;
  }
  return 0;
}

cJSON *edap_report_synth_json(const edap_setup *s) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "rule", edap_scale_rule_name(s->synth.rule));
  cJSON_AddNumberToObject(o, "table_node_nm", s->tech.v[EDAP_F_NODE_NM]);
  cJSON_AddNumberToObject(o, "table_vdd_v", s->tech.v[EDAP_F_VDD_V]);
  cJSON_AddNumberToObject(o, "table_clock_mhz", s->tech.v[EDAP_F_CLOCK_MHZ]);
  cJSON *us = cJSON_AddObjectToObject(o, "units");
  for (int k = 0; k < EDAP_SY_COUNT; k++) {
    const edap_synth_unit *u = &s->synth.u[k];
    if (!u->have) continue;
    cJSON *j = cJSON_AddObjectToObject(us, edap_sy_name((edap_sy_kind)k));
    cJSON_AddStringToObject(j, "liberty", u->liberty);
    cJSON_AddNumberToObject(j, "liberty_node_nm", u->lib_node_nm);
    cJSON_AddNumberToObject(j, "liberty_vdd_v", u->lib_vdd_v);
    cJSON_AddNumberToObject(j, "area_um2_raw", u->area_um2_raw);
    cJSON_AddNumberToObject(j, "area_um2", u->area_um2);
    trex_json_add_num_or_null(j, "pj_raw", u->have_energy, u->pj_raw);
    trex_json_add_num_or_null(j, "pj", u->have_energy, u->pj);
    cJSON_AddStringToObject(j, "pj_per", k == EDAP_SY_TILE_PERIPH ? "MVM" : u->elem ? "element" : "cycle");
    if (u->elem) { /* the lane fit (docs/edap.md, "Synthesis feed") */
      cJSON *f = cJSON_AddObjectToObject(j, "lane_fit");
      cJSON_AddStringToObject(f, "params_a", u->params[0]);
      cJSON_AddStringToObject(f, "params_b", u->params[1]);
      cJSON_AddNumberToObject(f, "area_um2_fixed", u->a0);
      cJSON_AddNumberToObject(f, "area_um2_per_lane", u->a1);
      cJSON_AddNumberToObject(f, "rowbuf_um2", u->rowbuf);
      cJSON_AddNumberToObject(f, "rowbuf_nmax", u->nmax_synth);
      cJSON_AddNumberToObject(f, "pj_fixed", u->e0);
      cJSON_AddNumberToObject(f, "pj_times_lanes", u->e1);
      if (u->check_lanes) {
        cJSON_AddNumberToObject(f, "check_lanes", u->check_lanes);
        cJSON_AddNumberToObject(f, "check_area_rel_err", u->check_area_err);
        cJSON_AddNumberToObject(f, "check_pj_rel_err", u->check_pj_err);
      } else {
        cJSON_AddNullToObject(f, "check_lanes");
      }
    }
    cJSON_AddNumberToObject(j, "fmax_mhz_raw", u->fmax_mhz_raw);
    cJSON_AddNumberToObject(j, "fmax_mhz", u->fmax_mhz);
    cJSON_AddBoolToObject(j, "meets_clock",
                          u->fmax_mhz <= 0 || u->fmax_mhz >= s->tech.v[EDAP_F_CLOCK_MHZ]);
    cJSON *f = cJSON_AddObjectToObject(j, "factors");
    cJSON_AddNumberToObject(f, "area", u->f.area);
    cJSON_AddNumberToObject(f, "energy", u->f.energy);
    cJSON_AddNumberToObject(f, "delay", u->f.delay);
  }
  return o;
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

/* The six figures of a result under their JSON keys (FIG_* index figs). */
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
enum { FIG_ENERGY, FIG_DELAY, FIG_AREA, FIG_EDAP, FIG_TOPS_W, FIG_TOPS_MM2, FIG_N };
_Static_assert(NFIGS == FIG_N, "figs[] and FIG_* list the same figures in the same order");

/* Adds the figures figs[from..to) of r to o under their keys. */
static void add_figs(cJSON *o, const edap_result *r, size_t from, size_t to) {
  for (size_t k = from; k < to; k++) cJSON_AddNumberToObject(o, figs[k].key, figs[k].get(r));
}

void edap_result_add_edap(cJSON *o, const edap_result *r) {
  add_figs(o, r, FIG_EDAP, FIG_EDAP + 1);
  add_figs(o, r, FIG_ENERGY, FIG_EDAP);
}

cJSON *edap_report_json(const edap_setup *s, const edap_result *r) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "model", r->model);
  cJSON_AddStringToObject(o, "reuse", r->reuse);
  cJSON_AddNumberToObject(o, "n_reused", r->n_reused);
  add_figs(o, r, FIG_ENERGY, FIG_EDAP + 1);
  cJSON_AddStringToObject(o, "edap_unit", "uJ*ms*mm^2");
  cJSON_AddNumberToObject(o, "tops", r->tops);
  add_figs(o, r, FIG_TOPS_W, NFIGS);
  cJSON_AddNumberToObject(o, "ops", 2.0 * (double)r->macs);
  cJSON_AddStringToObject(o, "ops_note", "ops = 2 x MACs the schedule executes");
  cJSON_AddNumberToObject(o, "macs", (double)r->macs);
  cJSON_AddStringToObject(o, "dataflow", edap_dataflow_name(r->dataflow));
  cJSON_AddNumberToObject(o, "cycles", (double)r->cycles);
  cJSON_AddNumberToObject(o, "busy_cycles", (double)r->busy_cycles);
  cJSON_AddNumberToObject(o, "issue_cycles", (double)r->issue_cycles);
  cJSON_AddNumberToObject(o, "clock_mhz", s->tech.v[EDAP_F_CLOCK_MHZ]);
  cJSON_AddNumberToObject(o, "static_tiles", (double)r->static_tiles);
  cJSON_AddNumberToObject(o, "dynamic_tiles", (double)r->dynamic_tiles);
  cJSON_AddNumberToObject(o, "tile_groups", (double)r->tile_groups);
  cJSON_AddNumberToObject(o, "reuse_buffers", r->reuse_buffers);
  cJSON_AddNumberToObject(o, "tile_bits", (double)r->tile_bits);
  cJSON_AddNumberToObject(o, "leakage_mw", r->leak_nw * 1e-6);
  cJSON_AddStringToObject(o, "static_cell", s->tech.static_cell);
  cJSON_AddNumberToObject(o, "node_nm", s->tech.v[EDAP_F_NODE_NM]);
  cJSON *fam = cJSON_AddObjectToObject(o, "by_family");
  for (int k = 0; k < EDAP_FAM_COUNT; k++) {
    cJSON *f = cJSON_AddObjectToObject(fam, edap_family_name((edap_family)k));
    cJSON_AddNumberToObject(f, "energy_uj", edap_pj_to_uj(r->energy_by_family[k]));
    cJSON_AddNumberToObject(f, "delay_ms", k == EDAP_FAM_CHIP
                                               ? r->delay_ms
                                               : edap_cycles_to_ms(&s->ctx, r->cycles_by_family[k]));
    cJSON_AddNumberToObject(f, "area_mm2", edap_um2_to_mm2(r->area_by_family[k]));
    cJSON *fe = cJSON_AddObjectToObject(f, "energy_by_component");
    for (int c = 0; c < EDAP_E_COUNT; c++)
      if (r->energy_fam_comp[k][c] != 0)
        cJSON_AddNumberToObject(fe, edap_ecomp_name((edap_ecomp)c),
                                edap_pj_to_uj(r->energy_fam_comp[k][c]));
    cJSON *fa = cJSON_AddObjectToObject(f, "area_by_component");
    for (int c = 0; c < EDAP_A_COUNT; c++)
      if (r->area_fam_comp[k][c] != 0)
        cJSON_AddNumberToObject(fa, edap_acomp_name((edap_acomp)c),
                                edap_um2_to_mm2(r->area_fam_comp[k][c]));
  }
  cJSON_AddStringToObject(o, "by_family_note",
                          "delay_ms of a family = its ops' busy time (sum of their cycles); "
                          "the families' busy times add up to the delay only in the "
                          "sequential dataflow; 'chip' = leakage and controller energy "
                          "over the whole delay, controller area");
  cJSON *ec = cJSON_AddObjectToObject(o, "energy_by_component");
  for (int k = 0; k < EDAP_E_COUNT; k++)
    cJSON_AddNumberToObject(ec, edap_ecomp_name((edap_ecomp)k),
                            edap_pj_to_uj(r->energy_by_comp[k]));
  cJSON *eo = cJSON_AddObjectToObject(o, "energy_by_op");
  for (int k = 0; k < CTRL_OP_COUNT; k++)
    cJSON_AddNumberToObject(eo, ctrl_op_name((ctrl_op)k), edap_pj_to_uj(r->energy_by_op[k]));
  cJSON *dop = cJSON_AddObjectToObject(o, "busy_ms_by_op");
  for (int k = 0; k < CTRL_OP_COUNT; k++)
    cJSON_AddNumberToObject(dop, ctrl_op_name((ctrl_op)k), edap_cycles_to_ms(&s->ctx, r->cycles_by_op[k]));
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
  if (s->have_synth) cJSON_AddItemToObject(o, "synthesis", edap_report_synth_json(s));
  return o;
}

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

static const char *ecomp_name(int k) { return edap_ecomp_name((edap_ecomp)k); }
static const char *acomp_name(int k) { return edap_acomp_name((edap_acomp)k); }

/* A breakdown of the text report: the heading, then per component of n its
 * name, its figure v[k] in the report's unit (conv, prec decimals), its
 * share of total and the provenance src[k]. */
static void comp_lines(FILE *fp, const char *head, int n, const char *(*name)(int),
                       const double *v, double total, double (*conv)(double), int prec,
                       const char *const *src) {
  fputs(head, fp);
  for (int k = 0; k < n; k++)
    fprintf(fp, "  %-15s %14.*f %6.2f%%  %s\n", name(k), prec, conv(v[k]),
            total > 0 ? 100 * v[k] / total : 0, src[k]);
}

void edap_report_text(FILE *fp, const edap_setup *s, const edap_result *r) {
  fprintf(fp, "model %s, reuse [%s] (%d of %d encoders), technology %s\n", r->model,
          r->reuse, r->n_reused, r->depth, s->tech.path);
  fprintf(fp, "  energy        %14.4f uJ\n", r->energy_uj);
  fprintf(fp, "  delay         %14.6f ms   (%llu cycles at %g MHz, %s dataflow; ops busy %llu cycles, "
              "controller issue %llu)\n",
          r->delay_ms, (unsigned long long)r->cycles, s->tech.v[EDAP_F_CLOCK_MHZ],
          edap_dataflow_name(r->dataflow), (unsigned long long)r->busy_cycles,
          (unsigned long long)r->issue_cycles);
  fprintf(fp, "  area          %14.4f mm^2 (%llu static + %llu SRAM crossbars, %llu tiles)\n",
          r->area_mm2, (unsigned long long)r->static_tiles,
          (unsigned long long)r->dynamic_tiles, (unsigned long long)r->tile_groups);
  fprintf(fp, "  EDAP          %14.6g uJ*ms*mm^2\n", r->edap);
  fprintf(fp, "  TOPS/W        %14.4f      (ops = 2 x %llu MACs executed)\n", r->tops_per_w,
          (unsigned long long)r->macs);
  fprintf(fp, "  TOPS/mm^2     %14.6f\n", r->tops_per_mm2);
  comp_lines(fp, "energy by component (uJ, share, provenance):\n", EDAP_E_COUNT, ecomp_name,
             r->energy_by_comp, r->energy_pj, edap_pj_to_uj, 4, r->esrc);
  fprintf(fp, "energy by operation (uJ):\n");
  for (int k = 0; k < CTRL_OP_COUNT; k++)
    if (r->energy_by_op[k] > 0)
      fprintf(fp, "  %-15s %14.4f %6.2f%%\n", ctrl_op_name((ctrl_op)k),
              edap_pj_to_uj(r->energy_by_op[k]), 100 * r->energy_by_op[k] / r->energy_pj);
  comp_lines(fp, "area by component (mm^2, share, provenance):\n", EDAP_A_COUNT, acomp_name,
             r->area_by_comp, r->area_um2, edap_um2_to_mm2, 6, r->asrc);
  fprintf(fp, "by family (energy uJ, busy ms, area mm^2):\n");
  for (int k = 0; k < EDAP_FAM_COUNT; k++)
    fprintf(fp, "  %-19s %12.4f %12.6f %12.6f\n", edap_family_name((edap_family)k),
            edap_pj_to_uj(r->energy_by_family[k]),
            k == EDAP_FAM_CHIP ? r->delay_ms : edap_cycles_to_ms(&s->ctx, r->cycles_by_family[k]),
            edap_um2_to_mm2(r->area_by_family[k]));
  if (s->have_synth) edap_report_synth_text(fp, s);
  fprintf(fp, "figures: %s (%g nm, %g V; '--json' lists each with value, unit and source)\n",
          s->tech.path, s->tech.v[EDAP_F_NODE_NM], s->tech.v[EDAP_F_VDD_V]);
}

void edap_report_synth_text(FILE *fp, const edap_setup *s) {
  fprintf(fp, "synthesised units, scaled by %s to the table's %g nm %g V (raw -> scaled):\n",
          edap_scale_rule_name(s->synth.rule), s->tech.v[EDAP_F_NODE_NM],
          s->tech.v[EDAP_F_VDD_V]);
  for (int k = 0; k < EDAP_SY_COUNT; k++) {
    const edap_synth_unit *u = &s->synth.u[k];
    if (!u->have && u->note[0]) fprintf(fp, "  %-15s %s\n", edap_sy_name((edap_sy_kind)k), u->note);
    if (!u->have) continue;
    fprintf(fp, "  %-15s liberty %s (%g nm %g V)\n", edap_sy_name((edap_sy_kind)k), u->liberty,
            u->lib_node_nm, u->lib_vdd_v);
    if (u->elem) {
      fprintf(fp, "    lanes    fitted on %s and %s: area %.2f + %.2f x lanes um^2 (scaled)%s, "
                  "energy %.4f + %.4f / lanes pJ per element (scaled)\n",
              u->params[0], u->params[1], u->a0, u->a1,
              u->rowbuf > 0 ? " + row buffer x NMAX/NMAX synthesised" : "", u->e0, u->e1);
      if (u->check_lanes)
        fprintf(fp, "    check    at %d lanes: area %+.2f%%, energy per element %+.2f%% (fit - measured)\n",
                u->check_lanes, 100 * u->check_area_err, 100 * u->check_pj_err);
      else
        fprintf(fp, "    check    none (no third lane count in the directory)\n");
    }
    fprintf(fp, "    area     %14.2f -> %14.2f um^2 (x%.4g)\n", u->area_um2_raw, u->area_um2,
            u->f.area);
    if (u->have_energy)
      fprintf(fp, "    energy   %14.4f -> %14.4f pJ per %s (x%.4g)\n", u->pj_raw, u->pj,
              k == EDAP_SY_TILE_PERIPH ? "MVM" : u->elem ? "element (largest lanes synthesised)" : "cycle",
              u->f.energy);
    else
      fprintf(fp, "    energy   not measured\n");
    if (u->fmax_mhz_raw > 0)
      fprintf(fp, "    fmax     %14.2f -> %14.2f MHz (delay x%.4g)%s\n", u->fmax_mhz_raw,
              u->fmax_mhz, u->f.delay,
              u->fmax_mhz < s->tech.v[EDAP_F_CLOCK_MHZ] ? "  BELOW the table's clock" : "");
  }
}

void edap_report_compare_text(FILE *fp, const edap_setup *s, const edap_result *b,
                              const edap_result *r) {
  fprintf(fp, "model %s: baseline against reuse [%s] (%d of %d encoders), technology %s, %s dataflow\n",
          r->model, r->reuse, r->n_reused, r->depth, s->tech.path,
          edap_dataflow_name(r->dataflow));
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
  if (s->have_synth) edap_report_synth_text(fp, s);
}
