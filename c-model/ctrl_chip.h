/* ctrl_chip: the chip geometry the attention-reuse controller maps a model
 * onto -- the crossbar tile (xbar_cfg), how many tiles of one operation
 * compute at once, and the throughput of the digital units -- with its
 * documented default and its JSON form (docs/controller.md, "Chip").
 *
 * Promises:
 *  - ctrl_chip_default() is legal and is what `trex schedule` uses without
 *    --chip.
 *  - ctrl_chip_load() starts from the default, overrides the keys present,
 *    and returns 0 only for a legal chip; errors name the file and line
 *    (syntax) or the key.
 *  - The derived figures below are exactly the tile's cycle model
 *    (xbar_cycles.h) and cell counts of xbar_cfg.h. */
#ifndef CTRL_CHIP_H
#define CTRL_CHIP_H

#include <stdint.h>

#include "trex_err.h"
#include "xbar_cfg.h"

#define CTRL_MAX_FIGURE 65535 /* upper bound of every chip figure below */

typedef struct {
  xbar_cfg tile;  /* the crossbar tile; default xbar_cfg_default() with an
                     8-bit ADC (64 rows, 8 outs, 8-bit weights in 2-bit cells,
                     8-bit inputs, 8-bit ADC: lossless, shift 0; 8 columns
                     per ADC, offset) */
  int par_tiles;  /* tiles of one operation that compute (or are written) at
                     once; 0 = all of them (default 0). An operation needing
                     `tiles` tiles runs in ceil(tiles / par_tiles) rounds. */
  int softmax_lanes; /* softmax elements per cycle (default 64) */
  int ln_lanes;      /* LayerNorm elements per cycle (default 64) */
  int gelu_lanes;    /* GELU elements per cycle (default 64) */
  int add_lanes;     /* residual-add elements per cycle (default 64) */
  int buf_lanes;     /* reuse-buffer elements moved per cycle (default 64) */
} ctrl_chip;

ctrl_chip ctrl_chip_default(void);

/* Legality: tile per xbar_cfg_check; par_tiles in 0..CTRL_MAX_FIGURE; every
 * *_lanes in 1..CTRL_MAX_FIGURE. Message "WHERE: key 'K': ...". */
int ctrl_chip_check(const ctrl_chip *c, const char *where, trex_err *err);

/* JSON: {"tile": {rows, outs, w_bits, cell_bits, x_bits, x_signed, adc_bits,
 * cols_per_adc, w_encoding} (optional object, the keys of config.json; when
 * present its required keys are those of config.json), "par_tiles",
 * "softmax_lanes", "ln_lanes", "gelu_lanes", "add_lanes", "buf_lanes"
 * (optional ints)}. Unknown keys warn on stderr and are ignored. */
int ctrl_chip_load(const char *path, ctrl_chip *c, trex_err *err);

/* Derived per-tile figures (legal chip only). */
int64_t ctrl_chip_cycles_per_mvm(const ctrl_chip *c);  /* xbar_cycles_per_mvm */
int64_t ctrl_chip_adc_per_mvm(const ctrl_chip *c);     /* xbar_adc_conversions_per_mvm */
int64_t ctrl_chip_cells_per_weight(const ctrl_chip *c); /* slices * planes */

#endif
