/* bench_model: golden model (xbar_model_mvm) against the naive reference
 * (tests/unit/xbar_ref.c) on the same vector set, in one process, and each
 * of the model's kernels on its own (c-model/xbar_model.h).
 *   bench_model VECDIR [SECONDS]
 * Each side runs the set's vectors round-robin for at least SECONDS
 * (default 1) of CPU time after one untimed pass; every result of the first
 * pass of every side is checked against expected.hex (exit 1 on a
 * difference). Prints one JSON object: model_mvm_per_s (xbar_model_mvm, the
 * automatic kernel), kernel (its name), portable_mvm_per_s,
 * popcnt_mvm_per_s and exact_mvm_per_s (null where the kernel cannot run),
 * ref_mvm_per_s, ratio (model / reference), vectors. */
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
  /* sides: 0 automatic, 1 portable, 2 POPCNT, 3 exact, 4 reference */
  enum { NSIDE = 5 };
  static const xbar_kernel kern[NSIDE - 1] = {XBAR_KERNEL_AUTO, XBAR_KERNEL_PORTABLE,
                                              XBAR_KERNEL_POPCNT, XBAR_KERNEL_EXACT};
  static const char *const name[NSIDE] = {"model", "portable", "popcnt", "exact", "reference"};
  int runs[NSIDE];
  for (int side = 0; side < NSIDE; side++) {
    runs[side] = side == NSIDE - 1 || xbar_model_mvm_kernel(&m, kern[side], vs.x, y) == 0;
    if (!runs[side]) continue;
    /* untimed correctness pass against expected.hex */
    for (int v = 0; v < vs.count; v++) {
      const int32_t *x = vs.x + (size_t)v * c->rows, *e = vs.y + (size_t)v * c->outs;
      if (side == NSIDE - 1)
        xbar_ref_mvm(c, vs.w, x, y);
      else
        (void)xbar_model_mvm_kernel(&m, kern[side], x, y);
      if (memcmp(y, e, sizeof *y * (size_t)c->outs)) {
        fprintf(stderr, "bench_model: %s differs from expected.hex at vector %d\n", name[side], v);
        return 1;
      }
    }
  }
  double rate[NSIDE];
  for (int side = 0; side < NSIDE; side++) {
    rate[side] = 0;
    if (!runs[side]) continue;
    long n = 0;
    double t0 = now(), t;
    do {
      for (int k = 0; k < 64; k++, n++) {
        const int32_t *x = vs.x + (size_t)(n % vs.count) * c->rows;
        if (side == 0)
          xbar_model_mvm(&m, x, y);
        else if (side == NSIDE - 1)
          xbar_ref_mvm(c, vs.w, x, y);
        else
          (void)xbar_model_mvm_kernel(&m, kern[side], x, y);
        sink = y[0];
      }
      t = now() - t0;
    } while (t < secs);
    rate[side] = (double)n / t;
  }
  char id[128], num[NSIDE][32];
  xbar_cfg_id(c, id, sizeof id);
  for (int side = 0; side < NSIDE; side++) {
    if (runs[side])
      snprintf(num[side], sizeof num[side], "%.1f", rate[side]);
    else
      snprintf(num[side], sizeof num[side], "null");
  }
  printf("{\"config\": \"%s\", \"vectors\": %d, \"kernel\": \"%s\", \"model_mvm_per_s\": %s, "
         "\"portable_mvm_per_s\": %s, \"popcnt_mvm_per_s\": %s, \"exact_mvm_per_s\": %s, "
         "\"ref_mvm_per_s\": %s, \"ratio\": %.2f}\n",
         id, vs.count, xbar_model_kernel_name(&m), num[0], num[1], num[2], num[3], num[4],
         rate[0] / rate[4]);
  free(y);
  xbar_model_free(&m);
  xbar_vecset_free(&vs);
  return 0;
}
