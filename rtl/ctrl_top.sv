// verilator lint_off DECLFILENAME
// (file ctrl_top.sv holds the top module trex_ctrl: every controller file is rtl/ctrl_*.sv)
// trex_ctrl: the attention-reuse controller (docs/controller.md, "Controller
// RTL"). Configuration through a register write port, start, the operation
// descriptors out over valid/ready (back-pressure honoured: a descriptor is
// held stable until accepted), 64-bit event counters and the status readable
// through a combinational read port, and a defined error state for an
// illegal configuration (no descriptor is issued; err_code_o holds the
// ctrl_status value of the C model).
module trex_ctrl (
  input  logic         clk_i,
  input  logic         rst_ni,        // active-low synchronous reset
  // configuration registers (ignored while busy)
  input  logic         cfg_we_i,
  input  logic [7:0]   cfg_addr_i,
  input  logic [31:0]  cfg_wdata_i,
  // start (ignored while busy); restarts after done or error
  input  logic         start_i,
  // descriptor stream
  output logic         desc_valid_o,
  input  logic         desc_ready_i,
  output logic [959:0] desc_o,
  // read port: 0x00 status, 0x20 + 2j / 0x21 + 2j counter j low / high word
  input  logic [7:0]   rd_addr_i,
  output logic [31:0]  rd_data_o,
  output logic         busy_o,
  output logic         done_o,
  output logic         error_o,
  output logic [2:0]   err_code_o
);
  logic [31:0]  tokens, embedding, heads, mlp, depth, tb_hidden, tb_layers;
  logic [31:0]  rows, outs, per_mvm, adc_per_mvm, cells_per_w, par_tiles;
  logic [31:0]  sm_lanes, ln_lanes, gelu_lanes, add_lanes, buf_lanes;
  logic [63:0]  reuse_mask;
  logic [447:0] reuse_src;
  logic         busy, done, error, clear;
  logic [2:0]   err_code;
  logic [703:0] counts;

  ctrl_regs u_regs (
    .clk_i         (clk_i),
    .rst_ni        (rst_ni),
    .busy_i        (busy),
    .wr_en_i       (cfg_we_i),
    .wr_addr_i     (cfg_addr_i),
    .wr_data_i     (cfg_wdata_i),
    .tokens_o      (tokens),
    .embedding_o   (embedding),
    .heads_o       (heads),
    .mlp_o         (mlp),
    .depth_o       (depth),
    .tb_hidden_o   (tb_hidden),
    .tb_layers_o   (tb_layers),
    .rows_o        (rows),
    .outs_o        (outs),
    .per_mvm_o     (per_mvm),
    .adc_per_mvm_o (adc_per_mvm),
    .cells_per_w_o (cells_per_w),
    .par_tiles_o   (par_tiles),
    .sm_lanes_o    (sm_lanes),
    .ln_lanes_o    (ln_lanes),
    .gelu_lanes_o  (gelu_lanes),
    .add_lanes_o   (add_lanes),
    .buf_lanes_o   (buf_lanes),
    .reuse_mask_o  (reuse_mask),
    .reuse_src_o   (reuse_src)
  );

  ctrl_seq u_seq (
    .clk_i         (clk_i),
    .rst_ni        (rst_ni),
    .start_i       (start_i),
    .tokens_i      (tokens),
    .embedding_i   (embedding),
    .heads_i       (heads),
    .mlp_i         (mlp),
    .depth_i       (depth),
    .tb_hidden_i   (tb_hidden),
    .tb_layers_i   (tb_layers),
    .rows_i        (rows),
    .outs_i        (outs),
    .per_mvm_i     (per_mvm),
    .adc_per_mvm_i (adc_per_mvm),
    .cells_per_w_i (cells_per_w),
    .par_tiles_i   (par_tiles),
    .sm_lanes_i    (sm_lanes),
    .ln_lanes_i    (ln_lanes),
    .gelu_lanes_i  (gelu_lanes),
    .add_lanes_i   (add_lanes),
    .buf_lanes_i   (buf_lanes),
    .reuse_mask_i  (reuse_mask),
    .reuse_src_i   (reuse_src),
    .desc_valid_o  (desc_valid_o),
    .desc_ready_i  (desc_ready_i),
    .desc_o        (desc_o),
    .clear_o       (clear),
    .busy_o        (busy),
    .done_o        (done),
    .error_o       (error),
    .err_code_o    (err_code)
  );

  ctrl_counters u_cnt (
    .clk_i    (clk_i),
    .rst_ni   (rst_ni),
    .clear_i  (clear),
    .add_i    (desc_valid_o && desc_ready_i),
    .fields_i (desc_o[959:320]),
    .count_o  (counts)
  );

  logic [7:0] rd_off;  // rd_addr_i - 0x20; [4:0] selects a counter word
  logic [4:0] rd_word;
  logic       unused_rd_off;
  assign rd_off        = rd_addr_i - 8'h20;
  assign rd_word       = rd_off[4:0];
  assign unused_rd_off = ^rd_off[7:5];

  logic [31:0] status_word, count_word;
  assign status_word = {25'd0, err_code, 1'b0, error, done, busy};
  assign count_word  = counts[{rd_word, 5'd0} +: 32];

  always_comb begin
    rd_data_o = 32'd0;
    if (rd_addr_i == 8'h00) begin
      rd_data_o = status_word;
    end else if (rd_addr_i >= 8'h20 && rd_addr_i < 8'h36) begin
      rd_data_o = count_word;
    end
  end

  assign busy_o     = busy;
  assign done_o     = done;
  assign error_o    = error;
  assign err_code_o = err_code;
endmodule
// verilator lint_on DECLFILENAME
