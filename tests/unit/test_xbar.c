/* Unit tests of the golden crossbar tile model (c-model/xbar_*). */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "trex_rng.h"
#include "xbar_cycles.h"
#include "xbar_model.h"
#include "xbar_nonideal.h"
#include "xbar_ref.h"
#include "xbar_vecgen.h"
#include "xbar_vecset.h"
#include "unit_util.h"

/* Weights *w and nvec input vectors *x (malloc'd) for the tile c, drawn by
 * xbar_vecgen with seed in the given mode. */
static void run_random(const xbar_cfg *c, uint64_t seed, int nvec, int mode,
                       int32_t **w, int32_t **x) {
  *w = malloc(sizeof(int32_t) * (size_t)c->rows * (size_t)c->outs);
  *x = malloc(sizeof(int32_t) * (size_t)nvec * (size_t)c->rows);
  xbar_vecgen(c, nvec, seed, (xbar_gen_mode)mode, *w, *x);
}

/* A random legal configuration (unit_random_cfg; `lossless` forces adc_bits
 * >= bitlen(fs)) and its random weights and vectors (run_random). */
static xbar_cfg random_run(trex_rng *r, int lossless, int max_outs, uint64_t seed, int nvec,
                           int mode, int32_t **w, int32_t **x) {
  xbar_cfg c = unit_random_cfg(r, lossless, max_outs);
  run_random(&c, seed, nvec, mode, w, x);
  return c;
}

/* Lossless ADC: the tile computes the exact integer product, both encodings. */
static void test_lossless_is_exact(void **state) {
  (void)state;
  trex_rng r = unit_rng(11);
  for (int t = 0; t < 300; t++) {
    int32_t *w, *x;
    xbar_cfg c = random_run(&r, 1, 16, (uint64_t)t, 8, t % 3, &w, &x);
    assert_int_equal(xbar_cfg_check(&c, "t", NULL), 0);
    assert_int_equal(xbar_cfg_adc_shift(&c), 0);
    xbar_model m;
    assert_int_equal(xbar_model_init(&m, &c, NULL), 0);
    xbar_model_program(&m, w);
    int32_t y[64];
    int64_t e[64];
    for (int v = 0; v < 8; v++) {
      xbar_model_mvm(&m, x + v * c.rows, y);
      xbar_ref_exact(&c, w, x + v * c.rows, e);
      for (int j = 0; j < c.outs; j++) assert_int_equal((int64_t)y[j], e[j]);
    }
    xbar_model_free(&m);
    free(w);
    free(x);
  }
}

/* The bit-plane/popcount path equals the per-bit reference, lossy or not. */
static void test_fast_equals_reference(void **state) {
  (void)state;
  trex_rng r = unit_rng(12);
  for (int t = 0; t < 400; t++) {
    int32_t *w, *x;
    xbar_cfg c = random_run(&r, 0, 12, (uint64_t)t * 7 + 1, 6, t % 3, &w, &x);
    xbar_model m;
    assert_int_equal(xbar_model_init(&m, &c, NULL), 0);
    xbar_model_program(&m, w);
    int32_t y[64], yr[64];
    for (int v = 0; v < 6; v++) {
      xbar_model_mvm(&m, x + v * c.rows, y);
      xbar_ref_mvm(&c, w, x + v * c.rows, yr);
      for (int j = 0; j < c.outs; j++) assert_int_equal(y[j], yr[j]);
    }
    xbar_model_free(&m);
    free(w);
    free(x);
  }
}

/* The kernels this machine runs for m (AUTO first). */
static int kernels_of(const xbar_model *m, xbar_kernel *k) {
  int n = 0;
  k[n++] = XBAR_KERNEL_AUTO;
  k[n++] = XBAR_KERNEL_PORTABLE;
  int32_t x[256] = {0}, y[64];
  if (xbar_model_mvm_kernel(m, XBAR_KERNEL_POPCNT, x, y) == 0) k[n++] = XBAR_KERNEL_POPCNT;
  if (m->lossless) k[n++] = XBAR_KERNEL_EXACT;
  return n;
}

