// tb_dut.cpp: thin C shim around the Verilated xbar_tile (see tb_dut.h).
#include "tb_dut.h"

#include <verilated.h>
#include <verilated_fst_c.h>

#include "Vxbar_tile.h"
#include "dut_cov.h"
#include "vl_port.h"

struct tb_dut : vl_shell::state<Vxbar_tile> {};

using vl_port::get;
using vl_port::put;

extern "C" {

tb_dut *tb_dut_new(void) {
  tb_dut *d = new tb_dut;
  vl_shell::start(d);
  d->top->wr_en_i = 0;
  d->top->in_valid_i = 0;
  d->top->out_ready_i = 0;
  d->top->eval();
  return d;
}

void tb_dut_free(tb_dut *d) { vl_shell::free(d); }

int tb_dut_trace_open(tb_dut *d, const char *path) { return vl_trace::open(d->top, &d->fst, path); }

void tb_dut_trace_enable(tb_dut *d, int on) { d->dumping = on; }

void tb_dut_trace_close(tb_dut *d) { vl_trace::close(&d->fst); }

int tb_dut_has_cov(void) { return dut_cov::enabled(); }
int tb_dut_cov_write(tb_dut *d, const char *path) { return dut_cov::write(d->ctx, path); }

void tb_dut_set_srst_n(tb_dut *d, int v) { d->top->srst_ni = v ? 1 : 0; }

void tb_dut_set_wr(tb_dut *d, int en, int row, const uint32_t *data) {
  d->top->wr_en_i = en ? 1 : 0;
  d->top->wr_row_i = static_cast<uint32_t>(row);
  if (data) put(d->top->wr_data_i, data);
}

void tb_dut_set_in(tb_dut *d, int valid, const uint32_t *data) {
  d->top->in_valid_i = valid ? 1 : 0;
  if (data) put(d->top->in_data_i, data);
}

void tb_dut_set_out_ready(tb_dut *d, int r) { d->top->out_ready_i = r ? 1 : 0; }

int tb_dut_in_ready(tb_dut *d) {
  d->top->eval();
  return d->top->in_ready_o;
}

// Outputs are registered and were evaluated at the end of the last tick.
int tb_dut_out_valid(tb_dut *d) { return d->top->out_valid_o; }

void tb_dut_get_out(tb_dut *d, uint32_t *data) { get(d->top->out_data_o, data); }

void tb_dut_tick(tb_dut *d) { vl_shell::tick(d); }

}  // extern "C"
