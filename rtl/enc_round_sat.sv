// y = sat8(rshr(v, s)) (docs/encoder-int.md, section 1): round half up by
// 2^s, then saturate to int8. Combinational.
//
// Parameters:
//   IN_W  width of the signed operand v; |v| + 2^61 must stay below 2^63
//         (true for every use: requantise |v| < 2^62, add |v| < 2^40,
//         LayerNorm |v| < 2^58; docs/encoder-int.md, section 6).
module enc_round_sat #(
  parameter int IN_W = 64
) (
  input  logic signed [IN_W-1:0] v_i,
  input  logic        [5:0]      s_i,   // 0 .. 62
  output logic        [7:0]      y_o
);

`ifndef SYNTHESIS
  enc_param_check #(.OK(!(IN_W < 8 || IN_W > 64))) u_param_check ();
`endif

  logic signed [63:0] ext, half, sum, shifted;
  if (IN_W < 64) begin : g_ext
    assign ext = {{(64 - IN_W){v_i[IN_W-1]}}, v_i};
  end else begin : g_full
    assign ext = v_i;
  end
  assign half    = (s_i == 6'd0) ? 64'sd0 : $signed(64'd1 << (s_i - 6'd1));
  assign sum     = ext + half;
  assign shifted = sum >>> s_i;
  assign y_o     = (shifted > 64'sd127)  ? 8'h7f :
                   (shifted < -64'sd128) ? 8'h80 : shifted[7:0];

endmodule
