// isqrt_obs: enc_isqrt as enc_layernorm reads it, for the proof of
// unit-layernorm #34 under its operand bound (docs/regression.md, its row).
// The unit starts the root once per row (sq_go_q, on the statistics'
// completion) and not again before last_o; it reads root_o in the cycle
// after last_o (the reciprocal's start, dv_go_q). Here a start while a root
// is running is ignored, and root_o is shown only in that cycle (rd_o), 0
// otherwise. The operand bound (v_i < 2^58) is the proof's --legal. Not part
// of any build: elaborated only by the proof command of that row.
// Parameters: those of enc_isqrt (the LayerNorm's: V_W 64, STEPS 8).
module isqrt_obs #(
  parameter int V_W   = 64,
  parameter int STEPS = 8
) (
  input  logic             clk_i,
  input  logic             srst_ni,
  input  logic             start_i,
  input  logic [V_W-1:0]   v_i,
  output logic             rd_o,
  output logic [V_W/2-1:0] root_o
);
  logic             run_q, rd_q, go, last;
  logic [V_W/2-1:0] root;
  assign go = start_i & ~run_q;
  always_ff @(posedge clk_i) begin
    if (!srst_ni) begin
      run_q <= 1'b0;
      rd_q  <= 1'b0;
    end else begin
      rd_q <= run_q & last;
      if (go) run_q <= 1'b1;
      else if (last) run_q <= 1'b0;
    end
  end
  enc_isqrt #(.V_W(V_W), .STEPS(STEPS)) u (
    .clk_i (clk_i), .srst_ni (srst_ni), .start_i (go), .v_i (v_i),
    .last_o (last), .root_o (root)
  );
  assign rd_o   = rd_q;
  assign root_o = rd_q ? root : '0;
endmodule
