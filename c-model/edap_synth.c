/* edap_synth: synthesis metrics for `trex edap --synth` (edap_synth.h). */
#define _POSIX_C_SOURCE 200809L
#include "edap_synth.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "trex_json.h"

static const char *const sy_names[EDAP_SY_COUNT] = {"tile_periphery", "controller", "softmax",
                                                    "layernorm", "gelu", "add"};
/* the RTL module of each per-element unit (make synth-units) */
static const char *const sy_modules[EDAP_SY_COUNT] = {NULL, NULL, "enc_softmax", "enc_layernorm",
                                                      "enc_gelu", "enc_add"};

const char *edap_sy_name(edap_sy_kind k) {
  return (int)k >= 0 && k < EDAP_SY_COUNT ? sy_names[k] : NULL;
}

/* The load context: the registry and the target node. */
typedef struct {
  const char *libs;
  edap_scale_rule rule;
  double to_nm, to_v;
} sy_ctx;

/* Node and supply of the liberty of a metrics.json, from the registry. */
static int liberty_node(const sy_ctx *c, const cJSON *root, const char *path,
                        edap_synth_unit *u, trex_err *err) {
  const cJSON *lib = cJSON_GetObjectItemCaseSensitive(root, "liberty");
  const char *name = "", *sha = "", *lpath = "";
  if (lib && cJSON_IsObject(lib)) {
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(lib, "name");
    const cJSON *h = cJSON_GetObjectItemCaseSensitive(lib, "sha256");
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(lib, "path");
    if (n && cJSON_IsString(n)) name = n->valuestring;
    if (h && cJSON_IsString(h)) sha = h->valuestring;
    if (p && cJSON_IsString(p)) lpath = p->valuestring;
  } else if (lib && cJSON_IsString(lib)) {
    lpath = lib->valuestring;
  }
  snprintf(u->liberty, sizeof u->liberty, "%s", name[0] ? name : lpath[0] ? lpath : "unknown");
  cJSON *reg = trex_json_load(c->libs, err);
  if (!reg) return -1;
  const cJSON *arr = cJSON_GetObjectItemCaseSensitive(reg, "liberties");
  int rc = 0;
  if (!arr || !cJSON_IsArray(arr)) {
    rc = trex_errf(err, "%s: missing key 'liberties' (an array)", c->libs);
    goto out;
  }
  const cJSON *hit = NULL, *it;
  for (int pass = 0; pass < 2 && !hit; pass++)
    cJSON_ArrayForEach(it, arr) {
      const char *key = pass == 0 ? "sha256" : "name", *want = pass == 0 ? sha : name;
      const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, key);
      if (want[0] && v && cJSON_IsString(v) && !strcmp(v->valuestring, want)) {
        hit = it;
        break;
      }
    }
  if (!hit) {
    rc = trex_errf(err,
                   "%s: liberty '%s' (sha256 %.16s) is not in %s: its technology node is "
                   "unknown, so its figures cannot be scaled to the table's %g nm",
                   path, u->liberty, sha[0] ? sha : "none", c->libs, c->to_nm);
    goto out;
  }
  if (trex_json_num(hit, "node_nm", c->libs, true, 0, 1, 1e4, &u->lib_node_nm, err) ||
      trex_json_num(hit, "vdd_v", c->libs, true, 0, 0.01, 10, &u->lib_vdd_v, err)) {
    rc = -1;
    goto out;
  }
  if (edap_scale(c->rule, u->lib_node_nm, u->lib_vdd_v, c->to_nm, c->to_v, &u->f, err)) {
    rc = -1;
    goto out;
  }
out:
  cJSON_Delete(reg);
  return rc;
}

