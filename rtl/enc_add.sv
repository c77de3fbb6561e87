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
// ENC_BREAK_CYCLE (checker self-test): a third (empty) pipeline stage.
module enc_add #(
  parameter int LANES = 4
) (
  input  logic               clk_i,
  input  logic               rst_ni,      // active-low synchronous reset

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
  initial begin
    if (LANES < 1) begin
      $fatal(1, "enc_add: illegal parameters");
    end
  end
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

  logic               en, accept;
  logic               v1_q, out_valid_q;
  logic [LANES*SUM_W-1:0] sum_q;
  logic [5:0]         s1_q;
  logic [LANES*8-1:0] y_d, out_q;

  for (genvar j = 0; j < LANES; j++) begin : g_lane
    enc_round_sat #(
      .IN_W (SUM_W)
    ) u_round (
      .v_i (sum_q[j*SUM_W +: SUM_W]),
      .s_i (s1_q),
      .y_o (y_d[j*8 +: 8])
    );
  end

  assign en     = ~out_valid_q | out_ready_i;
  assign accept = in_valid_i & en;

`ifdef ENC_BREAK_CYCLE
  logic               v2_q;
  logic [LANES*8-1:0] mid_q;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      v1_q        <= 1'b0;
      v2_q        <= 1'b0;
      out_valid_q <= 1'b0;
    end else if (en) begin
      v1_q        <= in_valid_i;
      v2_q        <= v1_q;
      out_valid_q <= v2_q;
    end
  end
  always_ff @(posedge clk_i) begin
    if (accept) begin
      sum_q <= sum_d;
      s1_q  <= shift_i;
    end
    if (en && v1_q) mid_q <= y_d;
    if (en && v2_q) out_q <= mid_q;
  end
`else
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      v1_q        <= 1'b0;
      out_valid_q <= 1'b0;
    end else if (en) begin
      v1_q        <= in_valid_i;
      out_valid_q <= v1_q;
    end
  end
  always_ff @(posedge clk_i) begin
    if (accept) begin
      sum_q <= sum_d;
      s1_q  <= shift_i;
    end
    if (en && v1_q) begin
      out_q <= y_d;
    end
  end
`endif

  assign in_ready_o  = en;
  assign out_valid_o = out_valid_q;
  assign out_data_o  = out_q;

endmodule
