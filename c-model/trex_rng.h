/* trex_rng: small deterministic PRNG (xoshiro256** seeded by splitmix64).
 * The same seed gives the same stream on every platform. */
#ifndef TREX_RNG_H
#define TREX_RNG_H

#include <stdint.h>

typedef struct {
  uint64_t s[4];
} trex_rng;

void trex_rng_seed(trex_rng *r, uint64_t seed);
uint64_t trex_rng_next(trex_rng *r);
/* Uniform integer in [lo, hi] (inclusive); hi >= lo. */
int64_t trex_rng_range(trex_rng *r, int64_t lo, int64_t hi);
/* Uniform double in [0, 1). */
double trex_rng_unit(trex_rng *r);
/* Standard normal deviate (Box-Muller). */
double trex_rng_gauss(trex_rng *r);

#endif
