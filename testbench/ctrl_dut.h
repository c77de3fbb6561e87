/* ctrl_dut: the C view of one Verilated trex_ctrl (the attention-reuse
 * controller). The only C++ of the controller testbench lives behind this
 * header, in ctrl_dut.cpp. */
#ifndef CTRL_DUT_H
#define CTRL_DUT_H

#include <stdint.h>

#include "ctrl_contract.h"
#include "vl_port.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CTRL_DUT_DESC_WORDS CTRL_DESC_WORDS /* desc_o, little-endian 32-bit words */

/* ctrl_dut_new, _free, _set_srst_n, _set_cfg, _set_start (vl_port.h) */
VL_CFG_DUT_DECLARE(ctrl_dut)

/* Drive inputs for the next edge (held until changed). */
void ctrl_dut_set_ready(ctrl_dut *d, int ready);

/* Registered outputs, as after the last edge. */
int ctrl_dut_desc_valid(ctrl_dut *d);
void ctrl_dut_get_desc(ctrl_dut *d, uint32_t *w); /* CTRL_DUT_DESC_WORDS words */
int ctrl_dut_busy(ctrl_dut *d);
int ctrl_dut_done(ctrl_dut *d);
int ctrl_dut_error(ctrl_dut *d);
int ctrl_dut_err_code(ctrl_dut *d);

/* Combinational read port: sets rd_addr_i, evaluates, returns rd_data_o. */
uint32_t ctrl_dut_read(ctrl_dut *d, unsigned addr);

/* Coverage (testbench/dut_cov.h), of a model verilated with --coverage-*:
 * the coverage build of make regress, and the switching activity of the
 * gate-level replay of the synthesized netlist. Zero every counter, or write
 * them all (Verilator coverage format) to path. Both return -1 when the
 * model was built without coverage, and the writer -1 when path cannot be
 * written. ctrl_dut_has_cov: 1 in a coverage build. */
int ctrl_dut_has_cov(void);
int ctrl_dut_cov_zero(ctrl_dut *d);
int ctrl_dut_cov_write(ctrl_dut *d, const char *path);

/* One clock cycle: rising edge then falling half. */
void ctrl_dut_tick(ctrl_dut *d);

#ifdef __cplusplus
}
#endif

#endif
