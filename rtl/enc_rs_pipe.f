// enc_rs_pipe: the rounding and saturation pipeline of the element-wise
// units (requant, add), with its submodule; their lists take it by "-f".
rtl/enc_param_check.sv
rtl/enc_round_sat.sv
rtl/enc_rs_pipe.sv
