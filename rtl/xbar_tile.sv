// Crossbar tile: in-memory-computing MVM with bit-serial inputs.
//
// Arithmetic contract: ../shared/design/xbar-tile.md (bit-exact).
// Ports, timing and column map: docs/xbar-tile-rtl.md.
//
// Parameters (contract key in brackets):
//   ROWS         [rows]         word lines (inputs per MVM): 16, 32, 64, 128, 256.
//   OUTS         [outs]         logical outputs: 1 .. 64.
//   W_BITS       [w_bits]       weight precision, two's complement: 2 .. 8, a
//                               multiple of CELL_BITS.
//   CELL_BITS    [cell_bits]    bits per cell: 1, 2, 4.
//   X_BITS       [x_bits]       input precision: 2 .. 8.
//   X_SIGNED     [x_signed]     1: inputs are two's complement, 0: unsigned.
//   ADC_BITS     [adc_bits]     ADC resolution: 1 .. 12.
//   COLS_PER_ADC [cols_per_adc] columns per ADC: a power of two dividing NCOLS.
//   DIFFERENTIAL [w_encoding]   0: offset, 1: differential.
//
// Derived: S = W_BITS / CELL_BITS slices, P = DIFFERENTIAL ? 2 : 1 planes,
// NCOLS = OUTS * P * S physical columns, NADC = NCOLS / COLS_PER_ADC ADCs.
// Physical column c = (j*P + plane)*S + s; ADC a converts column
// a*COLS_PER_ADC + m in mux step m.
//
// Timing (N = X_BITS * COLS_PER_ADC, L = N + 2):
//   E0        accept (in_valid_i && in_ready_o): latch x as bit planes.
//   E1        accumulators loaded with the offset correction of x.
//   E(k+1)    k = p*COLS_PER_ADC + m, k < N: column sums of step k sampled
//             (the ADCs convert them in the following cycle).
//   E(k+2)    codes of step k shifted and added into the accumulators.
//   E(N+2)    out_valid_o goes high.
//   then      held until out_valid_o && out_ready_i; idle after that edge.
// Weight writes (wr_en_i) are honoured only while idle (in_ready_o high).
//
// Hierarchy: xbar_array (cells, column sums, column mux, sample-and-hold),
// xbar_adc x NADC (quantise), xbar_shift_add (input sum, accumulators).
// Control, input latch, bit-plane select and weight encoding live here.
//
// Simulation cost (docs/performance.md, "Tile RTL"): every wide computation
// (input transpose, input sum, column sums, accumulation) sits inside the
// enable of the flops it feeds, so a simulator evaluates it only on the
// edges that use it; an idle tile costs a few tests per clock edge.

`include "trex_params.svh"

module xbar_tile #(
  // ROWS, OUTS, W_BITS, CELL_BITS, X_BITS, X_SIGNED, ADC_BITS, COLS_PER_ADC, DIFFERENTIAL
  `XBAR_TILE_PARAMS(64, 4, 4, 2, 4, 1, 6, 1, 0)
) (
  input  logic                     clk_i,
  input  logic                     srst_ni,      // synchronous reset, active low

  // Weight programming: one row of logical weights per write.
  input  logic                     wr_en_i,
  input  logic [$clog2(ROWS)-1:0]  wr_row_i,
  input  logic [OUTS*W_BITS-1:0]   wr_data_i,   // w_ij at [j*W_BITS +: W_BITS]

  // Input vector.
  input  logic                     in_valid_i,
  output logic                     in_ready_o,
  input  logic [ROWS*X_BITS-1:0]   in_data_i,   // x_i at [i*X_BITS +: X_BITS]

  // Result vector.
  output logic                     out_valid_o,
  input  logic                     out_ready_i,
  output logic [OUTS*32-1:0]       out_data_o   // y_j at [j*32 +: 32]
);

  ////////////////////////
  // Derived parameters //
  ////////////////////////

  localparam int S      = W_BITS / CELL_BITS;
  localparam int P      = (DIFFERENTIAL != 0) ? 2 : 1;
  localparam int NCOLS  = OUTS * P * S;
  localparam int NADC   = NCOLS / COLS_PER_ADC;
  localparam int ROW_W  = $clog2(ROWS);
  // Column sum width = bitlen(fs), fs = ROWS * (2^CELL_BITS - 1).
  localparam int COL_W  = $clog2(ROWS * (2 ** CELL_BITS - 1) + 1);
  // ADC reconstruction shift sh = max(0, bitlen(fs) - ADC_BITS).
  localparam int ADC_SH = (COL_W > ADC_BITS) ? (COL_W - ADC_BITS) : 0;
  localparam int SEL_W  = (COLS_PER_ADC > 1) ? $clog2(COLS_PER_ADC) : 1;
  localparam int PH_W   = $clog2(X_BITS);
  // Signed input sum: |sum| <= ROWS * 2^X_BITS.
  localparam int XSUM_W = X_BITS + ROW_W + 1;

