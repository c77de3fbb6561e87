// verilator lint_off DECLFILENAME
// (file core_top.sv holds the top module trex_core: every file of the top is rtl/core_*.sv)
// trex_core: the accelerator top (docs/core.md). The attention-reuse
// controller (trex_ctrl) issues the descriptors of the encoder ops; the
// execution unit (core_exec) runs them one at a time on the tile array
// (core_tiles) and the digital units, with the activation memory (which
// holds the reuse buffer's slots) and the parameter memory. The controller
// issues every op of an inference, the model-level ones (patch_embed,
// pos_embed, final_ln, head) included.
//
// Parameters: see core_exec (ROWS .. DMAX) and core_tiles.
`include "trex_params.svh"

module trex_core #(
  `CORE_ARRAY_PARAMS,
  `CORE_XBAR_PARAMS(8),
  `CORE_SIZE_PARAMS,
  // derived (do not override): load-port data width
  parameter int LD_W         = `CORE_LD_W
) (
  input  logic              clk_i,
  input  logic              srst_ni,          // active-low synchronous reset
  // controller registers and start
  input  logic              cfg_we_i,
  input  logic [7:0]        cfg_addr_i,
  input  logic [31:0]       cfg_wdata_i,
  input  logic              start_i,
  input  logic [7:0]        rd_addr_i,
  output logic [31:0]       rd_data_o,
  output logic              ctrl_busy_o,
  output logic              ctrl_done_o,
  output logic              ctrl_error_o,
  output logic [2:0]        ctrl_err_code_o,
  // load port (weights, parameters, tables) and image input
  input  logic              ld_valid_i,
  output logic              ld_ready_o,
  input  logic [31:0]       ld_addr_i,
  input  logic [LD_W-1:0]   ld_data_i,
  // output port (core_out): the logits of each inference, one per beat,
  // with the class, on a valid/ready handshake
  output logic              out_valid_o,
  input  logic              out_ready_i,
  output logic [31:0]       out_data_o,
  output logic [15:0]       out_idx_o,
  output logic              out_last_o,
  output logic [15:0]       out_class_o,
  // observation
  input  logic [31:0]       dbg_addr_i,
  output logic [7:0]        dbg_data_o,
  output logic              exec_idle_o,
  output logic              exec_err_o,
  output logic              op_done_o,
  output logic [5:0]        op_enc_o,
  output logic [4:0]        op_code_o,
  output logic [31:0]       op_cycles_o,
  output logic [31:0]       op_dst_o
);
  logic                          c_valid, c_ready;
  logic [ctrl_pkg::DESC_W-1:0]   c_desc;

  trex_ctrl u_ctrl (
    .clk_i        (clk_i),
    .srst_ni       (srst_ni),
    .cfg_we_i     (cfg_we_i),
    .cfg_addr_i   (cfg_addr_i),
    .cfg_wdata_i  (cfg_wdata_i),
    .start_i      (start_i),
    .desc_valid_o (c_valid),
    .desc_ready_i (c_ready),
    .desc_o       (c_desc),
    .rd_addr_i    (rd_addr_i),
    .rd_data_o    (rd_data_o),
    .busy_o       (ctrl_busy_o),
    .done_o       (ctrl_done_o),
    .error_o      (ctrl_error_o),
    .err_code_o   (ctrl_err_code_o)
  );

  logic [N_TILES-1:0]         t_wr_en, t_in_valid, t_in_ready, t_out_valid, t_out_ready;
  logic [$clog2(ROWS)-1:0]    t_wr_row;
  logic [N_TILES*OUTS*8-1:0]  t_wr_data;
  logic [N_TILES*ROWS*8-1:0]  t_in_data;
  logic [15:0]                out_idx, out_class, op_n;
  logic [31:0]                out_logit;
  logic                       out_busy;
  logic [N_TILES*OUTS*32-1:0] t_out_data;

  core_exec #(
    `CORE_ARRAY_PASS,
    `CORE_SIZE_PASS
  ) u_exec (
    .clk_i         (clk_i),
    .srst_ni        (srst_ni),
    .desc_valid_i  (c_valid),
    .desc_ready_o  (c_ready),
    .desc_i        (c_desc),
    .ld_valid_i    (ld_valid_i),
    .ld_ready_o    (ld_ready_o),
    .ld_addr_i     (ld_addr_i),
    .ld_data_i     (ld_data_i),
    .dbg_addr_i    (dbg_addr_i),
    .dbg_data_o    (dbg_data_o),
    .logit_idx_i   (out_idx),
    .logit_o       (out_logit),
    .class_o       (out_class),
    .out_busy_i    (out_busy),
    .idle_o        (exec_idle_o),
    .err_o         (exec_err_o),
    .op_done_o     (op_done_o),
    .op_enc_o      (op_enc_o),
    .op_code_o     (op_code_o),
    .op_cycles_o   (op_cycles_o),
    .op_dst_o      (op_dst_o),
    .op_n_o        (op_n),
    .t_wr_en_o     (t_wr_en),
    .t_wr_row_o    (t_wr_row),
    .t_wr_data_o   (t_wr_data),
    .t_in_valid_o  (t_in_valid),
    .t_in_data_o   (t_in_data),
    .t_out_valid_i (t_out_valid),
    .t_out_ready_o (t_out_ready),
    .t_out_data_i  (t_out_data)
  );

  core_out u_out (
    .clk_i   (clk_i),
    .srst_ni (srst_ni),
    .start_i (op_done_o && op_code_o == ctrl_pkg::OP_HEAD),
    .count_i (op_n),
    .logit_i (out_logit),
    .class_i (out_class),
    .idx_o   (out_idx),
    .busy_o  (out_busy),
    .valid_o (out_valid_o),
    .ready_i (out_ready_i),
    .data_o  (out_data_o),
    .last_o  (out_last_o),
    .class_o (out_class_o)
  );
  assign out_idx_o = out_idx;

  core_tiles #(
    `CORE_ARRAY_PASS,
    `CORE_XBAR_PASS
  ) u_tiles (
    .clk_i       (clk_i),
    .srst_ni      (srst_ni),
    .wr_en_i     (t_wr_en),
    .wr_row_i    (t_wr_row),
    .wr_data_i   (t_wr_data),
    .in_valid_i  (t_in_valid),
    .in_ready_o  (t_in_ready),
    .in_data_i   (t_in_data),
    .out_valid_o (t_out_valid),
    .out_ready_i (t_out_ready),
    .out_data_o  (t_out_data)
  );

  logic unused;
  assign unused = ^t_in_ready;
endmodule
