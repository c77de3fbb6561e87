// Crossbar shift-and-add unit (contract steps 5 and 6).
//
// Each cycle with acc_en_i high it takes the registered ADC codes of one
// conversion step (input bit plane phase_i = p, mux step mux_i = m) and adds,
// for every logical output j, the contribution of each of j's physical
// columns converted in that step:
//   acc_j += sign * c_p * 2^p * 2^(s*CELL_BITS) * (q << SH)
// where column c = (j*P + plane)*S + s is converted by ADC c / COLS_PER_ADC
// in mux step c % COLS_PER_ADC, sign = -1 for the negative plane of the
// differential encoding (else +1), and c_p = -1 for the sign phase
// (X_SIGNED and p = X_BITS-1, else +1).
//
// With fin_i high the offset correction is applied in place:
//   offset:       acc_j <= acc_j - 2^(W_BITS-1) * xsum_i
//   differential: acc_j unchanged
// and y_o shows the accumulators (32-bit two's complement) at all times.
// clr_i clears all accumulators (priority over acc_en_i and fin_i).
//
// Parameters:
//   OUTS         - logical outputs.
//   W_BITS       - weight precision (two's complement).
//   CELL_BITS    - bits per cell; S = W_BITS / CELL_BITS slices.
//   X_BITS       - input precision (number of phases).
//   X_SIGNED     - 1: inputs are two's complement (last phase weighs -2^p).
//   ADC_BITS     - ADC code width.
//   COLS_PER_ADC - columns per ADC (mux steps per phase), a power of two.
//   DIFFERENTIAL - 0: offset encoding (1 plane), 1: differential (2 planes).
//   SH           - ADC reconstruction shift, max(0, bitlen(fs) - ADC_BITS).
//   XSUM_W       - width of the signed input sum xsum_i.
//
// Self-test hook: with XBAR_BREAK_SHIFT_ADD defined, bit 0 of the term of
// output 0, slice 0, plane 0 is inverted in phase 0, so every result of
// output 0 is wrong and a comparison with the golden model must fail.

module xbar_shift_add #(
  parameter int OUTS         = 4,
  parameter int W_BITS       = 4,
  parameter int CELL_BITS    = 2,
  parameter int X_BITS       = 4,
  parameter int X_SIGNED     = 1,
  parameter int ADC_BITS     = 6,
  parameter int COLS_PER_ADC = 1,
  parameter int DIFFERENTIAL = 0,
  parameter int SH           = 0,
  parameter int XSUM_W       = 16,
  // Derived, do not override.
  parameter int S            = W_BITS / CELL_BITS,
  parameter int P            = (DIFFERENTIAL != 0) ? 2 : 1,
  parameter int NCOLS        = OUTS * P * S,
  parameter int NADC         = NCOLS / COLS_PER_ADC,
  parameter int SEL_W        = (COLS_PER_ADC > 1) ? $clog2(COLS_PER_ADC) : 1,
  parameter int PH_W         = $clog2(X_BITS)
) (
  input  logic                     clk_i,
  input  logic                     srst_ni,   // synchronous reset, active low

  input  logic                     clr_i,     // clear accumulators
  input  logic                     acc_en_i,  // add the codes of one step
  input  logic [PH_W-1:0]          phase_i,   // input bit plane p of the codes
  input  logic [SEL_W-1:0]         mux_i,     // mux step m of the codes
  input  logic [NADC*ADC_BITS-1:0] codes_i,   // ADC a code at [a*ADC_BITS +: ADC_BITS]

  input  logic                     fin_i,     // apply the offset correction
  input  logic signed [XSUM_W-1:0] xsum_i,    // sum_i x_i (exact)

  output logic [OUTS*32-1:0]       y_o        // y_j at [j*32 +: 32]
);

  // Phase weight c_p is negative in the sign phase of signed inputs.
  logic phase_neg;
  assign phase_neg = (X_SIGNED != 0) && (phase_i == PH_W'(X_BITS - 1));

  // Offset correction 2^(W_BITS-1) * sum_i x_i (zero for differential).
  logic signed [31:0] corr;
  if (DIFFERENTIAL != 0) begin : g_corr_diff
    assign corr = '0;
    logic unused_xsum;
    assign unused_xsum = ^xsum_i;
  end else begin : g_corr_offset
    assign corr = {{(32 - XSUM_W){xsum_i[XSUM_W-1]}}, xsum_i} <<< (W_BITS - 1);
  end

  // The mux step as a plain number for the compile-time column comparisons.
  logic [31:0] mux_step;
  if (COLS_PER_ADC > 1) begin : g_mux
    assign mux_step = 32'(mux_i);
  end else begin : g_nomux
    assign mux_step = '0;
    logic unused_mux;
    assign unused_mux = ^mux_i;
  end

  for (genvar j = 0; j < OUTS; j++) begin : g_out
    // Sum over this output's columns converted in this step, with slice
    // shift and plane sign applied (before phase weight and ADC shift).
    logic signed [31:0] step_sum;
    // The term added to the accumulator.
    logic signed [31:0] term;
    logic signed [31:0] acc_q;

    always_comb begin
      logic signed [31:0] t;
      step_sum = '0;
      for (int l = 0; l < P * S; l++) begin
        // Column c = j*P*S + l: plane l / S, slice l % S.
        t = '0;
        if (mux_step == 32'((j * P * S + l) % COLS_PER_ADC)) begin
          t = 32'(codes_i[((j * P * S + l) / COLS_PER_ADC) * ADC_BITS +: ADC_BITS])
              <<< ((l % S) * CELL_BITS);
`ifdef XBAR_BREAK_SHIFT_ADD
          // Deliberate bug for checker self-test: output 0, slice 0, plane 0,
          // phase 0.
          if (j == 0 && l == 0 && phase_i == '0) begin
            t = t ^ 32'sd1;
          end
`endif
          if (l / S == 1) begin
            step_sum = step_sum - t;  // negative plane
          end else begin
            step_sum = step_sum + t;
          end
        end
      end
    end

    // Phase weight c_p * 2^p, then the ADC reconstruction shift.
    logic signed [31:0] shifted;
    assign shifted = (step_sum <<< phase_i) <<< SH;
    assign term    = phase_neg ? -shifted : shifted;

    always_ff @(posedge clk_i) begin
      if (!srst_ni) begin
        acc_q <= '0;
      end else if (clr_i) begin
        acc_q <= '0;
      end else if (acc_en_i) begin
        acc_q <= acc_q + term;
      end else if (fin_i) begin
        acc_q <= acc_q - corr;
      end
    end

    assign y_o[j*32 +: 32] = acc_q;
  end

endmodule
