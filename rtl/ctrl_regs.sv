// ctrl_regs: the attention-reuse controller's configuration registers
// (docs/controller.md, register map). Every address, index, width and
// legal range comes from ctrl_pkg (the contract table): the configuration
// bank holds register RI_x (written at CFG_ADDRS[RI_x]) at
// cfg_o[RI_x*DATA_W +: DATA_W], so a new register is a row of the table and
// its use in the sequencer. Writes are honoured only while busy_i is low
// (the top: not busy and no start in the same cycle); every register resets
// to 0. A source entry is {explicit, source index}, SRC_ENTRY_W bits.
module ctrl_regs (
  input  logic                                          clk_i,
  input  logic                                          srst_ni,
  input  logic                                          busy_i,
  input  logic                                          wr_en_i,
  input  logic [ctrl_pkg::ADDR_W-1:0]                   wr_addr_i,
  input  logic [ctrl_pkg::DATA_W-1:0]                   wr_data_i,
  output logic [ctrl_pkg::N_CFG*ctrl_pkg::DATA_W-1:0]   cfg_o,
  // reuse: mask bit i = encoder i reuses; src entry i = {explicit, source}
  output logic [ctrl_pkg::MAX_DEPTH-1:0]                reuse_mask_o,
  output logic [ctrl_pkg::MAX_DEPTH*ctrl_pkg::SRC_ENTRY_W-1:0] reuse_src_o
);
  localparam int W  = ctrl_pkg::DATA_W;
  localparam int AW = ctrl_pkg::ADDR_W;
  localparam int SW = ctrl_pkg::SRC_ENTRY_W;

  logic wr;
  assign wr = wr_en_i && !busy_i;

  // the configuration bank, one register per table row
  for (genvar g = 0; g < ctrl_pkg::N_CFG; g++) begin : g_cfg
    logic [W-1:0] q;
    always_ff @(posedge clk_i) begin
      if (!srst_ni) begin
        q <= '0;
      end else if (wr && wr_addr_i == ctrl_pkg::CFG_ADDRS[g*AW +: AW]) begin
        q <= wr_data_i;
      end
    end
    assign cfg_o[g*W +: W] = q;
  end

  // the reuse mask and the source entries
  logic [ctrl_pkg::MAX_DEPTH-1:0]    mask_q;
  logic [ctrl_pkg::MAX_DEPTH*SW-1:0] src_q;
  always_ff @(posedge clk_i) begin
    if (!srst_ni) begin
      mask_q <= '0;
      src_q  <= '0;
    end else if (wr) begin
      if (wr_addr_i == ctrl_pkg::R_MASK_LO) mask_q[31:0] <= wr_data_i;
      if (wr_addr_i == ctrl_pkg::R_MASK_HI) mask_q[63:32] <= wr_data_i;
      if (wr_addr_i[7:6] == ctrl_pkg::R_SRC[7:6])
        src_q[wr_addr_i[5:0]*SW +: SW] <= {wr_data_i[ctrl_pkg::SRC_EXPLICIT_LSB],
                                           wr_data_i[ctrl_pkg::SRC_INDEX_LSB +: ctrl_pkg::SRC_INDEX_W]};
    end
  end

  assign reuse_mask_o = mask_q;
  assign reuse_src_o  = src_q;
endmodule
