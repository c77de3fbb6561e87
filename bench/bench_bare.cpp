// bench_bare: the floor under any testbench of the Verilated tile -- a bare
// eval loop that only toggles the clock and feeds the same stimulus as
// `tb_xbar --lockstep` (same generator, seeds and batches; weights
// reprogrammed every batch), waiting on in_ready/out_valid like the
// testbench, with no model, no comparison and no bookkeeping. Linked against
// the very Verilated model of build/sim/<id>/obj (mk/70-bench.mk).
//   bench_bare --config FILE --count N [--seed S] [--batch B] [--idle C]
// Prints one JSON object: mvm_per_s (CPU time of the loop), wall_mvm_per_s,
// cycles (equal to tb_xbar's for the same arguments: the same work),
// busy_cycles_per_s (cycles / CPU time); with --idle C also
// idle_cycles_per_s: C clock cycles after the last MVM with the tile idle
// (no input offered, no write), the cost of a tile that is not computing.
#include <time.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <verilated.h>

#include "Vxbar_tile.h"
#include "vl_port.h"

// -DBENCH_RST_NI: a tile RTL from before the reset was named srst_ni
// (make bench with BENCH_TILE_BEFORE=REV of an older revision)
#ifdef BENCH_RST_NI
#define TILE_SRST rst_ni
#else
#define TILE_SRST srst_ni
#endif

extern "C" {
#include "trex_err.h"
#include "xbar_cfg.h"
#include "xbar_vecgen.h"
}

