/* model.json of an integer ViT model directory (model_parse_json): a parsed
 * model is legal for the controller, its reuse pairs are legal and distinct,
 * and its layer list is complete (the tensors are not read). */
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "fuzz_util.h"
#include "model_dir.h"
#include "trex_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_put(0, "model.json", data, size);
  trex_err err = {{0}};
  cJSON *root = trex_json_load(path, &err);
  if (fuzz_refused(!root, &err, NULL)) {
    fuzz_line_in_file(&err, path, data, size);
    return 0;
  }
  model_int m;
  int rc = model_parse_json(root, path, &m, &err);
  cJSON_Delete(root);
  if (fuzz_refused(rc, &err, path)) return 0;
  FUZZ_REQUIRE(vit_model_check(&m.vm, "parsed", &err) == 0, "parsed model illegal");
  FUZZ_REQUIRE(m.vm.tokens == model_tokens_of_image(&m), "tokens fit the image");
  FUZZ_REQUIRE(m.vm.patch_dim == m.channels * m.patch * m.patch, "patch_dim");
  for (int t = 0; t < m.n_tb; t++) {
    FUZZ_REQUIRE(m.tb[t].src >= 0 && m.tb[t].src < m.tb[t].enc && m.tb[t].enc < m.vm.depth,
                 "reuse pair range");
    FUZZ_REQUIRE(model_tb_index(&m, m.tb[t].enc, m.tb[t].src) == t, "reuse pair twice");
  }
  model_layer *L;
  long nl = model_layers(&m, &L);
  FUZZ_REQUIRE(nl == 4 + 14L * m.vm.depth + (m.vm.tb_layers == 2 ? 4L : 3L) * m.n_tb,
               "layer count");
  free(L);
  model_free(&m);
  return 0;
}
