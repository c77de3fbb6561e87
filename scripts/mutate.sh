#!/usr/bin/env bash
# make mutate: mutation score of the regression's quick checks
# (docs/regression.md, "Mutation testing").
#
# usage: scripts/mutate.sh [--jobs N] [--per-set N] [--sets LIST] [--out DIR] [--fresh]
#   --per-set N  mutants per set (default 70 each)
#   --sets LIST  comma-separated subset of tile-a,tile-b,ctrl and the digital
#                units' unit-softmax,unit-layernorm,unit-gelu,unit-requant,
#                unit-add (scripts/mutate-units.sh)
#   --jobs N     mutants checked in parallel (default 2; local back end)
#   --sched local|slurm  back end of the plan (scripts/plan-run.sh; default
#                local = make -j on this machine, slurm = job arrays on
#                the cluster of SLURM_CONF; docs/slurm.md)
#   --partition P  slurm: the partition
#   --out DIR    default build/mutate; an existing directory that is not an
#                earlier mutate output is refused (--force: use it anyway)
#   --summary-only  only collect the results so far into DIR/summary.json
#                (mutants without a finished proof count as survivors)
#   --fresh      forget earlier results (otherwise a rerun resumes: a
#                mutant's result is kept while the RTL and the checks are
#                unchanged)
#   --key SET, --key-files SET  print a set's resume key, or the files it
#                covers (every file the set's build and checks read)
# Per set, Yosys elaborates the RTL (tile: one tiny configuration of
# tests/regress/configs/), flattens it and lists N evenly sampled mutations
# (`mutate -list N -seed 1`). All N are applied to one netlist, each behind
# its own value of a control input `mutsel` (`mutate -ctrl`); write_verilog
# gives the netlist, a wrapper with the original top name and ports drives
# mutsel from $MUTSEL (DPI), and Verilator builds it once with the normal
# testbench. MUTSEL=0 (no mutation) must pass every check. A mutant that
# fails a check is killed; a survivor goes to a complete equivalence proof
# against the original (first scripts/mutate-cone-proof.sh: SAT on the
# mutated cell and the logic after it up to the registers, seconds; then
# scripts/mutate-proof.sh: ABC pdr and friends on the
# miter, reset applied; see prove_one; MUT_PROOF_SECONDS per mutant, default
# 600): proven equal -> equivalent; a counterexample (its frame recorded) or
# a timeout leaves a survivor with its source location and mutation.
# Writes DIR/summary.json.
set -uo pipefail
source scripts/mutate-units.sh
jobs=2 per=70 sets=tile-a,tile-b,ctrl,${UNITS_MUT_SETS// /,} OUTM=build/mutate fresh=0 only_summary=0 force=0
sched=local partition="" task=() keyset="" keyhow=""
. "$(dirname "$0")/lib-opts.sh"
# --task: one piece of the plan (run by scripts/plan-task.sh, not by users):
# --task prepare SET | --task check SET K | --task prove SET K; --task
# lemmas SET K prints the mutate-proof.sh arguments of K's stated lemmas
# (tests/mutate/lemmas.sh);
# --key, --key-files: a set's resume key, or the files it covers
# (tests/mutate/key.sh)
opt_parse mutate 2,38 --jobs=jobs --per-set=per --sets=sets --out=OUTM --fresh:fresh=1 --force:force=1 \
  --summary-only:only_summary=1 --sched=sched --partition=partition --task... --key-files... --key... -- "$@"
case $OPT_STOP in
  --task) task=("${OPT_REST[@]}") ;;
  --key-files) keyset=${OPT_REST[0]:-} keyhow=files ;;
  --key) keyset=${OPT_REST[0]:-} keyhow=hash ;;
