/* bench_model: golden model (xbar_model_mvm) against the naive reference
 * (tests/unit/xbar_ref.c) on the same vector set, in one process.
 *   bench_model VECDIR [SECONDS]
 * Each side runs the set's vectors round-robin for at least SECONDS
 * (default 1) of CPU time after one untimed pass; every result of the first
 * pass is checked against expected.hex (exit 1 on a difference). Prints one
 * JSON object: model_mvm_per_s, ref_mvm_per_s, ratio, vectors. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xbar_model.h"
#include "xbar_ref.h"
#include "xbar_vecset.h"

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static volatile int32_t sink;

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: bench_model VECDIR [SECONDS]\n");
    return 2;
  }
  double secs = argc > 2 ? atof(argv[2]) : 1.0;
  trex_err err;
  xbar_vecset vs;
  if (xbar_vecset_load(argv[1], true, &vs, &err)) {
    fprintf(stderr, "bench_model: %s\n", err.msg);
    return 1;
  }
  const xbar_cfg *c = &vs.cfg;
  xbar_model m;
  if (xbar_model_init(&m, c, &err)) {
    fprintf(stderr, "bench_model: %s\n", err.msg);
    return 1;
  }
  xbar_model_program(&m, vs.w);
  int32_t *y = calloc((size_t)c->outs, sizeof *y);
  /* untimed correctness pass: both against expected.hex */
  for (int v = 0; v < vs.count; v++) {
    const int32_t *x = vs.x + (size_t)v * c->rows, *e = vs.y + (size_t)v * c->outs;
    xbar_model_mvm(&m, x, y);
    if (memcmp(y, e, sizeof *y * (size_t)c->outs)) {
      fprintf(stderr, "bench_model: model differs from expected.hex at vector %d\n", v);
      return 1;
    }
    xbar_ref_mvm(c, vs.w, x, y);
    if (memcmp(y, e, sizeof *y * (size_t)c->outs)) {
      fprintf(stderr, "bench_model: reference differs from expected.hex at vector %d\n", v);
      return 1;
    }
  }
  double rate[2];
  for (int side = 0; side < 2; side++) {
    long n = 0;
    double t0 = now(), t;
    do {
      for (int k = 0; k < 64; k++, n++) {
        const int32_t *x = vs.x + (size_t)(n % vs.count) * c->rows;
        if (side == 0)
          xbar_model_mvm(&m, x, y);
        else
          xbar_ref_mvm(c, vs.w, x, y);
        sink = y[0];
      }
      t = now() - t0;
    } while (t < secs);
    rate[side] = (double)n / t;
  }
  char id[128];
  xbar_cfg_id(c, id, sizeof id);
  printf("{\"config\": \"%s\", \"vectors\": %d, \"model_mvm_per_s\": %.1f, "
         "\"ref_mvm_per_s\": %.1f, \"ratio\": %.2f}\n",
         id, vs.count, rate[0], rate[1], rate[0] / rate[1]);
  free(y);
  xbar_model_free(&m);
  xbar_vecset_free(&vs);
  return 0;
}
