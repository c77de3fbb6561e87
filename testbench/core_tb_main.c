#define _POSIX_C_SOURCE 200809L
/* tb_core: the accelerator top trex_core (Verilated) against the golden
 * model (trex infer's library, in-process), op by op and bit for bit, with
 * the cycles of every op against the controller schedule's (docs/core.md).
 *
 *   tb_core --model DIR --input FILE.npy [--count N] [--reuse LIST]
 *           [--chip FILE] [--wave FILE] [--wave-from CYCLE] [--cycles FILE]
 *           [--quiet] [--stim FILE]
 * --stim FILE records the run's port actions (load writes, register writes,
 * start) and the golden model's expected op results for the Icarus
 * testbench (testbench/icarus/tb_core.sv, scripts/core-icarus.sh).
 * Exit 0 when every op of every input matched; 1 at the first difference
 * (a report naming input, encoder, op, element, golden and RTL values, the
 * descriptor and a replay command); 2 for usage or load errors. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core_cycles.h"
#include "core_dut.h"
#include "core_load.h"
#include "core_setup.h"
#include "ctrl_regimg.h"
#include "enc_net.h"
#include "npy.h"
#include "trex_file.h"
#include "trex_num.h"
#include "trex_rng.h"

#ifndef CORE_N_TILES
#error "build with the core's parameters (-DCORE_N_TILES=..., see mk/90-core.mk)"
#endif

#define MAX_CYCLES_PER_OP 50000000ull

typedef struct {
  char scope[8], op[16];
  npy_dtype dt;
  int ndim;
  int64_t shape[4];
  size_t count;
  void *data;
} gop;

typedef struct {
  gop *v;
  size_t n, cap;
} gops;

static int sink_op(void *ctx, const char *scope, const char *op, npy_dtype dt, int ndim,
                   const int64_t *shape, const void *data, trex_err *err) {
  gops *g = ctx;
  if (g->n == g->cap) {
    g->cap = g->cap ? 2 * g->cap : 64;
    g->v = realloc(g->v, g->cap * sizeof *g->v);
    if (!g->v) return trex_errf(err, "out of memory");
  }
  gop *o = &g->v[g->n++];
  memset(o, 0, sizeof *o);
  snprintf(o->scope, sizeof o->scope, "%s", scope);
  snprintf(o->op, sizeof o->op, "%s", op);
  o->dt = dt;
  o->ndim = ndim;
  o->count = 1;
  for (int i = 0; i < ndim && i < 4; i++) {
    o->shape[i] = shape[i];
    o->count *= (size_t)shape[i];
  }
  o->data = malloc(o->count * (size_t)dt);
  if (!o->data) return trex_errf(err, "out of memory");
  memcpy(o->data, data, o->count * (size_t)dt);
  return 0;
}

static void gops_clear(gops *g) {
  for (size_t i = 0; i < g->n; i++) free(g->v[i].data);
  g->n = 0;
}

/* ---- per-op cycle statistics ----------------------------------------- */
typedef struct {
  uint64_t n, rtl, sched, model;
} cstat;
static cstat cyc[32];

/* ---- the run ----------------------------------------------------------- */
typedef struct {
  core_dut *d;
  core_geom g;
  const model_int *m;
  const ctrl_schedule *s;
  gops gold;
  size_t gi;        /* next golden op */
  size_t ops_done;  /* RTL ops compared */
  uint64_t elems;   /* elements compared */
  int input;
  int quiet;
  const char *wave;      /* the file the FST writer opens (a staging path) */
  const char *wave_name; /* --wave as given, where the waveform is installed */
  uint64_t wave_from;
  int tracing;
  char replay[2048];
  FILE *cycf;
  FILE *stim;        /* --stim: port actions and golden results (Icarus) */
  uint64_t ld_writes, ld_waits; /* load-port writes, edges they waited for ready */
  /* load writes queued to go through the load port while the core runs (the
   * next image's patch vectors during this inference, after its patch_embed):
   * tick() offers the first each edge; the descriptors go first, so they
   * wait while the execution unit is busy (back-pressure) */
  struct bg_wr { uint32_t addr, data[16]; } *bg;
  size_t bg_n, bg_head, bg_cap;
  int preloaded;     /* this image's patches went in during the previous inference */
  const int8_t *next_img; /* the next image to preload (NULL: none, or --stim) */
  /* the output port: ready drawn per edge (probability out_p) */
  trex_rng out_rng;
  double out_p;
  uint64_t out_beats, out_waits;
  int out_class;     /* the class of the last beat taken */
  uint64_t ctrl_idx; /* index in the schedule of the controller's next op */
  uint64_t inf_op_cycles; /* this inference's cycles inside ops (RTL) */
  uint64_t inf_issue;     /* its cycles waiting for a descriptor (RTL) */
  uint64_t issue_by_op[32]; /* the same per op code, summed over inputs */
  uint64_t sum_inf, sum_issue; /* inferences (start .. last op end) and their issue cycles, summed */
} run_t;

