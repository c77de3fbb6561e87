/* trex_clock: the one monotonic clock of the harness, for the run times the
 * commands and testbenches report (never for results). */
#ifndef TREX_CLOCK_H
#define TREX_CLOCK_H

/* Seconds on CLOCK_MONOTONIC (an arbitrary origin): subtract two readings. */
double trex_clock_s(void);

#endif
