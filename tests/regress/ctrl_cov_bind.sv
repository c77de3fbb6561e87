// Functional coverage bins of the controller run (make regress), bound into
// the controller RTL only in the Verilator coverage build (--coverage-user);
// the counts appear as user points in the coverage data and the regression
// turns them into bins (docs/regression.md). Internal names are those of
// rtl/ctrl_seq.sv: a rename there makes this build fail (BUILD), not pass.
module ctrl_cov_seq (
  input logic clk_i,
  input logic reuse_recent,    // a reused encoder takes the most recent computing one
  input logic reuse_explicit,  // ... an explicit source
  input logic reuse_older,     // ... an explicit source older than the most recent
  input logic bad_source       // an illegal explicit source is rejected
);
  cover_reuse_recent:   cover property (@(posedge clk_i) reuse_recent);
  cover_reuse_explicit: cover property (@(posedge clk_i) reuse_explicit);
  cover_reuse_older:    cover property (@(posedge clk_i) reuse_older);
  cover_bad_source:     cover property (@(posedge clk_i) bad_source);
endmodule

module ctrl_cov_top (
  input logic clk_i,
  input logic stall,       // descriptor valid, not ready: back-pressure
  input logic accept,      // descriptor accepted
  input logic done,
  input logic error
);
  logic stall_q;
  always_ff @(posedge clk_i) stall_q <= stall;
  cover_bp_stall:       cover property (@(posedge clk_i) stall);
  cover_bp_stall_multi: cover property (@(posedge clk_i) stall && stall_q);
  cover_desc_accept:    cover property (@(posedge clk_i) accept);
  cover_done:           cover property (@(posedge clk_i) done);
  cover_error:          cover property (@(posedge clk_i) error);
endmodule

bind ctrl_seq ctrl_cov_seq u_cov_seq (
  .clk_i          (clk_i),
  .reuse_recent   (state_q == S_SCAN && in_depth && mask_i && !src_ex && i_q != 6'd0),
  .reuse_explicit (state_q == S_SCAN && in_depth && mask_i && src_ex && i_q != 6'd0 &&
                   src_v < i_q && !reuse_mask_i[src_v]),
  .reuse_older    (state_q == S_SCAN && in_depth && mask_i && src_ex && i_q != 6'd0 &&
                   src_v < i_q && !reuse_mask_i[src_v] && src_v != last_q),
  .bad_source     (state_q == S_SCAN && in_depth && mask_i && src_ex && i_q != 6'd0 &&
                   (src_v >= i_q || reuse_mask_i[src_v]))
);

bind trex_ctrl ctrl_cov_top u_cov_top (
  .clk_i  (clk_i),
  .stall  (desc_valid_o && !desc_ready_i),
  .accept (desc_valid_o && desc_ready_i),
  .done   (done_o),
  .error  (error_o)
);