/* y of every kernel equals yr (or each other when yr is NULL). */
static void check_kernels(const xbar_model *m, const int32_t *x, const int32_t *yr,
                          const char *what) {
  xbar_kernel k[4];
  int nk = kernels_of(m, k);
  int32_t y0[64], y[64];
  assert_int_equal(xbar_model_mvm_kernel(m, k[0], x, y0), 0);
  for (int t = 0; t < nk; t++) {
    assert_int_equal(xbar_model_mvm_kernel(m, k[t], x, y), 0);
    for (int j = 0; j < m->cfg.outs; j++) {
      int32_t want = yr ? yr[j] : y0[j];
      if (y[j] != want) {
        char id[128];
        xbar_cfg_id(&m->cfg, id, sizeof id);
        fail_msg("%s: %s: kernel %d, output %d: %d, expected %d", id, what, (int)k[t], j, y[j],
                 want);
      }
    }
  }
}

/* Every kernel (auto, portable, POPCNT, exact) equals the per-bit reference
 * across the whole parameter space: every rows x (cell_bits, w_bits) x
 * x_bits x signedness x encoding (1820 combinations), each once with
 * adc_bits cycling through 1..12 and once with a lossless ADC; random outs
 * (every fifth 64) and cols_per_adc; corner stimulus (every input kind,
 * weight kinds cycling) and random vectors; single rows reprogrammed between
 * vectors. The kernels are also compared with each other on further random
 * vectors, and the auto kernel's name is checked against the dispatch. */
static void test_kernels_equal_reference_everywhere(void **state) {
  (void)state;
  static const int rows[] = {16, 32, 64, 128, 256};
  static const int cbs[] = {1, 2, 4};
  trex_rng r = unit_rng(21);
  long combos = 0, ref_mvms = 0, cross_mvms = 0;
  int32_t yr[64];
  for (int ri = 0; ri < 5; ri++)
    for (int ci = 0; ci < 3; ci++)
      for (int wb = 2; wb <= 8; wb++) {
        if (wb % cbs[ci]) continue;
        for (int xb = 2; xb <= 8; xb++)
          for (int sg = 0; sg < 2; sg++)
            for (int en = 0; en < 2; en++)
              for (int lossless = 0; lossless < 2; lossless++) {
                xbar_cfg c = {.rows = rows[ri], .cell_bits = cbs[ci], .w_bits = wb,
                              .x_bits = xb, .x_signed = sg,
                              .enc = en ? XBAR_ENC_DIFFERENTIAL : XBAR_ENC_OFFSET};
                c.outs = combos % 5 == 0 ? 64 : (int)trex_rng_range(&r, 1, 64);
                int need = xbar_bitlen((unsigned)(c.rows * ((1 << c.cell_bits) - 1)));
                c.adc_bits = lossless ? (int)trex_rng_range(&r, need, 12) : 1 + (int)(combos % 12);
                int pc = c.outs * (en ? 2 : 1) * (wb / cbs[ci]), opts[16], n = 0;
                for (int k = 1; k <= pc; k *= 2)
                  if (pc % k == 0) opts[n++] = k;
                c.cols_per_adc = opts[trex_rng_range(&r, 0, n - 1)];
                assert_int_equal(xbar_cfg_check(&c, "t", NULL), 0);
                combos++;
                /* the reference is slow on big tiles: fewer reference
                 * vectors there (corner kinds rotating over the
                 * configurations), the kernels compared with each other on
                 * many */
                long cost = (long)c.rows * c.outs * c.x_bits * (en ? 2 : 1) * (wb / cbs[ci]);
                int nref = cost >= 120000 ? 1 : (int)(120000 / cost), big = cost >= 120000;
                if (nref > 7) nref = 7;
                const int nrand = 24;
                int32_t *w, *x, *w2, *x2;
                uint64_t seed = (uint64_t)combos * 31u;
                run_random(&c, seed, 7, XBAR_GEN_CORNER, &w, &x);
                run_random(&c, seed + 1, nrand, XBAR_GEN_RANDOM, &w2, &x2);
                xbar_model m;
                assert_int_equal(xbar_model_init(&m, &c, NULL), 0);
                assert_int_equal(m.lossless, c.adc_bits >= need);
                assert_string_equal(xbar_model_kernel_name(&m),
                                    m.lossless ? "exact"
                                    : kernels_of(&m, (xbar_kernel[4]){0}) > 2 ? "popcnt"
                                                                              : "portable");
                xbar_model_program(&m, w);
                for (int v = 0; v < nref; v++) {
                  const int32_t *xv = x + (size_t)((v + combos) % 7) * c.rows;
                  xbar_ref_mvm(&c, w, xv, yr);
                  check_kernels(&m, xv, yr, "corner");
                  ref_mvms++;
                  /* reprogram one row with random weights, then a random vector */
                  int i = (int)trex_rng_range(&r, 0, c.rows - 1);
                  memcpy(&w[(size_t)i * c.outs], &w2[(size_t)i * c.outs], sizeof(int32_t) * (size_t)c.outs);
                  xbar_model_program_row(&m, i, &w[(size_t)i * c.outs]);
                  if (!big) {
                    xbar_ref_mvm(&c, w, x2 + (size_t)v * c.rows, yr);
                    ref_mvms++;
                  }
                  check_kernels(&m, x2 + (size_t)v * c.rows, big ? NULL : yr, "reprogrammed row");
                }
                xbar_model_program(&m, w2);
                for (int v = 0; v < nrand; v++) {
                  check_kernels(&m, x2 + (size_t)v * c.rows, NULL, "random");
                  cross_mvms++;
                }
                xbar_model_free(&m);
                free(w);
                free(x);
                free(w2);
                free(x2);
              }
      }
  assert_int_equal(combos, 2 * 1820);
  print_message("kernels vs reference: %ld configurations, %ld reference MVMs, %ld cross-kernel MVMs\n",
                combos, ref_mvms, cross_mvms);
}

