#!/usr/bin/env bash
# mutate-proof.sh: a complete (unbounded) equivalence proof of one Yosys
# mutant against the original netlist, by ABC's pdr (IC3) on their miter.
#
# Usage: scripts/mutate-proof.sh --base BASE.il --top TOP
#          (--list LIST.ys --index K --shared SDIR | --mutation LINE |
#           --mutant MUT.il) --work DIR [--data PORT --valid PORT] [--seconds N]
#          [--legal PORT=LO:HI ...] [--segment SHAPE ... --segment-frames K]
#   BASE.il    the elaborated, flattened original (mutate.sh's base.il)
#   TOP        its module name
#   LINE       the `mutate ...` command of the mutant, without `-ctrl`
#              (its `-module TOP` is rewritten to the mutant copy)
#   MUT.il     or the mutant as a flattened netlist of its own (module TOP)
#   LIST.ys    or every mutation of a set (`mutate -ctrl mutsel 8 K ...`,
#              mutate.sh's list.ys) and K the one to prove: the miter of the
#              original and the netlist holding all of them behind the input
#              mutsel is built once per set in SDIR (miter.aag, under a
#              lock), and mutsel is tied to K in step 3 (a controller miter
#              takes minutes to build, a tie seconds)
#   DIR        work directory (created): miter.ys, miter.aig, abc.log
#   PORT       an output compared only while the output VALID is high (the
#              testbenches read it only then), e.g. out_data_o / out_valid_o
#   N          time limits (default 600): scorr N s of wall clock, then
#              bmc3 N/4 and pdr N s of ABC's own CPU time (a loaded machine
#              stretches their wall time, not their effort)
#   --legal PORT=LO:HI  the input PORT carries only LO..HI (unsigned; its
#              port contract, the range the testbenches drive): both copies
#              see LO where the free input is outside, so every legal input
#              sequence is still covered and no illegal one is compared
#              (e.g. a row unit's len_i, 1..NMAX: docs/encoder-units.md);
#              repeatable
#   --expose WIRE  a wire of TOP (its name in BASE.il, e.g. g1_q or
#              u_recip.u_ctl.busy_q) that a --lemma reads, as gold_A and
#              mut_A in the original and the mutant (A = WIRE with every
#              character other than a letter, digit or _ written _);
#              repeatable
#   --lemma EXPR  a stated invariant: a Verilog expression over the exposed
#              wires (e.g. "!gold_v1_q || gold_g1_q == mut_g1_q") that must
#              hold in every frame after reset. The proof is then of the
#              outputs agreeing AND every lemma holding, so a lemma can help
#              pdr (it is the relational invariant it lacks) but never make
#              a difference disappear: a wrong lemma fails, and any failure
#              with a lemma is no verdict (exit 3, "lemma or outputs fail
#              ..."). Verdicts name the method with "+lemma". repeatable
#   --segment SHAPE  segment induction instead of the steps below (for a
#              design that works in transactions): SHAPE is a state shape,
#              items PATH=VALUE (a register of the flattened original, both
#              copies) and ~GLOB (register pairs left free in that shape),
#              e.g. 'busy_q=0 p_q=0 ~u_shift_add.acc_q*'; the proof is
#              that after reset the state has a shape with every pair equal
#              but its free ones (J), and that from J the outputs agree up to
#              the next shaped frame, which is J and comes within K frames
#              (scripts/aig-segind.py --help); each obligation a SAT problem
#              of N s. Repeatable (J is any of the shapes); verdict
#              "equivalent seg-ind(unbounded)", or exit 3 "segment obligation
#              ... fails" (a J too weak or a real difference: no counterexample)
#   --segment-frames K  the K of --segment
#   --segment-commute 'S GLOB NAME=VALUE@F[-F2]...'  for start shape S, the
#              registers GLOB (an accumulator whose steps the mutant takes in
#              another order) are compared at the next shape by the commute
#              check of aig-segind.py --commute on the input path given
#              (e.g. '1 u_shift_add.acc_q* srst_ni=1@0-10 in_valid_i=1@0');
#              repeatable, one per shape
#   --no-reset not for proofs: leave srst_ni free in frame 0, so the compared
#              states include those reachable only from all-zero registers
#              (the recipe check shows that this gives counterexamples the
#              default does not)
#
# Reset: both copies sit in a wrapper with one zero-initialised boot
# register; in frame 0 the design's active-low srst_ni is forced low and the
# compared outputs are forced to 0 in both, so every frame compared is a
# state reachable from reset (registers with a reset hold their reset value
# after frame 0, whatever the AIG's zero initialisation). Registers without a
# reset (the tile's input latch and weight array) start at 0 in both copies:
# one power-up state, the same for original and mutant.
#
# Prints one line and exits:
#   0  "equivalent pdr(unbounded) S s"          (property proved)
#   1  "counterexample frame F S s"             (a reachable difference;
#                                                F = frame where outputs differ)
#   3  "timeout N s" / "undecided S s"         (no verdict in the limit)
#      / "lemma or outputs fail in frame F S s" (with --lemma: no verdict)
#   2  a usage or tool error (message on stderr)
set -uo pipefail
base="" top="" line="" mutf="" list="" index="" shared="" work="" data="" valid="" secs=600 noreset=0 legal=""
legals=() exposes=() lemmas=() segments=() segframes="" commutes=()
. "$(dirname "$0")/lib-opts.sh"
opt_parse mutate-proof 2,63 --base=base --top=top --mutation=line --mutant=mutf --list=list \
  --index=index --shared=shared --work=work --data=data --valid=valid --seconds=secs \
  --legal+=legals --expose+=exposes --lemma+=lemmas --segment+=segments --segment-frames=segframes \
  --segment-commute+=commutes \
  --no-reset:noreset=1 -- "$@"
