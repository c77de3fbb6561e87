/* acc_stats: the statistics of the accuracy measurement (docs/accuracy.md,
 * "Confidence intervals"): top-1 of one deterministic run with its Wilson
 * score interval, the mean of runs over device seeds with a Student t
 * interval, and paired differences (the same images, the same device draws)
 * with Newcombe's hybrid score interval or a t interval over seeds.
 *
 * Promises:
 *  - Every interval is 95% two-sided, returned as fractions (0..1 for
 *    proportions, -1..1 for differences), and contains its point estimate.
 *  - acc_t_quantile() is the Student t quantile to at least 1e-9 relative
 *    (bisection on the CDF from the regularised incomplete beta function),
 *    df >= 1 (df may be fractional).
 *  - With one value, acc_t_interval() gives sd 0 and an interval of the value
 *    alone (no spread can be estimated from one run; documented). */
#ifndef ACC_STATS_H
#define ACC_STATS_H

#include <stddef.h>

#define ACC_Z975 1.959963984540054 /* standard normal 97.5% quantile */

/* Student t CDF P(T <= t) with df degrees of freedom. */
double acc_t_cdf(double t, double df);
/* The t with acc_t_cdf(t, df) = p, 0 < p < 1. */
double acc_t_quantile(double p, double df);

/* Wilson score interval of k successes in n trials (n >= 1), z = 1.96. */
void acc_wilson(size_t k, size_t n, double *lo, double *hi);

/* Mean and sample standard deviation (n - 1 in the denominator; 0 for n = 1). */
void acc_mean_sd(const double *v, size_t n, double *mean, double *sd);

/* mean +- t_{0.975, n-1} * sd / sqrt(n) over n values (n >= 1). */
void acc_t_interval(const double *v, size_t n, double *mean, double *sd, double *lo,
                    double *hi);

/* Paired proportions on n items: a both right, b right only in the first
 * (baseline), c right only in the second, d both wrong. The difference is
 * second - first = (c - b) / n; the interval is Newcombe's hybrid score
 * method (Newcombe 1998, Statistics in Medicine 17:2635, method 10: Wilson
 * intervals of both proportions combined with the phi correlation). */
void acc_paired_diff(size_t a, size_t b, size_t c, size_t d, double *diff, double *lo,
                     double *hi);

#endif
