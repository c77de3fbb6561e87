/* search_reuse: exact delay-constrained reuse search (docs/edap.md, "Search"). */
#define _POSIX_C_SOURCE 200809L
#include "search_reuse.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trex_file.h"
#include "trex_mem.h"
#include "trex_num.h"

void search_mask_to_reuse(uint64_t mask, int depth, ctrl_reuse *r) {
  memset(r, 0, sizeof *r);
  for (int i = 1; i < depth && i < 64; i++)
    if (mask >> i & 1) r->item[r->n++] = (ctrl_reuse_item){i, CTRL_SRC_AUTO};
}

static int popcount64(uint64_t v) {
  int n = 0;
  for (; v; v &= v - 1) n++;
  return n;
}

/* Impact summed in encoder order (both methods use this order). */
static double impact_of(const search_spec *sp, uint64_t mask, int depth) {
  double s = 0;
  if (!sp->impact) return 0;
  for (int i = 1; i < depth; i++)
    if (mask >> i & 1) s += sp->impact[i];
  return s;
}

static int edap_less(double a, double b) { return a < b * (1 - SEARCH_EDAP_RTOL); }

/* The search's order: impact, then EDAP (tolerant), then mask. */
static int better(const search_point *a, const search_point *b) {
  if (a->impact != b->impact) return a->impact < b->impact;
  if (edap_less(a->edap, b->edap)) return 1;
  if (edap_less(b->edap, a->edap)) return 0;
  return a->mask < b->mask;
}

static int eval_mask(const edap_ctx *x, const vit_model *m, const search_spec *sp,
                     uint64_t mask, search_point *p, edap_result *res, trex_err *err) {
  ctrl_reuse r;
  search_mask_to_reuse(mask, m->depth, &r);
  if (edap_eval(x, m, &r, res, err)) return -1;
  p->mask = mask;
  p->count = popcount64(mask);
  p->impact = impact_of(sp, mask, m->depth);
  p->edap = res->edap;
  p->delay_ms = res->delay_ms;
  p->energy_uj = res->energy_uj;
  p->area_mm2 = res->area_mm2;
  return 0;
}

static int feasible(const search_spec *sp, const search_point *p) {
  return p->delay_ms <= sp->budget_ms && (sp->max_reuse < 0 || p->count <= sp->max_reuse);
}

/* Pareto front over (x, EDAP), x = impact with a table, else the count. */
static double xaxis(const search_spec *sp, const search_point *p) {
  return sp->impact ? p->impact : (double)p->count;
}

static int cmp_front(const void *pa, const void *pb, void *ctx);
static const search_spec *g_sort_spec;
static int cmp_pts(const void *pa, const void *pb) {
  return cmp_front(pa, pb, (void *)g_sort_spec);
}
static int cmp_front(const void *pa, const void *pb, void *ctx) {
  const search_spec *sp = ctx;
  const search_point *a = pa, *b = pb;
  double xa = xaxis(sp, a), xb = xaxis(sp, b);
  if (xa != xb) return xa < xb ? -1 : 1;
  if (edap_less(a->edap, b->edap)) return -1;
  if (edap_less(b->edap, a->edap)) return 1;
  return a->mask < b->mask ? -1 : a->mask > b->mask;
}

/* Keeps the non-dominated points of pts (feasible ones only). */
static int make_front(const search_spec *sp, search_point *pts, size_t n,
                      search_out *out, trex_err *err) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (feasible(sp, &pts[i])) pts[k++] = pts[i];
  g_sort_spec = sp;
  qsort(pts, k, sizeof *pts, cmp_pts);
  out->front = malloc(sizeof *out->front * (k ? k : 1));
  if (!out->front) return trex_errf(err, "search: out of memory");
  out->n_front = 0;
  double best_edap = INFINITY;
  for (size_t i = 0; i < k; i++) {
    /* sorted by x then EDAP: a point is on the front when its EDAP is below
     * every EDAP at a smaller-or-equal x seen so far */
    if (!edap_less(pts[i].edap, best_edap)) continue;
    best_edap = pts[i].edap;
    out->front[out->n_front++] = pts[i];
  }
  return 0;
}

/* ---- enumeration ---------------------------------------------------- */

