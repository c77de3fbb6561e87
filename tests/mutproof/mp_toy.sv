// mp_toy: a small design for checking the mutation-proof recipe
// (scripts/mutate-proof.sh, tests/mutproof/run.sh). Variants by define:
//   (none)         the original
//   MUT_REACH      hi_o threshold 50 -> 60: differs when cnt is 50..59,
//                  first after reset + 47 enabled edges (frame 48)
//   MUT_ZERO_ONLY  hi_o also set when cnt == 0: 0 is the all-zero power-up
//                  value but never reached after reset (cnt stays 3..99)
//   MUT_HIGH       hi_o cleared when cnt >= 200: never reached (cnt <= 99)
//   MUT_RSTVAL     prev_q resets to 8'hff instead of 0: overwritten by the
//                  first enabled edge before prev_o shows it
//   MUT_LEGAL      k_q takes 0 where k_i is above 9: differs only for inputs
//                  outside k_i's legal range 0..9 (mutate-proof.sh --legal)
//   MUT_SUMRST     sum_q resets to 16'hffff instead of 0: as MUT_RSTVAL, on
//                  16 register pairs (the proof's pair checks then number 16
//                  and ABC pads their indices: "Output  1 was asserted")
// Parameters: none.
module mp_toy (
  input  logic       clk_i,
  input  logic       srst_ni,   // active-low synchronous reset
  input  logic       en_i,     // count one step
  output logic [7:0] cnt_o,    // 3, 4, ..., 99, 3, ...
  output logic       hi_o,     // cnt_o >= 50
  output logic [7:0] prev_o,   // cnt_o before the last step, 0 before any
  input  logic [3:0] k_i,      // legal 0..9
  output logic [3:0] k_o,      // k_i of the last edge
  output logic [15:0] sum_o    // sum of the counts stepped past, 0 before any
);
  logic [3:0] k_q;
  always_ff @(posedge clk_i) begin
`ifdef MUT_LEGAL
    k_q <= (k_i > 4'd9) ? 4'd0 : k_i;
`else
    k_q <= k_i;
`endif
  end
  assign k_o = k_q;

  logic [7:0] cnt_q, prev_q;
  logic       seen_q;

  always_ff @(posedge clk_i) begin
    if (!srst_ni) begin
      cnt_q  <= 8'd3;
      seen_q <= 1'b0;
`ifdef MUT_RSTVAL
      prev_q <= 8'hff;
`else
      prev_q <= 8'd0;
`endif
    end else if (en_i) begin
      cnt_q  <= (cnt_q == 8'd99) ? 8'd3 : cnt_q + 8'd1;
      prev_q <= cnt_q;
      seen_q <= 1'b1;
    end
  end

  logic [15:0] sum_q;
  always_ff @(posedge clk_i) begin
    if (!srst_ni) begin
`ifdef MUT_SUMRST
      sum_q <= 16'hffff;
`else
      sum_q <= 16'd0;
`endif
    end else if (en_i) begin
      sum_q <= (seen_q ? sum_q : 16'd0) + 16'(cnt_q);
    end
  end
  assign sum_o = seen_q ? sum_q : 16'd0;

  assign cnt_o  = cnt_q;
  assign prev_o = seen_q ? prev_q : 8'd0;
`ifdef MUT_REACH
  assign hi_o = cnt_q >= 8'd60;
`elsif MUT_ZERO_ONLY
  assign hi_o = cnt_q >= 8'd50 || cnt_q == 8'd0;
`elsif MUT_HIGH
  assign hi_o = cnt_q >= 8'd50 && cnt_q < 8'd200;
`else
  assign hi_o = cnt_q >= 8'd50;
`endif
endmodule
