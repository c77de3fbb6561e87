#!/usr/bin/env bash
# The FuseSoC core (rtl/trex.core) names the same RTL files, in the same
# order, as the file lists: fileset tile = rtl/xbar_tile.f, fileset ctrl =
# rtl/trex_ctrl.f, fileset unit_<unit> = rtl/enc_<unit>.f (part of make
# lint). Exit 1 naming the first difference.
#   core-check.sh [CORE]
set -uo pipefail
core=${1:-rtl/trex.core}
[[ -r $core ]] || { echo "core-check: $core: cannot read it" >&2; exit 1; }

# files of fileset $1 in the core (which lives in rtl/), as paths relative to
# the repository root
core_files() {
  awk -v fs="$1" '
    /^filesets:/ { in_fs = 1; next }
    in_fs && /^[^ #]/ { in_fs = 0 }
    in_fs && /^  [A-Za-z_][A-Za-z_0-9]*:/ { cur = $1; sub(/:$/, "", cur); files = 0; next }
    in_fs && cur == fs && /^    files:/ { files = 1; next }
    in_fs && cur == fs && files && /^      - / { print "rtl/" $2; next }
    in_fs && cur == fs && files && /^    [a-z_]+:/ { files = 0 }
  ' "$core"
}
rc=0
for pair in tile:xbar_tile ctrl:trex_ctrl unit_softmax:enc_softmax unit_layernorm:enc_layernorm \
            unit_gelu:enc_gelu unit_requant:enc_requant unit_add:enc_add; do
  fs=${pair%%:*} top=${pair#*:}
  want=$(bash scripts/rtl-files.sh "$top") || exit 1
  have=$(core_files "$fs")
  if [[ $have != "$want" ]]; then
    echo "core-check: $core fileset '$fs' differs from rtl/$top.f:"
    diff <(echo "$want") <(echo "$have") | sed -n 's/^</  only in the list:/p; s/^>/  only in the core:/p'
    rc=1
  fi
done
((rc == 0)) && echo "core-check: $core filesets tile, ctrl and unit_<unit> match rtl/xbar_tile.f, rtl/trex_ctrl.f and rtl/enc_<unit>.f"
exit $rc
