/* reuse-list parser (ctrl_reuse_parse): format/parse round trip, then the
 * schedule of deit-s with the list (legal or an error, never a crash). */
#include <stdlib.h>

#include "ctrl_schedule.h"
#include "fuzz_check.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 4096) return 0;
  char s[4097];
  memcpy(s, data, size);
  s[size] = '\0';
  ctrl_reuse r;
  trex_err err = {{0}};
  /* one line even when the list it quotes spans lines */
  if (fuzz_refused(ctrl_reuse_parse(s, &r, &err), &err, NULL)) return 0;
  FUZZ_REQUIRE(r.n >= 0 && r.n <= CTRL_REUSE_MAX, "entry count");
  static char buf[4096];
  ctrl_reuse_format(&r, buf, sizeof buf);
  ctrl_reuse r2;
  FUZZ_REQUIRE(ctrl_reuse_parse(buf, &r2, &err) == 0, "formatted list does not parse");
  FUZZ_REQUIRE(r2.n == r.n, "round trip changed the entry count");
  for (int k = 0; k < r.n; k++)
    FUZZ_REQUIRE(r2.item[k].encoder == r.item[k].encoder &&
                     r2.item[k].source == r.item[k].source,
                 "round trip changed an entry");
  vit_model m;
  FUZZ_REQUIRE(vit_model_builtin("deit-s", &m, &err) == 0, "deit-s");
  ctrl_chip c = ctrl_chip_default();
  ctrl_schedule sc;
  if (ctrl_schedule_build(&m, &c, &r, &sc, &err)) {
    fuzz_one_line(&err);
    FUZZ_REQUIRE(sc.ops == NULL, "failed build left ops");
  }
  ctrl_schedule_free(&sc);
  return 0;
}
