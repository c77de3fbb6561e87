// Requantise unit (the linear layers' output stage): per element
// y = sat8(rshr(sat32(acc + bias) * M, s)), LANES elements per beat,
// bit-exact to docs/encoder-int.md sections 1 and 5 (C model: enc_requant).
//
// Ports and timing: docs/encoder-units.md. Two pipeline stages (product,
// then rounding/saturation into the output register): a beat accepted at
// edge E is handed over at edge E+2 at the earliest; ceil(e/LANES) + 2
// cycles for e elements (no gaps or stalls). in_ready_o = !out_valid_o ||
// out_ready_i (a stall-all pipeline). M and s are sampled with every beat
// and travel with it, so they may change from one beat to the next.
//
// Parameters:
//   LANES  elements per beat, >= 1.
//   ACC_W  accumulator width (signed), 1 .. 63; 40 holds every accumulator
//          of docs/encoder-int.md section 6 (|acc| < 2^39).
//
// ENC_BREAK_REQUANT (checker self-test): acc + bias below -2^31 wraps
//                   (keeps its low 32 bits) instead of saturating.
// ENC_BREAK_CYCLE   (checker self-test): a third (empty) pipeline stage
//                   (enc_rs_pipe).
module enc_requant #(
  parameter int LANES = 4,
  parameter int ACC_W = 40
) (
  input  logic                   clk_i,
  input  logic                   srst_ni,      // active-low synchronous reset

  input  logic [30:0]            m_i,         // M: 0 .. 2^31-1
  input  logic [5:0]             shift_i,     // s: 0 .. 62
  input  logic                   in_valid_i,
  output logic                   in_ready_o,
  input  logic [LANES*ACC_W-1:0] in_acc_i,    // acc at [j*ACC_W +: ACC_W]
  input  logic [LANES*32-1:0]    in_bias_i,   // bias at [j*32 +: 32]

  output logic                   out_valid_o,
  input  logic                   out_ready_i,
  output logic [LANES*8-1:0]     out_data_o   // y at [j*8 +: 8]
);

  localparam int SUM_W = ((ACC_W > 32) ? ACC_W : 32) + 1;
  localparam int P_W   = 63;                           // sat32 * M < 2^62

`ifndef SYNTHESIS
  enc_param_check #(.OK(!(LANES < 1 || ACC_W < 1 || ACC_W > 63))) u_param_check ();
`endif

  localparam logic signed [SUM_W-1:0] SAT_HI = SUM_W'(64'sd2147483647);
  localparam logic signed [SUM_W-1:0] SAT_LO = SUM_W'(-64'sd2147483648);

  // stage 1: sat32(acc + bias) * M
  logic [LANES*P_W-1:0] p_d;
  always_comb begin
    for (int j = 0; j < LANES; j++) begin
      logic signed [SUM_W-1:0] sum;
      logic signed [31:0]      s32;
      sum = SUM_W'($signed(in_acc_i[j*ACC_W +: ACC_W])) +
            SUM_W'($signed(in_bias_i[j*32 +: 32]));
`ifdef ENC_BREAK_REQUANT
      s32 = (sum > SAT_HI) ? SAT_HI[31:0] : sum[31:0];
`else
      s32 = (sum > SAT_HI) ? SAT_HI[31:0] : (sum < SAT_LO) ? SAT_LO[31:0] : sum[31:0];
`endif
      p_d[j*P_W +: P_W] = P_W'(s32) * $signed({1'b0, m_i});
    end
  end

  enc_rs_pipe #(
    .LANES (LANES),
    .IN_W  (P_W)
  ) u_pipe (
    .clk_i       (clk_i),
    .srst_ni      (srst_ni),
    .in_valid_i  (in_valid_i),
    .in_ready_o  (in_ready_o),
    .in_v_i      (p_d),
    .in_s_i      (shift_i),
    .out_valid_o (out_valid_o),
    .out_ready_i (out_ready_i),
    .out_data_o  (out_data_o)
  );

endmodule