/* ADC rounding and saturation at the edges, by hand from contract step 4.
 * rows 16, cell_bits 4: fs = 240, bitlen 8; adc_bits 3: sh 5, rnd 16,
 * qmax 7. */
static void test_adc_edges(void **state) {
  (void)state;
  xbar_cfg c = {.rows = 16, .outs = 1, .w_bits = 4, .cell_bits = 4, .x_bits = 2,
                .x_signed = false, .adc_bits = 3, .cols_per_adc = 1,
                .enc = XBAR_ENC_OFFSET};
  assert_int_equal(xbar_cfg_full_scale(&c), 240);
  assert_int_equal(xbar_cfg_adc_shift(&c), 5);
  assert_int_equal(xbar_adc(&c, 0), 0);
  assert_int_equal(xbar_adc(&c, 15), 0);  /* (15+16)>>5 = 0 */
  assert_int_equal(xbar_adc(&c, 16), 1);  /* half-way rounds up */
  assert_int_equal(xbar_adc(&c, 47), 1);  /* (47+16)>>5 = 1 */
  assert_int_equal(xbar_adc(&c, 48), 2);
  assert_int_equal(xbar_adc(&c, 208), 7); /* (208+16)>>5 = 7 */
  assert_int_equal(xbar_adc(&c, 239), 7); /* 255>>5 = 7 */
  assert_int_equal(xbar_adc(&c, 240), 7); /* 256>>5 = 8, saturates to 7 */
  /* adc_bits 8 = bitlen(fs): lossless, no shift, no saturation at fs */
  c.adc_bits = 8;
  assert_int_equal(xbar_cfg_adc_shift(&c), 0);
  assert_int_equal(xbar_adc(&c, 240), 240);
  /* adc_bits 1: sh 7, rnd 64: codes 0 or 1 */
  c.adc_bits = 1;
  assert_int_equal(xbar_adc(&c, 63), 0);
  assert_int_equal(xbar_adc(&c, 64), 1);
  assert_int_equal(xbar_adc(&c, 240), 1);
  /* End to end: all 16 rows hold w = 7 (u = 15), x = 1 (bit 0 only): the
   * phase-0 column sums to 240 and saturates at code 7 -> 7<<5 = 224. Phase 1
   * contributes 0. y = 224 - 8 * 16 = 96 (exact product would be 112). */
  c.adc_bits = 3;
  xbar_model m;
  assert_int_equal(xbar_model_init(&m, &c, NULL), 0);
  int32_t w[16], x[16], y[1];
  for (int i = 0; i < 16; i++) {
    w[i] = 7;
    x[i] = 1;
  }
  xbar_model_program(&m, w);
  xbar_model_mvm(&m, x, y);
  assert_int_equal(y[0], 96);
  xbar_trace tr[8];
  int n = xbar_model_trace(&m, x, 0, tr, 8);
  assert_int_equal(n, 2);
  assert_int_equal(tr[0].col_sum, 240);
  assert_int_equal(tr[0].code, 7);
  assert_int_equal(tr[0].recon, 224);
  xbar_model_free(&m);
}

