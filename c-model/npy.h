/* npy: a strict reader and a writer of NumPy .npy files for the integer
 * dtypes of the integer encoder (docs/encoder-int.md, section 7.3).
 *
 * Promises:
 *  - npy_parse()/npy_load() accept exactly: magic "\x93NUMPY", version 1.0 or
 *    2.0, a header dict with the keys 'descr', 'fortran_order', 'shape' (each
 *    once, nothing else), descr '|i1' or '<i1' (int8), '<i4' (int32) or '<i8'
 *    (int64), fortran_order False, a shape of at most NPY_MAX_DIMS
 *    non-negative integers, and exactly the array's bytes after the header.
 *    Anything else fails with one line "PATH: ..." naming what is wrong.
 *  - Values are decoded from little-endian bytes, so the result does not
 *    depend on the host's byte order.
 *  - npy_write() writes version 1.0 with the header padded as numpy.save
 *    (1.24) pads it (21 digits of room for the first axis, then to a
 *    multiple of 64 bytes): the files are byte-identical to numpy's; npy_save() writes a file atomically
 *    (temporary file beside it, then rename). */
#ifndef NPY_H
#define NPY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "trex_err.h"

#define NPY_MAX_DIMS 8

typedef enum { NPY_I8 = 1, NPY_I32 = 4, NPY_I64 = 8 } npy_dtype; /* value = item size */

typedef struct {
  npy_dtype dtype;
  int ndim;
  int64_t shape[NPY_MAX_DIMS];
  size_t count; /* product of shape */
  void *data;   /* count items of dtype, host order; malloc'd (NULL when count 0) */
} npy_array;

/* "int8", "int32", "int64". */
const char *npy_dtype_name(npy_dtype t);

/* Parses a whole .npy image held in memory; `name` is used in messages. */
int npy_parse(const char *name, const unsigned char *buf, size_t len, npy_array *a,
              trex_err *err);

/* Reads and parses a file (a regular file of at most NPY_MAX_FILE bytes). */
#define NPY_MAX_FILE ((size_t)1 << 31)
int npy_load(const char *path, npy_array *a, trex_err *err);

/* npy_load, then checks the dtype and the shape: "PATH: dtype int32, expected
 * int8" / "PATH: shape (3, 5), expected (3, 4)". A negative entry of `shape`
 * accepts any size along that axis. */
int npy_load_as(const char *path, npy_dtype t, int ndim, const int64_t *shape,
                npy_array *a, trex_err *err);

void npy_free(npy_array *a);

/* Formats a shape as "(3, 4)" / "(5,)" / "()"; a negative size shows as
 * "*" (any size). */
void npy_shape_str(int ndim, const int64_t *shape, char *buf, size_t n);

/* Writes a .npy image to fp (data in host order, count = product of shape).
 * Returns 0, or -1 on a write error. */
int npy_write(FILE *fp, npy_dtype t, int ndim, const int64_t *shape, const void *data);

/* Writes PATH atomically. */
int npy_save(const char *path, npy_dtype t, int ndim, const int64_t *shape,
             const void *data, trex_err *err);

#endif
