/* core_cycles: see core_cycles.h and docs/core.md "Cycles". */
#include "core_cycles.h"

#include "ctrl_schedule.h"
#include "units_cycles.h"
#include "xbar_cycles.h"

static uint64_t cdiv(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

/* family of an op code in the execution unit's decode table */
enum { FAM_MM, FAM_HEAD, FAM_WR, FAM_LN, FAM_SM, FAM_GELU, FAM_ADD, FAM_COPY, FAM_NONE };

static int family(int op) {
  switch (op) {
  case CTRL_OP_LN1: case CTRL_OP_LN2: case CTRL_OP_TB_LN: case CORE_OP_FINAL_LN: return FAM_LN;
  case CTRL_OP_Q_PROJ: case CTRL_OP_K_PROJ: case CTRL_OP_V_PROJ: case CTRL_OP_QK: case CTRL_OP_SV:
  case CTRL_OP_OUT_PROJ: case CTRL_OP_TB_FC1: case CTRL_OP_TB_FC2: case CTRL_OP_FC1:
  case CTRL_OP_FC2: case CORE_OP_PATCH_EMBED: return FAM_MM;
  case CORE_OP_HEAD: return FAM_HEAD;
  case CTRL_OP_K_WRITE: case CTRL_OP_V_WRITE: return FAM_WR;
  case CTRL_OP_SOFTMAX: return FAM_SM;
  case CTRL_OP_GELU: case CTRL_OP_TB_GELU: return FAM_GELU;
  case CTRL_OP_RESIDUAL1: case CTRL_OP_RESIDUAL2: case CORE_OP_POS_EMBED: return FAM_ADD;
  case CTRL_OP_REUSE_STORE: case CTRL_OP_REUSE_LOAD: return FAM_COPY;
  default: return FAM_NONE;
  }
}

void core_cycles_terms(const core_geom *g, const ctrl_chip *c, int op, uint64_t m, uint64_t k,
                       uint64_t n, int heads, uint64_t *base, uint64_t *lut, uint64_t *fixed,
                       uint64_t *pipe) {
  uint64_t P = (uint64_t)xbar_cycles_per_mvm(&c->tile);
  uint64_t L = (uint64_t)g->lanes;
  *base = *lut = *fixed = *pipe = 0;
  int f = family(op);
  switch (f) {
  case FAM_MM: {
    /* accept, set-up, first gather; m MVMs P apart (or the requantisation
     * stream of a token, when longer); last token's stream and its two
     * requantise stages; the done test and the done edge */
    uint64_t hn = (op == CTRL_OP_QK || op == CTRL_OP_SV) ? (uint64_t)heads : 1;
    uint64_t beats = hn * cdiv(n, L);
    uint64_t Q = beats + 1 > P ? beats + 1 : P;
    *base = m * P;
    *fixed = 7;
    *pipe = (m - 1) * (Q - P) + beats;
    break;
  }
  case FAM_HEAD:
    *base = m * P;
    *fixed = 5;
    break;
  case FAM_WR:
    *base = k < (uint64_t)g->rows ? k : (uint64_t)g->rows;
    *fixed = 4;
    break;
  case FAM_LN: {
    uint64_t row = (uint64_t)units_ln_row((int64_t)n, g->lanes, 1);
    *base = cdiv(m * n, L);
    *fixed = 4;
    *pipe = m * row - *base;
    break;
  }
  case FAM_SM: {
    uint64_t row = (uint64_t)units_softmax_row((int64_t)n, g->lanes, 1);
    *base = cdiv(m * n, L);
    *lut = 256;
    *fixed = 4;
    *pipe = m * row - *base;
    break;
  }
  case FAM_GELU:
    *base = cdiv(m * n, L);
    *lut = 256;
    *fixed = 4;
    *pipe = (uint64_t)units_ew((int64_t)(m * n), g->lanes, 1) - *base;
    break;
  case FAM_ADD:
    *base = cdiv(m * n, L);
    *fixed = 4;
    *pipe = (uint64_t)units_ew((int64_t)(m * n), g->lanes, 2) - *base;
    break;
  case FAM_COPY:
    *base = cdiv(m * n, L);
    *fixed = 4;
    break;
  default: break;
  }
}

uint64_t core_cycles_op(const core_geom *g, const ctrl_chip *c, int op, uint64_t m, uint64_t k,
                        uint64_t n, int heads) {
  uint64_t b, l, f, p;
  core_cycles_terms(g, c, op, m, k, n, heads, &b, &l, &f, &p);
  return b + l + f + p;
}
