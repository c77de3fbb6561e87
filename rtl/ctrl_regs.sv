// ctrl_regs: the attention-reuse controller's configuration registers
// (docs/controller.md, register map; addresses and widths from ctrl_pkg).
// Writes are honoured only while the controller is not busy; every register
// resets to 0. A source entry is {explicit, source index}, SRC_ENTRY_W bits.
module ctrl_regs (
  input  logic         clk_i,
  input  logic         srst_ni,
  input  logic         busy_i,
  input  logic         wr_en_i,
  input  logic [ctrl_pkg::ADDR_W-1:0] wr_addr_i,
  input  logic [ctrl_pkg::DATA_W-1:0] wr_data_i,
  // model
  output logic [ctrl_pkg::DATA_W-1:0]  tokens_o,
  output logic [ctrl_pkg::DATA_W-1:0]  embedding_o,
  output logic [ctrl_pkg::DATA_W-1:0]  heads_o,
  output logic [ctrl_pkg::DATA_W-1:0]  mlp_o,
  output logic [ctrl_pkg::DATA_W-1:0]  depth_o,
  output logic [ctrl_pkg::DATA_W-1:0]  tb_hidden_o,
  output logic [ctrl_pkg::DATA_W-1:0]  tb_layers_o,
  // chip
  output logic [ctrl_pkg::DATA_W-1:0]  rows_o,
  output logic [ctrl_pkg::DATA_W-1:0]  outs_o,
  output logic [ctrl_pkg::DATA_W-1:0]  per_mvm_o,
  output logic [ctrl_pkg::DATA_W-1:0]  adc_per_mvm_o,
  output logic [ctrl_pkg::DATA_W-1:0]  cells_per_w_o,
  output logic [ctrl_pkg::DATA_W-1:0]  par_tiles_o,
  output logic [ctrl_pkg::DATA_W-1:0]  sm_lanes_o,
  output logic [ctrl_pkg::DATA_W-1:0]  ln_lanes_o,
  output logic [ctrl_pkg::DATA_W-1:0]  gelu_lanes_o,
  output logic [ctrl_pkg::DATA_W-1:0]  add_lanes_o,
  output logic [ctrl_pkg::DATA_W-1:0]  buf_lanes_o,
  // reuse: mask bit i = encoder i reuses; src entry i = {explicit, source}
  output logic [ctrl_pkg::MAX_DEPTH-1:0] reuse_mask_o,
  output logic [ctrl_pkg::MAX_DEPTH*ctrl_pkg::SRC_ENTRY_W-1:0] reuse_src_o
);
  logic [ctrl_pkg::DATA_W-1:0]  tokens_q;
  logic [ctrl_pkg::DATA_W-1:0]  embedding_q;
  logic [ctrl_pkg::DATA_W-1:0]  heads_q;
  logic [ctrl_pkg::DATA_W-1:0]  mlp_q;
  logic [ctrl_pkg::DATA_W-1:0]  depth_q;
  logic [ctrl_pkg::DATA_W-1:0]  tb_hidden_q;
  logic [ctrl_pkg::DATA_W-1:0]  tb_layers_q;
  logic [ctrl_pkg::DATA_W-1:0]  rows_q;
  logic [ctrl_pkg::DATA_W-1:0]  outs_q;
  logic [ctrl_pkg::DATA_W-1:0]  per_mvm_q;
  logic [ctrl_pkg::DATA_W-1:0]  adc_per_mvm_q;
  logic [ctrl_pkg::DATA_W-1:0]  cells_per_w_q;
  logic [ctrl_pkg::DATA_W-1:0]  par_tiles_q;
  logic [ctrl_pkg::DATA_W-1:0]  sm_lanes_q;
  logic [ctrl_pkg::DATA_W-1:0]  ln_lanes_q;
  logic [ctrl_pkg::DATA_W-1:0]  gelu_lanes_q;
  logic [ctrl_pkg::DATA_W-1:0]  add_lanes_q;
  logic [ctrl_pkg::DATA_W-1:0]  buf_lanes_q;
  logic [ctrl_pkg::MAX_DEPTH-1:0] mask_q;
  logic [ctrl_pkg::MAX_DEPTH*ctrl_pkg::SRC_ENTRY_W-1:0] src_q;

  logic wr;
  assign wr = wr_en_i && !busy_i;

  always_ff @(posedge clk_i) begin
    if (!srst_ni) begin
      tokens_q <= '0;
      embedding_q <= '0;
      heads_q <= '0;
      mlp_q <= '0;
      depth_q <= '0;
      tb_hidden_q <= '0;
      tb_layers_q <= '0;
      rows_q <= '0;
      outs_q <= '0;
      per_mvm_q <= '0;
      adc_per_mvm_q <= '0;
      cells_per_w_q <= '0;
      par_tiles_q <= '0;
      sm_lanes_q <= '0;
      ln_lanes_q <= '0;
      gelu_lanes_q <= '0;
      add_lanes_q <= '0;
      buf_lanes_q <= '0;
      mask_q <= '0;
      src_q  <= '0;
    end else if (wr) begin
      unique case (wr_addr_i)
        ctrl_pkg::R_TOKENS: tokens_q <= wr_data_i;
        ctrl_pkg::R_EMBEDDING: embedding_q <= wr_data_i;
        ctrl_pkg::R_HEADS: heads_q <= wr_data_i;
        ctrl_pkg::R_MLP: mlp_q <= wr_data_i;
        ctrl_pkg::R_DEPTH: depth_q <= wr_data_i;
        ctrl_pkg::R_TB_HIDDEN: tb_hidden_q <= wr_data_i;
        ctrl_pkg::R_TB_LAYERS: tb_layers_q <= wr_data_i;
        ctrl_pkg::R_ROWS: rows_q <= wr_data_i;
        ctrl_pkg::R_OUTS: outs_q <= wr_data_i;
        ctrl_pkg::R_PER_MVM: per_mvm_q <= wr_data_i;
        ctrl_pkg::R_ADC_PER_MVM: adc_per_mvm_q <= wr_data_i;
        ctrl_pkg::R_CELLS_PER_W: cells_per_w_q <= wr_data_i;
        ctrl_pkg::R_PAR_TILES: par_tiles_q <= wr_data_i;
        ctrl_pkg::R_SM_LANES: sm_lanes_q <= wr_data_i;
        ctrl_pkg::R_LN_LANES: ln_lanes_q <= wr_data_i;
        ctrl_pkg::R_GELU_LANES: gelu_lanes_q <= wr_data_i;
        ctrl_pkg::R_ADD_LANES: add_lanes_q <= wr_data_i;
        ctrl_pkg::R_BUF_LANES: buf_lanes_q <= wr_data_i;
        ctrl_pkg::R_MASK_LO: mask_q[31:0] <= wr_data_i;
        ctrl_pkg::R_MASK_HI: mask_q[63:32] <= wr_data_i;
        default: begin
          if (wr_addr_i[7:6] == ctrl_pkg::R_SRC[7:6])
            src_q[wr_addr_i[5:0]*ctrl_pkg::SRC_ENTRY_W +: ctrl_pkg::SRC_ENTRY_W] <=
                {wr_data_i[ctrl_pkg::SRC_EXPLICIT_LSB],
                 wr_data_i[ctrl_pkg::SRC_INDEX_LSB +: ctrl_pkg::SRC_INDEX_W]};
        end
      endcase
    end
  end

  assign tokens_o = tokens_q;
  assign embedding_o = embedding_q;
  assign heads_o = heads_q;
  assign mlp_o = mlp_q;
  assign depth_o = depth_q;
  assign tb_hidden_o = tb_hidden_q;
  assign tb_layers_o = tb_layers_q;
  assign rows_o = rows_q;
  assign outs_o = outs_q;
  assign per_mvm_o = per_mvm_q;
  assign adc_per_mvm_o = adc_per_mvm_q;
  assign cells_per_w_o = cells_per_w_q;
  assign par_tiles_o = par_tiles_q;
  assign sm_lanes_o = sm_lanes_q;
  assign ln_lanes_o = ln_lanes_q;
  assign gelu_lanes_o = gelu_lanes_q;
  assign add_lanes_o = add_lanes_q;
  assign buf_lanes_o = buf_lanes_q;
  assign reuse_mask_o = mask_q;
  assign reuse_src_o  = src_q;
endmodule
