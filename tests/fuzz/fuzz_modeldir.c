/* A whole integer ViT model directory (model_load: model.json and every
 * tensor). The directory starts as the built-in "tiny" model (enc_gen, seed
 * 1); byte 0 of the input picks one of its files (0: model.json, then the
 * tensors in model_file_names order) and the rest of the input replaces that
 * file. An accepted directory is a legal model whose exp tables start at
 * ENC_EXP_ONE and never increase; a refused one gets one line naming the
 * directory. The files are memfds behind symlinks (fuzz_util.h). */
#define _GNU_SOURCE /* memfd_create */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "enc_gen.h"
#include "enc_ops.h"
#include "fuzz_check.h"
#include "fuzz_util.h"
#include "model_dir.h"
#include "npy.h"

typedef struct {
  char path[4400];
  int fd;
  uint8_t *orig;
  size_t orig_len;
} slot;

static slot *slots;
static int nslots = -1, dirty = -1;
static char dir[4200], gen[4200];

static void die(const char *what) {
  perror(what);
  abort();
}

static void put(int fd, const uint8_t *d, size_t n) {
  if (ftruncate(fd, 0)) die("ftruncate");
  for (size_t at = 0; at < n;) {
    ssize_t w = pwrite(fd, d + at, n - at, (off_t)at);
    if (w <= 0) die("pwrite");
    at += (size_t)w;
  }
}

static void cleanup(void) {
  for (int k = 0; k < nslots; k++) unlink(slots[k].path);
  rmdir(dir);
}

static void setup(void) {
  enc_shape sh;
  model_int m;
  trex_err err = {{0}};
  snprintf(gen, sizeof gen, "%s/gen", fuzz_workdir());
  snprintf(dir, sizeof dir, "%s/m", fuzz_workdir());
  if (mkdir(gen, 0755) || mkdir(dir, 0755)) die("mkdir");
  if (enc_shape_builtin("tiny", &sh, &err) || enc_gen(&sh, 1, &m, &err) ||
      model_save(&m, gen, NULL, &err)) {
    fprintf(stderr, "fuzz_modeldir: %s\n", err.msg);
    abort();
  }
  char **names = model_file_names(&m);
  if (!names) abort();
  int n = 0;
  while (names[n]) n++;
  slots = calloc((size_t)n, sizeof *slots);
  if (!slots) abort();
  for (int k = 0; k < n; k++) {
    char src[4400];
    snprintf(src, sizeof src, "%s/%s", gen, names[k]);
    FILE *f = fopen(src, "rb");
    if (!f) die(src);
    struct stat st;
    if (fstat(fileno(f), &st)) die(src);
    slots[k].orig_len = (size_t)st.st_size;
    slots[k].orig = malloc(slots[k].orig_len + 1);
    if (!slots[k].orig || fread(slots[k].orig, 1, slots[k].orig_len, f) != slots[k].orig_len)
      die(src);
    fclose(f);
    unlink(src);
    slots[k].fd = memfd_create(names[k], 0);
    if (slots[k].fd < 0) die("memfd_create");
    put(slots[k].fd, slots[k].orig, slots[k].orig_len);
    char target[64];
    snprintf(target, sizeof target, "/proc/%ld/fd/%d", (long)getpid(), slots[k].fd);
    snprintf(slots[k].path, sizeof slots[k].path, "%s/%s", dir, names[k]);
    if (symlink(target, slots[k].path)) die(slots[k].path);
    free(names[k]);
  }
  free(names);
  rmdir(gen);
  /* FUZZ_MODELDIR_SEEDS=DIR: write one seed per file (its index byte and its
   * original contents) into DIR (how tests/fuzz/seeds/modeldir was made). */
  const char *sd = getenv("FUZZ_MODELDIR_SEEDS");
  for (int k = 0; sd && k < n; k++) {
    char sp[4400];
    snprintf(sp, sizeof sp, "%s/file%03d", sd, k);
    FILE *f = fopen(sp, "wb");
    if (!f || fputc(k, f) == EOF || fwrite(slots[k].orig, 1, slots[k].orig_len, f) != slots[k].orig_len ||
        fclose(f))
      die(sp);
  }
  model_free(&m);
  nslots = n;
  atexit(cleanup); /* runs before fuzz_util's (registered earlier) */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (nslots < 0) setup();
  if (size < 1) return 0;
  int k = data[0] % nslots;
  if (dirty >= 0 && dirty != k) put(slots[dirty].fd, slots[dirty].orig, slots[dirty].orig_len);
  put(slots[k].fd, data + 1, size - 1);
  dirty = k;
  model_int m;
  trex_err err = {{0}};
  if (fuzz_refused(model_load(dir, &m, &err), &err, dir)) return 0;
  FUZZ_REQUIRE(vit_model_check(&m.vm, "loaded", &err) == 0, "loaded model illegal");
  model_layer *L;
  long nl = model_layers(&m, &L);
  FUZZ_REQUIRE(nl > 0, "layers");
  for (long i = 0; i < nl; i++)
    if (L[i].kind == MODEL_L_EXP) {
      const int32_t *lut = *(int32_t **)L[i].p;
      FUZZ_REQUIRE(lut[0] == ENC_EXP_ONE, "exp table entry 0");
      for (int j = 1; j < 256; j++) FUZZ_REQUIRE(lut[j] >= 0 && lut[j] <= lut[j - 1], "exp table");
    }
  free(L);
  model_free(&m);
  return 0;
}
