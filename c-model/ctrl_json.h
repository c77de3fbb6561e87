/* ctrl_json: the `trex schedule --json` object (docs/controller.md, "JSON").
 * The one controller header that exposes cJSON. */
#ifndef CTRL_JSON_H
#define CTRL_JSON_H

#include <cJSON.h>

#include "ctrl_schedule.h"

/* {"model": {...}, "chip": {...}, "reuse": "LIST", "ops": [...], "totals":
 * {...}, "static_tiles", "dynamic_tiles"}. Counts are exact JSON integers.
 * NULL on allocation failure. */
cJSON *ctrl_schedule_to_json(const ctrl_schedule *s);

#endif
