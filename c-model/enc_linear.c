#define _POSIX_C_SOURCE 200809L
#include "enc_linear.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trex_mem.h"
uint64_t enc_fnv1a64(const char *s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (; *s; s++) {
    h ^= (unsigned char)*s;
    h *= 0x100000001b3ULL;
  }
  return h;
}

int enc_lin_init(enc_lin *l, const xbar_cfg *cfg, int k, int n,
                 const xbar_nonideal_params *prm, int runtime, const char *layer,
                 int head, trex_err *err) {
  memset(l, 0, sizeof *l);
  l->k = k;
  l->n = n;
  if (!cfg) {
    l->exact = calloc((size_t)k * (size_t)n, 1);
    return l->exact ? 0 : trex_errf(err, "out of memory for a %d x %d layer", k, n);
  }
  if (xbar_cfg_check(cfg, "tile", err)) return -1;
  l->cfg = *cfg;
  l->R = cfg->rows;
  l->O = cfg->outs;
  l->rb = (k + l->R - 1) / l->R;
  l->cb = (n + l->O - 1) / l->O;
  l->runtime = runtime;
  size_t nt = (size_t)l->rb * (size_t)l->cb;
  l->xbuf = calloc((size_t)l->R, sizeof *l->xbuf);
  l->ybuf = calloc((size_t)l->O, sizeof *l->ybuf);
  l->wbuf = calloc((size_t)l->R * (size_t)l->O, sizeof *l->wbuf);
  if (!l->xbuf || !l->ybuf || !l->wbuf) goto oom;
  if (!prm) {
    l->tiles = calloc(nt, sizeof *l->tiles);
    if (!l->tiles) goto oom;
    for (size_t t = 0; t < nt; t++)
      if (xbar_model_init(&l->tiles[t], cfg, err)) {
        enc_lin_free(l);
        return -1;
      }
    return 0;
  }
  l->prm = *prm;
  l->ni = calloc(nt, sizeof *l->ni);
  l->seed = calloc(nt, sizeof *l->seed);
  if (!l->ni || !l->seed) goto oom;
  for (int b = 0; b < l->rb; b++)
    for (int c = 0; c < l->cb; c++) {
      char key[256];
      snprintf(key, sizeof key, "%s.h%d.r%d.c%d", layer, head, b, c);
      l->seed[(size_t)b * l->cb + c] = prm->seed ^ enc_fnv1a64(key);
    }
  /* cells start at weight 0; run-time tiles keep exact cells for good */
  xbar_nonideal_params p = *prm;
  if (runtime) p.g_sigma = p.stuck_off = p.stuck_on = 0;
  for (size_t t = 0; t < nt; t++) {
    p.seed = l->seed[t];
    if (xbar_nonideal_init(&l->ni[t], cfg, &p, l->wbuf, err)) {
      enc_lin_free(l);
      return -1;
    }
  }
  return 0;
oom:
  enc_lin_free(l);
  return trex_errf(err, "out of memory for a %d x %d layer on tiles", k, n);
}

void enc_lin_free(enc_lin *l) {
  size_t nt = (size_t)l->rb * (size_t)l->cb;
  if (l->tiles)
    for (size_t t = 0; t < nt; t++) xbar_model_free(&l->tiles[t]);
  if (l->ni)
    for (size_t t = 0; t < nt; t++) xbar_nonideal_free(&l->ni[t]);
  TREX_FREE(l->exact, l->tiles, l->ni, l->seed, l->xbuf, l->ybuf, l->wbuf);
  memset(l, 0, sizeof *l);
}

/* Fills wbuf with tile (b, c) of W, zero outside the matrix. */
static void tile_weights(enc_lin *l, const int8_t *W, int b, int c) {
  for (int i = 0; i < l->R; i++) {
    int gi = b * l->R + i;
    for (int j = 0; j < l->O; j++) {
      int gj = c * l->O + j;
      l->wbuf[i * l->O + j] = (gi < l->k && gj < l->n) ? W[(size_t)gi * l->n + gj] : 0;
    }
  }
}

int enc_lin_program(enc_lin *l, const int8_t *W, trex_err *err) {
  if (l->exact) {
    memcpy(l->exact, W, (size_t)l->k * (size_t)l->n);
    return 0;
  }
  for (int b = 0; b < l->rb; b++)
    for (int c = 0; c < l->cb; c++) {
      size_t t = (size_t)b * l->cb + c;
      tile_weights(l, W, b, c);
      if (l->tiles) {
        xbar_model_program(&l->tiles[t], l->wbuf);
      } else if (l->runtime) {
        /* exact cells: the digit of every cell, as xbar_nonideal_init
         * stores it with zero variation (rows x physical columns) */
        xbar_nonideal *n = &l->ni[t];
        for (int i = 0; i < l->R; i++)
          for (int j = 0; j < l->O; j++)
            for (int pl = 0; pl < n->planes; pl++)
              for (int s = 0; s < n->slices; s++) {
                int col = (j * n->planes + pl) * n->slices + s;
                n->g[(size_t)i * n->ncols + col] =
                    xbar_digit(&l->cfg, l->wbuf[i * l->O + j], pl, s);
              }
      } else {
        xbar_nonideal_params p = l->prm;
        p.seed = l->seed[t];
        xbar_nonideal_free(&l->ni[t]);
        if (xbar_nonideal_init(&l->ni[t], &l->cfg, &p, l->wbuf, err)) return -1;
      }
    }
  return 0;
}

void enc_lin_seed_image(enc_lin *l, uint64_t image) {
  if (!l->ni) return;
  size_t nt = (size_t)l->rb * (size_t)l->cb;
  for (size_t t = 0; t < nt; t++)
    trex_rng_seed(&l->ni[t].noise,
                  l->seed[t] ^ 0x5eed5eed5eedULL ^ (image * 0x9e3779b97f4a7c15ULL));
}

void enc_lin_mvm(enc_lin *l, const int8_t *x, int64_t *acc) {
  for (int j = 0; j < l->n; j++) acc[j] = 0;
  if (l->exact) {
    for (int i = 0; i < l->k; i++) {
      const int8_t *w = l->exact + (size_t)i * l->n;
      int64_t xi = x[i];
      if (xi)
        for (int j = 0; j < l->n; j++) acc[j] += xi * w[j];
    }
    return;
  }
  for (int b = 0; b < l->rb; b++) {
    for (int i = 0; i < l->R; i++) {
      int gi = b * l->R + i;
      l->xbuf[i] = gi < l->k ? x[gi] : 0;
    }
    for (int c = 0; c < l->cb; c++) {
      size_t t = (size_t)b * l->cb + c;
      if (l->tiles)
        xbar_model_mvm(&l->tiles[t], l->xbuf, l->ybuf);
      else
        xbar_nonideal_mvm(&l->ni[t], l->xbuf, l->ybuf);
      int j0 = c * l->O, jn = l->n - j0 < l->O ? l->n - j0 : l->O;
      for (int j = 0; j < jn; j++) acc[j0 + j] += l->ybuf[j];
    }
  }
}
