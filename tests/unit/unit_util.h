/* Helpers of the unit tests that would otherwise need a shell: removing a
 * temporary tree and running the trex CLI (trex_spawn.h, argument vector). */
#ifndef UNIT_UTIL_H
#define UNIT_UTIL_H

#include "trex_rng.h"
#include "xbar_cfg.h"

/* Writes text to the file DIR/NAME (replacing it); returns its path (a
 * static buffer, valid until the next call), or NULL when it cannot be
 * written or the path is longer than 255 characters. */
const char *unit_write_file(const char *dir, const char *name, const char *text);
/* The same with the text given as a printf format and its arguments. */
const char *unit_write_filef(const char *dir, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A cmocka group fixture: unit_tmpdir_setup makes the fresh private
 * directory unit_tmpdir (/tmp/trex-unit.XXXXXX) that the group's tests write
 * into, unit_tmpdir_teardown removes it whole. */
extern char unit_tmpdir[];
int unit_tmpdir_setup(void **state);
int unit_tmpdir_teardown(void **state);

/* CALL fails (returns non-zero) with a message in ERR.msg that contains
 * TEXT (cmocka asserts; include after <cmocka.h>). */
#define unit_assert_fails(call, err, text)           \
  do {                                               \
    assert_int_not_equal((call), 0);                 \
    assert_non_null(strstr((err).msg, (text)));      \
  } while (0)

/* A generator seeded with SEED (trex_rng_seed): the start of every random
 * test. */
trex_rng unit_rng(uint64_t seed);

/* rm -rf of `path` (no symlink is followed); 0 on success. */
int unit_rm_rf(const char *path);

/* Runs "$TREX SUB ARGS" (ARGS split at blanks; default build/bin/trex) with
 * stdout and stderr to the given files; returns the exit status. */
int unit_run_trex(const char *sub, const char *args, const char *out_path,
                  const char *err_path);

/* A random legal tile configuration (every rows, cell bits, w_bits multiple
 * of the cell, 1..max_outs outputs, 2..8 input bits, either sign and
 * encoding, a column-per-ADC power of two dividing the physical columns);
 * `lossless` forces adc_bits >= bitlen(full scale), else 1..12. */
xbar_cfg unit_random_cfg(trex_rng *r, int lossless, int max_outs);

#endif
