// many_main: drives the bench-only top bench/many/xbar_many.sv (N tiles,
// BUSY of them computing) for a number of clock cycles and reports the
// simulation rate (scripts/bench-many.sh, docs/performance.md "Many tiles").
//   many --cycles C --busy B
// Prints one JSON object: n, busy, cycles, cpu_s (process CPU time, all
// threads), wall_s, cycles_per_cpu_s, cycles_per_wall_s, results (of tile 0),
// mvm_per_cpu_s and mvm_per_wall_s (busy tiles x results of tile 0), sig
// (signature of every tile's results: equal for every build of the same RTL).
#include <time.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <verilated.h>

#include "Vxbar_many.h"

namespace {
double clk(clockid_t id) {
  struct timespec t;
  clock_gettime(id, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}
// busy mask: the first b of n bits
template <typename T>
void set_mask(T &port, int b) {
  port = 0;
  for (int k = 0; k < b; k++) port |= static_cast<T>(1) << k;
}
template <std::size_t W>
void set_mask(VlWide<W> &port, int b) {
  for (std::size_t k = 0; k < W; k++) port[k] = 0;
  for (int k = 0; k < b; k++) port[k / 32] |= 1u << (k % 32);
}
}  // namespace

int main(int argc, char **argv) {
  long cycles = 100000;
  int busy = 4;
  for (int k = 1; k + 1 < argc; k += 2) {
    if (!std::strcmp(argv[k], "--cycles")) cycles = std::atol(argv[k + 1]);
    else if (!std::strcmp(argv[k], "--busy")) busy = std::atoi(argv[k + 1]);
    else cycles = -1;
  }
  VerilatedContext ctx;
  Vxbar_many top(&ctx);
  const int n = XBAR_MANY_N;  // -DXBAR_MANY_N=N, the top's parameter N
  if (cycles < 1 || busy < 0 || busy > n) {
    std::fprintf(stderr, "usage: many --cycles C --busy B (0 <= B <= %d)\n", n);
    return 2;
  }
  set_mask(top.busy_i, busy);
  top.clk_i = 0;
  top.srst_ni = 0;
  auto tick = [&]() {
    top.clk_i = 1;
    top.eval();
    top.clk_i = 0;
    top.eval();
    ctx.timeInc(10);
  };
  tick();
  tick();
  top.srst_ni = 1;
  double c0 = clk(CLOCK_PROCESS_CPUTIME_ID), w0 = clk(CLOCK_MONOTONIC);
  for (long k = 0; k < cycles; k++) tick();
  double cpu = clk(CLOCK_PROCESS_CPUTIME_ID) - c0, wall = clk(CLOCK_MONOTONIC) - w0;
  top.final();
  const double mvms = static_cast<double>(busy) * top.done_o;
  std::printf("{\"n\": %d, \"busy\": %d, \"cycles\": %ld, \"cpu_s\": %.4f, \"wall_s\": %.4f, "
              "\"cycles_per_cpu_s\": %.0f, \"cycles_per_wall_s\": %.0f, \"results\": %u, "
              "\"mvm_per_cpu_s\": %.0f, \"mvm_per_wall_s\": %.0f, \"sig\": \"%08x\"}\n",
              n, busy, cycles, cpu, wall, cycles / cpu, cycles / wall, top.done_o, mvms / cpu,
              mvms / wall, top.sig_o);
  return 0;
}
