# Verilator toggle coverage (coverage.dat of a --coverage-toggle build) ->
# per-net switching activity, for OpenSTA's set_power_activity.
#   awk -v cycles=N -v top=MODULE -f synth-covtoggles.awk coverage.dat > activity.txt
# Verilator counts every change of every bit of every signal; the points of
# the netlist's top level (hierarchy TOP.<top>) are the nets OpenSTA sees.
# The replay renamed Yosys' hidden nets _N_ to tglN_ (Verilator leaves names
# that start with an underscore out of toggle coverage); they are renamed
# back here. Output, one line per net bit: name toggles_per_cycle duty, with
# duty 0.5 (coverage counts changes, not time at 1).
# Exits 3 when there is no toggle point of the top level.
BEGIN { n = 0; if (cycles <= 0) { print "synth-covtoggles: cycles must be > 0" > "/dev/stderr"; exit 3 } }
/^C '/ {
  line = $0
  cnt = line; sub(/^.*' /, "", cnt)
  if (index(line, "page\002v_toggle/") == 0) next
  h = line; sub(/^.*\001h\002/, "", h); sub(/('|\001).*$/, "", h)
  if (h != "TOP." top) next
  o = line; sub(/^.*\001o\002/, "", o); sub(/('|\001).*$/, "", o)
  if (o ~ /^tgl[0-9]+_$/) { sub(/^tgl/, "_", o) }
  printf "%s %.6g 0.5\n", o, (cnt + 0) / cycles
  n++
}
END {
  if (n == 0) { print "synth-covtoggles: no toggle coverage point of TOP." top > "/dev/stderr"; exit 3 }
}
