#define _POSIX_C_SOURCE 200809L
#include "trex_file.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int trex_wfile_open(trex_wfile *w, const char *path, trex_err *err) {
  memset(w, 0, sizeof *w);
  if (strlen(path) + 16 >= sizeof w->path)
    return trex_errf(err, "%s: path too long", path);
  snprintf(w->path, sizeof w->path, "%s", path);
  snprintf(w->tmp, sizeof w->tmp, "%s.tmp.XXXXXX", path);
  int fd = mkstemp(w->tmp);
  if (fd < 0) return trex_errf(err, "%s: cannot create: %s", path, strerror(errno));
  w->fp = fdopen(fd, "w");
  if (!w->fp) {
    close(fd);
    unlink(w->tmp);
    return trex_errf(err, "%s: cannot open: %s", path, strerror(errno));
  }
  return 0;
}

int trex_wfile_commit(trex_wfile *w, trex_err *err) {
  int bad = ferror(w->fp);
  if (fflush(w->fp) != 0) bad = 1;
  (void)fchmod(fileno(w->fp), 0644);
  if (fclose(w->fp) != 0) bad = 1;
  w->fp = NULL;
  if (bad) {
    unlink(w->tmp);
    return trex_errf(err, "%s: write failed", w->path);
  }
  if (rename(w->tmp, w->path) != 0) {
    int e = errno;
    unlink(w->tmp);
    return trex_errf(err, "%s: cannot rename into place: %s", w->path, strerror(e));
  }
  return 0;
}

void trex_wfile_abort(trex_wfile *w) {
  if (w->fp) fclose(w->fp);
  w->fp = NULL;
  if (w->tmp[0]) unlink(w->tmp);
}

char *trex_read_all(const char *path, size_t *len, trex_err *err) {
  FILE *fp = fopen(path, "rb");
  if (!fp) {
    trex_errf(err, "%s: cannot read: %s", path, strerror(errno));
    return NULL;
  }
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  if (!buf) {
    fclose(fp);
    trex_errf(err, "%s: out of memory", path);
    return NULL;
  }
  for (;;) {
    if (n + 1 >= cap) {
      cap *= 2;
      char *nb = realloc(buf, cap);
      if (!nb) {
        free(buf);
        fclose(fp);
        trex_errf(err, "%s: out of memory", path);
        return NULL;
      }
      buf = nb;
    }
    size_t got = fread(buf + n, 1, cap - n - 1, fp);
    n += got;
    if (got == 0) break;
  }
  int bad = ferror(fp);
  fclose(fp);
  if (bad) {
    free(buf);
    trex_errf(err, "%s: read error", path);
    return NULL;
  }
  buf[n] = '\0';
  if (memchr(buf, '\0', n)) {
    free(buf);
    trex_errf(err, "%s: binary data (NUL byte) in a text file", path);
    return NULL;
  }
  if (len) *len = n;
  return buf;
}

/* mkdir -p of the directory that holds `path`. */
static void make_parents(const char *path) {
  char buf[4096];
  snprintf(buf, sizeof buf, "%s", path);
  char *slash = strrchr(buf, '/');
  if (!slash || slash == buf) return;
  *slash = '\0';
  for (char *p = buf + 1; *p; p++)
    if (*p == '/') {
      *p = '\0';
      mkdir(buf, 0755);
      *p = '/';
    }
  mkdir(buf, 0755);
}

int trex_tmpdir_beside(const char *dir, char *tmp, size_t n, trex_err *err) {
  size_t l = strlen(dir);
  while (l > 1 && dir[l - 1] == '/') l--;
  if ((size_t)snprintf(tmp, n, "%.*s.tmp.XXXXXX", (int)l, dir) >= n)
    return trex_errf(err, "%s: path too long", dir);
  make_parents(tmp);
  if (!mkdtemp(tmp))
    return trex_errf(err, "%s: cannot create a temporary directory beside it: %s",
                     dir, strerror(errno));
  return 0;
}

void trex_dir_remove(const char *dir) {
  DIR *d = opendir(dir);
  if (d) {
    struct dirent *e;
    char p[4096];
    while ((e = readdir(d)) != NULL) {
      if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
      snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
      unlink(p);
    }
    closedir(d);
  }
  rmdir(dir);
}

int trex_dir_replace(const char *tmp, const char *dir, trex_err *err) {
  char old[4096];
  struct stat st;
  old[0] = '\0';
  if (stat(dir, &st) == 0) {
    if (!S_ISDIR(st.st_mode))
      return trex_errf(err, "%s: exists and is not a directory", dir);
    if (trex_tmpdir_beside(dir, old, sizeof old, err)) return -1;
    rmdir(old); /* free the unique name for the rename */
    if (rename(dir, old) != 0)
      return trex_errf(err, "%s: cannot move the old directory aside: %s", dir,
                       strerror(errno));
  }
  if (rename(tmp, dir) != 0) {
    int e = errno;
    if (old[0]) (void)rename(old, dir);
    return trex_errf(err, "%s: cannot rename into place: %s", dir, strerror(e));
  }
  if (old[0]) trex_dir_remove(old);
  return 0;
}
