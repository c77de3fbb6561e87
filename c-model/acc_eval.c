/* acc_eval: top-1 of one reuse list on a programmed network. */
#define _POSIX_C_SOURCE 200809L
#include "acc_eval.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int acc_argmax(const int32_t *v, int k) {
  int best = 0;
  for (int j = 1; j < k; j++)
    if (v[j] > v[best]) best = j;
  return best;
}

void acc_resolved(const ctrl_schedule *s, char *buf, size_t n) {
  size_t o = 0;
  buf[0] = '\0';
  for (int i = 0; i < s->model.depth && o + 16 < n; i++)
    if (s->reused[i])
      o += (size_t)snprintf(buf + o, n - o, "%s%d:%d", o ? "," : "", i, s->source[i]);
}

int acc_schedule(const model_int *m, const ctrl_chip *c, const char *reuse, const char *where,
                 ctrl_schedule *s, char *resolved, size_t rn, trex_err *err) {
  ctrl_reuse r;
  memset(s, 0, sizeof *s);
  if (ctrl_reuse_parse(reuse, &r, err)) return -1;
  if (ctrl_schedule_build(&m->vm, c, &r, s, err)) {
    ctrl_schedule_free(s);
    return -1;
  }
  if (model_check_reuse(m, s, where, err)) {
    ctrl_schedule_free(s);
    return -1;
  }
  if (resolved) acc_resolved(s, resolved, rn);
  return 0;
}

typedef struct {
  const acc_progress *pr;
  size_t done, total;
} prog_sink;

static int prog_op(void *ctx, const char *scope, const char *op, npy_dtype dt, int ndim,
                   const int64_t *shape, const void *data, trex_err *err) {
  prog_sink *p = ctx;
  p->done++;
  if (p->pr && p->pr->fn) p->pr->fn(p->pr->ctx, p->done, p->total);
  return 0;
}

static double secs(clockid_t id) {
  struct timespec t;
  clock_gettime(id, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int acc_run_list(enc_net *net, const ctrl_schedule *s, const acc_data *d, size_t n,
                 int want_logits, const acc_progress *pr, acc_run *out, trex_err *err) {
  memset(out, 0, sizeof *out);
  const model_int *m = net->m;
  int K = m->vm.classes;
  if (n == 0 || n > d->n) return trex_errf(err, "accuracy: %zu images asked, the dataset has %zu", n, d->n);
  int32_t *logits = malloc(n * (size_t)K * sizeof *logits);
  out->right = malloc(n);
  if (!logits || !out->right) {
    free(logits);
    acc_run_free(out);
    return trex_errf(err, "out of memory for the logits of %zu images", n);
  }
  prog_sink ps = {pr, 0, s->n_ops + 4};
  enc_sink sink = {&ps, prog_op};
  double w0 = secs(CLOCK_MONOTONIC), c0 = secs(CLOCK_THREAD_CPUTIME_ID);
  if (enc_net_run(net, s, d->images, n, &sink, NULL, logits, err)) {
    free(logits);
    acc_run_free(out);
    return -1;
  }
  out->wall_s = secs(CLOCK_MONOTONIC) - w0;
  out->cpu_s = secs(CLOCK_THREAD_CPUTIME_ID) - c0;
  out->images = n;
  for (size_t k = 0; k < n; k++) {
    out->right[k] = acc_argmax(logits + k * (size_t)K, K) == d->labels[k];
    out->correct += out->right[k];
  }
  if (want_logits) out->logits = logits;
  else free(logits);
  return 0;
}

void acc_run_free(acc_run *r) {
  free(r->right);
  free(r->logits);
  memset(r, 0, sizeof *r);
}
