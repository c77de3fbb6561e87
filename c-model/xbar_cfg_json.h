/* xbar_cfg_json: reading a tile configuration from a JSON object, the one
 * reader of config.json (xbar_cfg_load) and of a chip's "tile"
 * (ctrl_chip_load); implemented in xbar_cfg.c. The one xbar_cfg header
 * that exposes cJSON. */
#ifndef XBAR_CFG_JSON_H
#define XBAR_CFG_JSON_H

#include <cJSON.h>

#include "xbar_cfg.h"

/* Reads the keys of config.json (xbar-tile.md) from obj into c: rows, outs,
 * w_bits, cell_bits, x_bits, adc_bits, cols_per_adc (required integers),
 * x_signed (default true), w_encoding ("offset", the default, or
 * "differential"). Errors name `where` ("WHERE: key 'rows': ..."); every
 * other key gets a warning naming PATH and PREFIXKEY
 * (trex_json_warn_unknown). The values are not checked against each other
 * (xbar_cfg_check). Returns 0 on success. */
int xbar_cfg_parse(const cJSON *obj, const char *path, const char *where, const char *prefix,
                   xbar_cfg *c, trex_err *err);

#endif