static void tick(run_t *R) {
  int bg_taken = 0;
  if (R->bg_head < R->bg_n) { /* offer the next queued load write */
    const struct bg_wr *w = &R->bg[R->bg_head];
    core_dut_set_ld(R->d, 1, w->addr, w->data);
    if (core_dut_ld_ready(R->d)) bg_taken = 1;
    else R->ld_waits++;
  }
  if (R->wave && !R->tracing && core_dut_time(R->d) >= R->wave_from) {
    if (core_dut_trace_open(R->d, R->wave) == 0) R->tracing = 1;
    else {
      fprintf(stderr, "tb_core: cannot write the waveform %s (a build without tracing cannot: "
                      "make sim-core TRACE=1)\n", R->wave_name);
      R->wave = NULL;
    }
  }
  core_dut_tick(R->d);
  if (bg_taken) {
    R->ld_writes++;
    if (++R->bg_head == R->bg_n) {
      R->bg_head = R->bg_n = 0;
      core_dut_set_ld(R->d, 0, 0, NULL);
    }
  }
}

/* the load port's data width in 32-bit words (LD_W of core_top.sv) */
#define CORE_LD_WORDS ((CORE_OUTS * 8 > 64 ? CORE_OUTS * 8 : 64) / 32)

static void ld_write(void *ctx, uint32_t addr, const uint32_t *data) {
  run_t *R = ctx;
  if (R->stim) { /* L addr data (most significant word first) */
    fprintf(R->stim, "L %x ", addr);
    for (int w = CORE_LD_WORDS - 1; w >= 0; w--) fprintf(R->stim, "%08x", data[w]);
    fputc('\n', R->stim);
  }
  core_dut_set_ld(R->d, 1, addr, data);
  uint64_t guard = 0;
  R->ld_writes++;
  while (!core_dut_ld_ready(R->d)) {
    R->ld_waits++;
    tick(R);
    if (++guard > 1000000) {
      fprintf(stderr, "tb_core: load port never ready\n");
      exit(1);
    }
  }
  tick(R);
  core_dut_set_ld(R->d, 0, 0, NULL);
}

_Static_assert(CORE_LD_WORDS <= 16, "bg_wr holds 16 words");

/* queues a load write for tick() (core_load_image's writer) */
static void bg_write(void *ctx, uint32_t addr, const uint32_t *data) {
  run_t *R = ctx;
  if (R->bg_n == R->bg_cap) {
    size_t cap = R->bg_cap ? 2 * R->bg_cap : 256;
    struct bg_wr *nb = realloc(R->bg, cap * sizeof *nb);
    if (!nb) {
      fprintf(stderr, "tb_core: out of memory\n");
      exit(2);
    }
    R->bg = nb;
    R->bg_cap = cap;
  }
  struct bg_wr *w = &R->bg[R->bg_n++];
  w->addr = addr;
  memcpy(w->data, data, CORE_LD_WORDS * sizeof *data);
}

static const ctrl_rec *sched_rec(run_t *R, int enc, int code) {
  /* the controller's records come in order */
  if (R->ctrl_idx < R->s->n_ops) {
    const ctrl_rec *r = &R->s->ops[R->ctrl_idx];
    if (r->encoder == enc && (int)r->op == code) {
      R->ctrl_idx++;
      return r;
    }
  }
  return NULL;
}

static void index_str(const gop *o, size_t e, char *buf, size_t n) {
  size_t idx[4] = {0};
  size_t rem = e;
  for (int i = o->ndim - 1; i >= 1; i--) {
    idx[i] = rem % (size_t)o->shape[i];
    rem /= (size_t)o->shape[i];
  }
  int p = snprintf(buf, n, "[");
  for (int i = 1; i < o->ndim; i++)
    p += snprintf(buf + p, n - (size_t)p, "%s%zu", i > 1 ? "," : "", idx[i]);
  snprintf(buf + p, n - (size_t)p, "]");
}

static int fail_report(run_t *R, const gop *o, int enc, int code, size_t e, long gv, long rv,
                       const ctrl_rec *rec, uint64_t op_start) {
  char ix[64];
  index_str(o, e, ix, sizeof ix);
  printf("MISMATCH input %d encoder %d op %s (%s.%s) element %zu %s: golden %ld rtl %ld\n",
         R->input, enc, core_op_name(code), o->scope, o->op, e, ix, gv, rv);
  if (o->ndim == 3 || (o->ndim == 4 && 0))
    printf("  token %" PRId64 " column %" PRId64 "\n", (int64_t)(e / (size_t)o->shape[2]),
           (int64_t)(e % (size_t)o->shape[2]));
  if (rec)
    printf("  descriptor: encoder %d op %s m %" PRIu64 " k %" PRIu64 " n %" PRIu64 " tiles %" PRIu64
           " cycles %" PRIu64 "\n",
           rec->encoder, ctrl_op_name(rec->op), rec->m, rec->k, rec->n, rec->tiles, rec->cycles);
  else
    printf("  descriptor: model-level op %s (host port)\n", core_op_name(code));
  uint64_t from = op_start > 2000 ? op_start - 2000 : 0;
  printf("  op ran from cycle %" PRIu64 " to %" PRIu64 "\n", op_start, core_dut_time(R->d));
  if (R->tracing) printf("  waveform: %s (from cycle %" PRIu64 ")\n", R->wave_name, R->wave_from);
  printf("  replay: %s --wave build/sim-core/fail.fst --wave-from %" PRIu64 "\n", R->replay, from);
  return 1;
}

