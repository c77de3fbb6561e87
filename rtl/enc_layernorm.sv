// LayerNorm unit: one row of n int8 values -> n int8 outputs, bit-exact to
// docs/encoder-int.md section 5.2 (C model: enc_ln_row in
// c-model/enc_ops.c).
//
//   S1 = sum x_i;  S2 = sum x_i^2;  D = n*S2 - S1^2;  V = D + eps_q;
//   R = isqrt(V * 2^16);  r = floor(2^48 / R);  c_i = n*x_i - S1;
//   m_i = rshr(c_i * r, 24);  y_i = sat8(rshr(m_i * g_i + B_i, s))
//
// Ports, timing and the cycles-per-row formula: docs/encoder-units.md.
//
// Parameters:
//   LANES  elements per beat (the controller's ln_lanes), >= 1.
//   NMAX   longest row (the largest E the unit serves), 1 .. 65535.
//   STEPS  root bits / reciprocal quotient bits per cycle (enc_isqrt,
//          enc_recip), >= 1.
//
// A row passes the unit in five phases, one row at a time:
//   LOAD  ceil(n/LANES) input beats into the row buffer, S1 and S2;
//   STAT  n*S2 and S1^2 (one cycle);
//   SQRT  R = isqrt((D + eps_q) * 2^16), ceil(32/STEPS) cycles;
//   DIV   r = floor(2^48 / R), ceil(41/STEPS) cycles;
//   NORM  the buffer again with the g/B side stream, through a 4-stage
//         pipeline (c, m, m*g+B, rounding and saturation).
// Cycles per row (first input accept to last output handshake, inclusive,
// no gaps or stalls): 2*ceil(n/LANES) + ceil(32/STEPS) + ceil(41/STEPS) + 4.
//
// ENC_BREAK_LN    (checker self-test): m_i truncates instead of rounding.
// ENC_BREAK_CYCLE (checker self-test): STAT takes two cycles.
module enc_layernorm #(
  parameter int LANES = 4,
  parameter int NMAX  = 64,
  parameter int STEPS = 1
) (
  input  logic                         clk_i,
  input  logic                         srst_ni,      // active-low synchronous reset
  output logic                         idle_o,      // no row in the unit

  // values, LANES per beat; len_i (n), eps_q_i and shift_i are sampled
  // with a row's first beat
  input  logic [$clog2(NMAX+1)-1:0]    len_i,
  input  logic [40:0]                  eps_q_i,     // 1 .. 2^40
  input  logic [5:0]                   shift_i,     // s: 0 .. 62
  input  logic                         in_valid_i,
  output logic                         in_ready_o,
  input  logic [LANES*8-1:0]           in_data_i,   // x at [j*8 +: 8]

  // g/B side stream: one beat per output beat, in row order (lanes past n
  // in the last beat are ignored)
  input  logic                         gb_valid_i,
  output logic                         gb_ready_o,
  input  logic [LANES*32-1:0]          gb_g_i,      // g_i at [j*32 +: 32]
  input  logic [LANES*32-1:0]          gb_b_i,      // B_i at [j*32 +: 32]

  // outputs, LANES per beat (lanes past n in the last beat are 0)
  output logic                         out_valid_o,
  input  logic                         out_ready_i,
  output logic [LANES*8-1:0]           out_data_o
);

  ////////////////////////
  // Derived parameters //
  ////////////////////////

  localparam int LEN_W  = $clog2(NMAX + 1);
  localparam int LW     = $clog2(LANES + 1);
  localparam int BS1_W  = 8 + LW;                       // one beat's sum x (signed)
  localparam int BS2_W  = 15 + LW;                      // one beat's sum x^2
  localparam int S1_W   = 9 + LEN_W;                    // |S1| <= 128 n (signed)
  localparam int S2_W   = 15 + LEN_W;                   // S2 <= 2^14 n
  localparam int P1_W   = LEN_W + S2_W;                 // n * S2
  localparam int P2_W   = 2 * S1_W;                     // S1^2 (signed product)
  localparam int RT_W   = 32;                           // R < 2^31.01
  localparam int RC_W   = 41;                           // r <= 2^40
  localparam int C_W    = LEN_W + 10;                   // |c| <= 255 n (signed)
  localparam int CR_W   = C_W + RC_W + 1;               // c * r (signed)
  localparam int M_W    = 27;                           // |m| <= 2^24.01 + 1
  localparam int V_W    = M_W + 33;                     // m*g + B (signed)

