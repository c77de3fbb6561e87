// ctrl_opdec: per-operation decode of the attention-reuse controller
// (docs/controller.md, "Operations"): the op's family, head count h, operand
// sizes m, k, n, the lanes of its digital unit, whether it reads two operands
// per element, and which element counter it feeds. The family, the unit
// (lanes, reads, counter) come from the contract table (ctrl_pkg::OPS_*);
// the sizes are this module's logic, one case item per op whose sizes
// differ from T x E x E. Purely combinational.
module ctrl_opdec (
  input  logic [ctrl_pkg::OP_W-1:0] op_i,
  input  logic [15:0] tokens_i,     // T
  input  logic [15:0] embedding_i,  // E
  input  logic [15:0] heads_i,      // H
  input  logic [15:0] mlp_i,        // M
  input  logic [15:0] head_dim_i,   // d = E / H
  input  logic [15:0] tb_hidden_i,  // Th (used with two TB layers)
  input  logic        tb_two_i,     // TB has two linear layers
  input  logic [15:0] patch_dim_i,  // values of one patch (model level)
  input  logic [15:0] classes_i,    // classifier outputs (model level)
  input  logic [15:0] sm_lanes_i,
  input  logic [15:0] ln_lanes_i,
  input  logic [15:0] gelu_lanes_i,
  input  logic [15:0] add_lanes_i,
  input  logic [15:0] buf_lanes_i,
  output logic [1:0]  fam_o,        // ctrl_pkg::FAM_*
  output logic [63:0] h_o,
  output logic [63:0] m_o,
  output logic [63:0] k_o,
  output logic [63:0] n_o,
  output logic [15:0] lanes_o,
  output logic        rd2_o,        // two operand reads per element
  output logic [1:0]  kind_o,       // element counter: ctrl_pkg::KIND_*
  // the unit's cycles (ctrl_pkg::UNIT_*, from c-model/units_cycles.h): a row
  // unit m*(passes*ceil(n/lanes) + extra), a stream unit ceil(m*n/lanes) + extra,
  // either plus op_extra (the execution unit's fixed edges and table load)
  output logic        row_o,
  output logic [1:0]  passes_o,
  output logic [15:0] extra_o,
  output logic [15:0] op_extra_o,   // once per op (ctrl_pkg::UNIT_*_OP_EXTRA)
  output logic        requant_o     // mm op whose outputs pass the requantise unit
);
  logic [63:0] t, e, hh, mm, d, th, pd, cls;
  always_comb begin
    t   = {48'd0, tokens_i};
    e   = {48'd0, embedding_i};
    hh  = {48'd0, heads_i};
    mm  = {48'd0, mlp_i};
    d   = {48'd0, head_dim_i};
    th  = tb_two_i ? {48'd0, tb_hidden_i} : e;
    pd  = {48'd0, patch_dim_i};
    cls = {48'd0, classes_i};

    // what the contract table says of the op
    fam_o   = ctrl_pkg::OPS_FAM_MM[op_i] ? ctrl_pkg::FAM_MM :
              ctrl_pkg::OPS_FAM_WR[op_i] ? ctrl_pkg::FAM_WR : ctrl_pkg::FAM_EW;
    lanes_o = ctrl_pkg::OPS_UNIT_SOFTMAX[op_i] ? sm_lanes_i :
              ctrl_pkg::OPS_UNIT_GELU[op_i]    ? gelu_lanes_i :
              ctrl_pkg::OPS_UNIT_ADD[op_i]     ? add_lanes_i :
              ctrl_pkg::OPS_UNIT_BUF[op_i]     ? buf_lanes_i : ln_lanes_i;
    rd2_o   = ctrl_pkg::OPS_READ2[op_i];
    requant_o = ctrl_pkg::OPS_REQUANT[op_i];
    row_o    = ctrl_pkg::OPS_UNIT_SOFTMAX[op_i] ? ctrl_pkg::UNIT_SOFTMAX_ROW :
               ctrl_pkg::OPS_UNIT_GELU[op_i]    ? ctrl_pkg::UNIT_GELU_ROW :
               ctrl_pkg::OPS_UNIT_ADD[op_i]     ? ctrl_pkg::UNIT_ADD_ROW :
               ctrl_pkg::OPS_UNIT_BUF[op_i]     ? ctrl_pkg::UNIT_BUF_ROW : ctrl_pkg::UNIT_LN_ROW;
    passes_o = ctrl_pkg::OPS_UNIT_SOFTMAX[op_i] ? ctrl_pkg::UNIT_SOFTMAX_PASSES :
               ctrl_pkg::OPS_UNIT_GELU[op_i]    ? ctrl_pkg::UNIT_GELU_PASSES :
               ctrl_pkg::OPS_UNIT_ADD[op_i]     ? ctrl_pkg::UNIT_ADD_PASSES :
               ctrl_pkg::OPS_UNIT_BUF[op_i]     ? ctrl_pkg::UNIT_BUF_PASSES : ctrl_pkg::UNIT_LN_PASSES;
    extra_o  = ctrl_pkg::OPS_UNIT_SOFTMAX[op_i] ? ctrl_pkg::UNIT_SOFTMAX_EXTRA :
               ctrl_pkg::OPS_UNIT_GELU[op_i]    ? ctrl_pkg::UNIT_GELU_EXTRA :
               ctrl_pkg::OPS_UNIT_ADD[op_i]     ? ctrl_pkg::UNIT_ADD_EXTRA :
               ctrl_pkg::OPS_UNIT_BUF[op_i]     ? ctrl_pkg::UNIT_BUF_EXTRA : ctrl_pkg::UNIT_LN_EXTRA;
    op_extra_o = ctrl_pkg::OPS_UNIT_SOFTMAX[op_i] ? ctrl_pkg::UNIT_SOFTMAX_OP_EXTRA :
                 ctrl_pkg::OPS_UNIT_GELU[op_i]    ? ctrl_pkg::UNIT_GELU_OP_EXTRA :
                 ctrl_pkg::OPS_UNIT_ADD[op_i]     ? ctrl_pkg::UNIT_ADD_OP_EXTRA :
                 ctrl_pkg::OPS_UNIT_BUF[op_i]     ? ctrl_pkg::UNIT_BUF_OP_EXTRA : ctrl_pkg::UNIT_LN_OP_EXTRA;
    kind_o  = ctrl_pkg::OPS_UNIT_SOFTMAX[op_i] ? ctrl_pkg::KIND_SOFTMAX :
              ctrl_pkg::OPS_UNIT_LN[op_i]      ? ctrl_pkg::KIND_LN :
              ctrl_pkg::OPS_UNIT_GELU[op_i]    ? ctrl_pkg::KIND_GELU : ctrl_pkg::KIND_NONE;

    // its sizes: T rows of E by default (ln1, ln2, tb_ln, the projections,
    // residuals, reuse moves, pos_embed)
    h_o = 64'd1;
    m_o = t;
    k_o = e;
    n_o = e;
    unique case (op_i)
      ctrl_pkg::OP_PATCH_EMBED: begin m_o = t - 64'd1; k_o = pd; end  // T - 1 patches
      ctrl_pkg::OP_FINAL_LN:    m_o = 64'd1;                          // the class token
      ctrl_pkg::OP_HEAD:        begin m_o = 64'd1; n_o = cls; end
      ctrl_pkg::OP_K_WRITE,
      ctrl_pkg::OP_QK:          begin h_o = hh; k_o = d; n_o = t; end
      ctrl_pkg::OP_SOFTMAX:     begin m_o = hh * t; k_o = t; n_o = t; end
      ctrl_pkg::OP_V_WRITE,
      ctrl_pkg::OP_SV:          begin h_o = hh; k_o = t; n_o = d; end
      ctrl_pkg::OP_TB_FC1:      n_o = th;
      ctrl_pkg::OP_TB_GELU:     begin k_o = th; n_o = th; end
      ctrl_pkg::OP_TB_FC2:      k_o = th;
      ctrl_pkg::OP_FC1:         n_o = mm;
      ctrl_pkg::OP_GELU:        begin k_o = mm; n_o = mm; end
      ctrl_pkg::OP_FC2:         k_o = mm;
      default: ;
    endcase
  end
endmodule