/* compares the op that just ended with the next golden op */
static int compare_op(run_t *R, int enc, int code, uint32_t dst, uint32_t rtl_cycles,
                      uint64_t op_start) {
  const ctrl_rec *rec = sched_rec(R, enc, code);
  if (R->gi >= R->gold.n) {
    printf("MISMATCH input %d: the RTL ran an extra op (encoder %d op %s)\n", R->input, enc,
           core_op_name(code));
    return 1;
  }
  const gop *o = &R->gold.v[R->gi++];
  char want[8];
  if (code >= CORE_OP_PATCH_EMBED) snprintf(want, sizeof want, "model");
  else snprintf(want, sizeof want, "enc%02d", enc);
  if (strcmp(want, o->scope) || strcmp(core_op_name(code), o->op)) {
    printf("MISMATCH input %d: op order: golden %s.%s, RTL %s.%s (a dropped or extra descriptor)\n",
           R->input, o->scope, o->op, want, core_op_name(code));
    return 1;
  }
  if (!rec) {
    printf("MISMATCH input %d: the RTL ran encoder %d op %s, not the schedule's next op\n", R->input,
           enc, core_op_name(code));
    return 1;
  }
  uint64_t dm = rec->m, dk = rec->k, dn = rec->n;
  uint64_t model = core_cycles_op(&R->g, &R->s->chip, code, dm, dk, dn, R->m->vm.heads);
  if (code < 32) {
    cyc[code].n++;
    cyc[code].rtl += rtl_cycles;
    cyc[code].sched += rec->cycles;
    cyc[code].model += model;
  }
  R->inf_op_cycles += rtl_cycles;
  /* the cycles the op waited for its descriptor (ctrl_issue.h): from the
   * previous op's end (op 0: the start edge, included) to its accept */
  size_t idx = R->ctrl_idx - 1;
  uint64_t now = core_dut_time(R->d), waited = now - op_start - rtl_cycles + (idx == 0);
  R->inf_issue += waited;
  if (code < 32) R->issue_by_op[code] += waited;
  if (waited != R->s->issue[idx]) {
    printf("ISSUE CYCLE MISMATCH input %d encoder %d op %s: the execution unit waited %" PRIu64
           " cycles for the descriptor, the schedule's issue cycles (ctrl_issue) %" PRIu64
           " (the controller's edges %" PRIu64 ", the previous op's cycles %" PRIu64 ")\n",
           R->input, enc, core_op_name(code), waited, R->s->issue[idx], R->s->issue_edges[idx],
           idx ? R->s->ops[idx - 1].cycles : 0);
    printf("  replay: %s --wave build/sim-core/fail.fst --wave-from %" PRIu64 "\n", R->replay,
           op_start > 2000 ? op_start - 2000 : 0);
    return 1;
  }
  if (rtl_cycles != rec->cycles) {
    printf("CYCLE MISMATCH input %d encoder %d op %s: rtl %u cycles, the schedule's cycles field %" PRIu64
           " (m %" PRIu64 " k %" PRIu64 " n %" PRIu64 ")\n",
           R->input, enc, core_op_name(code), rtl_cycles, rec->cycles, dm, dk, dn);
    printf("  replay: %s --wave build/sim-core/fail.fst --wave-from %" PRIu64 "\n", R->replay,
           op_start > 2000 ? op_start - 2000 : 0);
    return 1;
  }
  if (rtl_cycles != model) {
    printf("CYCLE MISMATCH input %d encoder %d op %s: rtl %u cycles, the cycle model (core_cycles) predicts %" PRIu64
           " (m %" PRIu64 " k %" PRIu64 " n %" PRIu64 ")\n",
           R->input, enc, core_op_name(code), rtl_cycles, model, dm, dk, dn);
    printf("  replay: %s --wave build/sim-core/fail.fst --wave-from %" PRIu64 "\n", R->replay,
           op_start > 2000 ? op_start - 2000 : 0);
    return 1;
  }
  if (R->cycf)
    fprintf(R->cycf, "%d\t%s\t%s\t%u\t%" PRIu64 "\n", R->input, o->scope, o->op, rtl_cycles,
            rec ? rec->cycles : 0);
  if (R->stim) { /* O enc code cycles count issue, then the golden values (E int8, G int32) */
    int none = code == CTRL_OP_K_WRITE || code == CTRL_OP_V_WRITE;
    fprintf(R->stim, "O %x %x %" PRIx64 " %zx %" PRIx64 "\n", enc, code, model,
            none ? (size_t)0 : o->count, R->s->issue[idx]);
    for (size_t j = 0; !none && j < o->count; j++) {
      if (code == CORE_OP_HEAD) fprintf(R->stim, "G %08x\n", (uint32_t)((const int32_t *)o->data)[j]);
      else fprintf(R->stim, "E %02x\n", (uint8_t)((const int8_t *)o->data)[j]);
    }
  }
  R->ops_done++;
  if (code == CTRL_OP_K_WRITE || code == CTRL_OP_V_WRITE) return 0; /* checked through qk / sv */
  if (code == CORE_OP_HEAD) { /* the logits through the output port, ready at random */
    const int32_t *gv = o->data;
    uint64_t guard = 0;
    for (size_t j = 0; j < o->count;) {
      int rdy = trex_rng_unit(&R->out_rng) < R->out_p;
      core_dut_set_out_ready(R->d, rdy);
      if (core_dut_out_valid(R->d)) {
        if (!rdy) R->out_waits++;
        else {
          int32_t rv = core_dut_out_data(R->d);
          if (core_dut_out_idx(R->d) != (int)j || core_dut_out_last(R->d) != (j + 1 == o->count)) {
            printf("MISMATCH input %d: output port beat %zu: index %d, last %d\n", R->input, j,
                   core_dut_out_idx(R->d), core_dut_out_last(R->d));
            return 1;
          }
          R->out_class = core_dut_out_class(R->d);
          R->elems++;
          R->out_beats++;
          if (rv != gv[j]) return fail_report(R, o, enc, code, j, gv[j], rv, rec, op_start);
          j++;
        }
      }
      tick(R);
      if (++guard > 100000 + 100 * o->count) {
        printf("ERROR input %d: the output port sent %zu of %zu logits\n", R->input, j, o->count);
        return 1;
      }
    }
    core_dut_set_out_ready(R->d, 0);
    return 0;
  }
  const int8_t *gv = o->data;
  for (size_t j = 0; j < o->count; j++) {
    int8_t rv = (int8_t)core_dut_mem(R->d, dst + (uint32_t)j);
    R->elems++;
    if (rv != gv[j]) return fail_report(R, o, enc, code, j, gv[j], rv, rec, op_start);
  }
  return 0;
}

