// ctrl_div: sequential unsigned divider (restoring, one quotient bit per
// cycle) for the attention-reuse controller. quot_o = dividend / divisor and
// rem_o = dividend % divisor, valid in the cycle valid_o is high, 65 edges
// after the start edge (64 steps, then valid). The divisor must be non-zero
// (the controller checks every divisor before dividing); a zero divisor gives
// an all-ones quotient and no hang.
module ctrl_div (
  input  logic        clk_i,
  input  logic        srst_ni,
  input  logic        start_i,     // load operands (honoured when idle)
  input  logic [63:0] dividend_i,
  input  logic [15:0] divisor_i,
  output logic        valid_o,     // one-cycle pulse: result ready
  output logic [63:0] quot_o,
  output logic [15:0] rem_o
);
  logic [63:0] quo_q, quo_d;
  logic [15:0] rem_q, rem_d;
  logic [15:0] dvs_q, dvs_d;
  logic [6:0]  cnt_q, cnt_d;
  logic        busy_q, busy_d;
  logic        valid_q, valid_d;

  // one restoring step: bring the dividend's next bit into the remainder
  logic [16:0] shifted;
  logic [15:0] shifted_lo, diff, rem_step;
  logic [63:0] quo_step;
  logic        ge;
  assign shifted    = {rem_q, quo_q[63]};
  assign shifted_lo = shifted[15:0];
  assign ge         = shifted >= {1'b0, dvs_q};
  assign diff       = shifted_lo - dvs_q;
  assign rem_step   = ge ? diff : shifted_lo;
  assign quo_step   = {quo_q[62:0], ge};

  always_comb begin
    quo_d   = quo_q;
    rem_d   = rem_q;
    dvs_d   = dvs_q;
    cnt_d   = cnt_q;
    busy_d  = busy_q;
    valid_d = 1'b0;
    if (busy_q) begin
      quo_d = quo_step;
      rem_d = rem_step;
      cnt_d = cnt_q - 7'd1;
      if (cnt_q == 7'd1) begin
        busy_d  = 1'b0;
        valid_d = 1'b1;
      end
    end else if (start_i) begin
      quo_d  = dividend_i;
      rem_d  = 16'd0;
      dvs_d  = divisor_i;
      cnt_d  = 7'd64;
      busy_d = 1'b1;
    end
  end

  always_ff @(posedge clk_i) begin
    if (!srst_ni) begin
      quo_q   <= 64'd0;
      rem_q   <= 16'd0;
      dvs_q   <= 16'd1;
      cnt_q   <= 7'd0;
      busy_q  <= 1'b0;
      valid_q <= 1'b0;
    end else begin
      quo_q   <= quo_d;
      rem_q   <= rem_d;
      dvs_q   <= dvs_d;
      cnt_q   <= cnt_d;
      busy_q  <= busy_d;
      valid_q <= valid_d;
    end
  end

  assign valid_o = valid_q;
  assign quot_o  = quo_q;
  assign rem_o   = rem_q;
endmodule
