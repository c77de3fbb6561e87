// xbar_tile: the crossbar tile (docs/xbar-tile-rtl.md). The one list of its
// files: every tool reads it (scripts/rtl-files.sh), the FuseSoC core
// (trex.core) must name the same files (make lint checks). One path per
// line, relative to the repository root.
rtl/xbar_tile.sv
rtl/xbar_array.sv
rtl/xbar_adc.sv
rtl/xbar_shift_add.sv
