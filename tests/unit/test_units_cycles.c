/* Unit tests of the digital units' cycle formulas (c-model/units_cycles.*,
 * docs/encoder-units.md "Cycles"): hand-derived values from the phase
 * counts of the RTL (the RTL itself is checked against these functions
 * row by row by make sim-units). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ctrl_contract.h"
#include "units_cycles.h"

static void test_beats(void **st) {
  (void)st;
  assert_int_equal(units_beats(1, 64), 1);
  assert_int_equal(units_beats(64, 64), 1);
  assert_int_equal(units_beats(65, 64), 2);
  assert_int_equal(units_beats(197, 64), 4);
  assert_int_equal(units_beats(7, 3), 3);
  assert_int_equal(units_beats(0, 4), 0);   /* illegal: 0 */
  assert_int_equal(units_beats(5, 0), 0);
  assert_int_equal(units_seq_cycles(25, 1), 25);
  assert_int_equal(units_seq_cycles(25, 4), 7);
  assert_int_equal(units_seq_cycles(41, 41), 1);
  assert_int_equal(units_seq_cycles(32, 64), 1);
}

static void test_softmax(void **st) {
  (void)st;
  /* LOAD 4 + SUM 4+1 + DIV 25 (last edge issues beat 0) + OUT 4-1 beats + 2
   * stages: 3*4 + 25 + 2 = 39 at T = 197 on 64 lanes */
  assert_int_equal(units_softmax_row(197, 64, 1), 39);
  assert_int_equal(units_softmax_row(1, 1, 1), 3 + 25 + 2);
  assert_int_equal(units_softmax_row(17, 4, 5), 3 * 5 + 5 + 2);
  assert_int_equal(units_softmax_row(64, 4, 1), 3 * 16 + 25 + 2);
  assert_int_equal(units_softmax_row(0, 4, 1), 0);
  assert_int_equal(units_softmax_row(10, 4, 0), 0);
}

static void test_ln(void **st) {
  (void)st;
  /* LOAD 3 + STAT 1 + SQRT 32 + DIV 41 + NORM 3-1 beats + 4 stages:
   * 2*3 + 32 + 41 + 4 = 83 at E = 192 on 64 lanes */
  assert_int_equal(units_ln_row(192, 64, 1), 83);
  assert_int_equal(units_ln_row(768, 64, 4), 2 * 12 + 8 + 11 + 4);
  assert_int_equal(units_ln_row(1, 1, 41), 2 + 1 + 1 + 4);
  assert_int_equal(units_ln_row(0, 4, 1), 0);
}

static void test_ew(void **st) {
  (void)st;
  assert_int_equal(units_ew(197 * 768, 64, UNITS_GELU_STAGES), 2364 + 1);
  assert_int_equal(units_ew(10, 4, UNITS_ADD_STAGES), 3 + 2);
  assert_int_equal(units_ew(1, 1, UNITS_REQUANT_STAGES), 3);
  assert_int_equal(units_ew(0, 4, 2), 0);
}

/* The controller's view of the units (ctrl_unit_cycles, which the SV package
 * carries to the RTL) is exactly these functions at the chip's STEPS. */
static void test_ctrl_view(void **st) {
  (void)st;
  assert_int_equal(units_softmax_fixed(1), 27);
  assert_int_equal(units_ln_fixed(1), 77);
  assert_int_equal(units_softmax_fixed(4), 9);
  assert_int_equal(units_ln_fixed(0), 0);
  const ctrl_unit_cyc sm = ctrl_unit_cycles(CTRL_UNIT_SOFTMAX), ln = ctrl_unit_cycles(CTRL_UNIT_LN),
                      ge = ctrl_unit_cycles(CTRL_UNIT_GELU), ad = ctrl_unit_cycles(CTRL_UNIT_ADD),
                      bf = ctrl_unit_cycles(CTRL_UNIT_BUF);
  assert_true(sm.row && ln.row && !ge.row && !ad.row && !bf.row);
  for (int64_t n = 1; n <= 300; n += 7)
    for (int lanes = 1; lanes <= 70; lanes += 3) {
      int64_t b = units_beats(n, lanes);
      assert_int_equal(sm.passes * b + sm.extra, units_softmax_row(n, lanes, UNITS_CHIP_STEPS));
      assert_int_equal(ln.passes * b + ln.extra, units_ln_row(n, lanes, UNITS_CHIP_STEPS));
      assert_int_equal(b + ge.extra, units_ew(n, lanes, UNITS_GELU_STAGES));
      assert_int_equal(b + ad.extra, units_ew(n, lanes, UNITS_ADD_STAGES));
      assert_int_equal(b + bf.extra, b);
    }
  assert_true(ctrl_op_requantises(CTRL_OP_FC1) && ctrl_op_requantises(CTRL_OP_QK) &&
              ctrl_op_requantises(CTRL_OP_PATCH_EMBED));
  assert_false(ctrl_op_requantises(CTRL_OP_HEAD) || ctrl_op_requantises(CTRL_OP_K_WRITE) ||
               ctrl_op_requantises(CTRL_OP_GELU));
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_beats), cmocka_unit_test(test_softmax),
                                     cmocka_unit_test(test_ln), cmocka_unit_test(test_ew),
                                     cmocka_unit_test(test_ctrl_view)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
