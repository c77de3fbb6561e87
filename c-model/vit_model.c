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

/* ---- token pruning and weight sharing ----------------------------------- */

int vit_model_enc_tokens(const vit_model *m, int i) {
  return i >= 0 && i < VIT_MAX_DEPTH && m->enc_tokens[i] ? m->enc_tokens[i] : m->tokens;
}

int vit_model_pruned(const vit_model *m) {
  for (int i = 0; i < m->depth && i < VIT_MAX_DEPTH; i++)
    if (vit_model_enc_tokens(m, i) != m->tokens) return 1;
  return 0;
}

int vit_model_shared(const vit_model *m) { return m->share_attn || m->share_mlp; }

int vit_model_attn_owner(const vit_model *m, int i) {
  return i >= 0 && i < VIT_MAX_DEPTH && (m->share_attn >> i & 1) ? m->share_attn_src[i] : i;
}

int vit_model_mlp_owner(const vit_model *m, int i) {
  return i >= 0 && i < VIT_MAX_DEPTH && (m->share_mlp >> i & 1) ? m->share_mlp_src[i] : i;
}

static int share_check(uint64_t mask, const signed char *src, int depth, const char *where,
                       const char *key, trex_err *err) {
  for (int i = 0; i < VIT_MAX_DEPTH; i++) {
    if (!(mask >> i & 1)) continue;
    if (i < 1 || i >= depth)
      return trex_errf(err, "%s: key '%s': encoder %d is outside 1..%d", where, key, i,
                       depth - 1);
    if (src[i] < 0 || src[i] >= i)
      return trex_errf(err, "%s: key '%s': encoder %d cannot share encoder %d's (not an "
                       "earlier encoder)", where, key, i, src[i]);
    if (mask >> src[i] & 1)
      return trex_errf(err, "%s: key '%s': encoder %d shares encoder %d's, which itself "
                       "shares encoder %d's (name the owner)", where, key, i, src[i],
                       src[src[i]]);
  }
  return 0;
}

static int strategy_check(const vit_model *m, const char *where, trex_err *err) {
  for (int i = 0; i < m->depth; i++) {
    int t = vit_model_enc_tokens(m, i), prev = i ? vit_model_enc_tokens(m, i - 1) : m->tokens;
    if (t < 1 || t > m->tokens)
      return trex_errf(err, "%s: key 'encoder_tokens': entry %d: %d is outside 1..%d", where,
                       i, t, m->tokens);
    if (i == 0 && t != m->tokens)
      return trex_errf(err, "%s: key 'encoder_tokens': entry 0 is %d, not tokens %d (tokens "
                       "are pruned only after an encoder)", where, t, m->tokens);
    if (t > prev)
      return trex_errf(err, "%s: key 'encoder_tokens': entry %d: %d is more than entry %d's "
                       "%d (pruned tokens do not come back)", where, i, t, i - 1, prev);
  }
  for (int i = m->depth; i < VIT_MAX_DEPTH; i++)
    if (m->enc_tokens[i])
      return trex_errf(err, "%s: key 'encoder_tokens': entry %d is beyond depth %d", where, i,
                       m->depth);
  if (share_check(m->share_attn, m->share_attn_src, m->depth, where, "share_attention", err))
    return -1;
  return share_check(m->share_mlp, m->share_mlp_src, m->depth, where, "share_mlp", err);
}

static int parse_pairs(const cJSON *obj, const char *key, const char *where, uint64_t *mask,
                       signed char *src, trex_err *err) {
  const cJSON *a = cJSON_GetObjectItemCaseSensitive(obj, key);
  *mask = 0;
  memset(src, 0, VIT_MAX_DEPTH);
  if (!a) return 0;
  if (!cJSON_IsArray(a))
    return trex_errf(err, "%s: key '%s': expected an array of [encoder, source] pairs", where,
                     key);
  int k = 0;
  for (const cJSON *p = a->child; p; p = p->next, k++) {
    const cJSON *x = cJSON_IsArray(p) ? p->child : NULL, *y = x ? x->next : NULL;
    if (!x || !y || y->next || !cJSON_IsNumber(x) || !cJSON_IsNumber(y) ||
        x->valuedouble != (double)(int)x->valuedouble ||
        y->valuedouble != (double)(int)y->valuedouble)
      return trex_errf(err, "%s: key '%s': entry %d is not a pair of integers [encoder, source]",
                       where, key, k);
    int i = (int)x->valuedouble, j = (int)y->valuedouble;
    if (i < 0 || i >= VIT_MAX_DEPTH || j < 0 || j >= VIT_MAX_DEPTH)
      return trex_errf(err, "%s: key '%s': entry %d: [%d, %d] is outside 0..%d", where, key, k,
                       i, j, VIT_MAX_DEPTH - 1);
    if (*mask >> i & 1)
      return trex_errf(err, "%s: key '%s': encoder %d is listed twice", where, key, i);
    *mask |= (uint64_t)1 << i;
    src[i] = (signed char)j;
  }
  return 0;
}

