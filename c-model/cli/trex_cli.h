/* trex_cli: the subcommands of build/bin/trex. Each takes its own argv
 * (argv[0] is the subcommand name), prints `--help`, reports errors as one
 * line "trex SUB: ..." on stderr and returns the process exit code. All but
 * `contract` are described for cli_run() (cli_opts.h): options, then run. */
#ifndef TREX_CLI_H
#define TREX_CLI_H

#include "cli_opts.h"

extern const cli_cmd trex_cmd_xbar, trex_cmd_vecgen, trex_cmd_schedule, trex_cmd_edap,
    trex_cmd_search, trex_cmd_infer, trex_cmd_modelgen, trex_cmd_accuracy,
    trex_cmd_accuracy_study, trex_cmd_compare_strategies;
extern const cli_cmd trex_cmd_tile_params; /* also `trex cycles` */
int trex_cmd_contract(int argc, char **argv);

/* Prints "trex SUB: MSG" on stderr and returns 1 (or 2 for usage errors). */
int trex_fail(const char *sub, const char *msg);
int trex_usage(const char *sub, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Parses a whole decimal integer in [lo, hi] strictly (trex_num.h: no
 * blanks, '+', exponent or saturation of out-of-range values); 0 on
 * success. */
int trex_parse_long(const char *s, long lo, long hi, long *out);

/* Flushes stdout: 0 when everything written to it so far got out;
 * otherwise -1 and err says "error writing standard output". */
#include "trex_err.h"
int trex_stdout_check(trex_err *err);

/* The end of a command that writes an output directory (trex_outdir,
 * trex_file.h): the directory is opened beside `out` for the files `own`
 * (`marker` holding `marker_text` tells this command's earlier output;
 * `what` names the command in messages), stage() writes the files into it
 * (trex_outdir_write, trex_gnuplot on o->stage), it is published whole, and
 * report() prints the command's result on stdout, which is checked. 0, or -1
 * with err (an error before the commit publishes nothing, and a message
 * naming a staged file names DIR/NAME). force: replace only the own files
 * of a directory that holds others (TREX_OUT_FORCE). */
#include "trex_file.h"
typedef struct {
  const char *const *own;
  const char *marker, *marker_text, *what;
  int (*stage)(const void *ctx, const trex_outdir *o, trex_err *err);
  void (*report)(const void *ctx, const char *out);
} cli_outdir;
int cli_publish(const cli_outdir *w, const char *out, int force, const void *ctx, trex_err *err);

/* A command that computes a state and publishes it with cli_publish: make()
 * fills a zeroed state of `size` bytes from the command's args (0; or -1
 * with err, having freed what it kept), drop() frees what a successful
 * make() kept. cli_make_publish runs make, cli_publish(w, out, force) on the
 * state, drop; 0, or 1 after trex_fail(cmd, the error). */
typedef struct {
  const char *cmd;
  size_t size;
  int (*make)(void *state, const void *args, trex_err *err);
  void (*drop)(void *state);
} cli_maker;
int cli_make_publish(const cli_maker *m, const cli_outdir *w, const char *out, int force,
                     const void *args);

/* Runs gnuplot (trex_spawn.h, no shell) on `script` inside directory dir,
 * whose files the script names by fixed relative names; the script is
 * written to dir/.plot.gp and removed after. 0 when dir/png was written;
 * otherwise err says "gnuplot is not on PATH (...)" or "gnuplot failed". */
int trex_gnuplot(const char *dir, const char *script, const char *png, trex_err *err);

#endif
