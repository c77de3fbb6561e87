// enc_gelu: the gelu unit of the integer encoder (docs/encoder-units.md).
rtl/enc_param_check.sv
rtl/enc_gelu.sv