namespace {
using vl_port::low;
using vl_port::put;

// tb_main.c's pack(): little-endian words, `bits` bits per value
void pack(uint32_t *words, int nwords, const int32_t *v, int n, int bits) {
  std::memset(words, 0, sizeof(uint32_t) * static_cast<size_t>(nwords));
  uint32_t mask = bits >= 32 ? 0xffffffffu : (1u << bits) - 1u;
  for (int k = 0; k < n; k++) {
    uint64_t pat = static_cast<uint32_t>(v[k]) & mask;
    long bit = static_cast<long>(k) * bits;
    words[bit / 32] |= static_cast<uint32_t>(pat << (bit % 32));
    if (bit % 32 + bits > 32) words[bit / 32 + 1] |= static_cast<uint32_t>(pat >> (32 - bit % 32));
  }
}

double clk(clockid_t id) {
  struct timespec t;
  clock_gettime(id, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

struct Bare {
  VerilatedContext ctx;
  Vxbar_tile *top;
  uint64_t cycles = 0;
  Bare() : top(new Vxbar_tile(&ctx)) {}
  ~Bare() {
    top->final();
    delete top;
  }
  void tick() {  // the same two evals per cycle as tb_dut_tick()
    top->clk_i = 1;
    top->eval();
    top->clk_i = 0;
    top->eval();
    ctx.timeInc(10);
    cycles++;
  }
};
}  // namespace

int main(int argc, char **argv) {
  const char *cfg_path = nullptr;
  long count = 10000, batch = 4096, idle = 0;
  uint64_t seed = 1;
  for (int k = 1; k + 1 < argc; k += 2) {
    if (!std::strcmp(argv[k], "--config")) cfg_path = argv[k + 1];
    else if (!std::strcmp(argv[k], "--count")) count = std::atol(argv[k + 1]);
    else if (!std::strcmp(argv[k], "--seed")) seed = std::strtoull(argv[k + 1], nullptr, 10);
    else if (!std::strcmp(argv[k], "--batch")) batch = std::atol(argv[k + 1]);
    else if (!std::strcmp(argv[k], "--idle")) idle = std::atol(argv[k + 1]);
    else cfg_path = nullptr, k = argc;
  }
  if (!cfg_path || count < 1 || batch < 1 || idle < 0) {
    std::fprintf(stderr, "usage: bench_bare --config FILE --count N [--seed S] [--batch B] [--idle C]\n");
    return 2;
  }
  trex_err err;
  xbar_cfg c;
  if (xbar_cfg_load(cfg_path, &c, &err)) {
    std::fprintf(stderr, "bench_bare: %s\n", err.msg);
    return 1;
  }
  // stimulus exactly as tb_main.c's stim_prepare(), packed before timing
  const int nw = (c.outs * c.w_bits + 31) / 32 + 1, nx = (c.rows * c.x_bits + 31) / 32 + 1;
  const long nb = (count + batch - 1) / batch;
  std::vector<uint32_t> wpk(static_cast<size_t>(nb) * c.rows * nw), xpk(static_cast<size_t>(count) * nx);
  std::vector<int32_t> w(static_cast<size_t>(c.rows) * c.outs), x(static_cast<size_t>(batch) * c.rows);
  for (long b = 0; b < nb; b++) {
    long v0 = b * batch, n = count - v0 < batch ? count - v0 : batch;
    xbar_vecgen(&c, n, seed * 1000003ULL + static_cast<uint64_t>(b),
                b % 2 ? XBAR_GEN_RANDOM : XBAR_GEN_MIXED, w.data(), x.data());
    for (int i = 0; i < c.rows; i++)
      pack(&wpk[(static_cast<size_t>(b) * c.rows + i) * nw], nw, &w[static_cast<size_t>(i) * c.outs], c.outs, c.w_bits);
    for (long v = 0; v < n; v++)
      pack(&xpk[static_cast<size_t>(v0 + v) * nx], nx, &x[static_cast<size_t>(v) * c.rows], c.rows, c.x_bits);
  }
  Bare d;
  Vxbar_tile *t = d.top;
  uint32_t sum = 0;
  double c0 = clk(CLOCK_PROCESS_CPUTIME_ID), w0 = clk(CLOCK_MONOTONIC);
  t->out_ready_i = 1;
  t->TILE_SRST = 0;
  d.tick();
  d.tick();
  t->TILE_SRST = 1;
  d.cycles = 0;  // tb_main.c counts from after reset too
  for (long v = 0; v < count; v++) {
    if (v % batch == 0) {
      for (int i = 0; i < c.rows; i++) {
        t->wr_en_i = 1;
        t->wr_row_i = static_cast<uint32_t>(i);
        put(t->wr_data_i, &wpk[(static_cast<size_t>(v / batch) * c.rows + i) * nw]);
        d.tick();
      }
      t->wr_en_i = 0;
    }
    t->in_valid_i = 1;
    put(t->in_data_i, &xpk[static_cast<size_t>(v) * nx]);
    for (;;) {
      t->eval();
      if (t->in_ready_o) break;
      d.tick();
    }
    d.tick();  // accept edge
    t->in_valid_i = 0;
    while (!t->out_valid_o) d.tick();
    sum += low(t->out_data_o);
    d.tick();  // output taken
  }
  double cpu = clk(CLOCK_PROCESS_CPUTIME_ID) - c0, wall = clk(CLOCK_MONOTONIC) - w0;
  const uint64_t busy_cycles = d.cycles;
  // idle: the clock runs, nothing is offered or written
  t->in_valid_i = 0;
  t->wr_en_i = 0;
  double i0 = clk(CLOCK_PROCESS_CPUTIME_ID);
  for (long k = 0; k < idle; k++) d.tick();
  double icpu = clk(CLOCK_PROCESS_CPUTIME_ID) - i0;
  char idle_rate[64] = "null";
  if (idle > 0) std::snprintf(idle_rate, sizeof idle_rate, "%.0f", idle / icpu);
  std::printf("{\"count\": %ld, \"cycles\": %llu, \"cpu_s\": %.4f, \"mvm_per_s\": %.1f, "
              "\"wall_mvm_per_s\": %.1f, \"busy_cycles_per_s\": %.0f, \"idle_cycles\": %ld, "
              "\"idle_cycles_per_s\": %s, \"checksum\": %u}\n",
              count, static_cast<unsigned long long>(busy_cycles), cpu, count / cpu, count / wall,
              busy_cycles / cpu, idle, idle_rate, sum);
  return 0;
}