# LO <= HI for decimals of any length (a 64-bit port's bounds pass 2^63,
# where bash arithmetic wraps): without leading zeros, the shorter or, at
# equal length, the one first in order
dec_le() {
  local a=${1#"${1%%[!0]*}"} b=${2#"${2%%[!0]*}"}
  ((${#a} < ${#b})) || { ((${#a} == ${#b})) && [[ ! $a > $b ]]; }
}
for lg in "${legals[@]}"; do
  [[ $lg =~ ^([A-Za-z_][A-Za-z0-9_]*)=([0-9]{1,20}):([0-9]{1,20})$ ]] && dec_le "${BASH_REMATCH[2]}" "${BASH_REMATCH[3]}" \
    || die 2 "--legal needs PORT=LO:HI with LO <= HI (decimal, at most 20 digits), not '$lg'"
  legal+="${legal:+ }$lg"
done
# the lemma's wires and text reach a Verilog file Yosys reads (no shell): a
# plain hierarchical name, and an expression of identifiers, numbers and
# operators only (no ';', backtick or '$': nothing but one expression)
expose=""
for w in "${exposes[@]}"; do
  [[ $w =~ ^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$ ]] \
    || die 2 "--expose needs a wire name like u_ctl.busy_q, not '$w'"
  expose+="${expose:+ }$w"
done
for l in "${lemmas[@]}"; do
  [[ $l =~ ^[][A-Za-z0-9_\ \(\)\&\|\!\~\^=\<\>+*/%?:\'-]+$ ]] \
    || die 2 "--lemma: '$l' is not a Verilog expression of the exposed wires"
done
((${#lemmas[@]} == 0 || ${#exposes[@]} > 0)) || die 2 "--lemma needs --expose for the wires it reads"
((${#lemmas[@]} > 0 || ${#exposes[@]} == 0)) || die 2 "--expose is for a --lemma"
# a segment shape reaches scripts/aig-segind.py as one argument (no shell):
# items PATH=VALUE and ~GLOB only
for sg in "${segments[@]}"; do
  [[ $sg =~ ^[][A-Za-z0-9_.=~*?\ ]+$ && $sg =~ [^\ ] ]] \
    || die 2 "--segment: '$sg' is not a shape of PATH=VALUE and ~GLOB items"
done
# a group and its path: SHAPE GLOB NAME=VALUE@F[-F2]...
for cm in "${commutes[@]}"; do
  [[ $cm =~ ^[1-9][0-9]{0,3}\ [][A-Za-z0-9_.*?]+(\ [A-Za-z_][A-Za-z0-9_]*=[0-9]+@[0-9]+(-[0-9]+)?)*$ ]] \
    || die 2 "--segment-commute: '$cm' is not SHAPE GLOB NAME=VALUE@F[-F2]..."
done
((${#commutes[@]} == 0 || ${#segments[@]} > 0)) || die 2 "--segment-commute is for --segment"
if ((${#segments[@]})); then
  [[ $segframes =~ ^[1-9][0-9]{0,3}$ ]] || die 2 "--segment needs --segment-frames K (1..9999)"
  ((${#lemmas[@]} == 0)) || die 2 "--segment and --lemma are two methods: give one"
  ((noreset == 0)) || die 2 "--segment proves from reset: not with --no-reset"
else
  [[ -z $segframes ]] || die 2 "--segment-frames is for --segment"
fi
modes=0
[[ -n $line ]] && modes=$((modes + 1)); [[ -n $mutf ]] && modes=$((modes + 1)); [[ -n $list ]] && modes=$((modes + 1))
[[ -n $base && -n $top && -n $work ]] && ((modes == 1)) \
  || die 2 "--base, --top, --work and one of --list / --mutation / --mutant are required (see --help)"
[[ -f $base ]] || die 2 "$base: no such file"
[[ -z $mutf || -f $mutf ]] || die 2 "$mutf: no such file"
if [[ -n $list ]]; then
  [[ -f $list ]] || die 2 "$list: no such file"
  [[ -n $shared || -n $expose || ${#segments[@]} -gt 0 ]] \
    || die 2 "--list needs --shared DIR (or a --lemma or --segment: its miter is its own)"
  [[ $index =~ ^[1-9][0-9]*$ ]] && ((index <= 255)) || die 2 "--index must be 1..255"
  grep -q -- "-ctrl mutsel 8 $index " "$list" || die 2 "$list: no mutant $index"
  # the commute check proves one mutant on a miter of that mutation alone:
  # the set's other mutations, inactive behind mutsel, still move register
  # names in the mutant copy (tile-b's code_p_q and three column sums), and
  # the check needs a partner for every register the accumulator reads.
  # (Plain segment induction keeps the list's miter: unit-softmax #49's
  # obligation 17 was not decided in 300 s on the mutant's own miter; on
  # the list's, all eleven of its obligations took 0.6 s.)
  if ((${#commutes[@]})); then
    line=$(grep -m1 -- "-ctrl mutsel 8 $index " "$list" | sed "s/ -ctrl mutsel 8 $index / /")
    list=""
  fi
fi
[[ $top =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die 2 "--top '$top' is not a module name"
[[ $secs =~ ^[1-9][0-9]*$ ]] || die 2 "--seconds needs a positive integer"
[[ -z $line ]] || [[ $line == "mutate "* && $line != *"-ctrl "* ]] || die 2 "--mutation must be a 'mutate' command without -ctrl"
# yosys-abc runs under timeout, which makes a process group of its own: an
# interruption of this script stops it (scripts/lib-run.sh)
. "$(dirname "$0")/lib-run.sh"
run_traps
need_tools 2 "not found (scripts/install-deps.sh)" yosys yosys-abc
mkdir -p "$work" || exit 2

# ---- wrapper: boot register, reset in frame 0, masked outputs --------------
# ports from the RTLIL: "wire [width N] (input|output) K \name"
# With --lemma the wrapper also carries each exposed wire out as lem_A, and
# writes the miter itself (module miter: instances gold and gate, inputs
# in_PORT, output trigger, as `miter -equiv -flatten` names them, which
# scripts/aig-regcorr.py reads): trigger is any compared output differing, or
# after frame 0 any lemma false.
awk -v data="$data" -v valid="$valid" -v legal="$legal" -v expose="$expose" '
  BEGIN {
    nl = split(legal, lg, " ")
    for (i = 1; i <= nl; i++) { split(lg[i], a, /[=:]/); lo[a[1]] = a[2]; hi[a[1]] = a[3] }
    ne = split(expose, ex, " ")
    for (i = 1; i <= ne; i++) { al[i] = ex[i]; gsub(/[^A-Za-z0-9_]/, "_", al[i]) }
  }
  /^module / { inmod = ($2 == "\\" top) }
  inmod && /^  wire / {
    w = 1; dir = ""; nm = $NF; sub(/^\\/, "", nm)
    for (i = 2; i < NF; i++) { if ($i == "width") w = $(i + 1); if ($i == "input" || $i == "output") dir = $i }
    wid[nm] = w   # every wire: an exposed one may be internal
    if (dir == "") next
    n++; pn[n] = nm; pw[n] = w; pd[n] = dir
  }
  /^end/ { inmod = 0 }
  END {
    if (allm) { n++; pn[n] = "mutsel"; pw[n] = 8; pd[n] = "input"; ms = n }
    for (i = 1; i <= ne; i++) if (!(ex[i] in wid)) { print "mutate-proof: --expose: " top " has no wire " ex[i] > "/dev/stderr"; exit 2 }
    split("gold mut", who, " ")
    for (x = 1; x <= 2; x++) {
      printf "module %s_q(", who[x]
      for (i = 1; i <= n; i++) printf "%s%s", pn[i], (i < n ? ", " : "")
      for (i = 1; i <= ne; i++) printf ", lem_%s", al[i]
      print ");"
      for (i = 1; i <= n; i++) printf "  %s [%d:0] %s;\n", pd[i], pw[i] - 1, pn[i]
      for (i = 1; i <= ne; i++) printf "  output [%d:0] lem_%s;\n", wid[ex[i]] - 1, al[i]
      for (i = 1; i <= n; i++) if (pd[i] == "output") printf "  wire [%d:0] r_%s;\n", pw[i] - 1, pn[i]
      print "  reg boot_q = 1\x27b0;"
      print "  always @(posedge clk_i) boot_q <= 1\x27b1;"
      printf "  %s u(", who[x]
      first = 1
      for (i = 1; i <= n; i++) {
        if (i == ms && x == 1) continue  # the original has no mutsel
        c = pn[i]
        if (pd[i] == "output") c = "r_" pn[i]
        else if (pn[i] == "srst_ni" && !noreset) c = "srst_ni & boot_q"
        else if (pn[i] in lo) c = sprintf("((%s >= %d\x27d%s && %s <= %d\x27d%s) ? %s : %d\x27d%s)", pn[i], pw[i], lo[pn[i]], pn[i], pw[i], hi[pn[i]], pn[i], pw[i], lo[pn[i]])
        printf "%s.%s(%s)", (first ? "" : ", "), pn[i], c
        first = 0
      }
      for (i = 1; i <= ne; i++) printf ", .\\%s (lem_%s)", ex[i], al[i]
      print ");"
      for (i = 1; i <= n; i++) if (pd[i] == "output") {
        g = "boot_q"
        if (pn[i] == data && valid != "") g = "boot_q & r_" valid
        printf "  assign %s = %s ? r_%s : %d\x27d0;\n", pn[i], g, pn[i], pw[i]
      }
      print "endmodule"
    }
    if (!ne) exit 0
    printf "module miter("
    for (i = 1; i <= n; i++) if (pd[i] == "input") printf "in_%s, ", pn[i]
    print "trigger);"
    for (i = 1; i <= n; i++) if (pd[i] == "input") printf "  input [%d:0] in_%s;\n", pw[i] - 1, pn[i]
    print "  output trigger;"
    for (x = 1; x <= 2; x++) {
      for (i = 1; i <= n; i++) if (pd[i] == "output") printf "  wire [%d:0] cmp_%s_%s;\n", pw[i] - 1, who[x], pn[i]
      for (i = 1; i <= ne; i++) printf "  wire [%d:0] %s_%s;\n", wid[ex[i]] - 1, who[x], al[i]
      printf "  %s_q %s(", who[x], (x == 1 ? "gold" : "gate")
      first = 1
      for (i = 1; i <= n; i++) {
        if (i == ms && x == 1) continue
        printf "%s.%s(%s)", (first ? "" : ", "), pn[i], (pd[i] == "input" ? "in_" : "cmp_" who[x] "_") pn[i]
        first = 0
      }
      for (i = 1; i <= ne; i++) printf ", .lem_%s(%s_%s)", al[i], who[x], al[i]
      print ");"
    }
    print "  reg lboot_q = 1\x27b0;"
    print "  always @(posedge in_clk_i) lboot_q <= 1\x27b1;"
    print "  wire lemma_ok;"
    printf "  assign lemma_ok = 1\x27b1"
    nm = split(lemmas, lm, ";")
    for (i = 1; i <= nm; i++) if (lm[i] != "") printf " && (%s)", lm[i]
    print ";"
    printf "  assign trigger = (lboot_q && !lemma_ok)"
    for (i = 1; i <= n; i++) if (pd[i] == "output") printf " || (cmp_gold_%s != cmp_mut_%s)", pn[i], pn[i]
    print ";"
    print "endmodule"
  }' top="$top" lemmas="$(IFS=';'; echo "${lemmas[*]}")" noreset="$noreset" allm="$([[ -n $list ]] && echo 1 || echo 0)" "$base" >"$work/wrap.v" || exit 2
grep -q ' srst_ni' "$work/wrap.v" && grep -q ' clk_i' "$work/wrap.v" \
  || die 2 "$top has no clk_i/srst_ni ports in $base"
[[ -z $data ]] || grep -q "r_$data " "$work/wrap.v" || die 2 "$top has no output $data"
for l in $legal; do
  grep -q "^  input \[[0-9]*:0\] ${l%%=*};" "$work/wrap.v" || die 2 "--legal: $top has no input ${l%%=*}"
done

if [[ -n $mutf ]]; then
  mk=$(printf '%s\n' "read_rtlil $base" "rename $top gold" "read_rtlil $mutf" "rename $top mut")
elif [[ -n $list ]]; then
  mk=$(printf '%s\n' "read_rtlil $base" "rename $top gold" "read_rtlil $base" "script $list" "rename $top mut")
else
  mk=$(printf '%s\n' "read_rtlil $base" "copy $top mut" "rename $top gold" "$(sed "s/-module $top /-module mut /" <<<"$line")")
fi
# with a lemma: the exposed wires become ports of both copies, and wrap.v
# holds the miter
mkm="miter -equiv -flatten gold_q mut_q miter"
if [[ -n $expose ]]; then
  mkm=""
  for w in $expose; do mk+=$'\n'"expose gold/w:$w"$'\n'"expose mut/w:$w"; done
fi
build_miter() { # dir: writes dir/miter.aag (complete or not at all)
  local d=$1
  cat >"$d/miter.ys" <<EOF
$mk
read_verilog $work/wrap.v
proc
$mkm
hierarchy -top miter
flatten
memory
setundef -undriven -zero
setundef -init -zero
techmap
dffunmap
aigmap
setundef -zero
opt_clean
stat
write_aiger -zinit -ascii -symbols $d/miter.aag.tmp
EOF
  if ! run yosys -q -l "$d/miter.log" "$d/miter.ys" >/dev/null 2>&1; then
    rm -f "$d/miter.aag.tmp"
    echo "mutate-proof: yosys failed to build the miter (log $d/miter.log)" >&2; return 2
  fi
  mv "$d/miter.aag.tmp" "$d/miter.aag"
}
tie=()
[[ -n $list ]] && tie=(--tie "mutsel=$index")
if [[ -n $list && -n $shared && -z $expose ]]; then
  mkdir -p "$shared" || exit 2
  # one build per set: the first proof builds it, the others wait for it
  exec 9>"$shared/miter.lock" || exit 2
  flock 9 || exit 2
  if [[ ! -f $shared/miter.aag ]]; then build_miter "$shared" || exit 2; fi
  flock -u 9
  aag=$shared/miter.aag
  miterlog=$shared/miter.log
else
  # a lemma's miter is the mutant's own (not the set's shared one), and so
  # is one without --shared
  build_miter "$work" || exit 2
  aag=$work/miter.aag miterlog=$work/miter.log
fi
# the AIG header: aag M I L O A; a miter without latches proves nothing
read -r _ _ _ nlatch nout _ < <(head -1 "$aag")
if [[ ${nlatch:-0} -eq 0 || ${nout:-0} -ne 1 ]]; then
  echo "mutate-proof: degenerate miter ($nlatch latches, $nout outputs; log $miterlog)" >&2; exit 2
fi

t0=$(date +%s.%N)
elapsed() { awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
# the verdicts: proved METHOD; cex FRAME METHOD (with a lemma a failing
# frame may be the lemma's, so it is no verdict on the mutant)
proved() { echo "equivalent $1${expose:++lemma}(unbounded) $(elapsed) s"; exit 0; }
cex() {
  [[ -n $expose ]] && { echo "lemma or outputs fail in frame $1 $2 $(elapsed) s"; exit 3; }
  echo "counterexample frame $1 $2 $(elapsed) s"; exit 1
}
# ---- segment induction (--segment; scripts/aig-segind.py): J = one of the
# given state shapes with every register pair equal but the shape's free
# ones; its obligations (base, and from J over K frames: outputs agree up to
# the next shape, that shape's state is J, one comes within K) are
# combinational, each decided by SAT (ABC dsat) within N s of wall clock.
# All unsatisfiable: equivalent. One satisfiable: no verdict (a J too weak
# or a real difference: this method gives no counterexample)
if ((${#segments[@]})); then
  sargs=()
  for sg in "${segments[@]}"; do sargs+=(--shape "$sg"); done
  for cm in "${commutes[@]}"; do sargs+=(--commute "$cm"); done
  /usr/bin/python3 "$(dirname "$0")/aig-segind.py" "$aag" "$work/seg.aig" --frames "$segframes" \
    "${sargs[@]}" "${tie[@]}" >"$work/segind.log" 2>"$work/segind.err" \
    || die 2 "$(head -1 "$work/segind.err") (log $work/segind.err)"
  while read -r k what; do
    [[ $k =~ ^[0-9]+$ ]] || continue
    [[ $what == *"(constant 0)" ]] && continue
    run timeout -k 5 "$secs" yosys-abc -c "read_aiger $work/seg.aig; cone -O $k; strash; dsat" \
      >"$work/abc-seg-$k.log" 2>&1
    rc=$?
    if grep -q '^UNSATISFIABLE' "$work/abc-seg-$k.log"; then continue; fi
    if grep -q '^SATISFIABLE' "$work/abc-seg-$k.log"; then
      echo "segment obligation $k fails: $what $(elapsed) s"; exit 3
    fi
    if ((rc == 124 || rc == 137)); then echo "timeout $secs s (segment obligation $k: $what)"; exit 3; fi
    die 2 "yosys-abc dsat failed on segment obligation $k (log $work/abc-seg-$k.log)"
  done <"$work/segind.log"
  proved seg-ind
fi
# ---- 1. structural register correspondence (scripts/aig-regcorr.py): the
# registers outside the mutation's sequential fanout are shared
/usr/bin/python3 "$(dirname "$0")/aig-regcorr.py" "$aag" "$work/rc.aig" "${tie[@]}" >"$work/regcorr.log" 2>&1 \
  || die 2 "aig-regcorr failed (log $work/regcorr.log)"
# output constant 0 (binary header "aig M I 0 1 0", output literal 0): proved
const0() { # file
  local h o
  h=$(head -1 "$1") o=$(sed -n 2p "$1" | tr -d '\r')
  [[ $h =~ ^aig\ [0-9]+\ [0-9]+\ 0\ 1\ 0$ && $o == 0 ]]
}
if const0 "$work/rc.aig"; then proved regcorr; fi
abc() { # log commands...
  local log=$1; shift
  # ABC's -T limits count its CPU time; the wall-clock guard is generous so
  # that a loaded machine does not cut a proof short
  run timeout -k 5 $((10 * secs + 60)) yosys-abc -c "$*" >"$log" 2>&1
}
# a short bounded search first: a reachable difference usually shows in a
# few frames (bmc3 finds tile-a #1's in 0.2 s, where pdr needs minutes)
qsecs=$((secs / 10)); ((qsecs < 1)) && qsecs=1
abc "$work/abc-bmc0.log" "read_aiger $work/rc.aig; bmc3 -T $qsecs"
f=$(grep -o 'asserted in frame [0-9]*' "$work/abc-bmc0.log" | head -1 | grep -o '[0-9]*$')
if [[ -n $f ]]; then cex "$f" bmc3; fi
# ---- 2. speculatively reduced model (aig-regcorr.py --srm): every register
# pair merged except the dropped ones, one property per merged pair whose
# next-state nodes differ; `pdr -a` decides each; pairs shown unequal are
# dropped and the model rebuilt (at most 8 rounds). All properties proved:
# equivalent. Every pair property proved and the miter output asserted: a
# real counterexample. Otherwise on to step 3.
: >"$work/srm.drop"
IND_K=3
srm_secs=$((secs / 2)); ((srm_secs < 1)) && srm_secs=1
for round in 1 2 3 4 5 6 7 8; do
  /usr/bin/python3 "$(dirname "$0")/aig-regcorr.py" "$aag" "$work/srm.aig" "${tie[@]}" \
    --srm "$work/srm.drop" --srm-map "$work/srm.map" >>"$work/srm.log" 2>&1 \
    || die 2 "aig-regcorr --srm failed (log $work/srm.log)"
  # k-induction first (seconds when the model's properties, a stated lemma
  # among them, are inductive over a few frames, where pdr can take long):
  # every property ORed into one, the step (`ind -F IND_K`: the last of
  # IND_K unrolled frames holds where the ones before it do) and the base
  # (`bmc3`: no failure in the first IND_K frames, 0 .. IND_K - 1) both needed
  abc "$work/abc-ind-$round.log" "read_aiger $work/srm.aig; orpos; ind -F $IND_K -T $qsecs"
  if grep -q 'Networks are equivalent' "$work/abc-ind-$round.log"; then
    abc "$work/abc-indbase-$round.log" "read_aiger $work/srm.aig; orpos; bmc3 -F $IND_K -T $qsecs"
    nb=$(grep -oE 'No output asserted in +[0-9]+ frames' "$work/abc-indbase-$round.log" | grep -oE '[0-9]+' | head -1)
    ((${nb:-0} >= IND_K)) && proved srm-ind
  fi
  run timeout -k 5 $((10 * srm_secs + 60)) yosys-abc -c "read_aiger $work/srm.aig; pdr -a -T $srm_secs" \
    >"$work/abc-srm-$round.log" 2>&1
  nchk=$(wc -l <"$work/srm.map")
  # ABC pads the output number ("Output  1 was asserted"): one or more blanks
  failed=$(grep -oE '^Output +[0-9]+ was asserted' "$work/abc-srm-$round.log" | awk '$2 > 0 { print $2 }')
  if [[ -n $failed ]]; then
    awk 'NR == FNR { f[$1] = 1; next } ($1 in f) { print $2 }' <(printf '%s\n' $failed) "$work/srm.map" >>"$work/srm.drop"
    continue
  fi
  if grep -q "Proved = $((nchk + 1))\. " "$work/abc-srm-$round.log"; then
    proved srm-pdr
  fi
  f=$(grep -oE '^Output +0 was asserted in frame +[0-9]+' "$work/abc-srm-$round.log" | grep -o '[0-9]*$')
  if [[ -n $f ]] && grep -q "Proved = $nchk\. " "$work/abc-srm-$round.log"; then
    # every pair property holds, so the model is the miter: a real
    # difference; plain pdr gives its depth (-a numbers its own frames)
    abc "$work/abc-srm-cex.log" "read_aiger $work/srm.aig; pdr -T $secs"
    f=$(grep -o 'asserted in frame [0-9]*' "$work/abc-srm-cex.log" | head -1 | grep -o '[0-9]*$')
    [[ -n $f ]] && { cex "$f" srm-pdr; }
  fi
  break
done
# ---- 3. ABC: scorr (signal correspondence by induction from the initial
# state), then a bounded search for shallow differences (bmc3), then pdr
# scorr has no time limit of its own: it gets N s of wall clock; past that
# (a large cone on a loaded machine) bmc3 and pdr work on the unreduced AIG
rm -f "$work/reduced.aig"
run timeout -k 5 "$secs" yosys-abc -c "read_aiger $work/rc.aig; scorr; dc2; print_stats; write_aiger $work/reduced.aig" \
  >"$work/abc-scorr.log" 2>&1
rc=$?
if ((rc == 0)) && [[ -s $work/reduced.aig ]]; then
  if const0 "$work/reduced.aig"; then proved scorr; fi
elif ((rc == 124 || rc == 137)); then
  echo "scorr: over $secs s, skipped" >>"$work/abc-scorr.log"
  cp "$work/rc.aig" "$work/reduced.aig"
else
  echo "mutate-proof: yosys-abc scorr failed (log $work/abc-scorr.log)" >&2; exit 2
fi
bsecs=$((secs / 4)); ((bsecs < 1)) && bsecs=1
abc "$work/abc-bmc.log" "read_aiger $work/reduced.aig; bmc3 -T $bsecs"
f=$(grep -o 'asserted in frame [0-9]*' "$work/abc-bmc.log" | head -1 | grep -o '[0-9]*$')
if [[ -n $f ]]; then cex "$f" bmc3; fi
abc "$work/abc-pdr.log" "read_aiger $work/reduced.aig; pdr -T $secs"
rc=$?
if grep -q 'Property proved' "$work/abc-pdr.log"; then
  proved pdr
fi
f=$(grep -o 'asserted in frame [0-9]*' "$work/abc-pdr.log" | head -1 | grep -o '[0-9]*$')
if [[ -n $f ]]; then cex "$f" pdr; fi
if ((rc == 124 || rc == 137)) || grep -q -i 'timeout\|time limit\|reached' "$work/abc-pdr.log"; then
  echo "timeout $secs s"; exit 3
fi
echo "undecided $(elapsed) s (log $work/abc-pdr.log)"; exit 3
