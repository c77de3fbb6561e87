#include "units_cycles.h"

int64_t units_beats(int64_t n, int lanes) {
  if (n < 1 || lanes < 1) return 0;
  return (n + lanes - 1) / lanes;
}

int64_t units_seq_cycles(int bits, int steps) {
  if (bits < 1 || steps < 1) return 0;
  return (bits + steps - 1) / steps;
}

int64_t units_softmax_fixed(int steps) {
  if (steps < 1) return 0;
  /* SUM's extra edge, DIV ceil(25/steps) (its last edge issues the first
   * OUT beat), one more edge to hand over the last OUT beat */
  return units_seq_cycles(UNITS_SM_RECIP_BITS, steps) + 2;
}

int64_t units_ln_fixed(int steps) {
  if (steps < 1) return 0;
  /* STAT 1, SQRT ceil(32/steps), DIV ceil(41/steps) (its last edge issues
   * the first NORM beat), 3 more edges through the NORM pipeline */
  return units_seq_cycles(UNITS_LN_ROOT_BITS, steps) +
         units_seq_cycles(UNITS_LN_RECIP_BITS, steps) + 4;
}

int64_t units_softmax_row(int64_t n, int lanes, int steps) {
  if (n < 1 || lanes < 1 || steps < 1) return 0;
  /* LOAD B, SUM B, OUT B beats */
  return UNITS_SM_PASSES * units_beats(n, lanes) + units_softmax_fixed(steps);
}

int64_t units_ln_row(int64_t n, int lanes, int steps) {
  if (n < 1 || lanes < 1 || steps < 1) return 0;
  /* LOAD B, NORM B beats */
  return UNITS_LN_PASSES * units_beats(n, lanes) + units_ln_fixed(steps);
}

int64_t units_ew(int64_t e, int lanes, int stages) {
  if (e < 1 || lanes < 1 || stages < 0) return 0;
  return units_beats(e, lanes) + stages;
}
