/* trex_num: strict number parsing and guarded conversions.
 *
 * Every number a user gives (command-line options, make variables that reach
 * a command line, KEY=VALUE specs) goes through these, so that nothing is
 * silently clamped, wrapped or truncated (issue 15, class 4):
 * - integers are plain decimal: an optional '-' then digits; no leading or
 *   trailing blanks, no '+', no exponent, no hex; a value outside [lo, hi] or
 *   beyond 64 bits fails (strtol's ERANGE saturation is not accepted);
 * - reals are finite decimals as strtod reads them, without leading blanks,
 *   "inf", "nan" or hex floats, and must stay finite.
 * The conversions from double to an integer type fail on NaN, infinities and
 * values outside the target range instead of invoking undefined behaviour
 * (class 3). All return 0 on success and leave *out untouched on failure. */
#ifndef TREX_NUM_H
#define TREX_NUM_H

#include <stdint.h>

/* Whole decimal integer in [lo, hi]. */
int trex_parse_i64(const char *s, int64_t lo, int64_t hi, int64_t *out);

/* Whole unsigned decimal integer in [lo, hi] (no sign at all). */
int trex_parse_u64(const char *s, uint64_t lo, uint64_t hi, uint64_t *out);

/* Finite decimal real in [lo, hi] (pass -HUGE_VAL/HUGE_VAL for no bound);
 * an optional unit suffix is not accepted here (see trex_parse_real_unit). */
int trex_parse_real(const char *s, double lo, double hi, double *out);

/* A finite decimal real followed by an optional suffix; *unit points at the
 * suffix (possibly ""), which the caller checks. */
int trex_parse_real_unit(const char *s, double *out, const char **unit);

/* floor(v) as int64 when v is finite and floor(v) lies in [lo, hi]. */
int trex_d2i64_floor(double v, int64_t lo, int64_t hi, int64_t *out);

/* ceil(v) as int64 when v is finite and ceil(v) lies in [lo, hi]. */
int trex_d2i64_ceil(double v, int64_t lo, int64_t hi, int64_t *out);

/* v as int64 when v is finite, integral and in [lo, hi]. */
int trex_d2i64_exact(double v, int64_t lo, int64_t hi, int64_t *out);

#endif
