// Sequential integer square root: root = isqrt(v), the largest r with
// r*r <= v, digit by digit (one root bit per step), STEPS root bits per
// cycle (docs/encoder-units.md, "Sequential blocks").
//
// Parameters:
//   V_W    operand width (unsigned, even).
//   STEPS  root bits per cycle (>= 1).
//
// Derived: J = V_W/2 root bits, CYC = ceil(J / STEPS) cycles, JP = CYC *
// STEPS steps (the operand is zero-extended to 2*JP bits: the extra leading
// steps see zero digits and leave root and remainder at 0).
//
// Timing: as enc_recip: start_i at edge E loads v_i and performs the first
// STEPS steps, the rest at E+1 .. E+CYC-1; last_o is high in the cycle whose
// edge completes the root; root_o holds it from that edge until the next
// start.
module enc_isqrt #(
  parameter int V_W   = 64,
  parameter int STEPS = 1
) (
  input  logic             clk_i,
  input  logic             srst_ni,
  input  logic             start_i,
  input  logic [V_W-1:0]   v_i,
  output logic             last_o,
  output logic [V_W/2-1:0] root_o
);

  localparam int J     = V_W / 2;
  localparam int CYC   = (J + STEPS - 1) / STEPS;
  localparam int JP    = CYC * STEPS;

`ifndef SYNTHESIS
  enc_param_check #(.OK(!(V_W < 4 || (V_W % 2) != 0 || STEPS < 1))) u_param_check ();
`endif

  // remainder v' - root^2 <= 2*root < 2^(JP+1)
  logic [2*JP-1:0]  vx_q;    // operand digits not yet brought down (top first)
  logic [JP:0]      rem_q;
  logic [JP-1:0]    root_q;
  logic             busy;      // iteration cycles after the start edge

  logic [2*JP-1:0] vx_c;
  logic [JP:0]     rem_c;
  logic [JP-1:0]   root_c;
  logic [JP+2:0]   sh, trial;
  // verilator lint_off UNUSEDSIGNAL
  logic [JP+2:0]   diff;   // <= 2*root after a successful step: top bits 0
  // verilator lint_on UNUSEDSIGNAL
  logic            ge;
  always_comb begin
    vx_c   = start_i ? (2*JP)'(v_i) : vx_q;
    rem_c  = start_i ? '0 : rem_q;
    root_c = start_i ? '0 : root_q;
    sh     = '0;
    trial  = '0;
    diff   = '0;
    ge     = 1'b0;
    for (int t = 0; t < STEPS; t++) begin
      sh     = {rem_c, vx_c[2*JP-1 -: 2]};
      trial  = {1'b0, root_c, 2'b01};
      diff   = sh - trial;
      ge     = (sh >= trial);
      rem_c  = ge ? diff[JP:0] : sh[JP:0];
      root_c = {root_c[JP-2:0], ge};
      vx_c   = {vx_c[2*JP-3:0], 2'b00};
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
      vx_q   <= vx_c;
      rem_q  <= rem_c;
      root_q <= root_c;
    end
  end

  assign root_o = root_q[J-1:0];

  if (JP > J) begin : g_unused
    logic unused_root;
    assign unused_root = ^root_q[JP-1:J];
  end

endmodule