uint64_t search_locked(const vit_model *m) {
  uint64_t v = 0;
  for (int i = 0; i + 1 < m->depth && i < 64; i++)
    if (vit_model_enc_tokens(m, i + 1) < vit_model_enc_tokens(m, i)) v |= (uint64_t)1 << i;
  return v;
}

static int run_enum(const edap_ctx *x, const vit_model *m, const search_spec *sp,
                    search_out *out, trex_err *err) {
  int nb = m->depth - 1;
  if (nb > 24) return trex_errf(err, "search: enumeration over %d encoders is too large", nb);
  size_t total = (size_t)1 << nb;
  search_point *pts = malloc(sizeof *pts * total);
  if (!pts) return trex_errf(err, "search: out of memory");
  size_t n = 0;
  edap_result res;
  const uint64_t locked = search_locked(m);
  for (size_t s = 0; s < total; s++) {
    uint64_t mask = (uint64_t)s << 1;
    if (sp->max_reuse >= 0 && popcount64(mask) > sp->max_reuse) continue;
    if (mask & locked) continue; /* pruning needs these encoders' attention */
    search_point p;
    if (eval_mask(x, m, sp, mask, &p, &res, err)) {
      free(pts);
      return -1;
    }
    out->evaluated++;
    pts[n++] = p;
    if (feasible(sp, &p) && (!out->feasible || better(&p, &out->best))) {
      out->feasible = 1;
      out->best = p;
    }
  }
  int rc = make_front(sp, pts, n, out, err);
  free(pts);
  return rc;
}

/* ---- dynamic programme ---------------------------------------------- */

/* Per-encoder cost in one of three situations: computes and the next
 * encoder computes too (C), computes and the next reuses, so it stores its
 * attention output (S), reuses (R). `df` is the encoder's effect on the
 * timeline under the dataflow (edap_dataflow.h): a sum of op cycles for the
 * sequential and qkv dataflows, streamed runs and blocks for the pipelined
 * one. `e` is its own (dynamic) energy; leakage and the controller are
 * chip-wide (power x delay) and are not in it. */
enum { ST_C = 0, ST_S = 1, ST_R = 2 };
typedef struct {
  double e;
  edap_df_enc df;
  uint64_t tiles;
} enc_cost;

typedef struct {
  double impact, e;
  edap_df_state t;
  uint64_t tiles, mask;
  int count;
} label;

typedef struct {
  label *v;
  size_t n, cap;
} lset;

/* a dominates b: no worse in every component that can only grow, and
 * better in one or tied everywhere with the smaller mask (the final
 * tie-break). The final delay is non-decreasing in each of the timeline's
 * fields (edap_dataflow.h), and EDAP in (energy, delay, tiles, |R| > 0). */
static int dominates(const label *a, const label *b) {
  if (a->impact > b->impact || a->t.closed > b->t.closed || a->t.open_sum > b->t.open_sum ||
      a->t.open_max > b->t.open_max || a->tiles > b->tiles || a->count > b->count ||
      edap_less(b->e, a->e))
    return 0;
  if (a->impact < b->impact || a->t.closed < b->t.closed || a->t.open_sum < b->t.open_sum ||
      a->t.open_max < b->t.open_max || a->tiles < b->tiles || a->count < b->count ||
      edap_less(a->e, b->e))
    return 1;
  return a->mask < b->mask;
}

static int lset_add(lset *s, const label *l) {
  for (size_t i = 0; i < s->n; i++)
    if (dominates(&s->v[i], l)) return 0;
  size_t k = 0;
  for (size_t i = 0; i < s->n; i++)
    if (!dominates(l, &s->v[i])) s->v[k++] = s->v[i];
  s->n = k;
  if (s->n == s->cap) {
    size_t nc = s->cap ? 2 * s->cap : 64;
    label *nv = realloc(s->v, nc * sizeof *nv);
    if (!nv) return -1;
    s->v = nv;
    s->cap = nc;
  }
  s->v[s->n++] = *l;
  return 0;
}

static void add_cost(label *l, const enc_cost *c, uint64_t tokens) {
  l->e += c->e;
  edap_df_apply(&l->t, &c->df, tokens);
  l->tiles += c->tiles;
}

/* Prices the schedule of `mask` and takes, for the encoders `want` selects,
 * their cost in state `st` into cost[i][st]. */
