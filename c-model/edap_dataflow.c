/* edap_dataflow: delay models of the schedule (edap_dataflow.h). */
#include "edap_dataflow.h"

#include <string.h>

#include "trex_name.h"

static const char *const names[EDAP_DF_COUNT] = {"sequential", "qkv", "pipelined"};

const char *edap_dataflow_name(edap_dataflow d) {
  return (int)d >= 0 && d < EDAP_DF_COUNT ? names[d] : NULL;
}

int edap_dataflow_parse(const char *s, edap_dataflow *d) {
  int k = trex_name_find(names, EDAP_DF_COUNT, s);
  if (k < 0) return -1;
  *d = (edap_dataflow)k;
  return 0;
}

/* Ops that stream token by token in the pipelined dataflow. Any other op
 * (k_write, v_write; final_ln and head, which wait for the class token of
 * the last encoder; ops added later until they are listed here) is a block.
 * patch_embed and pos_embed stream: each patch becomes a token on its own. */
static int streamed(ctrl_op op) {
  switch (op) {
    case CTRL_OP_PATCH_EMBED: case CTRL_OP_POS_EMBED:
    case CTRL_OP_LN1: case CTRL_OP_Q_PROJ: case CTRL_OP_K_PROJ: case CTRL_OP_V_PROJ:
    case CTRL_OP_QK: case CTRL_OP_SOFTMAX: case CTRL_OP_SV: case CTRL_OP_OUT_PROJ:
    case CTRL_OP_REUSE_STORE: case CTRL_OP_REUSE_LOAD: case CTRL_OP_TB_LN:
    case CTRL_OP_TB_FC1: case CTRL_OP_TB_GELU: case CTRL_OP_TB_FC2: case CTRL_OP_RESIDUAL1:
    case CTRL_OP_LN2: case CTRL_OP_FC1: case CTRL_OP_GELU: case CTRL_OP_FC2:
    case CTRL_OP_RESIDUAL2:
      return 1;
    default:
      return 0;
  }
}

static int is_qkv(ctrl_op op) {
  return op == CTRL_OP_Q_PROJ || op == CTRL_OP_K_PROJ || op == CTRL_OP_V_PROJ;
}

static uint64_t umax(uint64_t a, uint64_t b) { return a > b ? a : b; }

uint64_t edap_df_run(uint64_t sum, uint64_t max, uint64_t tokens) {
  if (!sum) return 0;
  if (tokens <= 1) return sum;
  /* (sum + (T - 1) max) / T, rounded up, without overflow for any
   * realistic count: sum <= 2^63 and max <= sum. */
  uint64_t q = max / tokens, r = max % tokens;
  /* (T - 1) * max / T = max - max / T; written as whole part + rest */
  uint64_t whole = sum / tokens + (max - q) - (r ? 1 : 0);
  uint64_t rest = sum % tokens + (r ? tokens - r : 0);
  return whole + rest / tokens + (rest % tokens ? 1 : 0);
}

/* A builder that folds pieces into an encoder summary. */
typedef struct {
  edap_df_enc e;
  int in_tail; /* a block has been seen: streamed ops go to the tail */
} builder;

static void add_stream(builder *b, uint64_t c) {
  uint64_t *sum = b->in_tail ? &b->e.tail_sum : &b->e.lead_sum;
  uint64_t *max = b->in_tail ? &b->e.tail_max : &b->e.lead_max;
  *sum += c;
  *max = umax(*max, c);
}

static void add_block(builder *b, uint64_t c, uint64_t tokens) {
  if (b->in_tail) {
    b->e.inner += edap_df_run(b->e.tail_sum, b->e.tail_max, tokens);
    b->e.tail_sum = b->e.tail_max = 0;
  }
  b->e.has_block = 1;
  b->in_tail = 1;
  b->e.inner += c;
}

edap_df_enc edap_df_encoder(edap_dataflow d, const ctrl_rec *ops, const uint64_t *cyc,
                            size_t n, uint64_t tokens) {
  builder b;
  memset(&b, 0, sizeof b);
  for (size_t k = 0; k < n; k++) {
    ctrl_op op = ops[k].op;
    uint64_t c = cyc[k];
    if (d != EDAP_DF_SEQUENTIAL && is_qkv(op)) {
      /* the group of consecutive projections q, k, v */
      uint64_t g = c;
      while (k + 1 < n && is_qkv(ops[k + 1].op)) g = umax(g, cyc[++k]);
      if (d == EDAP_DF_QKV) add_block(&b, g, tokens);
      else add_stream(&b, g);
      continue;
    }
    if (d == EDAP_DF_PIPELINED) {
      if (op == CTRL_OP_K_WRITE) {
        /* k_write and v_write run together: max of the two */
        uint64_t g = c;
        for (size_t j = k + 1; j < n; j++)
          if (ops[j].op == CTRL_OP_V_WRITE) g = umax(g, cyc[j]);
        add_block(&b, g, tokens);
        continue;
      }
      if (op == CTRL_OP_V_WRITE) {
        int paired = 0;
        for (size_t j = 0; j < k; j++) paired |= ops[j].op == CTRL_OP_K_WRITE;
        if (paired) continue; /* counted with k_write */
        add_block(&b, c, tokens);
        continue;
      }
      if (streamed(op)) add_stream(&b, c);
      else add_block(&b, c, tokens);
      continue;
    }
    add_block(&b, c, tokens);
  }
  return b.e;
}

void edap_df_apply(edap_df_state *s, const edap_df_enc *e, uint64_t tokens) {
  s->open_sum += e->lead_sum;
  s->open_max = umax(s->open_max, e->lead_max);
  if (e->has_block) {
    s->closed += edap_df_run(s->open_sum, s->open_max, tokens) + e->inner;
    s->open_sum = e->tail_sum;
    s->open_max = e->tail_max;
  }
}

uint64_t edap_df_finish(const edap_df_state *s, uint64_t tokens) {
  return s->closed + edap_df_run(s->open_sum, s->open_max, tokens);
}

uint64_t edap_df_min_cycles(const edap_df_enc *e) { return e->has_block ? e->inner : 0; }

uint64_t edap_df_delay(edap_dataflow d, const ctrl_schedule *s, const uint64_t *cyc) {
  edap_df_state st = {0, 0, 0};
  uint64_t T = (uint64_t)s->model.tokens;
  size_t k = 0;
  while (k < s->n_ops) {
    size_t j = k;
    while (j < s->n_ops && s->ops[j].encoder == s->ops[k].encoder) j++;
    /* a pruned encoder streams its own token count; a drop in the count
     * follows a prune op, a block, so no open run crosses it */
    T = (uint64_t)vit_model_enc_tokens(&s->model, s->ops[k].encoder);
    edap_df_enc e = edap_df_encoder(d, &s->ops[k], &cyc[k], j - k, T);
    edap_df_apply(&st, &e, T);
    k = j;
  }
  return edap_df_finish(&st, T);
}
