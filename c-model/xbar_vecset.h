/* xbar_vecset: the vector-set directory of ../shared/design/xbar-tile.md
 * (config.json, weights.hex, inputs.hex, expected.hex), read with checks that
 * name the file and line, and written all-or-nothing. */
#ifndef XBAR_VECSET_H
#define XBAR_VECSET_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "trex_file.h"
#include "xbar_cfg.h"

typedef struct {
  xbar_cfg cfg;
  int count;  /* input vectors */
  int32_t *w; /* rows*outs weights, row-major (values, not patterns) */
  int32_t *x; /* count*rows input values */
  int32_t *y; /* count*outs expected results, or NULL when not loaded */
} xbar_vecset;

/* Reads a hex file of n_expected values of `bits` bits each (n_expected < 0:
 * any count, returned in *n). Blank lines and // comments are skipped.
 * Values are returned as raw patterns. Errors name PATH:LINE. */
int xbar_hex_read(const char *path, int bits, long n_expected, uint32_t **vals,
                  long *n, trex_err *err);

/* Loads DIR. With want_expected, expected.hex must exist and match the
 * count. Returns 0 or fills err. */
int xbar_vecset_load(const char *dir, bool want_expected, xbar_vecset *vs,
                     trex_err *err);

/* meta.json of a set written by trex vecgen holds this: the marker that
 * lets a later vecgen replace the set without --force. */
#define XBAR_VECSET_MARKER "\"generator\": \"trex vecgen\""

/* Writes DIR (config.json, weights.hex, inputs.hex, expected.hex and, when
 * meta is not NULL, meta.json) through trex_outdir (trex_file.h): staged in a
 * temporary directory and published only when every file is complete. An
 * existing DIR is replaced only when it is empty or an earlier set of trex
 * vecgen (its meta.json holds XBAR_VECSET_MARKER and nothing else is in it);
 * otherwise it is refused unless flags has TREX_OUT_FORCE, which replaces
 * the set's own files and keeps every other file. */
int xbar_vecset_save(const char *dir, const xbar_vecset *vs, const char *meta_json,
                     int flags, trex_err *err);

/* Writes results in expected.hex format (8 lowercase hex digits a line). */
void xbar_hex_write_results(FILE *fp, const int32_t *y, long n);

void xbar_vecset_free(xbar_vecset *vs);

#endif
