#define _XOPEN_SOURCE 700
#include "unit_util.h"

#include <ftw.h>
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
