/* vit_model: the shape of a ViT (or BERT) encoder stack as the attention-reuse
 * controller sees it, its built-in models, its JSON form and its legality
 * rules (docs/controller.md, "Model description").
 *
 * Promises:
 *  - vit_model_builtin() fills every field (the TB defaults included) and
 *    returns 0 for the six built-in names, -1 (error naming the model) else.
 *  - vit_model_load() fills every field, applying the documented TB defaults
 *    when the keys are absent, and returns 0 only for a legal model.
 *  - vit_model_check() returns 0 exactly when the model is legal under the
 *    limits below; the same rules (in the same order) are the controller's
 *    CTRL_E_SIZE / CTRL_E_HEADS error cases (ctrl_schedule.h). */
#ifndef VIT_MODEL_H
#define VIT_MODEL_H

#include <stdint.h>

#include <cJSON.h>

#include "trex_err.h"

/* Limits shared by the C model and the RTL controller (rtl/trex_ctrl.f). */
#define VIT_MAX_DIM 65535 /* tokens, embedding, heads, mlp, tb_hidden: 1..65535 */
#define VIT_MAX_DEPTH 64  /* depth: 1..64 encoders */

typedef struct {
  char name[64];  /* built-in name, or the JSON "name" (default: the file name) */
  int tokens;     /* T: sequence length (DeiT/ViT 197 = 196 patches + CLS) */
  int embedding;  /* E: model width */
  int heads;      /* H: attention heads; head width d = E / H */
  int mlp;        /* M: MLP hidden width */
  int depth;      /* D: encoders */
  int tb_hidden;  /* transformation-block hidden width; default E / 4
                     (at least 1) -- see VIT_TB_* below */
  int tb_layers;  /* TB linear layers, 1 or 2; default 2 */
  /* Token pruning and weight sharing (issue 18; C model only: the RTL
   * controller's registers cannot express them, docs/controller.md
   * "Pruning and sharing"). All zero = neither (the default). */
  int enc_tokens[VIT_MAX_DEPTH]; /* tokens encoder i runs on; 0 = `tokens` */
  uint64_t share_attn;  /* bit i: encoder i's q/k/v/out_proj weights are
                           share_attn_src[i]'s */
  uint64_t share_mlp;   /* bit i: encoder i's fc1/fc2 weights are share_mlp_src[i]'s */
  signed char share_attn_src[VIT_MAX_DEPTH];
  signed char share_mlp_src[VIT_MAX_DEPTH];
  int patch_dim;  /* model level: values of one image patch (C*p*p) that
                     patch_embed maps to E; 0 = the host embeds the patches
                     (no patch_embed, pos_embed); default 0 */
  int classes;    /* model level: outputs of the classifier head; 0 = the
                     host runs final LayerNorm and head; default 0 */
} vit_model;

/* TB defaults applied when the model does not state them: two linear layers
 * (E -> tb_hidden -> E) with tb_hidden = max(1, E / VIT_TB_HIDDEN_DIV). With
 * one linear layer the TB is LN, E -> E linear, GELU and tb_hidden is unused. */
#define VIT_TB_LAYERS_DEFAULT 2
#define VIT_TB_HIDDEN_DIV 4

/* Built-in models: "deit-t" (197, 192, 3, 768, 12), "deit-s" (197, 384, 6,
 * 1536, 12), "deit-b" (197, 768, 12, 3072, 12), "vit-b16" (197, 768, 12,
 * 3072, 12), "lvvit-s" (197, 384, 6, 1152, 16), "bert-base" (128, 768, 12,
 * 3072, 12), as (tokens, embedding, heads, mlp, depth). The ViTs have
 * patch_dim 768 (16x16x3 patches) and 1000 classes (ImageNet); bert-base has
 * 0 and 0 (embeddings and classifier on the host). */
int vit_model_builtin(const char *name, vit_model *m, trex_err *err);

/* NULL-terminated list of the built-in names, in the order above. */
const char *const *vit_model_builtin_names(void);

/* Loads a model JSON: {"name": str (optional), "tokens", "embedding",
 * "heads", "mlp", "depth": ints (required), "tb_hidden", "tb_layers",
 * "patch_dim", "classes": ints (optional; the last two default to 0, so a
 * file without them keeps its meaning)}. Errors name the file and line
 * (syntax) or the key. */
int vit_model_load(const char *path, vit_model *m, trex_err *err);

/* NAME if it is a built-in, else a JSON file path. An argument that is
 * neither an existing file nor a built-in fails with "unknown model 'X'". */
int vit_model_resolve(const char *name_or_file, vit_model *m, trex_err *err);

/* Fills the TB defaults into fields that are 0 (tb_hidden, tb_layers). */
void vit_model_apply_defaults(vit_model *m);

/* Legality, first failure wins, in this order: tokens, embedding, heads, mlp,
 * tb_hidden in 1..VIT_MAX_DIM; depth in 1..VIT_MAX_DEPTH; tb_layers in 1..2;
 * patch_dim, classes in 0..VIT_MAX_DIM (all "key 'K': V is outside LO..HI");
 * then embedding % heads == 0. `where` prefixes the message (e.g. the file
 * or model name). */
int vit_model_check(const vit_model *m, const char *where, trex_err *err);
/* The range rules alone (the controller's CTRL_E_SIZE), same messages. */
int vit_model_check_ranges(const vit_model *m, const char *where, trex_err *err);

/* Head width E / H (valid only for a legal model). */
int vit_model_head_dim(const vit_model *m);

/* ---- token pruning and weight sharing (docs/controller.md, "Pruning and
 * sharing") ------------------------------------------------------------ */

/* Tokens encoder i runs on (enc_tokens[i], or tokens when 0). */
int vit_model_enc_tokens(const vit_model *m, int i);
/* 1 when some encoder runs on fewer than `tokens` tokens. */
int vit_model_pruned(const vit_model *m);
/* 1 when some encoder shares an earlier encoder's layers. */
int vit_model_shared(const vit_model *m);
/* The encoder whose attention projections (resp. MLP) encoder i uses: the
 * source when i shares, else i. */
int vit_model_attn_owner(const vit_model *m, int i);
int vit_model_mlp_owner(const vit_model *m, int i);

/* Reads the optional keys of obj (a model JSON or the "model" object of a
 * model directory):
 *   "encoder_tokens": [T_0, ..., T_(depth-1)]   (depth integers)
 *   "share_attention": [[i, j], ...]            (encoder i uses j's q/k/v/out_proj)
 *   "share_mlp": [[i, j], ...]                  (encoder i uses j's fc1/fc2)
 * Shapes and types only (messages "WHERE: key 'K': ..."); the rules are
 * vit_model_check's. depth must be read before. */
int vit_model_parse_strategy(const cJSON *obj, const char *where, vit_model *m,
                             trex_err *err);
/* Adds those keys to obj when the model uses them (nothing otherwise). */
int vit_model_strategy_to_json(const vit_model *m, cJSON *obj);

#endif
