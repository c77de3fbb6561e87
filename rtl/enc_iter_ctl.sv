// Iteration control of the sequential blocks (enc_recip, enc_isqrt): a run
// of CYC cycles of iterations, the first at the edge where start_i is high.
// busy_o is high in the CYC-1 cycles after that edge (the later iteration
// edges); last_o is high in the cycle whose edge performs the last
// iteration (start_i && CYC == 1, or the final busy cycle).
//
// Parameters:
//   CYC  iteration cycles, >= 1.
module enc_iter_ctl #(
  parameter int CYC = 1
) (
  input  logic clk_i,
  input  logic srst_ni,
  input  logic start_i,
  output logic busy_o,
  output logic last_o
);

  localparam int CNT_W = (CYC > 1) ? $clog2(CYC) : 1;

  logic [CNT_W-1:0] cnt_q;   // busy cycles left, this one included
  logic             busy_q;

  always_ff @(posedge clk_i) begin
    if (!srst_ni) begin
      busy_q <= 1'b0;
      cnt_q  <= '0;
    end else if (start_i) begin
      busy_q <= (CYC > 1);
      cnt_q  <= CNT_W'(CYC - 1);
    end else if (busy_q) begin
      cnt_q <= cnt_q - 1'b1;
      if (cnt_q == CNT_W'(1)) begin
        busy_q <= 1'b0;
      end
    end
  end

  assign busy_o = busy_q;
  assign last_o = start_i ? (CYC == 1) : (busy_q && cnt_q == CNT_W'(1));

endmodule