/* Differential encoding represents -2^(w_bits-1); signed inputs weigh the
 * top bit -1. Hand example: rows 16, w_bits 2, cell 1, x_bits 2 signed,
 * lossless. w = -2 everywhere, x = -2 (pattern 10) in row 0 only: y = 4. */
static void test_differential_min_weight(void **state) {
  (void)state;
  xbar_cfg c = {.rows = 16, .outs = 1, .w_bits = 2, .cell_bits = 1, .x_bits = 2,
                .x_signed = true, .adc_bits = 5, .cols_per_adc = 1,
                .enc = XBAR_ENC_DIFFERENTIAL};
  xbar_model m;
  assert_int_equal(xbar_model_init(&m, &c, NULL), 0);
  int32_t w[16], x[16] = {0}, y[1];
  for (int i = 0; i < 16; i++) w[i] = -2;
  x[0] = -2;
  xbar_model_program(&m, w);
  xbar_model_mvm(&m, x, y);
  assert_int_equal(y[0], 4);
  assert_int_equal(xbar_digit(&c, -2, 1, 1), 1); /* neg plane, slice 1 */
  assert_int_equal(xbar_digit(&c, -2, 0, 1), 0);
  xbar_model_free(&m);
}

static void test_cycles(void **state) {
  (void)state;
  xbar_cfg c = xbar_cfg_default();
  c.x_bits = 5;
  c.cols_per_adc = 4;
  assert_int_equal(xbar_cycles_steps(&c), 20);
  assert_int_equal(xbar_cycles_latency(&c), 22);
  assert_int_equal(xbar_cycles_per_mvm(&c), 24);
  assert_int_equal(xbar_cycles_run(&c, 10), 64 + 240);
}

static void test_nonideal_zero_is_ideal(void **state) {
  (void)state;
  trex_rng r = unit_rng(13);
  for (int t = 0; t < 40; t++) {
    int32_t *w, *x;
    xbar_cfg c = random_run(&r, 0, 8, (uint64_t)t, 4, 0, &w, &x);
    xbar_model m;
    xbar_nonideal ni;
    xbar_nonideal_params p;
    assert_int_equal(xbar_nonideal_parse("seed=5", &p, NULL), 0);
    assert_int_equal(xbar_model_init(&m, &c, NULL), 0);
    assert_int_equal(xbar_nonideal_init(&ni, &c, &p, w, NULL), 0);
    xbar_model_program(&m, w);
    int32_t y[64], yn[64];
    for (int v = 0; v < 4; v++) {
      xbar_model_mvm(&m, x + v * c.rows, y);
      xbar_nonideal_mvm(&ni, x + v * c.rows, yn);
      for (int j = 0; j < c.outs; j++) assert_int_equal(y[j], yn[j]);
    }
    xbar_nonideal_free(&ni);
    xbar_model_free(&m);
    free(w);
    free(x);
  }
  xbar_nonideal_params p;
  trex_err err;
  unit_assert_fails(xbar_nonideal_parse("g_sigma=abc", &p, &err), err, "g_sigma");
  unit_assert_fails(xbar_nonideal_parse("bogus=1", &p, &err), err, "bogus");
}

static void test_vecgen_deterministic_and_corners(void **state) {
  (void)state;
  xbar_cfg c = xbar_cfg_default();
  int32_t w1[64 * 8], w2[64 * 8], x1[14 * 64], x2[14 * 64];
  xbar_vecgen(&c, 14, 99, XBAR_GEN_MIXED, w1, x1);
  xbar_vecgen(&c, 14, 99, XBAR_GEN_MIXED, w2, x2);
  assert_memory_equal(w1, w2, sizeof w1);
  assert_memory_equal(x1, x2, sizeof x1);
  xbar_vecgen(&c, 14, 100, XBAR_GEN_MIXED, w2, x2);
  assert_memory_not_equal(x1, x2, sizeof x1);
  /* corner mode: vector 0 all max, 1 all min, 6 zero; weights seed%6 */
  xbar_vecgen(&c, 14, 1, XBAR_GEN_CORNER, w1, x1);
  for (int i = 0; i < 64; i++) {
    assert_int_equal(x1[i], 127);
    assert_int_equal(x1[64 + i], -128);
    assert_int_equal(x1[6 * 64 + i], 0);
    assert_int_equal(x1[4 * 64 + i], -1); /* every bit set, signed 8-bit */
  }
  for (int k = 0; k < 64 * 8; k++) assert_int_equal(w1[k], 127); /* seed 1 -> max */
  int active = 0;
  for (int i = 0; i < 64; i++) active += x1[5 * 64 + i] != 0;
  assert_int_equal(active, 1);
}

