// mp_acc: a transaction that sums three operands, for the commute check of
// segment induction (scripts/aig-segind.py --commute, tests/mutproof/run.sh).
// start_i (while idle) latches a_i into the accumulator and b_i, c_i into
// registers; the next two edges pick one of them each into the operand
// register x_q, and each following edge adds x_q; done_o then shows the
// sum on sum_o until the next start. Variants by define:
//   (none)     b first, then c
//   MUT_SWAP   c first, then b: equivalent (the same two additions in
//              another order)
//   MUT_TWICE  b in both steps: a reachable difference (the steps are not
//              the same in another order)
//   SHIFT      (original and mutants) a step doubles the accumulator before
//              it adds (acc*2 + x): MUT_SWAP is then a reachable difference
//              (steps that do not commute)
// Parameters: none.
module mp_acc (
  input  logic       clk_i,
  input  logic       srst_ni,   // active-low synchronous reset
  input  logic       start_i,   // begin a sum (ignored unless idle)
  input  logic [7:0] a_i,
  input  logic [7:0] b_i,
  input  logic [7:0] c_i,
  output logic       done_o,    // sum_o holds a result
  output logic [7:0] sum_o      // 0 while not done
);
  logic       busy_q, xv_q, done_q, ph_q, idle;
  logic [7:0] acc_q, b_q, c_q, x_q;

  assign idle = ~busy_q & ~xv_q;

  always_ff @(posedge clk_i) begin
    if (!srst_ni) begin
      busy_q <= 1'b0;
      xv_q   <= 1'b0;
      done_q <= 1'b0;
      ph_q   <= 1'b0;
    end else if (start_i && idle) begin
      busy_q <= 1'b1;
      done_q <= 1'b0;
      ph_q   <= 1'b0;
    end else begin
      xv_q <= busy_q;
      if (busy_q) begin
        ph_q <= 1'b1;
        if (ph_q) busy_q <= 1'b0;
      end
      if (xv_q && !busy_q) done_q <= 1'b1;
    end
  end

  // data registers without a reset
  always_ff @(posedge clk_i) begin
    if (start_i && idle) begin
      acc_q <= a_i;
      b_q   <= b_i;
      c_q   <= c_i;
    end else if (xv_q) begin
`ifdef SHIFT
      acc_q <= {acc_q[6:0], 1'b0} + x_q;
`else
      acc_q <= acc_q + x_q;
`endif
    end
    if (busy_q) begin
`ifdef MUT_SWAP
      x_q <= ph_q ? b_q : c_q;
`elsif MUT_TWICE
      x_q <= b_q;
`else
      x_q <= ph_q ? c_q : b_q;
`endif
    end
  end

  assign done_o = done_q;
  assign sum_o  = done_q ? acc_q : 8'd0;
endmodule
