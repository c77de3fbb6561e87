/* ctrl_contract: the controller contract of ctrl_contract.def as C types,
 * constants and lookup tables, and the writers of its other two faces: the
 * SV package rtl/ctrl_pkg.sv and the tables of docs/controller.md (the
 * `trex contract` command; `make lint` checks both against the table).
 *
 * Promises:
 *  - Op codes are 0..CTRL_OP_COUNT-1, each once; ctrl_op_info(code) gives the
 *    row of that code; ctrl_op_order lists the codes in issue order.
 *  - ctrl_rec and ctrl_totals have one uint64_t member per descriptor field
 *    and counter, in table order; ctrl_rec_get/ctrl_totals_get read them by
 *    index.
 *  - The writers produce the same text for the same table (no dates, no
 *    paths), so a committed copy can be compared byte for byte. */
#ifndef CTRL_CONTRACT_H
#define CTRL_CONTRACT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "trex_err.h"

/* Widths and limits: CTRL_ADDR_W, ..., CTRL_MAX_DIM, CTRL_MAX_DEPTH, ... */
enum {
#define CTRL_WIDTH(name, bits, doc) CTRL_##name = bits,
#define CTRL_LIMIT(name, value, doc) CTRL_##name = value,
#include "ctrl_contract.def"
};

typedef enum {
#define CTRL_FAMILY(id, name, code, doc) CTRL_FAM_##id = code,
#include "ctrl_contract.def"
} ctrl_family;

typedef enum {
#define CTRL_UNIT(id, name, lanes, reads, counter, doc) CTRL_UNIT_##id,
#include "ctrl_contract.def"
  CTRL_UNIT_COUNT
} ctrl_unit;

typedef enum {
#define CTRL_PHASE(id, name, doc) CTRL_PHASE_##id,
#include "ctrl_contract.def"
  CTRL_PHASE_COUNT
} ctrl_phase;

typedef enum {
#define CTRL_SCOPE(id, name, phase, doc) CTRL_SCOPE_##id,
#include "ctrl_contract.def"
  CTRL_SCOPE_COUNT
} ctrl_scope;

/* The phase of scope s. */
ctrl_phase ctrl_scope_phase(ctrl_scope s);

typedef enum {
#define CTRL_WHEN(id, name, doc) CTRL_WHEN_##id,
#include "ctrl_contract.def"
  CTRL_WHEN_COUNT
} ctrl_when;

/* The op codes (CTRL_OP_LN1 = 0, ...); the RTL's OP_W-bit codes. */
typedef enum {
#define CTRL_OP(id, name, code, family, unit, scope, when) CTRL_OP_##id = code,
#include "ctrl_contract.def"
} ctrl_op;
enum {
  CTRL_OP_COUNT = 0
#define CTRL_OP(id, name, code, family, unit, scope, when) +1
#include "ctrl_contract.def"
};

/* Descriptor fields by index (CTRL_F_M = 0, ...); CTRL_F_NONE for "no
 * field" in the unit rows. */
enum {
  CTRL_F_NONE = -1,
#define CTRL_SIZE_FIELD(id, name, doc) CTRL_F_##id,
#define CTRL_COUNT_FIELD(id, name, doc) CTRL_F_##id,
#include "ctrl_contract.def"
  CTRL_N_FIELDS
};
/* Counters: 0 counts ops, then one per CTRL_COUNT_FIELD in order. */
enum {
  CTRL_N_COUNTERS = 1
#define CTRL_COUNT_FIELD(id, name, doc) +1
#include "ctrl_contract.def"
};
/* Index of the first summed field (the counters follow the fields from it). */
#define CTRL_F_FIRST_COUNT (CTRL_N_FIELDS - (CTRL_N_COUNTERS - 1))

/* One issued operation: encoder, op and one member per descriptor field
 * (m, k, n: operand sizes as docs/controller.md defines them per op; the
 * others are events of this op alone). */
