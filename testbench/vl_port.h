// vl_port.h: moving a Verilated port's bits to and from little-endian
// 32-bit words (bit k of the port is bit k%32 of word k/32), whatever type
// Verilator gave the port (CData, SData, IData, QData or VlWide). Shared by
// the tile testbench's shim (tb_dut.cpp) and the benchmark's bare loop
// (bench/bench_bare.cpp).
#ifndef VL_PORT_H
#define VL_PORT_H

#include <verilated.h>

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

#endif