/* runs until the exec reports an op done; compares it */
static int wait_op(run_t *R, uint64_t *op_start) {
  uint64_t guard = 0;
  /* op_done is a one-cycle pulse; no op ends at the edge after the previous one */
  tick(R);
  while (!core_dut_op_done(R->d)) {
    if (core_dut_exec_err(R->d)) {
      printf("ERROR input %d: the execution unit refused a descriptor (exec error state)\n", R->input);
      return 1;
    }
    tick(R);
    if (++guard > MAX_CYCLES_PER_OP) {
      printf("ERROR input %d: no op ended within %llu cycles\n", R->input, MAX_CYCLES_PER_OP);
      return 1;
    }
  }
  uint64_t end = core_dut_time(R->d);
  int code = core_dut_op_code(R->d);
  int rc = compare_op(R, core_dut_op_enc(R->d), core_dut_op_code(R->d), core_dut_op_dst(R->d),
                      core_dut_op_cycles(R->d), *op_start);
  *op_start = end; /* (the head's output port beats come after the op) */
  if (!rc && R->next_img && code == CORE_OP_PATCH_EMBED) { /* patch_embed done: preload the next image */
    core_load_image(R->m, &R->g, R->next_img, bg_write, R);
    R->preloaded = 1;
  }
  return rc;
}

static int run_image(run_t *R, const int8_t *img, const ctrl_reg_write *regs, int nregs,
                     uint64_t *inf_cycles) {
  if (!R->preloaded) core_load_image(R->m, &R->g, img, ld_write, R);
  R->preloaded = 0;
  uint64_t t0 = core_dut_time(R->d), op_start = t0;
  R->ctrl_idx = 0;
  R->inf_op_cycles = 0;
  R->inf_issue = 0;
  for (int i = 0; i < nregs; i++) {
    core_dut_set_cfg(R->d, 1, regs[i].addr, regs[i].data);
    if (R->stim) fprintf(R->stim, "C %x %x\n", (unsigned)regs[i].addr, (unsigned)regs[i].data);
    tick(R);
  }
  core_dut_set_cfg(R->d, 0, 0, 0);
  if (R->stim) fprintf(R->stim, "S %zx\n", R->s->n_ops);
  core_dut_set_start(R->d, 1);
  tick(R);
  core_dut_set_start(R->d, 0);
  op_start = core_dut_time(R->d);
  const uint64_t t_start = op_start;
  for (size_t i = 0; i < R->s->n_ops; i++)
    if (wait_op(R, &op_start)) return 1;
  /* the inference: the start edge to the end of the last op, both included */
  const uint64_t rtl_inf = op_start - t_start + 1;
  /* the preloaded writes still queued go in now (the core is idle) */
  for (uint64_t g = 0; R->bg_n && g < 10000000; g++) tick(R);
  /* the controller must be done and have nothing more to issue */
  for (int i = 0; i < 2000 && !core_dut_ctrl_done(R->d); i++) tick(R);
  if (!core_dut_ctrl_done(R->d) || core_dut_ctrl_error(R->d)) {
    printf("ERROR input %d: controller not done after its %zu ops (error %d)\n", R->input,
           R->s->n_ops, core_dut_ctrl_error(R->d));
    return 1;
  }
  tick(R);
  if (core_dut_op_done(R->d)) {
    printf("MISMATCH input %d: an op beyond the schedule ended\n", R->input);
    return 1;
  }
  *inf_cycles = core_dut_time(R->d) - t0;
  /* the inference: its ops' cycles against the schedule's total */
  if (R->inf_op_cycles != R->s->totals.cycles) {
    printf("CYCLE MISMATCH input %d: the inference's ops took %" PRIu64 " cycles, the schedule's total is %" PRIu64 "\n",
           R->input, R->inf_op_cycles, R->s->totals.cycles);
    return 1;
  }
  /* and the whole inference against the schedule's: ops + issue, nothing else */
  if (rtl_inf != R->s->inference_cycles || rtl_inf != R->inf_op_cycles + R->inf_issue) {
    printf("CYCLE MISMATCH input %d: the inference took %" PRIu64 " cycles (start .. end of the last op; "
           "ops %" PRIu64 " + issue %" PRIu64 "), the schedule's %" PRIu64 " (ops %" PRIu64 " + issue %" PRIu64 ")\n",
           R->input, rtl_inf, R->inf_op_cycles, R->inf_issue, R->s->inference_cycles,
           R->s->totals.cycles, R->s->issue_cycles);
    return 1;
  }
  R->sum_inf += rtl_inf;
  R->sum_issue += R->inf_issue;
  return 0;
}

