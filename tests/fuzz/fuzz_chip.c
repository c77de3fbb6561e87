/* chip JSON (ctrl_chip_load), then the baseline schedule of deit-t on it. */
#include "ctrl_schedule.h"
#include "fuzz_check.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ctrl_chip c;
  trex_err err = {{0}};
  FUZZ_READ_OR_RETURN("chip.json", ctrl_chip_load, &c, &err);
  FUZZ_REQUIRE(ctrl_chip_check(&c, "loaded", &err) == 0, "loaded chip illegal");
  vit_model m;
  FUZZ_REQUIRE(vit_model_builtin("deit-t", &m, &err) == 0, "deit-t");
  ctrl_reuse r;
  FUZZ_REQUIRE(ctrl_reuse_parse("3,5:1", &r, &err) == 0, "reuse list");
  ctrl_schedule s;
  FUZZ_REQUIRE(ctrl_schedule_build(&m, &c, &r, &s, &err) == 0,
               "schedule on a legal chip");
  ctrl_schedule_free(&s);
  return 0;
}
