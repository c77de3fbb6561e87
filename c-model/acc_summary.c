/* acc_summary: what an accuracy study reports (summary.json, impact.csv,
 * lists.csv, adc.csv); the figures are acc_study's, the layout is
 * docs/accuracy.md's. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "acc_stats.h"
#include "acc_study.h"
#include "edap_dataflow.h"
#include "edap_json.h"
#include "trex_json.h"
#include "trex_name.h"

const char *const acc_origin_names[ACC_N_ORIGINS] = {"baseline", "single", "plan", "search"};

const char *acc_origin_name(acc_origin o) {
  return trex_name_of(acc_origin_names, ACC_N_ORIGINS, (int)o);
}

static void add_pair(cJSON *o, const char *key, double a, double b) {
  cJSON *arr = cJSON_AddArrayToObject(o, key);
  cJSON_AddItemToArray(arr, cJSON_CreateNumber(a));
  cJSON_AddItemToArray(arr, cJSON_CreateNumber(b));
}

/* a figure, or null where it is NaN (not known) */
static void add_num_or_null(cJSON *o, const char *key, double v) {
  trex_json_add_num_or_null(o, key, !isnan(v), v);
}

/* top-1 of one deterministic run with its Wilson interval (points) */
static cJSON *single_run(const acc_run *r, size_t n) {
  cJSON *o = cJSON_CreateObject();
  double lo, hi;
  acc_wilson(r->correct, n, &lo, &hi);
  cJSON_AddNumberToObject(o, "correct", (double)r->correct);
  cJSON_AddNumberToObject(o, "top1", 100.0 * (double)r->correct / (double)n);
  add_pair(o, "ci95", 100 * lo, 100 * hi);
  return o;
}

void acc_entry_add_names(cJSON *o, const acc_entry *e) {
  cJSON_AddStringToObject(o, "reuse", e->text);
  cJSON_AddStringToObject(o, "resolved", e->resolved);
}

cJSON *acc_choice_json(const acc_choice *ch) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "budget", ch->budget);
  cJSON_AddNumberToObject(o, "budget_ms", ch->budget_ms);
  cJSON_AddBoolToObject(o, "feasible", ch->feasible);
  return o;
}

static cJSON *edap_obj(const acc_study *st, const acc_entry *e) {
  const edap_result *b = &st->e[0].edap, *r = &e->edap;
  cJSON *o = cJSON_CreateObject();
  edap_result_add_edap(o, r);
  cJSON_AddNumberToObject(o, "tops_per_w", r->tops_per_w);
  cJSON_AddNumberToObject(o, "tops_per_mm2", r->tops_per_mm2);
  cJSON_AddNumberToObject(o, "edap_reduction", r->edap > 0 ? b->edap / r->edap : 0);
  cJSON_AddNumberToObject(o, "tops_per_mm2_gain",
                          b->tops_per_mm2 > 0 ? r->tops_per_mm2 / b->tops_per_mm2 : 0);
  cJSON_AddNumberToObject(o, "delay_ratio", b->delay_ms > 0 ? r->delay_ms / b->delay_ms : 0);
  return o;
}

