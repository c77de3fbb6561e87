// ctrl_mul: sequential unsigned multiplier (shift and add, one multiplier bit
// per cycle) for the attention-reuse controller. prod_o = (a * b) mod 2^64,
// valid in the cycle valid_o is high. The run stops as soon as the remaining
// multiplier bits are all zero, so a product takes (bit length of b) + 1
// edges after the start edge, 1 edge for b = 0 and at most 65: the
// controller's factors are 16-bit sizes, so most products take at most 17.
// One 64-bit adder replaces the controller's former parallel multipliers.
module ctrl_mul (
  input  logic        clk_i,
  input  logic        srst_ni,
  input  logic        start_i,   // load operands (honoured when idle)
  input  logic [63:0] a_i,       // multiplicand
  input  logic [63:0] b_i,       // multiplier (put the smaller factor here)
  output logic        valid_o,   // one-cycle pulse: product ready
  output logic [63:0] prod_o
);
  logic [63:0] acc_q, acc_d;
  logic [63:0] a_q, a_d;
  logic [63:0] b_q, b_d;
  logic        busy_q, busy_d;
  logic        valid_q, valid_d;

  // one step: add the multiplicand when the multiplier's low bit is set
  logic [63:0] acc_step, a_step, b_step;
  assign acc_step = b_q[0] ? acc_q + a_q : acc_q;
  assign a_step   = {a_q[62:0], 1'b0};
  assign b_step   = {1'b0, b_q[63:1]};

  always_comb begin
    acc_d   = acc_q;
    a_d     = a_q;
    b_d     = b_q;
    busy_d  = busy_q;
    valid_d = 1'b0;
    if (busy_q) begin
      if (b_q == 64'd0) begin
        busy_d  = 1'b0;
        valid_d = 1'b1;
      end else begin
        acc_d = acc_step;
        a_d   = a_step;
        b_d   = b_step;
      end
    end else if (start_i) begin
      acc_d  = 64'd0;
      a_d    = a_i;
      b_d    = b_i;
      busy_d = 1'b1;
    end
  end

  always_ff @(posedge clk_i) begin
    if (!srst_ni) begin
      acc_q   <= 64'd0;
      a_q     <= 64'd0;
      b_q     <= 64'd0;
      busy_q  <= 1'b0;
      valid_q <= 1'b0;
    end else begin
      acc_q   <= acc_d;
      a_q     <= a_d;
      b_q     <= b_d;
      busy_q  <= busy_d;
      valid_q <= valid_d;
    end
  end

  assign valid_o = valid_q;
  assign prod_o  = acc_q;
endmodule