static void finish_unit(edap_synth_unit *u, const char *path, const sy_ctx *c,
                        const char *extra) {
  u->have = 1;
  u->area_um2 = u->area_um2_raw * u->f.area;
  u->pj = u->pj_raw * u->f.energy;
  u->fmax_mhz = u->fmax_mhz_raw > 0 ? u->fmax_mhz_raw / u->f.delay : 0;
  int w = snprintf(u->src, sizeof u->src,
                   "synthesised: %s (liberty %s, %g nm %g V; scaled to %g nm %g V by %s: area "
                   "x%.4g, energy x%.4g, delay x%.4g)%s",
                   path, u->liberty, u->lib_node_nm, u->lib_vdd_v, c->to_nm, c->to_v,
                   edap_scale_rule_name(c->rule), u->f.area, u->f.energy, u->f.delay, extra);
  /* a provenance longer than the field (very long paths) says it was cut */
  if (w < 0 || (size_t)w >= sizeof u->src) memcpy(u->src + sizeof u->src - 4, "...", 4);
}

/* Area of one area_by_module entry: a number, or an object whose
 * "area_um2" is the module's own cells times its instances. */
static int module_area(const cJSON *it, const char *path, double *out, trex_err *err) {
  const cJSON *v = it;
  if (cJSON_IsObject(it)) v = cJSON_GetObjectItemCaseSensitive(it, "area_um2");
  if (!v || !cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < 0)
    return trex_errf(err, "%s: key 'area_by_module.%s.area_um2': expected a number >= 0",
                     path, it->string);
  *out = v->valuedouble;
  return 0;
}

static double opt_num(const cJSON *root, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);
  return v && cJSON_IsNumber(v) && isfinite(v->valuedouble) && v->valuedouble > 0
             ? v->valuedouble
             : 0;
}

static int load_tile(const cJSON *root, const char *path, const sy_ctx *c,
                     edap_synth_unit *u, trex_err *err) {
  double total, epm;
  memset(u, 0, sizeof *u);
  if (trex_json_num(root, "area_um2", path, true, 0, 0, 1e15, &total, err) ||
      trex_json_num(root, "energy_pj_per_mvm", path, true, 0, 0, 1e15, &epm, err))
    return -1;
  const cJSON *by = cJSON_GetObjectItemCaseSensitive(root, "area_by_module");
  if (!by) return trex_errf(err, "%s: missing key 'area_by_module'", path);
  if (!cJSON_IsObject(by))
    return trex_errf(err, "%s: key 'area_by_module': expected an object", path);
  double periph = 0;
  const cJSON *it;
  cJSON_ArrayForEach(it, by) {
    double a = 0;
    if (module_area(it, path, &a, err)) return -1;
    /* the array and the analog stand-ins come from the technology table;
     * the top's own logic (control, input latch and sum, weight encoding)
     * and the shift-and-add are the digital periphery */
    if (strstr(it->string, "xbar_array") || strstr(it->string, "xbar_adc") ||
        strstr(it->string, "xbar_mux"))
      continue;
    periph += a;
  }
  if (total <= 0) return trex_errf(err, "%s: key 'area_um2': must be > 0", path);
  if (liberty_node(c, root, path, u, err)) return -1;
  u->have_energy = 1;
  u->area_um2_raw = periph;
  u->pj_raw = epm * periph / total;
  u->fmax_mhz_raw = opt_num(root, "fmax_mhz");
  finish_unit(u, path, c, "");
  return 0;
}

static int load_ctrl(const cJSON *root, const char *path, const sy_ctx *c,
                     edap_synth_unit *u, trex_err *err) {
  memset(u, 0, sizeof *u);
  if (trex_json_num(root, "area_um2", path, true, 0, 0, 1e15, &u->area_um2_raw, err))
    return -1;
  /* power may be null when the flow had no activity for the module */
  const cJSON *pw = cJSON_GetObjectItemCaseSensitive(root, "power_mw");
  double mw = 0, mhz = 0;
  if (pw && !cJSON_IsNull(pw)) {
    if (trex_json_num(root, "power_mw", path, true, 0, 0, 1e9, &mw, err) ||
        trex_json_num(root, "clock_mhz_used", path, true, 0, 1e-6, 1e9, &mhz, err))
      return -1;
    u->have_energy = 1;
    u->pj_raw = mw / mhz * 1e3; /* mW / MHz = nJ per cycle */
  }
  if (liberty_node(c, root, path, u, err)) return -1;
  u->fmax_mhz_raw = opt_num(root, "fmax_mhz");
  finish_unit(u, path, c, u->have_energy ? "" : "; power not measured");
  return 0;
}

