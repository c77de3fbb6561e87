// Second top module of the gate-level replay: with +vcd=FILE it dumps the
// nets of the netlist's top level (the nets OpenSTA sees) from the moment the
// testbench offers the first input vector (after reset and weight
// programming) to the end of the run. scripts/synth-toggles.awk turns the
// dump into per-net toggle rates for the power analysis.
module gls_dump;
  string vcd;
  initial begin
    if ($value$plusargs("vcd=%s", vcd)) begin
      wait (tb_xbar_tile.in_valid === 1'b1);
      $display("gls_dump: window starts at %0t", $time);
      $dumpfile(vcd);
      $dumpvars(1, tb_xbar_tile.dut);
    end
  end
endmodule
