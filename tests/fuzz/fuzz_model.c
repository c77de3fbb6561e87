/* model JSON (vit_model_load), then its baseline and a reuse schedule. */
#include "ctrl_schedule.h"
#include "fuzz_check.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  vit_model m;
  trex_err err = {{0}};
  FUZZ_READ_OR_RETURN("model.json", vit_model_load, &m, &err);
  FUZZ_REQUIRE(vit_model_check(&m, "loaded", &err) == 0, "loaded model illegal");
  ctrl_chip c = ctrl_chip_default();
  ctrl_schedule s;
  FUZZ_REQUIRE(ctrl_schedule_build(&m, &c, NULL, &s, &err) == 0,
               "baseline schedule of a legal model");
  FUZZ_REQUIRE(s.totals.ops == s.n_ops, "totals.ops");
  ctrl_schedule_free(&s);
  if (m.depth > 2) {
    ctrl_reuse r;
    FUZZ_REQUIRE(ctrl_reuse_parse("1", &r, &err) == 0, "reuse list");
    FUZZ_REQUIRE(ctrl_schedule_build(&m, &c, &r, &s, &err) == 0,
                 "reuse schedule of a legal model");
    ctrl_schedule_free(&s);
  }
  return 0;
}
