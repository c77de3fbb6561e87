/* trex_cli: the subcommands of build/bin/trex. Each takes its own argv
 * (argv[0] is the subcommand name), prints `--help`, reports errors as one
 * line "trex SUB: ..." on stderr and returns the process exit code. */
#ifndef TREX_CLI_H
#define TREX_CLI_H

int trex_cmd_xbar(int argc, char **argv);
int trex_cmd_vecgen(int argc, char **argv);
int trex_cmd_cycles(int argc, char **argv);
int trex_cmd_schedule(int, char **);
int trex_cmd_edap(int argc, char **argv);
int trex_cmd_search(int argc, char **argv);
int trex_cmd_infer(int argc, char **argv);
int trex_cmd_modelgen(int argc, char **argv);
int trex_cmd_accuracy(int argc, char **argv);

/* Prints "trex SUB: MSG" on stderr and returns 1 (or 2 for usage errors). */
int trex_fail(const char *sub, const char *msg);
int trex_usage(const char *sub, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Parses a whole decimal integer in [lo, hi]; 0 on success. */
int trex_parse_long(const char *s, long lo, long hi, long *out);

#endif
