// trex_ctrl: the attention-reuse controller (docs/controller.md). The one
// list of its files: every tool reads it (scripts/rtl-files.sh), the FuseSoC
// core (trex.core) must name the same files (make lint checks). The package
// comes first. One path per line, relative to the repository root.
rtl/ctrl_pkg.sv
rtl/ctrl_counters.sv
rtl/ctrl_div.sv
rtl/ctrl_mul.sv
rtl/ctrl_opdec.sv
rtl/ctrl_regs.sv
rtl/ctrl_seq.sv
rtl/ctrl_top.sv
