// Crossbar column ADC (contract step 4), one converter.
//
// The column sum col_i lies in 0 .. fs with bitlen(fs) = COL_W. The ADC keeps
// the top ADC_BITS bits of that range with round-half-up and saturation:
//   sh  = max(0, COL_W - ADC_BITS)
//   rnd = sh ? 2^(sh-1) : 0
//   q   = min((col + rnd) >> sh, 2^ADC_BITS - 1)
// The code q is registered (sampled) at a rising edge with en_i high. The
// reconstruction col' = q << sh is left to the shift-and-add unit (its SH
// parameter must equal max(0, COL_W - ADC_BITS)).
//
// Parameters:
//   COL_W    - input width = bitlen of the full-scale column sum
//              (bitlen(ROWS * (2^CELL_BITS - 1)) in the tile).
//   ADC_BITS - resolution, 1 .. 12 (any value >= 1 works).

module xbar_adc #(
  parameter int COL_W    = 8,
  parameter int ADC_BITS = 8
) (
  input  logic                clk_i,
  input  logic                srst_ni,  // synchronous reset, active low
  input  logic                en_i,     // sample this cycle
  input  logic [COL_W-1:0]    col_i,    // column sum (analog value stand-in)
  output logic [ADC_BITS-1:0] code_o    // registered code q
);

  localparam int SH = (COL_W > ADC_BITS) ? (COL_W - ADC_BITS) : 0;

  logic [ADC_BITS-1:0] code_d, code_q;

  if (SH > 0) begin : g_lossy
    localparam logic [COL_W:0] RND = (COL_W + 1)'(1) << (SH - 1);

    // col + rnd < 2^(COL_W+1); after the shift ADC_BITS + 1 bits remain.
    logic [COL_W:0]    sum;
    logic [ADC_BITS:0] shd;
    assign sum = {1'b0, col_i} + RND;
    assign shd = sum[COL_W:SH];
    // Saturate when the rounded value reaches 2^ADC_BITS.
    assign code_d = shd[ADC_BITS] ? {ADC_BITS{1'b1}} : shd[ADC_BITS-1:0];

    logic unused_sum;
    assign unused_sum = ^sum[SH-1:0];
  end else begin : g_lossless
    // COL_W <= ADC_BITS: col <= fs < 2^COL_W <= 2^ADC_BITS, no rounding and
    // no saturation.
    assign code_d = ADC_BITS'(col_i);
  end

  always_ff @(posedge clk_i) begin
    if (!srst_ni) begin
      code_q <= '0;
    end else if (en_i) begin
      code_q <= code_d;
    end
  end

  assign code_o = code_q;

endmodule