esac
chk_uint mutate --jobs "$jobs" 1 64
chk_uint mutate --per-set "$per" 1 255
[[ $sched == local || $sched == slurm ]] || die 2 "--sched must be local or slurm, not '$sched'"
[[ -z $partition || $partition =~ ^[A-Za-z0-9_.-]+$ ]] || die 2 "--partition '$partition' is not a partition name"
# OUTM goes into yosys scripts (a line starting '!' runs a shell command) and
# is removed by --fresh: a plain path, and never a directory of the user's
chk_path mutate --out "$OUTM"
((${#task[@]})) || [[ -n $keyset ]] || chk_outdir mutate "$OUTM" .trex-mutate "$force" prebuild.log summary.json
[[ -z ${MUT_PROOF_SECONDS:-} ]] || chk_uint mutate MUT_PROOF_SECONDS "$MUT_PROOF_SECONDS" 1 86400
TREX=${TREX:-build/bin/trex}
TOOL=build/bin/regress-tool
here=$(pwd)
export TREX OUTM here
if ((${#task[@]} == 0)) && [[ -z $keyset ]]; then
((fresh)) && rm -rf "$OUTM"
chk_outdir_mark "$OUTM" .trex-mutate || die 1 "cannot create $OUTM"
# One run per output directory at a time (a --task piece runs inside the
# run that holds it): a second run waits (two at once rebuilt each other's
# mutant sets and verdict files). Children in their own process groups,
# stopped on an interruption (scripts/lib-run.sh); verdict files are kept (a
# rerun resumes), but the earlier summary goes now and comes back only when
# this run completes.
. "$(dirname "$0")/lib-run.sh"
run_lock mutate "$OUTM/.trex-mutate" "$OUTM"
run_traps
run_on_interrupt 'echo "mutate: interrupted; $OUTM keeps the verdicts so far and no summary (a rerun resumes)" >&2'
((only_summary)) || rm -f "$OUTM/summary.json" "$OUTM/results.tsv"
run make --no-print-directory -s build build/obj/testbench/tb_xbar.a build/obj/testbench/tb_ctrl.a build/obj/testbench/tb_units.a "$TOOL" \
  >"$OUTM/prebuild.log" 2>&1 || { tail -5 "$OUTM/prebuild.log"; echo "mutate: the C build failed" >&2; exit 1; }
fi
start=$(date +%s)

set_top() { case $1 in ctrl) echo trex_ctrl ;; unit-*) echo "enc_${1#unit-}" ;; *) echo xbar_tile ;; esac; }
set_cfg() { case $1 in tile-a) echo tests/regress/configs/mt-a.json ;; tile-b) echo tests/regress/configs/mt-b.json ;; *) echo - ;; esac; }
set_rtl() { bash scripts/rtl-files.sh "$(set_top "$1")" | tr '\n' ' '; }

# ---- the checks a mutant must fail (the quick regression of its set) -----
# one line per check: name and command (run from the repo root, $BIN is the
# set's testbench); keep in step with scripts/regress.sh (quick level)
checks_for() { # set cfg dir
  local s=$1 cfg=$2 dir=$3
  if [[ $s == ctrl ]]; then
    echo "ctrl-s1 \$BIN --seed 1 --random 300"
    return
  fi
  [[ $s == unit-* ]] && { units_checks "$s"; return; }
  echo "lock-s1 \$BIN --lockstep --config $cfg --count 2000 --seed 1 --batch 500 --backpressure 0.3 --busy-writes 0.2 --wave \$WAVE"
  echo "lock-s2 \$BIN --lockstep --config $cfg --count 2000 --seed 2 --batch 500 --backpressure 0.3 --busy-writes 0.2 --wave \$WAVE"
  echo "lock-nobp \$BIN --lockstep --config $cfg --count 2000 --seed 1 --batch 4096 --backpressure 0 --wave \$WAVE"
  echo "lock-reprog \$BIN --lockstep --config $cfg --count 2000 --seed 3 --batch 20 --backpressure 0.1 --busy-writes 0.1 --shuffle-rows --wave \$WAVE"
  local v
  for v in "$dir"/vec-*; do echo "$(basename "$v") \$BIN --vec $v --wave \$WAVE"; done
}

