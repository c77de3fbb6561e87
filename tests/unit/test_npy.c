/* Unit tests of the .npy reader and writer (c-model/npy.*): round trips of
 * every dtype, byte-exact headers as numpy.save writes them, and every
 * refusal of docs/encoder-int.md section 7.3 with its message. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "npy.h"

/* A .npy image: 10-byte v1 prelude + header text (padded to 64 with a
 * newline) + data. */
static size_t mk(unsigned char *buf, int major, const char *hdr, const void *data, size_t n) {
  size_t pre = major == 1 ? 10 : 12, hl = strlen(hdr);
  size_t total = pre + hl + 1, pad = (64 - total % 64) % 64, h = hl + pad + 1;
  memcpy(buf, "\x93NUMPY", 6);
  buf[6] = (unsigned char)major;
  buf[7] = 0;
  buf[8] = (unsigned char)(h & 0xff);
  buf[9] = (unsigned char)(h >> 8);
  if (major == 2) buf[10] = buf[11] = 0;
  memcpy(buf + pre, hdr, hl);
  memset(buf + pre + hl, ' ', pad);
  buf[pre + hl + pad] = '\n';
  memcpy(buf + pre + h, data, n);
  return pre + h + n;
}

static void test_round_trip(void **st) {
  char path[] = "/tmp/test_npy_XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  int8_t a8[6] = {-128, -1, 0, 1, 2, 127};
  int32_t a32[3] = {INT32_MIN, -2, INT32_MAX};
  int64_t a64[2] = {INT64_MIN, 1234567890123LL};
  int64_t s23[2] = {2, 3}, s3[1] = {3}, s2[1] = {2};
  trex_err err;
  npy_array a;
  assert_int_equal(npy_save(path, NPY_I8, 2, s23, a8, &err), 0);
  assert_int_equal(npy_load_as(path, NPY_I8, 2, s23, &a, &err), 0);
  assert_int_equal(memcmp(a.data, a8, 6), 0);
  npy_free(&a);
  /* the header as numpy.save (1.24) writes it for an int8 (2, 3) array:
   * 10 + 118 bytes (the dict, 20 spaces of room for the first axis, padding
   * to 128, a newline), then the 6 data bytes: 134 bytes in all */
  FILE *fp = fopen(path, "rb");
  unsigned char buf[256];
  size_t n = fread(buf, 1, sizeof buf, fp);
  fclose(fp);
  assert_int_equal(n, 128 + 6);
  const char *want = "{'descr': '|i1', 'fortran_order': False, 'shape': (2, 3), }";
  assert_int_equal(memcmp(buf + 10, want, strlen(want)), 0);
  assert_int_equal(buf[127], '\n');
  assert_int_equal(buf[8], 118);
  assert_int_equal(npy_save(path, NPY_I32, 1, s3, a32, &err), 0);
  assert_int_equal(npy_load_as(path, NPY_I32, 1, s3, &a, &err), 0);
  assert_int_equal(memcmp(a.data, a32, sizeof a32), 0);
  npy_free(&a);
  assert_int_equal(npy_save(path, NPY_I64, 1, s2, a64, &err), 0);
  assert_int_equal(npy_load(path, &a, &err), 0);
  assert_int_equal(a.dtype, NPY_I64);
  assert_int_equal(memcmp(a.data, a64, sizeof a64), 0);
  npy_free(&a);
  /* the wrong dtype or shape is named */
  assert_int_equal(npy_load_as(path, NPY_I32, 1, s2, &a, &err), -1);
  assert_non_null(strstr(err.msg, "dtype int64, expected int32"));
  int64_t s4[1] = {4};
  assert_int_equal(npy_load_as(path, NPY_I64, 1, s4, &a, &err), -1);
  assert_non_null(strstr(err.msg, "shape (2,), expected (4,)"));
  int64_t any[2] = {-1, 3};
  assert_int_equal(npy_save(path, NPY_I8, 2, s23, a8, &err), 0);
  assert_int_equal(npy_load_as(path, NPY_I8, 2, any, &a, &err), 0);
  npy_free(&a);
  assert_int_equal(npy_load("/nonexistent/x.npy", &a, &err), -1);
  assert_non_null(strstr(err.msg, "/nonexistent/x.npy: cannot read"));
  unlink(path);
}

