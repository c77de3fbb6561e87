/* tb_cov: functional coverage bins of the tile testbench (tb_main.c).
 *
 * Bins are defined per configuration when the run starts, only where the
 * configuration can reach them (an ADC can saturate only where the rounded
 * full-scale column sum exceeds the top code), and counted on every MVM that
 * the testbench drives:
 *   x.all_zero, x.all_max, x.all_min (signed inputs)   input vector kinds
 *   w.all_zero, w.all_max, w.all_min, w.reprogram       weight matrix kinds
 *   sign.x<n|z|p>.w<n|z|p>     a row whose input and weight have those signs
 *   y.neg, y.zero, y.pos       result word signs
 *   step.p<P>.m<M>             conversion step (input bit plane P, mux step M,
 *                              i.e. every cols_per_adc phase) gave a non-zero
 *                              ADC code on some converter
 *   adc.top.c<C>               physical column C reached its highest
 *                              reachable ADC code
 *   adc.sat.c<C>               column C saturated the ADC (rounded value above
 *                              2^adc_bits - 1; only where reachable)
 *   bp.stall, bp.stall_multi   result held 1+ / 3+ cycles by out_ready low
 * The file written with tb_cov_write has one line "bin NAME HITS" per bin after
 * a "config ID" line; the regression merges the files (scripts/regress-tool). */
#ifndef TB_COV_H
#define TB_COV_H

#include <stdint.h>

#include "xbar_model.h"

typedef struct tb_cov tb_cov;

/* Defines the bins of the model's configuration; NULL on allocation failure. */
tb_cov *tb_cov_new(const xbar_model *m);
void tb_cov_free(tb_cov *c);

/* Weights just programmed (w[i*outs + j]); `again` is 1 after earlier MVMs. */
void tb_cov_program(tb_cov *c, const int32_t *w, int again);
/* One MVM on the programmed model: inputs x, results y. */
void tb_cov_mvm(tb_cov *c, const xbar_model *m, const int32_t *x, const int32_t *y);
/* A result held `cycles` extra edges by back-pressure. */
void tb_cov_stall(tb_cov *c, uint64_t cycles);

/* Bins hit and defined. */
void tb_cov_count(const tb_cov *c, long *hit, long *total);
/* Writes the bins atomically; 0 or -1 with a message in msg (size n). */
int tb_cov_write(const tb_cov *c, const char *path, const char *cfg_id, char *msg, int n);

#endif