# resume key of a set: every file its build and checks read (the tile sets
# do not depend on the controller's testbench and back): the RTL, the
# configuration, N, the checks, the testbench's own sources and headers with
# the headers shared by every testbench (dut_cov.h, vl_port.h), the golden
# model the testbench and `trex vecgen` link (c-model/, every source, header
# and table), the scripts that build and drive it, and the set's build
# recipe (prepare_set). tests/mutate/key.sh
# checks that every project file the compiler reads for a set's testbench is
# in this list.
mutate_key_files() { # set -> one file per line
  local s=$1 cfg
  cfg=$(set_cfg "$s")
  bash scripts/rtl-files.sh "$(set_top "$s")"
  ls rtl/*.svh   # the RTL's include files
  [[ $cfg != - ]] && echo "$cfg"
  if [[ $s == ctrl ]]; then ls testbench/ctrl_*
  elif [[ $s == unit-* ]]; then printf '%s\n' $UNITS_TB_SRCS; ls testbench/units_*
  else ls testbench/tb_*; echo tests/regress/directed.sh; fi
  printf "%s\n" testbench/dut_cov.h testbench/vl_port.h scripts/verilate.sh scripts/rtl-files.sh scripts/mutate-units.sh
  find c-model -type f \( -name '*.[ch]' -o -name '*.def' \)
}
mutate_key() { # set
  local f
  { mutate_key_files "$1" | sort -u | while read -r f; do echo "== $f"; cat "$f"; done
    echo "$per"; sed -n '/^checks_for()/,/^}/p; /^prepare_set()/,/^}/p' scripts/mutate.sh
  } | sha256sum | cut -c1-16
}

if [[ -n $keyset ]]; then
  case $keyset in tile-a|tile-b|ctrl|unit-softmax|unit-layernorm|unit-gelu|unit-requant|unit-add) ;;
    *) echo "mutate: unknown set '$keyset'" >&2; exit 2 ;; esac
  if [[ $keyhow == files ]]; then mutate_key_files "$keyset" | sort -u; else mutate_key "$keyset"; fi
  exit 0
fi

prepare_set() { # set -> builds DIR/SET/tb and the list; returns non-zero on failure
  local s=$1 top cfg dir rtl
  top=$(set_top "$s") cfg=$(set_cfg "$s") dir=$OUTM/$s
  rtl=$(set_rtl "$s")
  mkdir -p "$dir"
  # resume key: RTL, configuration, N, the checks' scripts and testbench objects
  # the caller planned this set because its key differs (or is missing):
  # build afresh
  local key
  key=$(mutate_key "$s")
  rm -rf "$dir"; mkdir -p "$dir"
  local chp=""
  if [[ $cfg != - ]]; then
    chp=$("$TREX" tile-params "$cfg" --format verilator | sed 's/-G\([A-Z_]*\)=\([0-9]*\)/-set \1 \2/g')
    chp="chparam $chp $top"
  fi
  [[ $s == unit-* ]] && chp="chparam $(units_chparam "$s") $top"
  # 1. elaborate, flatten, list the mutations
  cat >"$dir/prep.ys" <<EOF
read_verilog -sv -Irtl $rtl
$chp
prep -top $top
flatten
opt_clean
write_rtlil $dir/base.il
mutate -list $per -seed 1 -ctrl mutsel 8 1 -o $dir/list.ys
EOF
  yosys -q -l "$dir/prep.log" "$dir/prep.ys" >/dev/null 2>&1 || { echo "mutate: $s: yosys elaboration failed (log $dir/prep.log)" >&2; return 1; }
  # 2. one netlist holding every mutant behind mutsel. splitnets -driver:
  # a mutation on one bit of a cell's output makes that bit a net of its own
  # (driven by the mutation's mux) inside the vector the cell drives, and
  # when the mutation also reads another bit of that vector (cnot0/cnot1's
  # control bit) write_verilog gives a vector that depends on itself;
  # Verilator 5.006 schedules it as a combinational loop (UNOPTFLAT), and
  # in session 5 the controller's MUTSEL=0 build diverged from the model
  # with it (mutation 9 alone: u_regs' source-register $or, bit 143 with
  # control bit 324) and passed without it. One net per driver removes the
  # false loop; the MUTSEL=0 check of step 6 is what caught it.
  cat >"$dir/apply.ys" <<EOF
read_rtlil $dir/base.il
script $dir/list.ys
splitnets -driver
rename $top ${top}_mut
write_verilog -noattr $dir/mut.v
EOF
  yosys -q -l "$dir/apply.log" "$dir/apply.ys" >/dev/null 2>&1 || { echo "mutate: $s: applying the mutations failed (log $dir/apply.log)" >&2; return 1; }
  # 3. wrapper with the original name and ports; mutsel from $MUTSEL
  awk -v top="$top" '
    /^module / { inmod = 1; next }
    /^  (input|output) / && !/ mutsel;/ { l = $0; sub(/ reg /, " ", l); decl[++n] = l; nm = $NF; sub(/;$/, "", nm); port[n] = nm }
    END {
      printf "module %s(", top
      for (i = 1; i <= n; i++) printf "%s%s", port[i], (i < n ? ", " : "")
      print ");"
      for (i = 1; i <= n; i++) print decl[i]
      print "  import \"DPI-C\" function int mut_sel();"
      print "  reg [7:0] mutsel;"
      print "  initial mutsel = 8'"'"'(mut_sel());"
      printf "  %s_mut u_mut(", top
      for (i = 1; i <= n; i++) printf ".%s(%s), ", port[i], port[i]
      print ".mutsel(mutsel));"
      print "endmodule"
    }' "$dir/mut.v" >"$dir/wrap.v"
  local V
  V=$(tr '[:lower:]' '[:upper:]' <<<"${top:0:1}")${top:1}
  printf '#include <stdlib.h>\n#include "V%s__Dpi.h"\nint mut_sel() { const char *s = getenv("MUTSEL"); return s ? atoi(s) : 0; }\n' "$top" >"$dir/mut_sel.cpp"
  # 4. Verilator, once per set (scripts/verilate.sh: the one recipe)
  local vargs=()
  [[ $s == ctrl ]] || vargs=(--trace)
  # a unit's top (enc_UNIT) links the units' testbench archive (tb_units.a)
  bash scripts/verilate.sh --top "$top" --out "$dir" --exe tb "${vargs[@]}" \
    --netlist "$dir/wrap.v" --netlist "$dir/mut.v" --extra "$dir/mut_sel.cpp" >/dev/null 2>&1 \
    || { tail -5 "$dir/verilator.log"; echo "mutate: $s: Verilator build failed (log $dir/verilator.log)" >&2; return 1; }
  # 5. the vector sets of the checks (tile)
  if [[ $cfg != - ]]; then
    local sd
    "$TREX" vecgen --config "$cfg" --count 40 --seed 1 --out "$dir/vec-random" 2>/dev/null || return 1
    for sd in 1 2 5; do "$TREX" vecgen --config "$cfg" --count 14 --seed $sd --mode corner --out "$dir/vec-corner-s$sd" 2>/dev/null || return 1; done
    for k in wmin1 wrow wcol; do bash tests/regress/directed.sh "$TREX" "$cfg" $((${#k} + 10)) $k "$dir/vec-directed-$k" >/dev/null 2>&1 || return 1; done
  fi
  checks_for "$s" "$cfg" "$dir" >"$dir/checks.txt"
  # 6. the unmutated netlist must pass every check
  local name cmd
  while read -r name cmd; do
    cmd=${cmd//\$BIN/$dir/tb}
    if ! MUTSEL=0 bash -c "${cmd//\$WAVE/$dir/orig.fst}" >"$dir/orig-$name.log" 2>&1; then
      echo "mutate: $s: the unmutated netlist fails check $name (log $dir/orig-$name.log)" >&2
      return 1
    fi
  done <"$dir/checks.txt"
  echo "$key" >"$dir/key"
  echo "mutate: $s: $(wc -l <"$dir/list.ys") mutants built into $dir/tb ($(wc -l <"$dir/checks.txt") checks)"
}

# One mutant: the checks in order, the first failing one kills it.
check_one() { # set index
  local s=$1 k=$2 dir=$OUTM/$1 name cmd
  [[ -f $dir/r/$k ]] && return 0
  mkdir -p "$dir/r"
  local how=none rc tmo=${MUT_CHECK_SECONDS:-600}
  while read -r name cmd; do
    cmd=${cmd//\$BIN/$dir/tb}
    # timeout runs in a process group of its own, out of reach of a signal
    # to ours: an interruption of this check stops it explicitly
    MUTSEL=$k timeout -k 5 "$tmo" bash -c "${cmd//\$WAVE/$dir/r/$k.fst}" >"$dir/r/$k.log" 2>&1 &
    local tp=$!
    trap 'kill -TERM $tp 2>/dev/null; wait $tp; rm -f "$dir/r/$k.fst"; exit 143' INT TERM HUP
    wait $tp
    rc=$?
    trap - INT TERM HUP
    # interrupted from outside (SIGINT/SIGTERM): no verdict, a rerun resumes
    if ((rc == 130 || rc == 143)); then rm -f "$dir/r/$k.fst"; return 0; fi
    # over the wall-clock limit (a loaded machine, not a failed check): no
    # kill; the mutant goes to the proof, which decides
    if ((rc == 124 || rc == 137)); then how="timeout:$name"; break; fi
    if ((rc != 0)); then how=$name; break; fi
  done <"$dir/checks.txt"
  rm -f "$dir/r/$k.fst"
  if [[ $how == none ]]; then echo survived >"$dir/r/$k.tmp"
  elif [[ $how == timeout:* ]]; then echo "survived check-timeout-${tmo}s(${how#timeout:})" >"$dir/r/$k.tmp"
  else echo "killed $how" >"$dir/r/$k.tmp"; fi
  mv "$dir/r/$k.tmp" "$dir/r/$k"
}
export -f check_one

# Equivalence of one survivor against the original netlist: a complete
# proof or a counterexample by scripts/mutate-proof.sh (miter of original
# and mutant with reset forced in frame 0, structural register
# correspondence, a speculatively reduced model under pdr -a, then ABC
# scorr, bmc3 and pdr; docs/regression.md,
# "Mutation proofs"). MUT_PROOF_SECONDS (default 600) per mutant.
# Data ports are compared only while their valid is high: the tile's
# out_data_o (out_valid_o), the controller's desc_o (desc_valid_o).
# Results: "equivalent <method>(unbounded) S s" or "equivalent
# cone-sat(SCOPE) S s"; a counterexample ("survived
# counterexample(frame-N)": a reachable difference, so a check is missing);
# "survived not-proven(pdr-timeout-Ns)".
# The row units' len_i is legal only in 1..NMAX (docs/encoder-units.md; the
# testbench drives nothing else): their proofs compare legal lengths only
# (mutate-proof.sh --legal), a recipe of its own (set_flow).
# PROOF_FLOW names this recipe: results of another recipe are proven again.
PROOF_FLOW=cone-pdr-srm-ind-v6
set_legal() { # set -> mutate-proof.sh arguments
  case $1 in
    unit-softmax|unit-layernorm)
      local nm
      nm=$(units_params "$1" | tr , '\n' | sed -n 's/^NMAX=//p')
      echo "--legal len_i=1:$nm" ;;
  esac
}
# Stated lemmas (scripts/mutate-lemmas.txt): a set's lines name the recipe
# too, so a new or changed lemma proves that set's survivors again.
LEMMAS=scripts/mutate-lemmas.txt
set_lemmas() { awk -v s="$1" '$1 == s' "$LEMMAS" 2>/dev/null; }
set_flow() {
  local l m
  l=$(set_legal "$1") m=$(set_lemmas "$1")
  echo "$PROOF_FLOW${l:++legal-${l#--legal }}${m:++lemmas-$(sha256sum <<<"$m" | cut -c1-12)}"
}
lemma_args() { # set index list.ys -> mutate-proof.sh arguments, one a line
  local cell
  cell=$(grep -- "-ctrl mutsel 8 $2 " "$3" | sed -n 's/.* -cell \([^ ]*\) .*/\1/p')
  # the cell name through the environment: awk -v would read the
  # backslashes of a flattened name (\u_seq) as escapes
  LEMMA_CELL=$cell awk -v s="$1" -v k="$2" '
    BEGIN { cell = ENVIRON["LEMMA_CELL"] }
    $1 == s && $2 == k {
      v = $0; sub(/^[^ ]+ +[^ ]+ +[^ ]+ +/, "", v)
      if ($3 == "cell") { want = v; next }
      n++; kind[n] = $3; val[n] = v
    }
    END {
      if (!n) exit 0
      if (want != cell) { printf "mutate: lemmas of %s #%s are for cell %s, not %s: not used\n", s, k, want, cell > "/dev/stderr"; exit 0 }
      for (i = 1; i <= n; i++) printf "--%s\n%s\n", kind[i], val[i]
    }' "$LEMMAS"
}
# a proof's verdict, complete or not at all
prove_record() { echo "$2" >"$1.tmp" && mv "$1.tmp" "$1"; }
prove_one() { # set index
  local s=$1 k=$2 dir=$OUTM/$1 top tmo out rc
  [[ -f $dir/p/$k ]] && return 0
  mkdir -p "$dir/p"
  top=$(set_top "$s")
  tmo=${MUT_PROOF_SECONDS:-600}
  local dv=(--data out_data_o --valid out_valid_o)
  [[ $s == ctrl ]] && dv=(--data desc_o --valid desc_valid_o)
  # shellcheck disable=SC2207
  dv+=($(set_legal "$s"))
  # a mutation whose effect ends before the next register: a SAT proof on
  # the cut-out cell, its cone, or the cone with its fan-in (seconds each;
  # scripts/mutate-cone-proof.sh); a failure there decides nothing
  local sc
  for sc in cell cone fanin; do
    out=$(bash scripts/mutate-cone-proof.sh --base "$dir/base.il" --top "$top" --list "$dir/list.ys" \
      --index "$k" --work "$dir/p/$k.c" --scope "$sc" --seconds 60 2>>"$dir/p/$k.err")
    rc=$?
    ((rc > 128)) && return 0
    if ((rc == 0)); then
      prove_record "$dir/p/$k" "$out"
      return 0
    fi
  done
  # a stated lemma first (its own miter, in p/k.l): proved with the
  # outputs, so only "equivalent" is a verdict; otherwise the plain proof
  local lem=()
  mapfile -t lem < <(lemma_args "$s" "$k" "$dir/list.ys" 2>>"$dir/p/$k.err")
  if ((${#lem[@]})); then
    out=$(bash scripts/mutate-proof.sh --base "$dir/base.il" --top "$top" --list "$dir/list.ys" \
      --index "$k" --work "$dir/p/$k.l" "${dv[@]}" "${lem[@]}" --seconds "$tmo" 2>>"$dir/p/$k.err")
    rc=$?
    ((rc > 128)) && return 0
    if ((rc == 0)); then
      prove_record "$dir/p/$k" "$out"
      return 0
    fi
    echo "with the lemmas: $out (exit $rc)" >>"$dir/p/$k.err"
  fi
  # the set's miter (original against all mutants behind mutsel) is built
  # once, in p/shared, by the first proof; each proof ties mutsel to k. Its
  # messages go to p/k.d.err (its first line names a proof error) and are
  # added to p/k.err after the notes of the steps before it
  out=$(bash scripts/mutate-proof.sh --base "$dir/base.il" --top "$top" --list "$dir/list.ys" \
    --index "$k" --shared "$dir/p/shared" --work "$dir/p/$k.d" "${dv[@]}" --seconds "$tmo" \
    2>"$dir/p/$k.d.err")
  rc=$?
  cat "$dir/p/$k.d.err" >>"$dir/p/$k.err"
  # killed from outside: record nothing, a rerun resumes
  ((rc > 128)) && return 0
  local res
  case $rc in
    0) res="equivalent ${out#equivalent }" ;;
    1) res="survived counterexample(frame-$(awk '{ print $3 }' <<<"$out"))" ;;
    3) res="survived not-proven(pdr-timeout-${tmo}s)" ;;
    *) res="survived not-proven(proof-error: $(head -1 "$dir/p/$k.d.err"))" ;;
  esac
  prove_record "$dir/p/$k" "$res"
}
export -f prove_one prove_record set_legal set_flow set_lemmas lemma_args units_params

