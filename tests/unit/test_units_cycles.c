/* Unit tests of the digital units' cycle formulas (c-model/units_cycles.*,
 * docs/encoder-units.md "Cycles"): hand-derived values from the phase
 * counts of the RTL (the RTL itself is checked against these functions
 * row by row by make sim-units). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

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

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_beats), cmocka_unit_test(test_softmax),
                                     cmocka_unit_test(test_ln), cmocka_unit_test(test_ew)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
