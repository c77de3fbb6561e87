// ctrl_opdec: per-operation decode of the attention-reuse controller
// (docs/controller.md, "Operations"): the op's family, head count h, operand
// sizes m, k, n, the lanes of its digital unit, whether it reads two operands
// per element, and which element counter it feeds. Purely combinational.
module ctrl_opdec (
  input  logic [4:0]  op_i,
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
  output logic [1:0]  fam_o,        // 0 ew, 1 mm, 2 wr
  output logic [63:0] h_o,
  output logic [63:0] m_o,
  output logic [63:0] k_o,
  output logic [63:0] n_o,
  output logic [15:0] lanes_o,
  output logic        rd2_o,        // residual: two reads per element
  output logic [1:0]  kind_o        // 0 none, 1 softmax, 2 ln, 3 gelu
);
  localparam logic [1:0] FAM_EW = 2'd0;
  localparam logic [1:0] FAM_MM = 2'd1;
  localparam logic [1:0] FAM_WR = 2'd2;

  logic [63:0] t, e, hh, mm, d, th;
  always_comb begin
    t  = {48'd0, tokens_i};
    e  = {48'd0, embedding_i};
    hh = {48'd0, heads_i};
    mm = {48'd0, mlp_i};
    d  = {48'd0, head_dim_i};
    th = tb_two_i ? {48'd0, tb_hidden_i} : e;

    fam_o   = FAM_EW;
    h_o     = 64'd1;
    m_o     = t;
    k_o     = e;
    n_o     = e;
    lanes_o = ln_lanes_i;
    rd2_o   = 1'b0;
    kind_o  = 2'd0;
    case (op_i)
      5'd0, 5'd12, 5'd17: kind_o = 2'd2;                      // ln1, tb_ln, ln2
      5'd1, 5'd2, 5'd3, 5'd9: fam_o = FAM_MM;                 // q/k/v/out_proj
      5'd4: begin fam_o = FAM_WR; h_o = hh; k_o = d; n_o = t; end  // k_write
      5'd5: begin fam_o = FAM_MM; h_o = hh; k_o = d; n_o = t; end  // qk
      5'd6: begin                                             // softmax
        m_o = hh * t; k_o = t; n_o = t; lanes_o = sm_lanes_i; kind_o = 2'd1;
      end
      5'd7: begin fam_o = FAM_WR; h_o = hh; k_o = t; n_o = d; end  // v_write
      5'd8: begin fam_o = FAM_MM; h_o = hh; k_o = t; n_o = d; end  // sv
      5'd10, 5'd11: lanes_o = buf_lanes_i;                    // reuse_store/load
      5'd13: begin fam_o = FAM_MM; n_o = th; end              // tb_fc1
      5'd14: begin k_o = th; n_o = th; lanes_o = gelu_lanes_i; kind_o = 2'd3; end
      5'd15: begin fam_o = FAM_MM; k_o = th; end              // tb_fc2
      5'd16, 5'd21: begin lanes_o = add_lanes_i; rd2_o = 1'b1; end  // residuals
      5'd18: begin fam_o = FAM_MM; n_o = mm; end              // fc1
      5'd19: begin k_o = mm; n_o = mm; lanes_o = gelu_lanes_i; kind_o = 2'd3; end
      5'd20: begin fam_o = FAM_MM; k_o = mm; end              // fc2
      default: ;
    endcase
  end
endmodule
