// Row buffer of the row units (softmax, LayerNorm; docs/encoder-units.md):
// takes one row of n int8 elements, LANES per beat, and hands it out again
// beat by beat in read passes, with the lane masks of a row of n (the lanes
// past n of the last beat are not valid).
//
// Parameters:
//   LANES  elements per beat, >= 1.
//   NMAX   longest row, 1 .. 65535 (ceil(NMAX/LANES) beats of storage).
//
// Write side: the beat on data_i is stored at an edge where wr_i is high;
// first_i marks a row's first beat (then len_i is the row's n, sampled
// there); in_mask_o / in_last_o describe the beat offered now (valid lanes;
// the row's last beat), from len_i when first_i, else from what is left.
// Read side: rewind_i starts a pass over the row held (or the row whose last
// beat is written at the same edge) at the next edge; rd_i takes the beat on
// rd_data_o (valid lanes rd_mask_o) and moves to the next; rd_busy_o is high
// while the pass has beats left.
module enc_rowbuf #(
  parameter int LANES = 4,
  parameter int NMAX  = 64
) (
  input  logic                      clk_i,
  input  logic                      srst_ni,

  input  logic                      wr_i,
  input  logic                      first_i,
  input  logic [$clog2(NMAX+1)-1:0] len_i,
  input  logic [LANES*8-1:0]        data_i,
  output logic [LANES-1:0]          in_mask_o,
  output logic                      in_last_o,
  output logic [$clog2(NMAX+1)-1:0] len_o,      // n of the row held

  input  logic                      rewind_i,
  input  logic                      rd_i,
  output logic [LANES*8-1:0]        rd_data_o,
  output logic [LANES-1:0]          rd_mask_o,
  output logic                      rd_busy_o
);

  localparam int LEN_W = $clog2(NMAX + 1);
  localparam int NB    = (NMAX + LANES - 1) / LANES;
  localparam int PTR_W = (NB > 1) ? $clog2(NB) : 1;

`ifndef SYNTHESIS
  enc_param_check #(.OK(!(LANES < 1 || NMAX < 1 || NMAX > 65535))) u_param_check ();
`endif

  logic [LANES*8-1:0] buf_q [NB];
  logic [LEN_W-1:0]   len_q, in_rem_q, rd_rem_q;
  logic [PTR_W-1:0]   wr_q, rd_q;
  logic               rd_busy_q;

  // write side: the elements of the row from the offered beat on
  logic [LEN_W-1:0] in_rem;
  logic [31:0]      in_rem32, rd_rem32;
  assign in_rem    = first_i ? len_i : in_rem_q;
  assign in_rem32  = 32'(in_rem);
  assign in_last_o = (in_rem32 <= LANES);
  assign rd_rem32  = 32'(rd_rem_q);
  for (genvar j = 0; j < LANES; j++) begin : g_mask
    assign in_mask_o[j] = (in_rem32 > j);
    assign rd_mask_o[j] = (rd_rem32 > j);
  end

  always_ff @(posedge clk_i) begin
    if (!srst_ni) begin
      rd_busy_q <= 1'b0;
    end else if (rewind_i) begin
      rd_busy_q <= 1'b1;
    end else if (rd_i && rd_rem32 <= LANES) begin
      rd_busy_q <= 1'b0;
    end
  end

  always_ff @(posedge clk_i) begin
    if (wr_i) begin
      buf_q[first_i ? '0 : wr_q] <= data_i;
      wr_q     <= first_i ? PTR_W'(1) : wr_q + 1'b1;
      in_rem_q <= in_rem - LEN_W'(LANES);
      if (first_i) begin
        len_q <= len_i;
      end
    end
    if (rewind_i) begin
      rd_q     <= '0;
      rd_rem_q <= (wr_i && first_i) ? len_i : len_q;
    end else if (rd_i) begin
      rd_q     <= rd_q + 1'b1;
      rd_rem_q <= rd_rem_q - LEN_W'(LANES);
    end
  end

  assign len_o     = len_q;
  assign rd_data_o = buf_q[rd_q];
  assign rd_busy_o = rd_busy_q;

endmodule
