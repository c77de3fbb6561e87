// Crossbar shift-and-add unit (contract steps 5 and 6).
//
// At the edge after the accept edge (ld_i high) every accumulator is loaded
// with the offset correction of the latched input (xpl_i, its bit planes):
//   offset:       acc_j <= -2^(W_BITS-1) * sum_i x_i
//   differential: acc_j <= 0
// Each later edge with acc_en_i high it takes the ADC codes of one
// conversion step (input bit plane phase_i = p, mux step mux_i = m) and
// adds, for every logical output j, the contribution of each of j's
// physical columns converted in that step:
//   acc_j += sign * c_p * 2^p * 2^(s*CELL_BITS) * (q << SH)
// where column c = (j*P + plane)*S + s is converted by ADC c / COLS_PER_ADC
// in mux step c % COLS_PER_ADC, sign = -1 for the negative plane of the
// differential encoding (else +1), and c_p = -1 for the sign phase
// (X_SIGNED and p = X_BITS-1, else +1). After the last step acc_j is the
// contract's y_j (32-bit two's complement, modulo 2^32 like the contract's
// accumulation); y_o shows the accumulators at all times.
//
// Loading the correction at the start instead of subtracting it at the end
// gives the same word (addition modulo 2^32 commutes) without a subtractor
// per output. The first codes are accumulated two edges after the load.
//
// Simulation cost (docs/performance.md, "Tile RTL"): all arithmetic is
// inside the accumulator flops' enables, so an idle unit costs a simulator a
// few tests a clock edge.
//
// Parameters:
//   ROWS         - inputs per MVM (xpl_i has X_BITS planes of ROWS bits).
//   OUTS         - logical outputs.
//   W_BITS       - weight precision (two's complement).
//   CELL_BITS    - bits per cell; S = W_BITS / CELL_BITS slices.
//   X_BITS       - input precision (number of phases).
//   X_SIGNED     - 1: inputs are two's complement (last phase weighs -2^p).
//   ADC_BITS     - ADC code width.
//   COLS_PER_ADC - columns per ADC (mux steps per phase), a power of two.
//   DIFFERENTIAL - 0: offset encoding (1 plane), 1: differential (2 planes).
//   SH           - ADC reconstruction shift, max(0, bitlen(fs) - ADC_BITS).
//   XSUM_W       - width of the signed input sum (|sum| <= ROWS * 2^X_BITS).
//
// Self-test hook: with XBAR_BREAK_SHIFT_ADD defined, bit 0 of the term of
// output 0, slice 0, plane 0 is inverted in phase 0, so every result of
// output 0 is wrong and a comparison with the golden model must fail.

`include "trex_params.svh"

module xbar_shift_add #(
  // ROWS, OUTS, W_BITS, CELL_BITS, X_BITS, X_SIGNED, ADC_BITS, COLS_PER_ADC, DIFFERENTIAL
  `XBAR_TILE_PARAMS(64, 4, 4, 2, 4, 1, 6, 1, 0),
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
  input  logic                     srst_ni,    // synchronous reset, active low

  input  logic                     ld_i,      // load the offset correction
  input  logic [X_BITS*ROWS-1:0]   xpl_i,     // ... of the latched input: bit p of x_i at [p*ROWS + i]
  input  logic                     acc_en_i,  // add the codes of one step
  input  logic [PH_W-1:0]          phase_i,   // input bit plane p of the codes
  input  logic [SEL_W-1:0]         mux_i,     // mux step m of the codes
  input  logic [NADC*ADC_BITS-1:0] codes_i,   // ADC a code at [a*ADC_BITS +: ADC_BITS]

  output logic [OUTS*32-1:0]       y_o        // y_j at [j*32 +: 32]
);

  // Phase weight c_p is negative in the sign phase of signed inputs.
  logic phase_neg;
  assign phase_neg = (X_SIGNED != 0) && (phase_i == PH_W'(X_BITS - 1));

  // The mux step as a plain number for the compile-time column comparisons.
  logic [31:0] mux_step;
  if (COLS_PER_ADC > 1) begin : g_mux
    assign mux_step = 32'(mux_i);
  end else begin : g_nomux
    assign mux_step = 0;
    logic unused_mux;
    assign unused_mux = ^mux_i;
  end

  logic [OUTS*32-1:0] acc_q;

  // One assignment of the whole accumulator vector under one enable: a
  // simulator then keeps no copy of it on the edges that do not change it.
  always_ff @(posedge clk_i) begin
    if (!srst_ni || ld_i || acc_en_i) begin : b_upd
      logic [OUTS*32-1:0]       acc_d;
      logic signed [XSUM_W-1:0] xsum;
      logic [ROWS-1:0]          xp;   // one input bit plane
      logic [XSUM_W-1:0]        cnt;  // its popcount
      logic [31:0]              start;
      if (!srst_ni) begin
        acc_d = '0;
      end else if (ld_i) begin
        // Start value: minus the offset correction 2^(W_BITS-1) * sum_i x_i
        // (signed when X_SIGNED); zero for the differential encoding.
        // sum_i x_i = sum_p c_p * 2^p * popcount(plane p), c_p = -1 for the
        // sign phase of signed inputs: X_BITS popcounts, no loop over rows
        // (a per-row loop is unrolled by Verilator into per-instance code).
        xsum = '0;
        for (int p = 0; p < X_BITS; p++) begin
          // (a variable, not an expression, in $countones: Icarus 11)
          xp  = xpl_i[p*ROWS +: ROWS];
          cnt = XSUM_W'($countones(xp));
          if (X_SIGNED != 0 && p == X_BITS - 1) begin
            xsum = xsum - $signed(cnt << p);
          end else begin
            xsum = xsum + $signed(cnt << p);
          end
        end
        start = (DIFFERENTIAL != 0) ? '0
              : -({{(32 - XSUM_W){xsum[XSUM_W-1]}}, xsum} <<< (W_BITS - 1));
        acc_d = {OUTS{start}};
      end else begin
        acc_d = acc_q;
        for (int j = 0; j < OUTS; j++) begin : b_out
          // Sum over this output's columns converted in this step, with slice
          // shift and plane sign applied (before phase weight and ADC shift).
          logic signed [31:0] step_sum, t, shifted;
          step_sum = '0;
          for (int l = 0; l < P * S; l++) begin
            // Column c = j*P*S + l: plane l / S, slice l % S.
            if (mux_step == 32'((j * P * S + l) % COLS_PER_ADC)) begin
              t = 32'(codes_i[((j * P * S + l) / COLS_PER_ADC) * ADC_BITS +: ADC_BITS])
                  <<< ((l % S) * CELL_BITS);
`ifdef XBAR_BREAK_SHIFT_ADD
              // Deliberate bug for checker self-test: output 0, slice 0,
              // plane 0, phase 0.
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
          // Phase weight c_p * 2^p, then the ADC reconstruction shift.
          shifted = (step_sum <<< phase_i) <<< SH;
          acc_d[j*32 +: 32] = acc_d[j*32 +: 32] + (phase_neg ? -shifted : shifted);
        end
      end
      acc_q <= acc_d;
    end
  end

  assign y_o = acc_q;

  if (DIFFERENTIAL != 0) begin : g_unused_x
    // Differential encoding needs no offset correction.
    logic unused_x;
    assign unused_x = ^xpl_i;
  end

endmodule
