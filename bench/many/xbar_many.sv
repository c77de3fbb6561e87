// Bench-only top (not product RTL; scripts/bench-many.sh, docs/performance.md
// "Many tiles"): N identical crossbar tiles driven from registers the way a
// system top drives them. After reset every tile is programmed row by row
// (ROWS cycles); then the tiles whose bit is set in busy_i (sampled into a
// register) compute back to back on a pseudo-random input that changes every
// cycle, and the others stay idle (no input offered, no write).
//
// Every tile sees its own input (the common random word XORed with a
// per-tile constant), so tiles compute different words; each tile's result
// words are folded into a per-tile signature at each output handshake, so no
// tile's logic is dead; sig_o is the XOR of all signatures (equal across
// build options: the same RTL computes the same words; with identical inputs
// an even number of busy tiles would cancel to zero), done_o counts tile 0's
// results.
//
// Parameters: N tiles (default: the macro XBAR_MANY_N, so that a
// hierarchical Verilator build, whose sub-runs get every -G, can set it),
// XBAR_MANY_RST_NI (a macro) wires a tile whose reset port is still rst_ni
// (scripts/bench-many.sh --rtl-rev of an older revision),
// and the tile's parameters (default: the project's default tile,
// tests/configs/default.json).

`include "trex_params.svh"

`ifndef XBAR_MANY_N
`define XBAR_MANY_N 64
`endif

module xbar_many #(
  parameter int N            = `XBAR_MANY_N,
  // ROWS, OUTS, W_BITS, CELL_BITS, X_BITS, X_SIGNED, ADC_BITS, COLS_PER_ADC, DIFFERENTIAL
  `XBAR_TILE_PARAMS(64, 8, 8, 2, 8, 1, 6, 8, 0)
) (
  input  logic         clk_i,
  input  logic         srst_ni,
  input  logic [N-1:0] busy_i,   // tiles that compute (sampled every cycle)
  output logic [31:0]  sig_o,    // XOR of the tiles' result signatures
  output logic [31:0]  done_o    // results of tile 0
);

  localparam int RW = $clog2(ROWS);
  localparam int XW = ROWS * X_BITS;
  localparam int WW = OUTS * W_BITS;

  // Stimulus: a 64-bit xorshift register, one step a cycle, replicated to the
  // widths of the input vector and the weight row.
  logic [63:0]  rnd_q;
  logic [RW:0]  row_q;     // row being programmed; ROWS when done
  logic         prog_q;
  logic [N-1:0] busy_q;

  always_ff @(posedge clk_i) begin
    if (!srst_ni) begin
      rnd_q  <= 64'h9e3779b97f4a7c15;
      row_q  <= '0;
      prog_q <= 1'b1;
      busy_q <= '0;
    end else begin
      rnd_q  <= rnd_q ^ (rnd_q << 13) ^ (rnd_q >> 7) ^ (rnd_q << 17);
      busy_q <= prog_q ? '0 : busy_i;
      if (prog_q) begin
        row_q  <= row_q + 1'b1;
        prog_q <= (row_q != (RW + 1)'(ROWS - 1));
      end
    end
  end

  logic [XW-1:0] x;
  logic [WW-1:0] w;
  assign x = {((XW + 63) / 64){rnd_q}};
  assign w = {((WW + 63) / 64){rnd_q}};

  logic [N-1:0][31:0] sig;

  for (genvar t = 0; t < N; t++) begin : g_tile
    logic              in_ready, out_valid;
    logic [OUTS*32-1:0] y;
    logic [31:0]       sig_q;
    // this tile's input: the common word XOR a per-tile constant
    localparam logic [63:0] KEY = 64'(t + 1) * 64'hd1b54a32d192ed03;
    logic [XW-1:0]     x_t;
    assign x_t = x ^ {((XW + 63) / 64){KEY}};

    xbar_tile #(
      `XBAR_TILE_PASS
    ) u_tile (
      .clk_i       (clk_i),
`ifdef XBAR_MANY_RST_NI
      .rst_ni      (srst_ni),   // a tile RTL from before the reset was named srst_ni
`else
      .srst_ni     (srst_ni),
`endif
      .wr_en_i     (prog_q),
      .wr_row_i    (row_q[RW-1:0]),
      .wr_data_i   (w),
      .in_valid_i  (busy_q[t]),
      .in_ready_o  (in_ready),
      .in_data_i   (x_t),
      .out_valid_o (out_valid),
      .out_ready_i (1'b1),
      .out_data_o  (y)
    );

    always_ff @(posedge clk_i) begin
      if (!srst_ni) begin
        sig_q <= '0;
      end else if (out_valid) begin : b_fold
        logic [31:0] f;
        f = {sig_q[30:0], sig_q[31]};
        for (int j = 0; j < OUTS; j++) begin
          f = f ^ y[j*32 +: 32];
        end
        sig_q <= f;
      end
    end

    assign sig[t] = sig_q;

    logic unused_ready;
    assign unused_ready = in_ready;
  end

  always_comb begin
    sig_o = '0;
    for (int t = 0; t < N; t++) begin
      sig_o = sig_o ^ sig[t];
    end
  end

  logic [31:0] done_q;
  always_ff @(posedge clk_i) begin
    if (!srst_ni) begin
      done_q <= '0;
    end else if (g_tile[0].out_valid) begin
      done_q <= done_q + 1'b1;
    end
  end
  assign done_o = done_q;

endmodule
