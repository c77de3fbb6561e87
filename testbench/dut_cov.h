// dut_cov.h: the one coverage mechanism of the Verilated testbenches
// (tb_dut.cpp, ctrl_dut.cpp, units_dut.cpp). A model verilated with --coverage-* (the
// coverage build of make regress, the controller's gate-level replay:
// scripts/verilate.sh --coverage) defines VM_COVERAGE=1; these helpers then
// zero and write the context's coverage data (Verilator's format). In any
// other build they return -1, so a testbench option that needs coverage
// fails with a clear message instead of writing nothing.
#ifndef DUT_COV_H
#define DUT_COV_H

#include <verilated.h>
#if VM_COVERAGE
#include <verilated_cov.h>
#endif

#include <cstdio>

namespace dut_cov {

// 1 in a coverage build.
inline int enabled() { return VM_COVERAGE ? 1 : 0; }

inline int zero(VerilatedContext &ctx) {
#if VM_COVERAGE
  ctx.coveragep()->zero();
  return 0;
#else
  (void)ctx;
  return -1;
#endif
}

// -1 without coverage or when path cannot be written (Verilator's writer
// does not report errors, so the file is opened once first).
inline int write(VerilatedContext &ctx, const char *path) {
#if VM_COVERAGE
  FILE *f = std::fopen(path, "a");
  if (!f) return -1;
  std::fclose(f);
  ctx.coveragep()->write(path);
  return 0;
#else
  (void)ctx;
  (void)path;
  return -1;
#endif
}

}  // namespace dut_cov

#endif
