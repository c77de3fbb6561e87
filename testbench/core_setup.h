/* core_setup: what the trex_core testbench (core_tb_main.c) and its
 * parameter printer (core_params.c) both start with: the model directory,
 * the chip and the schedule built on them. Header only: both programs are
 * built from their one source file against libtrex. */
#ifndef CORE_SETUP_H
#define CORE_SETUP_H

#include <string.h>

#include "ctrl_schedule.h"
#include "model_dir.h"

/* Zeroes *m and *s (model_free and ctrl_schedule_free are safe on them after
 * a failure), loads the model directory MODEL into *m, sets *c to the default
 * chip or, when CHIPF is not NULL, the chip of that file, parses the reuse
 * list REUSE into *r (NULL: no list, the baseline schedule; r unused) and
 * builds the schedule into *s. 0, or -1 with err set (the step that failed
 * names the file or list). */
static inline int core_setup(const char *model, const char *chipf, const char *reuse,
                             ctrl_reuse *r, model_int *m, ctrl_chip *c, ctrl_schedule *s,
                             trex_err *err) {
  memset(m, 0, sizeof *m);
  memset(s, 0, sizeof *s);
  *c = ctrl_chip_default();
  if (model_load(model, m, err) || (chipf && ctrl_chip_load(chipf, c, err))) return -1;
  if (reuse && ctrl_reuse_parse(reuse, r, err)) return -1;
  return ctrl_schedule_build(&m->vm, c, reuse ? r : NULL, s, err) ? -1 : 0;
}

#endif
