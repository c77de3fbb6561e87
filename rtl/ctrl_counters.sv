// ctrl_counters: the controller's FIELD_W-bit event counters, in the order
// of ctrl_totals (ctrl_pkg, docs/controller.md read map): counter 0 counts
// ops, counter j > 0 sums descriptor field F_FIRST_COUNT + j - 1. clear_i
// zeroes them; add_i adds one descriptor (ops += 1, the others += the
// descriptor's field). They wrap modulo 2^FIELD_W.
module ctrl_counters (
  input  logic         clk_i,
  input  logic         srst_ni,
  input  logic         clear_i,
  input  logic         add_i,
  // the summed fields: counter j > 0 at [(j-1)*FIELD_W +: FIELD_W]
  input  logic [ctrl_pkg::COUNT_W-ctrl_pkg::FIELD_W-1:0] fields_i,
  output logic [ctrl_pkg::COUNT_W-1:0] count_o  // counter j at [j*FIELD_W +: FIELD_W]
);
  localparam int W = ctrl_pkg::FIELD_W;
  logic [ctrl_pkg::COUNT_W-1:0] cnt_q, cnt_d, sum;

  assign sum[W-1:0] = cnt_q[W-1:0] + W'(1);
  for (genvar j = 1; j < ctrl_pkg::N_COUNTERS; j++) begin : g_sum
    assign sum[j*W +: W] = cnt_q[j*W +: W] + fields_i[(j-1)*W +: W];
  end

  always_comb begin
    cnt_d = cnt_q;
    if (clear_i)    cnt_d = '0;
    else if (add_i) cnt_d = sum;
  end

  always_ff @(posedge clk_i) begin
    if (!srst_ni) cnt_q <= '0;
    else         cnt_q <= cnt_d;
  end

  assign count_o = cnt_q;
endmodule
