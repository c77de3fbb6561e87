/* model_dir: the integer ViT model directory of docs/encoder-int.md,
 * section 7 -- model.json (shapes, controller keys, allowed reuse pairs,
 * integer parameters per layer) and one .npy per tensor -- its reader, its
 * writer and its legality rules.
 *
 * Promises:
 *  - model_load() returns 0 only for a directory that meets every rule of
 *    section 7 (keys, types, ranges, consistency, every tensor's presence,
 *    dtype, order, shape, the softmax tables); otherwise one line in err
 *    naming the file and the key (or the tensor file), and nothing kept.
 *  - model_parse_json() checks model.json alone (no tensor is read) with the
 *    same messages; model_load() is it plus model_load_tensors().
 *  - model_layers() enumerates every layer once, in a fixed order (model
 *    level first, encoders in op order, TBs in reuse_pairs order, then
 *    final_ln and head); the reader, the writer and modelgen all use it, so
 *    the list of layers and tensors is written once.
 *  - model_save() writes model.json and every tensor into an existing
 *    directory (the caller makes it a temporary one and renames it). */
#ifndef MODEL_DIR_H
#define MODEL_DIR_H

#include <stddef.h>
#include <stdint.h>

#include <cJSON.h>

#include "ctrl_schedule.h"
#include "trex_err.h"
#include "vit_model.h"
#include "xbar_cfg.h"

#define MODEL_FORMAT "trex-int-vit"
#define MODEL_VERSION 1

typedef struct {
  int32_t M; /* 0 .. 2^31-1 */
  int s;     /* 0 .. 62 */
} model_rq;

typedef struct {
  int32_t Ma, Mb; /* 0 .. 2^31-1 */
  int s;          /* 0 .. 62 */
} model_addp;

typedef struct {
  int64_t eps_q; /* 1 .. 2^40 */
  int s;         /* 0 .. 62 */
  int32_t *g, *b; /* E each (g_i, B_i) */
} model_ln;

typedef struct {
  int k, n;    /* inputs, outputs */
  int8_t *w;   /* k x n, row i = input i; NULL when shared */
  int shared;  /* 1: the weights are an earlier encoder's (share_attention,
                  share_mlp): no w tensor of its own, its tiles are the
                  owner's; b and rq stay its own (docs/encoder-int.md 3.1) */
  int32_t *b;  /* n */
  model_rq rq; /* unused by the head */
} model_lin;

typedef struct {
  model_ln ln1, ln2;
  model_lin q, k, v, o, fc1, fc2;
  model_rq qk, sv;
  int32_t *exp_lut; /* 256: softmax LUT_exp */
  int8_t *gelu_lut; /* 256 */
  model_addp res1, res2;
} model_enc;

typedef struct {
  int enc, src; /* TB of encoder `enc` reusing `src` */
  model_ln ln;
  model_lin fc1, fc2; /* fc2 only with tb_layers 2 */
  int8_t *gelu_lut;
} model_tb;

typedef struct {
  char name[64];
  vit_model vm; /* the controller's keys (vm.name = name), patch_dim and
                 * classes included: the schedule issues the model-level ops */
  int channels, height, width, patch;
  int in_min, in_max;
  double input_scale, ln_eps; /* documentation only; 0 when absent */
  model_lin patch_embed, head;
  model_addp pos;
  int8_t *cls;   /* E */
  int8_t *pos_t; /* T x E */
  model_ln final_ln;
  model_enc enc[VIT_MAX_DEPTH];
  int n_tb;
  model_tb *tb; /* reuse_pairs, in file order */
} model_int;

/* ---- the layer list ----------------------------------------------------- */

typedef enum {
  MODEL_L_LIN,  /* linear layer: keys M, s; tensors w (k, n) int8, b (n,) int32 */
  MODEL_L_HEAD, /* head: no keys; tensors w, b */
  MODEL_L_RQ,   /* qk / sv requantisation: keys M, s; no tensors */
  MODEL_L_LN,   /* LayerNorm: keys eps_q, s; tensors g, b (E,) int32 */
  MODEL_L_ADD,  /* residual add: keys Ma, Mb, s; no tensors */
  MODEL_L_POS,  /* pos_embed: keys Ma, Mb, s; tensors cls (E,), pos (T, E) int8 */
  MODEL_L_EXP,  /* softmax: no keys; tensor lut (256,) int32 */
  MODEL_L_GELU  /* GELU: no keys; tensor lut (256,) int8 */
} model_kind;

