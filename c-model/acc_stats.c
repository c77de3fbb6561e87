/* acc_stats: confidence intervals of the accuracy measurement. */
#define _POSIX_C_SOURCE 200809L
#include "acc_stats.h"

#include <math.h>

/* Continued fraction of the incomplete beta function (modified Lentz). */
static double betacf(double a, double b, double x) {
  const double tiny = 1e-300, eps = 1e-16;
  double qab = a + b, qap = a + 1, qam = a - 1;
  double c = 1, d = 1 - qab * x / qap;
  if (fabs(d) < tiny) d = tiny;
  d = 1 / d;
  double h = d;
  for (int m = 1; m <= 1000; m++) {
    int m2 = 2 * m;
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (fabs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (fabs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (fabs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (fabs(c) < tiny) c = tiny;
    d = 1 / d;
    double del = d * c;
    h *= del;
    if (fabs(del - 1) < eps) break;
  }
  return h;
}

/* Regularised incomplete beta I_x(a, b). */
static double ibeta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  double lbt = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x);
  double bt = exp(lbt);
  if (x < (a + 1) / (a + b + 2)) return bt * betacf(a, b, x) / a;
  return 1 - bt * betacf(b, a, 1 - x) / b;
}

double acc_t_cdf(double t, double df) {
  /* P(|T| > |t|) = I_{df/(df+t^2)}(df/2, 1/2) */
  double tail = 0.5 * ibeta(df / 2, 0.5, df / (df + t * t));
  return t >= 0 ? 1 - tail : tail;
}

double acc_t_quantile(double p, double df) {
  if (p == 0.5) return 0;
  double lo = -1, hi = 1;
  while (acc_t_cdf(lo, df) > p) lo *= 2;
  while (acc_t_cdf(hi, df) < p) hi *= 2;
  for (int k = 0; k < 200 && hi - lo > 1e-12 * (1 + fabs(lo)); k++) {
    double mid = 0.5 * (lo + hi);
    if (acc_t_cdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

void acc_wilson(size_t k, size_t n, double *lo, double *hi) {
  const double z = ACC_Z975, z2 = z * z;
  double N = (double)n, p = (double)k / N;
  double den = 1 + z2 / N;
  double centre = (p + z2 / (2 * N)) / den;
  double half = z * sqrt(p * (1 - p) / N + z2 / (4 * N * N)) / den;
  *lo = centre - half;
  *hi = centre + half;
  /* the ends are exact at k = 0 and k = n; keep them inside [0, 1] */
  if (k == 0 || *lo < 0) *lo = 0;
  if (k == n || *hi > 1) *hi = 1;
}

void acc_mean_sd(const double *v, size_t n, double *mean, double *sd) {
  double s = 0;
  for (size_t i = 0; i < n; i++) s += v[i];
  double m = n ? s / (double)n : 0;
  double q = 0;
  for (size_t i = 0; i < n; i++) q += (v[i] - m) * (v[i] - m);
  *mean = m;
  *sd = n > 1 ? sqrt(q / (double)(n - 1)) : 0;
}

void acc_t_interval(const double *v, size_t n, double *mean, double *sd, double *lo,
                    double *hi) {
  acc_mean_sd(v, n, mean, sd);
  double half = n > 1 ? acc_t_quantile(0.975, (double)(n - 1)) * *sd / sqrt((double)n) : 0;
  *lo = *mean - half;
  *hi = *mean + half;
}

void acc_paired_diff(size_t a, size_t b, size_t c, size_t d, double *diff, double *lo,
                     double *hi) {
  size_t n = a + b + c + d;
  double N = (double)n;
  double p1 = (double)(a + b) / N, p2 = (double)(a + c) / N; /* first, second */
  double l1, u1, l2, u2;
  acc_wilson(a + b, n, &l1, &u1);
  acc_wilson(a + c, n, &l2, &u2);
  /* phi, with Newcombe's correction of ad - bc towards 0 by n/2 */
  double psi = 0;
  if (a + b && c + d && a + c && b + d) {
    double A = (double)a * (double)d - (double)b * (double)c;
    double prod = (double)(a + b) * (double)(c + d) * (double)(a + c) * (double)(b + d);
    if (A > N / 2) psi = (A - N / 2) / sqrt(prod);
    else if (A < 0) psi = A / sqrt(prod);
  }
  /* theta = p1 - p2 with Newcombe's limits; the difference reported is
   * second - first = -theta */
  double th = p1 - p2;
  double L = th - sqrt((p1 - l1) * (p1 - l1) + (u2 - p2) * (u2 - p2) -
                       2 * psi * (p1 - l1) * (u2 - p2));
  double U = th + sqrt((p2 - l2) * (p2 - l2) + (u1 - p1) * (u1 - p1) -
                       2 * psi * (p2 - l2) * (u1 - p1));
  *diff = -th;
  *lo = -U;
  *hi = -L;
}
