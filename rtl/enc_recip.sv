// Sequential reciprocal: q = floor(2^K / d), restoring long division,
// STEPS quotient bits per cycle (docs/encoder-units.md, "Sequential blocks").
//
// Parameters:
//   K      the dividend is 2^K.
//   D_W    divisor width (unsigned).
//   Q_W    quotient width: floor(2^K / d) < 2^Q_W for every legal divisor.
//   STEPS  quotient bits per cycle (>= 1).
//
// Derived: CYC = ceil(Q_W / STEPS) cycles, QP = CYC * STEPS quotient bits
// (the first QP - Q_W are 0 for every legal divisor).
// Legal divisors: 2^K >> QP < d < 2^D_W (so that the first partial remainder
// is below d; the users' divisors meet this: softmax S >= 2^16, LayerNorm
// R >= 256).
//
// Timing: start_i high at edge E loads d_i and performs the first STEPS
// steps; the remaining CYC-1 cycles of steps happen at E+1 .. E+CYC-1.
// last_o is high in the cycle whose edge completes the division
// (start_i && CYC == 1, or the final busy cycle). q_o holds the quotient
// from that edge until the next start.
module enc_recip #(
  parameter int K     = 40,
  parameter int D_W   = 32,
  parameter int Q_W   = 25,
  parameter int STEPS = 1
) (
  input  logic           clk_i,
  input  logic           srst_ni,
  input  logic           start_i,
  input  logic [D_W-1:0] d_i,
  output logic           last_o,
  output logic [Q_W-1:0] q_o
);

  localparam int CYC   = (Q_W + STEPS - 1) / STEPS;
  localparam int QP    = CYC * STEPS;
  // 2^K = REM0 * 2^QP + QX0: the first partial remainder and the dividend
  // bits still to be brought down (shifted out of the top of qx_q).
  localparam int REM_SH = (K >= QP) ? K - QP : 0;
  localparam int QX_SH  = (K < QP) ? K : 0;
  localparam logic [D_W-1:0] REM0 = (K >= QP) ? (D_W'(1) << REM_SH) : '0;
  localparam logic [QP-1:0]  QX0  = (K < QP) ? (QP'(1) << QX_SH) : '0;

`ifndef SYNTHESIS
  enc_param_check #(
    .OK (!(K < 1 || D_W < 1 || Q_W < 2 || STEPS < 1 || (K >= QP && REM_SH >= D_W)))
  ) u_param_check ();
`endif

  logic [D_W-1:0]   rem_q, d_q;
  logic [QP-1:0]    qx_q;
  logic             busy;      // iteration cycles after the start edge

  // STEPS restoring steps from the current (or the start) state
  logic [D_W-1:0] rem_c, dv;
  logic [QP-1:0]  qx_c;
  logic [D_W:0]   sh;
  // verilator lint_off UNUSEDSIGNAL
  logic [D_W:0]   diff;   // below d after a successful step: top bit 0
  // verilator lint_on UNUSEDSIGNAL
  logic           ge;
  always_comb begin
    rem_c = start_i ? REM0 : rem_q;
    qx_c  = start_i ? QX0 : qx_q;
    dv    = start_i ? d_i : d_q;
    sh    = '0;
    diff  = '0;
    ge    = 1'b0;
    for (int t = 0; t < STEPS; t++) begin
      sh    = {rem_c, qx_c[QP-1]};
      diff  = sh - {1'b0, dv};
      ge    = (sh >= {1'b0, dv});
      rem_c = ge ? diff[D_W-1:0] : sh[D_W-1:0];
      qx_c  = {qx_c[QP-2:0], ge};
    end
  end

  enc_iter_ctl #(
    .CYC (CYC)
  ) u_ctl (
    .clk_i   (clk_i),
    .srst_ni  (srst_ni),
    .start_i (start_i),
    .busy_o  (busy),
    .last_o  (last_o)
  );


  always_ff @(posedge clk_i) begin
    if (start_i || busy) begin
      rem_q <= rem_c;
      qx_q  <= qx_c;
    end
    if (start_i) begin
      d_q <= d_i;
    end
  end


  assign q_o = qx_q[Q_W-1:0];

  // the top QP - Q_W quotient bits are 0 for every legal divisor
  if (QP > Q_W) begin : g_unused
    logic unused_qx;
    assign unused_qx = ^qx_q[QP-1:Q_W];
  end

endmodule
