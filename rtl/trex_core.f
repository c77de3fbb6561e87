// trex_core: the accelerator top (docs/core.md). The one list of its files
// (scripts/rtl-files.sh trex_core),
// submodules first. One path per line, relative to the repository root;
// "-f rtl/trex_ctrl.f" is the controller's own list, in place.
rtl/enc_param_check.sv
rtl/xbar_array.sv
rtl/xbar_adc.sv
rtl/xbar_shift_add.sv
rtl/xbar_tile.sv
-f rtl/trex_ctrl.f
rtl/enc_round_sat.sv
rtl/enc_iter_ctl.sv
rtl/enc_isqrt.sv
rtl/enc_recip.sv
rtl/enc_rowbuf.sv
rtl/enc_rs_pipe.sv
rtl/enc_layernorm.sv
rtl/enc_softmax.sv
rtl/enc_gelu.sv
rtl/enc_add.sv
rtl/enc_requant.sv
rtl/core_tiles.sv
rtl/core_exec.sv
rtl/core_out.sv
rtl/core_top.sv
