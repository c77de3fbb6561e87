/* Vector-set reader: config.json, weights.hex, inputs.hex [, expected.hex]
 * separated by "\n%%\n" lines (absent parts are empty files; expected.hex
 * is read only when the input has all four); a loaded set runs through the
 * golden model. */
#include <stdlib.h>

#include "fuzz_check.h"
#include "fuzz_util.h"
#include "xbar_model.h"
#include "xbar_vecset.h"

static const char *const names[4] = {"config.json", "weights.hex", "inputs.hex",
                                     "expected.hex"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const uint8_t *part[4];
  size_t len[4];
  int k = fuzz_split(data, size, part, len, 4);
  for (int i = 0; i < 4; i++)
    fuzz_put(i, names[i], i < k ? part[i] : data, i < k ? len[i] : 0);
  xbar_vecset vs;
  trex_err err = {{0}};
  if (fuzz_refused(xbar_vecset_load(fuzz_workdir(), k == 4, &vs, &err), &err, NULL)) {
    FUZZ_REQUIRE(!vs.w && !vs.x && !vs.y, "failed load left buffers");
    return 0;
  }
  const xbar_cfg *c = &vs.cfg;
  FUZZ_REQUIRE(xbar_cfg_check(c, "loaded", &err) == 0, "loaded config illegal");
  FUZZ_REQUIRE(vs.count > 0 && vs.w && vs.x, "loaded set incomplete");
  FUZZ_REQUIRE((k == 4) == (vs.y != NULL), "expected results loaded wrongly");
  xbar_model m;
  FUZZ_REQUIRE(xbar_model_init(&m, c, &err) == 0, "model init on a legal config");
  xbar_model_program(&m, vs.w);
  int32_t y[64];
  int n = vs.count < 16 ? vs.count : 16;
  for (int v = 0; v < n; v++) xbar_model_mvm(&m, vs.x + (size_t)v * c->rows, y);
  xbar_model_free(&m);
  xbar_vecset_free(&vs);
  return 0;
}
