#include "xbar_ref.h"

static int bitlen(long n) {
  int b = 0;
  while (n > 0) {
    b++;
    n /= 2;
  }
  return b;
}

static long ipow2(int e) {
  long v = 1;
  for (int k = 0; k < e; k++) v *= 2;
  return v;
}

/* Step 1 of the contract, written out literally. */
static long digit(const xbar_cfg *c, long w, int plane, int s) {
  long u;
  if (c->enc == XBAR_ENC_OFFSET)
    u = w + ipow2(c->w_bits - 1);
  else if (plane == 0)
    u = w > 0 ? w : 0;
  else
    u = w < 0 ? -w : 0;
  return (u / ipow2(s * c->cell_bits)) % ipow2(c->cell_bits);
}

/* Step 2: bit p of the x_bits-bit pattern of x. */
static long bitp(const xbar_cfg *c, long x, int p) {
  long pat = x < 0 ? x + ipow2(c->x_bits) : x;
  return (pat / ipow2(p)) % 2;
}

void xbar_ref_mvm(const xbar_cfg *c, const int32_t *w, const int32_t *x, int32_t *y) {
  int S = c->w_bits / c->cell_bits;
  int planes = c->enc == XBAR_ENC_DIFFERENTIAL ? 2 : 1;
  long fs = (long)c->rows * (ipow2(c->cell_bits) - 1);
  int sh = bitlen(fs) - c->adc_bits;
  if (sh < 0) sh = 0;
  long rnd = sh ? ipow2(sh - 1) : 0;
  long qmax = ipow2(c->adc_bits) - 1;
  long long xsum = 0;
  for (int i = 0; i < c->rows; i++) xsum += x[i];
  for (int j = 0; j < c->outs; j++) {
    long long acc = 0;
    for (int p = 0; p < c->x_bits; p++) {
      long cp = (c->x_signed && p == c->x_bits - 1) ? -1 : 1;
      for (int pl = 0; pl < planes; pl++) {
        long sign = pl == 0 ? 1 : -1;
        for (int s = 0; s < S; s++) {
          long col = 0;
          for (int i = 0; i < c->rows; i++)
            col += bitp(c, x[i], p) * digit(c, w[i * c->outs + j], pl, s);
          long q = (col + rnd) / ipow2(sh);
          if (q > qmax) q = qmax;
          long recon = q * ipow2(sh);
          acc += (long long)sign * cp * ipow2(p) * ipow2(s * c->cell_bits) * recon;
        }
      }
    }
    if (c->enc == XBAR_ENC_OFFSET) acc -= (long long)ipow2(c->w_bits - 1) * xsum;
    y[j] = (int32_t)(uint32_t)(unsigned long long)acc;
  }
}

void xbar_ref_exact(const xbar_cfg *c, const int32_t *w, const int32_t *x, int64_t *y) {
  for (int j = 0; j < c->outs; j++) {
    int64_t s = 0;
    for (int i = 0; i < c->rows; i++) s += (int64_t)x[i] * w[i * c->outs + j];
    y[j] = s;
  }
}
