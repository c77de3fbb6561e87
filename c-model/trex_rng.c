#include "trex_rng.h"

#include <math.h>

static uint64_t splitmix64(uint64_t *x) {
  uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

void trex_rng_seed(trex_rng *r, uint64_t seed) {
  uint64_t x = seed;
  for (int i = 0; i < 4; i++) r->s[i] = splitmix64(&x);
}

uint64_t trex_rng_next(trex_rng *r) {
  uint64_t *s = r->s;
  uint64_t result = rotl(s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

int64_t trex_rng_range(trex_rng *r, int64_t lo, int64_t hi) {
  uint64_t span = (uint64_t)(hi - lo) + 1;
  if (span == 0) return (int64_t)trex_rng_next(r);
  /* rejection sampling for an unbiased draw */
  uint64_t limit = UINT64_MAX - (UINT64_MAX % span);
  uint64_t v;
  do {
    v = trex_rng_next(r);
  } while (v >= limit);
  return lo + (int64_t)(v % span);
}

double trex_rng_unit(trex_rng *r) {
  return (double)(trex_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

double trex_rng_gauss(trex_rng *r) {
  double u1 = trex_rng_unit(r), u2 = trex_rng_unit(r);
  if (u1 < 1e-300) u1 = 1e-300;
  return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}
