/* core_dut: the C view of one Verilated trex_core (the accelerator top,
 * docs/core.md). The only C++ of the core testbench lives behind this
 * header, in core_dut.cpp. */
#ifndef CORE_DUT_H
#define CORE_DUT_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct core_dut core_dut;

core_dut *core_dut_new(void);
void core_dut_free(core_dut *d);

/* inputs for the next edge (held until changed) */
void core_dut_set_rst_n(core_dut *d, int v);
void core_dut_set_cfg(core_dut *d, int we, unsigned addr, uint32_t data);
void core_dut_set_start(core_dut *d, int v);
void core_dut_set_ld(core_dut *d, int valid, uint32_t addr, const uint32_t *data);
void core_dut_set_out_ready(core_dut *d, int v);

/* outputs as after the last edge */
int core_dut_ld_ready(core_dut *d);
int core_dut_ctrl_busy(core_dut *d);
int core_dut_ctrl_done(core_dut *d);
int core_dut_ctrl_error(core_dut *d);
int core_dut_exec_idle(core_dut *d);
int core_dut_exec_err(core_dut *d);
int core_dut_op_done(core_dut *d);
int core_dut_op_enc(core_dut *d);
int core_dut_op_code(core_dut *d);
uint32_t core_dut_op_cycles(core_dut *d);
uint32_t core_dut_op_dst(core_dut *d);
/* the output port: a beat (logit out_data at out_idx, the class, last) */
int core_dut_out_valid(core_dut *d);
int32_t core_dut_out_data(core_dut *d);
int core_dut_out_idx(core_dut *d);
int core_dut_out_last(core_dut *d);
int core_dut_out_class(core_dut *d);

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
