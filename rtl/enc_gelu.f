// enc_gelu: the gelu unit of the integer encoder (docs/encoder-units.md).
rtl/enc_gelu.sv
