/* search_mix: reuse plus a pruning schedule, exactly (search_mix.h). */
#define _POSIX_C_SOURCE 200809L
#include "search_mix.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trex_file.h"
#include "trex_num.h"

int search_mix_load(const char *path, const vit_model *m, search_mix *mix, trex_err *err) {
  memset(mix, 0, sizeof *mix);
  size_t len = 0;
  char *text = trex_read_all(path, &len, err);
  if (!text) return -1;
  int line = 0, rc = 0;
  for (char *l = text; l && *l && !rc;) {
    line++;
    char *nl = strchr(l, '\n'), *next = nl ? nl + 1 : NULL;
    if (nl) *nl = 0;
    size_t n = strlen(l);
    if (n && l[n - 1] == '\r') l[--n] = 0;
    char *s = l;
    l = next;
    while (*s == ' ' || *s == '\t') s++;
    if (!*s || *s == '#') continue;
    if (!strncmp(s, "drop,", 5) && mix->n == 0 && strstr(s, "tokens")) continue; /* header */
    if (mix->n >= SEARCH_MIX_MAX) {
      rc = trex_errf(err, "%s:%d: more than %d schedules", path, line, SEARCH_MIX_MAX);
      break;
    }
    char *comma = strchr(s, ',');
    if (!comma) {
      rc = trex_errf(err, "%s:%d: expected 'drop,T_0 T_1 ... T_%d'", path, line, m->depth - 1);
      break;
    }
    *comma = 0;
    double d;
    if (trex_parse_real(s, -1e300, 1e300, &d) || !isfinite(d)) {
      rc = trex_errf(err, "%s:%d: drop '%s' is not a finite number", path, line, s);
      break;
    }
    vit_model t = *m;
    memset(t.enc_tokens, 0, sizeof t.enc_tokens);
    int k = 0;
    char *tok, *sv = NULL;
    for (tok = strtok_r(comma + 1, " \t", &sv); tok; tok = strtok_r(NULL, " \t", &sv)) {
      int64_t v;
      if (k >= m->depth || trex_parse_i64(tok, 1, VIT_MAX_DIM, &v)) {
        k = -1;
        break;
      }
      t.enc_tokens[k++] = (int)v;
    }
    if (k != m->depth) {
      rc = trex_errf(err, "%s:%d: expected %d token counts (1..%d), one per encoder", path, line,
                     m->depth, VIT_MAX_DIM);
      break;
    }
    char where[4200];
    snprintf(where, sizeof where, "%s:%d", path, line);
    if (vit_model_check(&t, where, err)) {
      rc = -1;
      break;
    }
    mix->drop[mix->n] = d;
    memcpy(mix->tokens[mix->n], t.enc_tokens, sizeof t.enc_tokens);
    mix->n++;
  }
  if (!rc && mix->n == 0) rc = trex_errf(err, "%s: no schedule", path);
  free(text);
  return rc ? -1 : 0;
}

int search_mix_run(const edap_ctx *x, const vit_model *m, const search_mix *mix,
                   const double *impact, double budget_ms, double limit, search_mix_out *out,
                   trex_err *err) {
  memset(out, 0, sizeof *out);
  if (m->depth > 25) return trex_errf(err, "search: mix over %d encoders is too large", m->depth);
  long total = 0;
  for (int s = 0; s < mix->n; s++) {
    vit_model t = *m;
    memcpy(t.enc_tokens, mix->tokens[s], sizeof t.enc_tokens);
    int free_enc = 0;
    uint64_t locked = search_locked(&t);
    for (int i = 1; i < m->depth; i++) free_enc += !(locked >> i & 1);
    total += 1L << free_enc;
    if (total > SEARCH_MIX_MAX_EVAL)
      return trex_errf(err, "search: the mix holds more than %ld (schedule, reuse set) pairs: "
                       "too large for exact enumeration", SEARCH_MIX_MAX_EVAL);
  }
  edap_result res;
  double best_edap = INFINITY;
  for (int s = 0; s < mix->n; s++) {
    vit_model t = *m;
    memcpy(t.enc_tokens, mix->tokens[s], sizeof t.enc_tokens);
    uint64_t locked = search_locked(&t);
    for (uint64_t mask = 0; mask < (uint64_t)1 << m->depth; mask += 2) {
      if (mask & locked) continue;
      double drop = mix->drop[s];
      for (int i = 1; i < m->depth; i++)
        if (mask >> i & 1) drop += impact ? impact[i] : 0;
      ctrl_reuse r;
      search_mask_to_reuse(mask, m->depth, &r);
      if (edap_eval(x, &t, &r, &res, err)) return -1;
      out->evaluated++;
      if (res.delay_ms > budget_ms || drop > limit) continue;
      int better = !out->feasible || res.edap < best_edap * (1 - SEARCH_EDAP_RTOL) ||
                   (!(best_edap < res.edap * (1 - SEARCH_EDAP_RTOL)) && drop < out->est_drop);
      if (better) {
        out->feasible = 1;
        out->schedule = s;
        out->mask = mask;
        out->est_drop = drop;
        out->res = res;
        best_edap = res.edap;
      }
    }
  }
  return 0;
}
