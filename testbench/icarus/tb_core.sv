// Icarus testbench of the accelerator top trex_core (docs/core.md).
//
// Replays a stimulus recorded by the C testbench (tb_core --stim FILE, a
// passing Verilator run): the load-port writes, the controller's register
// writes and start, in the same cycles as tb_core drives them, and checks
// every op against the golden model's values recorded with it (the same
// compare as tb_core: op order by encoder and op code, the op's cycles
// against the core's cycle model, every element of its output read through
// the debug port, the logits through the output port's valid/ready
// handshake with ready drawn at random per edge, then the class).
// scripts/core-icarus.sh builds and runs it; the stimulus is text, one
// record a line (hex numbers):
//   L addr data     a load-port write (data LD_W bits)
//   C addr data     a register write (one edge)
//   S n             start (n ops follow)
//   O enc code cycles count issue   an op's expected end (its cycles and
//                   the cycles it waits for its descriptor: the schedule's
//                   issue cycles, c-model/ctrl_issue.h), then count lines
//   E v / G v       an expected int8 element / int32 logit
//   K class         the expected class; the controller must be done
//   X               end of an input
// Prints "tb_core_icarus: PASS ..." or the first difference and "FAIL".
//
// Parameters: those of trex_core (set with -Ptb_core.NAME=VALUE).

`timescale 1ns / 1ps

`include "trex_params.svh"