static int probe(const edap_ctx *x, const vit_model *m, uint64_t mask, int st,
                 int (*want)(int i, int depth), enc_cost cost[][3], trex_err *err) {
  ctrl_reuse r;
  search_mask_to_reuse(mask, m->depth, &r);
  ctrl_schedule s;
  edap_result *res = malloc(sizeof *res);
  uint64_t *cyc = NULL;
  int rc = -1;
  if (!res) return trex_errf(err, "search: out of memory");
  if (ctrl_schedule_build(m, &x->chip, &r, &s, err)) goto out;
  if (edap_price(x, &s, res, err)) goto out;
  cyc = malloc(sizeof *cyc * (s.n_ops ? s.n_ops : 1));
  if (!cyc) {
    trex_errf(err, "search: out of memory");
    goto out;
  }
  /* the sequential dataflow's issue cycles belong to the op that waits */
  for (size_t k = 0; k < s.n_ops; k++) cyc[k] = edap_op_cycles(x, &s.ops[k]) + edap_issue_cycles(x, &s, k);
  for (size_t k = 0; k < s.n_ops;) {
    size_t j = k;
    int i = s.ops[k].encoder;
    while (j < s.n_ops && s.ops[j].encoder == i) j++;
    if (want(i, m->depth)) {
      cost[i][st].e = res->dyn_energy_by_enc[i];
      cost[i][st].tiles = edap_alloc_unit(x, res, i);
      cost[i][st].df = edap_df_encoder(x->dataflow, &s.ops[k], &cyc[k], j - k,
                                       (uint64_t)m->tokens);
    }
    k = j;
  }
  rc = 0;
out:
  ctrl_schedule_free(&s);
  free(cyc);
  free(res);
  return rc;
}

static int w_all(int i, int d) { (void)i; (void)d; return 1; }
static int w_reusers(int i, int d) { (void)d; return i >= 1; }
static int w_first(int i, int d) { return i == 0 && d > 1; }
static int w_even_src(int i, int d) { return i % 2 == 0 && i + 1 < d; }
static int w_odd_src(int i, int d) { return i % 2 == 1 && i + 1 < d; }

