// enc_add: the add unit of the integer encoder (docs/encoder-units.md).
-f rtl/enc_rs_pipe.f
rtl/enc_add.sv
