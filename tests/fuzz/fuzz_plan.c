/* Study plan of `trex accuracy-study --plan FILE` (acc_plan_load): a plan it
 * accepts has its counts within the declared bounds and unique, legal
 * non-ideality names; a refused one gets one line naming the file. */
#include <string.h>

#include "acc_plan.h"
#include "fuzz_check.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_put(0, "plan.json", data, size);
  static acc_plan p; /* large: not on the stack */
  trex_err err = {{0}};
  if (fuzz_refused(acc_plan_load(path, &p, &err), &err, NULL)) {
    fuzz_line_in_file(&err, path, data, size);
    FUZZ_REQUIRE(strstr(err.msg, path) != NULL, "message names the file");
    return 0;
  }
  FUZZ_REQUIRE(p.n_ni >= 0 && p.n_ni <= ACC_PLAN_MAX_NI, "n_ni");
  FUZZ_REQUIRE(p.n_lists >= 0 && p.n_lists <= ACC_PLAN_MAX_LISTS, "n_lists");
  FUZZ_REQUIRE(p.n_ni_lists >= 0 && p.n_ni_lists <= ACC_PLAN_MAX_LISTS, "n_ni_lists");
  FUZZ_REQUIRE(p.n_budgets >= 0 && p.n_budgets <= ACC_PLAN_MAX_BUDGETS, "n_budgets");
  FUZZ_REQUIRE(p.n_rows >= 0 && p.n_rows <= ACC_PLAN_MAX_SWEEP, "n_rows");
  FUZZ_REQUIRE(p.n_cells >= 0 && p.n_cells <= ACC_PLAN_MAX_SWEEP, "n_cells");
  FUZZ_REQUIRE(p.seeds >= 0 && p.limit >= 0 && p.ni_limit >= 0, "counts");
  for (int i = 0; i < p.n_ni; i++) {
    FUZZ_REQUIRE(p.ni[i].name[0] != '\0', "empty non-ideal name");
    FUZZ_REQUIRE(strspn(p.ni[i].name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                      "0123456789_-") == strlen(p.ni[i].name),
                 "non-ideal name outside [A-Za-z0-9_-]");
    for (int j = 0; j < i; j++)
      FUZZ_REQUIRE(strcmp(p.ni[i].name, p.ni[j].name), "non-ideal name twice");
  }
  FUZZ_REQUIRE(p.drop_limit == p.drop_limit && p.adc_hold == p.adc_hold, "NaN accepted");
  return 0;
}
