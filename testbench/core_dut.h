/* core_dut: the C view of one Verilated trex_core (the accelerator top,
 * docs/core.md). The only C++ of the core testbench lives behind this
 * header, in core_dut.cpp. */
#ifndef CORE_DUT_H
#define CORE_DUT_H

#include <stdint.h>

#include "vl_port.h"

#ifdef __cplusplus
extern "C" {
#endif

/* core_dut_new, _free, _set_srst_n, _set_cfg, _set_start (vl_port.h) */
VL_CFG_DUT_DECLARE(core_dut)

/* inputs for the next edge (held until changed) */
void core_dut_set_ld(core_dut *d, int valid, uint32_t addr, const uint32_t *data);
void core_dut_set_out_ready(core_dut *d, int v);

/* outputs as after the last edge: core_dut_NAME(d) is port NAME_o, of the
 * type given */
#define CORE_DUT_OUTPUTS(X)                                                       \
  /* the load port; the controller's and the execution unit's status */           \
  X(int, ld_ready) X(int, ctrl_busy) X(int, ctrl_done) X(int, ctrl_error)         \
  X(int, exec_idle) X(int, exec_err)                                              \
  /* an op done: its encoder, code, cycles and destination */                     \
  X(int, op_done) X(int, op_enc) X(int, op_code) X(uint32_t, op_cycles)           \
  X(uint32_t, op_dst)                                                             \
  /* the output port: a beat (logit out_data at out_idx, the class, last) */      \
  X(int, out_valid) X(int32_t, out_data) X(int, out_idx) X(int, out_last)         \
  X(int, out_class)
#define CORE_DUT_OUTPUT_DECL(type, name) type core_dut_##name(core_dut *d);
CORE_DUT_OUTPUTS(CORE_DUT_OUTPUT_DECL)

/* combinational read ports (set the address, evaluate, read) */
uint8_t core_dut_mem(core_dut *d, uint32_t addr);
uint32_t core_dut_ctrl_read(core_dut *d, unsigned addr);

/* FST waveform (builds with --trace): open, close; no-op (-1) otherwise */
int core_dut_trace_open(core_dut *d, const char *path);
void core_dut_trace_close(core_dut *d);

/* one clock cycle: rising edge then falling half */
void core_dut_tick(core_dut *d);
uint64_t core_dut_time(core_dut *d);

#ifdef __cplusplus
}
#endif

#endif
