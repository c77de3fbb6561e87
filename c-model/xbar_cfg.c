#include "xbar_cfg.h"

#include <stdio.h>
#include <string.h>

#include "trex_json.h"
#include "xbar_cfg_json.h"

xbar_cfg xbar_cfg_default(void) {
  xbar_cfg c = {.rows = 64,
                .outs = 8,
                .w_bits = 8,
                .cell_bits = 2,
                .x_bits = 8,
                .x_signed = true,
                .adc_bits = 6,
                .cols_per_adc = 8,
                .enc = XBAR_ENC_OFFSET};
  return c;
}

int xbar_bitlen(unsigned n) {
  int b = 0;
  while (n) {
    b++;
    n >>= 1;
  }
  return b;
}

int xbar_cfg_slices(const xbar_cfg *c) { return c->w_bits / c->cell_bits; }
int xbar_cfg_planes(const xbar_cfg *c) {
  return c->enc == XBAR_ENC_DIFFERENTIAL ? 2 : 1;
}
int xbar_cfg_phys_cols(const xbar_cfg *c) {
  return c->outs * xbar_cfg_planes(c) * xbar_cfg_slices(c);
}
int xbar_cfg_adcs(const xbar_cfg *c) {
  return xbar_cfg_phys_cols(c) / c->cols_per_adc;
}
int xbar_cfg_full_scale(const xbar_cfg *c) {
  return c->rows * ((1 << c->cell_bits) - 1);
}
int xbar_cfg_adc_shift(const xbar_cfg *c) {
  int sh = xbar_bitlen((unsigned)xbar_cfg_full_scale(c)) - c->adc_bits;
  return sh > 0 ? sh : 0;
}

const char *xbar_enc_name(xbar_enc e) {
  return e == XBAR_ENC_DIFFERENTIAL ? "differential" : "offset";
}

int xbar_cfg_check(const xbar_cfg *c, const char *where, trex_err *err) {
  if (c->rows != 16 && c->rows != 32 && c->rows != 64 && c->rows != 128 &&
      c->rows != 256)
    return trex_errf(err, "%s: key 'rows': %d is not one of 16, 32, 64, 128, 256",
                     where, c->rows);
  if (c->outs < 1 || c->outs > 64)
    return trex_errf(err, "%s: key 'outs': %d is outside 1..64", where, c->outs);
  if (c->cell_bits != 1 && c->cell_bits != 2 && c->cell_bits != 4)
    return trex_errf(err, "%s: key 'cell_bits': %d is not one of 1, 2, 4", where,
                     c->cell_bits);
  if (c->w_bits < 2 || c->w_bits > 8)
    return trex_errf(err, "%s: key 'w_bits': %d is outside 2..8", where,
                     c->w_bits);
  if (c->w_bits % c->cell_bits)
    return trex_errf(err,
                     "%s: key 'w_bits': %d is not a multiple of cell_bits %d",
                     where, c->w_bits, c->cell_bits);
  if (c->x_bits < 2 || c->x_bits > 8)
    return trex_errf(err, "%s: key 'x_bits': %d is outside 2..8", where,
                     c->x_bits);
  if (c->adc_bits < 1 || c->adc_bits > 12)
    return trex_errf(err, "%s: key 'adc_bits': %d is outside 1..12", where,
                     c->adc_bits);
  int pc = xbar_cfg_phys_cols(c);
  if (c->cols_per_adc < 1 || (c->cols_per_adc & (c->cols_per_adc - 1)) ||
      pc % c->cols_per_adc)
    return trex_errf(err,
                     "%s: key 'cols_per_adc': %d is not a power of two dividing "
                     "the %d physical columns",
                     where, c->cols_per_adc, pc);
  return 0;
}

static const char *const known_keys[] = {
    "rows",     "outs",         "w_bits",     "cell_bits", "x_bits",
    "x_signed", "adc_bits",     "cols_per_adc", "w_encoding", NULL};

int xbar_cfg_parse(const cJSON *obj, const char *path, const char *where, const char *prefix,
                   xbar_cfg *c, trex_err *err) {
  const trex_json_intf ints[] = {
      {"rows", &c->rows},     {"outs", &c->outs},         {"w_bits", &c->w_bits},
      {"cell_bits", &c->cell_bits}, {"x_bits", &c->x_bits}, {"adc_bits", &c->adc_bits},
      {"cols_per_adc", &c->cols_per_adc}};
  if (trex_json_ints(obj, where, true, INT32_MIN, INT32_MAX, ints, sizeof ints / sizeof ints[0],
                     err))
    return -1;
  if (trex_json_bool(obj, "x_signed", where, false, true, &c->x_signed, err)) return -1;
  const char *enc = NULL;
  if (trex_json_str(obj, "w_encoding", where, false, "offset", &enc, err)) return -1;
  if (!strcmp(enc, "offset"))
    c->enc = XBAR_ENC_OFFSET;
  else if (!strcmp(enc, "differential"))
    c->enc = XBAR_ENC_DIFFERENTIAL;
  else
    return trex_errf(err, "%s: key 'w_encoding': \"%s\" is not \"offset\" or \"differential\"",
                     where, enc);
  trex_json_warn_unknown(obj, path, prefix, known_keys);
  return 0;
}

int xbar_cfg_load(const char *path, xbar_cfg *c, trex_err *err) {
  cJSON *root = trex_json_load(path, err);
  if (!root) return -1;
  int rc = xbar_cfg_parse(root, path, path, "", c, err) || xbar_cfg_check(c, path, err) ? -1 : 0;
  cJSON_Delete(root);
  return rc;
}

int xbar_cfg_save(const xbar_cfg *c, const char *path, trex_err *err) {
  cJSON *o = cJSON_CreateObject();
  if (!o) return trex_errf(err, "%s: out of memory", path);
  cJSON_AddNumberToObject(o, "rows", c->rows);
  cJSON_AddNumberToObject(o, "outs", c->outs);
  cJSON_AddNumberToObject(o, "w_bits", c->w_bits);
  cJSON_AddNumberToObject(o, "cell_bits", c->cell_bits);
  cJSON_AddNumberToObject(o, "x_bits", c->x_bits);
  cJSON_AddBoolToObject(o, "x_signed", c->x_signed);
  cJSON_AddNumberToObject(o, "adc_bits", c->adc_bits);
  cJSON_AddNumberToObject(o, "cols_per_adc", c->cols_per_adc);
  cJSON_AddStringToObject(o, "w_encoding", xbar_enc_name(c->enc));
  int rc = trex_json_save(o, path, err);
  cJSON_Delete(o);
  return rc;
}

void xbar_cfg_id(const xbar_cfg *c, char *buf, size_t n) {
  snprintf(buf, n, "r%do%dw%dc%dx%d%s-a%dm%d-%s", c->rows, c->outs, c->w_bits,
           c->cell_bits, c->x_bits, c->x_signed ? "s" : "u", c->adc_bits,
           c->cols_per_adc, c->enc == XBAR_ENC_DIFFERENTIAL ? "dif" : "off");
}
