// enc_softmax: the softmax unit of the integer encoder (docs/encoder-units.md).
rtl/enc_param_check.sv
rtl/enc_iter_ctl.sv
rtl/enc_recip.sv
rtl/enc_rowbuf.sv
rtl/enc_softmax.sv
