// tb_dut_cov.cpp: the tile testbench shim of the Verilator coverage build
// (make regress, build/regress/covsim/): testbench/tb_dut.cpp plus the one
// function that writes the context's line/toggle coverage data. The normal
// build does not link this file (tb_main.c sees a NULL weak symbol).
#include "tb_dut.cpp"

extern "C" int tb_dut_cov_write(tb_dut *d, const char *path) {
  d->ctx.coveragep()->write(path);
  return 0;
}