static int run_dp(const edap_ctx *x, const vit_model *m, const search_spec *sp,
                  search_out *out, trex_err *err) {
  const int D = m->depth;
  const uint64_t T = (uint64_t)m->tokens;
  enc_cost (*cost)[3] = calloc((size_t)VIT_MAX_DEPTH, sizeof *cost);
  if (!cost) return trex_errf(err, "search: out of memory");
  /* Probes: baseline (C everywhere), every encoder from 1 reused (R, and S
   * for encoder 0), and the two alternating sets (S for the encoders before
   * a reused one). */
  uint64_t all = 0, odd = 0, even = 0;
  for (int i = 1; i < D; i++) {
    all |= (uint64_t)1 << i;
    if (i % 2) odd |= (uint64_t)1 << i;
    else even |= (uint64_t)1 << i;
  }
  int rc = 0;
  lset cur[2] = {{0}}, nxt[2] = {{0}};
  if (probe(x, m, 0, ST_C, w_all, cost, err) || probe(x, m, all, ST_R, w_reusers, cost, err) ||
      probe(x, m, all, ST_S, w_first, cost, err) ||
      probe(x, m, odd, ST_S, w_even_src, cost, err) ||
      probe(x, m, even, ST_S, w_odd_src, cost, err)) {
    free(cost);
    return -1;
  }
  out->evaluated += 4;
  /* Cycles the encoders from i on add in any case (their blocks). */
  uint64_t rest[VIT_MAX_DEPTH + 1];
  rest[D] = 0;
  for (int i = D - 1; i >= 0; i--) {
    uint64_t mn = edap_df_min_cycles(&cost[i][ST_C].df);
    if (i + 1 < D && edap_df_min_cycles(&cost[i][ST_S].df) < mn)
      mn = edap_df_min_cycles(&cost[i][ST_S].df);
    if (i > 0 && edap_df_min_cycles(&cost[i][ST_R].df) < mn)
      mn = edap_df_min_cycles(&cost[i][ST_R].df);
    rest[i] = rest[i + 1] + mn;
  }
  /* Delay budget in cycles: the largest c with edap_cycles_to_ms(c) <= budget. */
  double period_ms = edap_cycles_to_ms(x, 1);
  /* A budget of more than 2^62 cycles binds no schedule (the largest model
   * has fewer than 2^55 cycles): the conversion to an integer is guarded
   * instead of overflowing (a budget of 1e300 ms once came out as 0). */
  int64_t q;
  uint64_t cap = trex_d2i64_floor(sp->budget_ms / period_ms, 0, (int64_t)1 << 62, &q)
                     ? (uint64_t)1 << 62
                     : (uint64_t)q + 2;
  while (cap > 0 && edap_cycles_to_ms(x, cap) > sp->budget_ms) cap--;
  int ok_any = edap_cycles_to_ms(x, cap) <= sp->budget_ms;

  label l0;
  memset(&l0, 0, sizeof l0);
  if (lset_add(&cur[0], &l0)) goto oom;
  for (int i = 1; i < D; i++) {
    nxt[0].n = nxt[1].n = 0;
    for (int p = 0; p < 2; p++)
      for (size_t k = 0; k < cur[p].n; k++)
        for (int r = 0; r < 2; r++) {
          label l = cur[p].v[k];
          if (r && sp->max_reuse >= 0 && l.count + 1 > sp->max_reuse) continue;
          add_cost(&l, &cost[i - 1][p ? ST_R : r ? ST_S : ST_C], T);
          if (r) {
            l.mask |= (uint64_t)1 << i;
            l.count++;
            if (sp->impact) l.impact += sp->impact[i];
          }
          /* cannot meet the budget: the open run drains at least once more */
          if (!ok_any || edap_df_finish(&l.t, T) + rest[i] > cap) continue;
          out->labels++;
          if (lset_add(&nxt[r], &l)) goto oom;
        }
    for (int p = 0; p < 2; p++) {
      lset t = cur[p];
      cur[p] = nxt[p];
      nxt[p] = t;
    }
  }
  /* Close with the last encoder (nothing after it reads). */
  size_t nf = cur[0].n + cur[1].n;
  search_point *pts = malloc(sizeof *pts * (nf ? nf : 1));
  edap_result *res = malloc(sizeof *res);
  if (!pts || !res) {
    free(pts);
    free(res);
    goto oom;
  }
  size_t n = 0;
  for (int p = 0; p < 2 && !rc; p++)
    for (size_t k = 0; k < cur[p].n; k++) {
      label l = cur[p].v[k];
      add_cost(&l, &cost[D - 1][p ? ST_R : ST_C], T);
      uint64_t delay = edap_df_finish(&l.t, T);
      if (delay > cap) continue;
      search_point pt;
      if (eval_mask(x, m, sp, l.mask, &pt, res, err)) {
        rc = -1;
        break;
      }
      out->evaluated++;
      /* The decomposition must reproduce the full evaluation. */
      double dyn = res->energy_pj - res->chip_pj;
      if (res->cycles != delay || edap_alloc_total(x, res) != l.tiles ||
          fabs(dyn - l.e) > 1e-9 * fabs(dyn)) {
        rc = trex_errf(err,
                       "search: internal: per-encoder decomposition does not reproduce "
                       "the schedule for reuse mask 0x%llx (use --method enum)",
                       (unsigned long long)l.mask);
        break;
      }
      pts[n++] = pt;
      if (feasible(sp, &pt) && (!out->feasible || better(&pt, &out->best))) {
        out->feasible = 1;
        out->best = pt;
      }
    }
  if (!rc) rc = make_front(sp, pts, n, out, err);
  free(pts);
  free(res);
  goto done;
oom:
  rc = trex_errf(err, "search: out of memory");
done:
  for (int p = 0; p < 2; p++) {
    free(cur[p].v);
    free(nxt[p].v);
  }
  free(cost);
  return rc;
}

