// core_out: the output port of trex_core (docs/core.md, "Ports"). When an
// inference's head op ends (start_i, one edge), it offers the logits one
// int32 per beat, index 0 .. count_i - 1, on a valid/ready handshake: a beat
// moves at an edge where valid_o and ready_i are both high; the class
// (smallest index of the largest logit) rides on every beat and last_o marks
// the final one. The logits stay in the execution unit's logit registers
// (read at idx_o); busy_o holds off the next head op until the host has
// taken them all. count_i = 0 sends nothing.
module core_out (
  input  logic        clk_i,
  input  logic        srst_ni,     // active-low synchronous reset
  input  logic        start_i,     // pulse: the head op ended
  input  logic [15:0] count_i,     // logits of that op (its n)
  input  logic [31:0] logit_i,     // the logit at idx_o
  input  logic [15:0] class_i,
  output logic [15:0] idx_o,
  output logic        busy_o,
  // the port
  output logic        valid_o,
  input  logic        ready_i,
  output logic [31:0] data_o,
  output logic        last_o,
  output logic [15:0] class_o
);
  logic        busy_q;
  logic [15:0] idx_q, cnt_q;

  always_ff @(posedge clk_i) begin
    if (!srst_ni) begin
      busy_q <= 1'b0;
      idx_q  <= '0;
      cnt_q  <= '0;
    end else if (!busy_q) begin
      if (start_i && count_i != 16'd0) begin
        busy_q <= 1'b1;
        idx_q  <= '0;
        cnt_q  <= count_i;
      end
    end else if (ready_i) begin
      if (idx_q + 16'd1 == cnt_q) busy_q <= 1'b0;
      idx_q <= idx_q + 16'd1;
    end
  end

  assign idx_o   = idx_q;
  assign busy_o  = busy_q;
  assign valid_o = busy_q;
  assign data_o  = logit_i;
  assign last_o  = busy_q && idx_q + 16'd1 == cnt_q;
  assign class_o = class_i;
endmodule
