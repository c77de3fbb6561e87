#include "xbar_cycles.h"

int64_t xbar_cycles_steps(const xbar_cfg *c) {
  return (int64_t)c->x_bits * c->cols_per_adc;
}
int64_t xbar_cycles_latency(const xbar_cfg *c) { return xbar_cycles_steps(c) + 2; }
int64_t xbar_cycles_per_mvm(const xbar_cfg *c) { return xbar_cycles_latency(c) + 2; }
int64_t xbar_cycles_program(const xbar_cfg *c) { return c->rows; }
int64_t xbar_cycles_run(const xbar_cfg *c, int64_t count) {
  return xbar_cycles_program(c) + count * xbar_cycles_per_mvm(c);
}
int64_t xbar_adc_conversions_per_mvm(const xbar_cfg *c) {
  return (int64_t)c->x_bits * xbar_cfg_phys_cols(c);
}
