// Crossbar cell array: cell store and bit-line column sums.
//
// Stands in for the analog crossbar: each cell holds one CELL_BITS-bit digit,
// and each physical column sums `input bit x cell digit` over all rows for the
// current input bit plane (contract step 3). The sum is an exact digital
// popcount here; synthesis reports this module on its own so the area of the
// array can be taken either from synthesis or from a technology table.
//
// Storage layout: for every physical column c and every digit bit k the module
// keeps one ROWS-bit row vector (bit i = bit k of the digit in row i, column
// c). The column sum is then
//   col_c = sum_k 2^k * popcount(plane_i & bits_k(c)),
// which keeps simulation fast for ROWS = 256 and NCOLS up to 1024.
//
// Parameters:
//   ROWS      - word lines (inputs per MVM): 16, 32, 64, 128, 256.
//   NCOLS     - physical bit-line columns.
//   CELL_BITS - bits per cell: 1, 2, 4.
//   COL_W     - column-sum width; default bitlen(ROWS * (2^CELL_BITS - 1)),
//               which holds the full-scale sum exactly.
//
// Timing: one row (all NCOLS digits) is written at a rising edge with
// wr_en_i high; col_o is purely combinational in plane_i and the store. The
// store has no reset.

module xbar_array #(
  parameter int ROWS      = 64,
  parameter int NCOLS     = 8,
  parameter int CELL_BITS = 2,
  parameter int COL_W     = $clog2(ROWS * (2 ** CELL_BITS - 1) + 1)
) (
  input  logic                         clk_i,

  // Programming: one row of cell digits, column c at [c*CELL_BITS +: CELL_BITS].
  input  logic                         wr_en_i,
  input  logic [$clog2(ROWS)-1:0]      wr_row_i,
  input  logic [NCOLS*CELL_BITS-1:0]   wr_digits_i,

  // Current input bit plane: bit i drives word line i.
  input  logic [ROWS-1:0]              plane_i,

  // Column sums, column c at [c*COL_W +: COL_W].
  output logic [NCOLS*COL_W-1:0]       col_o
);

  // Width of one popcount (0 .. ROWS).
  localparam int CNT_W = $clog2(ROWS + 1);

  // One-hot row decoder shared by all columns.
  logic [ROWS-1:0] row_we;
  for (genvar r = 0; r < ROWS; r++) begin : g_dec
    assign row_we[r] = (wr_row_i == $clog2(ROWS)'(r));
  end

  for (genvar c = 0; c < NCOLS; c++) begin : g_col
    // Per digit bit popcounts of this column, bit k at [k*CNT_W +: CNT_W].
    logic [CELL_BITS*CNT_W-1:0] cnt;

    for (genvar k = 0; k < CELL_BITS; k++) begin : g_bit
      // Bit k of the digit of every row of column c.
      logic [ROWS-1:0] bits_q;

      // Row-decoded write: every row's flop is enabled by the shared decoder
      // (one enable per row for the whole array), written as a vector
      // operation so simulation stays a few wide-word operations per column.
      always_ff @(posedge clk_i) begin
        if (wr_en_i) begin
          bits_q <= (bits_q & ~row_we) | (row_we & {ROWS{wr_digits_i[c*CELL_BITS + k]}});
        end
      end

      assign cnt[k*CNT_W +: CNT_W] = CNT_W'($countones(plane_i & bits_q));
    end

    // Weighted sum of the digit-bit popcounts.
    logic [COL_W-1:0] col;
    always_comb begin
      col = '0;
      for (int k = 0; k < CELL_BITS; k++) begin
        col = col + (COL_W'(cnt[k*CNT_W +: CNT_W]) << k);
      end
    end

    assign col_o[c*COL_W +: COL_W] = col;
  end

endmodule
