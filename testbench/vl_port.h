// vl_port.h: what the C shims around the Verilated models share (tb_dut.cpp,
// units_dut.cpp, core_dut.cpp; the benchmark's bare loop,
// bench/bench_bare.cpp):
// - vl_port: moving a Verilated port's bits to and from little-endian
//   32-bit words (bit k of the port is bit k%32 of word k/32), whatever type
//   Verilator gave the port (CData, SData, IData, QData or VlWide);
// - vl_trace: opening and closing the FST waveform of a model (a build with
//   --trace-fst defines VM_TRACE=1; without it, opening fails with -1);
// - vl_top_free: the model's final() and its deletion;
// - vl_cfg: the controller's register port (trex_ctrl's, and trex_core's,
//   which passes it through: srst_ni, cfg_*, start_i, rd_addr_i/rd_data_o),
//   driven the same way by ctrl_dut.cpp and core_dut.cpp;
// - vl_shell: the state a shim keeps around a model with a clk_i input
//   (context, model, waveform, time) and its creation, deletion and clock
//   period, the same in tb_dut.cpp and units_dut.cpp.
// The C functions of a shim `dut` (struct dut, with the model in its member
// top) around a top with the controller's register port: declared in the
// shim's C header by VL_CFG_DUT_DECLARE(dut) (this part is C, read by the C
// testbenches), defined in its C++ by VL_CFG_DUT_DEFINE(dut) (below):
//   dut *dut_new(void), void dut_free(dut *d): the shim's own;
//   dut_set_srst_n(d, v), dut_set_cfg(d, we, addr, data) (a register write,
//   we 1, or none), dut_set_start(d, v): inputs for the next edge, held
//   until changed.
#ifndef VL_PORT_H
#define VL_PORT_H

#include <stdint.h>

#define VL_CFG_DUT_DECLARE(dut)                                     \
  typedef struct dut dut;                                           \
  dut *dut##_new(void);                                             \
  void dut##_free(dut *d);                                          \
  void dut##_set_srst_n(dut *d, int v);                             \
  void dut##_set_cfg(dut *d, int we, unsigned addr, uint32_t data); \
  void dut##_set_start(dut *d, int v);

#ifdef __cplusplus
#include <verilated.h>
#if VM_TRACE
#include <verilated_fst_c.h>
#else
class VerilatedFstC;  // a build without --trace-fst has no waveforms
#endif

#include <cstddef>
#include <cstdint>

namespace vl_port {

template <typename T>
void put(T &port, const uint32_t *w) {
  if (sizeof(T) > 4)
    port = static_cast<T>(static_cast<uint64_t>(w[0]) | (static_cast<uint64_t>(w[1]) << 32));
  else
    port = static_cast<T>(w[0]);
}
template <std::size_t N>
void put(VlWide<N> &port, const uint32_t *w) {
  for (std::size_t k = 0; k < N; k++) port[k] = w[k];
}
template <typename T>
void get(const T &port, uint32_t *w) {
  uint64_t v = static_cast<uint64_t>(port);
  w[0] = static_cast<uint32_t>(v);
  if (sizeof(T) > 4) w[1] = static_cast<uint32_t>(v >> 32);
}
template <std::size_t N>
void get(const VlWide<N> &port, uint32_t *w) {
  for (std::size_t k = 0; k < N; k++) w[k] = port[k];
}
// the lowest word only
template <typename T>
uint32_t low(const T &port) { return static_cast<uint32_t>(port); }
template <std::size_t N>
uint32_t low(const VlWide<N> &port) { return port[0]; }

}  // namespace vl_port

