/* ctrl_contract: lookup tables of ctrl_contract.def, descriptor packing, and
 * the writers of rtl/ctrl_pkg.sv and the docs/controller.md tables. */
#define _POSIX_C_SOURCE 200809L
#include "ctrl_contract.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "trex_file.h"
#include "ctrl_cycles.h"
#include "units_cycles.h"

/* ---- lookup tables ------------------------------------------------------ */

static const ctrl_op_row op_rows[CTRL_OP_COUNT] = {
#define CTRL_OP(id, name, code, family, unit, scope, when) \
  [code] = {#name, CTRL_FAM_##family, CTRL_UNIT_##unit, CTRL_SCOPE_##scope, CTRL_WHEN_##when},
#include "ctrl_contract.def"
};

const ctrl_op ctrl_op_order[CTRL_OP_COUNT] = {
#define CTRL_OP(id, name, code, family, unit, scope, when) CTRL_OP_##id,
#include "ctrl_contract.def"
};

typedef struct {
  const char *name, *lanes, *doc;
  int reads, counter;
} unit_row;

static const unit_row unit_rows[CTRL_UNIT_COUNT] = {
#define CTRL_UNIT(id, name, lanes, reads, counter, doc) \
  {#name, #lanes, doc, reads, CTRL_F_##counter},
#include "ctrl_contract.def"
};

static const char *const family_names[] = {
#define CTRL_FAMILY(id, name, code, doc) [code] = #name,
#include "ctrl_contract.def"
};
static const char *const scope_docs[CTRL_SCOPE_COUNT] = {
#define CTRL_SCOPE(id, name, phase, doc) doc,
#include "ctrl_contract.def"
};
static const ctrl_phase scope_phase[CTRL_SCOPE_COUNT] = {
#define CTRL_SCOPE(id, name, phase, doc) CTRL_PHASE_##phase,
#include "ctrl_contract.def"
};
static const char *const phase_ids[CTRL_PHASE_COUNT] = {
#define CTRL_PHASE(id, name, doc) #id,
#include "ctrl_contract.def"
};

ctrl_phase ctrl_scope_phase(ctrl_scope s) {
  return (int)s >= 0 && s < CTRL_SCOPE_COUNT ? scope_phase[s] : CTRL_PHASE_COUNT;
}
static const char *const when_docs[CTRL_WHEN_COUNT] = {
#define CTRL_WHEN(id, name, doc) doc,
#include "ctrl_contract.def"
};

typedef struct {
  const char *name, *doc;
  int code, rtl;
} err_row;

static const err_row err_rows[CTRL_N_STATUS] = {
#define CTRL_ERR(id, name, code, rtl, doc) {#name, doc, code, rtl},
#include "ctrl_contract.def"
};

static const char *const field_names[CTRL_N_FIELDS] = {
#define CTRL_SIZE_FIELD(id, name, doc) #name,
#define CTRL_COUNT_FIELD(id, name, doc) #name,
#include "ctrl_contract.def"
};
static const char *const field_docs[CTRL_N_FIELDS] = {
#define CTRL_SIZE_FIELD(id, name, doc) doc,
#define CTRL_COUNT_FIELD(id, name, doc) doc,
#include "ctrl_contract.def"
};
static const size_t field_off[CTRL_N_FIELDS] = {
#define CTRL_SIZE_FIELD(id, name, doc) offsetof(ctrl_rec, name),
#define CTRL_COUNT_FIELD(id, name, doc) offsetof(ctrl_rec, name),
#include "ctrl_contract.def"
};
static const size_t total_off[CTRL_N_COUNTERS] = {
    offsetof(ctrl_totals, ops),
#define CTRL_COUNT_FIELD(id, name, doc) offsetof(ctrl_totals, name),
#include "ctrl_contract.def"
};

const ctrl_op_row *ctrl_op_info(int op) {
  return op >= 0 && op < CTRL_OP_COUNT ? &op_rows[op] : NULL;
}

const char *ctrl_op_name(ctrl_op op) {
  const ctrl_op_row *r = ctrl_op_info((int)op);
  return r ? r->name : NULL;
}

int ctrl_op_from_name(const char *name) {
  for (int k = 0; k < CTRL_OP_COUNT; k++)
    if (!strcmp(name, op_rows[k].name)) return k;
  return -1;
}

int ctrl_op_is_static(ctrl_op op) {
  const ctrl_op_row *r = ctrl_op_info((int)op);
  return r && r->family == CTRL_FAM_MM && r->unit == CTRL_UNIT_XBAR;
}

ctrl_unit_cyc ctrl_unit_cycles(ctrl_unit u) {
  ctrl_unit_cyc c = {0, 1, 0, CTRL_CYC_OP_FIXED};
  switch (u) {
    case CTRL_UNIT_SOFTMAX:
      c = (ctrl_unit_cyc){1, UNITS_SM_PASSES, units_softmax_fixed(UNITS_CHIP_STEPS),
                          CTRL_CYC_OP_FIXED + CTRL_CYC_LUT_LOAD};
      break;
    case CTRL_UNIT_LN:
      c = (ctrl_unit_cyc){1, UNITS_LN_PASSES, units_ln_fixed(UNITS_CHIP_STEPS), CTRL_CYC_OP_FIXED};
      break;
    case CTRL_UNIT_GELU:
      c.extra = UNITS_GELU_STAGES;
      c.op_extra = CTRL_CYC_OP_FIXED + CTRL_CYC_LUT_LOAD;
      break;
    case CTRL_UNIT_ADD: c.extra = UNITS_ADD_STAGES; break;
    default: break; /* buf (and the tile units, not ew): ceil(e/lanes) + 4 */
  }
  return c;
}

int ctrl_op_requantises(ctrl_op op) {
  const ctrl_op_row *r = ctrl_op_info((int)op);
  return r && r->family == CTRL_FAM_MM && op != CTRL_OP_HEAD;
}

const char *ctrl_unit_name(ctrl_unit u) {
  return (int)u >= 0 && u < CTRL_UNIT_COUNT ? unit_rows[u].name : "?";
}
int ctrl_unit_reads(ctrl_unit u) {
  return (int)u >= 0 && u < CTRL_UNIT_COUNT ? unit_rows[u].reads : 0;
}
int ctrl_unit_counter(ctrl_unit u) {
  return (int)u >= 0 && u < CTRL_UNIT_COUNT ? unit_rows[u].counter : CTRL_F_NONE;
}

const char *ctrl_status_name(ctrl_status s) {
  for (int k = 0; k < CTRL_N_STATUS; k++)
    if (err_rows[k].code == (int)s) return err_rows[k].name;
  return "?";
}

const char *ctrl_field_name(int f) {
  return f >= 0 && f < CTRL_N_FIELDS ? field_names[f] : NULL;
}

const char *ctrl_counter_name(int j) {
  if (j == 0) return "ops";
  return j > 0 && j < CTRL_N_COUNTERS ? field_names[CTRL_F_FIRST_COUNT + j - 1] : NULL;
}

uint64_t ctrl_rec_get(const ctrl_rec *r, int f) {
  if (f < 0 || f >= CTRL_N_FIELDS) return 0;
  uint64_t v;
  memcpy(&v, (const char *)r + field_off[f], sizeof v);
  return v;
}

int ctrl_rec_equal(const ctrl_rec *a, const ctrl_rec *b) {
  if (a->encoder != b->encoder || a->op != b->op) return 0;
  for (int f = 0; f < CTRL_N_FIELDS; f++)
    if (ctrl_rec_get(a, f) != ctrl_rec_get(b, f)) return 0;
  return 1;
}

void ctrl_rec_set(ctrl_rec *r, int f, uint64_t v) {
  if (f >= 0 && f < CTRL_N_FIELDS) memcpy((char *)r + field_off[f], &v, sizeof v);
}

uint64_t ctrl_totals_get(const ctrl_totals *t, int j) {
  if (j < 0 || j >= CTRL_N_COUNTERS) return 0;
  uint64_t v;
  memcpy(&v, (const char *)t + total_off[j], sizeof v);
  return v;
}

void ctrl_totals_add(ctrl_totals *t, const ctrl_rec *r) {
  t->ops += 1;
#define CTRL_COUNT_FIELD(id, name, doc) t->name += r->name;
#include "ctrl_contract.def"
}

void ctrl_totals_counters(const ctrl_totals *t, uint64_t v[CTRL_N_COUNTERS]) {
  for (int j = 0; j < CTRL_N_COUNTERS; j++) v[j] = ctrl_totals_get(t, j);
}

/* ---- descriptor ----------------------------------------------------------- */

#define ENC_MASK ((1u << CTRL_ENC_W) - 1u)
#define OP_MASK ((1u << CTRL_OP_W) - 1u)

void ctrl_desc_pack(const ctrl_rec *r, uint32_t w[CTRL_DESC_WORDS]) {
  memset(w, 0, sizeof(uint32_t) * CTRL_DESC_WORDS);
  w[0] = ((uint32_t)r->encoder & ENC_MASK) | (((uint32_t)r->op & OP_MASK) << CTRL_OP_LSB);
  for (int f = 0; f < CTRL_N_FIELDS; f++) {
    uint64_t v = ctrl_rec_get(r, f);
    w[2 + 2 * f] = (uint32_t)v;
    w[3 + 2 * f] = (uint32_t)(v >> 32);
  }
}

int ctrl_desc_unpack(const uint32_t w[CTRL_DESC_WORDS], ctrl_rec *r) {
  memset(r, 0, sizeof *r);
  r->encoder = (int)(w[0] & ENC_MASK);
  r->op = (ctrl_op)((w[0] >> CTRL_OP_LSB) & OP_MASK);
  for (int f = 0; f < CTRL_N_FIELDS; f++)
    ctrl_rec_set(r, f, (uint64_t)w[2 + 2 * f] | ((uint64_t)w[3 + 2 * f] << 32));
  return (w[0] & ~(ENC_MASK | (OP_MASK << CTRL_OP_LSB))) == 0 && w[1] == 0;
}

/* ---- register rows, flattened for the writers ------------------------------ */

typedef struct {
  const char *id, *name, *kind, *doc;
  int addr, lo, hi, count;
} reg_row;

static const reg_row reg_rows[] = {
#define CTRL_REG_MODEL(id, addr, key, lo, hi) {#id, #key, "model", NULL, addr, lo, CTRL_##hi, 1},
#define CTRL_REG_CHIP(id, addr, key, lo, hi) {#id, #key, "chip", NULL, addr, lo, CTRL_##hi, 1},
#define CTRL_REG_FIGURE(id, addr, fn, lo, hi, doc) {#id, #fn, "figure", doc, addr, lo, CTRL_##hi, 1},
#define CTRL_REG_MASK(id, addr, lsb) {#id, NULL, "mask", NULL, addr, lsb, lsb + 31, 1},
#define CTRL_REG_SOURCE(id, addr, count) {#id, NULL, "source", NULL, addr, 0, 0, CTRL_##count},
#include "ctrl_contract.def"
};
#define N_REG_ROWS (sizeof reg_rows / sizeof reg_rows[0])

/* ---- SV package -------------------------------------------------------------- */

static void lower(char *dst, const char *s, size_t n) {
  size_t k = 0;
  for (; s[k] && k + 1 < n; k++) dst[k] = (char)(s[k] >= 'A' && s[k] <= 'Z' ? s[k] + 32 : s[k]);
  dst[k] = 0;
}

/* One bit per op code (bit c: op c) of the ops for which pick(row) holds. */
static uint64_t op_mask(int (*pick)(const ctrl_op_row *, int), int arg) {
  uint64_t m = 0;
  for (int k = 0; k < CTRL_OP_COUNT; k++)
    if (pick(&op_rows[k], arg)) m |= 1ULL << k;
  return m;
}
static int pick_scope(const ctrl_op_row *r, int a) { return (int)r->scope == a; }
static int pick_when(const ctrl_op_row *r, int a) { return (int)r->when == a; }
static int pick_family(const ctrl_op_row *r, int a) { return (int)r->family == a; }
static int pick_unit(const ctrl_op_row *r, int a) { return (int)r->unit == a; }
static int pick_reads(const ctrl_op_row *r, int a) {
  return r->family == CTRL_FAM_EW && unit_rows[r->unit].reads == a;
}

static void sv_mask(FILE *fp, const char *name, uint64_t m, const char *doc) {
  const int n = 1 << CTRL_OP_W;
  fprintf(fp, "  localparam logic [%d:0] %s = %d'h%0*llx;  // %s\n", n - 1, name, n, (n + 3) / 4,
          (unsigned long long)m, doc);
}

void ctrl_contract_sv(FILE *fp) {
  fprintf(fp,
          "// ctrl_pkg: the attention-reuse controller's contract (docs/controller.md).\n"
          "// GENERATED by `trex contract` from c-model/ctrl_contract.def: do not edit.\n"
          "// Change the table and run `make contract`; `make lint` fails while this file\n"
          "// differs from what the table gives. Constants only (referenced as\n"
          "// ctrl_pkg::NAME), the subset Verilator, Yosys 0.23 and Icarus 11 accept.\n"
          "// (a module uses a few of them: Verilator's unused-parameter warning is off\n"
          "// here)\n"
          "// verilator lint_off UNUSEDPARAM\n"
          "package ctrl_pkg;\n\n  // widths (bits)\n");
#define CTRL_WIDTH(name, bits, doc) fprintf(fp, "  localparam int %s = %d;  // %s\n", #name, bits, doc);
#include "ctrl_contract.def"
  fprintf(fp, "  localparam int N_FIELDS = %d;  // descriptor fields\n", CTRL_N_FIELDS);
  fprintf(fp, "  localparam int N_COUNTERS = %d;  // counters (0 counts ops)\n", CTRL_N_COUNTERS);
  fprintf(fp, "  localparam int F_FIRST_COUNT = %d;  // counter j > 0 sums field F_FIRST_COUNT + j - 1\n",
          CTRL_F_FIRST_COUNT);
  fprintf(fp, "  localparam int FIELDS_W = %d;  // N_FIELDS * FIELD_W\n", CTRL_N_FIELDS * CTRL_FIELD_W);
  fprintf(fp, "  localparam int DESC_W = %d;  // header field + N_FIELDS fields\n", CTRL_DESC_BITS);
  fprintf(fp, "  localparam int COUNT_W = %d;  // N_COUNTERS * FIELD_W\n\n  // limits\n",
          CTRL_N_COUNTERS * CTRL_FIELD_W);
#define CTRL_LIMIT(name, value, doc) \
  fprintf(fp, "  localparam logic [%d:0] %s = %d'd%d;  // %s\n", CTRL_DATA_W - 1, #name, CTRL_DATA_W, value, doc);
#include "ctrl_contract.def"
  fprintf(fp, "\n  // op families\n");
#define CTRL_FAMILY(id, name, code, doc) \
  fprintf(fp, "  localparam logic [1:0] FAM_%s = 2'd%d;  // %s\n", #id, code, doc);
#include "ctrl_contract.def"
  fprintf(fp, "\n  // element counter an ew op feeds (KIND_NONE: none)\n"
              "  localparam logic [1:0] KIND_NONE = 2'd0;\n");
  {
    int kind = 0;
#define CTRL_UNIT(id, name, lanes, reads, counter, doc)                                  \
  if (CTRL_F_##counter != CTRL_F_NONE)                                                     \
    fprintf(fp, "  localparam logic [1:0] KIND_%s = 2'd%d;  // field %s\n", #id, ++kind,               \
            field_names[CTRL_F_##counter]);
#include "ctrl_contract.def"
  }
  fprintf(fp, "\n  // op codes, in issue order: family, unit, issued by, when\n");
  const int ow = CTRL_OP_W;
#define CTRL_OP(id, name, code, family, unit, scope, when)                                   \
  fprintf(fp, "  localparam logic [%d:0] OP_%s = %d'd%d;  // %s %s %s %s\n", ow - 1, #id, ow, code, \
          #family, #unit, #scope, #when);
#include "ctrl_contract.def"
  /* the issue order: the first op of each phase, and after each op the next
   * one of its phase (table order); OP_END after the last */
  const int nop = 1 << CTRL_OP_W, end = nop - 1;
  fprintf(fp, "  localparam logic [%d:0] OP_END = %d'd%d;  // no op: the end of a phase\n", ow - 1,
          ow, end);
  int next[64], first[CTRL_PHASE_COUNT];
  for (int k = 0; k < nop; k++) next[k] = end;
  for (int ph = 0; ph < CTRL_PHASE_COUNT; ph++) {
    int prev = -1;
    first[ph] = end;
    for (int k = 0; k < CTRL_OP_COUNT; k++) {
      int c = (int)ctrl_op_order[k];
      if ((int)scope_phase[op_rows[c].scope] != ph) continue;
      if (prev < 0) first[ph] = c;
      else next[prev] = c;
      prev = c;
    }
    fprintf(fp, "  localparam logic [%d:0] OP_%s_FIRST = %d'd%d;  // the first op of phase %s\n",
            ow - 1, phase_ids[ph], ow, first[ph], phase_ids[ph]);
  }
  fprintf(fp, "  // the next op of the same phase: NEXT_OP[c*OP_W +: OP_W] follows op c\n"
              "  localparam logic [%d:0] NEXT_OP = {", nop * ow - 1);
  for (int k = nop - 1; k >= 0; k--)
    fprintf(fp, "%s%d'd%d", k == nop - 1 ? "" : (nop - 1 - k) % 8 ? ", " : ",\n      ", ow, next[k]);
  fprintf(fp, "};\n\n  // op sets: bit c is op c\n");
  char nm[64];
#define CTRL_SCOPE(id, name, phase, doc)                                        \
  snprintf(nm, sizeof nm, "OPS_%s", #id);                                        \
  sv_mask(fp, nm, op_mask(pick_scope, CTRL_SCOPE_##id), "issued by " doc);
#include "ctrl_contract.def"
#define CTRL_WHEN(id, name, doc)                                                  \
  snprintf(nm, sizeof nm, "OPS_WHEN_%s", #id);                                    \
  sv_mask(fp, nm, op_mask(pick_when, CTRL_WHEN_##id), "issued only when " doc);
#include "ctrl_contract.def"
#define CTRL_FAMILY(id, name, code, doc)                                          \
  snprintf(nm, sizeof nm, "OPS_FAM_%s", #id);                                     \
  sv_mask(fp, nm, op_mask(pick_family, CTRL_FAM_##id), "family " #name);
#include "ctrl_contract.def"
#define CTRL_UNIT(id, name, lanes, reads, counter, doc)                           \
  snprintf(nm, sizeof nm, "OPS_UNIT_%s", #id);                                    \
  sv_mask(fp, nm, op_mask(pick_unit, CTRL_UNIT_##id), "run on the " #name " unit");
#include "ctrl_contract.def"
  sv_mask(fp, "OPS_READ2", op_mask(pick_reads, 2), "ew ops reading two operands per element");
  {
    uint64_t rq = 0;
    for (int k = 0; k < CTRL_OP_COUNT; k++)
      if (ctrl_op_requantises((ctrl_op)k)) rq |= 1ULL << k;
    sv_mask(fp, "OPS_REQUANT", rq, "mm ops whose outputs pass the requantise unit");
  }
  fprintf(fp, "\n  // the units' cycles (c-model/units_cycles.h, STEPS %d): a row unit\n"
              "  // m*(PASSES*ceil(n/lanes) + EXTRA), a stream unit ceil(m*n/lanes) + EXTRA\n",
          UNITS_CHIP_STEPS);
  for (int u = 0; u < CTRL_UNIT_COUNT; u++) {
    ctrl_unit_cyc c = ctrl_unit_cycles((ctrl_unit)u);
    char up[32];
    size_t j = 0;
    for (const char *p = unit_rows[u].name; *p && j + 1 < sizeof up; p++)
      up[j++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
    up[j] = 0;
    fprintf(fp, "  localparam logic UNIT_%s_ROW = 1'b%d;\n", up, c.row);
    fprintf(fp, "  localparam logic [1:0] UNIT_%s_PASSES = 2'd%d;\n", up, c.passes);
    fprintf(fp, "  localparam logic [15:0] UNIT_%s_EXTRA = 16'd%lld;\n", up, (long long)c.extra);
    fprintf(fp, "  localparam logic [15:0] UNIT_%s_OP_EXTRA = 16'd%lld;\n", up, (long long)c.op_extra);
  }
  fprintf(fp, "\n  // the fixed edges of the other families on trex_core's execution unit\n"
              "  // (c-model/ctrl_cycles.h): a matrix product m*P*rounds + MM_FIXED\n"
              "  // (+ beats when it requantises), a run-time write rows*rounds + WR_FIXED\n");
  fprintf(fp, "  localparam logic [15:0] MM_FIXED_RQ = 16'd%d;  // OPS_REQUANT ops: accept, set-up, gather, capture, 2 requantise stages, done\n",
          CTRL_CYC_MM_FIXED_RQ);
  fprintf(fp, "  localparam logic [15:0] MM_FIXED = 16'd%d;  // head (no requantisation)\n",
          CTRL_CYC_MM_FIXED);
  fprintf(fp, "  localparam logic [15:0] WR_FIXED = 16'd%d;\n", CTRL_CYC_WR_FIXED);
  fprintf(fp, "\n  // descriptor fields: field f at [FIELD_W*(f+1) +: FIELD_W]\n");
#define CTRL_SIZE_FIELD(id, name, doc) fprintf(fp, "  localparam int F_%s = %d;  // %s\n", #id, CTRL_F_##id, doc);
#define CTRL_COUNT_FIELD(id, name, doc) fprintf(fp, "  localparam int F_%s = %d;  // %s\n", #id, CTRL_F_##id, doc);
#include "ctrl_contract.def"
  fprintf(fp, "\n  // error codes (err_code_o)\n");
  const int ew = CTRL_ERR_W;
#define CTRL_ERR(id, name, code, rtl, doc)                                                   \
  if (rtl) fprintf(fp, "  localparam logic [%d:0] E_%s = %d'd%d;  // %s\n", ew - 1, #id, ew, code, doc);
#include "ctrl_contract.def"
  fprintf(fp, "\n  // register map, write port\n");
  const int aw = CTRL_ADDR_W;
  for (size_t k = 0; k < N_REG_ROWS; k++) {
    const reg_row *r = &reg_rows[k];
    fprintf(fp, "  localparam logic [%d:0] R_%s = %d'h%02x;  // ", aw - 1, r->id, aw, r->addr);
    if (!strcmp(r->kind, "mask"))
      fprintf(fp, "reuse mask bits %d:%d\n", r->hi, r->lo);
    else if (!strcmp(r->kind, "source"))
      fprintf(fp, "source of encoder i at R_%s + i, i < %d\n", r->id, r->count);
    else
      fprintf(fp, "%s %s, %d..%d\n", r->kind, r->name, r->lo, r->hi);
  }
  /* the configuration bank: every model, chip and figure register */
  int ncfg = 0;
  for (size_t k = 0; k < N_REG_ROWS; k++)
    if (reg_rows[k].count == 1 && strcmp(reg_rows[k].kind, "mask")) ncfg++;
  fprintf(fp, "  // the configuration bank: register RI_x at cfg[RI_x*DATA_W +: DATA_W]\n"
              "  localparam int N_CFG = %d;\n", ncfg);
  int ri = 0;
  unsigned long long model_mask = 0;
  for (size_t k = 0; k < N_REG_ROWS; k++) {
    const reg_row *r = &reg_rows[k];
    if (r->count != 1 || !strcmp(r->kind, "mask")) continue;
    fprintf(fp, "  localparam int RI_%s = %d;\n", r->id, ri);
    if (!strcmp(r->kind, "model")) model_mask |= 1ULL << ri;
    ri++;
  }
  const char *what[3] = {"CFG_ADDRS", "CFG_LO", "CFG_HI"};
  const int w3[3] = {CTRL_ADDR_W, CTRL_DATA_W, CTRL_DATA_W};
  for (int t = 0; t < 3; t++) {
    fprintf(fp, "  // %s\n  localparam logic [%d:0] %s = {",
            t == 0 ? "register RI_x's address at [RI_x*ADDR_W +: ADDR_W]"
                   : t == 1 ? "its least legal value at [RI_x*DATA_W +: DATA_W]"
                            : "its largest legal value",
            ncfg * w3[t] - 1, what[t]);
    int col = 0;
    for (int k = (int)N_REG_ROWS - 1; k >= 0; k--) {
      const reg_row *r = &reg_rows[k];
      if (r->count != 1 || !strcmp(r->kind, "mask")) continue;
      int v = t == 0 ? r->addr : t == 1 ? r->lo : r->hi;
      fprintf(fp, t == 0 ? "%s%d'h%02x" : "%s%d'd%d", !col ? "" : col % 8 ? ", " : ",\n      ",
              w3[t], v);
      col++;
    }
    fprintf(fp, "};\n");
  }
  fprintf(fp, "  localparam logic [%d:0] CFG_MODEL = %d'h%llx;  // the model registers (else chip)\n",
          ncfg - 1, ncfg, model_mask);
#define CTRL_SRC_BIT(id, lsb, width, doc)                                                    \
  fprintf(fp, "  localparam int %s_LSB = %d;  // source register: %s\n", #id, lsb, doc); \
  fprintf(fp, "  localparam int %s_W = %d;\n", #id, width);
#include "ctrl_contract.def"
  fprintf(fp, "  localparam int SRC_ENTRY_W = %d;  // a source entry as stored: {explicit, index}\n",
          1 + CTRL_SRC_INDEX_W);
  fprintf(fp, "\n  // read port\n");
#define CTRL_READ(id, addr, doc) \
  fprintf(fp, "  localparam logic [%d:0] RD_%s = %d'h%02x;  // %s\n", aw - 1, #id, aw, addr, doc);
#include "ctrl_contract.def"
  fprintf(fp, "  localparam logic [%d:0] RD_COUNT_END = %d'h%02x;  // RD_COUNT + 2 * N_COUNTERS\n",
          aw - 1, aw, CTRL_RD_COUNT + 2 * CTRL_N_COUNTERS);
  fprintf(fp, "endpackage\n// verilator lint_on UNUSEDPARAM\n");
}

/* ---- markdown tables ------------------------------------------------------------ */

static void md_ops(FILE *fp) {
  fprintf(fp, "| code | op | family | unit | issued by | when |\n| --- | --- | --- | --- | --- | --- |\n");
  for (int k = 0; k < CTRL_OP_COUNT; k++) {
    const ctrl_op_row *r = &op_rows[ctrl_op_order[k]];
    fprintf(fp, "| %d | `%s` | %s | %s | %s | %s |\n", (int)ctrl_op_order[k], r->name,
            family_names[r->family], unit_rows[r->unit].name, scope_docs[r->scope],
            when_docs[r->when]);
  }
}

static void md_units(FILE *fp) {
  fprintf(fp, "| unit | elements per cycle | reads per element | element counter | what it is |\n"
              "| --- | --- | --- | --- | --- |\n");
  for (int u = 0; u < CTRL_UNIT_COUNT; u++) {
    const unit_row *r = &unit_rows[u];
    char lanes[64];
    snprintf(lanes, sizeof lanes, strcmp(r->lanes, "none") ? "`%s`" : "(tiles)", r->lanes);
    fprintf(fp, "| %s | %s | %d | %s | %s |\n", r->name, lanes, r->reads,
            r->counter == CTRL_F_NONE ? "-" : field_names[r->counter], r->doc);
  }
}

static void md_errors(FILE *fp) {
  fprintf(fp, "| code | status | reported by | meaning |\n| --- | --- | --- | --- |\n");
  for (int k = 0; k < CTRL_N_STATUS; k++)
    fprintf(fp, "| %d | `%s` | %s | %s |\n", err_rows[k].code, err_rows[k].name,
            err_rows[k].rtl ? "C model and RTL" : "C model", err_rows[k].doc);
}

static void md_registers(FILE *fp) {
  fprintf(fp, "| addr | register | legal values | written from |\n| --- | --- | --- | --- |\n");
  for (size_t k = 0; k < N_REG_ROWS; k++) {
    const reg_row *r = &reg_rows[k];
    char low[64];
    lower(low, r->id, sizeof low);
    if (!strcmp(r->kind, "mask"))
      fprintf(fp, "| 0x%02x | %s | any | reuse mask bits %d:%d (bit i: encoder i reuses) |\n",
              r->addr, low, r->hi, r->lo);
    else if (!strcmp(r->kind, "source"))
      fprintf(fp,
              "| 0x%02x + i | %s (encoder i, i < %d) | bit %d: explicit source, bits %d:%d: "
              "source; other bits ignored | the reuse list; read only while reuse-mask bit i is set |\n",
              r->addr, low, r->count, CTRL_SRC_EXPLICIT_LSB,
              CTRL_SRC_INDEX_LSB + CTRL_SRC_INDEX_W - 1, CTRL_SRC_INDEX_LSB);
    else if (!strcmp(r->kind, "figure"))
      fprintf(fp, "| 0x%02x | %s | %d..%d | %s: `%s` of the chip |\n", r->addr, low, r->lo, r->hi,
              r->doc, r->name);
    else
      fprintf(fp, "| 0x%02x | %s | %d..%d | %s key `%s` |\n", r->addr, low, r->lo, r->hi, r->kind,
              r->name);
  }
}

static void md_reads(FILE *fp) {
  fprintf(fp, "| addr | read |\n| --- | --- |\n");
#define CTRL_READ(id, addr, doc) fprintf(fp, "| 0x%02x | %s |\n", addr, doc);
#include "ctrl_contract.def"
  for (int j = 0; j < CTRL_N_COUNTERS; j++)
    fprintf(fp, "| 0x%02x, 0x%02x | counter %d `%s` (low, high word) |\n", CTRL_RD_COUNT + 2 * j,
            CTRL_RD_COUNT + 2 * j + 1, j, ctrl_counter_name(j));
  fprintf(fp, "| other | 0 |\n");
}

static void md_descriptor(FILE *fp) {
  fprintf(fp, "| bits | field | meaning |\n| --- | --- | --- |\n");
  fprintf(fp, "| %d:0 | encoder | encoder index (model-level ops: see the op table) |\n",
          CTRL_ENC_W - 1);
  fprintf(fp, "| %d:%d | op | op code (table above) |\n", CTRL_OP_LSB + CTRL_OP_W - 1, CTRL_OP_LSB);
  fprintf(fp, "| %d:0 | (rest of the header) | zero |\n", CTRL_FIELD_W - 1);
  for (int f = 0; f < CTRL_N_FIELDS; f++)
    fprintf(fp, "| %d:%d | %d `%s` | %s%s |\n", CTRL_FIELD_W * (f + 2) - 1, CTRL_FIELD_W * (f + 1),
            f, field_names[f], field_docs[f], f >= CTRL_F_FIRST_COUNT ? " (summed: a counter)" : "");
}

static void md_widths(FILE *fp) {
  fprintf(fp, "| name | bits | what |\n| --- | --- | --- |\n");
#define CTRL_WIDTH(name, bits, doc) fprintf(fp, "| %s | %d | %s |\n", #name, bits, doc);
#include "ctrl_contract.def"
  fprintf(fp, "| DESC_W | %d | the descriptor: header + %d fields |\n", CTRL_DESC_BITS, CTRL_N_FIELDS);
}

static const struct {
  const char *name;
  void (*fn)(FILE *);
} md_writers[] = {{"ops", md_ops},           {"units", md_units},
                  {"errors", md_errors},     {"registers", md_registers},
                  {"reads", md_reads},       {"descriptor", md_descriptor},
                  {"widths", md_widths}};
#define N_MD (sizeof md_writers / sizeof md_writers[0])

const char *const ctrl_contract_tables[] = {"ops",   "units",      "errors", "registers",
                                            "reads", "descriptor", "widths", NULL};

int ctrl_contract_md(FILE *fp, const char *which) {
  for (size_t k = 0; k < N_MD; k++)
    if (!strcmp(which, md_writers[k].name)) {
      md_writers[k].fn(fp);
      return 0;
    }
  return -1;
}

/* ---- keeping files in step -------------------------------------------------------- */

typedef struct {
  char *p;
  size_t n, cap;
} sbuf;

static int sb_add(sbuf *b, const char *s, size_t n) {
  if (b->n + n + 1 > b->cap) {
    size_t cap = (b->cap ? b->cap * 2 : 4096) + n;
    char *q = realloc(b->p, cap);
    if (!q) return -1;
    b->p = q;
    b->cap = cap;
  }
  memcpy(b->p + b->n, s, n);
  b->n += n;
  b->p[b->n] = 0;
  return 0;
}

/* Text a writer produces, as a string (caller frees); NULL on failure. */
static char *capture(void (*fn)(FILE *), const char *which) {
  char *buf = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&buf, &len);
  if (!m) return NULL;
  if (fn) fn(m);
  else ctrl_contract_md(m, which);
  if (fclose(m)) {
    free(buf);
    return NULL;
  }
  return buf;
}

/* Line number (1-based) of the first difference of a and b. */
static int first_diff_line(const char *a, const char *b) {
  int line = 1;
  for (; *a && *a == *b; a++, b++)
    if (*a == '\n') line++;
  return line;
}

static int write_all(const char *path, const char *text, trex_err *err) {
  trex_wfile f;
  if (trex_wfile_open(&f, path, err)) return -1;
  fputs(text, f.fp);
  return trex_wfile_commit(&f, err);
}

int ctrl_contract_check(trex_err *err) {
  if (CTRL_OP_COUNT >= 1 << CTRL_OP_W)
    return trex_errf(err, "contract: %d ops leave no OP_W-bit code for the end marker",
                     CTRL_OP_COUNT);
  for (int c = 0; c < CTRL_OP_COUNT; c++)
    if (!op_rows[c].name) return trex_errf(err, "contract: no op has code %d (codes 0..%d)", c,
                                           CTRL_OP_COUNT - 1);
  unsigned char used[1 << CTRL_ADDR_W] = {0};
  for (size_t k = 0; k < N_REG_ROWS; k++)
    for (int a = reg_rows[k].addr; a < reg_rows[k].addr + reg_rows[k].count; a++) {
      if (a >= 1 << CTRL_ADDR_W || used[a])
        return trex_errf(err, "contract: register %s: address 0x%02x %s", reg_rows[k].id, a,
                         a >= 1 << CTRL_ADDR_W ? "does not fit ADDR_W bits" : "is taken twice");
      used[a] = 1;
    }
  for (int u = 0; u < CTRL_UNIT_COUNT; u++) {
    ctrl_unit_cyc c = ctrl_unit_cycles((ctrl_unit)u);
    if (c.passes < 1 || c.passes > 3 || c.extra < 0 || c.extra > 65535 || c.op_extra < 0 ||
        c.op_extra > 65535)
      return trex_errf(err, "contract: unit %s: %d passes, %lld extra cycles do not fit the "
                            "package's 2-bit passes (1..3) and 16-bit extra",
                       unit_rows[u].name, c.passes, (long long)c.extra);
  }
  return 0;
}

int ctrl_contract_sv_file(const char *path, int check, trex_err *err) {
  if (ctrl_contract_check(err)) return -1;
  char *want = capture(ctrl_contract_sv, NULL);
  if (!want) return trex_errf(err, "contract: out of memory");
  int rc;
  if (!check) {
    rc = write_all(path, want, err);
  } else {
    size_t len;
    trex_err rerr;
    char *have = trex_read_all(path, &len, &rerr);
    if (!have) {
      rc = trex_errf(err, "%s", rerr.msg);
    } else {
      rc = strcmp(have, want) != 0;
      if (rc)
        trex_errf(err,
                  "%s:%d: differs from what c-model/ctrl_contract.def gives (make contract "
                  "rewrites it)",
                  path, first_diff_line(have, want));
      free(have);
    }
  }
  free(want);
  return rc;
}

static const char *marker_name(const char *line, size_t n, int *end) {
  static const char open[] = "<!-- contract:", close[] = "<!-- /contract:";
  if (n > sizeof close - 1 && !strncmp(line, close, sizeof close - 1)) {
    *end = 1;
    return line + sizeof close - 1;
  }
  if (n > sizeof open - 1 && !strncmp(line, open, sizeof open - 1)) {
    *end = 0;
    return line + sizeof open - 1;
  }
  return NULL;
}

int ctrl_contract_doc(const char *path, int check, trex_err *err) {
  if (ctrl_contract_check(err)) return -1;
  size_t len;
  char *have = trex_read_all(path, &len, err);
  if (!have) return -1;
  sbuf out = {0};
  int rc = 0, lineno = 0;
  char name[64] = "";
  int inside = 0, block_line = 0;
  for (char *p = have; *p && rc == 0;) {
    char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);
    lineno++;
    int end;
    const char *mk = marker_name(p, n, &end);
    char nm[64] = "";
    if (mk) {
      size_t k = 0;
      while (k + 1 < sizeof nm && mk[k] && mk[k] != ' ' && mk[k] != '-' && mk[k] != '\n') {
        nm[k] = mk[k];
        k++;
      }
      nm[k] = 0;
    }
    if (inside) {
      if (mk && end && !strcmp(nm, name)) {
        inside = 0;
        if (sb_add(&out, p, n)) rc = trex_errf(err, "contract: out of memory");
      } else if (mk) {
        rc = trex_errf(err, "%s:%d: contract block '%s' (line %d) not closed before this marker",
                       path, lineno, name, block_line);
      }
    } else {
      if (sb_add(&out, p, n)) rc = trex_errf(err, "contract: out of memory");
      if (mk && !end && rc == 0) {
        int known = 0;
        for (size_t k = 0; k < N_MD; k++) known |= !strcmp(nm, md_writers[k].name);
        if (!known) {
          rc = trex_errf(err, "%s:%d: unknown contract table '%s'", path, lineno, nm);
          break;
        }
        char *t = capture(NULL, nm);
        if (!t || sb_add(&out, t, strlen(t))) rc = trex_errf(err, "contract: out of memory");
        free(t);
        snprintf(name, sizeof name, "%s", nm);
        inside = 1;
        block_line = lineno;
      } else if (mk && end) {
        rc = trex_errf(err, "%s:%d: '/contract:%s' without its opening marker", path, lineno, nm);
      }
    }
    p += n;
  }
  if (rc == 0 && inside)
    rc = trex_errf(err, "%s:%d: contract block '%s' is not closed", path, block_line, name);
  if (rc == 0 && !out.p) rc = trex_errf(err, "%s: empty", path);
  if (rc == 0) {
    if (check) {
      if (strcmp(have, out.p)) {
        rc = 1;
        trex_errf(err,
                  "%s:%d: a contract table differs from what c-model/ctrl_contract.def gives "
                  "(make contract rewrites it)",
                  path, first_diff_line(have, out.p));
      }
    } else if (strcmp(have, out.p)) {
      rc = write_all(path, out.p, err);
    }
  }
  free(out.p);
  free(have);
  return rc;
}
