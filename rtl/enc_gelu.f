// enc_gelu: the gelu unit of the integer encoder (docs/encoder-units.md).
// The one list of its files, submodules first. One path per line,
// relative to the repository root.
rtl/enc_gelu.sv