static cJSON *entry_obj(const acc_study *st, int k) {
  const acc_entry *e = &st->e[k];
  const acc_plan *p = &st->plan;
  cJSON *o = cJSON_CreateObject();
  acc_entry_add_names(o, e);
  cJSON_AddNumberToObject(o, "n_reused", e->n_reused);
  cJSON_AddStringToObject(o, "origin", acc_origin_name(e->origin));
  add_num_or_null(o, "float_top1", e->float_top1);
  add_num_or_null(o, "record_int_top1", e->rec_int_top1);
  cJSON *id = single_run(&e->ideal, st->n);
  double d, lo, hi;
  acc_study_drop_ideal(st, k, &d, &lo, &hi);
  cJSON_AddNumberToObject(id, "drop", d);
  add_pair(id, "drop_ci95", lo, hi);
  char lf[32];
  snprintf(lf, sizeof lf, "logits-%03d.npy", k);
  cJSON_AddStringToObject(id, "logits", lf);
  cJSON_AddItemToObject(o, "ideal", id);
  if (st->chip_distinct) cJSON_AddItemToObject(o, "chip", single_run(&e->chip, st->n));
  if (e->ni && p->n_ni) {
    cJSON *ni = cJSON_AddObjectToObject(o, "nonideal");
    for (int j = 0; j < p->n_ni; j++) {
      cJSON *q = cJSON_AddObjectToObject(ni, p->ni[j].name);
      cJSON *runs = cJSON_AddArrayToObject(q, "correct");
      for (int s = 0; s < p->seeds; s++)
        cJSON_AddItemToArray(runs, cJSON_CreateNumber((double)e->nir[j * p->seeds + s].correct));
      double m, sd;
      acc_study_top_ni(st, k, j, &m, &sd, &lo, &hi);
      cJSON_AddNumberToObject(q, "top1", m);
      cJSON_AddNumberToObject(q, "sd", sd);
      add_pair(q, "ci95", lo, hi);
      acc_study_drop_ni(st, k, j, &d, &lo, &hi);
      cJSON_AddNumberToObject(q, "drop", d);
      add_pair(q, "drop_ci95", lo, hi);
      size_t ic = 0; /* the ideal run on the same images as the non-ideal ones */
      for (size_t i = 0; i < st->n_ni; i++) ic += e->ideal.right[i];
      cJSON_AddNumberToObject(q, "images", (double)st->n_ni);
      cJSON_AddNumberToObject(q, "loss_vs_ideal", 100.0 * (double)ic / (double)st->n_ni - m);
    }
  }
  cJSON_AddItemToObject(o, "edap", edap_obj(st, e));
  return o;
}

