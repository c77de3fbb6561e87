// ctrl_seq: the attention-reuse controller's sequencer (docs/controller.md).
// On start it checks the configuration (every register against its legal
// range in ctrl_pkg, E % H), scans encoders 0..63 (reuse legality, source
// resolution, which encoders store), then issues the operation stream in
// the phases of ctrl_pkg: the model-level ops before encoder 0, the ops of
// every encoder, the model-level ops after the last one, each phase in the
// table's order (ctrl_pkg::NEXT_OP), an op skipped when its issuer or its
// condition (ctrl_pkg::OPS_*) does not hold, computing
// each descriptor itself (ceiling divisions on ctrl_div, products as a short
// sequence of steps on the serial ctrl_mul), and offers it on
// desc_valid_o/desc_ready_i, holding it stable until accepted.
// Descriptor layout (desc_o, ctrl_pkg): header [ENC_W-1:0] encoder,
// [OP_LSB +: OP_W] op, other bits of the first FIELD_W zero; then field f
// (ctrl_pkg::F_*) at [FIELD_W*(f+1) +: FIELD_W].
module ctrl_seq (
  input  logic         clk_i,
  input  logic         srst_ni,
  input  logic         start_i,
  // the configuration bank: register RI_x at [RI_x*DATA_W +: DATA_W]
  input  logic [ctrl_pkg::N_CFG*ctrl_pkg::DATA_W-1:0] cfg_i,
  input  logic [ctrl_pkg::MAX_DEPTH-1:0] reuse_mask_i,
  input  logic [ctrl_pkg::MAX_DEPTH*ctrl_pkg::SRC_ENTRY_W-1:0] reuse_src_i,
  output logic         desc_valid_o,
  input  logic         desc_ready_i,
  output logic [ctrl_pkg::DESC_W-1:0] desc_o,
  output logic         clear_o,     // start accepted: clear the counters
  output logic         busy_o,
  output logic         done_o,
  output logic         error_o,
  output logic [ctrl_pkg::ERR_W-1:0] err_code_o
);
  localparam logic [3:0] S_IDLE = 4'd0,  S_HDIV = 4'd1, S_SCAN = 4'd2, S_NEXT = 4'd3,
                         S_DIV1 = 4'd4,  S_DIV2 = 4'd5, S_DIV3 = 4'd6, S_CALC = 4'd7,
                         S_EMIT = 4'd8,  S_DONE = 4'd9, S_ERR  = 4'd10, S_MULGO = 4'd11,
                         S_MULW = 4'd12, S_DIV4 = 4'd13;
  // multiply steps (ms_q): operands, destination and what follows
  //   0  f10 = m * n          (ew elements) -> divide (elems + lanes - 1) / lanes
  //   1  tiles = h * q1                     -> 2
  //   2  tiles = tiles * q2   (q2 = ceil(n / outs), held by the divider)
  //   3  f10 = h * m          4  f9 = f10 * k      5  f5 = f9 * n
  //   6  f10 = f10 * n        7  f6 = m * tiles    8  f7 = f6 * A
  //   9  f4 = m * P           10 f4 = f4 * q3      -> head: emit; an
  //      op that requantises m > 0 vectors: divide ceil(n / add_lanes) (q1)
  //   16 tiles = h * q1       (B, the requantisation beats per vector)
  //   17 q3 = P * q3          (the MVM period)
  //   18 f4 += (m - 1) * max(0, B + 1 - period) + B + MM_FIXED_RQ -> emit (mm)
  //   11 f4 = rows_used * q3 + WR_FIXED             12 f9 = h * k
  //   13 f9 = f9 * n          14 f8 = f9 * C       -> emit        (wr)
  //   15 f4 = m * (passes * q1 + extra) + op_extra  (a row unit's cycles) -> emit (ew)
  localparam int W = ctrl_pkg::FIELD_W;
  localparam logic [1:0] PH_PRE = 2'd0, PH_ENC = 2'd1, PH_POST = 2'd2;

  // ---- configuration (the bank of ctrl_regs) --------------------------
  // depth and tb_layers are compared whole; every other register is used
  // through its low DIM_W bits (a legal value has no other: see the checks)
  localparam int DW = ctrl_pkg::DATA_W;
  localparam int NW = ctrl_pkg::DIM_W;
  logic [DW-1:0] depth_i, tb_layers_i;
  logic [NW-1:0] tokens_i, embedding_i, heads_i, mlp_i, tb_hidden_i, patch_dim_i, classes_i;
  logic [NW-1:0] rows_i, outs_i, per_mvm_i, adc_per_mvm_i, cells_per_w_i, par_tiles_i;
  logic [NW-1:0] sm_lanes_i, ln_lanes_i, gelu_lanes_i, add_lanes_i, buf_lanes_i;
  assign depth_i       = cfg_i[ctrl_pkg::RI_DEPTH*DW +: DW];
  assign tb_layers_i   = cfg_i[ctrl_pkg::RI_TB_LAYERS*DW +: DW];
  assign tokens_i      = cfg_i[ctrl_pkg::RI_TOKENS*DW +: NW];
  assign embedding_i   = cfg_i[ctrl_pkg::RI_EMBEDDING*DW +: NW];
  assign heads_i       = cfg_i[ctrl_pkg::RI_HEADS*DW +: NW];
  assign mlp_i         = cfg_i[ctrl_pkg::RI_MLP*DW +: NW];
  assign tb_hidden_i   = cfg_i[ctrl_pkg::RI_TB_HIDDEN*DW +: NW];
  assign patch_dim_i   = cfg_i[ctrl_pkg::RI_PATCH_DIM*DW +: NW];
  assign classes_i     = cfg_i[ctrl_pkg::RI_CLASSES*DW +: NW];
  assign rows_i        = cfg_i[ctrl_pkg::RI_ROWS*DW +: NW];
  assign outs_i        = cfg_i[ctrl_pkg::RI_OUTS*DW +: NW];
  assign per_mvm_i     = cfg_i[ctrl_pkg::RI_PER_MVM*DW +: NW];
  assign adc_per_mvm_i = cfg_i[ctrl_pkg::RI_ADC_PER_MVM*DW +: NW];
  assign cells_per_w_i = cfg_i[ctrl_pkg::RI_CELLS_PER_W*DW +: NW];
  assign par_tiles_i   = cfg_i[ctrl_pkg::RI_PAR_TILES*DW +: NW];
  assign sm_lanes_i    = cfg_i[ctrl_pkg::RI_SM_LANES*DW +: NW];
  assign ln_lanes_i    = cfg_i[ctrl_pkg::RI_LN_LANES*DW +: NW];
  assign gelu_lanes_i  = cfg_i[ctrl_pkg::RI_GELU_LANES*DW +: NW];
  assign add_lanes_i   = cfg_i[ctrl_pkg::RI_ADD_LANES*DW +: NW];
  assign buf_lanes_i   = cfg_i[ctrl_pkg::RI_BUF_LANES*DW +: NW];

  // ---- configuration checks (combinational) ----------------------------
  // every register in its legal range (ctrl_pkg::CFG_LO/CFG_HI); a model
  // register out of range is a size error, a chip register a chip error
  // (a least legal value of 0 makes the first comparison constant)
  logic [ctrl_pkg::N_CFG-1:0] in_range;
  for (genvar g = 0; g < ctrl_pkg::N_CFG; g++) begin : g_range
    /* verilator lint_off UNSIGNED */
    assign in_range[g] = cfg_i[g*DW +: DW] >= ctrl_pkg::CFG_LO[g*DW +: DW] &&
                         cfg_i[g*DW +: DW] <= ctrl_pkg::CFG_HI[g*DW +: DW];
    /* verilator lint_on UNSIGNED */
  end
  logic size_ok, chip_ok;
  assign size_ok = &(in_range | ~ctrl_pkg::CFG_MODEL);
  assign chip_ok = &(in_range | ctrl_pkg::CFG_MODEL);

  // ---- state -----------------------------------------------------------
  logic [3:0]   state_q, state_d;
  logic [ctrl_pkg::ERR_W-1:0] err_q, err_d;
  logic [5:0]   i_q, i_d;        // scan index / encoder being issued
  logic [5:0]   last_q, last_d;  // most recent computing encoder (scan)
  logic [63:0]  stores_q, stores_d;
  logic [15:0]  d_q, d_d;        // head width E / H
  logic [ctrl_pkg::OP_W-1:0] op_q, op_d;
  logic [1:0]   phase_q, phase_d;  // PH_PRE, PH_ENC, PH_POST
  logic [63:0]  q1_q, q1_d, q3_q, q3_d, tiles_q, tiles_d;
  logic [ctrl_pkg::FIELDS_W-1:0] fld_q, fld_d;  // the descriptor fields
  logic [4:0]   ms_q, ms_d;      // multiply step

  // ---- divider -----------------------------------------------------------
  logic        div_start, div_valid;
  logic [63:0] div_a, div_q;
  logic [15:0] div_b, div_r;

  ctrl_div u_div (
    .clk_i      (clk_i),
    .srst_ni    (srst_ni),
    .start_i    (div_start),
    .dividend_i (div_a),
    .divisor_i  (div_b),
    .valid_o    (div_valid),
    .quot_o     (div_q),
    .rem_o      (div_r)
  );

  // ---- multiplier -----------------------------------------------------------
  logic        mul_start, mul_valid;
  logic [63:0] mul_a, mul_b, mul_p;

  ctrl_mul u_mul (
    .clk_i   (clk_i),
    .srst_ni (srst_ni),
    .start_i (mul_start),
    .a_i     (mul_a),
    .b_i     (mul_b),
    .valid_o (mul_valid),
    .prod_o  (mul_p)
  );

  // ---- op decode -----------------------------------------------------------
  logic [1:0]  fam, kind;
  logic [63:0] h, m, k, n;
  logic [15:0] lanes, extra, op_extra;
  logic [1:0]  passes;
  logic        rd2, row_unit, requant;

  ctrl_opdec u_dec (
    .op_i         (op_q),
    .tokens_i     (tokens_i),
    .embedding_i  (embedding_i),
    .heads_i      (heads_i),
    .mlp_i        (mlp_i),
    .head_dim_i   (d_q),
    .tb_hidden_i  (tb_hidden_i),
    .tb_two_i     (tb_layers_i == 32'd2),
    .patch_dim_i  (patch_dim_i),
    .classes_i    (classes_i),
    .sm_lanes_i   (sm_lanes_i),
    .ln_lanes_i   (ln_lanes_i),
    .gelu_lanes_i (gelu_lanes_i),
    .add_lanes_i  (add_lanes_i),
    .buf_lanes_i  (buf_lanes_i),
    .fam_o        (fam),
    .h_o          (h),
    .m_o          (m),
    .k_o          (k),
    .n_o          (n),
    .lanes_o      (lanes),
    .rd2_o        (rd2),
    .kind_o       (kind),
    .row_o        (row_unit),
    .passes_o     (passes),
    .extra_o      (extra),
    .op_extra_o   (op_extra),
    .requant_o    (requant)
  );

  // ---- helpers -------------------------------------------------------------
  logic        reused, skip, last_op, last_enc, in_depth, mask_i, src_ex;
  logic [5:0]  src_v;
  logic [63:0] R, O, P, A, C, rows_used, f4, f6, f9, f10, row_cyc, hold;

  logic [15:0] divq16;
  assign divq16  = div_q[15:0];
  assign R = {48'd0, rows_i};
  assign O = {48'd0, outs_i};
  assign P = {48'd0, per_mvm_i};
  assign A = {48'd0, adc_per_mvm_i};
  assign C = {48'd0, cells_per_w_i};
  assign rows_used = k < R ? k : R;
  assign f4        = fld_q[ctrl_pkg::F_CYCLES*W +: W];
  assign f6        = fld_q[ctrl_pkg::F_MVMS*W +: W];
  assign f9        = fld_q[ctrl_pkg::F_BUFFER_READS*W +: W];
  assign f10       = fld_q[ctrl_pkg::F_BUFFER_WRITES*W +: W];
  // a row unit's cycles per row: passes (1..3) beats of ceil(n/lanes) (q1) + extra
  assign row_cyc   = (passes[1] ? {q1_q[62:0], 1'b0} : 64'd0) + (passes[0] ? q1_q : 64'd0) +
                     {48'd0, extra};
  // cycles a vector's requantisation stream (B = tiles_q after step 16) holds
  // the next vector back beyond the MVM period (q3_q after step 17)
  assign hold      = tiles_q + 64'd1 > q3_q ? tiles_q + 64'd1 - q3_q : 64'd0;

  // operands of multiply step ms_q (table above)
  always_comb begin
    mul_a = m;
    mul_b = n;
    unique case (ms_q)
      5'd1:  begin mul_a = h;         mul_b = q1_q;  end
      5'd2:  begin mul_a = tiles_q;   mul_b = div_q; end
      5'd3:  begin mul_a = h;         mul_b = m;     end
      5'd4:  begin mul_a = f10;       mul_b = k;     end
      5'd5:  begin mul_a = f9;        mul_b = n;     end
      5'd6:  begin mul_a = f10;       mul_b = n;     end
      5'd7:  begin mul_a = tiles_q;   mul_b = m;     end
      5'd8:  begin mul_a = f6;        mul_b = A;     end
      5'd9:  begin mul_a = m;         mul_b = P;     end
      5'd10: begin mul_a = f4;        mul_b = q3_q;  end
      5'd11: begin mul_a = rows_used; mul_b = q3_q;  end
      5'd12: begin mul_a = h;         mul_b = k;     end
      5'd13: begin mul_a = f9;        mul_b = n;     end
      5'd14: begin mul_a = f9;        mul_b = C;     end
      5'd15: begin mul_a = m;         mul_b = row_cyc; end
      5'd16: begin mul_a = h;         mul_b = q1_q;  end
      5'd17: begin mul_a = P;         mul_b = q3_q;  end
      5'd18: begin mul_a = m - 64'd1; mul_b = hold;  end
      default: ;
    endcase
  end
  assign reused    = reuse_mask_i[i_q];

  // the op's issuer and condition (ctrl_pkg::OPS_*, from the contract table)
  logic scope_ok, when_ok;
  logic [ctrl_pkg::OP_W-1:0] next_op;
  assign scope_ok = ctrl_pkg::OPS_PRE[op_q] || ctrl_pkg::OPS_POST[op_q] || ctrl_pkg::OPS_ALL[op_q] ||
                    (ctrl_pkg::OPS_COMPUTING[op_q] && !reused) ||
                    (ctrl_pkg::OPS_STORING[op_q] && !reused && stores_q[i_q]) ||
                    (ctrl_pkg::OPS_REUSING[op_q] && reused);
  assign when_ok  = !(ctrl_pkg::OPS_WHEN_TB_LAYERS_2[op_q] && tb_layers_i != 32'd2) &&
                    !(ctrl_pkg::OPS_WHEN_PATCH_DIM[op_q] && patch_dim_i == '0) &&
                    !(ctrl_pkg::OPS_WHEN_CLASSES[op_q] && classes_i == '0);
  assign skip     = !(scope_ok && when_ok);
  assign last_op  = op_q == ctrl_pkg::OP_END;
  assign next_op  = ctrl_pkg::NEXT_OP[op_q*ctrl_pkg::OP_W +: ctrl_pkg::OP_W];
  assign last_enc = {26'd0, i_q} + 32'd1 == depth_i;
  assign in_depth = {26'd0, i_q} < depth_i;
  assign mask_i   = reuse_mask_i[i_q];
  assign src_ex   = reuse_src_i[i_q*ctrl_pkg::SRC_ENTRY_W + ctrl_pkg::SRC_INDEX_W];
  assign src_v    = reuse_src_i[i_q*ctrl_pkg::SRC_ENTRY_W +: ctrl_pkg::SRC_INDEX_W];

  // ---- next state ----------------------------------------------------------
  always_comb begin
    state_d  = state_q;
    err_d    = err_q;
    i_d      = i_q;
    last_d   = last_q;
    stores_d = stores_q;
    d_d      = d_q;
    op_d     = op_q;
    phase_d  = phase_q;
    q1_d     = q1_q;
    q3_d     = q3_q;
    tiles_d  = tiles_q;
    fld_d    = fld_q;
    ms_d     = ms_q;
    mul_start = 1'b0;
    div_start = 1'b0;
    div_a     = 64'd0;
    div_b     = 16'd1;
    clear_o   = 1'b0;

    unique case (state_q)
      S_IDLE, S_DONE, S_ERR: begin
        if (start_i) begin
          clear_o  = 1'b1;
          err_d    = ctrl_pkg::E_OK;
          stores_d = 64'd0;
          if (!size_ok) begin
            err_d   = ctrl_pkg::E_SIZE;
            state_d = S_ERR;
          end else begin
            div_start = 1'b1;
            div_a     = {48'd0, embedding_i};
            div_b     = heads_i;
            state_d   = S_HDIV;
          end
        end
      end
      S_HDIV: begin
        if (div_valid) begin
          if (div_r != 16'd0) begin
            err_d   = ctrl_pkg::E_HEADS;
            state_d = S_ERR;
          end else if (!chip_ok) begin
            err_d   = ctrl_pkg::E_CHIP;
            state_d = S_ERR;
          end else begin
            d_d     = divq16;
            i_d     = 6'd0;
            last_d  = 6'd0;
            state_d = S_SCAN;
          end
        end
      end
      S_SCAN: begin
        if (mask_i && !in_depth) begin
          err_d   = ctrl_pkg::E_RANGE;
          state_d = S_ERR;
        end else if (in_depth && mask_i && i_q == 6'd0) begin
          err_d   = ctrl_pkg::E_REUSE0;
          state_d = S_ERR;
        end else if (in_depth && mask_i && src_ex && (src_v >= i_q || reuse_mask_i[src_v])) begin
          err_d   = ctrl_pkg::E_SOURCE;
          state_d = S_ERR;
        end else begin
          if (in_depth && !mask_i) last_d = i_q;
          if (in_depth && mask_i) stores_d[src_ex ? src_v : last_q] = 1'b1;
          if (i_q == 6'd63) begin
            i_d     = 6'd0;
            op_d    = ctrl_pkg::OP_PRE_FIRST;
            phase_d = PH_PRE;
            state_d = S_NEXT;
          end else begin
            i_d = i_q + 6'd1;
          end
        end
      end
      S_NEXT: begin
        if (last_op) begin  // the end of a phase
          unique case (phase_q)
            PH_PRE: begin
              phase_d = PH_ENC;
              op_d    = ctrl_pkg::OP_ENC_FIRST;
            end
            PH_ENC: begin
              if (last_enc) begin
                phase_d = PH_POST;
                op_d    = ctrl_pkg::OP_POST_FIRST;
              end else begin
                i_d  = i_q + 6'd1;
                op_d = ctrl_pkg::OP_ENC_FIRST;
              end
            end
            default: state_d = S_DONE;
          endcase
        end else if (skip) begin
          op_d = next_op;
        end else if (fam == ctrl_pkg::FAM_EW) begin
          ms_d    = 5'd0;
          state_d = S_MULGO;
        end else begin
          div_start = 1'b1;
          div_a     = k + R - 64'd1;
          div_b     = rows_i;
          state_d   = S_DIV1;
        end
      end
      S_MULGO: begin
        mul_start = 1'b1;
        state_d   = S_MULW;
      end
      S_MULW: begin
        if (mul_valid) begin
          ms_d    = ms_q + 5'd1;
          state_d = S_MULGO;
          unique case (ms_q)
            5'd0: begin
              fld_d[ctrl_pkg::F_BUFFER_WRITES*W +: W] = mul_p;
              div_start = 1'b1;
              // beats of a row (row unit) or of all the elements (stream unit)
              div_a     = (row_unit ? n : mul_p) + {48'd0, lanes} - 64'd1;
              div_b     = lanes;
              state_d   = S_DIV1;
            end
            5'd1, 5'd2: begin
              tiles_d = mul_p;
              if (ms_q == 5'd2) begin
                if (par_tiles_i == 16'd0) begin
                  q3_d    = 64'd1;
                  state_d = S_CALC;
                end else begin
                  div_start = 1'b1;
                  div_a     = mul_p + {48'd0, par_tiles_i} - 64'd1;
                  div_b     = par_tiles_i;
                  state_d   = S_DIV3;
                end
              end
            end
            5'd3, 5'd6: fld_d[ctrl_pkg::F_BUFFER_WRITES*W +: W] = mul_p;
            5'd4, 5'd12, 5'd13: fld_d[ctrl_pkg::F_BUFFER_READS*W +: W] = mul_p;
            5'd5:  fld_d[ctrl_pkg::F_MACS*W +: W] = mul_p;
            5'd7:  fld_d[ctrl_pkg::F_MVMS*W +: W] = mul_p;
            5'd8:  fld_d[ctrl_pkg::F_ADC_CONVERSIONS*W +: W] = mul_p;
            5'd9:  fld_d[ctrl_pkg::F_CYCLES*W +: W] = mul_p;
            5'd10: begin  // m * period
              if (!requant) begin  // head: no requantisation
                fld_d[ctrl_pkg::F_CYCLES*W +: W] = mul_p + {48'd0, ctrl_pkg::MM_FIXED};
                state_d = S_EMIT;
              end else if (m == 64'd0) begin
                fld_d[ctrl_pkg::F_CYCLES*W +: W] = {48'd0, ctrl_pkg::MM_FIXED_RQ};
                state_d = S_EMIT;
              end else begin  // the requantisation beats per vector
                fld_d[ctrl_pkg::F_CYCLES*W +: W] = mul_p;
                div_start = 1'b1;
                div_a     = n + {48'd0, add_lanes_i} - 64'd1;
                div_b     = add_lanes_i;
                state_d   = S_DIV4;
              end
            end
            5'd11: fld_d[ctrl_pkg::F_CYCLES*W +: W] = mul_p + {48'd0, ctrl_pkg::WR_FIXED};
            5'd14: begin
              fld_d[ctrl_pkg::F_XBAR_CELLS_WRITTEN*W +: W] = mul_p;
              state_d = S_EMIT;
            end
            5'd15: begin
              fld_d[ctrl_pkg::F_CYCLES*W +: W] = mul_p + {48'd0, op_extra};
              state_d = S_EMIT;
            end
            5'd16: tiles_d = mul_p;  // B
            5'd17: q3_d    = mul_p;  // the MVM period P * rounds
            5'd18: begin
              fld_d[ctrl_pkg::F_CYCLES*W +: W] = f4 + mul_p + tiles_q + {48'd0, ctrl_pkg::MM_FIXED_RQ};
              state_d = S_EMIT;
            end
            default: state_d = S_IDLE;
          endcase
        end
      end
      S_DIV1: begin
        if (div_valid) begin
          q1_d = div_q;
          if (fam == ctrl_pkg::FAM_EW) begin
            state_d = S_CALC;
          end else begin
            div_start = 1'b1;
            div_a     = n + O - 64'd1;
            div_b     = outs_i;
            state_d   = S_DIV2;
          end
        end
      end
      S_DIV2: begin
        if (div_valid) begin
          ms_d    = 5'd1;
          state_d = S_MULGO;
        end
      end
      S_DIV3: begin
        if (div_valid) begin
          q3_d    = div_q;
          state_d = S_CALC;
        end
      end
      S_DIV4: begin
        if (div_valid) begin
          q1_d    = div_q;
          ms_d    = 5'd16;
          state_d = S_MULGO;
        end
      end
      S_CALC: begin  // the fields that need no product; products follow
        fld_d = '0;
        fld_d[ctrl_pkg::F_M*W +: W] = m;
        fld_d[ctrl_pkg::F_K*W +: W] = k;
        fld_d[ctrl_pkg::F_N*W +: W] = n;
        if (fam == ctrl_pkg::FAM_EW) begin  // the buffer_writes field holds the elements (step 0)
          fld_d[ctrl_pkg::F_CYCLES*W +: W]        = q1_q + {48'd0, extra} + {48'd0, op_extra};
          fld_d[ctrl_pkg::F_BUFFER_READS*W +: W]  = rd2 ? f10 + f10 : f10;
          fld_d[ctrl_pkg::F_BUFFER_WRITES*W +: W] = f10;
          if (kind == ctrl_pkg::KIND_SOFTMAX) fld_d[ctrl_pkg::F_SOFTMAX_ELEMS*W +: W] = f10;
          if (kind == ctrl_pkg::KIND_LN)      fld_d[ctrl_pkg::F_LN_ELEMS*W +: W]      = f10;
          if (kind == ctrl_pkg::KIND_GELU)    fld_d[ctrl_pkg::F_GELU_ELEMS*W +: W]    = f10;
          if (row_unit) begin  // m rows of row_cyc cycles (step 15)
            ms_d    = 5'd15;
            state_d = S_MULGO;
          end else begin
            state_d = S_EMIT;
          end
        end else if (fam == ctrl_pkg::FAM_MM) begin
          fld_d[ctrl_pkg::F_TILES*W +: W] = tiles_q;
          ms_d    = 5'd3;
          state_d = S_MULGO;
        end else begin  // run-time write
          fld_d[ctrl_pkg::F_M*W +: W]     = h;
          fld_d[ctrl_pkg::F_TILES*W +: W] = tiles_q;
          ms_d    = 5'd11;
          state_d = S_MULGO;
        end
      end
      S_EMIT: begin
        if (desc_ready_i) begin
          op_d    = next_op;
          state_d = S_NEXT;
        end
      end
      default: state_d = S_IDLE;
    endcase
  end

  always_ff @(posedge clk_i) begin
    if (!srst_ni) begin
      state_q  <= S_IDLE;
      err_q    <= ctrl_pkg::E_OK;
      i_q      <= 6'd0;
      last_q   <= 6'd0;
      stores_q <= 64'd0;
      d_q      <= 16'd0;
      op_q     <= ctrl_pkg::OP_ENC_FIRST;
      phase_q  <= PH_PRE;
      q1_q     <= 64'd0;
      q3_q     <= 64'd0;
      tiles_q  <= 64'd0;
      fld_q    <= '0;
      ms_q     <= 5'd0;
    end else begin
      state_q  <= state_d;
      err_q    <= err_d;
      i_q      <= i_d;
      last_q   <= last_d;
      stores_q <= stores_d;
      d_q      <= d_d;
      op_q     <= op_d;
      phase_q  <= phase_d;
      q1_q     <= q1_d;
      q3_q     <= q3_d;
      tiles_q  <= tiles_d;
      fld_q    <= fld_d;
      ms_q     <= ms_d;
    end
  end

  assign desc_valid_o = state_q == S_EMIT;
  assign desc_o       = {fld_q, {(W - ctrl_pkg::OP_LSB - ctrl_pkg::OP_W){1'b0}}, op_q,
                         {(ctrl_pkg::OP_LSB - ctrl_pkg::ENC_W){1'b0}}, i_q};
  assign busy_o       = state_q != S_IDLE && state_q != S_DONE && state_q != S_ERR;
  assign done_o       = state_q == S_DONE;
  assign error_o      = state_q == S_ERR;
  assign err_code_o   = err_q;
endmodule
