// GELU unit: y = LUT_gelu[x + 128] on LANES int8 elements per beat,
// bit-exact to docs/encoder-int.md section 5.3 (C model: enc_gelu_row).
//
// Ports and timing: docs/encoder-units.md. One pipeline stage (the output
// register): a beat accepted at edge E is handed over at edge E+1 at the
// earliest; ceil(e/LANES) + 1 cycles for e elements (no gaps or stalls).
// in_ready_o = !out_valid_o || out_ready_i (a stall-all pipeline).
// The table is read when a beat is accepted: a write at edge E applies to
// the beats accepted after E, never to a beat in flight.
//
// Parameters:
//   LANES  elements per beat (the controller's gelu_lanes), >= 1.
//
// ENC_BREAK_GELU  (checker self-test): the last lane reads entry x+128 XOR 1.
// ENC_BREAK_CYCLE (checker self-test): a second (empty) pipeline stage.
// ENC_BREAK_RESET (checker self-test): the reset does not empty the output
//                 register (out_valid_q keeps taking in_valid_i).
module enc_gelu #(
  parameter int LANES = 4
) (
  input  logic               clk_i,
  input  logic               srst_ni,      // active-low synchronous reset

  // LUT_gelu load port (any time): entry addr = x + 128
  input  logic               lut_we_i,
  input  logic [7:0]         lut_addr_i,
  input  logic [7:0]         lut_data_i,

  input  logic               in_valid_i,
  output logic               in_ready_o,
  input  logic [LANES*8-1:0] in_data_i,   // x at [j*8 +: 8]

  output logic               out_valid_o,
  input  logic               out_ready_i,
  output logic [LANES*8-1:0] out_data_o   // y at [j*8 +: 8]
);

`ifndef SYNTHESIS
  enc_param_check #(.OK(!(LANES < 1))) u_param_check ();
`endif

  logic [7:0] lut_q [256];

  logic               en, accept;
  logic [LANES*8-1:0] y_d;

  always_comb begin
    for (int j = 0; j < LANES; j++) begin
      logic [7:0] idx;   // x + 128: the sign bit flipped
      idx = {~in_data_i[j*8 + 7], in_data_i[j*8 +: 7]};
`ifdef ENC_BREAK_GELU
      if (j == LANES - 1) begin
        idx[0] = ~idx[0];
      end
`endif
      y_d[j*8 +: 8] = lut_q[idx];
    end
  end

  logic               out_valid_q;
  logic [LANES*8-1:0] out_q;
`ifdef ENC_BREAK_CYCLE
  logic               mid_valid_q;
  logic [LANES*8-1:0] mid_q;
  assign en     = ~out_valid_q | out_ready_i;
  assign accept = in_valid_i & en;
  always_ff @(posedge clk_i) begin
    if (!srst_ni) begin
      mid_valid_q <= 1'b0;
      out_valid_q <= 1'b0;
    end else if (en) begin
      mid_valid_q <= in_valid_i;
      out_valid_q <= mid_valid_q;
    end
  end
  always_ff @(posedge clk_i) begin
    if (accept) mid_q <= y_d;
    if (en && mid_valid_q) out_q <= mid_q;
  end
`else
  assign en     = ~out_valid_q | out_ready_i;
  assign accept = in_valid_i & en;
  always_ff @(posedge clk_i) begin
`ifdef ENC_BREAK_RESET
    if (en) begin
`else
    if (!srst_ni) begin
      out_valid_q <= 1'b0;
    end else if (en) begin
`endif
      out_valid_q <= in_valid_i;
    end
  end
  always_ff @(posedge clk_i) begin
    if (accept) begin
      out_q <= y_d;
    end
  end
`endif

  always_ff @(posedge clk_i) begin
    if (lut_we_i) begin
      lut_q[lut_addr_i] <= lut_data_i;
    end
  end

  assign in_ready_o  = en;
  assign out_valid_o = out_valid_q;
  assign out_data_o  = out_q;

endmodule
