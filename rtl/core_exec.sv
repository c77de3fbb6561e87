// core_exec: the execution unit of the accelerator top trex_core
// (docs/core.md). It consumes the controller's descriptors one at a time
// (the schedule's sequential dataflow: no overlap between ops) and runs each
// on the crossbar tiles (core_tiles) and the digital units (enc_layernorm,
// enc_softmax, enc_gelu, enc_add, enc_requant), reading and writing the
// activation memory and the parameter memory.
//
// What the unit needs beyond today's descriptor (docs/core.md, "Tables"):
//   - tile_base (first physical tile of an op) and the reuse source of a
//     reuse_load come from two tables written through the load port
//     (LD_TBASE, LD_RSRC). They are isolated here so that they can move into
//     the descriptor through the controller contract's table later.
//   - buffer roles and parameter slots: a fixed function of the op code and
//     the encoder index (the decode table below).
//
// Parameters:
//   ROWS, OUTS, CELL_BITS, ADC_BITS, COLS_PER_ADC, DIFFERENTIAL: the tile
//                    (w_bits = x_bits = 8, signed inputs: the integer contract).
//   N_TILES          physical tiles.
//   LANES            elements per beat of every digital unit and of the
//                    requantisation stage (the chip's *_lanes, all equal).
//   TMAX             longest token count T the core serves.
//   EMAX             widest embedding E.
//   WMAX             widest row of any op (E, M, Th', patch_dim, classes).
//   HMAX             most heads.
//   DMAX             most encoders (and reuse-buffer slots).
`include "trex_params.svh"

module core_exec #(
  `CORE_ARRAY_PARAMS,
  `CORE_SIZE_PARAMS,
  // derived (do not override)
  parameter int TW           = (N_TILES > 1) ? $clog2(N_TILES) : 1,
  parameter int LD_W         = `CORE_LD_W
) (
  input  logic                     clk_i,
  input  logic                     srst_ni,      // active-low synchronous reset

  // descriptor stream (controller or host)
  input  logic                     desc_valid_i,
  output logic                     desc_ready_o,
  input  logic [959:0]             desc_i,

  // load port: weights, parameters, tables, activations (images in)
  input  logic                     ld_valid_i,
  output logic                     ld_ready_o,
  input  logic [31:0]              ld_addr_i,   // [31:28] space, [27:0] address
  input  logic [LD_W-1:0]          ld_data_i,   // tile rows in [OUTS*8-1:0], else the low bits

  // debug / output port
  input  logic [31:0]              dbg_addr_i,  // activation memory byte address
  output logic [7:0]               dbg_data_o,
  input  logic [15:0]              logit_idx_i,
  output logic [31:0]              logit_o,
  output logic [15:0]              class_o,
  input  logic                     out_busy_i,  // the output port still sends the last logits

  // status
  output logic                     idle_o,
  output logic                     err_o,       // refused descriptor (sticky)
  output logic                     op_done_o,   // pulse: the op ended at this edge
  output logic [5:0]               op_enc_o,
  output logic [4:0]               op_code_o,
  output logic [31:0]              op_cycles_o, // descriptor accept .. done, inclusive
  output logic [31:0]              op_dst_o,    // output base address (activation memory)
  output logic [15:0]              op_n_o,      // the op's n (head: the logits)

  // tile array
  output logic [N_TILES-1:0]       t_wr_en_o,
  output logic [$clog2(ROWS)-1:0]  t_wr_row_o,
  output logic [N_TILES*OUTS*8-1:0] t_wr_data_o,
  output logic [N_TILES-1:0]       t_in_valid_o,
  output logic [N_TILES*ROWS*8-1:0] t_in_data_o,
  input  logic [N_TILES-1:0]       t_out_valid_i,
  output logic [N_TILES-1:0]       t_out_ready_o,
  input  logic [N_TILES*OUTS*32-1:0] t_out_data_i
);

  ////////////////
  // Constants  //
  ////////////////

  localparam int RLOG   = $clog2(ROWS);
  localparam int NPH    = (WMAX > TMAX) ? WMAX : TMAX;              // outputs per head
  localparam int KPH    = (WMAX > TMAX) ? WMAX : TMAX;              // inputs per head
  localparam int RBMAX  = (KPH + ROWS - 1) / ROWS;
  localparam int XSEG   = HMAX * RBMAX;                             // input segments
  localparam int REG1   = TMAX * WMAX;
  localparam int REG2   = HMAX * TMAX * TMAX;
  localparam int REG    = (REG1 > REG2) ? REG1 : REG2;              // bytes per region
  localparam int NROLE  = 19;
  localparam int MEMB   = (NROLE + DMAX) * REG;
  localparam int LPE    = 20;                                       // layer slots per encoder
  localparam int SLOTS  = (DMAX + 1) * LPE;
  localparam int NB     = NPH;                                      // bias entries per layer
  localparam int NBX    = 8 * DMAX + 2;                             // layers with a bias
  localparam int NLN    = 3 * DMAX + 1;                             // LayerNorms (g, B)
  localparam int ACC_W  = 40;

  // roles (activation regions)
  localparam int R_X = 0, R_LN = 1, R_Q = 2, R_K = 3, R_V = 4, R_S = 5, R_PR = 6,
                 R_AV = 7, R_A = 8, R_RL = 9, R_TH = 10, R_TG = 11, R_H = 12,
                 R_F1 = 13, R_G = 14, R_F2 = 15, R_PATCH = 16, R_PE = 17, R_POS = 18;
  // load spaces
  localparam logic [3:0] LD_TILE = 4'd0, LD_SCAL = 4'd1, LD_BIAS = 4'd2, LD_G = 4'd3,
                         LD_B = 4'd4, LD_LUTE = 4'd5, LD_LUTG = 4'd6, LD_TBASE = 4'd7,
                         LD_RSRC = 4'd8, LD_ACT = 4'd9, LD_CFG = 4'd10;
  // families
  localparam logic [2:0] F_MM = 3'd0, F_WR = 3'd1, F_LN = 3'd2, F_SM = 3'd3,
                         F_GELU = 3'd4, F_ADD = 3'd5, F_COPY = 3'd6;

  ///////////////////////////////
  // Memories and configuration //
  ///////////////////////////////

  logic [7:0]        mem_q   [MEMB];
  logic [30:0]       sc_m_q  [SLOTS];   // M or Ma
  logic [30:0]       sc_mb_q [SLOTS];   // Mb
  logic [5:0]        sc_s_q  [SLOTS];
  logic [40:0]       sc_eps_q[SLOTS];
  logic [31:0]       bias_q  [NBX*NB];
  logic [31:0]       g_q     [NLN*EMAX];
  logic [31:0]       b_q     [NLN*EMAX];
  logic [16:0]       lute_q  [DMAX*256];
  logic [7:0]        lutg_q  [2*DMAX*256];
  logic [TW:0]       tbase_q [SLOTS];
  logic [5:0]        rsrc_q  [DMAX];
  logic [15:0]       cfg_t_q, cfg_e_q, cfg_h_q, cfg_d_q, cfg_tbl_q;
  logic [NPH*32-1:0] logit_q;
  logic [15:0]       class_q;

  ///////////
  // State //
  ///////////

  typedef enum logic [2:0] {S_IDLE, S_SETUP, S_MM, S_WR, S_LUT, S_EW, S_DONE, S_ERR} state_e;
  state_e state_q;

  logic [5:0]   enc_q;
  logic [4:0]   op_q;
  logic [2:0]   fam_q;
  logic [31:0]  m_q, k_q, n_q, tiles_q;
  logic [31:0]  slot_q;                    // scalar parameters (M, Mb, s, eps_q)
  logic [31:0]  bx_q, lnx_q, lutx_q;       // bias, g/B and GELU-table index
  logic [31:0]  src_q, srcb_q, dst_q;      // base addresses
  logic [31:0]  hn_q;                      // heads of the op
  logic [31:0]  rb_q, cb_q;                // row / column blocks per head
  logic [31:0]  xrs_q, xhs_q;              // gather: token stride, head stride
  logic [31:0]  ors_q, ohs_q;              // output: token stride, head stride
  logic [31:0]  wrs_q, wcs_q;              // run-time write: row / column strides
  logic [TW:0]  tb_q;                      // tile base
  logic         noBias_q, head_q;
  logic [31:0]  cyc_q;

  // per-tile map of the current op
  logic [N_TILES-1:0] t_act_q;
  logic [N_TILES*16-1:0] t_seg_q;        // per tile: input segment h*RB + b
  logic [N_TILES*16-1:0] t_h_q;          // per tile: head
  logic [N_TILES*16-1:0] t_b_q;          // per tile: row block
  logic [N_TILES*16-1:0] t_c_q;          // per tile: column block

  // decode of an incoming descriptor (the op table)
  logic [5:0]  d_enc;
  logic [4:0]  d_op;
  logic [31:0] d_m, d_k, d_n, d_tiles;
  assign d_enc   = desc_i[5:0];
  assign d_op    = desc_i[12:8];
  assign d_m     = desc_i[64 +: 32];
  assign d_k     = desc_i[128 +: 32];
  assign d_n     = desc_i[192 +: 32];
  assign d_tiles = desc_i[256 +: 32];

  function automatic logic [31:0] rbase(input int role);
    rbase = 32'(role * REG);
  endfunction

  logic [2:0]  dc_fam;
  logic [4:0]  dc_layer;
  logic        dc_model;
  logic [31:0] dc_src, dc_srcb, dc_dst;
  logic [31:0] dc_heads, dc_xrs, dc_xhs, dc_ors, dc_ohs, dc_wrs, dc_wcs;
  logic        dc_nobias, dc_head, dc_bad;

  always_comb begin
    dc_fam = F_COPY; dc_layer = '0; dc_model = 1'b0; dc_bad = 1'b0;
    dc_src = '0; dc_srcb = '0; dc_dst = '0;
    dc_heads = 32'd1; dc_xrs = d_k; dc_xhs = '0; dc_ors = d_n; dc_ohs = '0;
    dc_wrs = '0; dc_wcs = '0; dc_nobias = 1'b0; dc_head = 1'b0;
    unique case (d_op)
      ctrl_pkg::OP_LN1:  begin dc_fam = F_LN;  dc_layer = 5'd0;  dc_src = rbase(R_X);  dc_dst = rbase(R_LN); end
      ctrl_pkg::OP_Q_PROJ:  begin dc_fam = F_MM;  dc_layer = 5'd1;  dc_src = rbase(R_LN); dc_dst = rbase(R_Q); end
      ctrl_pkg::OP_K_PROJ:  begin dc_fam = F_MM;  dc_layer = 5'd2;  dc_src = rbase(R_LN); dc_dst = rbase(R_K); end
      ctrl_pkg::OP_V_PROJ:  begin dc_fam = F_MM;  dc_layer = 5'd3;  dc_src = rbase(R_LN); dc_dst = rbase(R_V); end
      ctrl_pkg::OP_K_WRITE:  begin // k_write: K_h^T[i][t] = k[t][h*d+i]
        dc_fam = F_WR; dc_layer = 5'd18; dc_src = rbase(R_K);
        dc_heads = {16'b0, cfg_h_q}; dc_wrs = 32'd1; dc_wcs = {16'b0, cfg_e_q};
      end
      ctrl_pkg::OP_QK:  begin // qk: per head, q[t][h*d ..] against K_h^T
        dc_fam = F_MM; dc_layer = 5'd4; dc_src = rbase(R_Q); dc_dst = rbase(R_S);
        dc_heads = {16'b0, cfg_h_q}; dc_xrs = {16'b0, cfg_e_q}; dc_xhs = {16'b0, cfg_d_q};
        dc_ors = {16'b0, cfg_t_q}; dc_ohs = 32'(cfg_t_q) * 32'(cfg_t_q); dc_nobias = 1'b1;
      end
      ctrl_pkg::OP_SOFTMAX:  begin dc_fam = F_SM;  dc_layer = 5'd5;  dc_src = rbase(R_S);  dc_dst = rbase(R_PR); end
      ctrl_pkg::OP_V_WRITE:  begin // v_write: V_h[t][i] = v[t][h*d+i]
        dc_fam = F_WR; dc_layer = 5'd19; dc_src = rbase(R_V);
        dc_heads = {16'b0, cfg_h_q}; dc_wrs = {16'b0, cfg_e_q}; dc_wcs = 32'd1;
      end
      ctrl_pkg::OP_SV:  begin // sv: per head, Pr[h][t][.] against V_h, heads concatenated
        dc_fam = F_MM; dc_layer = 5'd6; dc_src = rbase(R_PR); dc_dst = rbase(R_AV);
        dc_heads = {16'b0, cfg_h_q}; dc_xrs = {16'b0, cfg_t_q};
        dc_xhs = 32'(cfg_t_q) * 32'(cfg_t_q);
        dc_ors = {16'b0, cfg_e_q}; dc_ohs = {16'b0, cfg_d_q}; dc_nobias = 1'b1;
      end
      ctrl_pkg::OP_OUT_PROJ:  begin dc_fam = F_MM;  dc_layer = 5'd7;  dc_src = rbase(R_AV); dc_dst = rbase(R_A); end
      ctrl_pkg::OP_REUSE_STORE: begin dc_fam = F_COPY; dc_src = rbase(R_A); dc_dst = rbase(NROLE) + 32'(d_enc) * 32'(REG); end
      ctrl_pkg::OP_REUSE_LOAD: begin
        dc_fam = F_COPY; dc_dst = rbase(R_RL);
        dc_src = rbase(NROLE) + 32'(rsrc_q[(32'(d_enc) < DMAX) ? 32'(d_enc) : 0]) * 32'(REG);
      end
      ctrl_pkg::OP_TB_LN: begin dc_fam = F_LN;  dc_layer = 5'd14; dc_src = rbase(R_RL); dc_dst = rbase(R_LN); end
      ctrl_pkg::OP_TB_FC1: begin dc_fam = F_MM;  dc_layer = 5'd15; dc_src = rbase(R_LN); dc_dst = rbase(R_TH); end
      ctrl_pkg::OP_TB_GELU: begin
        dc_fam = F_GELU; dc_layer = 5'd16; dc_src = rbase(R_TH);
        dc_dst = (cfg_tbl_q == 16'd1) ? rbase(R_A) : rbase(R_TG);
      end
      ctrl_pkg::OP_TB_FC2: begin dc_fam = F_MM;  dc_layer = 5'd17; dc_src = rbase(R_TG); dc_dst = rbase(R_A); end
      ctrl_pkg::OP_RESIDUAL1: begin dc_fam = F_ADD; dc_layer = 5'd8;  dc_src = rbase(R_X);  dc_srcb = rbase(R_A); dc_dst = rbase(R_H); end
      ctrl_pkg::OP_LN2: begin dc_fam = F_LN;  dc_layer = 5'd9;  dc_src = rbase(R_H);  dc_dst = rbase(R_LN); end
      ctrl_pkg::OP_FC1: begin dc_fam = F_MM;  dc_layer = 5'd10; dc_src = rbase(R_LN); dc_dst = rbase(R_F1); end
      ctrl_pkg::OP_GELU: begin dc_fam = F_GELU; dc_layer = 5'd11; dc_src = rbase(R_F1); dc_dst = rbase(R_G); end
      ctrl_pkg::OP_FC2: begin dc_fam = F_MM;  dc_layer = 5'd12; dc_src = rbase(R_G);  dc_dst = rbase(R_F2); end
      ctrl_pkg::OP_RESIDUAL2: begin dc_fam = F_ADD; dc_layer = 5'd13; dc_src = rbase(R_H);  dc_srcb = rbase(R_F2); dc_dst = rbase(R_X); end
      // model-level ops
      ctrl_pkg::OP_PATCH_EMBED: begin // patch_embed: rows 1.. of [cls; patch_embed]
        dc_fam = F_MM; dc_model = 1'b1; dc_layer = 5'd0; dc_src = rbase(R_PATCH);
        dc_dst = rbase(R_PE) + {16'b0, cfg_e_q};
      end
      ctrl_pkg::OP_POS_EMBED: begin dc_fam = F_ADD; dc_model = 1'b1; dc_layer = 5'd1; dc_src = rbase(R_PE); dc_srcb = rbase(R_POS); dc_dst = rbase(R_X); end
      ctrl_pkg::OP_FINAL_LN: begin dc_fam = F_LN;  dc_model = 1'b1; dc_layer = 5'd2; dc_src = rbase(R_X); dc_dst = rbase(R_LN); end
      ctrl_pkg::OP_HEAD: begin dc_fam = F_MM;  dc_model = 1'b1; dc_layer = 5'd3; dc_src = rbase(R_LN); dc_head = 1'b1; end
      default: dc_bad = 1'b1;
    endcase
  end

  logic [31:0] dc_slot;
  assign dc_slot = dc_model ? 32'(DMAX * LPE) + 32'(dc_layer)
                            : 32'(d_enc) * 32'(LPE) + 32'(dc_layer);

  // compact indices of the per-layer tables: bias (8 linear layers per
  // encoder: q, k, v, out, fc1, fc2, tb_fc1, tb_fc2; then patch_embed, head),
  // g/B (ln1, ln2, tb_ln per encoder; then final_ln), GELU table (gelu,
  // tb_gelu per encoder); the softmax table is the encoder's
  logic [31:0] dc_bx, dc_lnx, dc_lutx;
  always_comb begin
    dc_bx = '0;
    dc_lnx = '0;
    dc_lutx = 32'(d_enc) * 32'd2 + ((d_op == ctrl_pkg::OP_TB_GELU) ? 32'd1 : 32'd0);
    unique case (d_op)
      ctrl_pkg::OP_Q_PROJ: dc_bx = 32'(d_enc) * 32'd8;
      ctrl_pkg::OP_K_PROJ: dc_bx = 32'(d_enc) * 32'd8 + 32'd1;
      ctrl_pkg::OP_V_PROJ: dc_bx = 32'(d_enc) * 32'd8 + 32'd2;
      ctrl_pkg::OP_OUT_PROJ: dc_bx = 32'(d_enc) * 32'd8 + 32'd3;
      ctrl_pkg::OP_FC1: dc_bx = 32'(d_enc) * 32'd8 + 32'd4;
      ctrl_pkg::OP_FC2: dc_bx = 32'(d_enc) * 32'd8 + 32'd5;
      ctrl_pkg::OP_TB_FC1: dc_bx = 32'(d_enc) * 32'd8 + 32'd6;
      ctrl_pkg::OP_TB_FC2: dc_bx = 32'(d_enc) * 32'd8 + 32'd7;
      ctrl_pkg::OP_PATCH_EMBED: dc_bx = 32'(8 * DMAX);
      ctrl_pkg::OP_HEAD: dc_bx = 32'(8 * DMAX + 1);
      ctrl_pkg::OP_LN1:  dc_lnx = 32'(d_enc) * 32'd3;
      ctrl_pkg::OP_LN2: dc_lnx = 32'(d_enc) * 32'd3 + 32'd1;
      ctrl_pkg::OP_TB_LN: dc_lnx = 32'(d_enc) * 32'd3 + 32'd2;
      ctrl_pkg::OP_FINAL_LN: dc_lnx = 32'(3 * DMAX);
      default: ;
    endcase
  end

  logic fault_hold;  // fault 4: the first edge an ln2 descriptor is offered
  assign fault_hold   = fault_q == 3'd4 && d_op == ctrl_pkg::OP_LN2 && !held_q;
  // a descriptor goes before a load write (so loads never delay an op: they
  // take the idle edges); a head op waits until the output port has sent
  // the previous inference's logits
  assign desc_ready_o = (state_q == S_IDLE) & ~fault_hold &
                        ~(out_busy_i && d_op == ctrl_pkg::OP_HEAD);
  logic desc_acc;
  assign desc_acc = desc_valid_i & desc_ready_o;

  ////////////////////////
  // Matrix-product path //
  ////////////////////////

  logic [XSEG*ROWS*8-1:0] xseg_q;              // gathered input segments
  logic                  have_x_q, inflight_q, st_busy_q;
  logic [31:0]           tok_g_q, tok_c_q;     // tokens gathered, captured
  logic [HMAX*NPH*ACC_W-1:0] acc_q;            // accumulators, head-major
  logic [31:0]           st_h_q, st_b_q;           // stream position (head, beat)
  logic [31:0]           ow_t_q, ow_h_q, ow_b_q;   // output write position
  logic [31:0]           nbeat_q;                  // beats per head row (mm) or row (ew)
  logic                  mv_issue, mv_cap;
  logic                  base_out_valid;

  assign base_out_valid = t_out_valid_i[tb_q[TW-1:0]];
  assign mv_issue = (state_q == S_MM) & have_x_q & ~inflight_q;
  assign mv_cap   = (state_q == S_MM) & inflight_q & base_out_valid & ~st_busy_q;

  for (genvar g = 0; g < N_TILES; g++) begin : g_tio
    assign t_in_valid_o[g]  = mv_issue & t_act_q[g];
    assign t_out_ready_o[g] = mv_cap & t_act_q[g];
    assign t_in_data_o[g*ROWS*8 +: ROWS*8] = xseg_q[32'(t_seg_q[g*16 +: 16])*ROWS*8 +: ROWS*8];
  end

  // requantisation stream
  logic                   rq_in_valid, rq_in_ready, rq_out_valid;
  logic [LANES*ACC_W-1:0] rq_acc;
  logic [LANES*32-1:0]    rq_bias;
  logic [LANES*8-1:0]     rq_out;
  assign rq_in_valid = (state_q == S_MM) & st_busy_q;

  always_comb begin
    for (int l = 0; l < LANES; l++) begin
      int j;
      j = 32'(st_b_q) * LANES + l;
      if (j < 32'(n_q) && j < NPH) begin
        rq_acc[l*ACC_W +: ACC_W]  = acc_q[(32'(st_h_q) * NPH + j)*ACC_W +: ACC_W];
        rq_bias[l*32 +: 32]       = noBias_q ? 32'd0 : bias_q[32'(bx_q) * NB + j];
      end else begin
        rq_acc[l*ACC_W +: ACC_W]  = '0;
        rq_bias[l*32 +: 32]       = '0;
      end
    end
  end

  enc_requant #(.LANES(LANES), .ACC_W(ACC_W)) u_requant (
    .clk_i       (clk_i),
    .srst_ni      (srst_ni),
    .m_i         (sc_m_q[slot_q]),
    .shift_i     (sc_s_q[slot_q]),
    .in_valid_i  (rq_in_valid),
    .in_ready_o  (rq_in_ready),
    .in_acc_i    (rq_acc),
    .in_bias_i   (rq_bias),
    .out_valid_o (rq_out_valid),
    .out_ready_i (1'b1),
    .out_data_o  (rq_out)
  );

  ////////////////////////////
  // Element-wise / row path //
  ////////////////////////////

  logic [31:0]        rows_q, rl_q;           // rows and row length of the stream
  logic [31:0]        rd_row_q, rd_b_q, wr_row_q, wr_b_q;
  logic               rd_valid_q, rd_done_q;
  logic [LANES*8-1:0] rd_a_q, rd_b_dat_q;
  logic               u_in_ready, u_out_valid;
  logic [LANES*8-1:0] u_out;
  logic               rd_acc;
  logic [31:0]        gb_k_q;
  logic [8:0]         lut_i_q;

  logic ln_in_ready, ln_out_valid, sm_in_ready, sm_out_valid, ge_in_ready, ge_out_valid;
  logic ad_in_ready, ad_out_valid, ln_gb_ready, sm_idle, ln_idle;
  logic [LANES*8-1:0] ln_out, sm_out, ge_out, ad_out;
  logic [LANES*32-1:0] gb_g, gb_b;
  logic ew_on;
  assign ew_on = (state_q == S_EW);

  always_comb begin
    unique case (fam_q)
      F_LN:    begin u_in_ready = ln_in_ready; u_out_valid = ln_out_valid; u_out = ln_out; end
      F_SM:    begin u_in_ready = sm_in_ready; u_out_valid = sm_out_valid; u_out = sm_out; end
      F_GELU:  begin u_in_ready = ge_in_ready; u_out_valid = ge_out_valid; u_out = ge_out; end
      F_ADD:   begin u_in_ready = ad_in_ready; u_out_valid = ad_out_valid; u_out = ad_out; end
      default: begin u_in_ready = 1'b1; u_out_valid = ew_on & rd_valid_q; u_out = rd_a_q; end
    endcase
  end
  assign rd_acc = ew_on & rd_valid_q & u_in_ready;

  always_comb begin
    for (int l = 0; l < LANES; l++) begin
      int i;
      i = 32'(gb_k_q) * LANES + l;
      if (i < EMAX) begin
        gb_g[l*32 +: 32] = g_q[32'(lnx_q) * EMAX + i];
        gb_b[l*32 +: 32] = b_q[32'(lnx_q) * EMAX + i];
      end else begin
        gb_g[l*32 +: 32] = '0;
        gb_b[l*32 +: 32] = '0;
      end
    end
  end

  enc_layernorm #(.LANES(LANES), .NMAX(EMAX), .STEPS(1)) u_ln (
    .clk_i       (clk_i),
    .srst_ni      (srst_ni),
    .idle_o      (ln_idle),
    .len_i       ($clog2(EMAX+1)'(rl_q)),
    .eps_q_i     (sc_eps_q[slot_q]),
    .shift_i     (sc_s_q[slot_q]),
    .in_valid_i  (ew_on & rd_valid_q & (fam_q == F_LN)),
    .in_ready_o  (ln_in_ready),
    .in_data_i   (rd_a_q),
    .gb_valid_i  (ew_on & (fam_q == F_LN)),
    .gb_ready_o  (ln_gb_ready),
    .gb_g_i      (gb_g),
    .gb_b_i      (gb_b),
    .out_valid_o (ln_out_valid),
    .out_ready_i (1'b1),
    .out_data_o  (ln_out)
  );

  logic lut_we;
  assign lut_we = (state_q == S_LUT);

  enc_softmax #(.LANES(LANES), .NMAX(TMAX), .STEPS(1)) u_sm (
    .clk_i       (clk_i),
    .srst_ni      (srst_ni),
    .lut_we_i    (lut_we & (fam_q == F_SM)),
    .lut_addr_i  (lut_i_q[7:0]),
    .lut_data_i  (lute_q[32'(enc_q) * 256 + 32'(lut_i_q[7:0])]),
    .idle_o      (sm_idle),
    .len_i       ($clog2(TMAX+1)'(rl_q)),
    .in_valid_i  (ew_on & rd_valid_q & (fam_q == F_SM)),
    .in_ready_o  (sm_in_ready),
    .in_data_i   (rd_a_q),
    .out_valid_o (sm_out_valid),
    .out_ready_i (1'b1),
    .out_data_o  (sm_out)
  );

  enc_gelu #(.LANES(LANES)) u_gelu (
    .clk_i       (clk_i),
    .srst_ni      (srst_ni),
    .lut_we_i    (lut_we & (fam_q == F_GELU)),
    .lut_addr_i  (lut_i_q[7:0]),
    .lut_data_i  (lutg_q[32'(lutx_q) * 256 + 32'(lut_i_q[7:0])]),
    .in_valid_i  (ew_on & rd_valid_q & (fam_q == F_GELU)),
    .in_ready_o  (ge_in_ready),
    .in_data_i   (rd_a_q),
    .out_valid_o (ge_out_valid),
    .out_ready_i (1'b1),
    .out_data_o  (ge_out)
  );

  enc_add #(.LANES(LANES)) u_add (
    .clk_i       (clk_i),
    .srst_ni      (srst_ni),
    .ma_i        (sc_m_q[slot_q]),
    .mb_i        (sc_mb_q[slot_q]),
    .shift_i     (sc_s_q[slot_q]),
    .in_valid_i  (ew_on & rd_valid_q & (fam_q == F_ADD)),
    .in_ready_o  (ad_in_ready),
    .in_a_i      (rd_a_q),
    .in_b_i      (rd_b_dat_q),
    .out_valid_o (ad_out_valid),
    .out_ready_i (1'b1),
    .out_data_o  (ad_out)
  );

  ////////////////////////////
  // Run-time tile writes    //
  ////////////////////////////

  logic [N_TILES-1:0]     wr_en_q;
  logic [RLOG-1:0]        wr_rowo_q;
  logic [N_TILES*OUTS*8-1:0] wr_data_q;
  logic [31:0]            wrow_q;
  assign t_wr_en_o  = wr_en_q;
  assign t_wr_row_o = wr_rowo_q;
  assign t_wr_data_o = wr_data_q;

  /////////////////
  // Sequencing  //
  /////////////////

  assign ld_ready_o = (state_q == S_IDLE) & ~desc_valid_i;
  logic ld_acc;
  assign ld_acc = ld_valid_i & ld_ready_o;
  logic [27:0] la;
  assign la = ld_addr_i[27:0];

  logic op_done_q;
  logic [31:0] op_cyc_q;

  // Fault injection for the testbench's self-test (docs/core.md): built only
  // with -DCORE_FAULTS; load space 15 selects 1 a wrong result (fc2 of
  // encoder 0, token 0, lane 0), 2 a dropped descriptor (gelu of encoder 0),
  // 3 an extra cycle (residual2 of every encoder), 4 an extra issue cycle
  // (ready held low for one edge before every ln2 descriptor is accepted).
  logic [2:0] fault_q;
  logic       extra_q, held_q;
`ifndef CORE_FAULTS
  assign fault_q = 3'd0;
  assign extra_q = 1'b0;
  assign held_q  = 1'b0;
`endif

  always_ff @(posedge clk_i) begin
    if (!srst_ni) begin
      state_q    <= S_IDLE;
      op_done_q  <= 1'b0;
      have_x_q   <= 1'b0;
      inflight_q <= 1'b0;
      st_busy_q  <= 1'b0;
      rd_valid_q <= 1'b0;
      wr_en_q    <= '0;
      t_act_q    <= '0;
      tb_q       <= '0;
      slot_q     <= '0;
      fam_q      <= F_COPY;
      cfg_t_q <= '0; cfg_e_q <= '0; cfg_h_q <= '0; cfg_d_q <= '0; cfg_tbl_q <= '0;
      class_q    <= '0;
`ifdef CORE_FAULTS
      fault_q    <= '0;
      extra_q    <= 1'b0;
      held_q     <= 1'b0;
`endif
    end else begin
`ifdef CORE_FAULTS
      if (state_q == S_IDLE && desc_valid_i && fault_hold) held_q <= 1'b1;
      else if (desc_acc) held_q <= 1'b0;
`endif
      op_done_q <= 1'b0;
      wr_en_q   <= '0;
      cyc_q     <= cyc_q + 32'd1;

      // ---- load port ----
      if (ld_acc) begin
        unique case (ld_addr_i[31:28])
          LD_TILE: begin
            wr_en_q[la[RLOG +: TW]] <= 1'b1;
            wr_rowo_q               <= la[RLOG-1:0];
            wr_data_q[32'(la[RLOG +: TW])*OUTS*8 +: OUTS*8] <= ld_data_i[OUTS*8-1:0];
          end
          LD_SCAL: begin
            unique case (la[1:0])
              2'd0: sc_m_q[32'(la[27:2])]   <= ld_data_i[30:0];
              2'd1: sc_mb_q[32'(la[27:2])]  <= ld_data_i[30:0];
              2'd2: sc_s_q[32'(la[27:2])]   <= ld_data_i[5:0];
              default: sc_eps_q[32'(la[27:2])] <= ld_data_i[40:0];
            endcase
          end
          LD_BIAS:  bias_q[32'(la)]  <= ld_data_i[31:0];
          LD_G:     g_q[32'(la)]     <= ld_data_i[31:0];
          LD_B:     b_q[32'(la)]     <= ld_data_i[31:0];
          LD_LUTE:  lute_q[32'(la)]  <= ld_data_i[16:0];
          LD_LUTG:  lutg_q[32'(la)]  <= ld_data_i[7:0];
          LD_TBASE: tbase_q[32'(la)] <= ld_data_i[TW:0];
          LD_RSRC:  rsrc_q[32'(la)]  <= ld_data_i[5:0];
          LD_ACT:   mem_q[32'(la)]   <= ld_data_i[7:0];
`ifdef CORE_FAULTS
          4'd15: fault_q <= ld_data_i[2:0];
`endif
          LD_CFG: begin
            unique case (la[3:0])
              4'd0: cfg_t_q   <= ld_data_i[15:0];
              4'd1: cfg_e_q   <= ld_data_i[15:0];
              4'd2: cfg_h_q   <= ld_data_i[15:0];
              4'd3: cfg_d_q   <= ld_data_i[15:0];
              4'd4: cfg_tbl_q <= ld_data_i[15:0];
              default: ;
            endcase
          end
          default: ;
        endcase
      end

      unique case (state_q)
        S_IDLE: begin
          if (desc_acc) begin
            cyc_q    <= 32'd1;
            enc_q    <= d_enc;
            op_q     <= d_op;
            fam_q    <= dc_fam;
            m_q      <= d_m;
            k_q      <= d_k;
            n_q      <= d_n;
            tiles_q  <= d_tiles;
            slot_q   <= dc_slot;
            bx_q     <= dc_bx;
            lnx_q    <= dc_lnx;
            lutx_q   <= dc_lutx;
            src_q    <= dc_src;
            srcb_q   <= dc_srcb;
            dst_q    <= dc_dst;
            hn_q     <= dc_heads;
            xrs_q    <= dc_xrs;
            xhs_q    <= dc_xhs;
            ors_q    <= dc_ors;
            ohs_q    <= dc_ohs;
            wrs_q    <= dc_wrs;
            wcs_q    <= dc_wcs;
            noBias_q <= dc_nobias;
            head_q   <= dc_head;
            tb_q     <= tbase_q[dc_slot];
            rb_q     <= (d_k + 32'(ROWS) - 32'd1) >> RLOG;
            cb_q     <= (d_n + 32'(OUTS) - 32'd1) / 32'(OUTS);
            if (dc_bad) state_q <= S_ERR;
            else state_q <= S_SETUP;
          end
        end

        S_SETUP: begin
          // per-tile map: op tiles ordered head, row block, column block
          begin
            int h, b, c;
            logic [N_TILES-1:0] act;
            logic [N_TILES*16-1:0] th, tbk, tc, ts;
            h = 0; b = 0; c = 0;
            for (int g = 0; g < N_TILES; g++) begin
              act[g] = 1'b0; th[g*16 +: 16] = '0; tbk[g*16 +: 16] = '0;
              tc[g*16 +: 16] = '0; ts[g*16 +: 16] = '0;
              if (g >= 32'(tb_q) && g < 32'(tb_q) + 32'(tiles_q) &&
                  (fam_q == F_MM || fam_q == F_WR)) begin
                act[g] = 1'b1;
                th[g*16 +: 16]  = 16'(h);
                tbk[g*16 +: 16] = 16'(b);
                tc[g*16 +: 16]  = 16'(c);
                ts[g*16 +: 16]  = 16'(h * 32'(rb_q) + b);
                c = c + 1;
                if (c == 32'(cb_q)) begin
                  c = 0; b = b + 1;
                  if (b == 32'(rb_q)) begin b = 0; h = h + 1; end
                end
              end
            end
            t_act_q <= act;
            t_h_q   <= th;
            t_b_q   <= tbk;
            t_c_q   <= tc;
            t_seg_q <= ts;
          end
          if (fault_q == 3'd2 && op_q == ctrl_pkg::OP_GELU && enc_q == 6'd0) begin
            state_q <= S_IDLE;   // injected fault: the descriptor is dropped
          end else if ((fam_q == F_MM || fam_q == F_WR) &&
              (32'(tb_q) + 32'(tiles_q) > N_TILES || 32'(hn_q) * 32'(rb_q) > XSEG ||
               32'(n_q) > NPH || 32'(hn_q) > HMAX || 32'(tiles_q) != 32'(hn_q) * 32'(rb_q) * 32'(cb_q))) begin
            state_q <= S_ERR;
          end else begin
            have_x_q   <= 1'b0;
            inflight_q <= 1'b0;
            st_busy_q  <= 1'b0;
            tok_g_q    <= '0;
            tok_c_q    <= '0;
            ow_t_q <= '0; ow_h_q <= '0; ow_b_q <= '0;
            st_h_q <= '0; st_b_q <= '0;
            wrow_q     <= '0;
            lut_i_q    <= '0;
            rd_row_q <= '0; rd_b_q <= '0; wr_row_q <= '0; wr_b_q <= '0;
            rd_valid_q <= 1'b0; rd_done_q <= 1'b0;
            gb_k_q     <= '0;
            if (fam_q == F_LN || fam_q == F_SM) begin
              rows_q <= m_q; rl_q <= n_q;
              nbeat_q <= (n_q + 32'(LANES) - 32'd1) / 32'(LANES);
            end else begin
              rows_q <= 32'd1; rl_q <= m_q * n_q;
              nbeat_q <= (m_q * n_q + 32'(LANES) - 32'd1) / 32'(LANES);
            end
            unique case (fam_q)
              F_MM:   begin state_q <= S_MM; nbeat_q <= (n_q + 32'(LANES) - 32'd1) / 32'(LANES); end
              F_WR:   state_q <= S_WR;
              F_SM, F_GELU: state_q <= S_LUT;
              default: state_q <= S_EW;
            endcase
          end
        end

        S_MM: begin
          // gather the next token's input segments
          if (!have_x_q && tok_g_q < m_q) begin
            begin
              logic [XSEG*ROWS*8-1:0] xs;
              xs = xseg_q;
            for (int h = 0; h < HMAX; h++) begin
              for (int b = 0; b < RBMAX; b++) begin
                if (h < 32'(hn_q) && b < 32'(rb_q)) begin
                  for (int i = 0; i < ROWS; i++) begin
                    int idx;
                    idx = b * ROWS + i;
                    if (idx < 32'(k_q))
                      xs[((h * 32'(rb_q) + b) * ROWS + i)*8 +: 8] =
                        mem_q[32'(src_q) + 32'(tok_g_q) * 32'(xrs_q) + h * 32'(xhs_q) + idx];
                    else
                      xs[((h * 32'(rb_q) + b) * ROWS + i)*8 +: 8] = 8'd0;
                  end
                end
              end
            end
              xseg_q <= xs;
            end
            have_x_q <= 1'b1;
            tok_g_q  <= tok_g_q + 32'd1;
          end
          if (mv_issue) begin
            inflight_q <= 1'b1;
            have_x_q   <= 1'b0;
          end
          // capture: sum the row blocks' tile words
          if (mv_cap) begin
            inflight_q <= 1'b0;
            begin
              logic [HMAX*NPH*ACC_W-1:0] a;
              // verilator lint_off WIDTHCONCAT
              a = '0;
              // verilator lint_on WIDTHCONCAT
              for (int g = 0; g < N_TILES; g++) begin
                if (t_act_q[g]) begin
                  for (int jj = 0; jj < OUTS; jj++) begin
                    int col;
                    col = 32'(t_c_q[g*16 +: 16]) * OUTS + jj;
                    if (col < 32'(n_q) && col < NPH)
                      a[(32'(t_h_q[g*16 +: 16]) * NPH + col)*ACC_W +: ACC_W] =
                        a[(32'(t_h_q[g*16 +: 16]) * NPH + col)*ACC_W +: ACC_W] +
                        ACC_W'($signed(t_out_data_i[(g*OUTS + jj)*32 +: 32]));
                  end
                end
              end
              if (head_q) begin
                logic [NPH*32-1:0] lg;
                lg = logit_q;
                for (int j = 0; j < NPH; j++) begin
                  if (j < 32'(n_q)) begin
                    logic signed [ACC_W-1:0] v;
                    v = $signed(a[j*ACC_W +: ACC_W]) + ACC_W'($signed(bias_q[32'(bx_q) * NB + j]));
                    if (v > ACC_W'(64'sh7fffffff)) lg[j*32 +: 32] = 32'h7fffffff;
                    else if (v < -ACC_W'(64'sh80000000)) lg[j*32 +: 32] = 32'h80000000;
                    else lg[j*32 +: 32] = v[31:0];
                  end
                end
                logit_q <= lg;
              end else begin
                acc_q <= a;
                st_busy_q <= 1'b1;
                st_h_q    <= '0;
                st_b_q    <= '0;
              end
            end
            tok_c_q <= tok_c_q + 32'd1;
          end
          // stream the accumulators through the requantisation unit
          if (rq_in_valid && rq_in_ready) begin
            if (st_b_q + 32'd1 == nbeat_q) begin
              st_b_q <= '0;
              if (st_h_q + 32'd1 == hn_q) begin
                st_h_q    <= '0;
                st_busy_q <= 1'b0;
              end else begin
                st_h_q <= st_h_q + 32'd1;
              end
            end else begin
              st_b_q <= st_b_q + 32'd1;
            end
          end
          if (rq_out_valid) begin
            for (int l = 0; l < LANES; l++) begin
              int j;
              j = 32'(ow_b_q) * LANES + l;
              if (j < 32'(n_q))
                mem_q[32'(dst_q) + 32'(ow_t_q) * 32'(ors_q) + 32'(ow_h_q) * 32'(ohs_q) + j]
                  <= rq_out[l*8 +: 8] ^
                     {7'd0, fault_q == 3'd1 && op_q == ctrl_pkg::OP_FC2 && enc_q == 6'd0 && ow_t_q == 32'd0 && j == 0};
            end
            if (ow_b_q + 32'd1 == nbeat_q) begin
              ow_b_q <= '0;
              if (ow_h_q + 32'd1 == hn_q) begin
                ow_h_q <= '0;
                ow_t_q <= ow_t_q + 32'd1;
              end else begin
                ow_h_q <= ow_h_q + 32'd1;
              end
            end else begin
              ow_b_q <= ow_b_q + 32'd1;
            end
          end
          if ((head_q && tok_c_q == m_q) ||
              (!head_q && ow_t_q == m_q)) begin
            state_q <= S_DONE;
          end
        end

        S_WR: begin
          if (wrow_q < k_q && wrow_q < 32'(ROWS)) begin
            begin
              logic [N_TILES-1:0] we;
              logic [N_TILES*OUTS*8-1:0] wd;
              wd = wr_data_q;
              for (int g = 0; g < N_TILES; g++) begin
                we[g] = t_act_q[g];
                if (t_act_q[g]) begin
                  int r;
                  r = 32'(t_b_q[g*16 +: 16]) * ROWS + 32'(wrow_q);
                  for (int jj = 0; jj < OUTS; jj++) begin
                    int c;
                    c = 32'(t_c_q[g*16 +: 16]) * OUTS + jj;
                    if (r < 32'(k_q) && c < 32'(n_q))
                      wd[(g*OUTS + jj)*8 +: 8] = mem_q[32'(src_q) + 32'(t_h_q[g*16 +: 16]) * 32'(cfg_d_q) +
                                                       r * 32'(wrs_q) + c * 32'(wcs_q)];
                    else
                      wd[(g*OUTS + jj)*8 +: 8] = 8'd0;
                  end
                end
              end
              wr_en_q   <= we;
              wr_data_q <= wd;
            end
            wr_rowo_q <= wrow_q[RLOG-1:0];
            wrow_q    <= wrow_q + 32'd1;
          end else begin
            state_q <= S_DONE;
          end
        end

        S_LUT: begin
          lut_i_q <= lut_i_q + 9'd1;
          if (lut_i_q == 9'd255) state_q <= S_EW;
        end

        S_EW: begin
          // reader: one beat register in front of the unit
          if ((!rd_valid_q || rd_acc) && !rd_done_q) begin
            for (int l = 0; l < LANES; l++) begin
              int e;
              e = 32'(rd_b_q) * LANES + l;
              if (e < 32'(rl_q)) begin
                rd_a_q[l*8 +: 8]     <= mem_q[32'(src_q) + 32'(rd_row_q) * 32'(rl_q) + e];
                rd_b_dat_q[l*8 +: 8] <= mem_q[32'(srcb_q) + 32'(rd_row_q) * 32'(rl_q) + e];
              end else begin
                rd_a_q[l*8 +: 8]     <= 8'd0;
                rd_b_dat_q[l*8 +: 8] <= 8'd0;
              end
            end
            rd_valid_q <= 1'b1;
            if (rd_b_q + 32'd1 == nbeat_q) begin
              rd_b_q <= '0;
              rd_row_q <= rd_row_q + 32'd1;
              if (rd_row_q + 32'd1 == rows_q) rd_done_q <= 1'b1;
            end else begin
              rd_b_q <= rd_b_q + 32'd1;
            end
          end else if (rd_acc) begin
            rd_valid_q <= 1'b0;
          end
          // g/B side stream of the LayerNorm unit
          if (fam_q == F_LN && ln_gb_ready) begin
            gb_k_q <= (gb_k_q + 32'd1 == nbeat_q) ? 32'd0 : gb_k_q + 32'd1;
          end
          // writer
          if (u_out_valid) begin
            for (int l = 0; l < LANES; l++) begin
              int e;
              e = 32'(wr_b_q) * LANES + l;
              if (e < 32'(rl_q))
                mem_q[32'(dst_q) + 32'(wr_row_q) * 32'(rl_q) + e] <= u_out[l*8 +: 8];
            end
            if (wr_b_q + 32'd1 == nbeat_q) begin
              wr_b_q   <= '0;
              wr_row_q <= wr_row_q + 32'd1;
              if (wr_row_q + 32'd1 == rows_q) state_q <= S_DONE;
            end else begin
              wr_b_q <= wr_b_q + 32'd1;
            end
          end
        end

        S_DONE: begin
`ifdef CORE_FAULTS
          extra_q <= fault_q == 3'd3 && op_q == ctrl_pkg::OP_RESIDUAL2 && !extra_q;
`endif
          if (head_q) begin
            logic [15:0] best;
            best = '0;
            for (int j = 1; j < NPH; j++) begin
              if (j < 32'(n_q) && $signed(logit_q[j*32 +: 32]) > $signed(logit_q[32'(best)*32 +: 32]))
                best = 16'(j);
            end
            class_q <= best;
          end
          if (!(fault_q == 3'd3 && op_q == ctrl_pkg::OP_RESIDUAL2 && !extra_q)) begin
            op_done_q <= 1'b1;
            op_cyc_q  <= cyc_q + 32'd1;
            state_q   <= S_IDLE;
          end
        end

        default: ; // S_ERR: stays until reset
      endcase
    end
  end

  assign idle_o      = (state_q == S_IDLE);
  assign err_o       = (state_q == S_ERR);
  assign op_done_o   = op_done_q;
  assign op_enc_o    = enc_q;
  assign op_code_o   = op_q;
  assign op_cycles_o = op_cyc_q;
  assign op_dst_o    = dst_q;
  assign op_n_o      = n_q[15:0];
  assign dbg_data_o  = (32'(dbg_addr_i) < MEMB) ? mem_q[dbg_addr_i[$clog2(MEMB)-1:0]] : 8'd0;
  assign logit_o     = (32'(logit_idx_i) < NPH) ? logit_q[32'(logit_idx_i)*32 +: 32] : 32'd0;
  assign class_o     = class_q;

  // descriptor fields the unit does not use (cycles and event counts) and
  // the units' idle flags (the sequencing never needs them)
  logic unused;
  assign unused = ^{desc_i[959:288], desc_i[255:224], desc_i[191:160], desc_i[127:96],
                    desc_i[63:13], desc_i[7:6], sm_idle, ln_idle, ld_data_i, slot_q};

endmodule