typedef struct {
  char name[24]; /* "model.patch_embed", "enc03.q_proj", "enc03.tb01.tb_fc1" */
  model_kind kind;
  void *p; /* model_lin*, model_rq*, model_ln*, model_addp*, or the LUT
              pointer's address (int32_t** / int8_t**) */
} model_layer;

/* The tensors of one layer (at most 2): file `<layer>.<name>.npy`, dtype,
 * shape, and the address of the field that holds the data. */
typedef struct {
  const char *name; /* "w", "b", "g", "lut", "cls", "pos" */
  int dtype;        /* npy_dtype: 1 int8, 4 int32 */
  int ndim;
  int64_t shape[2];
  void **data;
} model_tensor;

/* Fills t[0..] with the tensors of layer L of m; returns their number (0..2). */
int model_layer_tensors(model_int *m, const model_layer *L, model_tensor t[2]);

/* The file of tensor t of layer L in model directory dir,
 * "DIR/LAYER.TENSOR.npy", into buf[n] (dir "" gives the bare file name):
 * 0, or -1 with "DIR: path too long". */
int model_tensor_path(const char *dir, const model_layer *L, const model_tensor *t, char *buf,
                      size_t n, trex_err *err);

/* What model_tensors_each calls for tensor t of layer L; path is the
 * tensor's file in the directory given (NULL when none was given). 0 goes
 * on; any other value stops the walk and is returned. */
typedef int (*model_tensor_fn)(const model_layer *L, model_tensor *t, const char *path,
                               void *ctx, trex_err *err);

/* The one walk over a model's tensors (allocate, load, save, list, free):
 * calls fn for every tensor of every layer L[0..nl) of m, layers in order,
 * a layer's tensors in model_layer_tensors' order. dir non-NULL: path is
 * model_tensor_path(dir, ...), and one too long stops the walk with its
 * error. Returns 0, or the first non-zero value (of fn or of the path). */
int model_tensors_each(model_int *m, const model_layer *L, long nl, const char *dir,
                       model_tensor_fn fn, void *ctx, trex_err *err);

/* Fills *out with a malloc'd array of every layer of m (dimensions and
 * reuse pairs must be set; sets k and n of every linear layer from them);
 * returns the count, or -1 (out of memory). */
long model_layers(model_int *m, model_layer **out);

/* ---- reading and writing ---------------------------------------------- */

/* Parses model.json text already loaded as root (`path` names it in
 * messages). Fills every field but the tensors. */
int model_parse_json(const cJSON *root, const char *path, model_int *m, trex_err *err);

/* Loads the tensors of a parsed model from directory dir. */
int model_load_tensors(model_int *m, const char *dir, trex_err *err);

/* Every file a model directory of m holds (model.json and one .npy per
 * tensor): a malloc'd NULL-terminated array of malloc'd names, NULL when out
 * of memory (free each name and the array). */
char **model_file_names(model_int *m);

/* Loads DIR/model.json and every tensor. */
int model_load(const char *dir, model_int *m, trex_err *err);

/* Allocates every tensor of a model whose other fields are set, zeroed. */
int model_alloc_tensors(model_int *m, trex_err *err);

/* Writes DIR/model.json (with the members of `doc`, when not NULL, added at
 * the top level: their names must begin with "doc") and every tensor. */
int model_save(const model_int *m, const char *dir, const cJSON *doc, trex_err *err);

void model_free(model_int *m);

/* ---- rules used by the commands ------------------------------------------ */

/* Index in m->tb of the TB (enc, src), or -1. */
int model_tb_index(const model_int *m, int enc, int src);

/* Every reuse pair the schedule resolved must be one of the model's
 * reuse_pairs: "WHERE: key 'reuse_pairs': encoder 3 reusing encoder 1 is not
 * allowed by this model (allowed: 1:0 2:0 2:1)". */
int model_check_reuse(const model_int *m, const ctrl_schedule *s, const char *where,
                      trex_err *err);

/* The tile must have w_bits 8, x_bits 8 and signed inputs. */
int model_check_tile(const xbar_cfg *t, const char *where, trex_err *err);

/* The chip an integer model runs on: the chip JSON `file` (ctrl_chip_load),
 * or the default chip when file is NULL or ""; its tile must pass
 * model_check_tile (errors name the file, or "default chip"). */
int model_chip_load(const char *file, ctrl_chip *c, trex_err *err);

/* 1 + (height/patch)*(width/patch), and the patch_dim C*p*p (no checks). */
int model_tokens_of_image(const model_int *m);

#endif
