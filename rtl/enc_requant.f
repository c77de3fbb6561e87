// enc_requant: the requant unit of the integer encoder (docs/encoder-units.md).
// The one list of its files, submodules first. One path per line,
// relative to the repository root.
rtl/enc_round_sat.sv
rtl/enc_rs_pipe.sv
rtl/enc_requant.sv
