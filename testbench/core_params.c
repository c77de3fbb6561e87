/* core_params: prints the trex_core parameters (scripts/core-build.sh
 * PARAMS) that fit a model directory on a chip: the tile of the chip, lanes,
 * the model's sizes, and N_TILES = the tiles of its baseline mapping (the
 * largest: a reuse list only replaces attention tiles by smaller TB tiles).
 *
 *   core_params --model DIR [--chip FILE] [--spare N]
 * Exit 0 and one line NAME=VALUE,...; 2 with a one-line error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core_load.h"
#include "core_setup.h"
#include "ctrl_chip.h"
#include "model_dir.h"

static int mx(int a, int b) { return a > b ? a : b; }

int main(int argc, char **argv) {
  const char *model = NULL, *chipf = NULL;
  int spare = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--help")) {
      printf("usage: core_params --model DIR [--chip FILE] [--spare N]\n"
             "Prints the trex_core parameters (NAME=VALUE,...) that fit the model on the chip;\n"
             "N_TILES is the baseline mapping's tile count plus N spare tiles (default 0).\n");
      return 0;
    } else if (i + 1 < argc && !strcmp(argv[i], "--model")) model = argv[++i];
    else if (i + 1 < argc && !strcmp(argv[i], "--chip")) chipf = argv[++i];
    else if (i + 1 < argc && !strcmp(argv[i], "--spare")) spare = atoi(argv[++i]);
    else {
      fprintf(stderr, "core_params: unknown or incomplete argument '%s'\n", argv[i]);
      return 2;
    }
  }
  if (!model) {
    fprintf(stderr, "core_params: --model DIR is required\n");
    return 2;
  }
  trex_err err = {{0}};
  model_int m;
  ctrl_chip c;
  ctrl_schedule s;
  if (core_setup(model, chipf, NULL, NULL, &m, &c, &s, &err)) {
    fprintf(stderr, "core_params: %s\n", err.msg);
    return 2;
  }
  const vit_model *v = &m.vm;
  int thp = v->tb_layers == 2 ? v->tb_hidden : v->embedding;
  int wmax = mx(mx(v->embedding, v->mlp), mx(mx(thp, v->patch_dim), v->classes));
  int R = c.tile.rows, O = c.tile.outs;
  (void)O;
  long tiles = (long)s.static_tiles + (long)s.dynamic_tiles;
  printf("ROWS=%d,OUTS=%d,CELL_BITS=%d,ADC_BITS=%d,COLS_PER_ADC=%d,DIFFERENTIAL=%d,N_TILES=%ld,"
         "LANES=%d,TMAX=%d,EMAX=%d,WMAX=%d,HMAX=%d,DMAX=%d\n",
         R, O, c.tile.cell_bits, c.tile.adc_bits, c.tile.cols_per_adc, (int)c.tile.enc,
         tiles + spare, c.ln_lanes, v->tokens, v->embedding, wmax, v->heads, v->depth);
  ctrl_schedule_free(&s);
  model_free(&m);
  return 0;
}
