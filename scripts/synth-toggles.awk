# VCD -> per-net switching activity, for OpenSTA's set_power_activity.
#   awk -v cycles=N -v period=T -f synth-toggles.awk dump.vcd > activity.txt
# cycles: clock cycles in the measured window; period: clock period in the
# VCD's time unit. The window starts at the first timestamp of the dump
# ($dumpvars time) and lasts cycles*period.
# Output, one line per net bit (vector bits as name[i]):
#   name toggles_per_cycle duty
# A toggle is a 0<->1 change of a bit between two known values; changes
# from or to x/z are not counted (the netlist starts with unknown flop
# contents and the window opens after reset and weight programming).
# duty = fraction of the window the bit was 1.
# Exits 3 when the dump has no variables or no value changes.
BEGIN { nvar = 0; inhdr = 1; t = -1; t0 = -1 }
inhdr && $1 == "$var" {
  # $var wire W ID NAME [RANGE] $end
  w = $3 + 0; id = $4; nm = $5; lo = 0
  if ($6 ~ /^\[[0-9]+(:[0-9]+)?\]$/) {
    r = $6; gsub(/[\[\]]/, "", r); split(r, rr, ":")
    lo = (rr[2] != "") ? rr[2] + 0 : rr[1] + 0
    if (rr[2] != "" && rr[1] + 0 < rr[2] + 0) lo = rr[1] + 0
  }
  if (!(id in width)) { width[id] = w; ids[++nvar] = id; lob[id] = lo }
  names[id] = (id in names) ? names[id] SUBSEP nm : nm
  next
}
inhdr && $1 == "$enddefinitions" { inhdr = 0; next }
inhdr { next }
/^#/ {
  t = substr($0, 2) + 0
  if (t0 < 0) t0 = t
  if (tend == "" ) tend = t0 + cycles * period
  next
}
/^\$/ { next }   # $dumpvars / $end / $dumpall markers
{
  if (t > tend) next
  c = substr($0, 1, 1)
  if (c == "b" || c == "B") {
    val = substr($1, 2); id = $2
  } else if (c == "r" || c == "R") {
    next
  } else {
    val = c; id = substr($0, 2)
  }
  if (!(id in width)) next
  w = width[id]
  # left-extend: 0/1 with 0, x/z with themselves
  if (length(val) < w) {
    f = substr(val, 1, 1); pad = (f == "x" || f == "z" || f == "X" || f == "Z") ? f : "0"
    while (length(val) < w) val = pad val
  }
  changes++
  for (k = 0; k < w; k++) {
    b = tolower(substr(val, w - k, 1))   # bit k (LSB at the right)
    key = id SUBSEP k
    if (key in cur) {
      p = cur[key]
      if (p == b) continue
      if (p == "1") high[key] += t - last[key]
      if ((p == "0" || p == "1") && (b == "0" || b == "1")) tog[key]++
    }
    cur[key] = b; last[key] = t
  }
}
END {
  if (nvar == 0) { print "synth-toggles: no variables in the dump" > "/dev/stderr"; exit 3 }
  if (changes == 0) { print "synth-toggles: no value changes in the dump" > "/dev/stderr"; exit 3 }
  span = cycles * period
  for (i = 1; i <= nvar; i++) {
    id = ids[i]; w = width[id]; nn = split(names[id], nml, SUBSEP)
    for (k = 0; k < w; k++) {
      key = id SUBSEP k
      h = high[key] + 0
      if ((key in cur) && cur[key] == "1") h += tend - last[key]
      if (h > span) h = span
      if (h < 0) h = 0
      a = tog[key] / cycles
      for (j = 1; j <= nn; j++) {
        nm = nml[j]
        if (w > 1 || lob[id] != 0) nm = nm "[" (k + lob[id]) "]"
        printf "%s %.6g %.6g\n", nm, a, h / span
      }
    }
  }
}
