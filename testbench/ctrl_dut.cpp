// ctrl_dut.cpp: thin C shim around the Verilated trex_ctrl (see ctrl_dut.h).
#include "ctrl_dut.h"

#include <verilated.h>

#include "Vtrex_ctrl.h"
#include "dut_cov.h"
#include "vl_port.h"

struct ctrl_dut {
  VerilatedContext ctx;
  Vtrex_ctrl *top;
};

extern "C" {

ctrl_dut *ctrl_dut_new(void) {
  ctrl_dut *d = new ctrl_dut;
  d->top = new Vtrex_ctrl(&d->ctx);
  vl_cfg::idle(d->top);
  d->top->desc_ready_i = 0;
  d->top->eval();
  return d;
}

void ctrl_dut_free(ctrl_dut *d) {
  if (!d) return;
  vl_top_free(d->top);
  delete d;
}

VL_CFG_DUT_DEFINE(ctrl_dut)

void ctrl_dut_set_ready(ctrl_dut *d, int r) { d->top->desc_ready_i = r ? 1 : 0; }

int ctrl_dut_desc_valid(ctrl_dut *d) { return d->top->desc_valid_o; }

void ctrl_dut_get_desc(ctrl_dut *d, uint32_t *w) {
  for (int k = 0; k < CTRL_DUT_DESC_WORDS; k++) w[k] = d->top->desc_o[k];
}

int ctrl_dut_busy(ctrl_dut *d) { return d->top->busy_o; }
int ctrl_dut_done(ctrl_dut *d) { return d->top->done_o; }
int ctrl_dut_error(ctrl_dut *d) { return d->top->error_o; }
int ctrl_dut_err_code(ctrl_dut *d) { return d->top->err_code_o; }

uint32_t ctrl_dut_read(ctrl_dut *d, unsigned addr) { return vl_cfg::read(d->top, addr); }

int ctrl_dut_has_cov(void) { return dut_cov::enabled(); }
int ctrl_dut_cov_zero(ctrl_dut *d) { return dut_cov::zero(d->ctx); }
int ctrl_dut_cov_write(ctrl_dut *d, const char *path) { return dut_cov::write(d->ctx, path); }

void ctrl_dut_tick(ctrl_dut *d) {
  d->top->clk_i = 1;
  d->top->eval();
  d->top->clk_i = 0;
  d->top->eval();
  d->ctx.timeInc(10);
}

}  // extern "C"