# ---- one piece of the plan ------------------------------------------------
if ((${#task[@]})); then
  [[ -f $OUTM/.trex-mutate ]] || die 2 "--task: $OUTM is not a mutate output"
  case ${task[0]:-}:${#task[@]} in
    prepare:2) prepare_set "${task[1]}" ;;
    check:3) check_one "${task[1]}" "${task[2]}" ;;
    prove:3) prove_one "${task[1]}" "${task[2]}" ;;
    lemmas:3) lemma_args "${task[1]}" "${task[2]}" "$OUTM/${task[1]}/list.ys" ;;
    *) echo "mutate: --task needs 'prepare SET', 'check SET K', 'prove SET K' or 'lemmas SET K'" >&2; exit 2 ;;
  esac
  exit $?
fi

# ---- the plan: prepare the sets, check every mutant, prove the survivors ---
# Three plans in a row (the mutants of a set are known once it is prepared,
# the survivors once they are checked), each run by scripts/plan-run.sh on
# the chosen back end; a piece already done (same resume key, a result
# file) is not planned again.
prun=(bash scripts/plan-run.sh --sched "$sched" --jobs "$jobs" ${partition:+--partition "$partition"})
pline() { # name result argv... -> one plan line
  local n=$1 r=$2; shift 2
  printf '%s\t-\t-\t%s' "$n" "$r"; printf '\t%s' "$@"; printf '\n'
}
mself=(bash scripts/mutate.sh --out "$OUTM" --per-set "$per" --task)
run_plan() { # label plan-file [plan-run options] -> runs it when it has lines
  local lab=$1 pf=$2 rc
  shift 2
  [[ -s $pf ]] || return 0
  echo "mutate: $lab: $(wc -l <"$pf") piece(s) on the $sched back end"
  run "${prun[@]}" "$@" --out "$OUTM/plan-$lab" "$pf"
  rc=$?
  # interrupted: plan-run cancelled its jobs; no later plan starts (a rerun
  # resumes from the results written so far)
  ((rc == 130 || rc == 143)) && { echo "mutate: interrupted" >&2; exit 130; }
  # the back end did not start (plan-run said why): nothing of this plan ran
  ((rc == 2)) && { echo "mutate: the $sched back end did not start (above); stopped before the $lab plan" >&2; exit 2; }
  # a piece without its result (CRASH, TIMEOUT, NODE after the retry) is
  # named by plan-run; its mutant counts as a survivor until a rerun
  return 0
}
IFS=, read -ra setl <<<"$sets"
okset=()
for s in "${setl[@]}"; do
  case $s in tile-a|tile-b|ctrl|unit-softmax|unit-layernorm|unit-gelu|unit-requant|unit-add) ;; *) echo "mutate: unknown set '$s'" >&2; exit 2 ;; esac
  okset+=("$s")
