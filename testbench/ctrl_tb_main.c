/* ctrl_tb_main: the RTL attention-reuse controller (trex_ctrl, Verilated)
 * against the C model (ctrl_schedule), descriptor by descriptor and counter
 * by counter, over every built-in model with several reuse lists and seeded
 * random configurations (legal and illegal), with random back-pressure on
 * the descriptor port. Stops at the first divergence with a non-zero exit. */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctrl_tb.h"
#include "trex_clock.h"
#include "trex_num.h"

static const char *help =
    "usage: tb_ctrl [--seed S] [--random N] [--rtl-cov FILE]\n"
    "       tb_ctrl --model NAME|FILE [--reuse LIST] [--chip FILE] [--ready P]\n"
    "               [--activity FILE] [--seed S]\n"
    "Runs the Verilated trex_ctrl (RTL, or the synthesized netlist in the\n"
    "gate-level replay) against the C model (ctrl_schedule): every built-in\n"
    "model x reuse lists (none, every other encoder, all but 0, explicit\n"
    "sources) on two chips, a walk of every upper register bit, every register\n"
    "at 0, explicit sources with every source bit on 64 encoders, 32 deep\n"
    "models with random explicit sources, four configurations with every size\n"
    "at 65535 and four more with extreme chip figures (rows, outs, P, A, C),\n"
    "the MVM period at 2^30..2^45, the model-level ops, a walk of each chip\n"
    "figure's bits, register writes beside the start (which must be ignored),\n"
    "a walk of every reuse-mask bit, then N (default 1000) seeded\n"
    "random configurations, about a third of them illegal, with random\n"
    "back-pressure and 0..3 idle edges between the register writes and start.\n"
    "With --model, only that configuration, desc_ready high with probability P\n"
    "(default 1). --activity FILE (a --coverage-toggle build only) zeroes the\n"
    "toggle counters after the register writes and writes them to FILE after\n"
    "the run; the run's cycle count (start edge to done) is printed.\n"
    "--rtl-cov FILE (a coverage build only: make regress) writes the line,\n"
    "toggle and user coverage of the whole run to FILE.\n"
    "Exit 0 only when every descriptor, status and counter matches.\n";

