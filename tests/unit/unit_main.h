/* UNIT_MAIN: the main() of a unit-test program, written once: the cmocka
 * table of the test functions named and the run of the group (include after
 * <cmocka.h>). UNIT_MAIN("tests", setup, teardown, test_a, test_b, ...)
 * is
 *   int main(void) {
 *     const struct CMUnitTest tests[] = {cmocka_unit_test(test_a), ...};
 *     return cmocka_run_group_tests_name("tests", tests, setup, teardown);
 *   }
 * (cmocka_run_group_tests(tests, ...) names its group "tests"). */
#ifndef UNIT_MAIN_H
#define UNIT_MAIN_H

/* UNIT_MAP_(f, a, b, ...) is f(a) f(b) ...: the map macro of Paul Fultz /
 * William Swanson (public domain), rescanned 3^4 = 81 times, so up to 80
 * names. */
#define UNIT_EVAL0_(...) __VA_ARGS__
#define UNIT_EVAL1_(...) UNIT_EVAL0_(UNIT_EVAL0_(UNIT_EVAL0_(__VA_ARGS__)))
#define UNIT_EVAL2_(...) UNIT_EVAL1_(UNIT_EVAL1_(UNIT_EVAL1_(__VA_ARGS__)))
#define UNIT_EVAL_(...) UNIT_EVAL2_(UNIT_EVAL2_(UNIT_EVAL2_(__VA_ARGS__)))
#define UNIT_MAP_END_(...)
#define UNIT_MAP_OUT_
#define UNIT_MAP_GET_END2_() 0, UNIT_MAP_END_
#define UNIT_MAP_GET_END1_(...) UNIT_MAP_GET_END2_
#define UNIT_MAP_GET_END_(...) UNIT_MAP_GET_END1_
#define UNIT_MAP_NEXT0_(test, next, ...) next UNIT_MAP_OUT_
#define UNIT_MAP_NEXT1_(test, next) UNIT_MAP_NEXT0_(test, next, 0)
#define UNIT_MAP_NEXT_(test, next) UNIT_MAP_NEXT1_(UNIT_MAP_GET_END_ test, next)
#define UNIT_MAP0_(f, x, peek, ...) f(x) UNIT_MAP_NEXT_(peek, UNIT_MAP1_)(f, peek, __VA_ARGS__)
#define UNIT_MAP1_(f, x, peek, ...) f(x) UNIT_MAP_NEXT_(peek, UNIT_MAP0_)(f, peek, __VA_ARGS__)
#define UNIT_MAP_(f, ...) UNIT_EVAL_(UNIT_MAP1_(f, __VA_ARGS__, ()()(), ()()(), ()()(), 0))

#define UNIT_TEST_(f) cmocka_unit_test(f),

#define UNIT_MAIN(group, setup, teardown, ...)                                  \
  int main(void) {                                                              \
    const struct CMUnitTest unit_tests_[] = {UNIT_MAP_(UNIT_TEST_, __VA_ARGS__)}; \
    return cmocka_run_group_tests_name(group, unit_tests_, setup, teardown);    \
  }

#endif