done
if ((only_summary == 0)); then
  mkdir -p "$OUTM/plan-prepare" "$OUTM/plan-check" "$OUTM/plan-prove"
  # 1. the sets (Yosys, Verilator, vector sets, the unmutated netlist's checks)
  pf=$OUTM/plan-prepare/plan.tsv
  : >"$pf"
  for s in "${okset[@]}"; do
    d=$OUTM/$s
    if [[ -f $d/key && $(cat "$d/key") == "$(mutate_key "$s")" && -x $d/tb ]]; then
      echo "mutate: $s: reusing the build and results in $d (same RTL and checks)"
    else
      rm -f "$d/key"
      pline "prep/$s" "$d/key" "${mself[@]}" prepare "$s" >>"$pf"
    fi
  done
  run_plan prepare "$pf" --bundle-seconds 1
  for s in "${okset[@]}"; do
    [[ -f $OUTM/$s/key ]] || die 1 "$s: preparing the set failed (logs in $OUTM/$s, $OUTM/plan-prepare/sched/)"
  done
  # 2. every mutant through the set's checks
  pf=$OUTM/plan-check/plan.tsv
  : >"$pf"
  for s in "${okset[@]}"; do
    n=$(wc -l <"$OUTM/$s/list.ys")
    for k in $(seq 1 "$n"); do
      [[ -f $OUTM/$s/r/$k ]] || pline "check/$s/$k" "$OUTM/$s/r/$k" "${mself[@]}" check "$s" "$k" >>"$pf"
    done
  done
  run_plan check "$pf"
  for s in "${okset[@]}"; do
    echo "mutate: $s: $(grep -l '^killed' "$OUTM/$s"/r/* 2>/dev/null | wc -l) of $(wc -l <"$OUTM/$s/list.ys") killed by simulation"
  done
  # 3. the (slow) proofs of the survivors
  pf=$OUTM/plan-prove/plan.tsv
  : >"$pf"
  for s in "${okset[@]}"; do
    [[ -d $OUTM/$s/r ]] || continue
    if [[ $(cat "$OUTM/$s/p/flow" 2>/dev/null) != "$(set_flow "$s")" ]]; then
      rm -rf "$OUTM/$s/p"; mkdir -p "$OUTM/$s/p"; set_flow "$s" >"$OUTM/$s/p/flow"
    fi
    for k in $(grep -l '^survived' "$OUTM/$s"/r/* 2>/dev/null | xargs -r -n1 basename | sort -n); do
      [[ -f $OUTM/$s/p/$k ]] || pline "prove/$s/$k" "$OUTM/$s/p/$k" "${mself[@]}" prove "$s" "$k" >>"$pf"
    done
  done
  run_plan prove "$pf" --bundle-seconds 1
fi
setl=("${okset[@]}")

# ---- results -> summary.json ------------------------------------------------
res=$OUTM/results.tsv
: >"$res.tmp"
for s in "${setl[@]}"; do
  dir=$OUTM/$s
  [[ -f $dir/list.ys ]] || continue
  n=$(wc -l <"$dir/list.ys")
  for k in $(seq 1 "$n"); do
    r=$(cat "$dir/r/$k" 2>/dev/null || echo "survived")
    line=$(sed -n "${k}p" "$dir/list.ys")
    src=$(grep -o -- "-src [^ ]*" <<<"$line" | sed 's/-src //' | sed "s:$here/::; s:^\.\./::" | paste -sd';')
    mut=$(sed "s/^mutate -ctrl mutsel 8 [0-9]* //; s/ -src [^ ]*//g" <<<"$line")
    if [[ $r == killed* ]]; then
      printf '%s\t%s\tkilled\t%s\t%s\t%s\n' "$s" "$k" "${r#killed }" "$src" "$mut" >>"$res.tmp"
    else
      p=$(cat "$dir/p/$k" 2>/dev/null || echo "survived not-proven(no-proof-finished)")
      printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$s" "$k" "${p%% *}" "${p#* }" "$src" "$mut" >>"$res.tmp"
    fi
  done
done
mv "$res.tmp" "$res"
"$TOOL" mutsummary "$res" "$OUTM/summary.json" || exit 1
awk -F'\t' '$3 == "survived" { printf "survivor %s #%s: %s\n    %s (%s)\n", $1, $2, $5, $6, $4 }' "$res"
echo "mutate: $OUTM/summary.json ($(( $(date +%s) - start )) s)"
