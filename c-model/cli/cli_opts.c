/* cli_opts: see cli_opts.h. */
#define _POSIX_C_SOURCE 200809L
#include "cli_opts.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trex_cli.h"

enum { HELP = 'h', FIRST = 256 }; /* getopt values: 'h', then FIRST + index */

/* The word getopt stopped at (the unknown option or the one missing its value). */
static const char *last_word(int argc, char **argv) {
  return optind > 0 && optind <= argc ? argv[optind - 1] : "?";
}

static int take(const char *sub, const cli_opt *o, const char *arg, void *args) {
  long v;
  void *to = (char *)args + o->at;
  switch (o->kind) {
    case CLI_STR: *(const char **)to = arg; break;
    case CLI_FLAG: *(int *)to = 1; break;
    case CLI_LONG:
    case CLI_INT:
      if (trex_parse_long(arg, o->lo, o->hi, &v)) return trex_usage(sub, o->bad, arg);
      if (o->kind == CLI_LONG) *(long *)to = v;
      else *(int *)to = (int)v; /* [lo, hi] lies within int (cli_opts.h) */
      break;
  }
  return CLI_GO;
}

int cli_parse(const cli_cmd *cmd, const char *sub, void *args, int argc, char **argv) {
  struct option lo[CLI_MAX_OPTS + 2];
  int seen[CLI_MAX_OPTS] = {0}, n = 0;
  for (; cmd->opts[n].name; n++) {
    if (n == CLI_MAX_OPTS) return trex_fail(sub, "too many options (cli_opts.h)");
    lo[n] = (struct option){cmd->opts[n].name,
                            cmd->opts[n].kind == CLI_FLAG ? no_argument : required_argument,
                            NULL, FIRST + n};
  }
  lo[n] = (struct option){"help", no_argument, NULL, HELP};
  lo[n + 1] = (struct option){0, 0, 0, 0};
  optind = 1;
  opterr = cmd->bad == CLI_BAD_GETOPT;
  int ch;
  while ((ch = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
    if (ch == HELP) {
      fputs(cmd->help, stdout);
      return 0;
    }
    if (ch < FIRST || ch >= FIRST + n) {
      if (cmd->bad == CLI_BAD_GETOPT) return trex_usage(sub, "bad option");
      return trex_usage(sub,
                        cmd->bad == CLI_BAD_NAMED ? "bad option '%s'"
                                                  : "unknown option or missing value '%s'",
                        last_word(argc, argv));
    }
    int rc = take(sub, &cmd->opts[ch - FIRST], optarg, args);
    if (rc != CLI_GO) return rc;
    seen[ch - FIRST] = 1;
  }
  if (!cmd->operand && optind != argc)
    return trex_usage(sub, "unexpected argument '%s'", argv[optind]);
  if (cmd->operand && optind != argc - 1) return trex_usage(sub, "%s", cmd->operand);
  for (int k = 0; k < n; k++)
    if (cmd->opts[k].need && !seen[k]) return trex_usage(sub, "%s", cmd->opts[k].need);
  return CLI_GO;
}

int cli_run(const cli_cmd *cmd, int argc, char **argv) {
  void *args = malloc(cmd->size);
  if (!args) return trex_fail(argv[0], "out of memory");
  memcpy(args, cmd->dflt, cmd->size);
  int rc = cli_parse(cmd, argv[0], args, argc, argv);
  if (rc == CLI_GO) rc = cmd->run(args, argc, argv);
  free(args);
  return rc;
}
