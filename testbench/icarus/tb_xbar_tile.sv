// Icarus testbench for xbar_tile (iverilog -g2012).
//
// Tile parameters come in through -P (e.g. -Ptb_xbar_tile.ROWS=64); they must
// match the vector set's config.json. Run-time plusargs:
//   +vec=DIR    vector set directory (weights.hex, inputs.hex, expected.hex)
//   +count=N    number of vectors to run (default: parameter COUNT); at most
//               MAX_COUNT (array capacity, a parameter).
//
// Flow: reset, program all ROWS rows (one write per edge), then for every
// vector offer the input as soon as in_ready_o is high (out_ready_i held
// high), compare every output word, check the per-MVM latency
// L = X_BITS*COLS_PER_ADC + 2 (accept edge to the edge where out_valid_o
// rises) and the total edge count ROWS + count*(L + 2) (docs/xbar-tile-rtl.md).
// Prints one summary line
//   icarus: vectors=V words=W mismatches=M cycles=C
// followed by PASS or FAIL, then $finish.

`timescale 1ns / 1ps

`include "trex_params.svh"

module tb_xbar_tile #(
  // Tile parameters: ROWS, OUTS, W_BITS, CELL_BITS, X_BITS, X_SIGNED,
  // ADC_BITS, COLS_PER_ADC, DIFFERENTIAL.
  `XBAR_TILE_PARAMS(64, 4, 4, 2, 4, 1, 6, 1, 0),
  // Run parameters.
  parameter int COUNT        = 16,    // vectors when +count is not given
  parameter int MAX_COUNT    = 1024   // capacity of the vector memories
);

  localparam int ROW_W      = $clog2(ROWS);
  localparam int L          = X_BITS * COLS_PER_ADC + 2;
  localparam int MAX_ERRORS = 20;     // mismatch lines printed at most

  // DUT signals.
  logic                    clk = 1'b0;
  logic                    rst_n = 1'b0;
  logic                    wr_en = 1'b0;
  logic [ROW_W-1:0]        wr_row = '0;
  logic [OUTS*W_BITS-1:0]  wr_data = '0;
  logic                    in_valid = 1'b0;
  logic                    in_ready;
  logic [ROWS*X_BITS-1:0]  in_data = '0;
  logic                    out_valid;
  logic                    out_ready = 1'b1;
  logic [OUTS*32-1:0]      out_data;

  xbar_tile #(
    `XBAR_TILE_PASS
  ) dut (
    .clk_i       (clk),
    .srst_ni     (rst_n),
    .wr_en_i     (wr_en),
    .wr_row_i    (wr_row),
    .wr_data_i   (wr_data),
    .in_valid_i  (in_valid),
    .in_ready_o  (in_ready),
    .in_data_i   (in_data),
    .out_valid_o (out_valid),
    .out_ready_i (out_ready),
    .out_data_o  (out_data)
  );

  always #5 clk = ~clk;

  // Edge counter: rising edges since reset release.
  logic counting = 1'b0;
  int   edges = 0;
  always @(posedge clk) begin
    if (counting) edges <= edges + 1;
  end

  // Vector memories.
  logic [W_BITS-1:0] wmem [ROWS*OUTS];
  logic [X_BITS-1:0] xmem [MAX_COUNT*ROWS];
  logic [31:0]       emem [MAX_COUNT*OUTS];

  string dir;
  int    count;
  int    words;
  int    mismatches;
  int    errors;      // protocol / latency / load errors
  int    e_acc;
  int    lat;
  int    wait_cnt;
  int    ok;
  int    expected_cycles;
  logic [31:0] got;
  logic [31:0] exp_w;

  // Count words of a memory slice that are not fully defined (short file).
  function automatic int undef_words_w(input int n);
    int bad = 0;
    for (int k = 0; k < n; k++) if ((^wmem[k]) === 1'bx) bad++;
    return bad;
  endfunction
  function automatic int undef_words_x(input int n);
    int bad = 0;
    for (int k = 0; k < n; k++) if ((^xmem[k]) === 1'bx) bad++;
    return bad;
  endfunction
  function automatic int undef_words_e(input int n);
    int bad = 0;
    for (int k = 0; k < n; k++) if ((^emem[k]) === 1'bx) bad++;
    return bad;
  endfunction

  task automatic finish_run;
    $display("icarus: vectors=%0d words=%0d mismatches=%0d cycles=%0d",
             count, words, mismatches, edges);
    if (mismatches == 0 && errors == 0) $display("PASS");
    else $display("FAIL");
    $finish;
  endtask

  initial begin
    words      = 0;
    mismatches = 0;
    errors     = 0;
    count      = COUNT;

    if (!$value$plusargs("vec=%s", dir)) begin
      $display("icarus: error: missing +vec=DIR");
      errors++;
      count = 0;
      finish_run;
    end
    ok = $value$plusargs("count=%d", count);
    if (count < 0 || count > MAX_COUNT) begin
      $display("icarus: error: count=%0d outside 0..MAX_COUNT=%0d", count, MAX_COUNT);
      errors++;
      count = 0;
      finish_run;
    end

    $readmemh({dir, "/weights.hex"}, wmem, 0, ROWS*OUTS - 1);
    if (undef_words_w(ROWS*OUTS) != 0) begin
      $display("icarus: error: %s/weights.hex: fewer than %0d valid words", dir, ROWS*OUTS);
      errors++;
    end
    if (count > 0) begin
      $readmemh({dir, "/inputs.hex"}, xmem, 0, count*ROWS - 1);
      $readmemh({dir, "/expected.hex"}, emem, 0, count*OUTS - 1);
      if (undef_words_x(count*ROWS) != 0) begin
        $display("icarus: error: %s/inputs.hex: fewer than %0d valid words", dir, count*ROWS);
        errors++;
      end
      if (undef_words_e(count*OUTS) != 0) begin
        $display("icarus: error: %s/expected.hex: fewer than %0d valid words", dir, count*OUTS);
        errors++;
      end
    end
    if (errors != 0) begin
      count = 0;
      finish_run;
    end

    // Reset (edges not counted).
    repeat (3) @(posedge clk);
    @(negedge clk);
    rst_n    = 1'b1;
    counting = 1'b1;

    // Program every row: one write per edge.
    for (int i = 0; i < ROWS; i++) begin
      wr_en  = 1'b1;
      wr_row = ROW_W'(i);
      for (int j = 0; j < OUTS; j++) wr_data[j*W_BITS +: W_BITS] = wmem[i*OUTS + j];
      @(negedge clk);
    end
    wr_en = 1'b0;

    // Run the vectors.
    for (int v = 0; v < count; v++) begin
      if (!in_ready) begin
        $display("icarus: error: vector %0d: in_ready_o low when idle expected", v);
        errors++;
        finish_run;
      end
      in_valid = 1'b1;
      for (int i = 0; i < ROWS; i++) in_data[i*X_BITS +: X_BITS] = xmem[v*ROWS + i];
      @(negedge clk);                       // accept edge E0
      e_acc    = edges;
      in_valid = 1'b0;
      if (in_ready) begin
        $display("icarus: error: vector %0d: in_ready_o still high after accept", v);
        errors++;
      end

      wait_cnt = 0;
      while (!out_valid) begin
        @(negedge clk);
        wait_cnt++;
        if (wait_cnt > 4*L + 16) begin
          $display("icarus: error: vector %0d: no out_valid_o within %0d edges", v, wait_cnt);
          errors++;
          finish_run;
        end
      end
      lat = edges - e_acc;
      if (lat != L) begin
        $display("icarus: error: vector %0d: latency %0d edges, expected %0d", v, lat, L);
        errors++;
      end

      for (int j = 0; j < OUTS; j++) begin
        got   = out_data[j*32 +: 32];
        exp_w = emem[v*OUTS + j];
        words++;
        if (got !== exp_w) begin
          if (mismatches < MAX_ERRORS) begin
            $display("icarus: mismatch: vector=%0d output=%0d expected=%08h got=%08h xor=%08h",
                     v, j, exp_w, got, exp_w ^ got);
          end
          mismatches++;
        end
      end

      @(negedge clk);                       // output handshake edge
      if (out_valid) begin
        $display("icarus: error: vector %0d: out_valid_o still high after handshake", v);
        errors++;
      end
    end

    expected_cycles = ROWS + count*(L + 2);
    if (edges != expected_cycles) begin
      $display("icarus: error: %0d edges, expected rows + count*(L+2) = %0d",
               edges, expected_cycles);
      errors++;
    end
    finish_run;
  end

endmodule
