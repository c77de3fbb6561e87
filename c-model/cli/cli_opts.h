/* cli_opts: the option table and argument parsing every `trex` subcommand
 * shares (getopt_long underneath, so long options may be abbreviated and
 * operands may stand anywhere).
 *
 * A subcommand is a cli_cmd: its options, described once as a table of
 * cli_opt rows (CLI_OPT_*) over the members of its argument struct, its
 * defaults and the function that runs it. cli_run() (called by trex_main.c
 * for every subcommand) starts from the defaults; cli_parse() fills the
 * members the table names, answers
 * -h and --help with the help text, checks the integers strictly (trex_parse_long:
 * trex_num.h) with an error naming the option, checks the operands and the
 * required options, and reports every usage error as the one line of
 * trex_usage() (exit 2). */
#ifndef CLI_OPTS_H
#define CLI_OPTS_H

#include <stddef.h>

/* What an option takes and where it goes. */
typedef enum {
  CLI_STR,  /* a value: the (const char *) member = the word */
  CLI_FLAG, /* no value: the int member = 1 */
  CLI_LONG, /* an integer in [lo, hi]: the long member */
  CLI_INT,  /* an integer in [lo, hi] (within int): the int member */
} cli_kind;

typedef struct {
  const char *name; /* "count" for --count */
  cli_kind kind;
  size_t at;        /* the member's offset in the command's argument struct */
  long lo, hi;      /* CLI_LONG, CLI_INT: the accepted range */
  const char *bad;  /* CLI_LONG, CLI_INT: the error, a format with one %s
                       (the value), e.g. "--count: '%s' is not an integer in 1..9" */
  const char *need; /* non-NULL: the option is required; the error if it is
                       missing (checked in table order, after the operands) */
} cli_opt;

/* How an unknown option or a missing value is reported. */
typedef enum {
  CLI_BAD_NAMED,   /* "bad option 'WORD'" */
  CLI_BAD_UNKNOWN, /* "unknown option or missing value 'WORD'" */
  CLI_BAD_GETOPT,  /* getopt's own line ("SUB: unrecognized option ..."), then
                      "bad option" */
} cli_bad;

/* A subcommand: its options go into an argument struct of `size` bytes that
 * starts as a copy of *dflt; once they are parsed, run() gets it and the
 * subcommand's argv (argv[0] is the subcommand as it was called, the operand
 * is argv[argc - 1]) and returns the exit code. */
typedef struct {
  const char *help;    /* printed on stdout for -h, --help */
  const cli_opt *opts; /* ends with CLI_OPT_END; at most CLI_MAX_OPTS rows */
  cli_bad bad;
  const char *operand; /* NULL: no operands ("unexpected argument 'WORD'");
                          otherwise exactly one, the last word of argv once
                          parsed, and this is the error when there is not */
  size_t size;
  const void *dflt;
  int (*run)(void *args, int argc, char **argv);
} cli_cmd;

/* The offset of member M (of type TYPE: a mismatch is a compile error) in
 * the argument struct T. */
#define CLI_AT(T, m, TYPE) _Generic(((T *)0)->m, TYPE: offsetof(T, m))

/* Table rows for the members M of the argument struct T. NEED: NULL, or the
 * error when missing. */
#define CLI_OPT_STR(name, T, m, need) \
  {(name), CLI_STR, CLI_AT(T, m, const char *), 0, 0, NULL, (need)}
#define CLI_OPT_FLAG(name, T, m) {(name), CLI_FLAG, CLI_AT(T, m, int), 0, 0, NULL, NULL}
#define CLI_OPT_LONG(name, T, m, lo, hi, bad, need) \
  {(name), CLI_LONG, CLI_AT(T, m, long), (lo), (hi), (bad), (need)}
#define CLI_OPT_INT(name, T, m, lo, hi, bad, need) \
  {(name), CLI_INT, CLI_AT(T, m, int), (lo), (hi), (bad), (need)}
#define CLI_OPT_END {NULL, CLI_STR, 0, 0, 0, NULL, NULL}

/* The output options of a command that writes a directory or file: --out
 * into member OUT (NEED: NULL, or the error when missing) and --force (may
 * replace an earlier output of the same command, trex_outdir) into FORCE. */
#define CLI_OPTS_OUT(T, out, force, need) \
  CLI_OPT_STR("out", T, out, need), CLI_OPT_FLAG("force", T, force)

/* The options of every EDAP command (trex edap, trex search), into the
 * members of the edap_opts (edap_report.h) member O of T. */
#define CLI_OPTS_EDAP(T, o)                                                        \
  CLI_OPT_STR("chip", T, o.chip, NULL), CLI_OPT_STR("tech", T, o.tech, NULL),      \
      CLI_OPT_STR("synth", T, o.synth_dir, NULL),                                  \
      CLI_OPT_STR("synth-scale", T, o.synth_scale, NULL),                          \
      CLI_OPT_STR("liberties", T, o.liberties, NULL),                              \
      CLI_OPT_STR("dataflow", T, o.dataflow, NULL)

enum { CLI_MAX_OPTS = 31, CLI_GO = -1 };

/* Parses argv[1..argc-1] (argv[0] is the subcommand, `sub` as errors name
 * it) against cmd into args (cmd->size bytes, already holding the defaults).
 * Returns CLI_GO when the command should go on (every member of a given
 * option set; the others untouched), or the exit code to return at once: 0
 * after the help, 2 after a usage error. */
int cli_parse(const cli_cmd *cmd, const char *sub, void *args, int argc, char **argv);

/* The whole of a subcommand: its defaults, cli_parse, then cmd->run. Returns
 * the exit code. */
int cli_run(const cli_cmd *cmd, int argc, char **argv);

/* The text of a numeric macro, for error formats: CLI_XSTR(VIT_MAX_DEPTH). */
#define CLI_STR_(x) #x
#define CLI_XSTR(x) CLI_STR_(x)

#endif
