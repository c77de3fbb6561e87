/* units_tb: the C testbench of the integer encoder's digital units
 * (docs/encoder-units.md, "Verification"). One binary per unit (the unit is
 * fixed when it is verilated); the stimulus is a list of jobs, each one row
 * (softmax, LayerNorm) or one batch of beats (GELU, requantise, add), with
 * its expected output from the golden C functions (c-model/enc_ops.h) that
 * `trex infer` uses.
 *
 * Files: units_tb_main.c (options, the cycle-by-cycle driver, the checks
 * and the reports), units_tb_gen.c (random and corner jobs),
 * units_tb_real.c (jobs from a `trex infer --dump`), units_tb_unit.c (per
 * unit: golden output, port packing, the golden intermediates of a report). */
#ifndef UNITS_TB_H
#define UNITS_TB_H

#include <stdint.h>
#include <stdio.h>

#include "trex_rng.h"
#include "units_dut.h"

/* What the binary was built with (checked against the RTL by behaviour:
 * wrong values fail the comparison). */
typedef struct {
  ud_unit unit;
  int lanes;   /* LANES */
  int nmax;    /* NMAX (softmax, LayerNorm) */
  int steps;   /* STEPS (softmax, LayerNorm) */
  int acc_w;   /* ACC_W (requantise) */
} ucfg;

/* One job. Arrays hold beats*lanes elements (row units: the lanes past n
 * carry random values the unit must ignore; element-wise units: n is a
 * multiple of lanes and every lane counts). */
typedef struct {
  char label[160];      /* set, op and position: "corner one-dominant", "real enc01.softmax image 0 head 1 row 3" */
  int set;             /* UT_SET_* */
  int n;               /* row length (row units) or elements (element-wise) */
  int8_t *x;           /* softmax q, LayerNorm x, GELU x, add a */
  int8_t *xb;          /* add b */
  int64_t *acc;        /* requantise: accumulator (ACC_W bits) */
  int32_t *bias;       /* requantise: bias */
  int32_t *g, *B;      /* LayerNorm g_i, B_i */
  int64_t eps_q;       /* LayerNorm */
  int shift;           /* LayerNorm s */
  int32_t *bm, *bmb;   /* element-wise, per beat: M (requantise) or Ma, Mb (add) */
  uint8_t *bs;         /* element-wise, per beat: s */
  int lut;             /* softmax / GELU: table index in the pool */
  int8_t *y;           /* expected output (row units: 0 past n) */
  void *mem;           /* one allocation behind every array above */
} ujob;

/* stimulus sets; stream: full-length rows (element-wise: 16-beat batches)
 * of typical values with one table, the workload of the synthesis flow's
 * activity measurement */
enum { UT_SET_RANDOM, UT_SET_CORNER, UT_SET_REAL, UT_SET_STREAM, UT_NSETS };

/* The job list and the table pools. */
typedef struct {
  ujob *jobs;
  long n, cap;
  int32_t (*exp_lut)[256]; /* softmax LUT_exp pool */
  int8_t (*gelu_lut)[256]; /* GELU pool */
  int n_exp, n_gelu, cap_exp, cap_gelu;
} ujobs;

/* ---- units_tb_unit.c ------------------------------------------------------ */

extern const char *const ut_unit_names[UD_NUNITS];
int ut_unit_by_name(const char *name); /* -1 when unknown */
int ut_row_unit(ud_unit u);            /* softmax, LayerNorm: one row at a time */
int ut_stages(ud_unit u);              /* element-wise pipeline stages */
const char *ut_set_name(int set);

/* Beats of a job. */
int ut_beats(const ucfg *c, const ujob *j);

/* Allocates a job's arrays for n elements (rounded up to whole beats);
 * every array the unit needs, zeroed. Returns 0 or -1 (out of memory). */
int ut_job_alloc(const ucfg *c, ujob *j, int n);
void ut_job_free(ujob *j);
/* Appends a job (copied; the list owns its memory). -1: out of memory. */
int ut_jobs_add(ujobs *js, const ujob *j);
int ut_exp_add(ujobs *js, const int32_t lut[256]);  /* index, or -1 */
int ut_gelu_add(ujobs *js, const int8_t lut[256]);  /* index, or -1 */
void ut_jobs_free(ujobs *js);

/* Fills j->y from the golden C functions. */
void ut_golden(const ucfg *c, const ujobs *js, ujob *j);

/* Drives the input ports for beat k of job j (valid is left to the caller).
 * first: this beat opens a row (row units sample len/eps/s only then; the
 * other beats get random values on those ports). */
void ut_put_in(const ucfg *c, ud *d, const ujob *j, int k, trex_rng *noise);
/* Random values on the input data ports (a cycle without valid). */
void ut_put_noise(const ucfg *c, ud *d, trex_rng *noise);
/* LayerNorm g/B side stream, beat k of job j. */
void ut_put_gb(const ucfg *c, ud *d, const ujob *j, int k);
void ut_put_gb_noise(const ucfg *c, ud *d, trex_rng *noise);
/* The expected output words of beat k. */
void ut_expect(const ucfg *c, const ujob *j, int k, uint32_t *w);

/* The golden intermediate values behind element e of job j (the report). */
void ut_report_golden(FILE *fp, const ucfg *c, const ujobs *js, const ujob *j, int e);

/* ---- units_tb_gen.c -------------------------------------------------------- */

/* Random jobs (count rows or batches) and the corner jobs, from seed. */
int ut_gen_random(const ucfg *c, ujobs *js, long count, uint64_t seed);
int ut_gen_corner(const ucfg *c, ujobs *js, uint64_t seed);
int ut_gen_stream(const ucfg *c, ujobs *js, long count, uint64_t seed);

/* ---- units_tb_real.c ------------------------------------------------------- */

/* Jobs from a `trex infer --dump` of a model directory: every op of the
 * dump this unit computes, its input taken from the op that produced it
 * (docs/encoder-int.md sections 3 and 5) and its expected output the
 * dump's tensor; each row is also checked against the golden function
 * (a difference is a golden-model error, reported and counted). chip is the
 * chip JSON the dump was made with (NULL: the default chip): the
 * requantise jobs rebuild the accumulators on its tiles. max_rows limits
 * the jobs per op (0: all). Returns -1 with a one-line message on stderr. */
int ut_gen_real(const ucfg *c, ujobs *js, const char *model, const char *dump,
                const char *chip, long max_rows, long *golden_errors);

#endif
