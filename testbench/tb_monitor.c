/* tb_monitor: the output handshake rules of the tile (tb_xbar.h,
 * docs/xbar-tile-rtl.md): while the driver holds a result with out_ready
 * low, out_valid stays high and out_data does not move; on the edge after
 * the handshake out_valid has fallen. The monitor only observes. */
#include <string.h>

#include "tb_xbar.h"

const char *tb_proto_text(tb_proto p) {
  static const char *const why[] = {"", "out_valid_o fell before out_ready_i",
                                    "out_data_o changed while held by out_ready_i low",
                                    "out_valid_o stayed high after the handshake"};
  return (int)p >= 0 && p <= TB_PROTO_VALID_STAYED ? why[p] : "?";
}

void tb_mon_begin(tb_mon *m, tb_run *r) {
  m->first = TB_PROTO_OK;
  tb_dut_get_out(r->d, r->ybuf);
}

void tb_mon_held(tb_mon *m, tb_run *r) {
  if (m->first) return;
  if (!tb_dut_out_valid(r->d)) {
    m->first = TB_PROTO_VALID_FELL;
    return;
  }
  tb_dut_get_out(r->d, r->hbuf);
  if (memcmp(r->hbuf, r->ybuf, sizeof(uint32_t) * (size_t)r->o->cfg.outs))
    m->first = TB_PROTO_DATA_MOVED;
}

void tb_mon_after(tb_mon *m, tb_run *r) {
  if (!m->first && tb_dut_out_valid(r->d)) m->first = TB_PROTO_VALID_STAYED;
}