`ifndef SYNTHESIS
  enc_param_check #(.OK(!(LANES < 1 || NMAX < 1 || NMAX > 65535 || STEPS < 1))) u_param_check ();
`endif

  localparam logic [2:0] S_IDLE = 3'd0, S_LOAD = 3'd1, S_STAT = 3'd2, S_SQRT = 3'd3,
                         S_DIV = 3'd4, S_NORM = 3'd5;

  logic [2:0]        state_q;
  logic [LEN_W-1:0]  len_n;       // n of the row in the unit
  logic [40:0]       eps_q;
  logic [5:0]        shift_q;
  logic              rd_busy;
  logic signed [S1_W-1:0] s1_q;
  logic [S2_W-1:0]   s2_q;
  logic [P1_W-1:0]   p1_q;
  logic signed [P2_W-1:0] p2_q;
  logic              sq_go_q, dv_go_q;

  // NORM pipeline: S0 (c), S1 (m), S2 (m*g+B), S3 (output register)
  logic              v0_q, v1_q, v2_q, out_valid_q;
  logic [LANES*C_W-1:0] c_q;
  logic [LANES*M_W-1:0] m_q;
  logic [LANES*32-1:0]  g0_q, b0_q, g1_q, b1_q;
  logic [LANES*V_W-1:0] v_q;
  logic [LANES*8-1:0]   out_q;

  logic en;
  assign en = ~out_valid_q | out_ready_i;

  ///////////////////////
  // Input, S1 and S2 //
  ///////////////////////

  logic             first, accept, last_in, issue;
  logic [LANES-1:0] in_mask, rd_mask;
  logic [LANES*8-1:0] rd_beat;
  assign first      = (state_q == S_IDLE);
  assign in_ready_o = (state_q == S_IDLE) || (state_q == S_LOAD);
  assign accept     = in_valid_i & in_ready_o;

  // one read pass (NORM), after the last input beat
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
    .rewind_i  (accept & last_in),
    .rd_i      (issue),
    .rd_data_o (rd_beat),
    .rd_mask_o (rd_mask),
    .rd_busy_o (rd_busy)
  );

  logic signed [BS1_W-1:0] bs1;
  logic [BS2_W-1:0]        bs2;
  always_comb begin
    bs1 = '0;
    bs2 = '0;
    for (int j = 0; j < LANES; j++) begin
      logic signed [15:0] x;
      // verilator lint_off UNUSEDSIGNAL
      logic signed [15:0] sq;   // x^2 <= 2^14: bit 15 is 0
      // verilator lint_on UNUSEDSIGNAL
      x  = 16'($signed(in_data_i[j*8 +: 8]));
      sq = x * x;
      if (in_mask[j]) begin
        bs1 = bs1 + BS1_W'(x);
        bs2 = bs2 + BS2_W'(sq[14:0]);
      end
    end
  end

  ///////////////////////////
  // Root and reciprocal //
  ///////////////////////////

  // V * 2^16 with V = n*S2 - S1^2 + eps_q < 2^47 (docs/encoder-int.md, 6)
  logic [63:0] dd, vv;
  assign dd = 64'(p1_q) - 64'(p2_q);
  assign vv = (dd + 64'(eps_q)) << 16;

  logic            sqrt_last, recip_last;
  logic [RT_W-1:0] root;
  logic [RC_W-1:0] recip;

  enc_isqrt #(
    .V_W   (64),
    .STEPS (STEPS)
  ) u_isqrt (
    .clk_i   (clk_i),
    .srst_ni  (srst_ni),
    .start_i (sq_go_q),
    .v_i     (vv),
    .last_o  (sqrt_last),
    .root_o  (root)
  );

  enc_recip #(
    .K     (48),
    .D_W   (RT_W),
    .Q_W   (RC_W),
    .STEPS (STEPS)
  ) u_recip (
    .clk_i   (clk_i),
    .srst_ni  (srst_ni),
    .start_i (dv_go_q),
    .d_i     (root),
    .last_o  (recip_last),
    .q_o     (recip)
  );

  ///////////////////////
  // NORM pipeline //
  ///////////////////////

  logic        pass_on, want;
  assign pass_on    = (state_q == S_NORM) || (state_q == S_DIV && recip_last);
  assign want       = pass_on & rd_busy & en;
  assign issue      = want & gb_valid_i;
  assign gb_ready_o = want;

  // S0: c = n*x - S1 (0 with g = B = 0 on lanes past n)
  logic [LANES*C_W-1:0] c_d;
  logic [LANES*32-1:0]  g_d, b_d;
  always_comb begin
    for (int j = 0; j < LANES; j++) begin
      logic signed [C_W-1:0] nx;
      nx = $signed({1'b0, len_n}) * $signed(rd_beat[j*8 +: 8]);
      if (rd_mask[j]) begin
        c_d[j*C_W +: C_W] = nx - C_W'(s1_q);
        g_d[j*32 +: 32]   = gb_g_i[j*32 +: 32];
        b_d[j*32 +: 32]   = gb_b_i[j*32 +: 32];
      end else begin
        c_d[j*C_W +: C_W] = '0;
        g_d[j*32 +: 32]   = '0;
        b_d[j*32 +: 32]   = '0;
      end
    end
  end

  // S1: m = rshr(c * r, 24)
  logic [LANES*M_W-1:0] m_d;
  always_comb begin
    for (int j = 0; j < LANES; j++) begin
      logic signed [CR_W-1:0] cr;
      // verilator lint_off UNUSEDSIGNAL
      logic signed [CR_W-1:0] crr;   // |crr| < 2^48.01: the top bits are sign
      // verilator lint_on UNUSEDSIGNAL
      cr  = CR_W'($signed(c_q[j*C_W +: C_W])) * $signed({1'b0, recip});
