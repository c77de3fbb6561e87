// vl_port.h: what the C shims around the Verilated models share (tb_dut.cpp,
// units_dut.cpp, core_dut.cpp; the benchmark's bare loop,
// bench/bench_bare.cpp):
// - vl_port: moving a Verilated port's bits to and from little-endian
//   32-bit words (bit k of the port is bit k%32 of word k/32), whatever type
//   Verilator gave the port (CData, SData, IData, QData or VlWide);
// - vl_trace: opening and closing the FST waveform of a model (a build with
//   --trace-fst defines VM_TRACE=1; without it, opening fails with -1);
// - vl_top_free: the model's final() and its deletion.
#ifndef VL_PORT_H
#define VL_PORT_H

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

#endif
