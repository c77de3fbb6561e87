/* core_load: how the accelerator top trex_core (rtl/core_*.sv, docs/core.md)
 * is loaded for a (model, reuse list) pair through its load port, and the
 * memory layout the execution unit and the testbench share.
 *
 * Promises:
 *  - core_geom_derive() computes exactly the execution unit's localparams
 *    (region size, memory size, slots) from its parameters.
 *  - core_check() refuses (-1, one line naming the key) a model, chip or
 *    schedule the core of geometry g cannot run: a size above its maximum,
 *    unequal lanes, par_tiles != 0, a tile other than the instantiated one,
 *    or more tiles than N_TILES (the schedule's static + run-time tiles:
 *    the core never time-multiplexes tiles).
 *  - core_load() emits, through wr, every load-port write of the chip for
 *    schedule s (built for m's keys and the reuse list): the configuration
 *    words, the tile-base and reuse-source tables, every static weight row of
 *    every tile (mapping rule of docs/core.md: the static ops of the
 *    schedule in issue order, patch_embed first and head last, then the
 *    run-time tiles of k_write and v_write), and every parameter; map receives the
 *    tile bases. A reusing encoder is loaded with its TB for the resolved
 *    source, never with attention weights.
 *  - core_load_image() emits the writes of one image's patch vectors. */
#ifndef CORE_LOAD_H
#define CORE_LOAD_H

#include <stdint.h>

#include "ctrl_schedule.h"
#include "model_dir.h"
#include "trex_err.h"

/* load spaces (ld_addr_i[31:28]) */
enum {
  CORE_LD_TILE = 0, CORE_LD_SCAL = 1, CORE_LD_BIAS = 2, CORE_LD_G = 3, CORE_LD_B = 4,
  CORE_LD_LUTE = 5, CORE_LD_LUTG = 6, CORE_LD_TBASE = 7, CORE_LD_RSRC = 8,
  CORE_LD_ACT = 9, CORE_LD_CFG = 10
};

/* layer ids of a slot (slot = enc * CORE_LPE + id; model slots after the encoders) */
enum {
  CORE_L_LN1 = 0, CORE_L_Q = 1, CORE_L_K = 2, CORE_L_V = 3, CORE_L_QK = 4, CORE_L_SOFTMAX = 5,
  CORE_L_SV = 6, CORE_L_OUT = 7, CORE_L_RES1 = 8, CORE_L_LN2 = 9, CORE_L_FC1 = 10,
  CORE_L_GELU = 11, CORE_L_FC2 = 12, CORE_L_RES2 = 13, CORE_L_TB_LN = 14, CORE_L_TB_FC1 = 15,
  CORE_L_TB_GELU = 16, CORE_L_TB_FC2 = 17, CORE_L_KW = 18, CORE_L_VW = 19, CORE_LPE = 20
};
enum { CORE_M_PATCH = 0, CORE_M_POS = 1, CORE_M_FINAL_LN = 2, CORE_M_HEAD = 3 };

/* activation roles (regions) */
enum { CORE_R_PATCH = 16, CORE_R_PE = 17, CORE_R_POS = 18, CORE_NROLE = 19 };

/* model-level op codes (the controller contract's) */
enum {
  CORE_OP_PATCH_EMBED = CTRL_OP_PATCH_EMBED, CORE_OP_POS_EMBED = CTRL_OP_POS_EMBED,
  CORE_OP_FINAL_LN = CTRL_OP_FINAL_LN, CORE_OP_HEAD = CTRL_OP_HEAD
};

typedef struct {
  /* parameters of trex_core */
  int rows, outs, cell_bits, adc_bits, cols_per_adc, differential;
  int n_tiles, lanes, tmax, emax, wmax, hmax, dmax;
  /* derived, as core_exec's localparams */
  int nph, reg, memb, slots, nb;
} core_geom;

void core_geom_derive(core_geom *g);

int core_check(const model_int *m, const ctrl_schedule *s, const core_geom *g, trex_err *err);

/* One load-port write: data holds ceil(outs*8/32) little-endian words. */
typedef void (*core_wr_fn)(void *ctx, uint32_t addr, const uint32_t *data);

typedef struct {
  int static_tiles, dynamic_tiles, total_tiles;
  int kw_base, vw_base, patch_base, head_base;
} core_map;

int core_load(const model_int *m, const ctrl_schedule *s, const core_geom *g, core_wr_fn wr,
              void *ctx, core_map *map, trex_err *err);

/* The patch vectors of one image (enc_patches) into the patch region. */
void core_load_image(const model_int *m, const core_geom *g, const int8_t *image, core_wr_fn wr,
                     void *ctx);

/* Slot of (encoder, layer id) and of a model-level layer. */
int core_slot(const core_geom *g, int enc, int layer);
int core_mslot(const core_geom *g, int mlayer);

/* Name of an op code (ctrl_op_name; "?" when unknown). */
const char *core_op_name(int op);

#endif
