#define _POSIX_C_SOURCE 200809L
#include "xbar_nonideal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "trex_mem.h"
#include "trex_num.h"
#include "trex_rng.h"

int xbar_nonideal_parse(const char *spec, xbar_nonideal_params *p,
                        trex_err *err) {
  memset(p, 0, sizeof *p);
  p->seed = 1;
  char buf[1024];
  if (strlen(spec) >= sizeof buf) return trex_errf(err, "--nonideal: spec too long");
  strcpy(buf, spec);
  for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
       tok = strtok_r(NULL, ",", &save)) {
    char *eq = strchr(tok, '=');
    if (!eq) return trex_errf(err, "--nonideal: '%s' is not KEY=VALUE", tok);
    *eq = '\0';
    const char *val = eq + 1;
    double v = 0;
    if (!strcmp(tok, "seed")) {
      /* a whole number: 1.5 or 1e30 are not silently truncated */
      uint64_t sd;
      if (trex_parse_u64(val, 0, UINT64_MAX, &sd))
        return trex_errf(err, "--nonideal: key 'seed': '%s' is not an integer 0..2^64-1", val);
      p->seed = sd;
      continue;
    }
    int known = !strcmp(tok, "g_sigma") || !strcmp(tok, "stuck_off") ||
                !strcmp(tok, "stuck_on") || !strcmp(tok, "adc_sigma") ||
                !strcmp(tok, "adc_offset");
    if (known && trex_parse_real(val, 0, HUGE_VAL, &v))
      return trex_errf(err, "--nonideal: key '%s': '%s' is not a number >= 0", tok, val);
    /* bounds that keep every intermediate finite (a column sum of 256
     * cells, an ADC input): beyond them the result would be inf or nan */
    double hi = !strcmp(tok, "stuck_off") || !strcmp(tok, "stuck_on") ? 1.0
                                                                        : XBAR_NONIDEAL_MAX;
    if (known && v > hi)
      return trex_errf(err, "--nonideal: key '%s': %s is above the limit %g", tok, val, hi);
    if (!strcmp(tok, "g_sigma")) p->g_sigma = v;
    else if (!strcmp(tok, "stuck_off")) p->stuck_off = v;
    else if (!strcmp(tok, "stuck_on")) p->stuck_on = v;
    else if (!strcmp(tok, "adc_sigma")) p->adc_sigma = v;
    else if (!strcmp(tok, "adc_offset")) p->adc_offset = v;
    else
      return trex_errf(err,
                       "--nonideal: unknown key '%s' (g_sigma, stuck_off, "
                       "stuck_on, adc_sigma, adc_offset, seed)",
                       tok);
  }
  if (p->stuck_off + p->stuck_on > 1.0)
    return trex_errf(err, "--nonideal: stuck_off + stuck_on exceeds 1");
  return 0;
}

int xbar_nonideal_init(xbar_nonideal *n, const xbar_cfg *cfg,
                       const xbar_nonideal_params *p, const int32_t *w,
                       trex_err *err) {
  memset(n, 0, sizeof *n);
  if (xbar_cfg_check(cfg, "configuration", err)) return -1;
  n->cfg = *cfg;
  n->prm = *p;
  n->slices = xbar_cfg_slices(cfg);
  n->planes = xbar_cfg_planes(cfg);
  n->ncols = xbar_cfg_phys_cols(cfg);
  n->g = malloc(sizeof(double) * (size_t)cfg->rows * (size_t)n->ncols);
  n->colsum = malloc(sizeof(double) * (size_t)cfg->x_bits * (size_t)n->ncols);
  if (!n->g || !n->colsum) {
    xbar_nonideal_free(n);
    return trex_errf(err, "out of memory");
  }
  trex_rng r;
  trex_rng_seed(&r, p->seed);
  int dmax = (1 << cfg->cell_bits) - 1;
  for (int i = 0; i < cfg->rows; i++)
    for (int j = 0; j < cfg->outs; j++)
      for (int pl = 0; pl < n->planes; pl++)
        for (int s = 0; s < n->slices; s++) {
          int col = (j * n->planes + pl) * n->slices + s;
          double d = xbar_digit(cfg, w[i * cfg->outs + j], pl, s);
          double u = trex_rng_unit(&r), gz = trex_rng_gauss(&r);
          if (u < p->stuck_off) d = 0;
          else if (u < p->stuck_off + p->stuck_on) d = dmax;
          else d *= 1.0 + p->g_sigma * gz;
          n->g[(size_t)i * n->ncols + col] = d;
        }
  trex_rng_seed(&n->noise, p->seed ^ 0x5eed5eed5eedULL);
  return 0;
}