/* ---- vector-set reader errors: one line naming file and line ---- */
static void put(const char *name, const char *text) {
  assert_non_null(unit_write_file(unit_tmpdir, name, text));
}

static const char *good_cfg =
    "{\"rows\":16,\"outs\":1,\"w_bits\":4,\"cell_bits\":2,\"x_bits\":2,"
    "\"x_signed\":false,\"adc_bits\":6,\"cols_per_adc\":2}";

static char *repeat(const char *line, int n) {
  size_t l = strlen(line);
  char *s = malloc(l * (size_t)n + 1);
  for (int k = 0; k < n; k++) memcpy(s + l * (size_t)k, line, l);
  s[l * (size_t)n] = 0;
  return s;
}

static void expect_error(const char *needle1, const char *needle2) {
  xbar_vecset vs;
  trex_err err;
  err.msg[0] = 0;
  assert_int_not_equal(xbar_vecset_load(unit_tmpdir, true, &vs, &err), 0);
  if (!strstr(err.msg, needle1) || (needle2 && !strstr(err.msg, needle2)))
    fail_msg("error '%s' lacks '%s' / '%s'", err.msg, needle1, needle2 ? needle2 : "");
  assert_null(strchr(err.msg, '\n'));
}

static void write_good(void) {
  put("config.json", good_cfg);
  char *w = repeat("3\n", 16), *x = repeat("1\n", 32), *y = repeat("00000000\n", 2);
  put("weights.hex", w);
  put("inputs.hex", x);
  put("expected.hex", y);
  free(w);
  free(x);
  free(y);
}

static void test_reader_errors(void **state) {
  (void)state;
  xbar_vecset vs;
  trex_err err;
  write_good();
  assert_int_equal(xbar_vecset_load(unit_tmpdir, true, &vs, &err), 0);
  assert_int_equal(vs.count, 2);
  assert_int_equal(vs.w[0], 3);
  xbar_vecset_free(&vs);

  /* comments and blank lines are allowed */
  put("weights.hex", "// header\n\n3\n3 // c\n3\n3\n3\n3\n3\n3\n3\n3\n3\n3\n3\n3\n3\n3\n");
  assert_int_equal(xbar_vecset_load(unit_tmpdir, true, &vs, &err), 0);
  xbar_vecset_free(&vs);

  put("weights.hex", "3\n3\n");
  expect_error("weights.hex:", "2 values, expected 16");
  write_good();
  put("weights.hex", "3\n3\n3\nzz\n");
  expect_error("weights.hex:4:", "not a hex value");
  put("weights.hex", "3\n1f\n");
  expect_error("weights.hex:2:", "does not fit in 4 bits");
  char *w17 = repeat("3\n", 17);
  put("weights.hex", w17);
  free(w17);
  expect_error("weights.hex:17:", "more values");
  write_good();
  put("inputs.hex", "1\n1\n1\n");
  expect_error("inputs.hex", "whole number");
  put("inputs.hex", "\n// nothing\n");
  expect_error("inputs.hex:1:", "no input vectors");
  put("inputs.hex", "@10\n");
  expect_error("inputs.hex:1:", "address");
  write_good();
  put("expected.hex", "00000000\n");
  expect_error("expected.hex:", "1 values, expected 2");
  write_good();
  put("config.json", "{\"rows\":16,\n\"outs\":1,\n\"w_bits\" 4}");
  expect_error("config.json:3:", "malformed JSON");
  put("config.json", "{\"rows\":17,\"outs\":1,\"w_bits\":4,\"cell_bits\":2,\"x_bits\":2,"
                     "\"adc_bits\":6,\"cols_per_adc\":2}");
  expect_error("config.json", "key 'rows'");
  put("config.json", "{\"rows\":16,\"outs\":1,\"w_bits\":4,\"cell_bits\":2,\"x_bits\":2,"
                     "\"adc_bits\":6,\"cols_per_adc\":3}");
  expect_error("config.json", "key 'cols_per_adc'");
  put("config.json", "{\"rows\":16,\"outs\":1,\"w_bits\":3,\"cell_bits\":2,\"x_bits\":2,"
                     "\"adc_bits\":6,\"cols_per_adc\":1}");
  expect_error("config.json", "multiple of cell_bits");
  put("config.json", "{\"rows\":16,\"outs\":1,\"w_bits\":4,\"cell_bits\":2,\"x_bits\":2,"
                     "\"adc_bits\":6}");
  expect_error("config.json", "missing key 'cols_per_adc'");
  put("config.json", "{\"rows\":16,\"outs\":1,\"w_bits\":4,\"cell_bits\":2,\"x_bits\":2,"
                     "\"adc_bits\":6,\"cols_per_adc\":2,\"w_encoding\":\"diff\"}");
  expect_error("config.json", "key 'w_encoding'");
  put("config.json", "{\"rows\":16,\"outs\":1.5,\"w_bits\":4,\"cell_bits\":2,\"x_bits\":2,"
                     "\"adc_bits\":6,\"cols_per_adc\":2}");
  expect_error("config.json", "key 'outs'");
  put("config.json", "");
  expect_error("config.json:1:", "malformed JSON");
}

