/* ctrl_tb: the controller testbench's parts (tb_ctrl, make sim-ctrl) and
 * what they share:
 *   ctrl_tb_run.c   one configuration: the driver (register image, idle
 *                   edges, start, random desc_ready), the monitor (a held
 *                   descriptor does not change) and the scoreboard (every
 *                   descriptor, the status and the counters against
 *                   ctrl_schedule_build)
 *   ctrl_tb_cfg.c   the configurations: a second chip, random legal and
 *                   illegal ones, the directed walks (docs/controller.md,
 *                   "Verification")
 *   ctrl_tb_main.c  options and the sets a run goes through */
#ifndef CTRL_TB_H
#define CTRL_TB_H

#include <stdint.h>

#include "ctrl_dut.h"
#include "ctrl_regimg.h"
#include "ctrl_schedule.h"
#include "trex_rng.h"

/* Model dimensions as raw register values (illegal ones included). */
typedef struct {
  vit_model m;
  ctrl_chip c;
  ctrl_reuse r;
  double ready_p; /* probability that desc_ready_i is high in a cycle */
  char label[96];
  /* directed: values written into the source registers of the encoders
   * that do not reuse (bit e of spare_mask set: 0x40 + e = spare_src[e]);
   * the register map says the controller ignores them */
  uint64_t spare_mask;
  uint32_t spare_src[64];
  /* directed: the chip figures written to registers 0x08..0x0c after the
   * image, values no tile has (outs 65535, a bit past 65535, 0, ...); the
   * model computes with them or gives the chip error
   * (ctrl_schedule_build_figures). fig_set 0: the tile's */
  int fig_set;
  ctrl_figures fig;
  /* directed: a register write (start_addr, start_val) in the cycle of the
   * start, which the controller ignores (docs/controller.md, ports), so
   * the expected run is the configuration's own. start_wr 0: none */
  int start_wr;
  unsigned start_addr;
  uint32_t start_val;
} tb_cfg;

/* The figure of f held by register addr (CTRL_REG_ROWS .. CTRL_REG_CELLS_PER_W,
 * in that order); NULL for any other address. */
static inline int64_t *ctrl_tb_fig(ctrl_figures *f, unsigned addr) {
  int64_t *at[] = {&f->rows, &f->outs, &f->per_mvm, &f->adc_per_mvm, &f->cells_per_w};
  return addr >= CTRL_REG_ROWS && addr <= CTRL_REG_CELLS_PER_W ? at[addr - CTRL_REG_ROWS] : NULL;
}

typedef struct {
  long configs, legal, illegal, descs, divergences;
  long cycles;  /* edges of the last run, start edge to done or error */
  int zero_cov; /* zero the toggle counters after the register writes */
  /* idle edges between the last register write and start, 0..3 from this
   * stream (its own, so neither the configurations nor the back-pressure
   * depend on it); NULL: none. Registers must hold their value whatever
   * the phase at which the sequencer reads them. */
  trex_rng *idle;
  long by_status[CTRL_N_STATUS];
} tb_stats;

/* Runs one configuration; 0 when RTL and model agree, else -1 after the
 * divergence report (stderr). rng draws desc_ready. */
int ctrl_tb_run(ctrl_dut *d, trex_rng *rng, const tb_cfg *t, tb_stats *st);

/* The second chip of the built-in set (128 x 16 differential tile,
 * par_tiles 16, unequal lanes). */
ctrl_chip ctrl_tb_other_chip(void);
/* Random configuration n (about a third illegal, one defect each). */
void ctrl_tb_random(trex_rng *g, long n, tb_cfg *t);
/* The directed sets; 0 when all agree. bp: back-pressure, dg: the deep
 * models' stream. */
int ctrl_tb_walk(ctrl_dut *d, trex_rng *bp, trex_rng *dg, tb_stats *st);

#endif