int main(int argc, char **argv) {
  long seed = 1, nrand = 1000;
  const char *model = NULL, *reuse = "", *chipf = NULL, *activity = NULL, *rtl_cov = NULL;
  double ready = 1.0;
  for (int k = 1; k < argc; k++) {
    if (!strcmp(argv[k], "--help") || !strcmp(argv[k], "-h")) {
      fputs(help, stdout);
      return 0;
    } else if (!strcmp(argv[k], "--seed") && k + 1 < argc) {
      /* strict (trex_num.h): CTRL_SEED=-1 or =abc is an error, not 0 */
      int64_t v;
      if (trex_parse_i64(argv[++k], 0, INT64_MAX, &v)) {
        fprintf(stderr, "tb_ctrl: --seed '%s': not an integer in 0..2^63-1\n", argv[k]);
        return 2;
      }
      seed = (long)v;
    } else if (!strcmp(argv[k], "--random") && k + 1 < argc) {
      int64_t v;
      if (trex_parse_i64(argv[++k], 0, 100000000, &v)) {
        fprintf(stderr, "tb_ctrl: --random '%s': not an integer in 0..100000000\n", argv[k]);
        return 2;
      }
      nrand = (long)v;
    } else if (!strcmp(argv[k], "--model") && k + 1 < argc) {
      model = argv[++k];
    } else if (!strcmp(argv[k], "--reuse") && k + 1 < argc) {
      reuse = argv[++k];
    } else if (!strcmp(argv[k], "--chip") && k + 1 < argc) {
      chipf = argv[++k];
    } else if (!strcmp(argv[k], "--activity") && k + 1 < argc) {
      activity = argv[++k];
    } else if (!strcmp(argv[k], "--rtl-cov") && k + 1 < argc) {
      rtl_cov = argv[++k];
    } else if (!strcmp(argv[k], "--ready") && k + 1 < argc) {
      if (trex_parse_real(argv[++k], 0, 1, &ready) || !(ready > 0)) {
        fprintf(stderr, "tb_ctrl: --ready '%s': not a probability in (0, 1]\n", argv[k]);
        return 2;
      }
    } else {
      fprintf(stderr, "tb_ctrl: unknown argument '%s' (see --help)\n", argv[k]);
      return 2;
    }
  }
  double t0 = trex_clock_s();
  ctrl_dut *d = ctrl_dut_new();
  ctrl_dut_set_srst_n(d, 0);
  ctrl_dut_tick(d);
  ctrl_dut_tick(d);
  ctrl_dut_set_srst_n(d, 1);
  /* g draws the configurations, bp the back-pressure: the configuration
   * set depends on the seed only, not on how many cycles the RTL takes */
  trex_rng g, bp, dg, idle;
  trex_rng_seed(&g, (uint64_t)seed);
  trex_rng_seed(&bp, (uint64_t)seed ^ 0x9e3779b97f4a7c15ULL);
  trex_rng_seed(&dg, (uint64_t)seed ^ 0xc2b2ae3d27d4eb4fULL);
  trex_rng_seed(&idle, (uint64_t)seed ^ 0x165667b19e3779f9ULL);
  tb_stats st = {0};
  int rc = 0;
  if (activity && !model) {
    fprintf(stderr, "tb_ctrl: --activity needs --model\n");
    return 2;
  }
  if (rtl_cov && (activity || !ctrl_dut_has_cov())) {
    fprintf(stderr, "tb_ctrl: --rtl-cov needs the coverage build (make regress) and no --activity\n");
    return 2;
  }
  if (model) {
    tb_cfg t;
    memset(&t, 0, sizeof t);
    trex_err err;
    t.c = ctrl_chip_default();
    t.ready_p = ready;
    if (vit_model_resolve(model, &t.m, &err) || (chipf && ctrl_chip_load(chipf, &t.c, &err)) ||
        ctrl_reuse_parse(reuse, &t.r, &err) || ctrl_reg_image_check(&t.m, &err)) {
      fprintf(stderr, "tb_ctrl: %s\n", err.msg);
      return 2;
    }
    snprintf(t.label, sizeof t.label, "%.40s / reuse '%.40s'", t.m.name, reuse);
    st.zero_cov = activity != NULL;
    rc = ctrl_tb_run(d, &bp, &t, &st);
    if (!rc && activity && ctrl_dut_cov_write(d, activity)) {
      fprintf(stderr, "tb_ctrl: --activity %s: cannot write\n", activity);
      rc = -1;
    }
    if (rtl_cov && ctrl_dut_cov_write(d, rtl_cov)) {
      fprintf(stderr, "tb_ctrl: --rtl-cov %s: cannot write\n", rtl_cov);
      rc = -1;
    }
    ctrl_dut_free(d);
    printf("sim-ctrl: %s: %ld descriptors compared, %ld divergences, %ld cycles\n", t.label,
           st.descs, st.divergences, st.cycles);
    return rc ? 1 : 0;
  }
  st.idle = &idle;
  const char *const *names = vit_model_builtin_names();
  for (int chip = 0; chip < 2 && !rc; chip++)
    for (int b = 0; names[b] && !rc; b++)
      for (int list = 0; list < 4 && !rc; list++) {
        tb_cfg t;
        memset(&t, 0, sizeof t);
        trex_err err;
        if (vit_model_builtin(names[b], &t.m, &err)) return 2;
        t.c = chip ? ctrl_tb_other_chip() : ctrl_chip_default();
        t.ready_p = list == 0 ? 1.0 : 0.5;
        static const char *const ln[] = {"none", "every other", "all but 0", "explicit"};
        for (int i = 1; i < t.m.depth; i++) {
          if (list == 1 && i % 2) ctrl_reuse_add(&t.r, i, CTRL_SRC_AUTO);
          if (list == 2) ctrl_reuse_add(&t.r, i, CTRL_SRC_AUTO);
          if (list == 3 && i % 3) ctrl_reuse_add(&t.r, i, i >= 6 ? 3 * (i / 3) - 3 : 0);
        }
        snprintf(t.label, sizeof t.label, "%s / %s / %s chip", names[b], ln[list],
                 chip ? "other" : "default");
        rc = ctrl_tb_run(d, &bp, &t, &st);
      }
  if (!rc) rc = ctrl_tb_walk(d, &bp, &dg, &st);
  for (long n = 0; n < nrand && !rc; n++) {
    tb_cfg t;
    ctrl_tb_random(&g, n, &t);
    rc = ctrl_tb_run(d, &bp, &t, &st);
  }
  if (rtl_cov && ctrl_dut_cov_write(d, rtl_cov)) {
    fprintf(stderr, "tb_ctrl: --rtl-cov %s: cannot write\n", rtl_cov);
    rc = -1;
  }
  ctrl_dut_free(d);
  double secs = trex_clock_s() - t0;
  printf("sim-ctrl: %ld configurations (%ld legal, %ld illegal), %ld descriptors compared, "
         "%ld divergences, %.1f s (seed %ld); each descriptor's issue time checked against ctrl_issue\n",
         st.configs, st.legal, st.illegal, st.descs, st.divergences, secs, seed);
  printf("sim-ctrl: statuses compared:");
  for (int k = 0; k < CTRL_N_STATUS; k++)
    if (st.by_status[k]) printf(" %s %ld", ctrl_status_name((ctrl_status)k), st.by_status[k]);
  printf("\n");
  return rc ? 1 : 0;
}
