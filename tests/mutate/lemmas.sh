#!/usr/bin/env bash
# make test-mutate-key (part): make mutate gives a survivor the stated lemmas
# of scripts/mutate-lemmas.txt only while its set's list.ys still draws the
# cell they were written for (`scripts/mutate.sh --task lemmas SET K`, the
# arguments prove_one passes to scripts/mutate-proof.sh). A flattened cell
# name holds backslashes ($flatten\u_seq....), which must match as written.
set -uo pipefail
out=${1:-build/test/mutate-lemmas}
rm -rf "$out"; mkdir -p "$out/ctrl"
: >"$out/.trex-mutate"
fail=0
list() { # cell -> the set's list.ys with mutant 59 on that cell
  printf 'mutate -ctrl mutsel 8 58 -mode const0 -module trex_ctrl -cell $flatten\\u_seq.$procmux$1 -port A -portbit 0\n' >"$out/ctrl/list.ys"
  printf 'mutate -ctrl mutsel 8 59 -mode cnot1 -module trex_ctrl -cell %s -port Y -portbit 1 -ctrlbit 0\n' "$1" >>"$out/ctrl/list.ys"
}
run() { bash scripts/mutate.sh --out "$out" --task lemmas "$@" >"$out/args" 2>"$out/err"; }
cell=$(awk '$1 == "ctrl" && $2 == 59 && $3 == "cell" { print $4 }' scripts/mutate-lemmas.txt)
[[ $cell == '$flatten\u_seq.'* ]] || { echo "FAIL: no flattened cell for ctrl #59 in scripts/mutate-lemmas.txt ('$cell')"; exit 1; }
# the cell drawn: every expose and lemma line, in the file's order
list "$cell"
run ctrl 59
want=$(awk '$1 == "ctrl" && $2 == 59 && $3 != "cell" { v = $0; sub(/^[^ ]+ +[^ ]+ +[^ ]+ +/, "", v); print "--" $3; print v }' scripts/mutate-lemmas.txt)
if [[ $(cat "$out/args") != "$want" || -s $out/err ]]; then
  echo "FAIL: ctrl #59 on its cell: the lemma arguments differ from the file's (got $out/args, $out/err)"; fail=1
fi
grep -qx -- '--lemma' "$out/args" || { echo "FAIL: ctrl #59: no --lemma argument"; fail=1; }
# another cell drawn as #59 (the RTL changed): no arguments, one note
list '$flatten\u_seq.$procmux$2513'
run ctrl 59
if [[ -s $out/args ]] || ! grep -q 'lemmas of ctrl #59 are for cell .* not used' "$out/err"; then
  echo "FAIL: ctrl #59 on another cell: lemmas given, or no note (got $out/args, $out/err)"; fail=1
fi
# the same name without its backslash is another cell too
list "${cell//\\/}"
run ctrl 59
[[ -s $out/args ]] && { echo "FAIL: ctrl #59: lemmas given for '${cell//\\/}'"; fail=1; }
# a mutant without lemmas: nothing
list "$cell"
run ctrl 58
[[ -s $out/args || -s $out/err ]] && { echo "FAIL: ctrl #58 (no lemmas): got arguments or a note"; fail=1; }
((fail == 0)) || exit 1
echo "test-mutate-lemmas: the stated lemmas go to the cell they were written for, and only to it"
