/* units_errsweep: worst error against float of the requantise and add
 * methods (docs/encoder-units.md, "Error against float"; softmax,
 * LayerNorm and GELU are measured by make enc-errors, docs/encoder-int.md
 * section 11). The integer parameters are chosen as trex modelgen does: M
 * (or the larger of Ma, Mb) in [2^30, 2^31) with the largest shift s <= 62.
 *
 *   requantise: y = requant(acc, M, s) against y_f = f * acc for a real
 *               ratio f = S_acc / S_y (acc + bias as one number);
 *   add:        y = add(a, b; Ma, Mb, s) against y_f = fa*a + fb*b, every
 *               int8 pair (a, b), for ratios fa = S_a/S_y and fb = S_b/S_y.
 * The error is |y - y_f| in output LSB over the outputs that do not
 * saturate (|y_f| <= 127); seeded, deterministic. Prints a markdown table. */
#include <math.h>
#include <stdio.h>

#include "enc_ops.h"
#include "trex_rng.h"

/* M in [2^30, 2^31) and the largest s <= 62 for ratio f (as enc_gen) */
static void pick(double f, int32_t *M, int *s) {
  int sh = (int)floor(log2((double)INT32_MAX / f));
  if (sh > ENC_S_MAX) sh = ENC_S_MAX;
  if (sh < 0) sh = 0;
  double mv = nearbyint(ldexp(f, sh));
  while (mv > INT32_MAX && sh > 0) mv = nearbyint(ldexp(f, --sh));
  *M = (int32_t)(mv > INT32_MAX ? INT32_MAX : mv);
  *s = sh;
}

int main(void) {
  trex_rng r;
  trex_rng_seed(&r, 20261130);
  printf("#### Requantise: |requant(acc, M, s) - f*acc| in output LSB (unsaturated)\n\n");
  printf("| log2 f | ratios | accumulators | worst | mean | M range | s range |\n| --- | --- | --- | --- | --- | --- | --- |\n");
  double all = 0;
  for (int lo = -40; lo < 0; lo += 8) {
    double worst = 0, sum = 0;
    long n = 0;
    int32_t mmin = INT32_MAX, mmax = 0;
    int smin = 99, smax = -1;
    for (int k = 0; k < 200; k++) {
      double f = exp2(lo + 8 * trex_rng_unit(&r));
      int32_t M;
      int s;
      pick(f, &M, &s);
      if (M < mmin) mmin = M;
      if (M > mmax) mmax = M;
      if (s < smin) smin = s;
      if (s > smax) smax = s;
      double amax = fmin(127.5 / f, 2147483647.0);
      for (int q = 0; q < 2000; q++) {
        int64_t acc = (int64_t)floor((2 * trex_rng_unit(&r) - 1) * amax);
        double yf = f * (double)acc;
        if (fabs(yf) > 127) continue;
        double e = fabs(enc_requant(acc, M, s) - yf);
        if (e > worst) worst = e;
        sum += e;
        n++;
      }
    }
    if (worst > all) all = worst;
    printf("| %d .. %d | 200 | %ld | %.7f | %.4f | %d .. %d | %d .. %d |\n", lo, lo + 8, n, worst,
           sum / (double)n, mmin, mmax, smin, smax);
  }
  printf("\nRequantise worst: %.7f LSB\n\n", all);

  printf("#### Add: |add(a, b; Ma, Mb, s) - (fa*a + fb*b)| in output LSB (unsaturated, all 65536 pairs)\n\n");
  printf("| fa | fb | Ma | Mb | s | worst | mean |\n| --- | --- | --- | --- | --- | --- | --- |\n");
  double allw = 0;
  for (int k = 0; k < 24; k++) {
    double fa = exp2(-3 + 4 * trex_rng_unit(&r)), fb = exp2(-3 + 4 * trex_rng_unit(&r));
    if (k == 0) fa = fb = 0.5; /* the modelgen case: both operands at one scale */
    int32_t M;
    int s;
    pick(fmax(fa, fb), &M, &s);
    int32_t Ma = (int32_t)nearbyint(ldexp(fa, s)), Mb = (int32_t)nearbyint(ldexp(fb, s));
    double worst = 0, sum = 0;
    long n = 0;
    for (int a = -128; a < 128; a++)
      for (int b = -128; b < 128; b++) {
        double yf = fa * a + fb * b;
        if (fabs(yf) > 127) continue;
        double e = fabs(enc_add1((int8_t)a, (int8_t)b, Ma, Mb, s) - yf);
        if (e > worst) worst = e;
        sum += e;
        n++;
      }
    if (worst > allw) allw = worst;
    printf("| %.5f | %.5f | %d | %d | %d | %.7f | %.4f |\n", fa, fb, Ma, Mb, s, worst, sum / (double)n);
  }
  printf("\nAdd worst: %.7f LSB\n", allw);
  return 0;
}
