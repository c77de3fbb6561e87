/* technology JSON (edap_tech_load), then EDAP of deit-t with it. */
#include <math.h>

#include "edap_calc.h"
#include "fuzz_check.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static edap_tech t;
  trex_err err = {{0}};
  FUZZ_READ_OR_RETURN("tech.json", edap_tech_load, &t, &err);
  for (int f = 0; f < EDAP_F_COUNT; f++)
    FUZZ_REQUIRE(isfinite(t.v[f]) && t.v[f] >= 0, "figure not finite or negative");
  edap_ctx x = {.tech = &t, .synth = NULL, .chip = ctrl_chip_default()};
  vit_model m;
  FUZZ_REQUIRE(vit_model_builtin("deit-t", &m, &err) == 0, "deit-t");
  static edap_result r;
  if (edap_eval(&x, &m, NULL, &r, &err)) fuzz_one_line(&err);
  return 0;
}
