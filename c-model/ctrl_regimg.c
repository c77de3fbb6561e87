/* ctrl_regimg: register image and replay stimulus of trex_ctrl. */
#include "ctrl_regimg.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "trex_file.h"

int ctrl_reg_image(const vit_model *m, const ctrl_chip *c, const ctrl_reuse *r,
                   ctrl_reg_write w[CTRL_REG_IMAGE_WRITES]) {
  int n = 0;
#define CTRL_REG_MODEL(id, addr, key, lo, hi) w[n++] = (ctrl_reg_write){addr, (uint32_t)m->key};
#define CTRL_REG_CHIP(id, addr, key, lo, hi) w[n++] = (ctrl_reg_write){addr, (uint32_t)c->key};
#define CTRL_REG_FIGURE(id, addr, fn, lo, hi, doc) w[n++] = (ctrl_reg_write){addr, (uint32_t)fn(c)};
#include "ctrl_contract.def"
  uint64_t mask = 0;
  uint32_t src[CTRL_REG_SRC_COUNT] = {0};
  for (int k = 0; r && k < r->n; k++) {
    int e = r->item[k].encoder, s = r->item[k].source;
    if (e < 0 || e >= CTRL_REG_SRC_COUNT) continue;
    mask |= 1ULL << e;
    src[e] = s == CTRL_SRC_AUTO ? 0
                                : 1u << CTRL_SRC_EXPLICIT_LSB |
                                      ((uint32_t)s & ((1u << CTRL_SRC_INDEX_W) - 1u))
                                          << CTRL_SRC_INDEX_LSB;
  }
#define CTRL_REG_MASK(id, addr, lsb) w[n++] = (ctrl_reg_write){addr, (uint32_t)(mask >> lsb)};
#include "ctrl_contract.def"
  for (int e = 0; e < CTRL_REG_SRC_COUNT; e++)
    w[n++] = (ctrl_reg_write){(uint8_t)(CTRL_REG_SRC + e), src[e]};
  return n;
}

int ctrl_reg_image_check(const vit_model *m, trex_err *err) {
  if (vit_model_pruned(m))
    return trex_errf(err, "model '%s': per-encoder token counts (encoder_tokens) cannot be "
                     "expressed in the RTL controller's registers (C model only)", m->name);
  if (vit_model_shared(m))
    return trex_errf(err, "model '%s': weight sharing (share_attention, share_mlp) cannot be "
                     "expressed in the RTL controller's registers (C model only)", m->name);
  return 0;
}

int ctrl_reg_image_save(const char *path, const ctrl_schedule *s, const ctrl_reuse *r,
                        trex_err *err) {
  if (ctrl_reg_image_check(&s->model, err)) return -1;
  ctrl_reg_write w[CTRL_REG_IMAGE_WRITES];
  int n = ctrl_reg_image(&s->model, &s->chip, r, w);
  trex_wfile f;
  if (trex_wfile_open(&f, path, err)) return -1;
  char list[1024];
  ctrl_reuse_format(r, list, sizeof list);
  fprintf(f.fp,
          "# trex_ctrl replay stimulus (trex schedule --regs): model %s, reuse '%s'\n"
          "# w ADDR DATA: register writes before start; c J VALUE: counter J after the\n"
          "# run; s: final status (0 done); o: descriptors issued\n",
          s->model.name, list);
  for (int k = 0; k < n; k++) fprintf(f.fp, "w %02x %08" PRIx32 "\n", w[k].addr, w[k].data);
  uint64_t cnt[CTRL_N_COUNTERS];
  ctrl_totals_counters(&s->totals, cnt);
  for (int j = 0; j < CTRL_N_COUNTERS; j++) fprintf(f.fp, "c %d %016" PRIx64 "\n", j, cnt[j]);
  fprintf(f.fp, "s %d\no %zu\n", (int)s->status, s->n_ops);
  return trex_wfile_commit(&f, err);
}