`ifndef SYNTHESIS
  initial begin
    if ((ROWS != 16 && ROWS != 32 && ROWS != 64 && ROWS != 128 && ROWS != 256) ||
        OUTS < 1 || OUTS > 64 || (CELL_BITS != 1 && CELL_BITS != 2 && CELL_BITS != 4) ||
        W_BITS < 2 || W_BITS > 8 ||
        (W_BITS % CELL_BITS) != 0 || X_BITS < 2 || X_BITS > 8 ||
        ADC_BITS < 1 || ADC_BITS > 12 || COLS_PER_ADC < 1 ||
        (COLS_PER_ADC & (COLS_PER_ADC - 1)) != 0 || (NCOLS % COLS_PER_ADC) != 0) begin
      $fatal(1, "xbar_tile: illegal parameters");
    end
  end
`endif

  /////////////
  // Control //
  /////////////

  logic             busy_q;                  // not idle (in_ready_o low)
  logic             conv_q;                  // conversion steps in progress
  logic [PH_W-1:0]  p_q;                     // phase of the current step
  logic [SEL_W-1:0] m_q;                     // mux step of the current step
  logic             code_vld_q;              // column sums of a step are held (codes valid)
  logic [PH_W-1:0]  code_p_q;                // ... for this phase
  logic [SEL_W-1:0] code_m_q;                // ... and this mux step
  logic             fin_q;                   // last codes accumulated: result next edge
  logic             ld_q;                    // edge after accept: load the correction
  logic             out_valid_q;

  logic accept, out_hs, wr_en, m_last, p_last;

  assign accept = in_valid_i & ~busy_q;
  assign out_hs = out_valid_q & out_ready_i;
  assign wr_en  = wr_en_i & ~busy_q;
  assign m_last = (m_q == SEL_W'(COLS_PER_ADC - 1));
  assign p_last = (p_q == PH_W'(X_BITS - 1));

  always_ff @(posedge clk_i) begin
    if (!srst_ni) begin
      busy_q      <= 1'b0;
      conv_q      <= 1'b0;
      p_q         <= '0;
      m_q         <= '0;
      code_vld_q  <= 1'b0;
      code_p_q    <= '0;
      code_m_q    <= '0;
      fin_q       <= 1'b0;
      ld_q        <= 1'b0;
      out_valid_q <= 1'b0;
    end else begin
      ld_q       <= accept;
      // Step bookkeeping: the sums held at this edge belong to (p_q, m_q).
      code_vld_q <= conv_q;
      code_p_q   <= p_q;
      code_m_q   <= m_q;
      // Last codes accumulated at this edge: correction at the next one.
      fin_q      <= code_vld_q & ~conv_q;

      if (accept) begin
        busy_q <= 1'b1;
        conv_q <= 1'b1;
        p_q    <= '0;
        m_q    <= '0;
      end else if (conv_q) begin
        m_q <= m_last ? '0 : m_q + 1'b1;
        if (m_last) begin
          p_q <= p_q + 1'b1;
          if (p_last) begin
            conv_q <= 1'b0;
            p_q    <= '0;
          end
        end
      end

      if (fin_q) begin
        out_valid_q <= 1'b1;
      end else if (out_hs) begin
        out_valid_q <= 1'b0;
        busy_q      <= 1'b0;
      end
    end
  end

  assign in_ready_o  = ~busy_q;
  assign out_valid_o = out_valid_q;

  //////////////////////////////////
  // Input latch as bit planes    //
  //////////////////////////////////

  // Plane p (bit p of every x_i) at xpl_q[p*ROWS +: ROWS], written at accept
  // (one assignment under the enable: no simulator copy on other edges).
  //
  // The transpose is one flat loop over the X_BITS*ROWS bits (k = p*ROWS + i),
  // not a loop nest: Verilator unrolls loops of up to 64 iterations into one
  // statement per bit and keeps such statements per instance, which cost
  // about 55 MB of Verilator memory and most of the generated C++ per tile
  // instance (docs/performance.md, "Many tiles"); a loop of more iterations
  // stays a loop (every legal tile with ROWS*X_BITS > 64), and a smaller one
  // is a few statements. It runs once per MVM (at the accept edge).
  logic [X_BITS*ROWS-1:0] xpl_q;

  always_ff @(posedge clk_i) begin
    if (accept) begin : b_accept
      logic [X_BITS*ROWS-1:0] pl;
      for (int k = 0; k < X_BITS*ROWS; k++) begin
        pl[k] = in_data_i[(k % ROWS)*X_BITS + k / ROWS];
      end
      xpl_q <= pl;
    end
  end

  // Current input bit plane: bit p_q of every x_i.
  logic [ROWS-1:0] plane;
  always_comb begin
    plane = xpl_q[0 +: ROWS];
    for (int p = 1; p < X_BITS; p++) begin
      if (p_q == PH_W'(p)) begin
        plane = xpl_q[p*ROWS +: ROWS];
      end
    end
  end

  /////////////////////////////////////
  // Weight encoding into cell digits //
  /////////////////////////////////////

  // Column c = (j*P + plane)*S + s holds digit s of output j's plane word.
  logic [NCOLS*CELL_BITS-1:0] wr_digits;

  if (DIFFERENTIAL != 0) begin : g_diff
    for (genvar j = 0; j < OUTS; j++) begin : g_enc
      logic [W_BITS-1:0]   w;
      logic [2*W_BITS-1:0] plane_words;  // plane k at [k*W_BITS +: W_BITS]
      assign w = wr_data_i[j*W_BITS +: W_BITS];
      // Positive plane max(w, 0), negative plane max(-w, 0) (as W_BITS-bit
      // unsigned, so -2^(W_BITS-1) maps to 2^(W_BITS-1)).
      assign plane_words[0 +: W_BITS]      = w[W_BITS-1] ? '0 : w;
      assign plane_words[W_BITS +: W_BITS] = w[W_BITS-1] ? (~w + 1'b1) : '0;
      for (genvar k = 0; k < 2; k++) begin : g_plane
        for (genvar s = 0; s < S; s++) begin : g_slice
          assign wr_digits[((j*2 + k)*S + s)*CELL_BITS +: CELL_BITS] =
              plane_words[k*W_BITS + s*CELL_BITS +: CELL_BITS];
        end
      end
    end
  end else begin : g_offset
    // One plane, u = w + 2^(W_BITS-1): the sign bit flipped. Column j*S + s
    // holds bits [s*CELL_BITS +: CELL_BITS] of u_j, so the digits of a row are
    // the row's weights with every sign bit flipped (one vector operation).
    localparam logic [W_BITS-1:0] SIGN = W_BITS'(1) << (W_BITS - 1);
    assign wr_digits = wr_data_i ^ {OUTS{SIGN}};
  end

  ///////////////////////
  // Array, ADCs, S&A  //
  ///////////////////////

  logic [NADC*COL_W-1:0]    adc_cols;
  logic [NADC*ADC_BITS-1:0] codes;

  xbar_array #(
    .ROWS         (ROWS),
    .NCOLS        (NCOLS),
    .CELL_BITS    (CELL_BITS),
    .COLS_PER_ADC (COLS_PER_ADC),
    .COL_W        (COL_W)
  ) u_array (
    .clk_i       (clk_i),
    .srst_ni      (srst_ni),
    .wr_en_i     (wr_en),
    .wr_row_i    (wr_row_i),
    .wr_digits_i (wr_digits),
    .en_i        (conv_q),
    .plane_i     (plane),
    .sel_i       (m_q),
    .col_o       (adc_cols)
  );

  for (genvar a = 0; a < NADC; a++) begin : g_adc
    xbar_adc #(
      .COL_W    (COL_W),
      .ADC_BITS (ADC_BITS)
    ) u_adc (
      .col_i  (adc_cols[a*COL_W +: COL_W]),
      .code_o (codes[a*ADC_BITS +: ADC_BITS])
    );
  end

  xbar_shift_add #(
    `XBAR_TILE_PASS,
    .SH           (ADC_SH),
    .XSUM_W       (XSUM_W)
  ) u_shift_add (
    .clk_i    (clk_i),
    .srst_ni   (srst_ni),
    .ld_i     (ld_q),
    .xpl_i    (xpl_q),
    .acc_en_i (code_vld_q),
    .phase_i  (code_p_q),
    .mux_i    (code_m_q),
    .codes_i  (codes),
    .y_o      (out_data_o)
  );

endmodule
