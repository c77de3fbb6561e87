// ctrl_regs: the attention-reuse controller's configuration registers
// (docs/controller.md, "Controller RTL", register map). Writes are honoured
// only while the controller is not busy; every register resets to 0.
module ctrl_regs (
  input  logic         clk_i,
  input  logic         rst_ni,
  input  logic         busy_i,
  input  logic         wr_en_i,
  input  logic [7:0]   wr_addr_i,
  input  logic [31:0]  wr_data_i,
  // model
  output logic [31:0]  tokens_o,
  output logic [31:0]  embedding_o,
  output logic [31:0]  heads_o,
  output logic [31:0]  mlp_o,
  output logic [31:0]  depth_o,
  output logic [31:0]  tb_hidden_o,
  output logic [31:0]  tb_layers_o,
  // chip
  output logic [31:0]  rows_o,
  output logic [31:0]  outs_o,
  output logic [31:0]  per_mvm_o,
  output logic [31:0]  adc_per_mvm_o,
  output logic [31:0]  cells_per_w_o,
  output logic [31:0]  par_tiles_o,
  output logic [31:0]  sm_lanes_o,
  output logic [31:0]  ln_lanes_o,
  output logic [31:0]  gelu_lanes_o,
  output logic [31:0]  add_lanes_o,
  output logic [31:0]  buf_lanes_o,
  // reuse: mask bit i = encoder i reuses; src entry i = {explicit, source}
  output logic [63:0]  reuse_mask_o,
  output logic [447:0] reuse_src_o
);
  logic [31:0]  tokens_q;
  logic [31:0]  embedding_q;
  logic [31:0]  heads_q;
  logic [31:0]  mlp_q;
  logic [31:0]  depth_q;
  logic [31:0]  tb_hidden_q;
  logic [31:0]  tb_layers_q;
  logic [31:0]  rows_q;
  logic [31:0]  outs_q;
  logic [31:0]  per_mvm_q;
  logic [31:0]  adc_per_mvm_q;
  logic [31:0]  cells_per_w_q;
  logic [31:0]  par_tiles_q;
  logic [31:0]  sm_lanes_q;
  logic [31:0]  ln_lanes_q;
  logic [31:0]  gelu_lanes_q;
  logic [31:0]  add_lanes_q;
  logic [31:0]  buf_lanes_q;
  logic [63:0]  mask_q;
  logic [447:0] src_q;

  logic wr;
  assign wr = wr_en_i && !busy_i;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      tokens_q <= 32'd0;
      embedding_q <= 32'd0;
      heads_q <= 32'd0;
      mlp_q <= 32'd0;
      depth_q <= 32'd0;
      tb_hidden_q <= 32'd0;
      tb_layers_q <= 32'd0;
      rows_q <= 32'd0;
      outs_q <= 32'd0;
      per_mvm_q <= 32'd0;
      adc_per_mvm_q <= 32'd0;
      cells_per_w_q <= 32'd0;
      par_tiles_q <= 32'd0;
      sm_lanes_q <= 32'd0;
      ln_lanes_q <= 32'd0;
      gelu_lanes_q <= 32'd0;
      add_lanes_q <= 32'd0;
      buf_lanes_q <= 32'd0;
      mask_q <= 64'd0;
      src_q  <= 448'd0;
    end else if (wr) begin
      case (wr_addr_i)
        8'h00: tokens_q <= wr_data_i;
        8'h01: embedding_q <= wr_data_i;
        8'h02: heads_q <= wr_data_i;
        8'h03: mlp_q <= wr_data_i;
        8'h04: depth_q <= wr_data_i;
        8'h05: tb_hidden_q <= wr_data_i;
        8'h06: tb_layers_q <= wr_data_i;
        8'h08: rows_q <= wr_data_i;
        8'h09: outs_q <= wr_data_i;
        8'h0a: per_mvm_q <= wr_data_i;
        8'h0b: adc_per_mvm_q <= wr_data_i;
        8'h0c: cells_per_w_q <= wr_data_i;
        8'h0d: par_tiles_q <= wr_data_i;
        8'h0e: sm_lanes_q <= wr_data_i;
        8'h0f: ln_lanes_q <= wr_data_i;
        8'h10: gelu_lanes_q <= wr_data_i;
        8'h11: add_lanes_q <= wr_data_i;
        8'h12: buf_lanes_q <= wr_data_i;
        8'h14: mask_q[31:0] <= wr_data_i;
        8'h15: mask_q[63:32] <= wr_data_i;
        default: begin
          if (wr_addr_i[7:6] == 2'b01)
            src_q[wr_addr_i[5:0]*7 +: 7] <= {wr_data_i[8], wr_data_i[5:0]};
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
