/* cli_opts: the option table and argument parsing every `trex` subcommand
 * shares (getopt_long underneath, so long options may be abbreviated and
 * operands may stand anywhere).
 *
 * A subcommand describes its options once, as a table of cli_opt rows
 * (CLI_OPT_*); cli_parse() fills the variables the table points at, answers
 * -h and --help with the help text, checks the integers strictly (trex_parse_long:
 * trex_num.h) with an error naming the option, checks the operands and the
 * required options, and reports every usage error as the one line of
 * trex_usage() (exit 2). */
#ifndef CLI_OPTS_H
#define CLI_OPTS_H

/* What an option takes and where it goes. */
typedef enum {
  CLI_STR,  /* a value: *(const char **)to = the word */
  CLI_FLAG, /* no value: *(int *)to = 1 */
  CLI_LONG, /* an integer in [lo, hi]: *(long *)to */
  CLI_INT,  /* an integer in [lo, hi] (within int): *(int *)to */
} cli_kind;

typedef struct {
  const char *name; /* "count" for --count */
  cli_kind kind;
  void *to;
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

typedef struct {
  const char *sub;     /* the subcommand as errors name it */
  const char *help;    /* printed on stdout for -h, --help */
  const cli_opt *opts; /* ends with CLI_OPT_END; at most CLI_MAX_OPTS rows */
  cli_bad bad;
  const char *operand; /* NULL: no operands ("unexpected argument 'WORD'");
                          otherwise exactly one, the last word of argv once
                          parsed, and this is the error when there is not */
} cli_cmd;

/* Table rows; each checks the type of the variable it is given (a mismatch is
 * a compile error under -Werror). NEED: NULL, or the error when missing. */
#define CLI_OPT_STR(name, var, need) \
  {(name), CLI_STR, (void *)(1 ? (var) : (const char **)0), 0, 0, NULL, (need)}
#define CLI_OPT_FLAG(name, var) \
  {(name), CLI_FLAG, (void *)(1 ? (var) : (int *)0), 0, 0, NULL, NULL}
#define CLI_OPT_LONG(name, var, lo, hi, bad, need) \
  {(name), CLI_LONG, (void *)(1 ? (var) : (long *)0), (lo), (hi), (bad), (need)}
#define CLI_OPT_INT(name, var, lo, hi, bad, need) \
  {(name), CLI_INT, (void *)(1 ? (var) : (int *)0), (lo), (hi), (bad), (need)}
#define CLI_OPT_END {NULL, CLI_STR, NULL, 0, 0, NULL, NULL}

/* The options of every EDAP command (trex edap, trex search), into the
 * members of an edap_opts (edap_report.h) that o points at. */
#define CLI_OPTS_EDAP(o)                                                          \
  CLI_OPT_STR("chip", &(o)->chip, NULL), CLI_OPT_STR("tech", &(o)->tech, NULL),   \
      CLI_OPT_STR("synth", &(o)->synth_dir, NULL),                                \
      CLI_OPT_STR("synth-scale", &(o)->synth_scale, NULL),                        \
      CLI_OPT_STR("liberties", &(o)->liberties, NULL),                            \
      CLI_OPT_STR("dataflow", &(o)->dataflow, NULL)

enum { CLI_MAX_OPTS = 31, CLI_GO = -1 };

/* Parses argv[1..argc-1] (argv[0] is the subcommand) against cmd. Returns
 * CLI_GO when the command should go on (every variable of a given option set;
 * the others untouched), or the exit code to return at once: 0 after the
 * help, 2 after a usage error. */
int cli_parse(const cli_cmd *cmd, int argc, char **argv);

/* The text of a numeric macro, for error formats: CLI_XSTR(VIT_MAX_DEPTH). */
#define CLI_STR_(x) #x
#define CLI_XSTR(x) CLI_STR_(x)

#endif
