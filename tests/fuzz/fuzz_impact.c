/* impact CSV (search_impact_load): byte 0 picks the depth (1..64). An
 * accepted table has impact[0] = 0 and every impact finite; a negative one
 * is a measured gain (search_reuse.h; regress/impact/negative-impact-is-a-gain
 * is the input that showed this property had been left at ">= 0"). */
#include <math.h>

#include "fuzz_check.h"
#include "fuzz_util.h"
#include "search_reuse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  int depth = 1 + data[0] % VIT_MAX_DEPTH;
  const char *path = fuzz_put(0, "impact.csv", data + 1, size - 1);
  double impact[VIT_MAX_DEPTH];
  trex_err err = {{0}};
  if (fuzz_refused(search_impact_load(path, depth, impact, &err), &err, NULL)) {
    fuzz_line_in_file(&err, path, data + 1, size - 1);
    return 0;
  }
  FUZZ_REQUIRE(impact[0] == 0, "impact[0]");
  for (int i = 0; i < depth; i++)
    FUZZ_REQUIRE(isfinite(impact[i]), "impact not finite");
  return 0;
}
