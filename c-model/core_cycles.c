/* core_cycles: see core_cycles.h and docs/core.md "Cycles". */
#include "core_cycles.h"

#include "ctrl_cycles.h"
#include "xbar_cycles.h"

uint64_t core_cycles_op(const core_geom *g, const ctrl_chip *c, int op, uint64_t m, uint64_t k,
                        uint64_t n, int heads) {
  const ctrl_op_row *o = ctrl_op_info(op);
  if (!o || op == CTRL_OP_PRUNE) return 0; /* the execution unit has no prune */
  uint64_t P = (uint64_t)xbar_cycles_per_mvm(&c->tile), L = (uint64_t)g->lanes;
  switch (o->family) {
    case CTRL_FAM_MM: {
      /* every tile of the op at once (par_tiles 0): one round */
      uint64_t h = (op == CTRL_OP_QK || op == CTRL_OP_SV) ? (uint64_t)heads : 1;
      return ctrl_cyc_mm(m, h, n, P, L, ctrl_op_requantises((ctrl_op)op));
    }
    case CTRL_FAM_WR: return ctrl_cyc_wr(k < (uint64_t)g->rows ? k : (uint64_t)g->rows, 1);
    default: return ctrl_cyc_ew(o->unit, m, n, L);
  }
}
