/* config.json (xbar_cfg_load), then every derived figure of a legal tile. */
#include "fuzz_check.h"
#include "fuzz_util.h"
#include "xbar_cycles.h"
#include "xbar_model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  xbar_cfg c;
  trex_err err = {{0}};
  FUZZ_READ_OR_RETURN("config.json", xbar_cfg_load, &c, &err);
  char id[128];
  xbar_cfg_id(&c, id, sizeof id);
  FUZZ_REQUIRE(xbar_cycles_per_mvm(&c) > 0, "cycles per MVM");
  FUZZ_REQUIRE(xbar_cycles_run(&c, 1000) > 0, "cycles of a run");
  FUZZ_REQUIRE(xbar_adc_conversions_per_mvm(&c) > 0, "ADC conversions");
  FUZZ_REQUIRE(xbar_cfg_adc_shift(&c) >= 0, "ADC shift");
  xbar_model m;
  FUZZ_REQUIRE(xbar_model_init(&m, &c, &err) == 0, "model init on a legal config");
  xbar_model_free(&m);
  return 0;
}
