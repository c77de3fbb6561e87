# synth-area-by-module.awk: the area of each module of a synthesised design,
# from Yosys' hierarchical `stat` (stat_hier.txt), as json-write lines
# (regress-tool json-write: the one JSON writer):
#   n  area_by_module  MOD  area_um2        own area x instances in the design
#   n  area_by_module  MOD  instances       instances in the whole design
#   n  area_by_module  MOD  sequential_um2  its flip-flops' area x instances
# MOD is the module's name without Yosys' parameter suffix; a module
# elaborated with several parameter sets (enc_recip in softmax and in
# LayerNorm) adds up its variants, each with its own area and count. The
# instances of a module are the product of the counts along its path in the
# "design hierarchy" section (two tiles of two ADCs each: four ADCs), summed
# over the places it appears. So the areas add up to the design's total.
#   awk -v top=MODULE -v seqa="DFF=20.0 DFFR=25.0" -f synth-area-by-module.awk stat_hier.txt
# seqa: the liberty's flip-flop cells and their areas.
function base(m) {
  # $paramod\MOD\P=V (one parameter) or $paramod$HASH\MOD: the module name
  if (m ~ /^\\?\$paramod\\/) { sub(/^\\?\$paramod\\/, "", m); sub(/\\.*$/, "", m); return m }
  sub(/^.*\\/, "", m); sub(/^\\/, "", m); return m
}
function strip(m) { sub(/^\\/, "", m); return m }
BEGIN { n = split(seqa, sa, " "); for (i = 1; i <= n; i++) { split(sa[i], kv, "="); sarea[kv[1]] = kv[2] } }
/^=== design hierarchy ===/ { hier = 1; next }
/^=== / { m = strip($2); next }
!hier && NF == 2 && ($1 in sarea) && $2 ~ /^[0-9]+$/ { sq[m] += $2 * sarea[$1] }
!hier && /Chip area for module/ { own[m] = $NF }
# the hierarchy: two spaces of indent per level below the top's three (the
# design's cell counts that follow it are counted as names no module has)
hier && NF == 2 && $2 ~ /^[0-9]+$/ {
  match($0, /^ */); d = (RLENGTH - 3) / 2
  mult[d] = $2 * (d > 0 ? mult[d - 1] : 1)
  inst[strip($1)] += mult[d]
}
END {
  if (!(top in inst)) inst[top] = 1
  for (v in own) {
    c = (v in inst) ? inst[v] : 1; k = base(v)
    area[k] += own[v] * c; cnt[k] += c; seq[k] += sq[v] * c
  }
  for (k in area) {
    printf "n\tarea_by_module\t%s\tarea_um2\t%.4f\nn\tarea_by_module\t%s\tinstances\t%d\n", k, area[k], k, cnt[k]
    printf "n\tarea_by_module\t%s\tsequential_um2\t%.4f\n", k, seq[k]
  }
}
