/* .npy reader (npy_load): every accepted file has a consistent shape and
 * count, and writing it back gives a file the reader accepts with the same
 * dtype, shape and values. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_check.h"
#include "fuzz_util.h"
#include "npy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_put(0, "t.npy", data, size);
  npy_array a;
  trex_err err = {{0}};
  if (fuzz_refused(npy_load(path, &a, &err), &err, path)) return 0;
  size_t count = 1;
  for (int k = 0; k < a.ndim; k++) count *= (size_t)a.shape[k];
  FUZZ_REQUIRE(count == a.count, "count is the product of the shape");
  FUZZ_REQUIRE(a.count * (size_t)a.dtype <= size, "data fits the file");
  /* round trip through the writer: a real file (the writer refuses to write
   * through the symlinks fuzz_put makes; docs/bad-inputs.md, class 2) */
  static char p2[4200];
  if (!p2[0]) snprintf(p2, sizeof p2, "%s/u.npy", fuzz_workdir());
  FUZZ_REQUIRE(npy_save(p2, a.dtype, a.ndim, a.shape, a.data, &err) == 0, "write back");
  npy_array b;
  FUZZ_REQUIRE(npy_load(p2, &b, &err) == 0, "read back");
  FUZZ_REQUIRE(b.dtype == a.dtype && b.ndim == a.ndim && b.count == a.count, "same header");
  FUZZ_REQUIRE(!a.count || !memcmp(a.data, b.data, a.count * (size_t)a.dtype), "same values");
  npy_free(&a);
  npy_free(&b);
  unlink(p2); /* the work directory is removed at exit */
  return 0;
}
