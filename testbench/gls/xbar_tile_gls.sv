// Gate-level replay shell: stands in for rtl/xbar_tile.sv so that the Icarus
// testbench testbench/icarus/tb_xbar_tile.sv runs unchanged on the
// synthesized netlist. The netlist (build/synth/.../netlist_gls.v) has its top
// renamed to xbar_tile_gl and no parameters; the parameters here only size
// the ports and must match the configuration the netlist was synthesized for
// (scripts/synth-gls.sh passes the same -P values to both).
module xbar_tile #(
  parameter int ROWS         = 64,
  parameter int OUTS         = 4,
  parameter int W_BITS       = 4,
  parameter int CELL_BITS    = 2,
  parameter int X_BITS       = 4,
  parameter bit X_SIGNED     = 1'b1,
  parameter int ADC_BITS     = 6,
  parameter int COLS_PER_ADC = 1,
  parameter bit DIFFERENTIAL = 1'b0
) (
  input  logic                     clk_i,
  input  logic                     srst_ni,
  input  logic                     wr_en_i,
  input  logic [$clog2(ROWS)-1:0]  wr_row_i,
  input  logic [OUTS*W_BITS-1:0]   wr_data_i,
  input  logic                     in_valid_i,
  output logic                     in_ready_o,
  input  logic [ROWS*X_BITS-1:0]   in_data_i,
  output logic                     out_valid_o,
  input  logic                     out_ready_i,
  output logic [OUTS*32-1:0]       out_data_o
);
  xbar_tile_gl u_gl (
    .clk_i       (clk_i),
    .srst_ni     (srst_ni),
    .wr_en_i     (wr_en_i),
    .wr_row_i    (wr_row_i),
    .wr_data_i   (wr_data_i),
    .in_valid_i  (in_valid_i),
    .in_ready_o  (in_ready_o),
    .in_data_i   (in_data_i),
    .out_valid_o (out_valid_o),
    .out_ready_i (out_ready_i),
    .out_data_o  (out_data_o)
  );
endmodule
