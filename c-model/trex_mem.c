#include "trex_mem.h"

#include <stdlib.h>

void trex_free_each(void *const *p, size_t n) {
  for (size_t k = 0; k < n; k++) free(p[k]);
}
