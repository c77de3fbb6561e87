// trex_params.svh: the parameter lists of the crossbar tile and of the
// accelerator top, written once (each module keeps its own defaults: a list
// takes them as macro arguments).
//   `XBAR_TILE_PARAMS(ROWS, OUTS, W_BITS, CELL_BITS, X_BITS, X_SIGNED,
//                     ADC_BITS, COLS_PER_ADC, DIFFERENTIAL)
//       the tile's parameters (docs/xbar-tile-rtl.md) with these defaults:
//       xbar_tile, xbar_shift_add, the Icarus and the many-tile testbenches
//   `XBAR_TILE_PASS      .NAME (NAME) of those nine, at an instance
//   `CORE_ARRAY_PARAMS   ROWS, OUTS, N_TILES of the core (docs/core.md)
//   `CORE_XBAR_PARAMS(ADC_BITS)
//                        CELL_BITS, ADC_BITS, COLS_PER_ADC, DIFFERENTIAL of
//                        the core's tile (w_bits = x_bits = 8, signed inputs)
//   `CORE_SIZE_PARAMS    LANES, TMAX, EMAX, WMAX, HMAX, DMAX (core_exec)
//   `CORE_ARRAY_PASS, `CORE_XBAR_PASS, `CORE_SIZE_PASS: .NAME (NAME) of each
//   `CORE_LD_W           the load port's data width of the core
// Every tool reads it through the include path rtl/ (-I rtl, +incdir+rtl,
// read_verilog -I rtl; the FuseSoC core's include fileset).
`ifndef TREX_PARAMS_SVH
`define TREX_PARAMS_SVH

`define XBAR_TILE_PARAMS(rows, outs, w_bits, cell_bits, x_bits, x_signed, adc_bits, cpa, diff) \
  parameter int ROWS         = rows, \
  parameter int OUTS         = outs, \
  parameter int W_BITS       = w_bits, \
  parameter int CELL_BITS    = cell_bits, \
  parameter int X_BITS       = x_bits, \
  parameter int X_SIGNED     = x_signed, \
  parameter int ADC_BITS     = adc_bits, \
  parameter int COLS_PER_ADC = cpa, \
  parameter int DIFFERENTIAL = diff

`define XBAR_TILE_PASS \
  .ROWS (ROWS), .OUTS (OUTS), .W_BITS (W_BITS), .CELL_BITS (CELL_BITS), .X_BITS (X_BITS), \
  .X_SIGNED (X_SIGNED), .ADC_BITS (ADC_BITS), .COLS_PER_ADC (COLS_PER_ADC), \
  .DIFFERENTIAL (DIFFERENTIAL)

`define CORE_ARRAY_PARAMS \
  parameter int ROWS         = 64, \
  parameter int OUTS         = 8, \
  parameter int N_TILES      = 64

`define CORE_XBAR_PARAMS(adc_bits) \
  parameter int CELL_BITS    = 2, \
  parameter int ADC_BITS     = adc_bits, \
  parameter int COLS_PER_ADC = 8, \
  parameter int DIFFERENTIAL = 0

`define CORE_SIZE_PARAMS \
  parameter int LANES        = 64, \
  parameter int TMAX         = 17, \
  parameter int EMAX         = 64, \
  parameter int WMAX         = 128, \
  parameter int HMAX         = 4, \
  parameter int DMAX         = 6

`define CORE_ARRAY_PASS .ROWS (ROWS), .OUTS (OUTS), .N_TILES (N_TILES)
`define CORE_XBAR_PASS \
  .CELL_BITS (CELL_BITS), .ADC_BITS (ADC_BITS), .COLS_PER_ADC (COLS_PER_ADC), \
  .DIFFERENTIAL (DIFFERENTIAL)
`define CORE_SIZE_PASS \
  .LANES (LANES), .TMAX (TMAX), .EMAX (EMAX), .WMAX (WMAX), .HMAX (HMAX), .DMAX (DMAX)

`define CORE_LD_W ((OUTS * 8 > 64) ? OUTS * 8 : 64)

`endif
