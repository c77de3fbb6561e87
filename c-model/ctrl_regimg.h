/* ctrl_regimg: the register writes that configure the RTL controller
 * (trex_ctrl, docs/controller.md "Register map") for one model, chip and
 * reuse list, and the stimulus file of its gate-level replay. */
#ifndef CTRL_REGIMG_H
#define CTRL_REGIMG_H

#include <stdint.h>

#include "ctrl_schedule.h"
#include "trex_err.h"

/* Writes of one image: every model, chip and figure register, the reuse-mask
 * words and the source registers of ctrl_contract.def. */
enum {
  CTRL_REG_IMAGE_WRITES = CTRL_REG_SRC_COUNT
#define CTRL_REG_MODEL(id, addr, key, lo, hi) +1
#define CTRL_REG_CHIP(id, addr, key, lo, hi) +1
#define CTRL_REG_FIGURE(id, addr, fn, lo, hi, doc) +1
#define CTRL_REG_MASK(id, addr, lsb) +1
#include "ctrl_contract.def"
};

typedef struct {
  uint8_t addr;
  uint32_t data;
} ctrl_reg_write;

/* Fills w with every configuration write, in register-map order; the three
 * tile figures (cycles per MVM, ADC conversions per MVM, cells per weight)
 * come from the tile cycle model. Sizes are truncated to 32 bits as the
 * registers are. Entries of r outside 0..63 are left out (the RTL's mask
 * cannot express them). Returns the number of writes. */
int ctrl_reg_image(const vit_model *m, const ctrl_chip *c, const ctrl_reuse *r,
                   ctrl_reg_write w[CTRL_REG_IMAGE_WRITES]);

/* 0 when the RTL's registers can express model m; -1 with one line naming
 * the model and what cannot be expressed (per-encoder token counts, weight
 * sharing: the C model only). ctrl_reg_image_save() refuses such models. */
int ctrl_reg_image_check(const vit_model *m, trex_err *err);

/* Writes the replay stimulus for a built schedule s and its reuse list r
 * (all or nothing):
 *   # comment lines
 *   w AA DDDDDDDD     a register write (hex), in order, before start
 *   c J VVVVVVVVVVVVVVVV   counter J (ctrl_totals order) after the run
 *   s N               the status the run ends in (0 done, else the error code)
 *   o N               descriptors issued
 * Fails naming the path. */
int ctrl_reg_image_save(const char *path, const ctrl_schedule *s, const ctrl_reuse *r,
                        trex_err *err);

#endif