cJSON *acc_study_summary(const acc_study *st) {
  const acc_plan *p = &st->plan;
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "format", "trex-accuracy-summary");
  cJSON_AddNumberToObject(o, "version", 1);
  cJSON_AddStringToObject(o, "plan", p->path);
  cJSON_AddStringToObject(o, "model", st->m.name);
  cJSON_AddStringToObject(o, "model_dir", st->model_dir);
  cJSON_AddStringToObject(o, "data", st->data_dir);
  cJSON_AddStringToObject(o, "data_part", st->d.part);
  cJSON_AddNumberToObject(o, "images", (double)st->n);
  cJSON_AddNumberToObject(o, "nonideal_images", (double)st->n_ni);
  cJSON_AddNumberToObject(o, "dataset_images", (double)st->d.n);
  cJSON_AddNumberToObject(o, "classes", st->m.vm.classes);
  cJSON *fl = cJSON_AddObjectToObject(o, "float");
  cJSON_AddStringToObject(fl, "source", st->record_note);
  add_num_or_null(fl, "top1", st->e[0].float_top1);
  cJSON *ch = cJSON_AddObjectToObject(o, "ideal_chip");
  cJSON_AddStringToObject(ch, "file", p->ideal_chip);
  cJSON_AddStringToObject(ch, "id", st->ideal_id);
  ch = cJSON_AddObjectToObject(o, "chip");
  cJSON_AddStringToObject(ch, "file", st->chip_file);
  cJSON_AddStringToObject(ch, "id", st->chip_id);
  cJSON_AddStringToObject(ch, "tech", p->tech[0] ? p->tech : EDAP_TECH_DEFAULT);
  cJSON_AddStringToObject(ch, "dataflow", edap_dataflow_name((edap_dataflow)p->dataflow));
  cJSON *ci = cJSON_AddObjectToObject(o, "intervals");
  cJSON_AddStringToObject(ci, "level", "95%, two-sided; top-1 and drops in points");
  cJSON_AddStringToObject(ci, "single_run", "Wilson score interval of correct/images");
  cJSON_AddStringToObject(ci, "seeds", "Student t over the per-seed top-1 (n - 1 degrees of freedom)");
  cJSON_AddStringToObject(ci, "drop_ideal",
                          "Newcombe hybrid score interval for paired proportions (method 10), "
                          "the same images with and without the reuse list");
  cJSON_AddStringToObject(ci, "drop_nonideal",
                          "Student t over the per-seed paired drops (the same device draws)");
  cJSON *nis = cJSON_AddArrayToObject(o, "nonideal");
  for (int j = 0; j < p->n_ni; j++) {
    cJSON *q = cJSON_CreateObject();
    cJSON_AddStringToObject(q, "name", p->ni[j].name);
    cJSON_AddStringToObject(q, "spec", p->ni[j].spec);
    cJSON_AddStringToObject(q, "doc", p->ni[j].doc);
    cJSON_AddNumberToObject(q, "first_seed", (double)p->ni[j].prm.seed);
    cJSON_AddNumberToObject(q, "seeds", p->seeds);
    cJSON_AddItemToArray(nis, q);
  }
  cJSON *ls = cJSON_AddArrayToObject(o, "lists");
  for (int k = 0; k < st->n_e; k++) cJSON_AddItemToArray(ls, entry_obj(st, k));
  if (st->have_impact) {
    cJSON *im = cJSON_AddObjectToObject(o, "impact");
    cJSON_AddStringToObject(im, "file", "impact.csv");
    cJSON_AddStringToObject(im, "method",
                            "measured drop (points) of the single-encoder list {i} (source "
                            "i-1) on the ideal tile; a gain is a negative drop");
    cJSON *v = cJSON_AddObjectToObject(im, "values");
    for (int i = 1; i < st->m.vm.depth; i++) {
      char key[16];
      snprintf(key, sizeof key, "%d", i);
      cJSON_AddNumberToObject(v, key, st->impact[i]);
    }
  }
  cJSON *se = cJSON_AddArrayToObject(o, "search");
  for (int c = 0; c < st->n_choice; c++) {
    const acc_choice *ch2 = &st->choice[c];
    cJSON *q = acc_choice_json(ch2);
    if (ch2->feasible) {
      const acc_entry *e = &st->e[ch2->entry];
      acc_entry_add_names(q, e);
      cJSON_AddNumberToObject(q, "estimated_drop", ch2->est_drop);
      double d, lo, hi;
      acc_study_drop_ideal(st, ch2->entry, &d, &lo, &hi);
      cJSON_AddNumberToObject(q, "exact_drop", d);
      add_pair(q, "exact_drop_ci95", lo, hi);
      cJSON_AddNumberToObject(q, "exact_top1",
                              100.0 * (double)e->ideal.correct / (double)st->n);
      if (e->ni) {
        cJSON *ni = cJSON_AddObjectToObject(q, "exact_nonideal_drop");
        for (int j = 0; j < p->n_ni; j++) {
          acc_study_drop_ni(st, ch2->entry, j, &d, &lo, &hi);
          cJSON *r = cJSON_AddObjectToObject(ni, p->ni[j].name);
          cJSON_AddNumberToObject(r, "drop", d);
          add_pair(r, "ci95", lo, hi);
        }
      }
      cJSON_AddItemToObject(q, "edap", edap_obj(st, e));
    }
    cJSON_AddItemToArray(se, q);
  }
  int lim = acc_study_at_limit(st);
  cJSON *al = cJSON_AddObjectToObject(o, "at_drop_limit");
  cJSON_AddNumberToObject(al, "limit", p->drop_limit);
  cJSON_AddStringToObject(al, "rule",
                          "among the evaluated lists, the largest EDAP reduction whose measured "
                          "ideal drop is at most the limit; among equal reductions the smaller "
                          "drop");
  if (lim >= 0) {
    double d, lo, hi;
    acc_study_drop_ideal(st, lim, &d, &lo, &hi);
    cJSON_AddStringToObject(al, "reuse", st->e[lim].text);
    cJSON_AddNumberToObject(al, "drop", d);
    add_pair(al, "drop_ci95", lo, hi);
    cJSON_AddItemToObject(al, "edap", edap_obj(st, &st->e[lim]));
  } else {
    cJSON_AddNullToObject(al, "reuse");
  }
  if (st->n_adc) {
    cJSON *ad = cJSON_AddObjectToObject(o, "adc");
    cJSON_AddNumberToObject(ad, "hold_points", p->adc_hold);
    cJSON *pts = cJSON_AddArrayToObject(ad, "points");
    int rec_same = -1, rec_best = -1;
    for (int k = 0; k < st->n_adc; k++) {
      const acc_adc_point *pt = &st->adc[k];
      cJSON *q = cJSON_CreateObject();
      cJSON_AddStringToObject(q, "id", pt->id);
      cJSON_AddNumberToObject(q, "rows", pt->rows);
      cJSON_AddNumberToObject(q, "cell_bits", pt->cell_bits);
      cJSON_AddNumberToObject(q, "adc_bits", pt->adc_bits);
      cJSON_AddBoolToObject(q, "lossless", pt->lossless);
      cJSON_AddBoolToObject(q, "default_chip", pt->is_default);
      double lo, hi;
      acc_wilson(pt->correct, pt->images, &lo, &hi);
      cJSON_AddNumberToObject(q, "images", (double)pt->images);
      cJSON_AddNumberToObject(q, "top1", 100.0 * (double)pt->correct / (double)pt->images);
      add_pair(q, "ci95", 100 * lo, 100 * hi);
      cJSON_AddNumberToObject(q, "ideal_top1",
                              100.0 * (double)pt->ideal_correct / (double)pt->images);
      cJSON_AddBoolToObject(q, "holds", pt->holds);
      cJSON_AddNumberToObject(q, "edap", pt->edap);
      cJSON_AddNumberToObject(q, "edap_vs_default_chip", pt->edap_ratio);
      cJSON_AddItemToArray(pts, q);
      if (pt->holds && pt->rows == st->chip.tile.rows && pt->cell_bits == st->chip.tile.cell_bits &&
          (rec_same < 0 || pt->adc_bits < st->adc[rec_same].adc_bits))
        rec_same = k;
      if (pt->holds && (rec_best < 0 || pt->edap < st->adc[rec_best].edap)) rec_best = k;
    }
    cJSON_AddStringToObject(ad, "smallest_adc_rule",
                            "the study chip's rows and cell bits, the fewest ADC bits that "
                            "hold top-1 within hold_points of the ideal tile");
    cJSON_AddStringToObject(ad, "smallest_adc",
                            rec_same >= 0 ? st->adc[rec_same].id : "none in the sweep");
    cJSON_AddStringToObject(ad, "least_edap_rule",
                            "among the sweep's chips that hold, the least baseline EDAP");
    cJSON_AddStringToObject(ad, "least_edap",
                            rec_best >= 0 ? st->adc[rec_best].id : "none in the sweep");
    cJSON_AddNumberToObject(ad, "default_chip_edap", st->default_base.edap);
  }
  cJSON *tp = cJSON_AddObjectToObject(o, "throughput");
  cJSON_AddNumberToObject(tp, "images_run", (double)st->images_run);
  cJSON_AddNumberToObject(tp, "cpu_s", st->cpu_s);
  cJSON_AddNumberToObject(tp, "wall_s", st->wall_s);
  cJSON_AddNumberToObject(tp, "images_per_cpu_s", st->cpu_s > 0 ? st->images_run / st->cpu_s : 0);
  cJSON_AddNumberToObject(o, "seconds", st->seconds);
  return o;
}