void xbar_nonideal_free(xbar_nonideal *n) {
  TREX_FREE_NULL(n->g);
  TREX_FREE_NULL(n->colsum);
}

void xbar_nonideal_mvm(xbar_nonideal *n, const int32_t *x, int32_t *y) {
  const xbar_cfg *c = &n->cfg;
  const int R = c->rows, NC = n->ncols, XB = c->x_bits;
  int sh = xbar_cfg_adc_shift(c);
  int qmax = (1 << c->adc_bits) - 1;
  int64_t xsum = 0;
  uint32_t pat[256]; /* rows <= 256 (xbar_cfg_check) */
  for (int i = 0; i < R; i++) {
    xsum += x[i];
    pat[i] = xbar_x_pattern(c, x[i]);
  }
  /* column sums of every phase: per column, the active rows in increasing
   * order; eight columns at a time in registers */
  int act[256];
  for (int p = 0; p < XB; p++) {
    int na = 0;
    for (int i = 0; i < R; i++) { /* branch-free: the bits are random */
      act[na] = i;
      na += (int)((pat[i] >> p) & 1u);
    }
    double *s = n->colsum + (size_t)p * NC;
    int c0 = 0;
    for (; c0 + 8 <= NC; c0 += 8) {
      double a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
      for (int k = 0; k < na; k++) {
        const double *g = n->g + (size_t)act[k] * NC + c0;
        a0 += g[0];
        a1 += g[1];
        a2 += g[2];
        a3 += g[3];
        a4 += g[4];
        a5 += g[5];
        a6 += g[6];
        a7 += g[7];
      }
      s[c0] = a0;
      s[c0 + 1] = a1;
      s[c0 + 2] = a2;
      s[c0 + 3] = a3;
      s[c0 + 4] = a4;
      s[c0 + 5] = a5;
      s[c0 + 6] = a6;
      s[c0 + 7] = a7;
    }
    for (; c0 < NC; c0++) {
      double a = 0;
      for (int k = 0; k < na; k++) a += n->g[(size_t)act[k] * NC + c0];
      s[c0] = a;
    }
  }
  /* col / 2^sh as col * 2^-sh: the same double (scaling by a power of two is
   * exact for these normal values) without a division per conversion */
  const double inv = 1.0 / (double)(1 << sh), off = n->prm.adc_offset, sig = n->prm.adc_sigma;
  for (int j = 0; j < c->outs; j++) {
    int64_t acc = 0;
    for (int p = 0; p < XB; p++) {
      int64_t cp = (c->x_signed && p == XB - 1) ? -1 : 1;
      const double *s = n->colsum + (size_t)p * NC;
      for (int pl = 0; pl < n->planes; pl++)
        for (int sl = 0; sl < n->slices; sl++) {
          int col = (j * n->planes + pl) * n->slices + sl;
          double v = s[col] * inv + off;
          if (sig > 0) v += sig * trex_rng_gauss(&n->noise);
          /* ideal: floor(col / 2^sh + 1/2); a tiny epsilon keeps exact
           * half-way sums on the same side as the integer model. The ADC
           * saturates: the code is floor(t) clamped to 0..qmax, computed
           * without floor(): for 1 <= t < qmax, (int)t is floor(t); below 1
           * (and for NaN) the clamp gives 0, at or above qmax it gives qmax;
           * no non-finite value reaches the conversion */
          double t = v + 0.5 + 1e-9;
          int q = t >= 1 ? (t < qmax ? (int)t : qmax) : 0;
          acc += (pl ? -1 : 1) * cp * (((int64_t)q << sh) << (p + sl * c->cell_bits));
        }
    }
    if (c->enc == XBAR_ENC_OFFSET) acc -= ((int64_t)1 << (c->w_bits - 1)) * xsum;
    y[j] = (int32_t)(uint32_t)(uint64_t)acc;
  }
}