int search_run(const edap_ctx *x, const vit_model *m, const search_spec *sp,
               search_method method, search_out *out, trex_err *err) {
  memset(out, 0, sizeof *out);
  if (vit_model_check(m, m->name[0] ? m->name : "model", err)) return -1;
  if (!(sp->budget_ms > 0) || !isfinite(sp->budget_ms))
    return trex_errf(err, "search: the delay budget must be a positive number of ms");
  const int mixed = vit_model_pruned(m) || vit_model_shared(m);
  if (method == SEARCH_AUTO)
    method = mixed || m->depth - 1 <= SEARCH_ENUM_MAX_REUSABLE ? SEARCH_ENUM : SEARCH_DP;
  if (mixed && method == SEARCH_DP)
    return trex_errf(err, "model '%s' prunes tokens or shares layers: the dynamic "
                     "programme's per-encoder costs do not hold; use --method enum", m->name);
  out->method = method;
  int rc = method == SEARCH_ENUM ? run_enum(x, m, sp, out, err) : run_dp(x, m, sp, out, err);
  if (rc) {
    search_out_free(out);
    return -1;
  }
  if (out->feasible) {
    ctrl_reuse r;
    search_mask_to_reuse(out->best.mask, m->depth, &r);
    if (edap_eval(x, m, &r, &out->best_res, err)) {
      search_out_free(out);
      return -1;
    }
  }
  return 0;
}

void search_out_free(search_out *out) {
  TREX_FREE_NULL(out->front);
  out->n_front = 0;
}

int search_parse_budget(const char *s, double baseline_ms, double *out_ms, trex_err *err) {
  const char *end;
  double v;
  if (trex_parse_real_unit(s, &v, &end))
    return trex_errf(err, "--delay-budget '%s': expected a number with ms, us or x", s);
  double ms;
  if (!strcmp(end, "x")) ms = v * baseline_ms;
  else if (!strcmp(end, "ms") || !*end) ms = v;
  else if (!strcmp(end, "us")) ms = v * 1e-3;
  else if (!strcmp(end, "s")) ms = v * 1e3;
  else
    return trex_errf(err, "--delay-budget '%s': unit '%s' is not ms, us, s or x", s, end);
  if (!(ms > 0))
    return trex_errf(err, "--delay-budget '%s': must be positive", s);
  if (!isfinite(ms))
    return trex_errf(err, "--delay-budget '%s': too large (not a finite number of ms)", s);
  *out_ms = ms;
  return 0;
}

int search_impact_load(const char *path, int depth, double *impact, trex_err *err) {
  char *text = trex_read_all(path, NULL, err);
  if (!text) return -1;
  int seen[VIT_MAX_DEPTH] = {0};
  for (int i = 0; i < depth; i++) impact[i] = 0;
  int line = 0, nonempty = 0, rc = 0;
  /* every line counts, blank ones too, so that messages name the right line */
  for (char *ln = text, *nx; ln; ln = nx) {
    nx = strchr(ln, '\n');
    if (nx) *nx++ = 0;
    line++;
    if (*ln) nonempty++; /* the header test below counted these only */
    size_t L = strlen(ln);
    while (L && (ln[L - 1] == '\r' || isspace((unsigned char)ln[L - 1]))) ln[--L] = 0;
    while (isspace((unsigned char)*ln)) ln++;
    if (!*ln || *ln == '#') continue;
    char *comma = strchr(ln, ',');
    if (!comma) {
      rc = trex_errf(err, "%s:%d: expected 'encoder,impact'", path, line);
      break;
    }
    *comma = 0;
    char *e1, *e2;
    long enc = strtol(ln, &e1, 10);
    double imp = strtod(comma + 1, &e2);
    while (isspace((unsigned char)*e2)) e2++;
    if (e1 == ln || *e1 || e2 == comma + 1 || *e2) {
      if (nonempty == 1 && !isdigit((unsigned char)*ln)) continue; /* header */
      rc = trex_errf(err, "%s:%d: expected 'encoder,impact' with numbers", path, line);
      break;
    }
    if (enc < 1 || enc >= depth) {
      rc = trex_errf(err, "%s:%d: encoder %ld is not a reusable encoder 1..%d", path, line,
                     enc, depth - 1);
      break;
    }
    /* a measured gain is a negative impact (docs/edap.md, "Search") */
    if (!isfinite(imp)) {
      rc = trex_errf(err, "%s:%d: impact %g of encoder %ld must be a finite number", path, line,
                     imp, enc);
      break;
    }
    if (seen[enc]++) {
      rc = trex_errf(err, "%s:%d: encoder %ld is listed twice", path, line, enc);
      break;
    }
    impact[enc] = imp;
  }
  free(text);
  if (rc) return rc;
  for (int i = 1; i < depth; i++)
    if (!seen[i]) return trex_errf(err, "%s: no impact for encoder %d", path, i);
  return 0;
}