/* Writing a set replaces the directory whole and round-trips. */
static void test_vecset_roundtrip(void **state) {
  (void)state;
  char dir[256];
  snprintf(dir, sizeof dir, "/tmp/trex-unit-rt-%d", (int)getpid());
  xbar_vecset vs;
  memset(&vs, 0, sizeof vs);
  vs.cfg = xbar_cfg_default();
  vs.cfg.enc = XBAR_ENC_DIFFERENTIAL;
  vs.cfg.x_signed = false;
  vs.count = 3;
  vs.w = malloc(sizeof(int32_t) * 64 * 8);
  vs.x = malloc(sizeof(int32_t) * 3 * 64);
  vs.y = calloc(3 * 8, sizeof(int32_t));
  xbar_vecgen(&vs.cfg, 3, 5, XBAR_GEN_RANDOM, vs.w, vs.x);
  vs.y[0] = -5;
  trex_err err;
  const char *meta = "{\"generator\": \"trex vecgen\"}\n";
  assert_int_equal(xbar_vecset_save(dir, &vs, meta, 0, &err), 0);
  /* over an earlier set of its own: replaced whole, the stale meta.json too */
  assert_int_equal(xbar_vecset_save(dir, &vs, NULL, 0, &err), 0);
  char p[400];
  snprintf(p, sizeof p, "%s/meta.json", dir);
  assert_int_not_equal(access(p, F_OK), 0);
  /* now without the marker: not ours any more, refused unless forced */
  unit_assert_fails(xbar_vecset_save(dir, &vs, meta, 0, &err), err, "did not write");
  assert_int_equal(xbar_vecset_save(dir, &vs, meta, TREX_OUT_FORCE, &err), 0);
  xbar_vecset back;
  assert_int_equal(xbar_vecset_load(dir, true, &back, &err), 0);
  assert_int_equal(back.count, 3);
  assert_int_equal(back.cfg.enc, XBAR_ENC_DIFFERENTIAL);
  assert_memory_equal(back.w, vs.w, sizeof(int32_t) * 64 * 8);
  assert_memory_equal(back.x, vs.x, sizeof(int32_t) * 3 * 64);
  assert_int_equal(back.y[0], -5);
  xbar_vecset_free(&back);
  xbar_vecset_free(&vs);
  assert_int_equal(unit_rm_rf(dir), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_lossless_is_exact),
      cmocka_unit_test(test_fast_equals_reference),
      cmocka_unit_test(test_kernels_equal_reference_everywhere),
      cmocka_unit_test(test_adc_edges),
      cmocka_unit_test(test_differential_min_weight),
      cmocka_unit_test(test_cycles),
      cmocka_unit_test(test_nonideal_zero_is_ideal),
      cmocka_unit_test(test_vecgen_deterministic_and_corners),
      cmocka_unit_test(test_reader_errors),
      cmocka_unit_test(test_vecset_roundtrip),
  };
  return cmocka_run_group_tests_name("xbar", tests, unit_tmpdir_setup, unit_tmpdir_teardown);
}
