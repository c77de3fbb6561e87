/* ctrl_cycles: see ctrl_cycles.h. */
#include "ctrl_cycles.h"


uint64_t ctrl_cyc_mm(uint64_t m, uint64_t h, uint64_t n, uint64_t period, uint64_t rq_lanes,
                     int requant) {
  if (!requant) return m * period + CTRL_CYC_MM_FIXED;
  if (m == 0) return CTRL_CYC_MM_FIXED_RQ;
  uint64_t beats = h * ctrl_cdiv(n, rq_lanes);
  uint64_t hold = beats + 1 > period ? beats + 1 - period : 0;
  return m * period + CTRL_CYC_MM_FIXED_RQ + beats + (m - 1) * hold;
}

uint64_t ctrl_cyc_wr(uint64_t rows, uint64_t rounds) { return rows * rounds + CTRL_CYC_WR_FIXED; }

uint64_t ctrl_cyc_ew(ctrl_unit u, uint64_t m, uint64_t n, uint64_t lanes) {
  ctrl_unit_cyc c = ctrl_unit_cycles(u);
  uint64_t x = (uint64_t)c.extra, op = (uint64_t)c.op_extra;
  if (c.row) return m * ((uint64_t)c.passes * ctrl_cdiv(n, lanes) + x) + op;
  return ctrl_cdiv(m * n, lanes) + x + op;
}
