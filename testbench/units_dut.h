/* units_dut: the C view of one Verilated digital unit of the integer
 * encoder (rtl/enc_softmax.sv, enc_layernorm.sv, enc_gelu.sv,
 * enc_requant.sv, enc_add.sv). testbench/units_dut.cpp is compiled once per
 * unit with -DUD_TOP_<UNIT>; the only C++ of the units testbench lives there.
 *
 * Ports are named by ud_port; a unit without the port ignores a put and
 * fails a get. Multi-bit ports are little-endian arrays of 32-bit words
 * (bit k of the port is bit k%32 of word k/32); unused high bits must be 0. */
#ifndef UNITS_DUT_H
#define UNITS_DUT_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { UD_SOFTMAX, UD_LAYERNORM, UD_GELU, UD_REQUANT, UD_ADD, UD_NUNITS } ud_unit;

typedef enum {
  /* inputs */
  UDP_IN_VALID,  /* in_valid_i */
  UDP_IN_DATA,   /* in_data_i; requant in_acc_i; add in_a_i */
  UDP_IN_B,      /* requant in_bias_i; add in_b_i */
  UDP_LEN,       /* len_i (softmax, layernorm) */
  UDP_EPS,       /* eps_q_i (layernorm) */
  UDP_SHIFT,     /* shift_i (layernorm, requant, add) */
  UDP_M,         /* requant m_i; add ma_i */
  UDP_MB,        /* add mb_i */
  UDP_GB_VALID,  /* gb_valid_i (layernorm) */
  UDP_GB_G,      /* gb_g_i */
  UDP_GB_B,      /* gb_b_i */
  UDP_OUT_READY, /* out_ready_i */
  UDP_LUT_WE,    /* lut_we_i (softmax, gelu) */
  UDP_LUT_ADDR,  /* lut_addr_i */
  UDP_LUT_DATA,  /* lut_data_i */
  /* outputs */
  UDP_IN_READY,  /* in_ready_o */
  UDP_OUT_VALID, /* out_valid_o */
  UDP_OUT_DATA,  /* out_data_o */
  UDP_GB_READY,  /* gb_ready_o */
  UDP_IDLE,      /* idle_o (softmax, layernorm) */
  UDP_NPORTS
} ud_port;

typedef struct ud ud;

/* The unit this object was compiled for. */
ud_unit ud_compiled_unit(void);

ud *ud_new(void);
void ud_free(ud *d);

/* FST waveform: every later tick is dumped while dumping is on. */
int ud_trace_open(ud *d, const char *path);
void ud_trace_enable(ud *d, int on);
void ud_trace_close(ud *d);

void ud_set_rst_n(ud *d, int rst_n);

/* Drives an input port for the next edge (held until changed). Returns -1
 * when the unit has no such port. */
int ud_put(ud *d, ud_port p, const uint32_t *w);
int ud_put1(ud *d, ud_port p, uint32_t v); /* a port of at most 32 bits */

/* Reads an output port after settling the inputs driven since the last
 * tick (in_ready_o and gb_ready_o are combinational). -1: no such port. */
int ud_get(ud *d, ud_port p, uint32_t *w);
uint32_t ud_get1(ud *d, ud_port p); /* a 1-bit port; 0 when absent */

/* One clock cycle: the rising edge that samples the inputs, then the
 * falling half. */
void ud_tick(ud *d);

/* Toggle activity of a --coverage-toggle build (the gate-level replay of
 * make synth): zero every counter, or write them (Verilator coverage
 * format). -1 when built without coverage or path cannot be written. */
int ud_cov_zero(ud *d);
int ud_cov_write(ud *d, const char *path);

#ifdef __cplusplus
}
#endif

#endif
