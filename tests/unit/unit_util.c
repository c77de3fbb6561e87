#define _XOPEN_SOURCE 700
#include "unit_util.h"

#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trex_spawn.h"

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st;
  (void)flag;
  (void)ftw;
  return remove(p);
}

const char *unit_write_filef(const char *dir, const char *name, const char *fmt, ...) {
  static char path[256];
  int n = snprintf(path, sizeof path, "%s/%s", dir, name);
  if (n < 0 || (size_t)n >= sizeof path) return NULL;
  FILE *f = fopen(path, "w");
  if (!f) return NULL;
  va_list ap;
  va_start(ap, fmt);
  int bad = vfprintf(f, fmt, ap) < 0;
  va_end(ap);
  bad |= fclose(f) != 0;
  return bad ? NULL : path;
}

const char *unit_write_file(const char *dir, const char *name, const char *text) {
  return unit_write_filef(dir, name, "%s", text);
}

char unit_tmpdir[] = "/tmp/trex-unit.XXXXXX";

int unit_tmpdir_setup(void **state) { return mkdtemp(unit_tmpdir) ? 0 : -1; }

int unit_tmpdir_teardown(void **state) { return unit_rm_rf(unit_tmpdir) ? -1 : 0; }

int unit_rm_rf(const char *path) {
  return nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int unit_run_trex(const char *sub, const char *args, const char *out_path,
                  const char *err_path) {
  const char *trex = getenv("TREX");
  if (!trex) trex = "build/bin/trex";
  char buf[1024];
  snprintf(buf, sizeof buf, "%s", args);
  const char *argv[64] = {trex, sub};
  int n = 2;
  for (char *save = NULL, *t = strtok_r(buf, " ", &save); t && n < 63;
       t = strtok_r(NULL, " ", &save))
    argv[n++] = t;
  argv[n] = NULL;
  trex_spawn_opts o = {.stdout_path = out_path, .stderr_path = err_path};
  return trex_run(argv, &o, NULL);
}

xbar_cfg unit_random_cfg(trex_rng *r, int lossless, int max_outs) {
  static const int rows[] = {16, 32, 64, 128, 256};
  static const int cbs[] = {1, 2, 4};
  xbar_cfg c;
  c.rows = rows[trex_rng_range(r, 0, 4)];
  c.cell_bits = cbs[trex_rng_range(r, 0, 2)];
  do {
    c.w_bits = (int)trex_rng_range(r, 2, 8);
  } while (c.w_bits % c.cell_bits);
  c.outs = (int)trex_rng_range(r, 1, max_outs);
  c.x_bits = (int)trex_rng_range(r, 2, 8);
  c.x_signed = trex_rng_range(r, 0, 1);
  c.enc = trex_rng_range(r, 0, 1) ? XBAR_ENC_DIFFERENTIAL : XBAR_ENC_OFFSET;
  int need = xbar_bitlen((unsigned)(c.rows * ((1 << c.cell_bits) - 1)));
  c.adc_bits = lossless ? (int)trex_rng_range(r, need, 12) : (int)trex_rng_range(r, 1, 12);
  int pc = c.outs * (c.enc == XBAR_ENC_DIFFERENTIAL ? 2 : 1) * (c.w_bits / c.cell_bits);
  int opts[16], n = 0;
  for (int k = 1; k <= pc; k *= 2)
    if (pc % k == 0) opts[n++] = k;
  c.cols_per_adc = opts[trex_rng_range(r, 0, n - 1)];
  return c;
}

trex_rng unit_rng(uint64_t seed) {
  trex_rng r;
  trex_rng_seed(&r, seed);
  return r;
}
