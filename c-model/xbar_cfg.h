/* xbar_cfg: the crossbar tile configuration of ../shared/design/xbar-tile.md,
 * its legality rules, its JSON form (`config.json`) and derived figures. */
#ifndef XBAR_CFG_H
#define XBAR_CFG_H

#include <stdbool.h>
#include <stddef.h>

#include "trex_err.h"

typedef enum { XBAR_ENC_OFFSET = 0, XBAR_ENC_DIFFERENTIAL = 1 } xbar_enc;

typedef struct {
  int rows;         /* 16, 32, 64, 128, 256 */
  int outs;         /* 1..64 */
  int w_bits;       /* 2..8, multiple of cell_bits */
  int cell_bits;    /* 1, 2, 4 */
  int x_bits;       /* 2..8 */
  bool x_signed;    /* default true */
  int adc_bits;     /* 1..12 */
  int cols_per_adc; /* power of two dividing phys_cols */
  xbar_enc enc;     /* default offset */
} xbar_cfg;

/* The tile verification default (tests/configs/default.json; docs/defaults.md):
 * a lossy 6-bit ADC so that rounding is exercised. The priced chip's tile
 * (ctrl_chip_default()) is this one with an 8-bit, lossless ADC. */
xbar_cfg xbar_cfg_default(void);

/* 0 when legal; otherwise fills err with "WHERE: key 'K': reason" (WHERE is
 * the `where` string, e.g. a file name) and returns -1. */
int xbar_cfg_check(const xbar_cfg *c, const char *where, trex_err *err);

/* Loads and checks a config.json. Optional keys take the contract defaults;
 * unknown keys are reported on stderr as a warning and ignored. */
int xbar_cfg_load(const char *path, xbar_cfg *c, trex_err *err);

/* Writes config.json atomically. */
int xbar_cfg_save(const xbar_cfg *c, const char *path, trex_err *err);

/* Slices per weight S = w_bits / cell_bits. */
int xbar_cfg_slices(const xbar_cfg *c);
/* Planes: 1 (offset) or 2 (differential). */
int xbar_cfg_planes(const xbar_cfg *c);
/* Physical columns outs * planes * S. */
int xbar_cfg_phys_cols(const xbar_cfg *c);
/* Number of ADCs = phys_cols / cols_per_adc. */
int xbar_cfg_adcs(const xbar_cfg *c);
/* ADC full scale rows * (2^cell_bits - 1) and the right shift sh. */
int xbar_cfg_full_scale(const xbar_cfg *c);
int xbar_cfg_adc_shift(const xbar_cfg *c);

/* A short identifier that names the configuration uniquely, safe in file
 * names, e.g. "r64o8w8c2x8s-a8m4-off". */
void xbar_cfg_id(const xbar_cfg *c, char *buf, size_t n);

const char *xbar_enc_name(xbar_enc e);

/* bitlen(n): number of bits of n (bitlen(0) = 0, bitlen(192) = 8). */
int xbar_bitlen(unsigned n);

#endif
