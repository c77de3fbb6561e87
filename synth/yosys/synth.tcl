# Yosys synthesis of one RTL module for one liberty (run: yosys -c synth.tcl).
# Driven by scripts/synth-run.sh through the environment:
#   SY_TOP     top module
#   SY_FILES   SystemVerilog sources (space separated)
#   SY_PARAMS  chparam arguments ("-set ROWS 64 -set OUTS 8 ..."), may be empty
#   SY_LIB     liberty handed to dfflibmap/abc/stat (already filtered)
#   SY_SEQ     names of the liberty's sequential cells (space separated)
#   SY_DELAY   abc delay target in ps (the SDC clock period)
#   SY_OUT     output directory
# Writes: stat_hier.txt (per-module areas, hierarchy kept during mapping),
#         stat_flat.txt (flattened totals), stat_seq.txt (sequential cells
#         only), netlist.v (flat, mapped, single-bit internal nets).
yosys -import

set top    $::env(SY_TOP)
set lib    $::env(SY_LIB)
set out    $::env(SY_OUT)
set delay  $::env(SY_DELAY)

# SY_DEFER=1 (the accelerator top): read without elaborating, then
# elaborate the top once with its parameters (hierarchy -chparam); without
# it Yosys first elaborates every module at its default parameters, which
# for trex_core's execution unit takes gigabytes and many minutes.
set defer [expr {[info exists ::env(SY_DEFER)] && $::env(SY_DEFER) eq "1"}]
foreach f $::env(SY_FILES) {
  if {$defer} {
    read_verilog -defer -sv -Irtl -DSYNTHESIS $f
  } else {
    read_verilog -sv -Irtl -DSYNTHESIS $f
  }
}
if {$defer} {
  set hp {}
  foreach {flag name value} $::env(SY_PARAMS) { lappend hp -chparam $name $value }
  hierarchy -check -top $top {*}$hp
} else {
  if {[string trim $::env(SY_PARAMS)] ne ""} {
    eval chparam $::env(SY_PARAMS) $top
  }
  hierarchy -check -top $top
}

# Generic synthesis with the hierarchy kept, so each submodule's area is
# reported on its own (abc maps each module separately).
synth -top $top -run begin:fine
opt -fast
memory_map
# memory_map builds each read port's mux tree over the next power of two of
# entries; the branches past the last entry of a memory whose depth is not
# a power of two (trex_core's parameter and activation memories) are left
# undriven (an out-of-range read is X in the RTL) and check -assert would
# refuse them: tie them to 0. Only for the top (SY_DEFER=1): the other
# modules' netlists, and so their figures, stay as they were.
if {$defer} {
  setundef -undriven -zero
}
opt -fast
techmap
opt -fast
check -assert
# Technology mapping.
dfflibmap -liberty $lib
opt_clean
# ABC: the default liberty mapping script followed by buffering and gate
# sizing against the clock period (as the OpenLane/ORFS abc scripts do),
# so high-fanout nets get buffer trees instead of a single weak driver.
set fh [open $out/abc.script w]
puts $fh "strash; &get -n; &fraig -x; &put; scorr; dc2; dretime; strash; &get -n; &dch -f; &nf -D $delay; &put; buffer -p; upsize -D $delay; dnsize -D $delay; stime -p"
close $fh
set fh [open $out/abc.constr w]
puts $fh "set_driving_cell $::env(SY_DRIVER)"
puts $fh "set_load $::env(SY_LOAD)"
close $fh
abc -D $delay -liberty $lib -constr $out/abc.constr -script $out/abc.script
opt_clean
setundef -zero
opt_clean -purge
tee -q -o $out/stat_hier.txt stat -top $top -liberty $lib

# Flat netlist for OpenSTA and the gate-level replay.
flatten
opt_clean -purge
splitnets
yosys rename -hide w:* c:*
opt_clean -purge
tee -q -o $out/stat_flat.txt stat -liberty $lib
set seqsel {}
foreach c $::env(SY_SEQ) { lappend seqsel "t:$c" }
if {[llength $seqsel] > 0} {
  tee -q -o $out/stat_seq.txt stat -liberty $lib {*}$seqsel
} else {
  set fh [open $out/stat_seq.txt w]; close $fh
}
write_verilog -noattr -noexpr -simple-lhs $out/netlist.v
