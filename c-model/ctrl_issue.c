/* ctrl_issue: see ctrl_issue.h. Follows rtl/ctrl_seq.sv state by state
 * (S_NEXT, S_DIV1..4, S_MULGO/S_MULW steps, S_CALC); keep the two in step. */
#include "ctrl_issue.h"

#include "ctrl_cycles.h"

/* a product whose multiplier (second factor) is b */
static uint64_t mul(uint64_t b) {
  uint64_t e = CTRL_ISSUE_MUL;
  for (; b; b >>= 1) e++;
  return e;
}

/* S_DIV1 ceil(k/R), S_DIV2 ceil(n/O), steps 1-2 tiles = h*q1*q2, S_DIV3
 * (par_tiles != 0), S_CALC; *q3 = the rounds, *tiles */
static uint64_t tiles_part(const ctrl_issue_chip *c, uint64_t h, uint64_t k, uint64_t n,
                           uint64_t *q3) {
  uint64_t q1 = ctrl_cdiv(k, c->R), q2 = ctrl_cdiv(n, c->O);
  uint64_t e = 2 * CTRL_ISSUE_DIV + mul(q1) + mul(q2) + 1;
  uint64_t tiles = h * q1 * q2;
  *q3 = 1;
  if (c->par) {
    e += CTRL_ISSUE_DIV;
    *q3 = ctrl_cdiv(tiles, c->par);
  }
  return e;
}

uint64_t ctrl_issue_mm(const ctrl_issue_chip *c, uint64_t h, uint64_t m, uint64_t k, uint64_t n,
                       int requant) {
  uint64_t q3, e = tiles_part(c, h, k, n, &q3);
  /* steps 3..10: h*m, *k, *n, h*m*n, tiles*m, *A, m*P, *q3 */
  e += mul(m) + mul(k) + mul(n) + mul(n) + mul(m) + mul(c->A) + mul(c->P) + mul(q3);
  if (!requant || m == 0) return e;
  /* S_DIV4 ceil(n/add_lanes); steps 16 B = h*q1, 17 period = P*q3, 18 the hold */
  uint64_t q1 = ctrl_cdiv(n, c->add_lanes), B = h * q1, period = c->P * q3;
  uint64_t hold = B + 1 > period ? B + 1 - period : 0;
  return e + CTRL_ISSUE_DIV + mul(q1) + mul(q3) + mul(hold);
}

uint64_t ctrl_issue_wr(const ctrl_issue_chip *c, uint64_t h, uint64_t k, uint64_t n) {
  uint64_t q3, e = tiles_part(c, h, k, n, &q3);
  /* steps 11..14: rows*q3, h*k, *n, *C */
  return e + mul(q3) + mul(k) + mul(n) + mul(c->C);
}

uint64_t ctrl_issue_ew(ctrl_unit u, uint64_t m, uint64_t n, uint64_t lanes) {
  ctrl_unit_cyc uc = ctrl_unit_cycles(u);
  /* step 0 m*n, S_DIV1 (beats), S_CALC; a row unit: step 15 m * row cycles */
  uint64_t e = mul(n) + CTRL_ISSUE_DIV + 1;
  if (uc.row) e += mul((uint64_t)uc.passes * ctrl_cdiv(n, lanes) + (uint64_t)uc.extra);
  return e;
}

uint64_t ctrl_issue_wait(uint64_t edges, uint64_t prev_cycles, int first) {
  if (first) return edges + 1;
  return edges + 1 > prev_cycles ? edges + 1 - prev_cycles : 0;
}
