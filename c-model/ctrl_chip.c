#include "ctrl_chip.h"

#include <stdio.h>
#include <string.h>

#include "trex_json.h"
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
static const char *const tile_keys[] = {"rows",     "outs",     "w_bits",
                                        "cell_bits", "x_bits",  "x_signed",
                                        "adc_bits", "cols_per_adc", "w_encoding",
                                        NULL};

static int load_tile(const cJSON *t, const char *path, xbar_cfg *x, trex_err *err) {
  char where[4200];
  snprintf(where, sizeof where, "%s: key 'tile'", path);
  int64_t v;
#define GETI(key, field)                                                        \
  do {                                                                          \
    if (trex_json_int(t, key, where, true, 0, -(1LL << 31), (1LL << 31) - 1, &v, \
                      err))                                                     \
      return -1;                                                                \
    x->field = (int)v;                                                          \
  } while (0)
  GETI("rows", rows);
  GETI("outs", outs);
  GETI("w_bits", w_bits);
  GETI("cell_bits", cell_bits);
  GETI("x_bits", x_bits);
  GETI("adc_bits", adc_bits);
  GETI("cols_per_adc", cols_per_adc);
#undef GETI
  if (trex_json_bool(t, "x_signed", where, false, true, &x->x_signed, err)) return -1;
  const char *enc = NULL;
  if (trex_json_str(t, "w_encoding", where, false, "offset", &enc, err)) return -1;
  if (!strcmp(enc, "offset"))
    x->enc = XBAR_ENC_OFFSET;
  else if (!strcmp(enc, "differential"))
    x->enc = XBAR_ENC_DIFFERENTIAL;
  else
    return trex_errf(err, "%s: key 'w_encoding': \"%s\" is not \"offset\" or "
                          "\"differential\"",
                     where, enc);
  trex_json_warn_unknown(t, path, "tile.", tile_keys);
  return 0;
}

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
    if (load_tile(t, path, &c->tile, err)) goto out;
  }
  int64_t v;
#define GETI(key, field)                                                          \
  do {                                                                            \
    if (trex_json_int(root, key, path, false, c->field, -(1LL << 31), (1LL << 31) - 1, \
                      &v, err))                                                   \
      goto out;                                                                   \
    c->field = (int)v;                                                            \
  } while (0)
  GETI("par_tiles", par_tiles);
  GETI("softmax_lanes", softmax_lanes);
  GETI("ln_lanes", ln_lanes);
  GETI("gelu_lanes", gelu_lanes);
  GETI("add_lanes", add_lanes);
  GETI("buf_lanes", buf_lanes);
#undef GETI
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
