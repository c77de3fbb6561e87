// The parameter check of the integer encoder's blocks (docs/encoder-units.md),
// written once: a block instantiates it, under `ifndef SYNTHESIS, with OK set
// to the legality of its own parameters; an illegal configuration stops the
// simulation at time 0 with one line naming the block's instance
// ("<instance path>.u_param_check: illegal parameters"). Synthesis never sees
// an instance (Yosys reads the RTL with SYNTHESIS defined) nor the check.
//
// Parameters:
//   OK  1: the instantiating block's parameters are legal; 0: $fatal.
module enc_param_check #(
  parameter bit OK = 1'b1
) ();

`ifndef SYNTHESIS
  initial begin
    if (!OK) begin
      $fatal(1, "%m: illegal parameters");
    end
  end
`endif

endmodule