int acc_study_impact_csv(const acc_study *st, int ni, FILE *fp) {
  fprintf(fp, "encoder,impact\n"); /* the header first: the reader takes line 1 as the header */
  fprintf(fp, "# measured accuracy drop (points, baseline - list) of the single-encoder list {i}\n");
  fprintf(fp, "# model %s, %zu images of %s, %s; negative = a gain\n", st->m.name,
          ni < 0 ? st->n : st->n_ni,
          st->data_dir,
          ni < 0 ? "ideal (lossless) tile" : st->plan.ni[ni].spec);
  for (int i = 1; i < st->m.vm.depth; i++)
    fprintf(fp, "%d,%.6f\n", i, ni < 0 ? st->impact[i] : st->ni_impact[ni][i]);
  return ferror(fp) ? -1 : 0;
}

int acc_study_lists_csv(const acc_study *st, FILE *fp) {
  const acc_plan *p = &st->plan;
  fprintf(fp, "reuse,resolved,n_reused,origin,edap_reduction,tops_per_mm2_gain,float_top1,"
              "ideal_top1,ideal_lo,ideal_hi,ideal_drop,ideal_drop_lo,ideal_drop_hi");
  if (st->chip_distinct) fprintf(fp, ",chip_top1,chip_lo,chip_hi");
  for (int j = 0; j < p->n_ni; j++)
    fprintf(fp, ",%s_top1,%s_lo,%s_hi,%s_drop,%s_drop_lo,%s_drop_hi", p->ni[j].name,
            p->ni[j].name, p->ni[j].name, p->ni[j].name, p->ni[j].name, p->ni[j].name);
  fprintf(fp, "\n");
  const edap_result *b = &st->e[0].edap;
  for (int k = 0; k < st->n_e; k++) {
    const acc_entry *e = &st->e[k];
    double lo, hi, d, dlo, dhi;
    acc_wilson(e->ideal.correct, st->n, &lo, &hi);
    acc_study_drop_ideal(st, k, &d, &dlo, &dhi);
    fprintf(fp, "\"%s\",\"%s\",%d,%s,%.6f,%.6f,", e->text, e->resolved, e->n_reused,
            acc_origin_name(e->origin), e->edap.edap > 0 ? b->edap / e->edap.edap : 0,
            b->tops_per_mm2 > 0 ? e->edap.tops_per_mm2 / b->tops_per_mm2 : 0);
    if (isnan(e->float_top1)) fprintf(fp, ",");
    else fprintf(fp, "%.4f,", e->float_top1);
    fprintf(fp, "%.4f,%.4f,%.4f,%.4f,%.4f,%.4f", 100.0 * (double)e->ideal.correct / (double)st->n,
            100 * lo, 100 * hi, d, dlo, dhi);
    if (st->chip_distinct) {
      acc_wilson(e->chip.correct, st->n, &lo, &hi);
      fprintf(fp, ",%.4f,%.4f,%.4f", 100.0 * (double)e->chip.correct / (double)st->n, 100 * lo,
              100 * hi);
    }
    acc_study_ni_cells(st, k, 1, ",", "", fp);
    fprintf(fp, "\n");
  }
  return ferror(fp) ? -1 : 0;
}