namespace vl_trace {

// Opens path as top's FST waveform into *fst (closing an open one first):
// 0, or -1 when the file cannot be opened (*fst stays NULL) or the model was
// built without --trace-fst.
inline void close(VerilatedFstC **fst);
template <typename Top>
int open(Top *top, VerilatedFstC **fst, const char *path) {
  close(fst);
#if VM_TRACE
  *fst = new VerilatedFstC;
  top->trace(*fst, 99);
  (*fst)->open(path);
  if (!(*fst)->isOpen()) {
    delete *fst;
    *fst = nullptr;
    return -1;
  }
  return 0;
#else
  (void)top;
  (void)path;
  return -1;
#endif
}

// Closes and frees *fst if open; *fst is NULL after.
inline void close(VerilatedFstC **fst) {
#if VM_TRACE
  if (*fst) {
    (*fst)->close();
    delete *fst;
  }
#endif
  *fst = nullptr;
}

}  // namespace vl_trace

// Ends a model's simulation (its final blocks) and deletes it.
template <typename Top>
void vl_top_free(Top *top) {
  top->final();
  delete top;
}

namespace vl_cfg {

// The register port idle: no write, address and data 0, no start, read
// address 0 (a new model's inputs, with clk_i low and srst_ni asserted).
template <typename Top>
void idle(Top *top) {
  top->clk_i = 0;
  top->srst_ni = 0;
  top->cfg_we_i = 0;
  top->cfg_addr_i = 0;
  top->cfg_wdata_i = 0;
  top->start_i = 0;
  top->rd_addr_i = 0;
}

// A register write (we 1) or none (we 0) for the next edge, held until changed.
template <typename Top>
void write(Top *top, int we, unsigned addr, uint32_t data) {
  top->cfg_we_i = we ? 1 : 0;
  top->cfg_addr_i = addr & 0xffu;
  top->cfg_wdata_i = data;
}

// The combinational read port: sets rd_addr_i, evaluates, returns rd_data_o.
template <typename Top>
uint32_t read(Top *top, unsigned addr) {
  top->rd_addr_i = addr & 0xffu;
  top->eval();
  return top->rd_data_o;
}

}  // namespace vl_cfg

#define VL_CFG_DUT_DEFINE(dut)                                          \
  void dut##_set_srst_n(dut *d, int v) { d->top->srst_ni = v ? 1 : 0; } \
  void dut##_set_cfg(dut *d, int we, unsigned addr, uint32_t data) {    \
    vl_cfg::write(d->top, we, addr, data);                              \
  }                                                                     \
  void dut##_set_start(dut *d, int v) { d->top->start_i = v ? 1 : 0; }

namespace vl_shell {

// What a shim holds: a struct of its own derives from it (adding fields).
template <typename Top>
struct state {
  using top_type = Top;
  VerilatedContext ctx;
  Top *top;
  VerilatedFstC *fst;  // open waveform, or NULL
  int dumping;         // dump while 1 (a window of the run)
  uint64_t t;          // simulated time, 10 units a clock period
};

// Makes the model in d (trace-capable context, no waveform, time 0) with
// the clock low and the synchronous reset srst_ni asserted; the caller then
// sets its other inputs and evaluates.
template <typename S>
void start(S *d) {
  d->ctx.traceEverOn(true);
  d->top = new typename S::top_type(&d->ctx);
  d->fst = nullptr;
  d->dumping = 0;
  d->t = 0;
  d->top->clk_i = 0;
  d->top->srst_ni = 0;
}

// Closes the waveform, ends the model's simulation and deletes d (NULL: nothing).
template <typename S>
void free(S *d) {
  if (!d) return;
  vl_trace::close(&d->fst);
  vl_top_free(d->top);
  delete d;
}

// One clock period: the inputs settled and dumped before the rising edge
// (when dumping), the edge at t+5 (evaluated, dumped), the falling edge at
// t+10 (evaluated); the context's time advances by 10.
template <typename S>
void tick(S *d) {
#if VM_TRACE
  if (d->fst && d->dumping) {
    d->top->eval();  // settle the new inputs so the waveform shows them
    d->fst->dump(d->t);
  }
#endif
  d->t += 5;
  d->top->clk_i = 1;
  d->top->eval();
#if VM_TRACE
  if (d->fst && d->dumping) d->fst->dump(d->t);
#endif
  d->t += 5;
  d->top->clk_i = 0;
  d->top->eval();
  d->ctx.timeInc(10);
}

}  // namespace vl_shell

#endif  // __cplusplus

#endif
