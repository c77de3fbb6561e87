// Residual / position add unit: per element y = sat8(rshr(a*Ma + b*Mb, s))
// on two int8 streams, LANES elements per beat, bit-exact to
// docs/encoder-int.md sections 1 and 5.4 (C model: enc_add1 / enc_add_row).
//
// Ports and timing: docs/encoder-units.md. Two pipeline stages (products
// and sum, then rounding/saturation into the output register): a beat
// accepted at edge E is handed over at edge E+2 at the earliest;
// ceil(e/LANES) + 2 cycles for e elements (no gaps or stalls).
// in_ready_o = !out_valid_o || out_ready_i (a stall-all pipeline). Ma, Mb
// and s are sampled with every beat and travel with it.
//
// Parameters:
//   LANES  elements per beat (the controller's add_lanes), >= 1.
//
// ENC_BREAK_ADD   (checker self-test): a negative sum exactly halfway
//                 between two results rounds down instead of up.
// ENC_BREAK_CYCLE (checker self-test): a third (empty) pipeline stage
//                 (enc_rs_pipe).
module enc_add #(
  parameter int LANES = 4
) (
  input  logic               clk_i,
  input  logic               srst_ni,      // active-low synchronous reset

  input  logic [30:0]        ma_i,        // Ma: 0 .. 2^31-1
  input  logic [30:0]        mb_i,        // Mb: 0 .. 2^31-1
  input  logic [5:0]         shift_i,     // s: 0 .. 62
  input  logic               in_valid_i,
  output logic               in_ready_o,
  input  logic [LANES*8-1:0] in_a_i,      // a at [j*8 +: 8]
  input  logic [LANES*8-1:0] in_b_i,      // b at [j*8 +: 8]

  output logic               out_valid_o,
  input  logic               out_ready_i,
  output logic [LANES*8-1:0] out_data_o   // y at [j*8 +: 8]
);

  localparam int SUM_W = 41;   // |a*Ma + b*Mb| <= 2^39

`ifndef SYNTHESIS
  enc_param_check #(.OK(!(LANES < 1))) u_param_check ();
`endif

  // stage 1: a*Ma + b*Mb
  logic [LANES*SUM_W-1:0] sum_d;
  always_comb begin
    for (int j = 0; j < LANES; j++) begin
      logic signed [SUM_W-1:0] pa, pb, sum;
      pa  = SUM_W'($signed(in_a_i[j*8 +: 8])) * $signed({1'b0, ma_i});
      pb  = SUM_W'($signed(in_b_i[j*8 +: 8])) * $signed({1'b0, mb_i});
      sum = pa + pb;
`ifdef ENC_BREAK_ADD
      // rshr(sum - 1, s) differs from rshr(sum, s) only when sum is a
      // multiple of 2^s plus 2^(s-1): negative ties round down
      if (sum < 0 && shift_i != 6'd0) begin
        sum = sum - 1'b1;
      end
`endif
      sum_d[j*SUM_W +: SUM_W] = sum;
    end
  end

  enc_rs_pipe #(
    .LANES (LANES),
    .IN_W  (SUM_W)
  ) u_pipe (
    .clk_i       (clk_i),
    .srst_ni      (srst_ni),
    .in_valid_i  (in_valid_i),
    .in_ready_o  (in_ready_o),
    .in_v_i      (sum_d),
    .in_s_i      (shift_i),
    .out_valid_o (out_valid_o),
    .out_ready_i (out_ready_i),
    .out_data_o  (out_data_o)
  );

endmodule
