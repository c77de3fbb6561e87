/* trex_mem: freeing the buffers of a record in one call. */
#ifndef TREX_MEM_H
#define TREX_MEM_H

#include <stddef.h>
#include <stdlib.h>

/* Frees each of the n pointers of p; NULL ones are skipped (as free does).
 * The pointers are not reset: the caller clears or frees the record. */
void trex_free_each(void *const *p, size_t n);

/* TREX_FREE(a, b, ...): trex_free_each over the listed pointers (each
 * evaluated once). */
#define TREX_FREE(...)                                                                   \
  trex_free_each((void *const[]){__VA_ARGS__},                                           \
                 sizeof((void *const[]){__VA_ARGS__}) / sizeof(void *))

/* TREX_FREE_NULL(p): frees the pointer lvalue p and sets it to NULL (p is
 * evaluated twice: a plain member or variable). */
#define TREX_FREE_NULL(p) (free(p), (p) = NULL)

#endif
