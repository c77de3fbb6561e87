// The rounding and saturation pipeline of the element-wise units
// (requantise, add; docs/encoder-units.md): per lane y = sat8(rshr(v, s)).
// Stage 1 registers an accepted beat's operands v (LANES x IN_W, signed) and
// s; stage 2 rounds and saturates (enc_round_sat) into the output register.
// A stall-all pipeline: in_ready_o = !out_valid_o || out_ready_i; a beat
// accepted at edge E is handed over at edge E+2 at the earliest.
//
// Parameters:
//   LANES  elements per beat, >= 1.
//   IN_W   width of v (see enc_round_sat for its range).
//
// ENC_BREAK_CYCLE (checker self-test): a third (empty) stage.
module enc_rs_pipe #(
  parameter int LANES = 4,
  parameter int IN_W  = 64
) (
  input  logic                  clk_i,
  input  logic                  srst_ni,

  input  logic                  in_valid_i,
  output logic                  in_ready_o,
  input  logic [LANES*IN_W-1:0] in_v_i,      // v at [j*IN_W +: IN_W]
  input  logic [5:0]            in_s_i,

  output logic                  out_valid_o,
  input  logic                  out_ready_i,
  output logic [LANES*8-1:0]    out_data_o
);

  logic                  en, accept, v1_q, out_valid_q;
  logic [LANES*IN_W-1:0] v_q;
  logic [5:0]            s_q;
  logic [LANES*8-1:0]    y_d, y_last, out_q;

  assign en     = ~out_valid_q | out_ready_i;
  assign accept = in_valid_i & en;

  for (genvar j = 0; j < LANES; j++) begin : g_lane
    enc_round_sat #(
      .IN_W (IN_W)
    ) u_round (
      .v_i (v_q[j*IN_W +: IN_W]),
      .s_i (s_q),
      .y_o (y_d[j*8 +: 8])
    );
  end

  logic v_last;   // the beat entering the output register
`ifdef ENC_BREAK_CYCLE
  logic               v2_q;
  logic [LANES*8-1:0] mid_q;
  always_ff @(posedge clk_i) begin
    if (!srst_ni) begin
      v2_q <= 1'b0;
    end else if (en) begin
      v2_q <= v1_q;
    end
  end
  always_ff @(posedge clk_i) begin
    if (en && v1_q) begin
      mid_q <= y_d;
    end
  end
  assign v_last = v2_q;
  assign y_last = mid_q;
`else
  assign v_last = v1_q;
  assign y_last = y_d;
`endif

  always_ff @(posedge clk_i) begin
    if (!srst_ni) begin
      v1_q        <= 1'b0;
      out_valid_q <= 1'b0;
    end else if (en) begin
      v1_q        <= in_valid_i;
      out_valid_q <= v_last;
    end
  end

  always_ff @(posedge clk_i) begin
    if (accept) begin
      v_q <= in_v_i;
      s_q <= in_s_i;
    end
    if (en && v_last) begin
      out_q <= y_last;
    end
  end

  assign in_ready_o  = en;
  assign out_valid_o = out_valid_q;
  assign out_data_o  = out_q;

endmodule
