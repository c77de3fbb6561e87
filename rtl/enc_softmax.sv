// Softmax unit: one row of n int8 scores -> n probabilities (int8 0..127,
// scale 1/128), bit-exact to docs/encoder-int.md section 5.1 (C model:
// enc_softmax_row in c-model/enc_ops.c).
//
//   mx = max q_j;  e_j = LUT_exp[mx - q_j];  S = sum e_j;
//   r = floor(2^40 / S);  p_j = min(127, rshr(e_j * r, 33))
//
// Ports, timing and the cycles-per-row formula: docs/encoder-units.md.
//
// Parameters:
//   LANES  elements per beat (the controller's softmax_lanes), >= 1.
//   NMAX   longest row (the largest T the unit serves), 1 .. 65535.
//   STEPS  reciprocal quotient bits per cycle (enc_recip), >= 1.
//
// A row passes the unit in four phases, one row at a time:
//   LOAD  ceil(n/LANES) input beats into the row buffer, running max;
//   SUM   the buffer again: e_j through the LUT, summed (one beat per cycle,
//         plus one cycle to add the last beat);
//   DIV   r = floor(2^40 / S) by enc_recip, ceil(25/STEPS) cycles;
//   OUT   the buffer a third time: p_j, through a 2-stage pipeline.
// Cycles per row (first input accept to last output handshake, inclusive,
// no gaps or stalls): 3*ceil(n/LANES) + ceil(25/STEPS) + 2.
//
// ENC_BREAK_SOFTMAX (checker self-test): p_j truncates instead of rounding.
// ENC_BREAK_CYCLE   (checker self-test): the reciprocal starts a cycle late.
module enc_softmax #(
  parameter int LANES = 4,
  parameter int NMAX  = 64,
  parameter int STEPS = 1
) (
  input  logic                         clk_i,
  input  logic                         srst_ni,      // active-low synchronous reset

  // LUT_exp load port: honoured only while idle_o is high
  input  logic                         lut_we_i,
  input  logic [7:0]                   lut_addr_i,
  input  logic [16:0]                  lut_data_i,  // 0 .. 65536
  output logic                         idle_o,      // no row in the unit

  // scores, LANES per beat; len_i (n) is sampled with a row's first beat
  input  logic [$clog2(NMAX+1)-1:0]    len_i,
  input  logic                         in_valid_i,
  output logic                         in_ready_o,
  input  logic [LANES*8-1:0]           in_data_i,   // q at [j*8 +: 8]

  // probabilities, LANES per beat (lanes past n in the last beat are 0)
  output logic                         out_valid_o,
  input  logic                         out_ready_i,
  output logic [LANES*8-1:0]           out_data_o
);

  ////////////////////////
  // Derived parameters //
  ////////////////////////

  localparam int LEN_W  = $clog2(NMAX + 1);
  localparam int E_W    = 17;                           // LUT entries 0 .. 2^16
  localparam int SUM_W  = 16 + LEN_W;                   // S <= 2^16 * NMAX
  localparam int BSUM_W = E_W + $clog2(LANES + 1);      // one beat's sum
  localparam int R_W    = 25;                           // r <= 2^24