/* ---- per-element units ------------------------------------------------- */

double edap_synth_area_at(const edap_synth_unit *u, int lanes, int nmax) {
  double rb = u->rowbuf;
  if (nmax > 0 && u->nmax_synth > 0) rb *= (double)nmax / u->nmax_synth;
  return u->a0 + u->a1 * lanes + rb;
}

double edap_synth_pj_at(const edap_synth_unit *u, int lanes) {
  return u->e0 + u->e1 / (lanes > 0 ? lanes : 1);
}

/* KEY=N of a "params" string ("LANES=2,NMAX=32,STEPS=1"); 0 when absent. */
static int param_int(const char *params, const char *key) {
  size_t n = strlen(key);
  for (const char *p = params; p && *p;) {
    if (!strncmp(p, key, n) && p[n] == '=') return atoi(p + n + 1);
    p = strchr(p, ',');
    if (p) p++;
  }
  return 0;
}

#define SY_MAX_RUNS 16
typedef struct {
  int n, rank;
  int lanes[SY_MAX_RUNS];
  char path[SY_MAX_RUNS][2048];
} unit_runs;

typedef struct {
  double area, rowbuf, pj, fmax;
  int nmax;
  char params[128];
} unit_run;

static int read_run(const char *path, const sy_ctx *c, edap_synth_unit *u, int want_lib,
                    unit_run *r, trex_err *err) {
  cJSON *root = trex_json_load(path, err);
  if (!root) return -1;
  int rc = 0;
  const char *params;
  memset(r, 0, sizeof *r);
  if (trex_json_num(root, "area_um2", path, true, 0, 0, 1e15, &r->area, err) ||
      trex_json_num(root, "energy_pj_per_element", path, true, 0, 0, 1e15, &r->pj, err) ||
      trex_json_str(root, "params", path, true, NULL, &params, err)) {
    rc = -1;
    goto out;
  }
  snprintf(r->params, sizeof r->params, "%s", params);
  r->nmax = param_int(params, "NMAX");
  r->fmax = opt_num(root, "fmax_mhz");
  const cJSON *by = cJSON_GetObjectItemCaseSensitive(root, "area_by_module");
  const cJSON *rb = by && cJSON_IsObject(by) ? cJSON_GetObjectItemCaseSensitive(by, "enc_rowbuf") : NULL;
  if (rb && module_area(rb, path, &r->rowbuf, err)) {
    rc = -1;
    goto out;
  }
  if (want_lib) {
    rc = liberty_node(c, root, path, u, err);
  } else {
    edap_synth_unit t;
    memset(&t, 0, sizeof t);
    if (!(rc = liberty_node(c, root, path, &t, err)) && strcmp(t.liberty, u->liberty))
      rc = trex_errf(err, "%s: liberty '%s' differs from '%s' of the unit's other run", path,
                     t.liberty, u->liberty);
  }
out:
  cJSON_Delete(root);
  return rc;
}

/* Fits a per-element unit on its two largest lane counts, checks the fit at
 * the next smaller one (docs/edap.md, "Synthesis feed"). */
