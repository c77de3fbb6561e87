// ctrl_seq: the attention-reuse controller's sequencer (docs/controller.md).
// On start it checks the configuration (sizes, E % H, chip figures), scans
// encoders 0..63 (reuse legality, source resolution, which encoders store),
// then issues the operation stream encoder by encoder, op by op, computing
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
  input  logic [ctrl_pkg::DATA_W-1:0] tokens_i,
  input  logic [ctrl_pkg::DATA_W-1:0] embedding_i,
  input  logic [ctrl_pkg::DATA_W-1:0] heads_i,
  input  logic [ctrl_pkg::DATA_W-1:0] mlp_i,
  input  logic [ctrl_pkg::DATA_W-1:0] depth_i,
  input  logic [ctrl_pkg::DATA_W-1:0] tb_hidden_i,
  input  logic [ctrl_pkg::DATA_W-1:0] tb_layers_i,
  input  logic [ctrl_pkg::DATA_W-1:0] rows_i,
  input  logic [ctrl_pkg::DATA_W-1:0] outs_i,
  input  logic [ctrl_pkg::DATA_W-1:0] per_mvm_i,
  input  logic [ctrl_pkg::DATA_W-1:0] adc_per_mvm_i,
  input  logic [ctrl_pkg::DATA_W-1:0] cells_per_w_i,
  input  logic [ctrl_pkg::DATA_W-1:0] par_tiles_i,
  input  logic [ctrl_pkg::DATA_W-1:0] sm_lanes_i,
  input  logic [ctrl_pkg::DATA_W-1:0] ln_lanes_i,
  input  logic [ctrl_pkg::DATA_W-1:0] gelu_lanes_i,
  input  logic [ctrl_pkg::DATA_W-1:0] add_lanes_i,
  input  logic [ctrl_pkg::DATA_W-1:0] buf_lanes_i,
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
                         S_MULW = 4'd12;
  // multiply steps (ms_q): operands, destination and what follows
  //   0  f10 = m * n          (ew elements) -> divide (elems + lanes - 1) / lanes
  //   1  tiles = h * q1                     -> 2
  //   2  tiles = tiles * q2   (q2 = ceil(n / outs), held by the divider)
  //   3  f10 = h * m          4  f9 = f10 * k      5  f5 = f9 * n
  //   6  f10 = f10 * n        7  f6 = m * tiles    8  f7 = f6 * A
  //   9  f4 = m * P           10 f4 = f4 * q3      -> emit        (mm)
  //   11 f4 = rows_used * q3  12 f9 = h * k        13 f9 = f9 * n
  //   14 f8 = f9 * C                               -> emit        (wr)
  localparam int W = ctrl_pkg::FIELD_W;

  // ---- configuration checks (combinational) ----------------------------
  function automatic logic in16(input logic [31:0] v);
    in16 = v != 32'd0 && v[31:16] == 16'd0;
  endfunction

  logic size_ok, chip_ok;
  assign size_ok = in16(tokens_i) && in16(embedding_i) && in16(heads_i) && in16(mlp_i) &&
                   in16(tb_hidden_i) && depth_i != 32'd0 && depth_i <= ctrl_pkg::MAX_DEPTH &&
                   tb_layers_i != 32'd0 && tb_layers_i <= ctrl_pkg::MAX_TB_LAYERS;
  assign chip_ok = in16(rows_i) && in16(outs_i) && in16(per_mvm_i) && in16(adc_per_mvm_i) &&
                   in16(cells_per_w_i) && par_tiles_i[31:16] == 16'd0 && in16(sm_lanes_i) &&
                   in16(ln_lanes_i) && in16(gelu_lanes_i) && in16(add_lanes_i) &&
                   in16(buf_lanes_i);

  // ---- state -----------------------------------------------------------
  logic [3:0]   state_q, state_d;
  logic [ctrl_pkg::ERR_W-1:0] err_q, err_d;
  logic [5:0]   i_q, i_d;        // scan index / encoder being issued
  logic [5:0]   last_q, last_d;  // most recent computing encoder (scan)
  logic [63:0]  stores_q, stores_d;
  logic [15:0]  d_q, d_d;        // head width E / H
  logic [ctrl_pkg::OP_W-1:0] op_q, op_d;
  logic [63:0]  q1_q, q1_d, q3_q, q3_d, tiles_q, tiles_d;
  logic [ctrl_pkg::FIELDS_W-1:0] fld_q, fld_d;  // the descriptor fields
  logic [3:0]   ms_q, ms_d;      // multiply step

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
  logic [15:0] lanes;
  logic        rd2;

  ctrl_opdec u_dec (
    .op_i         (op_q),
    .tokens_i     (tokens_i[15:0]),
    .embedding_i  (embedding_i[15:0]),
    .heads_i      (heads_i[15:0]),
    .mlp_i        (mlp_i[15:0]),
    .head_dim_i   (d_q),
    .tb_hidden_i  (tb_hidden_i[15:0]),
    .tb_two_i     (tb_layers_i == 32'd2),
    .sm_lanes_i   (sm_lanes_i[15:0]),
    .ln_lanes_i   (ln_lanes_i[15:0]),
    .gelu_lanes_i (gelu_lanes_i[15:0]),
    .add_lanes_i  (add_lanes_i[15:0]),
    .buf_lanes_i  (buf_lanes_i[15:0]),
    .fam_o        (fam),
    .h_o          (h),
    .m_o          (m),
    .k_o          (k),
    .n_o          (n),
    .lanes_o      (lanes),
    .rd2_o        (rd2),
    .kind_o       (kind)
  );

  // ---- helpers -------------------------------------------------------------
  logic        reused, skip, last_op, last_enc, in_depth, mask_i, src_ex;
  logic [5:0]  src_v;
  logic [63:0] R, O, P, A, C, rows_used, f4, f6, f9, f10;

  logic [15:0] emb16, heads16, rows16, outs16, par16, divq16;
  assign emb16   = embedding_i[15:0];
  assign heads16 = heads_i[15:0];
  assign rows16  = rows_i[15:0];
  assign outs16  = outs_i[15:0];
  assign par16   = par_tiles_i[15:0];
  assign divq16  = div_q[15:0];
  assign R = {48'd0, rows16};
  assign O = {48'd0, outs16};
  assign P = {48'd0, per_mvm_i[15:0]};
  assign A = {48'd0, adc_per_mvm_i[15:0]};
  assign C = {48'd0, cells_per_w_i[15:0]};
  assign rows_used = k < R ? k : R;
  assign f4        = fld_q[ctrl_pkg::F_CYCLES*W +: W];
  assign f6        = fld_q[ctrl_pkg::F_MVMS*W +: W];
  assign f9        = fld_q[ctrl_pkg::F_BUFFER_READS*W +: W];
  assign f10       = fld_q[ctrl_pkg::F_BUFFER_WRITES*W +: W];

  // operands of multiply step ms_q (table above)
  always_comb begin
    mul_a = m;
    mul_b = n;
    unique case (ms_q)
      4'd1:  begin mul_a = h;         mul_b = q1_q;  end
      4'd2:  begin mul_a = tiles_q;   mul_b = div_q; end
      4'd3:  begin mul_a = h;         mul_b = m;     end
      4'd4:  begin mul_a = f10;       mul_b = k;     end
      4'd5:  begin mul_a = f9;        mul_b = n;     end
      4'd6:  begin mul_a = f10;       mul_b = n;     end
      4'd7:  begin mul_a = tiles_q;   mul_b = m;     end
      4'd8:  begin mul_a = f6;        mul_b = A;     end
      4'd9:  begin mul_a = m;         mul_b = P;     end
      4'd10: begin mul_a = f4;        mul_b = q3_q;  end
      4'd11: begin mul_a = rows_used; mul_b = q3_q;  end
      4'd12: begin mul_a = h;         mul_b = k;     end
      4'd13: begin mul_a = f9;        mul_b = n;     end
      4'd14: begin mul_a = f9;        mul_b = C;     end
      default: ;
    endcase
  end
  assign reused    = reuse_mask_i[i_q];

  // ops a reusing encoder skips (OP_COMP_*), a computing one skips
  // (OP_REUSE_*), reuse_store without a reader, tb_fc2 with a one-layer TB
  assign skip = (reused && op_q >= ctrl_pkg::OP_COMP_FIRST && op_q <= ctrl_pkg::OP_COMP_LAST) ||
                (!reused && op_q >= ctrl_pkg::OP_REUSE_FIRST && op_q <= ctrl_pkg::OP_REUSE_LAST) ||
                (op_q == ctrl_pkg::OP_REUSE_STORE && !stores_q[i_q]) ||
                (op_q == ctrl_pkg::OP_TB_FC2 && tb_layers_i != 32'd2);
  assign last_op  = op_q == ctrl_pkg::OP_ENC_END;
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
            div_a     = {48'd0, emb16};
            div_b     = heads16;
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
            op_d    = ctrl_pkg::OP_ENC_FIRST;
            state_d = S_NEXT;
          end else begin
            i_d = i_q + 6'd1;
          end
        end
      end
      S_NEXT: begin
        if (last_op) begin
          if (last_enc) begin
            state_d = S_DONE;
          end else begin
            i_d  = i_q + 6'd1;
            op_d = ctrl_pkg::OP_ENC_FIRST;
          end
        end else if (skip) begin
          op_d = op_q + 5'd1;
        end else if (fam == ctrl_pkg::FAM_EW) begin
          ms_d    = 4'd0;
          state_d = S_MULGO;
        end else begin
          div_start = 1'b1;
          div_a     = k + R - 64'd1;
          div_b     = rows16;
          state_d   = S_DIV1;
        end
      end
      S_MULGO: begin
        mul_start = 1'b1;
        state_d   = S_MULW;
      end
      S_MULW: begin
        if (mul_valid) begin
          ms_d    = ms_q + 4'd1;
          state_d = S_MULGO;
          unique case (ms_q)
            4'd0: begin
              fld_d[ctrl_pkg::F_BUFFER_WRITES*W +: W] = mul_p;
              div_start = 1'b1;
              div_a     = mul_p + {48'd0, lanes} - 64'd1;
              div_b     = lanes;
              state_d   = S_DIV1;
            end
            4'd1, 4'd2: begin
              tiles_d = mul_p;
              if (ms_q == 4'd2) begin
                if (par16 == 16'd0) begin
                  q3_d    = 64'd1;
                  state_d = S_CALC;
                end else begin
                  div_start = 1'b1;
                  div_a     = mul_p + {48'd0, par16} - 64'd1;
                  div_b     = par16;
                  state_d   = S_DIV3;
                end
              end
            end
            4'd3, 4'd6: fld_d[ctrl_pkg::F_BUFFER_WRITES*W +: W] = mul_p;
            4'd4, 4'd12, 4'd13: fld_d[ctrl_pkg::F_BUFFER_READS*W +: W] = mul_p;
            4'd5:  fld_d[ctrl_pkg::F_MACS*W +: W] = mul_p;
            4'd7:  fld_d[ctrl_pkg::F_MVMS*W +: W] = mul_p;
            4'd8:  fld_d[ctrl_pkg::F_ADC_CONVERSIONS*W +: W] = mul_p;
            4'd9:  fld_d[ctrl_pkg::F_CYCLES*W +: W] = mul_p;
            4'd10: begin
              fld_d[ctrl_pkg::F_CYCLES*W +: W] = mul_p;
              state_d = S_EMIT;
            end
            4'd11: fld_d[ctrl_pkg::F_CYCLES*W +: W] = mul_p;
            4'd14: begin
              fld_d[ctrl_pkg::F_XBAR_CELLS_WRITTEN*W +: W] = mul_p;
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
            div_b     = outs16;
            state_d   = S_DIV2;
          end
        end
      end
      S_DIV2: begin
        if (div_valid) begin
          ms_d    = 4'd1;
          state_d = S_MULGO;
        end
      end
      S_DIV3: begin
        if (div_valid) begin
          q3_d    = div_q;
          state_d = S_CALC;
        end
      end
      S_CALC: begin  // the fields that need no product; products follow
        fld_d = '0;
        fld_d[ctrl_pkg::F_M*W +: W] = m;
        fld_d[ctrl_pkg::F_K*W +: W] = k;
        fld_d[ctrl_pkg::F_N*W +: W] = n;
        if (fam == ctrl_pkg::FAM_EW) begin  // the buffer_writes field holds the elements (step 0)
          fld_d[ctrl_pkg::F_CYCLES*W +: W]        = q1_q;
          fld_d[ctrl_pkg::F_BUFFER_READS*W +: W]  = rd2 ? f10 + f10 : f10;
          fld_d[ctrl_pkg::F_BUFFER_WRITES*W +: W] = f10;
          if (kind == ctrl_pkg::KIND_SOFTMAX) fld_d[ctrl_pkg::F_SOFTMAX_ELEMS*W +: W] = f10;
          if (kind == ctrl_pkg::KIND_LN)      fld_d[ctrl_pkg::F_LN_ELEMS*W +: W]      = f10;
          if (kind == ctrl_pkg::KIND_GELU)    fld_d[ctrl_pkg::F_GELU_ELEMS*W +: W]    = f10;
          state_d = S_EMIT;
        end else if (fam == ctrl_pkg::FAM_MM) begin
          fld_d[ctrl_pkg::F_TILES*W +: W] = tiles_q;
          ms_d    = 4'd3;
          state_d = S_MULGO;
        end else begin  // run-time write
          fld_d[ctrl_pkg::F_M*W +: W]     = h;
          fld_d[ctrl_pkg::F_TILES*W +: W] = tiles_q;
          ms_d    = 4'd11;
          state_d = S_MULGO;
        end
      end
      S_EMIT: begin
        if (desc_ready_i) begin
          op_d    = op_q + 5'd1;
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
      q1_q     <= 64'd0;
      q3_q     <= 64'd0;
      tiles_q  <= 64'd0;
      fld_q    <= '0;
      ms_q     <= 4'd0;
    end else begin
      state_q  <= state_d;
      err_q    <= err_d;
      i_q      <= i_d;
      last_q   <= last_d;
      stores_q <= stores_d;
      d_q      <= d_d;
      op_q     <= op_d;
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
