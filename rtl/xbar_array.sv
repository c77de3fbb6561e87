// Crossbar cell array: cell store, bit-line column sums, column multiplexer
// and the sample-and-hold in front of each ADC.
//
// Stands in for the analog crossbar: each cell holds one CELL_BITS-bit digit,
// and each physical column sums `input bit x cell digit` over all rows for the
// current input bit plane (contract step 3). ADC a serves columns
// a*COLS_PER_ADC .. a*COLS_PER_ADC + COLS_PER_ADC - 1 (docs/xbar-tile-rtl.md,
// "Physical column map"); in mux step sel_i = m its sample-and-hold takes the
// sum of column a*COLS_PER_ADC + m. The sum is an exact digital popcount here;
// synthesis reports this module on its own so the area of the array can be
// taken either from synthesis or from a technology table.
//
// Storage layout: for every physical column c and every digit bit k the module
// keeps one ROWS-bit vector q = c*CELL_BITS + k (bit i = bit k of the digit in
// row i, column c). The sum of the column ADC a converts in mux step m is
//   col = sum_k 2^k * popcount(plane_i & vector((a*COLS_PER_ADC + m)*CELL_BITS + k)).
//
// Simulation cost (docs/performance.md, "Tile RTL"): the column sums are
// computed only inside the sampling flop's enable (en_i), and only for the
// column each ADC converts (NADC x CELL_BITS popcounts a step, not NCOLS x
// CELL_BITS), and the store is written one row at a time inside the write
// enable; an idle array costs a simulator two tests a clock edge.
//
// Parameters:
//   ROWS         - word lines (inputs per MVM): 16, 32, 64, 128, 256.
//   NCOLS        - physical bit-line columns (a multiple of COLS_PER_ADC).
//   CELL_BITS    - bits per cell: 1, 2, 4.
//   COLS_PER_ADC - columns per ADC, a power of two (1 = no multiplexing).
//   COL_W        - column-sum width; default bitlen(ROWS * (2^CELL_BITS - 1)),
//                  which holds the full-scale sum exactly.
//
// Timing: one row (all NCOLS digits) is written at a rising edge with
// wr_en_i high. At a rising edge with en_i high every ADC's held sum col_o
// takes the sum of the column selected by sel_i for the current plane_i
// (the ADC converts it combinationally; the code is valid in the cycle after
// that edge). The store has no reset; the held sums reset to 0.

module xbar_array #(
  parameter int ROWS         = 64,
  parameter int NCOLS        = 8,
  parameter int CELL_BITS    = 2,
  parameter int COLS_PER_ADC = 1,
  parameter int COL_W        = $clog2(ROWS * (2 ** CELL_BITS - 1) + 1),
  // Derived, do not override.
  parameter int NADC         = NCOLS / COLS_PER_ADC,
  parameter int SEL_W        = (COLS_PER_ADC > 1) ? $clog2(COLS_PER_ADC) : 1
) (
  input  logic                         clk_i,
  input  logic                         srst_ni,      // synchronous reset, active low

  // Programming: one row of cell digits, column c at [c*CELL_BITS +: CELL_BITS].
  input  logic                         wr_en_i,
  input  logic [$clog2(ROWS)-1:0]      wr_row_i,
  input  logic [NCOLS*CELL_BITS-1:0]   wr_digits_i,

  // Sampling: current input bit plane (bit i drives word line i) and mux step.
  input  logic                         en_i,
  input  logic [ROWS-1:0]              plane_i,
  input  logic [SEL_W-1:0]             sel_i,

  // Held column sums, ADC a at [a*COL_W +: COL_W].
  output logic [NADC*COL_W-1:0]        col_o
);

  // Width of one popcount (0 .. ROWS).
  localparam int CNT_W = $clog2(ROWS + 1);
  // Digit-bit vectors in the store.
  localparam int NQ    = NCOLS * CELL_BITS;

  // Digit bit k of column c, every row: vector q = c*CELL_BITS + k at
  // bits_q[q*ROWS +: ROWS].
  logic [NQ*ROWS-1:0] bits_q;

  // Row write: bit wr_row_i of every digit-bit vector, enabled by a row
  // decoder shared by all columns (bit b = q*ROWS + r is written when r is
  // the written row). Only the written bits are assigned (the store is not
  // read here), so a simulator touches the store only on the edges that
  // write. One flat loop over the NQ*ROWS store bits, not a loop nest: a
  // build with Verilator unrolls loops of up to 64 iterations into code per
  // instance, and the nest's inner loop was half of a tile's generated C++
  // (docs/performance.md, "Many tiles"); synthesis unrolls both alike.
  always_ff @(posedge clk_i) begin
    if (wr_en_i) begin
      for (int b = 0; b < NQ*ROWS; b++) begin
        if (wr_row_i == $clog2(ROWS)'(b % ROWS)) begin
          bits_q[b] <= wr_digits_i[b / ROWS];
        end
      end
    end
  end

  if (COLS_PER_ADC == 1) begin : g_unused_sel
    // Single column per ADC: the select is not needed.
    logic unused_sel;
    assign unused_sel = ^sel_i;
  end

  // Sample-and-hold: for every ADC the sum of the column of its group that
  // sel_i selects (digit bit k of the column weighted 2^k).
  //
  // Each column's sum is written inside the branch of its own mux position:
  // a simulator evaluates only the selected column (NADC sums a step), while
  // synthesis builds, as the analog array does, one sum per column (its
  // inputs change only with the input bit plane) and a multiplexer on the
  // sums in front of each sample-and-hold.
  logic [NADC*COL_W-1:0] col_q;

  always_ff @(posedge clk_i) begin
    if (!srst_ni) begin
      col_q <= '0;
    end else if (en_i) begin
      for (int a = 0; a < NADC; a++) begin : b_adc
        logic [COL_W-1:0] s;     // the selected column's sum
        logic [COL_W-1:0] sm;    // the sum of column a*COLS_PER_ADC + m
        logic [ROWS-1:0]  hits;  // rows whose input bit and digit bit are 1
        logic [CNT_W-1:0] cnt;   // unsigned: the popcount may be ROWS itself
        s = '0;
        for (int m = 0; m < COLS_PER_ADC; m++) begin
          if (COLS_PER_ADC == 1 || sel_i == SEL_W'(m)) begin
            sm = '0;
            for (int k = 0; k < CELL_BITS; k++) begin
              // (a variable, not an expression, in $countones: Icarus 11
              // counts an expression's bits wrongly in procedural code)
              hits = plane_i & bits_q[((a*COLS_PER_ADC + m)*CELL_BITS + k)*ROWS +: ROWS];
              cnt  = CNT_W'($countones(hits));
              sm   = sm + (COL_W'(cnt) << k);
            end
            s = sm;
          end
        end
        col_q[a*COL_W +: COL_W] <= s;
      end
    end
  end

  assign col_o = col_q;

endmodule
