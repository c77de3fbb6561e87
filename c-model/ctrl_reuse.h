/* ctrl_reuse: the reuse list of the attention-reuse controller, "5:3,7"
 * (docs/controller.md, "Reuse"): which encoders reuse attention and from
 * which source. Syntax only; range and legality are ctrl_schedule_build's. */
#ifndef CTRL_REUSE_H
#define CTRL_REUSE_H

#include <stddef.h>

#include "trex_err.h"

#define CTRL_REUSE_MAX 64 /* entries in one list (= VIT_MAX_DEPTH) */
#define CTRL_SRC_AUTO (-1) /* no explicit source: the most recent computing encoder */

typedef struct {
  int encoder; /* 0-based index of the reusing encoder (>= 0) */
  int source;  /* explicit source encoder (>= 0) or CTRL_SRC_AUTO */
} ctrl_reuse_item;

typedef struct {
  int n;
  ctrl_reuse_item item[CTRL_REUSE_MAX];
} ctrl_reuse;

/* Parses "5:3,7" (comma-separated entries, each ENC or ENC:SRC, decimal,
 * optional spaces around tokens). "" and "none" give the empty list. Syntax
 * errors only ("reuse list 'S': ..."); range and legality are checked by
 * ctrl_schedule_build against the model. r may not be NULL. */
int ctrl_reuse_parse(const char *s, ctrl_reuse *r, trex_err *err);

/* Appends entry (encoder e, source src or CTRL_SRC_AUTO); 0, or -1 when
 * the list is full. */
int ctrl_reuse_add(ctrl_reuse *r, int e, int src);

/* Writes the list back in the same syntax ("" for the empty list). */
void ctrl_reuse_format(const ctrl_reuse *r, char *buf, size_t n);

#endif