static int load_elem_unit(unit_runs *ru, int kind, const sy_ctx *c, edap_synth_unit *u,
                          trex_err *err) {
  memset(u, 0, sizeof *u);
  u->elem = 1;
  if (ru->n < 2) {
    snprintf(u->note, sizeof u->note,
             "%s synthesised at one lane count only (%s): priced by the table "
             "(make synth-units synthesises two)",
             sy_modules[kind], ru->path[0]);
    return 0;
  }
  /* sort by lanes, descending */
  for (int i = 0; i < ru->n; i++)
    for (int j = i + 1; j < ru->n; j++)
      if (ru->lanes[j] > ru->lanes[i]) {
        int t = ru->lanes[i];
        ru->lanes[i] = ru->lanes[j];
        ru->lanes[j] = t;
        char tp[2048];
        memcpy(tp, ru->path[i], sizeof tp);
        memcpy(ru->path[i], ru->path[j], sizeof tp);
        memcpy(ru->path[j], tp, sizeof tp);
      }
  unit_run hi, lo, ck;
  if (read_run(ru->path[0], c, u, 1, &hi, err) || read_run(ru->path[1], c, u, 0, &lo, err))
    return -1;
  const double LB = ru->lanes[0], LA = ru->lanes[1];
  const double cb = hi.area - hi.rowbuf, ca = lo.area - lo.rowbuf;
  u->a1_raw = (cb - ca) / (LB - LA);
  u->a0_raw = ca - u->a1_raw * LA;
  u->e1_raw = (lo.pj - hi.pj) / (1.0 / LA - 1.0 / LB);
  u->e0_raw = hi.pj - u->e1_raw / LB;
  u->rowbuf_raw = hi.rowbuf;
  u->nmax_synth = hi.nmax;
  u->fit_lanes[0] = (int)LA;
  u->fit_lanes[1] = (int)LB;
  snprintf(u->params[0], sizeof u->params[0], "%s", lo.params);
  snprintf(u->params[1], sizeof u->params[1], "%s", hi.params);
  char chk[2300] = "; no check point (a third lane count would give one)";
  if (ru->n >= 3) {
    if (read_run(ru->path[2], c, u, 0, &ck, err)) return -1;
    const double L = ru->lanes[2];
    const double pa = u->a0_raw + u->a1_raw * L + ck.rowbuf, pe = u->e0_raw + u->e1_raw / L;
    u->check_lanes = (int)L;
    u->check_area_err = (pa - ck.area) / ck.area;
    u->check_pj_err = ck.pj > 0 ? (pe - ck.pj) / ck.pj : 0;
    snprintf(chk, sizeof chk, "; checked at LANES=%d (%s): area %+.2f%%, energy per element %+.2f%%",
             ru->lanes[2], ru->path[2], 100 * u->check_area_err, 100 * u->check_pj_err);
  }
  u->have = 1;
  u->have_energy = 1;
  u->a0 = u->a0_raw * u->f.area;
  u->a1 = u->a1_raw * u->f.area;
  u->rowbuf = u->rowbuf_raw * u->f.area;
  u->e0 = u->e0_raw * u->f.energy;
  u->e1 = u->e1_raw * u->f.energy;
  /* the representative figures: at the largest synthesised lane count */
  u->area_um2_raw = hi.area;
  u->pj_raw = hi.pj;
  u->fmax_mhz_raw = hi.fmax < lo.fmax || lo.fmax <= 0 ? hi.fmax : lo.fmax; /* the slower */
  char extra[5000];
  snprintf(extra, sizeof extra,
           "; %s at %s and %s (%s); lane scaling fitted on these two: area = %.6g + %.6g x lanes "
           "um^2%s (raw), energy per element = %.6g + %.6g / lanes pJ (raw)%s",
           sy_modules[kind], lo.params, hi.params, ru->path[1], u->a0_raw, u->a1_raw,
           hi.rowbuf > 0 ? " + row buffer (enc_rowbuf) x NMAX needed / NMAX synthesised" : "",
           u->e0_raw, u->e1_raw, chk);
  finish_unit(u, ru->path[0], c, extra);
  return 0;
}

/* Is this the default-liberty run ("liberty": {"default": true})? */
static int is_default_lib(const cJSON *root) {
  const cJSON *lib = cJSON_GetObjectItemCaseSensitive(root, "liberty");
  const cJSON *d = lib && cJSON_IsObject(lib) ? cJSON_GetObjectItemCaseSensitive(lib, "default") : NULL;
  return d && cJSON_IsTrue(d);
}

