/* gnuplot for the CLI's plots, without a shell (trex_spawn.h). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "trex_cli.h"
#include "trex_file.h"
#include "trex_spawn.h"

int trex_gnuplot(const char *dir, const char *script, const char *png, trex_err *err) {
  char gp[4200], out[4200];
  snprintf(gp, sizeof gp, "%s/.plot.gp", dir);
  snprintf(out, sizeof out, "%s/%s", dir, png);
  trex_wfile w;
  if (trex_wfile_open(&w, gp, err)) return -1;
  fputs(script, w.fp);
  if (trex_wfile_commit(&w, err)) return -1;
  const char *const argv[] = {"gnuplot", ".plot.gp", NULL};
  trex_spawn_opts o = {.cwd = dir, .quiet = 1};
  int rc = trex_run(argv, &o, err);
  unlink(gp);
  if (rc < 0) return -1;
  struct stat st;
  if (rc == 127) return trex_errf(err, "gnuplot is not on PATH (apt-get install gnuplot)");
  if (rc != 0) return trex_errf(err, "gnuplot failed (exit status %d) on %s", rc, png);
  if (stat(out, &st) != 0 || st.st_size == 0)
    return trex_errf(err, "gnuplot wrote no %s", png);
  return 0;
}