static void test_accepts(void **st) {
  unsigned char buf[512];
  trex_err err;
  npy_array a;
  /* little-endian decoding, '<i1', version 2, a scalar, an empty array */
  unsigned char d32[8] = {0x01, 0x02, 0x03, 0x04, 0xff, 0xff, 0xff, 0xff};
  size_t n = mk(buf, 1, "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }", d32, 8);
  assert_int_equal(npy_parse("x", buf, n, &a, &err), 0);
  assert_int_equal(((int32_t *)a.data)[0], 0x04030201);
  assert_int_equal(((int32_t *)a.data)[1], -1);
  npy_free(&a);
  n = mk(buf, 2, "{\"shape\": (1, 1), \"fortran_order\": False, \"descr\": \"<i1\"}", "\x85", 1);
  assert_int_equal(npy_parse("x", buf, n, &a, &err), 0);
  assert_int_equal(a.ndim, 2);
  assert_int_equal(((int8_t *)a.data)[0], -123);
  npy_free(&a);
  n = mk(buf, 1, "{'descr': '<i8', 'fortran_order': False, 'shape': (), }", "\x05\0\0\0\0\0\0\0", 8);
  assert_int_equal(npy_parse("x", buf, n, &a, &err), 0);
  assert_int_equal(a.ndim, 0);
  assert_int_equal(a.count, 1);
  npy_free(&a);
  n = mk(buf, 1, "{'descr': '|i1', 'fortran_order': False, 'shape': (0, 5), }", "", 0);
  assert_int_equal(npy_parse("x", buf, n, &a, &err), 0);
  assert_int_equal(a.count, 0);
  npy_free(&a);
}

static void test_refusals(void **st) {
  static const struct {
    const char *hdr;
    int major;
    size_t data;
    const char *want;
  } c[] = {
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 1, 8, "dtype '<f4' is not supported"},
      {"{'descr': '>i4', 'fortran_order': False, 'shape': (2,), }", 1, 8, "dtype '>i4' is not supported"},
      {"{'descr': '<i4', 'fortran_order': True, 'shape': (2,), }", 1, 8, "fortran_order True"},
      {"{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }", 1, 8, "needs more"},
      {"{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }", 1, 8, "needs fewer"},
      {"{'descr': '<i4', 'fortran_order': False, }", 1, 8, "missing key 'shape'"},
      {"{'descr': '<i4', 'fortran_order': False, 'shape': (2,), 'x': 1}", 1, 8, "unknown key 'x'"},
      {"{'descr': '<i4', 'descr': '<i4', 'fortran_order': False, 'shape': (2,)}", 1, 8, "key 'descr' twice"},
      {"{'descr': '<i4', 'fortran_order': False, 'shape': (2), }", 1, 8, "not a tuple"},
      {"{'descr': '<i4', 'fortran_order': False, 'shape': (-2,), }", 1, 8, "not a tuple"},
      {"{'descr': '<i4', 'fortran_order': 0, 'shape': (2,), }", 1, 8, "not True/False"},
      {"{'descr': '<i4', 'fortran_order': False, 'shape': (1,1,1,1,1,1,1,1,1,), }", 1, 4, "more than 8"},
      {"{'descr': '<i4', 'fortran_order': False, 'shape': (99999999999999,), }", 1, 8, "too large"},
      {"{'descr': '<i4', 'fortran_order': False, 'shape': (4294967296, 4294967296, 4294967296), }", 1, 8, "needs more"},
      {"['descr', '<i4']", 1, 0, "not a dict"},
      {"{'descr': '<i4', 'fortran_order': False, 'shape': (2,), } x", 1, 8, "text after the dict"},
  };
  unsigned char buf[512], data[16] = {0};
  trex_err err;
  npy_array a;
  for (size_t k = 0; k < sizeof c / sizeof c[0]; k++) {
    size_t n = mk(buf, c[k].major, c[k].hdr, data, c[k].data);
    memset(&err, 0, sizeof err);
    assert_int_equal(npy_parse("f.npy", buf, n, &a, &err), -1);
    if (!strstr(err.msg, c[k].want)) fprintf(stderr, "case %zu: %s\n", k, err.msg);
    assert_non_null(strstr(err.msg, c[k].want));
    assert_int_equal(strncmp(err.msg, "f.npy: ", 7), 0);
  }
  /* magic, version, truncation, header without its newline */
  size_t n = mk(buf, 1, "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }", data, 8);
  buf[1] = 'X';
  assert_int_equal(npy_parse("f.npy", buf, n, &a, &err), -1);
  assert_non_null(strstr(err.msg, "no \\x93NUMPY magic"));
  buf[1] = 'N';
  buf[6] = 3;
  assert_int_equal(npy_parse("f.npy", buf, n, &a, &err), -1);
  assert_non_null(strstr(err.msg, "version 3.0"));
  buf[6] = 1;
  assert_int_equal(npy_parse("f.npy", buf, 40, &a, &err), -1);
  assert_non_null(strstr(err.msg, "header truncated"));
  buf[n - 8 - 1] = ' ';
  assert_int_equal(npy_parse("f.npy", buf, n, &a, &err), -1);
  assert_non_null(strstr(err.msg, "newline"));
  assert_int_equal(npy_parse("f.npy", buf, 5, &a, &err), -1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_round_trip),
      cmocka_unit_test(test_accepts),
      cmocka_unit_test(test_refusals),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
