/* ctrl_regimg: register image and replay stimulus of trex_ctrl. */
#include "ctrl_regimg.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "trex_file.h"

int ctrl_reg_image(const vit_model *m, const ctrl_chip *c, const ctrl_reuse *r,
                   ctrl_reg_write w[CTRL_REG_IMAGE_WRITES]) {
  const ctrl_reg_write cfg[18] = {
      {0x00, (uint32_t)m->tokens},
      {0x01, (uint32_t)m->embedding},
      {0x02, (uint32_t)m->heads},
      {0x03, (uint32_t)m->mlp},
      {0x04, (uint32_t)m->depth},
      {0x05, (uint32_t)m->tb_hidden},
      {0x06, (uint32_t)m->tb_layers},
      {0x08, (uint32_t)c->tile.rows},
      {0x09, (uint32_t)c->tile.outs},
      {0x0a, (uint32_t)ctrl_chip_cycles_per_mvm(c)},
      {0x0b, (uint32_t)ctrl_chip_adc_per_mvm(c)},
      {0x0c, (uint32_t)ctrl_chip_cells_per_weight(c)},
      {0x0d, (uint32_t)c->par_tiles},
      {0x0e, (uint32_t)c->softmax_lanes},
      {0x0f, (uint32_t)c->ln_lanes},
      {0x10, (uint32_t)c->gelu_lanes},
      {0x11, (uint32_t)c->add_lanes},
      {0x12, (uint32_t)c->buf_lanes},
  };
  memcpy(w, cfg, sizeof cfg);
  int n = 18;
  uint64_t mask = 0;
  uint32_t src[64] = {0};
  for (int k = 0; r && k < r->n; k++) {
    int e = r->item[k].encoder, s = r->item[k].source;
    if (e < 0 || e > 63) continue;
    mask |= 1ULL << e;
    src[e] = s == CTRL_SRC_AUTO ? 0 : 0x100u | ((uint32_t)s & 0xffu);
  }
  w[n++] = (ctrl_reg_write){0x14, (uint32_t)mask};
  w[n++] = (ctrl_reg_write){0x15, (uint32_t)(mask >> 32)};
  for (int e = 0; e < 64; e++) w[n++] = (ctrl_reg_write){(uint8_t)(0x40 + e), src[e]};
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
