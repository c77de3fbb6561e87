#!/usr/bin/env bash
# mutate-cone-proof.sh: a combinational equivalence proof of one Yosys
# mutant, for a mutation whose effect ends before the next register: the
# mutated cell (and, by --scope, the logic after it up to the registers and
# outputs, and the logic feeding that) is cut out of the original netlist into
# a module of its own (Yosys submod: every signal entering it becomes an
# input, every signal leaving it an output), the mutation is applied to a
# copy, and SAT proves that the two copies give the same outputs for every
# value of their inputs. The rest of the netlist is the same in original and
# mutant, so a proof shows the two netlists compute the same next state and
# outputs from every state: equivalent, with no reset or reachability
# argument. A failed proof says nothing about the whole design (the cut-out
# inputs are free, also to values the design never gives them): such a
# mutant goes to scripts/mutate-proof.sh or to a directed test.
#
# Usage: scripts/mutate-cone-proof.sh --base BASE.il --top TOP --list LIST.ys
#          --index K --work DIR [--scope cell|cone|fanin] [--seconds N]
#   BASE.il  the elaborated, flattened original (mutate.sh's base.il)
#   TOP      its module name
#   LIST.ys  the set's mutations (mutate.sh's list.ys); K the one to prove
#   DIR      work directory (created): cone.ys, cone.log
#   --scope  cell: the mutated cell alone (its output must not change);
#            cone (default): the cell and every cell after it up to the
#            registers (their inputs) and the outputs;
#            fanin: the cone and every cell feeding it, back to the
#            registers and inputs (a multiplexer's select computed from a
#            register, for example)
#   N        SAT time limit (default 300)
#
# Prints one line and exits: 0 "equivalent cone-sat(SCOPE) S s"; 3 "not
# proven (SCOPE)"; 2 a usage or tool error (message on stderr).
set -uo pipefail
base="" top="" list="" index="" work="" scope=cone secs=300
. "$(dirname "$0")/lib-opts.sh"
opt_parse mutate-cone-proof 2,31 --base=base --top=top --list=list --index=index --work=work \
  --scope=scope --seconds=secs -- "$@"
[[ -n $base && -n $top && -n $list && -n $index && -n $work ]] \
  || die 2 "--base, --top, --list, --index and --work are required (see --help)"
[[ -f $base ]] || die 2 "$base: no such file"
[[ -f $list ]] || die 2 "$list: no such file"
[[ $top =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die 2 "--top '$top' is not a module name"
[[ $index =~ ^[1-9][0-9]*$ ]] && ((index <= 255)) || die 2 "--index must be 1..255"
[[ $secs =~ ^[1-9][0-9]*$ ]] || die 2 "--seconds needs a positive integer"
[[ $scope == cell || $scope == cone || $scope == fanin ]] || die 2 "--scope must be cell, cone or fanin, not '$scope'"
# yosys runs under timeout, a process group of its own: an interruption of
# this script stops it (scripts/lib-run.sh)
. "$(dirname "$0")/lib-run.sh"
run_traps
need_tools 2 "not found (scripts/install-deps.sh)" yosys
ml=$(grep -m1 -- "^mutate -ctrl mutsel 8 $index " "$list") || { echo "mutate-cone-proof: $list: no mutant $index" >&2; exit 2; }
[[ $ml =~ \ -module\ $top\  && $ml =~ \ -cell\ ([^ ]+)\  ]] || { echo "mutate-cone-proof: $list line $index: no '-module $top -cell NAME'" >&2; exit 2; }
cell=${BASH_REMATCH[1]}
# the mutation on the copy: no -ctrl, the copy's name, no source attributes
# (-wire/-wirebit only name the net for the report; the cell and port bits
# define the mutation)
line=$(sed "s/^mutate -ctrl mutsel 8 $index /mutate /; s/ -module $top / -module cone_mut /; s/ -wire [^ ]* -wirebit [0-9]*//; s/ -src [^ ]*//g" <<<"$ml")
mkdir -p "$work" || exit 2
seq='$dff,$dffe,$sdff,$sdffe,$adff,$adffe,$mem,$mem_v2,$memrd,$memrd_v2,$memwr,$memwr_v2'
{
  echo "read_rtlil $base"
  echo "cd $top"
  echo "select -set c0 c:$cell"
  echo "select -assert-count 1 @c0"
  case $scope in
    cell) echo "select -set cone @c0" ;;
    cone) echo "select -set cone @c0 %co*:-$seq @c0 %u" ;;
    fanin) echo "select -set cone @c0 %co*:-$seq @c0 %u"
           echo "select -set cone @cone %ci*:-$seq @cone %u" ;;
  esac
  # registers at the boundary stay outside: only combinational cells move
  echo "select -set cone @cone t:$seq %d"
  echo "cd"
  echo "select -module $top @cone"
  echo "submod -name cone"
  echo "select -clear"
  echo "copy cone cone_mut"
  echo "$line"
  echo "miter -equiv -flatten -make_outputs cone cone_mut miter"
  echo "hierarchy -top miter"
  echo "sat -verify -prove trigger 0 -timeout $secs miter"
} >"$work/cone.ys"
t0=$(date +%s)
run timeout -k 5 $((2 * secs + 60)) yosys -l "$work/cone.log" "$work/cone.ys" >/dev/null 2>&1
rc=$?
((rc == 124 || rc == 137)) && { echo "not proven ($scope)"; exit 3; }
if grep -q "SAT proof finished - no model found: SUCCESS" "$work/cone.log"; then
  echo "equivalent cone-sat($scope) $(($(date +%s) - t0)) s"; exit 0
fi
if ((rc != 0)) && ! grep -q "proof did fail\|timeout\|Interrupted" "$work/cone.log"; then
  echo "mutate-cone-proof: yosys failed: $(grep -m1 ERROR "$work/cone.log") (log $work/cone.log)" >&2; exit 2
fi
echo "not proven ($scope)"; exit 3