/* A whole-number option: its range and the variable it sets (one of two types). */
typedef struct {
  const char *name;
  uint64_t lo, hi;
  long *to_long;
  uint64_t *to_u64;
} num_spec;

static const num_spec *num_find(const num_spec *t, size_t n, const char *name) {
  for (size_t k = 0; k < n; k++)
    if (!strcmp(t[k].name, name)) return &t[k];
  return NULL;
}

static void usage(FILE *f) {
  fprintf(f,
          "usage: tb_core --model DIR (--input FILE.npy | --random N [--seed S]) [--first K] [--count N]\n"
          "               [--reuse LIST] [--chip FILE] [--wave FILE] [--wave-from CYCLE]\n"
          "               [--cycles FILE] [--fault 1|2|3|4] [--quiet] [--stim FILE]\n"
          "--random N draws N images uniformly within the model's input range (seed S, default 1).\n"
          "--first K starts at image K (0-based; default 0), --count N runs N images from there\n"
          "  (default: to the last): a range of a large input, for running it in parts.\n"
          "--fault (builds with -DCORE_FAULTS): 1 a wrong result, 2 a dropped descriptor, 3 an extra cycle,\n"
          "  4 an extra issue cycle (ready held low one edge before every ln2).\n"
          "Runs N inputs (default all) through the Verilated trex_core and compares every op's\n"
          "output with the golden model (trex infer's library) bit for bit, in issue order;\n"
          "reports RTL cycles per op kind against the controller schedule's.\n"
          "Core parameters of this build: N_TILES %d, LANES %d, tile %dx%d, TMAX %d EMAX %d WMAX %d HMAX %d DMAX %d.\n",
          CORE_N_TILES, CORE_LANES, CORE_ROWS, CORE_OUTS, CORE_TMAX, CORE_EMAX, CORE_WMAX,
          CORE_HMAX, CORE_DMAX);
}

