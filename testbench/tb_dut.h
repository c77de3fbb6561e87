/* tb_dut: the C view of one Verilated xbar_tile (the only C++ in the
 * testbench lives behind this header, in tb_dut.cpp).
 *
 * Multi-bit ports are passed as little-endian arrays of 32-bit words (bit k
 * of the port is bit k%32 of word k/32); unused high bits must be zero. */
#ifndef TB_DUT_H
#define TB_DUT_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tb_dut tb_dut;

tb_dut *tb_dut_new(void);
void tb_dut_free(tb_dut *d);

/* Opens an FST waveform; every later tick is dumped while dumping is on. */
int tb_dut_trace_open(tb_dut *d, const char *path);
void tb_dut_trace_enable(tb_dut *d, int on);
void tb_dut_trace_close(tb_dut *d);

/* Writes the line/toggle coverage data of a coverage build (verilated with
 * --coverage-*: testbench/dut_cov.h) to path; -1 in any other build or when
 * path cannot be written. */
int tb_dut_cov_write(tb_dut *d, const char *path);
/* 1 in a coverage build. */
int tb_dut_has_cov(void);

void tb_dut_set_srst_n(tb_dut *d, int srst_n);
void tb_dut_set_wr(tb_dut *d, int en, int row, const uint32_t *data);
void tb_dut_set_in(tb_dut *d, int valid, const uint32_t *data);
void tb_dut_set_out_ready(tb_dut *d, int ready);
int tb_dut_in_ready(tb_dut *d);
int tb_dut_out_valid(tb_dut *d);
void tb_dut_get_out(tb_dut *d, uint32_t *data);

/* One clock cycle: a rising edge that samples the inputs set since the last
 * tick, then the falling half. The tile's outputs are registered, so
 * tb_dut_out_valid/get_out read after a tick are those after the edge;
 * tb_dut_in_ready evaluates first and is safe after input changes. */
void tb_dut_tick(tb_dut *d);

#ifdef __cplusplus
}
#endif

#endif
