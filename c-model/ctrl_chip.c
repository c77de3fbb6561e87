#include "ctrl_chip.h"

#include <stdio.h>
#include <string.h>

#include "trex_json.h"
#include "xbar_cfg_json.h"
#include "xbar_cycles.h"

ctrl_chip ctrl_chip_default(void) {
  /* The tile of tests/configs/default.json (xbar_cfg_default(), the tile
   * verification corner) with an 8-bit ADC: 64 rows of 2-bit cells sum to at
   * most 192, bitlen 8, so the ADC shift is 0 and the tile returns the exact
   * product. The 6-bit ADC of the verification corner does not hold the int8
   * model's accuracy (docs/accuracy.md, "The ADC sweep"; docs/defaults.md). */
  xbar_cfg t = xbar_cfg_default();
  t.adc_bits = 8;
  ctrl_chip c = {.tile = t,
                 .par_tiles = 0,
                 .softmax_lanes = 64,
                 .ln_lanes = 64,
                 .gelu_lanes = 64,
                 .add_lanes = 64,
                 .buf_lanes = 64};
  return c;
}

int ctrl_chip_check(const ctrl_chip *c, const char *where, trex_err *err) {
  if (xbar_cfg_check(&c->tile, where, err)) return -1;
  if (c->par_tiles < 0 || c->par_tiles > CTRL_MAX_FIGURE)
    return trex_errf(err, "%s: key 'par_tiles': %d is outside 0..%d", where,
                     c->par_tiles, CTRL_MAX_FIGURE);
  const struct {
    const char *key;
    int v;
  } lanes[] = {{"softmax_lanes", c->softmax_lanes}, {"ln_lanes", c->ln_lanes},
               {"gelu_lanes", c->gelu_lanes},       {"add_lanes", c->add_lanes},
               {"buf_lanes", c->buf_lanes}};
  for (size_t k = 0; k < sizeof lanes / sizeof lanes[0]; k++)
    if (lanes[k].v < 1 || lanes[k].v > CTRL_MAX_FIGURE)
      return trex_errf(err, "%s: key '%s': %d is outside 1..%d", where, lanes[k].key,
                       lanes[k].v, CTRL_MAX_FIGURE);
  return 0;
}

static const char *const chip_keys[] = {"tile",      "par_tiles", "softmax_lanes",
                                        "ln_lanes",  "gelu_lanes", "add_lanes",
                                        "buf_lanes", NULL};
int ctrl_chip_load(const char *path, ctrl_chip *c, trex_err *err) {
  cJSON *root = trex_json_load(path, err);
  if (!root) return -1;
  int rc = -1;
  *c = ctrl_chip_default();
  const cJSON *t = cJSON_GetObjectItemCaseSensitive(root, "tile");
  if (t) {
    if (!cJSON_IsObject(t)) {
      trex_errf(err, "%s: key 'tile': expected an object", path);
      goto out;
    }
    char where[4200];
    snprintf(where, sizeof where, "%s: key 'tile'", path);
    if (xbar_cfg_parse(t, path, where, "tile.", &c->tile, err)) goto out;
  }
  const trex_json_intf ints[] = {{"par_tiles", &c->par_tiles}, {"softmax_lanes", &c->softmax_lanes},
                                 {"ln_lanes", &c->ln_lanes},   {"gelu_lanes", &c->gelu_lanes},
                                 {"add_lanes", &c->add_lanes}, {"buf_lanes", &c->buf_lanes}};
  if (trex_json_ints(root, path, false, INT32_MIN, INT32_MAX, ints, sizeof ints / sizeof ints[0],
                     err))
    goto out;
  trex_json_warn_unknown(root, path, "", chip_keys);
  rc = ctrl_chip_check(c, path, err);
out:
  cJSON_Delete(root);
  return rc;
}

int64_t ctrl_chip_cycles_per_mvm(const ctrl_chip *c) {
  return xbar_cycles_per_mvm(&c->tile);
}
int64_t ctrl_chip_adc_per_mvm(const ctrl_chip *c) {
  return xbar_adc_conversions_per_mvm(&c->tile);
}
int64_t ctrl_chip_cells_per_weight(const ctrl_chip *c) {
  return (int64_t)xbar_cfg_slices(&c->tile) * xbar_cfg_planes(&c->tile);
}
