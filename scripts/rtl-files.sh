#!/usr/bin/env bash
# The RTL files of one top, from its file list rtl/TOP.f (the only place they
# are listed): one path per line, in list order, relative to the repository
# root, or absolute with --abs. Lines starting with // and blank lines are
# skipped; a line "-f rtl/OTHER.f" stands for OTHER's files (as Verilator
# reads it; a sub-block's list is written once). Fails naming the list and
# line when a file or list is missing.
#   rtl-files.sh TOP [--abs]      TOP: xbar_tile, trex_ctrl, trex_core,
#                                 enc_softmax, enc_layernorm, enc_gelu,
#                                 enc_requant, enc_add
set -uo pipefail
if [[ ${1:-} == --help || ${1:-} == -h || $# -lt 1 || $# -gt 2 ]]; then
  sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
  [[ ${1:-} == --help || ${1:-} == -h ]] && exit 0 || exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
list=rtl/$1.f
[[ -f $root/$list ]] || { echo "rtl-files: no file list $list for top '$1'" >&2; exit 1; }
abs=0
[[ ${2:-} == --abs ]] && abs=1
[[ -n ${2:-} && $abs == 0 ]] && { echo "rtl-files: unknown option '$2'" >&2; exit 2; }
n=0
# files LIST DEPTH: prints the files of LIST, its "-f" lists expanded in place
files() {
  local list=$1 depth=$2 line=0 f
  ((depth < 8)) || { echo "rtl-files: $list: lists nested more than 8 deep" >&2; exit 1; }
  while IFS= read -r f || [[ -n $f ]]; do
    line=$((line + 1))
    f=${f%%$'\r'}
    [[ -z ${f//[[:space:]]/} || $f == //* ]] && continue
    if [[ $f == "-f "* ]]; then
      f=${f#-f }
      [[ $f == rtl/*.f && -f $root/$f ]] || { echo "rtl-files: $list:$line: no such list '$f'" >&2; exit 1; }
      files "$f" $((depth + 1))
      continue
    fi
    [[ -f $root/$f ]] || { echo "rtl-files: $list:$line: no such file '$f'" >&2; exit 1; }
    if ((abs)); then echo "$root/$f"; else echo "$f"; fi
    n=$((n + 1))
  done < "$root/$list"
}
files "$list" 0
((n > 0)) || { echo "rtl-files: $list lists no files" >&2; exit 1; }