`ifndef SYNTHESIS
  enc_param_check #(.OK(!(LANES < 1 || NMAX < 1 || NMAX > 65535 || STEPS < 1))) u_param_check ();
`endif

  localparam logic [2:0] S_IDLE = 3'd0, S_LOAD = 3'd1, S_SUM = 3'd2, S_DIV = 3'd3,
                         S_OUT = 3'd4;

  logic [2:0]       state_q;
  logic signed [7:0] mx_q;       // running / final row max
  logic [SUM_W-1:0] acc_q;       // S
  logic             div_go_q;    // start the reciprocal at this edge
  logic             div_go_d;

  // S0: LUT values of one buffer beat (shared by SUM and OUT)
  logic             s0_vld_q, s0_out_q;
  logic [LANES*E_W-1:0] e_q;
  // S1 (OUT): the output register
  logic             out_valid_q;
  logic [LANES*8-1:0] out_q;

  logic [E_W-1:0]     lut_q [256];

  logic             en;          // the OUT pipeline advances
  assign en = ~out_valid_q | out_ready_i;

  ///////////
  // Input //
  ///////////

  logic             first, accept, last_in;
  logic [LANES-1:0] in_mask, rd_mask;
  assign first      = (state_q == S_IDLE);
  assign in_ready_o = (state_q == S_IDLE) || (state_q == S_LOAD);
  assign accept     = in_valid_i & in_ready_o;

  // the max of the beat's valid lanes and of the row so far
  logic signed [7:0] beat_max, row_max;
  always_comb begin
    beat_max = -8'sd128;
    for (int j = 0; j < LANES; j++) begin
      if (in_mask[j] && $signed(in_data_i[j*8 +: 8]) > beat_max) begin
        beat_max = $signed(in_data_i[j*8 +: 8]);
      end
    end
    row_max = (first || beat_max > mx_q) ? beat_max : mx_q;
  end

  /////////////////////////
  // Buffer read and LUT //
  /////////////////////////

  logic             recip_last, sum_done, rd_busy;
  logic [LEN_W-1:0] len_n;       // n: the row buffer's masks use it, the datapath does not
  logic             unused_len;
  assign unused_len = ^len_n;
  logic             pass_on;     // a read pass may issue a beat this cycle
  logic             issue;       // S0 takes the next buffer beat at this edge
  logic [LANES*8-1:0] rd_beat;
  logic [LANES*E_W-1:0] e_d;
  assign pass_on  = (state_q == S_SUM) || (state_q == S_OUT) ||
                    (state_q == S_DIV && recip_last);
  assign issue    = pass_on & rd_busy & en;

  // passes: SUM after the last input beat, OUT after SUM
  enc_rowbuf #(
    .LANES (LANES),
    .NMAX  (NMAX)
  ) u_buf (
    .clk_i     (clk_i),
    .srst_ni    (srst_ni),
    .wr_i      (accept),
    .first_i   (first),
    .len_i     (len_i),
    .data_i    (in_data_i),
    .in_mask_o (in_mask),
    .in_last_o (last_in),
    .len_o     (len_n),
    .rewind_i  ((accept & last_in) | sum_done),
    .rd_i      (issue),
    .rd_data_o (rd_beat),
    .rd_mask_o (rd_mask),
    .rd_busy_o (rd_busy)
  );

  always_comb begin
    for (int j = 0; j < LANES; j++) begin
      logic [7:0] idx;   // mx - q_j (mod 256): 0 .. 255 on a valid lane
      idx = mx_q - rd_beat[j*8 +: 8];
      e_d[j*E_W +: E_W] = rd_mask[j] ? lut_q[idx] : '0;
    end
  end

  // one beat's sum (SUM pass)
  logic [BSUM_W-1:0] beat_sum;
  always_comb begin
    beat_sum = '0;
    for (int j = 0; j < LANES; j++) begin
      beat_sum = beat_sum + BSUM_W'(e_q[j*E_W +: E_W]);
    end
  end

  ////////////////
  // Reciprocal //
  ////////////////

  logic [R_W-1:0] recip;
  enc_recip #(
    .K     (40),
    .D_W   (SUM_W),
    .Q_W   (R_W),
    .STEPS (STEPS)
  ) u_recip (
    .clk_i   (clk_i),
    .srst_ni  (srst_ni),
    .start_i (div_go_q),
    .d_i     (acc_q),
    .last_o  (recip_last),
    .q_o     (recip)
  );

  //////////////////
  // Output stage //
  //////////////////

  // p_j = min(127, rshr(e_j * r, 33))
  logic [LANES*8-1:0] p_d;
  always_comb begin
    for (int j = 0; j < LANES; j++) begin
      logic [E_W+R_W-1:0] prod;
      // verilator lint_off UNUSEDSIGNAL
      logic [E_W+R_W-1:0] rnd;   // bits below 33 are rounded off
      // verilator lint_on UNUSEDSIGNAL
      logic [E_W+R_W-34:0] pr;
      prod = (E_W + R_W)'(e_q[j*E_W +: E_W]) * (E_W + R_W)'(recip);
`ifdef ENC_BREAK_SOFTMAX
      rnd = prod;
`else
      rnd = prod + (E_W + R_W)'(64'd1 << 32);
`endif
      pr = rnd[E_W+R_W-1:33];
      p_d[j*8 +: 8] = (pr > 127) ? 8'd127 : pr[7:0];
    end
  end

  ///////////////////
  // State machine //
  ///////////////////

  // this edge adds the row's last beat into S
  assign sum_done = (state_q == S_SUM) & ~rd_busy & s0_vld_q;

`ifdef ENC_BREAK_CYCLE
  logic div_late_q;
  always_ff @(posedge clk_i) begin
    if (!srst_ni) begin
      div_late_q <= 1'b0;
    end else begin
      div_late_q <= sum_done;
    end
  end
  assign div_go_d = div_late_q;
`else
  assign div_go_d = sum_done;
`endif

  logic last_out;   // this edge hands over the row's last output beat
  assign last_out = out_valid_q & out_ready_i & ~s0_vld_q & ~rd_busy &
                    (state_q == S_OUT);

  always_ff @(posedge clk_i) begin
    if (!srst_ni) begin
      state_q     <= S_IDLE;
      div_go_q    <= 1'b0;
      s0_vld_q    <= 1'b0;
      s0_out_q    <= 1'b0;
      out_valid_q <= 1'b0;
    end else begin
      div_go_q <= div_go_d;
      unique case (state_q)
        S_IDLE, S_LOAD: begin
          if (accept) begin
            state_q <= last_in ? S_SUM : S_LOAD;
          end
        end
        S_SUM: begin
          // the last beat is in S0 and is added at this edge
          if (sum_done) begin
            state_q <= S_DIV;
          end
        end
        S_DIV: begin
          if (recip_last) begin
            state_q <= S_OUT;
          end
        end
        S_OUT: begin
          if (last_out) begin
            state_q <= S_IDLE;
          end
        end
        default: state_q <= S_IDLE;
      endcase

      if (en) begin
        s0_vld_q    <= issue;
        s0_out_q    <= (state_q != S_SUM);
        out_valid_q <= s0_vld_q & s0_out_q;
      end
    end
  end

  // datapath registers (no reset)
  always_ff @(posedge clk_i) begin
    if (accept) begin
      mx_q <= row_max;
      if (last_in) begin
        acc_q <= '0;
      end
    end
    if (en && issue) begin
      e_q <= e_d;
    end
    if (s0_vld_q && !s0_out_q) begin
      acc_q <= acc_q + SUM_W'(beat_sum);
    end
    if (en && s0_vld_q && s0_out_q) begin
      out_q <= p_d;
    end
    if (lut_we_i && state_q == S_IDLE) begin
      lut_q[lut_addr_i] <= lut_data_i;
    end
  end

  assign idle_o      = (state_q == S_IDLE);
  assign out_valid_o = out_valid_q;
  assign out_data_o  = out_q;

endmodule