int main(int argc, char **argv) {
  trex_cleanup_on_signals(); /* SIGINT/SIGTERM/SIGHUP remove the temporaries */
  const char *model = NULL, *input = NULL, *reuse = "", *chipf = NULL, *wave = NULL, *cycf = NULL,
             *stimf = NULL;
  long count = -1, nrand = 0, fault = 0, first = 0;
  uint64_t wave_from = 0, seed = 1;
  int quiet = 0;
  const num_spec nums[] = {{"--count", 1, INT32_MAX, &count, NULL},
                           {"--first", 0, INT32_MAX, &first, NULL},
                           {"--random", 1, 1000000, &nrand, NULL},
                           {"--seed", 0, INT64_MAX, NULL, &seed},
                           {"--fault", 0, 4, &fault, NULL}};
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    const num_spec *n = v ? num_find(nums, sizeof nums / sizeof nums[0], a) : NULL;
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      usage(stdout);
      return 0;
    } else if (!strcmp(a, "--quiet")) quiet = 1;
    else if (v && !strcmp(a, "--model")) model = v, i++;
    else if (v && !strcmp(a, "--input")) input = v, i++;
    else if (v && !strcmp(a, "--reuse")) reuse = v, i++;
    else if (v && !strcmp(a, "--chip")) chipf = v, i++;
    else if (v && !strcmp(a, "--wave")) wave = v, i++;
    else if (v && !strcmp(a, "--cycles")) cycf = v, i++;
    else if (v && !strcmp(a, "--stim")) stimf = v, i++;
    else if (n) {
      /* strict (trex_num): no strtol saturation, no empty value (issue 15) */
      uint64_t x;
      if (trex_parse_u64(v, n->lo, n->hi, &x)) {
        fprintf(stderr, "tb_core: %s '%s': a whole number in %" PRIu64 "..%" PRIu64 "\n", a, v,
                n->lo, n->hi);
        return 2;
      }
      if (n->to_long) *n->to_long = (long)x;
      else *n->to_u64 = x;
      i++;
    } else if (v && !strcmp(a, "--wave-from")) {
      if (trex_parse_u64(v, 0, UINT64_MAX, &wave_from)) {
        fprintf(stderr, "tb_core: --wave-from '%s': a whole number\n", v);
        return 2;
      }
      i++;
    } else {
      fprintf(stderr, "tb_core: unknown or incomplete argument '%s' (see --help)\n", a);
      return 2;
    }
  }
  if (!model || (!input == !nrand)) {
    usage(stderr);
    return 2;
  }
  trex_err err = {{0}};
  model_int m;
  ctrl_chip chip;
  ctrl_reuse r;
  ctrl_schedule s;
  npy_array in;
  memset(&in, 0, sizeof in);
  enc_net net;
  int rc = 2;
  if (core_setup(model, chipf, reuse, &r, &m, &chip, &s, &err)) goto fail;
  if (model_check_reuse(&m, &s, model, &err)) goto fail;
  if (input) {
    int64_t shape[4] = {-1, m.channels, m.height, m.width};
    if (npy_load_as(input, NPY_I8, 4, shape, &in, &err)) goto fail;
  } else {
    /* seeded random images within the model's input range */
    trex_rng rng;
    trex_rng_seed(&rng, seed);
    in.dtype = NPY_I8;
    in.ndim = 4;
    in.shape[0] = nrand;
    in.shape[1] = m.channels;
    in.shape[2] = m.height;
    in.shape[3] = m.width;
    in.count = (size_t)nrand * m.channels * m.height * m.width;
    in.data = malloc(in.count);
    if (!in.data) {
      trex_errf(&err, "out of memory");
      goto fail;
    }
    for (size_t i = 0; i < in.count; i++)
      ((int8_t *)in.data)[i] = (int8_t)trex_rng_range(&rng, m.in_min, m.in_max);
  }
  if (first >= in.shape[0]) {
    trex_errf(&err, "--first %ld: %s has %lld images (0..%lld)", first, input ? input : "--random",
              (long long)in.shape[0], (long long)in.shape[0] - 1);
    goto fail;
  }
  if (enc_net_init(&net, &m, &chip, NULL, &err)) goto fail;

  run_t R;
  memset(&R, 0, sizeof R);
  R.g = (core_geom){.rows = CORE_ROWS, .outs = CORE_OUTS, .cell_bits = CORE_CELL_BITS,
                    .adc_bits = CORE_ADC_BITS, .cols_per_adc = CORE_CPA,
                    .differential = CORE_DIFF, .n_tiles = CORE_N_TILES, .lanes = CORE_LANES,
                    .tmax = CORE_TMAX, .emax = CORE_EMAX, .wmax = CORE_WMAX, .hmax = CORE_HMAX,
                    .dmax = CORE_DMAX};
  core_geom_derive(&R.g);
  if (core_check(&m, &s, &R.g, &err)) {
    enc_net_free(&net);
    goto fail;
  }
  R.m = &m;
  R.s = &s;
  R.quiet = quiet;
  R.wave_name = wave;
  /* the output port's ready: its own random stream, half the edges */
  trex_rng_seed(&R.out_rng, seed * 2654435761u + 17);
  R.out_p = 0.5;
  R.wave_from = wave_from;
  {
    int p = input ? snprintf(R.replay, sizeof R.replay, "%s --model %s --input %s", argv[0], model, input)
                  : snprintf(R.replay, sizeof R.replay, "%s --model %s --random %ld --seed %llu", argv[0],
                             model, nrand, (unsigned long long)seed);
    if (fault) p += snprintf(R.replay + p, sizeof R.replay - (size_t)p, " --fault %ld", fault);
    if (first) p += snprintf(R.replay + p, sizeof R.replay - (size_t)p, " --first %ld", first);
    if (count > 0) p += snprintf(R.replay + p, sizeof R.replay - (size_t)p, " --count %ld", count);
    if (*reuse) p += snprintf(R.replay + p, sizeof R.replay - (size_t)p, " --reuse '%s'", reuse);
    if (chipf) snprintf(R.replay + p, sizeof R.replay - (size_t)p, " --chip %s", chipf);
  }
  /* --cycles and --stim: written beside the target and renamed into place
   * (trex_wfile: never through a symlink, over a FIFO or a device; a write
   * error, a full disk included, fails the run; issue 15, class 2) */
  trex_wfile wcyc, wstim;
  if (cycf) {
    if (trex_wfile_open(&wcyc, cycf, &err)) {
      enc_net_free(&net);
      goto fail;
    }
    R.cycf = wcyc.fp;
    fprintf(R.cycf, "input\tscope\top\trtl_cycles\tschedule_cycles\n");
  }
  if (stimf) {
    if (fault) {
      fprintf(stderr, "tb_core: --stim records a fault-free run (no --fault)\n");
      enc_net_free(&net);
      if (R.cycf) trex_wfile_abort(&wcyc);
      goto fail;
    }
    if (trex_wfile_open(&wstim, stimf, &err)) {
      enc_net_free(&net);
      if (R.cycf) trex_wfile_abort(&wcyc);
      goto fail;
    }
    R.stim = wstim.fp;
  }
  /* --wave F: the FST writer writes into a private directory beside F and
   * the waveform is installed over F when the run ends (trex_file_install's
   * rules: never through a symbolic link, over a FIFO or a device; an
   * earlier waveform stays whole until then; an interruption removes the
   * directory). It opened F in place before (issue 15, class 2; H157). */
  char wstage[4200] = "", wtmp[4300] = "";
  if (wave) {
    mode_t wmode;
    if (trex_target_check(wave, &wmode, &err) || trex_tmpdir_beside(wave, wstage, sizeof wstage, &err)) {
      enc_net_free(&net);
      if (R.cycf) trex_wfile_abort(&wcyc);
      if (R.stim) trex_wfile_abort(&wstim);
      goto fail;
    }
    snprintf(wtmp, sizeof wtmp, "%s/wave.fst", wstage);
    R.wave = wtmp;
  }
  R.d = core_dut_new();
  for (int i = 0; i < 4; i++) tick(&R);
  core_dut_set_srst_n(R.d, 1);
  tick(&R);

  core_map map;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  uint64_t c0 = core_dut_time(R.d);
  if (core_load(&m, &s, &R.g, ld_write, &R, &map, &err)) {
    core_dut_free(R.d);
    enc_net_free(&net);
    goto fail;
  }
  if (fault) {
    uint32_t fw[16] = {(uint32_t)fault};
    ld_write(&R, 15u << 28, fw);
  }
  uint64_t load_cycles = core_dut_time(R.d) - c0;
  ctrl_reg_write regs[CTRL_REG_IMAGE_WRITES];
  int nregs = ctrl_reg_image(&m.vm, &chip, &r, regs);
  /* images first .. first + N - 1 of the input (--first, --count) */
  size_t N = (size_t)in.shape[0] - (size_t)first;
  if (count > 0 && (size_t)count < N) N = (size_t)count;
  size_t img = (size_t)m.channels * m.height * m.width;
  uint64_t sum_inf = 0;
  rc = 0;
  size_t matched = 0;
  for (size_t n = 0; n < N && !rc; n++) {
    size_t k = (size_t)first + n; /* the image's index in the input */
    R.input = (int)k;
    gops_clear(&R.gold);
    R.gi = 0;
    int32_t *gl = malloc((size_t)m.vm.classes * sizeof *gl);
    enc_sink sink = {&R.gold, sink_op};
    if (!gl || enc_net_run(&net, &s, (const int8_t *)in.data + k * img, 1, &sink, NULL, gl, &err)) {
      fprintf(stderr, "tb_core: golden model: %s\n", err.msg);
      free(gl);
      rc = 2;
      break;
    }
    uint64_t inf = 0;
    R.next_img = !R.stim && n + 1 < N ? (const int8_t *)in.data + (k + 1) * img : NULL;
    rc = run_image(&R, (const int8_t *)in.data + k * img, regs, nregs, &inf);
    if (!rc && R.gi != R.gold.n) {
      printf("MISMATCH input %zu: the RTL ran %zu ops, the golden model %zu\n", k, R.gi, R.gold.n);
      rc = 1;
    }
    if (!rc) {
      int best = 0;
      for (int j = 1; j < m.vm.classes; j++)
        if (gl[j] > gl[best]) best = j;
      if (R.out_class != best) {
        printf("MISMATCH input %zu: class golden %d rtl %d (output port)\n", k, best, R.out_class);
        rc = 1;
      } else {
        matched++;
        if (R.stim) fprintf(R.stim, "K %x\nX\n", best);
        sum_inf += inf;
        if (!quiet) printf("input %zu: class %d, %zu ops, %" PRIu64 " cycles: match\n", k, best, R.gi, inf);
      }
    }
    free(gl);
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double secs = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
  uint64_t total_cycles = core_dut_time(R.d);
  if (!rc) {
    printf("cycles per op kind (RTL, summed over %zu inputs; model = core_cycles; schedule = the controller's cycles field):\n", matched);
    printf("  %-12s %6s %10s %10s %10s %10s %10s\n", "op", "count", "rtl", "model", "schedule", "rtl-sched",
           "issue");
    uint64_t tr = 0, ts = 0;
    for (int c = 0; c < 32; c++) {
      if (!cyc[c].n) continue;
      printf("  %-12s %6" PRIu64 " %10" PRIu64 " %10" PRIu64 " %10" PRIu64 " %10" PRId64 " %10" PRIu64 "\n",
             core_op_name(c), cyc[c].n, cyc[c].rtl, cyc[c].model, cyc[c].sched,
             (int64_t)(cyc[c].rtl - cyc[c].sched), R.issue_by_op[c]);
      tr += cyc[c].rtl;
      ts += cyc[c].sched;
    }
    printf("  %-12s %6s %10" PRIu64 " %10s %10" PRIu64 "\n", "total", "", tr, "", ts);
    printf("schedule total per inference: %" PRIu64 " cycles (every inference's ops: equal)\n",
           s.totals.cycles);
    printf("issue cycles (waiting for the controller's descriptor, ctrl_issue; every op checked equal): "
           "%" PRIu64 " per input (mean), schedule %" PRIu64 "\n",
           matched ? R.sum_issue / matched : 0, s.issue_cycles);
    printf("inference cycles (start edge .. end of the last op): rtl %" PRIu64 " per input (mean) = ops + issue; "
           "schedule %" PRIu64 " = ops %" PRIu64 " + issue %" PRIu64 " (every inference checked equal)\n",
           matched ? R.sum_inf / matched : 0, s.inference_cycles, s.totals.cycles, s.issue_cycles);
    printf("host cycles per input outside the inference (register writes, the controller's done): %" PRIu64 " (mean)\n",
           matched ? (sum_inf - R.sum_inf) / matched : 0);
    printf("tiles used: %d of %d (static %d, run-time %d); load: %" PRIu64 " cycles\n",
           map.total_tiles, CORE_N_TILES, map.static_tiles, map.dynamic_tiles, load_cycles);
    /* coverage of this run: op codes, reuse entries, encoders */
    int nexec = 0;
    char notrun[512] = "";
    for (int c = 0; c < CTRL_OP_COUNT && c < 32; c++) {
      if (cyc[c].n) nexec++;
      else if (strlen(notrun) + 24 < sizeof notrun) {
        strcat(notrun, *notrun ? " " : "");
        strcat(notrun, core_op_name(c));
      }
    }
    int recent = 0, expl = 0;
    for (int i = 0; i < r.n; i++) {
      if (r.item[i].source == CTRL_SRC_AUTO) recent++;
      else expl++;
    }
    printf("coverage: %d of %d op codes executed%s%s%s; reuse entries: %d from the most recent, %d explicit; encoders reused:",
           nexec, CTRL_OP_COUNT, *notrun ? " (not: " : "", notrun, *notrun ? ")" : "", recent, expl);
    for (int e = 0; e < m.vm.depth; e++)
      if (s.reused[e]) printf(" %d", e);
    printf("; computing:");
    for (int e = 0; e < m.vm.depth; e++)
      if (!s.reused[e]) printf(" %d", e);
    printf("; load-port writes %" PRIu64 ", edges waited for ready %" PRIu64
           "; output-port beats %" PRIu64 ", edges waited for ready %" PRIu64 "\n",
           R.ld_writes, R.ld_waits, R.out_beats, R.out_waits);
    printf("sim-core: PASS %zu inputs, %zu ops, %" PRIu64 " elements compared, 0 mismatches; "
           "%" PRIu64 " cycles in %.2f s (%.0f cycles/s, %.2f inferences/s)\n",
           matched, R.ops_done, R.elems, total_cycles, secs, (double)total_cycles / secs,
           (double)matched / secs);
  } else if (rc == 1) {
    printf("sim-core: FAIL after %zu ops, %" PRIu64 " elements compared\n", R.ops_done, R.elems);
  }
  if (R.cycf && rc <= 1 && trex_wfile_commit(&wcyc, &err)) { /* a finished run's cycles */
    fprintf(stderr, "tb_core: %s\n", err.msg);
    rc = 2;
  } else if (R.cycf && rc > 1) trex_wfile_abort(&wcyc);
  if (R.stim) { /* kept only for a passing run */
    if (!rc && trex_wfile_commit(&wstim, &err) == 0) {
      printf("stimulus for the Icarus testbench: %s\n", stimf);
    } else if (!rc) {
      fprintf(stderr, "tb_core: %s\n", err.msg);
      rc = 2;
    } else trex_wfile_abort(&wstim);
  }
  /* the report reached stdout whole, or the run fails */
  if (fflush(stdout) || ferror(stdout)) {
    fprintf(stderr, "tb_core: error writing standard output\n");
    if (!rc) rc = 2;
  }
  core_dut_free(R.d); /* closes the waveform */
  if (wstage[0]) {
    if (R.tracing && trex_file_install(wtmp, wave, &err)) {
      fprintf(stderr, "tb_core: cannot write the waveform: %s\n", err.msg);
      if (!rc) rc = 2;
    }
    unlink(wtmp);
    rmdir(wstage);
    trex_tmp_forget(wstage);
  }
  free(R.bg);
  gops_clear(&R.gold);
  free(R.gold.v);
  enc_net_free(&net);
  npy_free(&in);
  ctrl_schedule_free(&s);
  model_free(&m);
  return rc;
fail:
  fprintf(stderr, "tb_core: %s\n", err.msg);
  npy_free(&in);
  ctrl_schedule_free(&s);
  model_free(&m);
  return 2;
}
