// verilator lint_off DECLFILENAME
// (file ctrl_top.sv holds the top module trex_ctrl; the controller's files are
// listed in rtl/trex_ctrl.f)
// trex_ctrl: the attention-reuse controller (docs/controller.md, "Controller
// RTL"). Configuration through a register write port, start, the operation
// descriptors out over valid/ready (back-pressure honoured: a descriptor is
// held stable until accepted), 64-bit event counters and the status readable
// through a combinational read port, and a defined error state for an
// illegal configuration (no descriptor is issued; err_code_o holds the
// ctrl_status value of the C model).
module trex_ctrl (
  input  logic         clk_i,
  input  logic         srst_ni,       // synchronous reset, active low
  // configuration registers (ignored while busy and in the cycle of start_i)
  input  logic         cfg_we_i,        // ignored while busy and with start_i
  input  logic [ctrl_pkg::ADDR_W-1:0] cfg_addr_i,
  input  logic [ctrl_pkg::DATA_W-1:0] cfg_wdata_i,
  // start (ignored while busy); restarts after done or error
  input  logic         start_i,
  // descriptor stream
  output logic         desc_valid_o,
  input  logic         desc_ready_i,
  output logic [ctrl_pkg::DESC_W-1:0] desc_o,
  // read port: RD_STATUS status, RD_COUNT + 2j / + 2j + 1 counter j low / high
  input  logic [ctrl_pkg::ADDR_W-1:0] rd_addr_i,
  output logic [ctrl_pkg::DATA_W-1:0] rd_data_o,
  output logic         busy_o,
  output logic         done_o,
  output logic         error_o,
  output logic [ctrl_pkg::ERR_W-1:0] err_code_o
);
  logic [ctrl_pkg::N_CFG*ctrl_pkg::DATA_W-1:0]           cfg;
  logic [ctrl_pkg::MAX_DEPTH-1:0]                        reuse_mask;
  logic [ctrl_pkg::MAX_DEPTH*ctrl_pkg::SRC_ENTRY_W-1:0]  reuse_src;
  logic                                                  busy, done, error, clear;
  // the registers are locked while busy and in the cycle of a start: a start
  // checks the registers as they are, so a write beside it would make the
  // run use a configuration it did not check (a write then is ignored)
  logic                                                  cfg_lock;
  assign cfg_lock = busy || start_i;
  logic [ctrl_pkg::ERR_W-1:0]                            err_code;
  logic [ctrl_pkg::COUNT_W-1:0]                          counts;

  ctrl_regs u_regs (
    .clk_i        (clk_i),
    .srst_ni      (srst_ni),
    .busy_i       (cfg_lock),
    .wr_en_i      (cfg_we_i),
    .wr_addr_i    (cfg_addr_i),
    .wr_data_i    (cfg_wdata_i),
    .cfg_o        (cfg),
    .reuse_mask_o (reuse_mask),
    .reuse_src_o  (reuse_src)
  );

  ctrl_seq u_seq (
    .clk_i        (clk_i),
    .srst_ni      (srst_ni),
    .start_i      (start_i),
    .cfg_i        (cfg),
    .reuse_mask_i (reuse_mask),
    .reuse_src_i  (reuse_src),
    .desc_valid_o (desc_valid_o),
    .desc_ready_i (desc_ready_i),
    .desc_o       (desc_o),
    .clear_o      (clear),
    .busy_o       (busy),
    .done_o       (done),
    .error_o      (error),
    .err_code_o   (err_code)
  );

  ctrl_counters u_cnt (
    .clk_i    (clk_i),
    .srst_ni  (srst_ni),
    .clear_i  (clear),
    .add_i    (desc_valid_o && desc_ready_i),
    .fields_i (desc_o[ctrl_pkg::DESC_W-1:ctrl_pkg::FIELD_W*(1 + ctrl_pkg::F_FIRST_COUNT)]),
    .count_o  (counts)
  );

  logic [7:0] rd_off;  // rd_addr_i - RD_COUNT; [4:0] selects a counter word
  logic [4:0] rd_word;
  logic       unused_rd_off;
  assign rd_off        = rd_addr_i - ctrl_pkg::RD_COUNT;
  assign rd_word       = rd_off[4:0];
  assign unused_rd_off = ^rd_off[7:5];

  logic [ctrl_pkg::DATA_W-1:0] status_word, count_word;
  assign status_word = {25'd0, err_code, 1'b0, error, done, busy};
  assign count_word  = counts[{rd_word, 5'd0} +: ctrl_pkg::DATA_W];

  always_comb begin
    rd_data_o = '0;
    if (rd_addr_i == ctrl_pkg::RD_STATUS) begin
      rd_data_o = status_word;
    end else if (rd_addr_i >= ctrl_pkg::RD_COUNT && rd_addr_i < ctrl_pkg::RD_COUNT_END) begin
      rd_data_o = count_word;
    end
  end

  assign busy_o     = busy;
  assign done_o     = done;
  assign error_o    = error;
  assign err_code_o = err_code;
endmodule
// verilator lint_on DECLFILENAME