int edap_synth_load(const char *dir, const char *tile_id, edap_scale_rule rule,
                    double to_nm, double to_v, const char *libs, edap_synth *s,
                    trex_err *err) {
  memset(s, 0, sizeof *s);
  s->rule = rule;
  s->to_nm = to_nm;
  s->to_v = to_v;
  sy_ctx c = {libs ? libs : EDAP_LIBERTIES_DEFAULT, rule, to_nm, to_v};
  DIR *d = opendir(dir);
  if (!d) return trex_errf(err, "%s: cannot open the synthesis directory", dir);
  struct dirent *e;
  int rc = 0;
  /* Pass 1: the winning run per module. With several liberties in DIR the
   * default liberty's run wins; two runs of equal standing are ambiguous. */
  int rank[2] = {-1, -1};
  char win[2][2048] = {"", ""};
  char other[128] = ""; /* a tile run of another configuration, for the warning */
  static unit_runs runs[EDAP_SY_COUNT];
  for (int k = 0; k < EDAP_SY_COUNT; k++) runs[k].n = 0, runs[k].rank = -1;
  while (!rc && (e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    char path[2048];
    snprintf(path, sizeof path, "%s/%s/metrics.json", dir, e->d_name);
    struct stat st;
    if (stat(path, &st) || !S_ISREG(st.st_mode)) continue;
    cJSON *root = trex_json_load(path, err);
    if (!root) {
      rc = -1;
      break;
    }
    const char *module, *cid;
    if (trex_json_str(root, "module", path, true, NULL, &module, err) ||
        trex_json_str(root, "config_id", path, true, NULL, &cid, err)) {
      rc = -1;
    } else {
      int k = !strcmp(module, "xbar_tile") && !strcmp(cid, tile_id) ? 0
              : !strcmp(module, "trex_ctrl")                        ? 1
                                                                    : -1;
      int r = is_default_lib(root) ? 1 : 0;
      if (k < 0 && !strcmp(module, "xbar_tile") && !other[0])
        snprintf(other, sizeof other, "%s", cid);
      int uk = -1;
      for (int q = EDAP_SY_SOFTMAX; q < EDAP_SY_COUNT; q++)
        if (!strcmp(module, sy_modules[q])) uk = q;
      const char *params = NULL;
      if (uk >= 0 && !trex_json_str(root, "params", path, true, NULL, &params, err)) {
        unit_runs *ru = &runs[uk];
        int lanes = param_int(params, "LANES");
        if (lanes < 1) {
          rc = trex_errf(err, "%s: key 'params': no LANES=N in '%s'", path, params);
        } else if (r > ru->rank) {
          ru->rank = r;
          ru->n = 0;
        }
        for (int q = 0; !rc && r == ru->rank && q < ru->n; q++)
          if (ru->lanes[q] == lanes)
            rc = trex_errf(err, "%s: several %s syntheses at LANES=%d (%s and %s); pass a "
                                "directory with one", dir, module, lanes, ru->path[q], path);
        if (!rc && r == ru->rank && ru->n < SY_MAX_RUNS) {
          ru->lanes[ru->n] = lanes;
          snprintf(ru->path[ru->n], sizeof ru->path[0], "%s", path);
          ru->n++;
        }
      } else if (uk >= 0) {
        rc = -1;
      }
      if (k >= 0 && r == rank[k])
        rc = k == 0 ? trex_errf(err, "%s: several tile syntheses for %s (%s and %s); pass a "
                                     "directory with one", dir, tile_id, win[k], path)
                    : trex_errf(err, "%s: several controller syntheses (%s and %s); pass a "
                                     "directory with one", dir, win[k], path);
      else if (k >= 0 && r > rank[k]) {
        rank[k] = r;
        snprintf(win[k], sizeof win[k], "%s", path);
      }
    }
    cJSON_Delete(root);
  }
  closedir(d);
  /* Pass 2: load the winners. */
  for (int k = 0; k < 2 && !rc; k++) {
    if (!win[k][0]) continue;
    cJSON *root = trex_json_load(win[k], err);
    if (!root) return -1;
    rc = k == 0 ? load_tile(root, win[k], &c, &s->u[EDAP_SY_TILE_PERIPH], err)
                : load_ctrl(root, win[k], &c, &s->u[EDAP_SY_CTRL], err);
    cJSON_Delete(root);
  }
  for (int k = EDAP_SY_SOFTMAX; k < EDAP_SY_COUNT && !rc; k++)
    if (runs[k].n) rc = load_elem_unit(&runs[k], k, &c, &s->u[k], err);
  if (!rc && !win[0][0] && other[0])
    fprintf(stderr,
            "trex: warning: %s holds no xbar_tile run of the chip's tile %s (only "
            "others, e.g. %s): the tile periphery is priced from the technology "
            "table\n",
            dir, tile_id, other);
  return rc;
}
