#!/usr/bin/env bash
# Directed vector sets of the regression (kept from the coverage and mutation
# work, docs/regression.md): the corner generator's input kinds (every kind
# twice) on a weight matrix the generator does not make.
#   directed.sh TREX CFG SEED KIND OUTDIR
# KIND: wmin1  every weight w_min + 1 (the differential negative plane's lower
#              slices at their largest digit: adc.top of those columns)
#       wrow   row i holds w_max on even rows, w_min on odd rows
#       wcol   output j holds w_max on even outputs, w_min + 1 on odd ones
# expected.hex comes from the golden model (trex xbar).
set -uo pipefail
if [[ ${1:-} == --help || $# -ne 5 ]]; then
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
  [[ ${1:-} == --help ]] && exit 0 || exit 2
fi
trex=$1 cfg=$2 seed=$3 kind=$4 out=$5
case $kind in wmin1|wrow|wcol) ;; *) echo "directed: unknown kind '$kind'" >&2; exit 2 ;; esac
"$trex" vecgen --config "$cfg" --count 14 --seed "$seed" --mode corner --out "$out" >/dev/null || exit 1
rm -f "$out/meta.json"
wb=$(grep -o '"w_bits"[^,}]*' "$out/config.json" | grep -o '[0-9]*$')
outs=$(grep -o '"outs"[^,}]*' "$out/config.json" | grep -o '[0-9]*$')
n=$(wc -l <"$out/weights.hex")
awk -v wb="$wb" -v outs="$outs" -v n="$n" -v kind="$kind" 'BEGIN {
  m = 2 ^ wb; wmax = m / 2 - 1; wmin = -m / 2
  for (k = 0; k < n; k++) {
    i = int(k / outs); j = k % outs
    if (kind == "wmin1") w = wmin + 1
    else if (kind == "wrow") w = (i % 2) ? wmin : wmax
    else w = (j % 2) ? wmin + 1 : wmax
    printf "%x\n", (w + m) % m
  }
}' >"$out/weights.hex.tmp" && mv "$out/weights.hex.tmp" "$out/weights.hex" || exit 1
"$trex" xbar "$out" >"$out/expected.hex.tmp" && mv "$out/expected.hex.tmp" "$out/expected.hex" || exit 1
echo "directed: $kind set of 14 vectors in $out"
