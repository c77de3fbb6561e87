#define _GNU_SOURCE /* memfd_create */
#include "fuzz_util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static char work[4096];
static int fds[8] = {-1, -1, -1, -1, -1, -1, -1, -1};
static char paths[8][4200];

static void cleanup(void) {
  if (!work[0]) return;
  for (int k = 0; k < 8; k++)
    if (paths[k][0]) unlink(paths[k]);
  rmdir(work);
}

static void die(const char *what) {
  perror(what);
  abort();
}

const char *fuzz_workdir(void) {
  if (work[0]) return work;
  const char *base = getenv("FUZZ_WORK");
  if (!base || !*base) base = "build/fuzz/work";
  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s", base);
  for (char *p = tmp + 1; *p; p++)
    if (*p == '/') {
      *p = '\0';
      mkdir(tmp, 0755);
      *p = '/';
    }
  mkdir(tmp, 0755);
  snprintf(work, sizeof work, "%s/h.XXXXXX", base);
  if (!mkdtemp(work)) die(work);
  atexit(cleanup);
  return work;
}

const char *fuzz_put(int slot, const char *name, const uint8_t *data, size_t n) {
  if (slot < 0 || slot >= 8) abort();
  if (fds[slot] < 0) {
    fds[slot] = memfd_create(name, 0);
    if (fds[slot] < 0) die("memfd_create");
    char target[64];
    snprintf(target, sizeof target, "/proc/%ld/fd/%d", (long)getpid(), fds[slot]);
    snprintf(paths[slot], sizeof paths[slot], "%s/%s", fuzz_workdir(), name);
    if (symlink(target, paths[slot])) die(paths[slot]);
  }
  if (ftruncate(fds[slot], 0)) die("ftruncate");
  size_t at = 0;
  while (at < n) {
    ssize_t w = pwrite(fds[slot], data + at, n - at, (off_t)at);
    if (w <= 0) die("pwrite");
    at += (size_t)w;
  }
  return paths[slot];
}

int fuzz_split(const uint8_t *data, size_t n, const uint8_t **part, size_t *len,
               int max) {
  static const char sep[] = "\n%%\n";
  const size_t sl = sizeof sep - 1;
  int k = 0;
  size_t start = 0;
  for (size_t i = 0; k < max - 1 && i + sl <= n; i++) {
    if (memcmp(data + i, sep, sl)) continue;
    part[k] = data + start;
    len[k] = i - start;
    k++;
    start = i + sl;
    i = start - 1;
  }
  part[k] = data + start;
  len[k] = n - start;
  return k + 1;
}
