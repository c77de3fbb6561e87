# Liberty cell filter (awk; no Python in the product).
#   awk -v drop="GLOB GLOB ..." -f synth-libfilter.awk in.lib > out.lib
#   awk -v keep="CELL CELL ..." -f synth-libfilter.awk in.lib > out.lib
# drop: remove every cell whose name matches one of the shell-style globs
#       (* and ? only); keep: keep only the named cells. Library-level
#       groups and attributes pass unchanged. With -v seq=FILE the names of
#       the kept cells that hold an ff or latch group are written to FILE;
#       with -v cells=FILE the names of all kept cells are.
# Exits 3 when the input has no "library (" header, or its braces do not
# balance (a truncated or corrupt file), or no cell survives.
function glob2re(g,   r) {
  r = g; gsub(/[.+^$(){}|\[\]\\]/, "\\\\&", r); gsub(/\*/, ".*", r); gsub(/\?/, ".", r)
  return "^" r "$"
}
BEGIN {
  nd = split(drop, dg, /[ \t]+/); for (i = 1; i <= nd; i++) if (dg[i] != "") dre[i] = glob2re(dg[i])
  nk = split(keep, kk, /[ \t]+/); for (i = 1; i <= nk; i++) if (kk[i] != "") want[kk[i]] = 1
  depth = 0; incell = 0; skipping = 0; kept = 0; haslib = 0
}
{
  line = $0
  # ignore braces inside comments and strings for the depth count
  t = line; gsub(/"[^"]*"/, "", t); gsub(/\/\*.*\*\//, "", t)
  o = gsub(/\{/, "{", t); c = gsub(/\}/, "}", t)
  if (!haslib && line ~ /^[ \t]*library[ \t]*\(/) haslib = 1
  if (depth == 1 && line ~ /^[ \t]*cell[ \t]*\(/) {
    name = line; sub(/^[ \t]*cell[ \t]*\([ \t]*"?/, "", name); sub(/"?[ \t]*\).*/, "", name)
    incell = 1; cur = name; isseq = 0
    skipping = 0
    if (nk > 0 && !(name in want)) skipping = 1
    for (i in dre) if (name ~ dre[i]) skipping = 1
    if (!skipping) { kept++; if (cells != "") print name > cells }
  }
  if (incell && line ~ /^[ \t]*(ff|latch|ff_bank|latch_bank)[ \t]*\(/) isseq = 1
  if (!(incell && skipping)) print line
  depth += o - c
  if (incell && depth == 1) {
    if (!skipping && isseq && seq != "") print cur > seq
    incell = 0; skipping = 0
  }
}
END {
  if (!haslib) { print "no liberty 'library (' header" > "/dev/stderr"; exit 3 }
  if (depth != 0) { print "unbalanced braces (truncated or corrupt liberty)" > "/dev/stderr"; exit 3 }
  if (kept == 0) { print "no cells left after filtering" > "/dev/stderr"; exit 3 }
}
