// ctrl_opdec: per-operation decode of the attention-reuse controller
// (docs/controller.md, "Operations"): the op's family, head count h, operand
// sizes m, k, n, the lanes of its digital unit, whether it reads two operands
// per element, and which element counter it feeds. Op codes, families and
// units are ctrl_pkg's (the contract table); the sizes are this module's
// logic. Purely combinational.
module ctrl_opdec (
  input  logic [ctrl_pkg::OP_W-1:0] op_i,
  input  logic [15:0] tokens_i,     // T
  input  logic [15:0] embedding_i,  // E
  input  logic [15:0] heads_i,      // H
  input  logic [15:0] mlp_i,        // M
  input  logic [15:0] head_dim_i,   // d = E / H
  input  logic [15:0] tb_hidden_i,  // Th (used with two TB layers)
  input  logic        tb_two_i,     // TB has two linear layers
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
  output logic        rd2_o,        // residual: two reads per element
  output logic [1:0]  kind_o        // element counter: ctrl_pkg::KIND_*
);
  logic [63:0] t, e, hh, mm, d, th;
  always_comb begin
    t  = {48'd0, tokens_i};
    e  = {48'd0, embedding_i};
    hh = {48'd0, heads_i};
    mm = {48'd0, mlp_i};
    d  = {48'd0, head_dim_i};
    th = tb_two_i ? {48'd0, tb_hidden_i} : e;

    fam_o   = ctrl_pkg::FAM_EW;
    h_o     = 64'd1;
    m_o     = t;
    k_o     = e;
    n_o     = e;
    lanes_o = ln_lanes_i;
    rd2_o   = 1'b0;
    kind_o  = ctrl_pkg::KIND_NONE;
    unique case (op_i)
      ctrl_pkg::OP_LN1, ctrl_pkg::OP_TB_LN, ctrl_pkg::OP_LN2: kind_o = ctrl_pkg::KIND_LN;
      ctrl_pkg::OP_Q_PROJ, ctrl_pkg::OP_K_PROJ, ctrl_pkg::OP_V_PROJ,
      ctrl_pkg::OP_OUT_PROJ: fam_o = ctrl_pkg::FAM_MM;
      ctrl_pkg::OP_K_WRITE: begin fam_o = ctrl_pkg::FAM_WR; h_o = hh; k_o = d; n_o = t; end
      ctrl_pkg::OP_QK:      begin fam_o = ctrl_pkg::FAM_MM; h_o = hh; k_o = d; n_o = t; end
      ctrl_pkg::OP_SOFTMAX: begin
        m_o = hh * t; k_o = t; n_o = t; lanes_o = sm_lanes_i; kind_o = ctrl_pkg::KIND_SOFTMAX;
      end
      ctrl_pkg::OP_V_WRITE: begin fam_o = ctrl_pkg::FAM_WR; h_o = hh; k_o = t; n_o = d; end
      ctrl_pkg::OP_SV:      begin fam_o = ctrl_pkg::FAM_MM; h_o = hh; k_o = t; n_o = d; end
      ctrl_pkg::OP_REUSE_STORE, ctrl_pkg::OP_REUSE_LOAD: lanes_o = buf_lanes_i;
      ctrl_pkg::OP_TB_FC1:  begin fam_o = ctrl_pkg::FAM_MM; n_o = th; end
      ctrl_pkg::OP_TB_GELU: begin
        k_o = th; n_o = th; lanes_o = gelu_lanes_i; kind_o = ctrl_pkg::KIND_GELU;
      end
      ctrl_pkg::OP_TB_FC2:  begin fam_o = ctrl_pkg::FAM_MM; k_o = th; end
      ctrl_pkg::OP_RESIDUAL1, ctrl_pkg::OP_RESIDUAL2: begin lanes_o = add_lanes_i; rd2_o = 1'b1; end
      ctrl_pkg::OP_FC1:     begin fam_o = ctrl_pkg::FAM_MM; n_o = mm; end
      ctrl_pkg::OP_GELU:    begin
        k_o = mm; n_o = mm; lanes_o = gelu_lanes_i; kind_o = ctrl_pkg::KIND_GELU;
      end
      ctrl_pkg::OP_FC2:     begin fam_o = ctrl_pkg::FAM_MM; k_o = mm; end
      default: ;
    endcase
  end
endmodule
