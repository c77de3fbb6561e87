// core_tiles: the tile array of trex_core (docs/core.md): N_TILES physical
// crossbar tiles (xbar_tile, 8-bit signed weights and inputs, the integer
// contract's tile), each with its own write, input and output ports.
//
// Parameters: the tile's ROWS, OUTS, CELL_BITS, ADC_BITS, COLS_PER_ADC,
// DIFFERENTIAL (docs/xbar-tile-rtl.md) and N_TILES, the number of tiles.
`include "trex_params.svh"

module core_tiles #(
  `CORE_ARRAY_PARAMS,
  `CORE_XBAR_PARAMS(8)
) (
  input  logic                        clk_i,
  input  logic                        srst_ni,      // active-low synchronous reset
  input  logic [N_TILES-1:0]          wr_en_i,
  input  logic [$clog2(ROWS)-1:0]     wr_row_i,
  input  logic [N_TILES*OUTS*8-1:0]   wr_data_i,
  input  logic [N_TILES-1:0]          in_valid_i,
  output logic [N_TILES-1:0]          in_ready_o,
  input  logic [N_TILES*ROWS*8-1:0]   in_data_i,
  output logic [N_TILES-1:0]          out_valid_o,
  input  logic [N_TILES-1:0]          out_ready_i,
  output logic [N_TILES*OUTS*32-1:0]  out_data_o
);
  for (genvar g = 0; g < N_TILES; g++) begin : g_tile
    xbar_tile #(
      .ROWS         (ROWS),
      .OUTS         (OUTS),
      .W_BITS       (8),
      .CELL_BITS    (CELL_BITS),
      .X_BITS       (8),
      .X_SIGNED     (1),
      .ADC_BITS     (ADC_BITS),
      .COLS_PER_ADC (COLS_PER_ADC),
      .DIFFERENTIAL (DIFFERENTIAL)
    ) u_tile (
      .clk_i       (clk_i),
      .srst_ni      (srst_ni),
      .wr_en_i     (wr_en_i[g]),
      .wr_row_i    (wr_row_i),
      .wr_data_i   (wr_data_i[g*OUTS*8 +: OUTS*8]),
      .in_valid_i  (in_valid_i[g]),
      .in_ready_o  (in_ready_o[g]),
      .in_data_i   (in_data_i[g*ROWS*8 +: ROWS*8]),
      .out_valid_o (out_valid_o[g]),
      .out_ready_i (out_ready_i[g]),
      .out_data_o  (out_data_o[g*OUTS*32 +: OUTS*32])
    );
  end
endmodule