module tb_core #(
  `CORE_ARRAY_PARAMS,
  `CORE_XBAR_PARAMS(6),
  `CORE_SIZE_PARAMS
);
  localparam int LD_W = `CORE_LD_W;

  logic            clk = 1'b0, srst_n = 1'b0;
  logic            cfg_we = 1'b0, start = 1'b0;
  logic [7:0]      cfg_addr = '0, rd_addr = '0;
  logic [31:0]     cfg_wdata = '0, ld_addr = '0, dbg_addr = '0;
  logic            ld_valid = 1'b0;
  logic [LD_W-1:0] ld_data = '0;
  logic            out_ready = 1'b0, out_valid, out_last, taken;
  logic [15:0]     out_idx, out_cls;
  logic [31:0]     rd_data, out_data, op_cycles, op_dst;
  logic            ctrl_busy, ctrl_done, ctrl_error, ld_ready, exec_idle, exec_err, op_done;
  logic [2:0]      err_code;
  logic [7:0]      dbg_data;
  logic [15:0]     cls;
  logic [5:0]      op_enc;
  logic [4:0]      op_code;

  trex_core #(
    `CORE_ARRAY_PASS, `CORE_XBAR_PASS, `CORE_SIZE_PASS
  ) dut (
    .clk_i (clk), .srst_ni (srst_n),
    .cfg_we_i (cfg_we), .cfg_addr_i (cfg_addr), .cfg_wdata_i (cfg_wdata), .start_i (start),
    .rd_addr_i (rd_addr), .rd_data_o (rd_data),
    .ctrl_busy_o (ctrl_busy), .ctrl_done_o (ctrl_done), .ctrl_error_o (ctrl_error),
    .ctrl_err_code_o (err_code),
    .ld_valid_i (ld_valid), .ld_ready_o (ld_ready), .ld_addr_i (ld_addr), .ld_data_i (ld_data),
    .dbg_addr_i (dbg_addr), .dbg_data_o (dbg_data),
    .out_valid_o (out_valid), .out_ready_i (out_ready), .out_data_o (out_data),
    .out_idx_o (out_idx), .out_last_o (out_last), .out_class_o (out_cls), .exec_idle_o (exec_idle), .exec_err_o (exec_err),
    .op_done_o (op_done), .op_enc_o (op_enc), .op_code_o (op_code),
    .op_cycles_o (op_cycles), .op_dst_o (op_dst)
  );

  longint unsigned cyc = 0;  // edges since the start of the simulation

  // one clock cycle: inputs set before it are stable at the rising edge;
  // outputs read after it are those after the edge
  task automatic tick;
    #2 clk = 1'b1;
    #2 clk = 1'b0;
    cyc = cyc + 1;
  endtask

  integer fd, r, fails = 0, ops = 0, inputs = 0;
  longint unsigned elems = 0, t_inf = 0, guard;
  reg [8*8-1:0]    tok;
  reg [31:0]       a, v, enc, code, ecyc, cnt, n_ops, eiss;
  longint unsigned t_prev = 0, waited;  // the previous op's end (or the start edge)
  logic            first = 1'b0;
  reg [LD_W-1:0]   d;
  string           path;

  task automatic fail(input string msg);
    $display("MISMATCH input %0d: %s", inputs, msg);
    $display("tb_core_icarus: FAIL after %0d ops, %0d elements compared", ops, elems);
    $display("FAIL");
    $finish;
  endtask

  initial begin
    if (!$value$plusargs("stim=%s", path)) begin
      $display("tb_core_icarus: +stim=FILE is required");
      $display("FAIL");
      $finish;
    end
    fd = $fopen(path, "r");
    if (fd == 0) begin
      $display("tb_core_icarus: cannot read %s", path);
      $display("FAIL");
      $finish;
    end
    repeat (4) tick();
    srst_n = 1'b1;
    tick();
    r = $fscanf(fd, "%s", tok);
    while (r == 1) begin
      if (tok == "L") begin
        r = $fscanf(fd, "%h %h", a, d);
        ld_valid = 1'b1; ld_addr = a; ld_data = d;
        guard = 0;
        while (!ld_ready) begin
          tick();
          guard = guard + 1;
          if (guard > 1000000) fail("load port never ready");
        end
        tick();
        ld_valid = 1'b0;
      end else if (tok == "C") begin
        if (t_inf == 0) t_inf = cyc;
        r = $fscanf(fd, "%h %h", a, v);
        cfg_we = 1'b1; cfg_addr = a[7:0]; cfg_wdata = v;
        tick();
        cfg_we = 1'b0;
      end else if (tok == "S") begin
        r = $fscanf(fd, "%h", n_ops);
        start = 1'b1;
        tick();
        start = 1'b0;
        t_prev = cyc;
        first = 1'b1;
      end else if (tok == "O") begin
        r = $fscanf(fd, "%h %h %h %h %h", enc, code, ecyc, cnt, eiss);
        tick();
        guard = 0;
        while (!op_done) begin
          if (exec_err) fail("the execution unit refused a descriptor");
          tick();
          guard = guard + 1;
          if (guard > 50000000) fail("no op ended");
        end
        if (op_enc != enc[5:0] || op_code != code[4:0])
          fail($sformatf("op order: expected encoder %0d op %0d, RTL encoder %0d op %0d",
                         enc, code, op_enc, op_code));
        if (op_cycles != ecyc)
          fail($sformatf("CYCLE MISMATCH encoder %0d op %0d: rtl %0d cycles, the cycle model %0d",
                         enc, code, op_cycles, ecyc));
        waited = cyc - t_prev - op_cycles + (first ? 1 : 0);
        if (waited != eiss)
          fail($sformatf("ISSUE CYCLE MISMATCH encoder %0d op %0d: waited %0d cycles, the schedule %0d",
                         enc, code, waited, eiss));
        t_prev = cyc;
        first = 1'b0;
        for (longint unsigned j = 0; j < cnt; j++) begin
          r = $fscanf(fd, "%s %h", tok, v);
          if (tok == "G") begin
            // the next beat of the output port (ready at random per edge)
            taken = 1'b0;
            guard = 0;
            while (!taken) begin
              out_ready = ($urandom % 2) == 1;
              #1;
              if (out_valid && out_ready) begin
                if (out_idx != j[15:0] || out_last != (j + 1 == cnt))
                  fail($sformatf("output port beat %0d: index %0d last %0d", j, out_idx, out_last));
                if (out_data != v)
                  fail($sformatf("encoder %0d op %0d (head) logit %0d: golden %0d RTL %0d",
                                 enc, code, j, $signed(v), $signed(out_data)));
                cls = out_cls;
                taken = 1'b1;
              end
              tick();
              guard = guard + 1;
              if (guard > 100000) fail("the output port sent no beat");
            end
            out_ready = 1'b0;
          end else begin
            dbg_addr = op_dst + j[31:0];
            #1;
            if (dbg_data != v[7:0])
              fail($sformatf("encoder %0d op %0d element %0d: golden %0d RTL %0d", enc, code, j,
                             $signed(v[7:0]), $signed(dbg_data)));
          end
          elems = elems + 1;
        end
        ops = ops + 1;
      end else if (tok == "K") begin
        r = $fscanf(fd, "%h", v);
        for (int i = 0; i < 2000 && !ctrl_done; i++) tick();
        if (!ctrl_done || ctrl_error) fail("controller not done after its ops");
        tick();
        if (op_done) fail("an op beyond the schedule ended");
        if (cls != v[15:0]) fail($sformatf("class golden %0d RTL %0d", v, cls));
      end else if (tok == "X") begin
        $display("input %0d: class %0d, %0d cycles: match", inputs, cls, cyc - t_inf);
        inputs = inputs + 1;
        t_inf = 0;
      end else begin
        $display("tb_core_icarus: %s: unknown record '%0s'", path, tok);
        $display("FAIL");
        $finish;
      end
      r = $fscanf(fd, "%s", tok);
    end
    $fclose(fd);
    if (inputs == 0) fail("no input in the stimulus");
    $display("tb_core_icarus: PASS %0d inputs, %0d ops, %0d elements compared, 0 mismatches; %0d cycles",
             inputs, ops, elems, cyc);
    $display("PASS");
    $finish;
  end

endmodule
