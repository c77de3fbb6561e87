/* trex_json: reading JSON files with errors that name the file and the line
 * (syntax) or the key (content). Built on cJSON. */
#ifndef TREX_JSON_H
#define TREX_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <cJSON.h>

#include "trex_err.h"

/* Reads (trex_read_all_max with TREX_READ_MAX_JSON: a regular file of at
 * most 64 MiB, see trex_file.h) and parses the whole file. On a syntax
 * error the message is "PATH:LINE:COL: malformed JSON". The root must be an
 * object, and no object anywhere in the tree may give a key twice ("PATH:
 * key 'tile.rows': duplicate key ..."). Caller frees with cJSON_Delete.
 * Returns NULL on failure. Every JSON reader of the project uses this (or
 * trex_json_parse). */
cJSON *trex_json_load(const char *path, trex_err *err);

/* Parses text already in memory, with the same checks; `name` is used in
 * messages in place of a path. */
cJSON *trex_json_parse(const char *name, const char *text, trex_err *err);

/* The duplicate-key check alone (for a tree parsed some other way): fails
 * naming the dotted key path of the first key given twice. */
int trex_json_check_duplicates(const cJSON *root, const char *name, trex_err *err);

/* 1 when s holds no control character (so that it stays one line in a
 * report or a message); trex_json_str refuses strings that fail this. */
int trex_json_text_ok(const char *s);

/* Integer member `key` of obj. When absent: returns `dflt` if !required, else
 * fails with "PATH: missing key 'KEY'". Non-integers, fractions and values
 * outside [lo, hi] fail naming the key. Returns 0 on success. */
int trex_json_int(const cJSON *obj, const char *key, const char *path,
                  bool required, int64_t dflt, int64_t lo, int64_t hi,
                  int64_t *out, trex_err *err);

/* Integer members of obj read into int fields, in table order: each as
 * trex_json_int with the range [lo, hi] (within int); an absent one is an
 * error when required, else its field keeps its value. Returns 0 when all
 * were read. */
typedef struct {
  const char *key;
  int *field;
} trex_json_intf;
int trex_json_ints(const cJSON *obj, const char *path, bool required, int lo, int hi,
                   const trex_json_intf *f, size_t n, trex_err *err);

/* Number member (double); finite, within [lo, hi]. */
int trex_json_num(const cJSON *obj, const char *key, const char *path,
                  bool required, double dflt, double lo, double hi, double *out,
                  trex_err *err);

/* Boolean member. */
int trex_json_bool(const cJSON *obj, const char *key, const char *path,
                   bool required, bool dflt, bool *out, trex_err *err);

/* String member without control characters; *out points into obj (valid
 * while obj lives). */
int trex_json_str(const cJSON *obj, const char *key, const char *path,
                  bool required, const char *dflt, const char **out,
                  trex_err *err);

/* The header of a versioned document: root's string "format" is `format`
 * ("PATH: key 'format': 'X' is not 'FORMAT'") and its integer "version" is
 * `version` (trex_json_int's messages). Returns 0 when both match. */
int trex_json_format(const cJSON *root, const char *path, const char *format, int64_t version,
                     trex_err *err);

/* Fails on the first member of obj that is neither named in the
 * NULL-terminated `known` nor a documentation key (one beginning with "doc"):
 * "PATH: INunknown key 'KEY'", and on a key given twice: "PATH: INkey 'KEY'
 * appears twice". `in` (may be "") says where obj is, e.g. "key 'adc': ".
 * Returns 0 when every key is known. */
int trex_json_check_keys(const cJSON *obj, const char *path, const char *in,
                         const char *const *known, trex_err *err);

/* Warns on stderr ("trex: warning: PATH: unknown key 'PREFIXKEY' ignored")
 * for every member of obj not named in the NULL-terminated `known`. */
void trex_json_warn_unknown(const cJSON *obj, const char *path, const char *prefix,
                            const char *const *known);

/* Adds key to o: the string s, or null when s is NULL (an option not given). */
void trex_json_add_str_or_null(cJSON *o, const char *key, const char *s);
/* Adds key to o: the number v when have, else null (a figure not measured). */
void trex_json_add_num_or_null(cJSON *o, const char *key, bool have, double v);

/* Prints root and a newline to fp, pretty (cJSON_Print) or on one line, and
 * deletes root. Fails with "out of memory writing JSON" when root is NULL
 * (its builder ran out of memory) or cannot be printed. Write errors on fp
 * are the caller's to check (ferror, trex_stdout_check). */
int trex_json_print(FILE *fp, cJSON *root, bool pretty, trex_err *err);

/* Serialises `root` (pretty) to path atomically (temporary file + rename). */
int trex_json_save(const cJSON *root, const char *path, trex_err *err);

#endif
