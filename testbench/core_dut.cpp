// core_dut.cpp: thin C shim around the Verilated trex_core (see core_dut.h).
#include "core_dut.h"

#include <verilated.h>
#if VM_TRACE
#include <verilated_fst_c.h>
#endif

#include "Vtrex_core.h"
#include "vl_port.h"

struct core_dut {
  VerilatedContext ctx;
  Vtrex_core *top;
  uint64_t t;
#if VM_TRACE
  VerilatedFstC *fst;
#endif
};

extern "C" {

core_dut *core_dut_new(void) {
  core_dut *d = new core_dut;
  d->t = 0;
#if VM_TRACE
  d->ctx.traceEverOn(true);
  d->fst = nullptr;
#endif
  d->top = new Vtrex_core(&d->ctx);
  Vtrex_core *t = d->top;
  vl_cfg::idle(t);
  t->ld_valid_i = 0;
  t->ld_addr_i = 0;
  t->dbg_addr_i = 0;
  t->out_ready_i = 0;
  t->eval();
  return d;
}

void core_dut_free(core_dut *d) {
  if (!d) return;
  core_dut_trace_close(d);
  vl_top_free(d->top);
  delete d;
}

VL_CFG_DUT_DEFINE(core_dut)
void core_dut_set_ld(core_dut *d, int valid, uint32_t addr, const uint32_t *data) {
  d->top->ld_valid_i = valid ? 1 : 0;
  d->top->ld_addr_i = addr;
  if (data) vl_port::put(d->top->ld_data_i, data);
}

void core_dut_set_out_ready(core_dut *d, int v) { d->top->out_ready_i = v ? 1 : 0; }

#define CORE_DUT_OUTPUT_DEF(type, name) \
  type core_dut_##name(core_dut *d) { return (type)d->top->name##_o; }
CORE_DUT_OUTPUTS(CORE_DUT_OUTPUT_DEF)

uint8_t core_dut_mem(core_dut *d, uint32_t addr) {
  d->top->dbg_addr_i = addr;
  d->top->eval();
  return d->top->dbg_data_o;
}
uint32_t core_dut_ctrl_read(core_dut *d, unsigned addr) { return vl_cfg::read(d->top, addr); }

int core_dut_trace_open(core_dut *d, const char *path) {
#if VM_TRACE
  return vl_trace::open(d->top, &d->fst, path);
#else
  (void)d;
  (void)path;
  return -1;
#endif
}

void core_dut_trace_close(core_dut *d) {
#if VM_TRACE
  vl_trace::close(&d->fst);
#else
  (void)d;
#endif
}

void core_dut_tick(core_dut *d) {
  d->top->clk_i = 1;
  d->top->eval();
#if VM_TRACE
  if (d->fst) d->fst->dump(2 * d->t);
#endif
  d->top->clk_i = 0;
  d->top->eval();
#if VM_TRACE
  if (d->fst) d->fst->dump(2 * d->t + 1);
#endif
  d->t++;
}

uint64_t core_dut_time(core_dut *d) { return d->t; }

}  // extern "C"