int vit_model_parse_strategy(const cJSON *obj, const char *where, vit_model *m,
                             trex_err *err) {
  memset(m->enc_tokens, 0, sizeof m->enc_tokens);
  const cJSON *a = cJSON_GetObjectItemCaseSensitive(obj, "encoder_tokens");
  /* an illegal depth is vit_model_check's message; never index past it */
  if (a && m->depth >= 1 && m->depth <= VIT_MAX_DEPTH) {
    if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) != m->depth)
      return trex_errf(err, "%s: key 'encoder_tokens': expected an array of depth (%d) "
                       "integers", where, m->depth);
    int k = 0;
    for (const cJSON *e = a->child; e; e = e->next, k++) {
      if (!cJSON_IsNumber(e) || e->valuedouble != (double)(int)e->valuedouble ||
          e->valuedouble < -(1 << 30) || e->valuedouble > (1 << 30))
        return trex_errf(err, "%s: key 'encoder_tokens': entry %d is not an integer", where, k);
      m->enc_tokens[k] = (int)e->valuedouble;
      if (m->enc_tokens[k] < 1) /* 0 would read as "default" later */
        return trex_errf(err, "%s: key 'encoder_tokens': entry %d: %d is outside 1..%d", where,
                         k, m->enc_tokens[k], m->tokens);
    }
  }
  if (parse_pairs(obj, "share_attention", where, &m->share_attn, m->share_attn_src, err))
    return -1;
  return parse_pairs(obj, "share_mlp", where, &m->share_mlp, m->share_mlp_src, err);
}

static cJSON *pairs_json(uint64_t mask, const signed char *src) {
  cJSON *a = cJSON_CreateArray();
  for (int i = 0; a && i < VIT_MAX_DEPTH; i++)
    if (mask >> i & 1) {
      const int v[2] = {i, src[i]};
      cJSON *p = cJSON_CreateIntArray(v, 2);
      if (!p) {
        cJSON_Delete(a);
        return NULL;
      }
      cJSON_AddItemToArray(a, p);
    }
  return a;
}

int vit_model_strategy_to_json(const vit_model *m, cJSON *obj) {
  if (vit_model_pruned(m)) {
    int t[VIT_MAX_DEPTH];
    for (int i = 0; i < m->depth; i++) t[i] = vit_model_enc_tokens(m, i);
    cJSON *a = cJSON_CreateIntArray(t, m->depth);
    if (!a || !cJSON_AddItemToObject(obj, "encoder_tokens", a)) return -1;
  }
  if (m->share_attn) {
    cJSON *a = pairs_json(m->share_attn, m->share_attn_src);
    if (!a || !cJSON_AddItemToObject(obj, "share_attention", a)) return -1;
  }
  if (m->share_mlp) {
    cJSON *a = pairs_json(m->share_mlp, m->share_mlp_src);
    if (!a || !cJSON_AddItemToObject(obj, "share_mlp", a)) return -1;
  }
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
  return strategy_check(m, where, err);
}

int vit_model_head_dim(const vit_model *m) { return m->embedding / m->heads; }

static const char *const known_keys[] = {"name",      "tokens",    "embedding", "heads",
                                         "mlp",       "depth",     "tb_hidden", "tb_layers",
                                         "patch_dim", "classes",   "encoder_tokens",
                                         "share_attention", "share_mlp", NULL};

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
  const trex_json_intf need[] = {{"tokens", &m->tokens}, {"embedding", &m->embedding},
                                 {"heads", &m->heads},   {"mlp", &m->mlp},
                                 {"depth", &m->depth}};
  const trex_json_intf opt[] = {{"patch_dim", &m->patch_dim}, {"classes", &m->classes}};
  if (trex_json_ints(root, path, true, INT32_MIN, INT32_MAX, need, 5, err) ||
      trex_json_ints(root, path, false, INT32_MIN, INT32_MAX, opt, 2, err))
    goto out;
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
  if (vit_model_parse_strategy(root, path, m, err)) goto out;
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