typedef struct {
  int encoder;
  ctrl_op op;
#define CTRL_SIZE_FIELD(id, name, doc) uint64_t name;
#define CTRL_COUNT_FIELD(id, name, doc) uint64_t name;
#include "ctrl_contract.def"
} ctrl_rec;

/* Sums of the summed fields over a stream; ops = number of records. The
 * RTL keeps exactly these as FIELD_W-bit counters, in this order. */
typedef struct {
  uint64_t ops;
#define CTRL_COUNT_FIELD(id, name, doc) uint64_t name;
#include "ctrl_contract.def"
} ctrl_totals;

/* Status of a build, the RTL's error code (CTRL_E_OK = 0, CTRL_E_SIZE, ...). */
typedef enum {
#define CTRL_ERR(id, name, code, rtl, doc) CTRL_E_##id = code,
#include "ctrl_contract.def"
} ctrl_status;
enum {
  CTRL_N_STATUS = 0
#define CTRL_ERR(id, name, code, rtl, doc) +1
#include "ctrl_contract.def"
};
#define CTRL_OK CTRL_E_OK

/* Register addresses: write port CTRL_REG_TOKENS, ..., CTRL_REG_SRC (first of
 * the source registers); read port CTRL_RD_STATUS, CTRL_RD_COUNT. */
enum {
#define CTRL_REG_MODEL(id, addr, key, lo, hi) CTRL_REG_##id = addr,
#define CTRL_REG_CHIP(id, addr, key, lo, hi) CTRL_REG_##id = addr,
#define CTRL_REG_FIGURE(id, addr, fn, lo, hi, doc) CTRL_REG_##id = addr,
#define CTRL_REG_MASK(id, addr, lsb) CTRL_REG_##id = addr,
#define CTRL_REG_SOURCE(id, addr, count) CTRL_REG_##id = addr, CTRL_REG_##id##_COUNT = CTRL_##count,
#define CTRL_READ(id, addr, doc) CTRL_RD_##id = addr,
#define CTRL_SRC_BIT(id, lsb, width, doc) CTRL_##id##_LSB = lsb, CTRL_##id##_W = width,
#include "ctrl_contract.def"
};

/* One op row. */
typedef struct {
  const char *name;
  ctrl_family family;
  ctrl_unit unit;
  ctrl_scope scope;
  ctrl_when when;
} ctrl_op_row;

/* The row of op code `op`; NULL when out of range. */
const ctrl_op_row *ctrl_op_info(int op);
/* The op codes in issue order (table order). */
extern const ctrl_op ctrl_op_order[CTRL_OP_COUNT];

/* "ln1", "q_proj", ... exactly as in the table; NULL when out of range. */
const char *ctrl_op_name(ctrl_op op);
/* Op from its name; -1 when unknown. */
int ctrl_op_from_name(const char *name);
/* 1 for matrix products on static weights (unit XBAR): their tiles hold
 * weights for the whole inference. */
int ctrl_op_is_static(ctrl_op op);

/* Unit rows: name, elements read per element, counting field (CTRL_F_*). */
const char *ctrl_unit_name(ctrl_unit u);
int ctrl_unit_reads(ctrl_unit u);
int ctrl_unit_counter(ctrl_unit u);

/* The cycles of an ew op on unit u, from the units' RTL cycle formulas
 * (c-model/units_cycles.h at UNITS_CHIP_STEPS; docs/controller.md, "Unit
 * cycles"): a row unit (row = 1: softmax, LayerNorm) takes
 * passes*ceil(n/lanes) + extra cycles per row, m rows one after another; a
 * stream unit (row = 0) takes ceil(m*n/lanes) + extra (extra = its pipeline
 * stages; 0 for the reuse-buffer port, which has no unit RTL); either
 * plus op_extra once per op (c-model/ctrl_cycles.h). The SV package carries
 * the same figures (UNIT_*), so C and RTL cannot differ. */
