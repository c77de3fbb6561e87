/* trex contract: the controller contract (c-model/ctrl_contract.def) as the
 * SV package and the tables of docs/controller.md. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "ctrl_contract.h"
#include "trex_cli.h"

static const char *help =
    "usage: trex contract [--sv] [--md TABLE]\n"
    "       trex contract [--check] [--sv-file FILE] [--doc FILE]\n"
    "The attention-reuse controller's contract (op codes and what runs them,\n"
    "descriptor fields and counters, error codes, register map, widths), written\n"
    "once in c-model/ctrl_contract.def.\n"
    "  --sv            print the SV package (rtl/ctrl_pkg.sv)\n"
    "  --md TABLE      print one markdown table: ops, units, errors, registers,\n"
    "                  reads, descriptor, widths\n"
    "  --sv-file FILE  write the package to FILE (all or nothing)\n"
    "  --doc FILE      rewrite the blocks between '<!-- contract:TABLE -->' and\n"
    "                  '<!-- /contract:TABLE -->' lines of FILE with those tables\n"
    "  --check         with --sv-file/--doc: write nothing; exit 1 naming the first\n"
    "                  differing line when a file is not what the table gives\n"
    "  -h, --help      this text\n"
    "Without options: --sv. `make contract` rewrites rtl/ctrl_pkg.sv and\n"
    "docs/controller.md; `make lint` runs the check.\n";

int trex_cmd_contract(int argc, char **argv) {
  const char *md = NULL, *sv_file = NULL, *doc = NULL;
  int sv = 0, check = 0;
  static const struct option opts[] = {{"sv", no_argument, 0, 's'},
                                       {"md", required_argument, 0, 'm'},
                                       {"sv-file", required_argument, 0, 'f'},
                                       {"doc", required_argument, 0, 'd'},
                                       {"check", no_argument, 0, 'c'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
  int ch;
  optind = 1;
  opterr = 0;
  while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
    switch (ch) {
      case 's': sv = 1; break;
      case 'm': md = optarg; break;
      case 'f': sv_file = optarg; break;
      case 'd': doc = optarg; break;
      case 'c': check = 1; break;
      case 'h': fputs(help, stdout); return 0;
      default:
        return trex_usage("contract", "bad option '%s'",
                          optind > 0 && optind <= argc ? argv[optind - 1] : "?");
    }
  }
  if (optind != argc) return trex_usage("contract", "unexpected argument '%s'", argv[optind]);
  if (check && !sv_file && !doc) return trex_usage("contract", "--check needs --sv-file or --doc");
  trex_err err;
  int rc = 0;
  if (sv_file) {
    int r = ctrl_contract_sv_file(sv_file, check, &err);
    if (r) {
      fprintf(stderr, "trex contract: %s\n", err.msg);
      rc = 1;
    }
  }
  if (doc) {
    int r = ctrl_contract_doc(doc, check, &err);
    if (r) {
      fprintf(stderr, "trex contract: %s\n", err.msg);
      rc = 1;
    }
  }
  if (md && ctrl_contract_md(stdout, md))
    return trex_usage("contract", "--md: unknown table '%s'", md);
  if (sv || (!md && !sv_file && !doc)) ctrl_contract_sv(stdout);
  if (fflush(stdout) || ferror(stdout)) rc = trex_fail("contract", "error writing standard output");
  return rc;
}
