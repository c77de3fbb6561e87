/* trex contract: the controller contract (c-model/ctrl_contract.def) as the
 * SV package and the tables of docs/controller.md. */
#define _POSIX_C_SOURCE 200809L
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
  for (int k = 1; k < argc; k++) {
    const char *a = argv[k], *next = k + 1 < argc ? argv[k + 1] : NULL;
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      fputs(help, stdout);
      return 0;
    }
    if (!strcmp(a, "--sv")) sv = 1;
    else if (!strcmp(a, "--check")) check = 1;
    else if (next && !strcmp(a, "--md")) md = argv[++k];
    else if (next && !strcmp(a, "--sv-file")) sv_file = argv[++k];
    else if (next && !strcmp(a, "--doc")) doc = argv[++k];
    else return trex_usage("contract", "bad argument '%s'", a);
  }
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
  if (trex_stdout_check(&err)) rc = trex_fail("contract", err.msg);
  return rc;
}
