#define _POSIX_C_SOURCE 200809L
#include "vit_model.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "trex_json.h"

typedef struct {
  const char *name;
  int tokens, embedding, heads, mlp, depth, patch_dim, classes;
} builtin;

/* Published shapes: DeiT (Touvron et al. 2021, table 1), ViT-B/16 (Dosovitskiy
 * et al. 2021), LV-ViT-S (Jiang et al. 2021: depth 16, width 384, 6 heads, MLP
 * ratio 3), BERT-base (Devlin et al. 2019) at sequence 128. 197 = 14*14
 * patches of 16x16 on 224x224 plus the class token; a patch holds 16*16*3 =
 * 768 values; ImageNet-1k has 1000 classes. BERT's embeddings and its
 * pooler/classifier run on the host (patch_dim 0, classes 0). */
static const builtin builtins[] = {
    {"deit-t", 197, 192, 3, 768, 12, 768, 1000},
    {"deit-s", 197, 384, 6, 1536, 12, 768, 1000},
    {"deit-b", 197, 768, 12, 3072, 12, 768, 1000},
    {"vit-b16", 197, 768, 12, 3072, 12, 768, 1000},
    {"lvvit-s", 197, 384, 6, 1152, 16, 768, 1000},
    {"bert-base", 128, 768, 12, 3072, 12, 0, 0},
};
#define N_BUILTIN (sizeof builtins / sizeof builtins[0])

static const char *const builtin_names[] = {"deit-t",  "deit-s",  "deit-b", "vit-b16",
                                            "lvvit-s", "bert-base", NULL};

const char *const *vit_model_builtin_names(void) { return builtin_names; }

void vit_model_apply_defaults(vit_model *m) {
  if (m->tb_layers == 0) m->tb_layers = VIT_TB_LAYERS_DEFAULT;
  if (m->tb_hidden == 0) {
    int h = m->embedding / VIT_TB_HIDDEN_DIV;
    m->tb_hidden = h > 0 ? h : 1;
  }
}

int vit_model_builtin(const char *name, vit_model *m, trex_err *err) {
  for (size_t k = 0; k < N_BUILTIN; k++) {
    if (strcmp(name, builtins[k].name)) continue;
    memset(m, 0, sizeof *m);
    snprintf(m->name, sizeof m->name, "%s", builtins[k].name);
    m->tokens = builtins[k].tokens;
    m->embedding = builtins[k].embedding;
    m->heads = builtins[k].heads;
    m->mlp = builtins[k].mlp;
    m->depth = builtins[k].depth;
    m->patch_dim = builtins[k].patch_dim;
    m->classes = builtins[k].classes;
    vit_model_apply_defaults(m);
    return 0;
  }
  return trex_errf(err,
                   "unknown model '%s' (built-ins: deit-t, deit-s, deit-b, vit-b16, "
                   "lvvit-s, bert-base; or a JSON file)",
                   name);
}

static int range(const char *where, const char *key, int v, int lo, int hi,
                 trex_err *err) {
  if (v < lo || v > hi)
    return trex_errf(err, "%s: key '%s': %d is outside %d..%d", where, key, v, lo,
                     hi);
  return 0;
}

int vit_model_check_ranges(const vit_model *m, const char *where, trex_err *err) {
  return range(where, "tokens", m->tokens, 1, VIT_MAX_DIM, err) ||
      range(where, "embedding", m->embedding, 1, VIT_MAX_DIM, err) ||
      range(where, "heads", m->heads, 1, VIT_MAX_DIM, err) ||
      range(where, "mlp", m->mlp, 1, VIT_MAX_DIM, err) ||
      range(where, "tb_hidden", m->tb_hidden, 1, VIT_MAX_DIM, err) ||
      range(where, "depth", m->depth, 1, VIT_MAX_DEPTH, err) ||
      range(where, "tb_layers", m->tb_layers, 1, 2, err) ||
      range(where, "patch_dim", m->patch_dim, 0, VIT_MAX_DIM, err) ||
      range(where, "classes", m->classes, 0, VIT_MAX_DIM, err)
             ? -1
             : 0;
}

