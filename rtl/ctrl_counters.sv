// ctrl_counters: the controller's 64-bit event counters, in the order of
// ctrl_totals (c-model/ctrl_schedule.h): 0 ops, 1 cycles, 2 macs, 3 mvms,
// 4 adc_conversions, 5 xbar_cells_written, 6 buffer_reads, 7 buffer_writes,
// 8 softmax_elems, 9 ln_elems, 10 gelu_elems. clear_i zeroes them; add_i adds
// one descriptor (ops += 1, the others += the descriptor's field). They wrap
// modulo 2^64.
module ctrl_counters (
  input  logic         clk_i,
  input  logic         rst_ni,
  input  logic         clear_i,
  input  logic         add_i,
  input  logic [639:0] fields_i,  // counters 1..10 at [(j-1)*64 +: 64]
  output logic [703:0] count_o    // counter j at [j*64 +: 64]
);
  logic [703:0] cnt_q, cnt_d, sum;

  assign sum[63:0] = cnt_q[63:0] + 64'd1;
  for (genvar j = 1; j < 11; j++) begin : g_sum
    assign sum[j*64 +: 64] = cnt_q[j*64 +: 64] + fields_i[(j-1)*64 +: 64];
  end

  always_comb begin
    cnt_d = cnt_q;
    if (clear_i)    cnt_d = 704'd0;
    else if (add_i) cnt_d = sum;
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) cnt_q <= 704'd0;
    else         cnt_q <= cnt_d;
  end

  assign count_o = cnt_q;
endmodule
