// Crossbar ADC input multiplexer.
//
// ADC a serves physical columns a*COLS_PER_ADC .. a*COLS_PER_ADC +
// COLS_PER_ADC - 1; in mux step sel_i = m it is given column
// a*COLS_PER_ADC + m (see docs/xbar-tile-rtl.md, "Physical column map").
//
// Parameters:
//   NCOLS        - physical columns (a multiple of COLS_PER_ADC).
//   COLS_PER_ADC - columns per ADC, a power of two (1 = no multiplexing).
//   COL_W        - width of one column sum.
//
// Purely combinational.

module xbar_mux #(
  parameter int NCOLS        = 8,
  parameter int COLS_PER_ADC = 1,
  parameter int COL_W        = 8,
  // Derived, do not override.
  parameter int NADC         = NCOLS / COLS_PER_ADC,
  parameter int SEL_W        = (COLS_PER_ADC > 1) ? $clog2(COLS_PER_ADC) : 1
) (
  input  logic [NCOLS*COL_W-1:0] cols_i,   // column c at [c*COL_W +: COL_W]
  input  logic [SEL_W-1:0]       sel_i,    // mux step m
  output logic [NADC*COL_W-1:0]  adc_col_o // ADC a input at [a*COL_W +: COL_W]
);

  for (genvar a = 0; a < NADC; a++) begin : g_adc
    // The COLS_PER_ADC columns this ADC serves.
    logic [COLS_PER_ADC*COL_W-1:0] grp;
    assign grp = cols_i[a*COLS_PER_ADC*COL_W +: COLS_PER_ADC*COL_W];

    if (COLS_PER_ADC > 1) begin : g_sel
      assign adc_col_o[a*COL_W +: COL_W] = grp[sel_i*COL_W +: COL_W];
    end else begin : g_pass
      assign adc_col_o[a*COL_W +: COL_W] = grp;
    end
  end

  if (COLS_PER_ADC == 1) begin : g_unused_sel
    // Single column per ADC: the select is not needed.
    logic unused_sel;
    assign unused_sel = ^sel_i;
  end

endmodule