int vit_model_check(const vit_model *m, const char *where, trex_err *err) {
  if (vit_model_check_ranges(m, where, err)) return -1;
  if (m->embedding % m->heads)
    return trex_errf(err,
                     "%s: key 'heads': embedding %d is not a multiple of heads %d",
                     where, m->embedding, m->heads);
  return 0;
}

int vit_model_head_dim(const vit_model *m) { return m->embedding / m->heads; }

static const char *const known_keys[] = {"name",      "tokens",    "embedding", "heads",
                                         "mlp",       "depth",     "tb_hidden", "tb_layers",
                                         "patch_dim", "classes",   NULL};

int vit_model_load(const char *path, vit_model *m, trex_err *err) {
  cJSON *root = trex_json_load(path, err);
  if (!root) return -1;
  int rc = -1;
  memset(m, 0, sizeof *m);
  const char *nm = NULL;
  int64_t v;
  if (trex_json_str(root, "name", path, false, NULL, &nm, err)) goto out;
  if (nm) {
    /* not cut short silently: the name labels reports and output paths */
    if (!nm[0] || strlen(nm) >= sizeof m->name) {
      trex_errf(err, "%s: key 'name': expected 1..%zu characters, got %zu", path,
                sizeof m->name - 1, strlen(nm));
      goto out;
    }
    snprintf(m->name, sizeof m->name, "%s", nm);
  } else {
    /* the file name, cut to the buffer and with control characters (a file
     * name may hold a line break) made '?', so that it stays one line */
    const char *b = strrchr(path, '/');
    snprintf(m->name, sizeof m->name, "%s", b ? b + 1 : path);
    for (char *p = m->name; *p; p++)
      if ((unsigned char)*p < 0x20 || *p == 0x7f) *p = '?';
  }
  /* Wide bounds here so that vit_model_check names the key with its limits;
   * "fields = 0 means default" is only for the optional TB keys, so an
   * explicit 0 there is still caught below. */
#define GETI(key, field, req)                                                   \
  do {                                                                          \
    if (trex_json_int(root, key, path, req, 0, -(1LL << 31), (1LL << 31) - 1, &v, \
                      err))                                                     \
      goto out;                                                                 \
    m->field = (int)v;                                                          \
  } while (0)
  GETI("tokens", tokens, true);
  GETI("embedding", embedding, true);
  GETI("heads", heads, true);
  GETI("mlp", mlp, true);
  GETI("depth", depth, true);
  GETI("patch_dim", patch_dim, false);
  GETI("classes", classes, false);
#undef GETI
  if (trex_json_int(root, "tb_hidden", path, false, -(1LL << 40), -(1LL << 31),
                    (1LL << 31) - 1, &v, err))
    goto out;
  m->tb_hidden = v == -(1LL << 40) ? 0 : (v == 0 ? -1 : (int)v);
  if (trex_json_int(root, "tb_layers", path, false, -(1LL << 40), -(1LL << 31),
                    (1LL << 31) - 1, &v, err))
    goto out;
  m->tb_layers = v == -(1LL << 40) ? 0 : (v == 0 ? -1 : (int)v);
  vit_model_apply_defaults(m);
  /* an explicit 0 was stored as -1 so that the defaults leave it alone; put
   * it back so that the message shows the value the file holds */
  if (cJSON_GetObjectItemCaseSensitive(root, "tb_hidden") && m->tb_hidden == -1)
    m->tb_hidden = 0;
  if (cJSON_GetObjectItemCaseSensitive(root, "tb_layers") && m->tb_layers == -1)
    m->tb_layers = 0;
  trex_json_warn_unknown(root, path, "", known_keys);
  rc = vit_model_check(m, path, err);
out:
  cJSON_Delete(root);
  return rc;
}

int vit_model_resolve(const char *name_or_file, vit_model *m, trex_err *err) {
  for (size_t k = 0; k < N_BUILTIN; k++)
    if (!strcmp(name_or_file, builtins[k].name))
      return vit_model_builtin(name_or_file, m, err);
  struct stat st;
  if (stat(name_or_file, &st) != 0)
    return vit_model_builtin(name_or_file, m, err); /* "unknown model" */
  /* it exists: the reader says what is wrong with it (a directory, a FIFO) */
  return vit_model_load(name_or_file, m, err);
}
