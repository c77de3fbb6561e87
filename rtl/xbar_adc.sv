// Crossbar column ADC (contract step 4), one converter.
//
// Quantises the column sum held by the array's sample-and-hold
// (xbar_array). The sum col_i lies in 0 .. fs with bitlen(fs) = COL_W. The
// ADC keeps the top ADC_BITS bits of that range with round-half-up and
// saturation:
//   sh  = max(0, COL_W - ADC_BITS)
//   rnd = sh ? 2^(sh-1) : 0
//   q   = min((col + rnd) >> sh, 2^ADC_BITS - 1)
// Purely combinational: the sample was taken at the edge where the array
// held col_i, so code_o belongs to that step. The reconstruction
// col' = q << sh is left to the shift-and-add unit (its SH parameter must
// equal max(0, COL_W - ADC_BITS)).
//
// Parameters:
//   COL_W    - input width = bitlen of the full-scale column sum
//              (bitlen(ROWS * (2^CELL_BITS - 1)) in the tile).
//   ADC_BITS - resolution, 1 .. 12 (any value >= 1 works).

module xbar_adc #(
  parameter int COL_W    = 8,
  parameter int ADC_BITS = 8
) (
  input  logic [COL_W-1:0]    col_i,    // held column sum (analog value stand-in)
  output logic [ADC_BITS-1:0] code_o    // code q
);

  localparam int SH = (COL_W > ADC_BITS) ? (COL_W - ADC_BITS) : 0;

  if (SH > 0) begin : g_lossy
    localparam logic [COL_W:0] RND = (COL_W + 1)'(1) << (SH - 1);

    // col + rnd < 2^(COL_W+1); after the shift ADC_BITS + 1 bits remain.
    logic [COL_W:0]    sum;
    logic [ADC_BITS:0] shd;
    assign sum = {1'b0, col_i} + RND;
    assign shd = sum[COL_W:SH];
    // Saturate when the rounded value reaches 2^ADC_BITS.
    assign code_o = shd[ADC_BITS] ? {ADC_BITS{1'b1}} : shd[ADC_BITS-1:0];

    logic unused_sum;
    assign unused_sum = ^sum[SH-1:0];
  end else begin : g_lossless
    // COL_W <= ADC_BITS: col <= fs < 2^COL_W <= 2^ADC_BITS, no rounding and
    // no saturation.
    assign code_o = ADC_BITS'(col_i);
  end

endmodule
