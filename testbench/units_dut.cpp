// units_dut.cpp: thin C shim around one Verilated unit (see units_dut.h).
// Compiled with exactly one of -DUD_TOP_SOFTMAX, -DUD_TOP_LAYERNORM,
// -DUD_TOP_GELU, -DUD_TOP_REQUANT, -DUD_TOP_ADD.
#include "units_dut.h"
#include "dut_cov.h"
#include "vl_port.h"

#include <verilated.h>

#if defined(UD_TOP_SOFTMAX)
#include "Venc_softmax.h"
typedef Venc_softmax Vtop;
#define UD_THIS UD_SOFTMAX
#elif defined(UD_TOP_LAYERNORM)
#include "Venc_layernorm.h"
typedef Venc_layernorm Vtop;
#define UD_THIS UD_LAYERNORM
#elif defined(UD_TOP_GELU)
#include "Venc_gelu.h"
typedef Venc_gelu Vtop;
#define UD_THIS UD_GELU
#elif defined(UD_TOP_REQUANT)
#include "Venc_requant.h"
typedef Venc_requant Vtop;
#define UD_THIS UD_REQUANT
#elif defined(UD_TOP_ADD)
#include "Venc_add.h"
typedef Venc_add Vtop;
#define UD_THIS UD_ADD
#else
#error "units_dut.cpp: define one of UD_TOP_SOFTMAX, UD_TOP_LAYERNORM, UD_TOP_GELU, UD_TOP_REQUANT, UD_TOP_ADD"
#endif

struct ud : vl_shell::state<Vtop> {
  int dirty;  // an input changed since the last eval
};

namespace {
using vl_port::get;
using vl_port::put;

void settle(ud *d) {
  if (d->dirty) {
    d->top->eval();
    d->dirty = 0;
  }
}
}  // namespace

#define PUT(P, M)         \
  case P:                 \
    put(d->top->M, w);    \
    d->dirty = 1;         \
    return 0;
#define GET(P, M)      \
  case P:              \
    settle(d);         \
    get(d->top->M, w); \
    return 0;

extern "C" {

ud_unit ud_compiled_unit(void) { return UD_THIS; }

ud *ud_new(void) {
  ud *d = new ud;
  vl_shell::start(d);
  d->top->in_valid_i = 0;
  d->top->out_ready_i = 0;
#if defined(UD_TOP_SOFTMAX) || defined(UD_TOP_GELU)
  d->top->lut_we_i = 0;
#endif
#if defined(UD_TOP_LAYERNORM)
  d->top->gb_valid_i = 0;
#endif
  d->top->eval();
  d->dirty = 0;
  return d;
}

void ud_free(ud *d) { vl_shell::free(d); }

int ud_trace_open(ud *d, const char *path) { return vl_trace::open(d->top, &d->fst, path); }

void ud_trace_enable(ud *d, int on) { d->dumping = on; }

void ud_trace_close(ud *d) { vl_trace::close(&d->fst); }

void ud_set_rst_n(ud *d, int v) {
  d->top->srst_ni = v ? 1 : 0;
  d->dirty = 1;
}

int ud_put(ud *d, ud_port p, const uint32_t *w) {
  switch (p) {
    PUT(UDP_IN_VALID, in_valid_i)
    PUT(UDP_OUT_READY, out_ready_i)
#if defined(UD_TOP_REQUANT)
    PUT(UDP_IN_DATA, in_acc_i)
    PUT(UDP_IN_B, in_bias_i)
#elif defined(UD_TOP_ADD)
    PUT(UDP_IN_DATA, in_a_i)
    PUT(UDP_IN_B, in_b_i)
#else
    PUT(UDP_IN_DATA, in_data_i)
#endif
#if defined(UD_TOP_SOFTMAX) || defined(UD_TOP_LAYERNORM)
    PUT(UDP_LEN, len_i)
#endif
#if defined(UD_TOP_LAYERNORM)
    PUT(UDP_EPS, eps_q_i)
    PUT(UDP_GB_VALID, gb_valid_i)
    PUT(UDP_GB_G, gb_g_i)
    PUT(UDP_GB_B, gb_b_i)
#endif
#if defined(UD_TOP_LAYERNORM) || defined(UD_TOP_REQUANT) || defined(UD_TOP_ADD)
    PUT(UDP_SHIFT, shift_i)
#endif
#if defined(UD_TOP_REQUANT)
    PUT(UDP_M, m_i)
#elif defined(UD_TOP_ADD)
    PUT(UDP_M, ma_i)
    PUT(UDP_MB, mb_i)
#endif
#if defined(UD_TOP_SOFTMAX) || defined(UD_TOP_GELU)
    PUT(UDP_LUT_WE, lut_we_i)
    PUT(UDP_LUT_ADDR, lut_addr_i)
    PUT(UDP_LUT_DATA, lut_data_i)
#endif
    default: return -1;
  }
}

int ud_put1(ud *d, ud_port p, uint32_t v) {
  uint32_t w[2] = {v, 0};
  return ud_put(d, p, w);
}

int ud_get(ud *d, ud_port p, uint32_t *w) {
  switch (p) {
    GET(UDP_IN_READY, in_ready_o)
    GET(UDP_OUT_VALID, out_valid_o)
    GET(UDP_OUT_DATA, out_data_o)
#if defined(UD_TOP_LAYERNORM)
    GET(UDP_GB_READY, gb_ready_o)
#endif
#if defined(UD_TOP_SOFTMAX) || defined(UD_TOP_LAYERNORM)
    GET(UDP_IDLE, idle_o)
#endif
    default: return -1;
  }
}

uint32_t ud_get1(ud *d, ud_port p) {
  uint32_t w[2] = {0, 0};
  if (ud_get(d, p, w)) return 0;
  return w[0] & 1u;
}

void ud_tick(ud *d) {
  vl_shell::tick(d);
  d->dirty = 0;
}

int ud_cov_zero(ud *d) { return dut_cov::zero(d->ctx); }

int ud_cov_write(ud *d, const char *path) { return dut_cov::write(d->ctx, path); }

}  // extern "C"
