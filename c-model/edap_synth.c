#define _POSIX_C_SOURCE 200809L
#include "edap_synth.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "trex_json.h"

static int liberty_name(const cJSON *root, char *buf, size_t n) {
  const cJSON *lib = cJSON_GetObjectItemCaseSensitive(root, "liberty");
  const cJSON *p = lib && cJSON_IsObject(lib) ? cJSON_GetObjectItemCaseSensitive(lib, "path")
                                              : lib;
  snprintf(buf, n, "%s", p && cJSON_IsString(p) ? p->valuestring : "unknown liberty");
  return 0;
}

/* Area of one area_by_module entry: a number, or an object whose
 * "area_um2" is the module's own cells times its instances (issue 4's
 * metrics.json). */
static int module_area(const cJSON *it, const char *path, double *out, trex_err *err) {
  const cJSON *v = it;
  if (cJSON_IsObject(it)) v = cJSON_GetObjectItemCaseSensitive(it, "area_um2");
  if (!v || !cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < 0)
    return trex_errf(err, "%s: key 'area_by_module.%s.area_um2': expected a number >= 0",
                     path, it->string);
  *out = v->valuedouble;
  return 0;
}

static int load_tile(const cJSON *root, const char *path, edap_synth *s, trex_err *err) {
  double total, epm;
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
  char lib[400];
  liberty_name(root, lib, sizeof lib);
  s->have_tile = 1;
  s->periph_um2_per_tile = periph;
  s->periph_pj_per_mvm = epm * periph / total;
  snprintf(s->tile_src, sizeof s->tile_src, "synthesised: %s (liberty %s)", path, lib);
  return 0;
}

static int load_ctrl(const cJSON *root, const char *path, edap_synth *s, trex_err *err) {
  if (trex_json_num(root, "area_um2", path, true, 0, 0, 1e15, &s->ctrl_um2, err))
    return -1;
  /* power may be null when the flow had no activity for the module */
  const cJSON *pw = cJSON_GetObjectItemCaseSensitive(root, "power_mw");
  s->ctrl_have_power = 0;
  s->ctrl_mw = 0;
  if (pw && !cJSON_IsNull(pw)) {
    if (trex_json_num(root, "power_mw", path, true, 0, 0, 1e9, &s->ctrl_mw, err)) return -1;
    s->ctrl_have_power = 1;
  }
  char lib[400];
  liberty_name(root, lib, sizeof lib);
  s->have_ctrl = 1;
  snprintf(s->ctrl_src, sizeof s->ctrl_src, "synthesised: %s (liberty %s)%s", path, lib,
           s->ctrl_have_power ? "" : "; power not measured");
  return 0;
}

/* Is this the default-liberty run ("liberty": {"default": true})? */
static int is_default_lib(const cJSON *root) {
  const cJSON *lib = cJSON_GetObjectItemCaseSensitive(root, "liberty");
  const cJSON *d = lib && cJSON_IsObject(lib) ? cJSON_GetObjectItemCaseSensitive(lib, "default") : NULL;
  return d && cJSON_IsTrue(d);
}

int edap_synth_load(const char *dir, const char *tile_id, edap_synth *s, trex_err *err) {
  memset(s, 0, sizeof *s);
  DIR *d = opendir(dir);
  if (!d) return trex_errf(err, "%s: cannot open the synthesis directory", dir);
  struct dirent *e;
  int rc = 0;
  /* With several liberties in DIR the one that matches `liberty` wins when
   * given; otherwise the default liberty's run; otherwise it is ambiguous. */
  int tile_rank = -1, ctrl_rank = -1;
  char tile_path[2048] = "", ctrl_path[2048] = "";
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
      int rank = is_default_lib(root) ? 1 : 0;
      if (!strcmp(module, "xbar_tile") && !strcmp(cid, tile_id)) {
        if (rank == tile_rank)
          rc = trex_errf(err, "%s: several tile syntheses for %s (%s and %s); pass a directory with one",
                         dir, tile_id, tile_path, path);
        else if (rank > tile_rank) {
          tile_rank = rank;
          snprintf(tile_path, sizeof tile_path, "%s", path);
          rc = load_tile(root, path, s, err);
        }
      } else if (!strcmp(module, "trex_ctrl")) {
        if (rank == ctrl_rank)
          rc = trex_errf(err, "%s: several controller syntheses (%s and %s); pass a directory with one",
                         dir, ctrl_path, path);
        else if (rank > ctrl_rank) {
          ctrl_rank = rank;
          snprintf(ctrl_path, sizeof ctrl_path, "%s", path);
          rc = load_ctrl(root, path, s, err);
        }
      }
    }
    cJSON_Delete(root);
  }
  closedir(d);
  return rc;
}
