# OpenSTA (Debian opensta 0~20191111, "2.0.17"): timing and power of one
# synthesized netlist. Run: sta -no_init -exit sta.tcl. Environment:
#   ST_LIB      liberty (the filtered one the netlist was mapped to)
#   ST_NET      flat mapped netlist (Verilog)
#   ST_TOP      top module
#   ST_SDC      constraints written by scripts/synth-run.sh
#   ST_ACT      activity file ("net toggles_per_cycle duty" per line) or ""
#   ST_MINCOV   least fraction of nets the activity must cover (e.g. 0.95)
#   ST_OUT      results file (key value per line) for synth-run.sh
#   ST_PATH     critical path report (text)
# Exit status 0 on success; any Tcl error exits non-zero with the message.

proc fail {msg} { puts stderr "sta: $msg"; exit 2 }
proc num_after {text key} {
  # first floating-point number after $key in $text
  if {[regexp "${key}\[^-0-9.\]*(-?\[0-9.\]+(?:\[eE\]\[-+\]?\[0-9\]+)?)" $text -> v]} { return $v }
  return ""
}

proc main {} {
set out [open $::env(ST_OUT) w]
if {[catch {read_liberty $::env(ST_LIB)} err]} { fail "read_liberty: $err" }
if {[catch {read_verilog $::env(ST_NET)} err]} { fail "read_verilog: $err" }
if {![link_design $::env(ST_TOP)]} { fail "link_design $::env(ST_TOP) failed" }
if {[catch {read_sdc $::env(ST_SDC)} err]} { fail "read_sdc: $err" }

set clk [lindex [all_clocks] 0]
if {$clk eq ""} { fail "no clock in $::env(ST_SDC)" }
set period [get_property $clk period]

# ---- timing ---------------------------------------------------------------
with_output_to_variable ws { report_worst_slack -digits 5 }
set wns [num_after $ws "worst slack"]
if {$wns eq "" || ![string is double $wns] || abs($wns) > 1e20} {
  fail "no constrained timing path (worst slack: '$ws')"
}
report_checks -path_delay max -format full_clock -digits 4 -fields {slew capacitance input_pin} > $::env(ST_PATH)
with_output_to_variable cp { report_checks -path_delay max -format end -digits 5 }
set crit [expr {$period - $wns}]
if {$crit <= 0} { fail "non-positive critical path ($crit ns)" }
set fmax [expr {1000.0 / $crit}]
puts $out "period_ns $period"
puts $out "worst_slack_ns $wns"
puts $out "critical_path_ns $crit"
puts $out "fmax_mhz $fmax"
# Endpoints of the worst path, for the metrics.
with_output_to_variable pr { report_checks -path_delay max -format full -digits 4 }
if {[regexp {Startpoint: (\S+)} $pr -> sp]} { puts $out "critical_start $sp" }
if {[regexp {Endpoint: (\S+)} $pr -> ep]} { puts $out "critical_end $ep" }

# ---- power ----------------------------------------------------------------
if {$::env(ST_ACT) ne ""} {
  # Power at fmax (floored to 0.1 MHz): the activity is per clock cycle, so
  # the dynamic part follows the clock and the figures belong to a tile
  # running at its own best speed.
  set fuse [expr {floor($fmax * 10.0) / 10.0}]
  set puse [expr {1000.0 / $fuse}]
  set cname [get_name $clk]
  set csrc [get_property $clk sources]
  create_clock -name $cname -period $puse $csrc
  puts $out "clock_mhz_used $fuse"

  set act [dict create]
  set fh [open $::env(ST_ACT) r]
  while {[gets $fh line] >= 0} {
    if {[llength $line] == 3} { dict set act [lindex $line 0] [lrange $line 1 2] }
  }
  close $fh

  # Debian's 2.0.17 set_power_activity -pins is broken (it iterates an unset
  # variable) and only takes input pins, so set every pin of every net
  # through the underlying call, with the net's measured activity.
  set nets 0; set covered 0; set pins_set 0; set toggled 0
  foreach net [get_nets *] {
    set name [get_full_name $net]
    set pins [get_pins -quiet -of_objects $net]
    if {[llength $pins] == 0} { continue }
    incr nets
    if {[dict exists $act $name]} {
      incr covered
      lassign [dict get $act $name] a d
      if {$a > 0} { incr toggled }
      foreach pin $pins {
        sta::set_power_pin_activity $pin $a $d
        incr pins_set
      }
    }
  }
  if {$nets == 0} { fail "netlist has no nets with pins" }
  set cov [expr {double($covered) / $nets}]
  puts $out "activity_nets $nets"
  puts $out "activity_covered $covered"
  puts $out "activity_coverage $cov"
  puts $out "activity_pins $pins_set"
  puts $out "activity_toggled $toggled"
  if {$cov < $::env(ST_MINCOV)} {
    close $out
    fail [format "activity covers %.4f of %d nets, below the required %.2f" $cov $nets $::env(ST_MINCOV)]
  }
  with_output_to_variable pw { report_power -digits 6 }
  if {![regexp {\nTotal\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)} $pw -> pint psw pleak ptot]} {
    fail "cannot read report_power output"
  }
  puts $out "power_internal_w $pint"
  puts $out "power_switching_w $psw"
  puts $out "power_leakage_w $pleak"
  puts $out "power_total_w $ptot"
  set fp [open $::env(ST_PATH).power w]; puts $fp $pw; close $fp
}
close $out
}

if {[catch {main} err]} { puts stderr "sta: $err"; exit 2 }
exit 0