typedef struct {
  int row, passes;
  int64_t extra;
  /* per op, on trex_core's execution unit (c-model/ctrl_cycles.h): the
   * descriptor's accept, set-up and done edges (CTRL_CYC_OP_FIXED) and, for
   * softmax and GELU, the load of the encoder's 256-entry table */
  int64_t op_extra;
} ctrl_unit_cyc;
ctrl_unit_cyc ctrl_unit_cycles(ctrl_unit u);
/* 1 for the matrix products whose outputs pass the requantise unit: every mm
 * op but `head` (int32 logits, docs/encoder-int.md). Such an op's cycles
 * include the requantisation beats and the unit's UNITS_REQUANT_STAGES
 * (c-model/ctrl_cycles.h). */
int ctrl_op_requantises(ctrl_op op);

/* "ok", "size", "heads", ...; "?" when out of range. */
const char *ctrl_status_name(ctrl_status s);

/* Field and counter names ("m", ..., "gelu_elems"; "ops", "cycles", ...). */
const char *ctrl_field_name(int f);
const char *ctrl_counter_name(int j);
/* Field f of r / counter j of t (0 outside the range). */
uint64_t ctrl_rec_get(const ctrl_rec *r, int f);
uint64_t ctrl_totals_get(const ctrl_totals *t, int j);
/* 1 when a and b have the same encoder, op and fields. */
int ctrl_rec_equal(const ctrl_rec *a, const ctrl_rec *b);
/* Sets field f of r (nothing outside the range). */
void ctrl_rec_set(ctrl_rec *r, int f, uint64_t v);
/* Adds r's summed fields into t (t->ops += 1). */
void ctrl_totals_add(ctrl_totals *t, const ctrl_rec *r);
/* The counters in order (0 ops .. CTRL_N_COUNTERS-1), as the RTL's read
 * port numbers them. */
void ctrl_totals_counters(const ctrl_totals *t, uint64_t v[CTRL_N_COUNTERS]);

/* The descriptor as the RTL drives it (CTRL_DESC_WORDS little-endian 32-bit
 * words): header word 0 = encoder (ENC_W bits) | op << OP_LSB, the rest of
 * the first FIELD_W bits zero, then field f at bits FIELD_W*(f+1). */
#define CTRL_DESC_BITS (CTRL_FIELD_W * (1 + CTRL_N_FIELDS))
#define CTRL_DESC_WORDS (CTRL_DESC_BITS / 32)
void ctrl_desc_pack(const ctrl_rec *r, uint32_t w[CTRL_DESC_WORDS]);
/* Unpacks w into r (op as the raw code, which may be out of range); returns
 * 1 when the header's reserved bits are zero, 0 otherwise. */
int ctrl_desc_unpack(const uint32_t w[CTRL_DESC_WORDS], ctrl_rec *r);

/* Writers (`trex contract`). ctrl_contract_sv: the package rtl/ctrl_pkg.sv.
 * ctrl_contract_md: the markdown table `which` ("ops", "units", "errors",
 * "registers", "reads", "descriptor"); -1 for an unknown name. */
void ctrl_contract_sv(FILE *fp);
int ctrl_contract_md(FILE *fp, const char *which);
/* The names ctrl_contract_md accepts, NULL-terminated. */
extern const char *const ctrl_contract_tables[];

/* The table's own rules: every op code 0..CTRL_OP_COUNT-1 taken, one left
 * for the end marker, no register address taken twice. 0 or -1 (err). The
 * writers below check them first. */
int ctrl_contract_check(trex_err *err);

/* Keeps `path` (a markdown file) in step with the table: every block between
 * "<!-- contract:NAME -->" and "<!-- /contract:NAME -->" lines is the table
 * NAME. check = 1: returns 1 when a block differs (err names the file, the
 * block and the first differing line), 0 when all match; check = 0: rewrites
 * the blocks in place (all or nothing). -1 on a read/write error or an
 * unknown or unterminated block. */
int ctrl_contract_doc(const char *path, int check, trex_err *err);
/* The same for the SV package file: 1 when it differs, 0 when equal; with
 * check = 0 writes it. */
int ctrl_contract_sv_file(const char *path, int check, trex_err *err);

#endif