`ifdef ENC_BREAK_LN
      crr = cr >>> 24;
`else
      crr = (cr + $signed(CR_W'(1) << 23)) >>> 24;
`endif
      m_d[j*M_W +: M_W] = crr[M_W-1:0];
    end
  end

  // S2: m*g + B
  logic [LANES*V_W-1:0] v_d;
  always_comb begin
    for (int j = 0; j < LANES; j++) begin
      logic signed [V_W-1:0] mg;
      mg = V_W'($signed(m_q[j*M_W +: M_W])) * V_W'($signed(g1_q[j*32 +: 32]));
      v_d[j*V_W +: V_W] = mg + V_W'($signed(b1_q[j*32 +: 32]));
    end
  end

  // S3: sat8(rshr(v, s))
  logic [LANES*8-1:0] y_d;
  for (genvar j = 0; j < LANES; j++) begin : g_lane
    enc_round_sat #(
      .IN_W (V_W)
    ) u_round (
      .v_i (v_q[j*V_W +: V_W]),
      .s_i (shift_q),
      .y_o (y_d[j*8 +: 8])
    );
  end

  ///////////////////
  // State machine //
  ///////////////////

  logic stat_done;
`ifdef ENC_BREAK_CYCLE
  logic stat_late_q;
  always_ff @(posedge clk_i) begin
    if (!srst_ni) begin
      stat_late_q <= 1'b0;
    end else begin
      stat_late_q <= (state_q == S_STAT) & ~stat_late_q;
    end
  end
  assign stat_done = (state_q == S_STAT) & stat_late_q;
`else
  assign stat_done = (state_q == S_STAT);
`endif

  logic last_out;
  assign last_out = out_valid_q & out_ready_i & ~v0_q & ~v1_q & ~v2_q & ~rd_busy &
                    (state_q == S_NORM);

  always_ff @(posedge clk_i) begin
    if (!srst_ni) begin
      state_q     <= S_IDLE;
      sq_go_q     <= 1'b0;
      dv_go_q     <= 1'b0;
      v0_q        <= 1'b0;
      v1_q        <= 1'b0;
      v2_q        <= 1'b0;
      out_valid_q <= 1'b0;
    end else begin
      sq_go_q <= stat_done;
      dv_go_q <= (state_q == S_SQRT) & sqrt_last;
      unique case (state_q)
        S_IDLE, S_LOAD: begin
          if (accept) begin
            state_q <= last_in ? S_STAT : S_LOAD;
          end
        end
        S_STAT: if (stat_done) state_q <= S_SQRT;
        S_SQRT: if (sqrt_last) state_q <= S_DIV;
        S_DIV:  if (recip_last) state_q <= S_NORM;
        S_NORM: if (last_out) state_q <= S_IDLE;
        default: state_q <= S_IDLE;
      endcase
      if (en) begin
        v0_q        <= issue;
        v1_q        <= v0_q;
        v2_q        <= v1_q;
        out_valid_q <= v2_q;
      end
    end
  end

  // datapath registers (no reset)
  always_ff @(posedge clk_i) begin
    if (accept) begin
      s1_q <= (first ? '0 : s1_q) + S1_W'(bs1);
      s2_q <= (first ? '0 : s2_q) + S2_W'(bs2);
      if (first) begin
        eps_q   <= eps_q_i;
        shift_q <= shift_i;
      end
    end
    if (state_q == S_STAT) begin
      p1_q <= P1_W'(len_n) * P1_W'(s2_q);
      p2_q <= P2_W'(s1_q) * P2_W'(s1_q);
    end
    if (en) begin
      if (issue) begin
        c_q  <= c_d;
        g0_q <= g_d;
        b0_q <= b_d;
      end
      if (v0_q) begin
        m_q  <= m_d;
        g1_q <= g0_q;
        b1_q <= b0_q;
      end
      if (v1_q) begin
        v_q <= v_d;
      end
      if (v2_q) begin
        out_q <= y_d;
      end
    end
  end

  assign idle_o      = (state_q == S_IDLE);
  assign out_valid_o = out_valid_q;
  assign out_data_o  = out_q;

endmodule
