#define _POSIX_C_SOURCE 200809L
#include "edap_synth.h"

#include <dirent.h>
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
    if (!cJSON_IsNumber(it) || it->valuedouble < 0)
      return trex_errf(err, "%s: key 'area_by_module.%s': expected a number >= 0", path,
                       it->string);
    if (strstr(it->string, "xbar_array") || strstr(it->string, "xbar_adc") ||
        strstr(it->string, "xbar_mux"))
      continue;
    if (!strcmp(it->string, "xbar_tile")) continue; /* the top itself, if listed */
    periph += it->valuedouble;
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
  if (trex_json_num(root, "area_um2", path, true, 0, 0, 1e15, &s->ctrl_um2, err) ||
      trex_json_num(root, "power_mw", path, true, 0, 0, 1e9, &s->ctrl_mw, err))
    return -1;
  char lib[400];
  liberty_name(root, lib, sizeof lib);
  s->have_ctrl = 1;
  snprintf(s->ctrl_src, sizeof s->ctrl_src, "synthesised: %s (liberty %s)", path, lib);
  return 0;
}

int edap_synth_load(const char *dir, const char *tile_id, edap_synth *s, trex_err *err) {
  memset(s, 0, sizeof *s);
  DIR *d = opendir(dir);
  if (!d) return trex_errf(err, "%s: cannot open the synthesis directory", dir);
  struct dirent *e;
  int rc = 0;
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
    const char *module, *config;
    if (trex_json_str(root, "module", path, true, NULL, &module, err)) {
      rc = -1;
    } else if (!strcmp(module, "xbar_tile")) {
      const cJSON *c = cJSON_GetObjectItemCaseSensitive(root, "config");
      config = c && cJSON_IsString(c) ? c->valuestring : "";
      if (!strcmp(config, tile_id) || strstr(e->d_name, tile_id))
        rc = load_tile(root, path, s, err);
    } else if (!strncmp(module, "ctrl", 4)) {
      rc = load_ctrl(root, path, s, err);
    }
    cJSON_Delete(root);
  }
  closedir(d);
  return rc;
}