void acc_study_ni_cells(const acc_study *st, int k, int drop, const char *sep,
                        const char *blank, FILE *fp) {
  int ran = st->e[k].ni, n = drop ? 6 : 3;
  for (int j = 0; j < st->plan.n_ni; j++) {
    double v[6], sd;
    if (ran) acc_study_top_ni(st, k, j, &v[0], &sd, &v[1], &v[2]);
    if (ran && drop) acc_study_drop_ni(st, k, j, &v[3], &v[4], &v[5]);
    for (int c = 0; c < n; c++) {
      if (ran) fprintf(fp, "%s%.4f", sep, v[c]);
      else fprintf(fp, "%s%s", sep, blank);
    }
  }
}

int acc_study_adc_csv(const acc_study *st, FILE *fp) {
  fprintf(fp, "rows,cell_bits,adc_bits,lossless,default_chip,images,top1,lo,hi,ideal_top1,holds,"
              "edap,edap_vs_default_chip,id\n");
  for (int k = 0; k < st->n_adc; k++) {
    const acc_adc_point *pt = &st->adc[k];
    double lo, hi;
    acc_wilson(pt->correct, pt->images, &lo, &hi);
    fprintf(fp, "%d,%d,%d,%d,%d,%zu,%.4f,%.4f,%.4f,%.4f,%d,%.9g,%.6f,%s\n", pt->rows,
            pt->cell_bits, pt->adc_bits, pt->lossless, pt->is_default, pt->images,
            100.0 * (double)pt->correct / (double)pt->images, 100 * lo, 100 * hi,
            100.0 * (double)pt->ideal_correct / (double)pt->images, pt->holds, pt->edap,
            pt->edap_ratio, pt->id);
  }
  return ferror(fp) ? -1 : 0;
}
