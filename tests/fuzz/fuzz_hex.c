/* xbar_hex_read on its own: byte 0 picks the width (1..32 bits), byte 1 the
 * expected count (-1 = any, else 0..62), the rest is the file. */
#include <stdlib.h>

#include "fuzz_check.h"
#include "fuzz_util.h"
#include "xbar_vecset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2) return 0;
  int bits = 1 + data[0] % 32;
  long want = (long)(data[1] % 64) - 1;
  const char *path = fuzz_put(0, "values.hex", data + 2, size - 2);
  uint32_t *v = NULL;
  long n = -7;
  trex_err err = {{0}};
  if (fuzz_refused(xbar_hex_read(path, bits, want, &v, &n, &err), &err, NULL)) {
    fuzz_line_in_file(&err, path, data + 2, size - 2);
    return 0;
  }
  FUZZ_REQUIRE(want < 0 || n == want, "count differs from the expected one");
  FUZZ_REQUIRE(n >= 0, "negative count");
  for (long i = 0; i < n; i++)
    FUZZ_REQUIRE(bits == 32 || (v[i] >> bits) == 0, "value wider than bits");
  free(v);
  return 0;
}
