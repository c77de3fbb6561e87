// ctrl_dut_cov.cpp: the controller testbench shim of the Verilator coverage
// build (make regress): testbench/ctrl_dut.cpp, whose ctrl_dut_free first
// writes the line/toggle/user coverage data to $TREX_RTL_COV (default
// coverage.dat). The normal build (mk/20-ctrl.mk) does not link this file.
#define ctrl_dut_free ctrl_dut_free_plain
#include "ctrl_dut.cpp"
#undef ctrl_dut_free

extern "C" void ctrl_dut_free(ctrl_dut *d) {
  if (d) {
    const char *p = getenv("TREX_RTL_COV");
    d->ctx.coveragep()->write(p && *p ? p : "coverage.dat");
  }
  ctrl_dut_free_plain(d);
}
