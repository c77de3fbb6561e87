// recip_obs: enc_recip as enc_softmax reads it, for the proof of
// unit-softmax #49 (docs/regression.md, its row). The unit reads last_o and
// q_o only after a start since the last reset (a reset puts it in S_IDLE; it
// enters S_DIV together with the start and reads last_o there, q_o after
// it), so the outputs here are those values while armed_q (a start seen
// since the reset) and 0 before. Not part of any build: elaborated only by
// the proof command of that row.
// Parameters: those of enc_recip (the softmax's: K 40, D_W 20, Q_W 25,
// STEPS 5 for NMAX 10).
module recip_obs #(
  parameter int K     = 40,
  parameter int D_W   = 20,
  parameter int Q_W   = 25,
  parameter int STEPS = 5
) (
  input  logic           clk_i,
  input  logic           srst_ni,
  input  logic           start_i,
  input  logic [D_W-1:0] d_i,
  output logic           last_o,
  output logic [Q_W-1:0] q_o
);
  logic           armed_q, last;
  logic [Q_W-1:0] q;
  always_ff @(posedge clk_i) begin
    if (!srst_ni)     armed_q <= 1'b0;
    else if (start_i) armed_q <= 1'b1;
  end
  enc_recip #(.K(K), .D_W(D_W), .Q_W(Q_W), .STEPS(STEPS)) u (
    .clk_i (clk_i), .srst_ni (srst_ni), .start_i (start_i), .d_i (d_i),
    .last_o (last), .q_o (q)
  );
  assign last_o = armed_q & last;
  assign q_o    = armed_q ? q : '0;
endmodule
