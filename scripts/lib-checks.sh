# shellcheck shell=bash
# Checks shared by the scripts (issue 15): values from the command line and
# the environment are checked before they reach shell arithmetic, a file
# name, a generated script (yosys .ys, Tcl/SDC, gnuplot, a makefile) or an
# output directory. Source it:  . "$(dirname "$0")/lib-checks.sh"
# Each check prints one line "WHO: ..." on stderr (the value shell-quoted, so
# that a line break in it stays visible and on one line) and exits 2.

# chk_uint WHO WHAT VALUE LO HI: a plain decimal integer in [LO, HI]
# (no sign, no blanks, no exponent; bash arithmetic would run code hidden in
# a value such as 'a[$(cmd)]', so nothing else reaches it).
chk_uint() {
  local who=$1 what=$2 v=$3 lo=$4 hi=$5
  if [[ ! $v =~ ^[0-9]{1,18}$ ]] || ((10#$v < lo || 10#$v > hi)); then
    echo "$who: $what $(printf '%q' "$v") is not an integer in $lo..$hi" >&2
    exit 2
  fi
}

# chk_path WHO WHAT VALUE: a path made of [A-Za-z0-9._/+,:=@%-] only, not
# starting with '-': it may be written into scripts other tools parse
# (yosys scripts run lines that start with '!', gnuplot runs `backquotes`,
# make and Tcl expand '$' and '['), so other characters are refused.
chk_path() {
  local who=$1 what=$2 v=$3
  if [[ -z $v || $v == -* || ! $v =~ ^[A-Za-z0-9._/+,:=@%-]+$ ]]; then
    echo "$who: $what $(printf '%q' "$v"): use a path of letters, digits and ._/+,:=@%- only" >&2
    exit 2
  fi
}

# chk_outdir WHO DIR MARKER [FORCE] [EVIDENCE...]: DIR is about to be
# (partly) replaced. Allowed when DIR is absent, empty, or this script's own
# output: it holds MARKER (written by chk_outdir_mark) or one of the
# EVIDENCE files the script writes (outputs made before the marker
# existed). Otherwise refused unless FORCE is 1. A symbolic link as DIR is
# always refused: the script never writes or deletes through one.
chk_outdir() {
  local who=$1 dir=$2 marker=$3 force=${4:-0} f
  shift 4 2>/dev/null || shift $#
  if [[ -L $dir ]]; then
    echo "$who: $dir is a symbolic link; refusing to write or delete through it" >&2
    exit 2
  fi
  [[ -e $dir ]] || return 0
  if [[ ! -d $dir ]]; then echo "$who: $dir exists and is not a directory" >&2; exit 2; fi
  [[ -e $dir/$marker ]] && return 0
  for f in "$@"; do [[ -e $dir/$f ]] && return 0; done
  [[ -z $(ls -A "$dir") ]] && return 0
  # a run of the same script that started meanwhile marks the directory
  # before it writes anything else: look again (H158)
  [[ -e $dir/$marker ]] && return 0
  ((force)) && return 0
  echo "$who: $dir holds files this script did not write; refusing to replace them (give a new directory, or --force)" >&2
  exit 2
}

# chk_outdir_mark DIR MARKER: records that DIR is this script's output.
chk_outdir_mark() {
  mkdir -p "$1" && : >"$1/$2"
}

# chk_unit_params WHO PARAMS: a digital unit's NAME=VALUE list (LANES 1..64,
# NMAX 1..65535, STEPS 1..64, ACC_W 2..63: tb_units' ranges). Verilator and
# Yosys take a parameter as a 32-bit int: LANES=4294967298 built a 2-lane
# unit under the name of the other (H154).
chk_unit_params() {
  local who=$1 p n v lo hi
  local -a kv
  IFS=, read -ra kv <<<"$2"
  for p in "${kv[@]}"; do
    if [[ ! $p =~ ^(LANES|NMAX|STEPS|ACC_W)=(.*)$ ]]; then
      echo "$who: bad parameter $(printf '%q' "$p") (NAME=VALUE, NAME one of LANES NMAX STEPS ACC_W)" >&2
      exit 2
    fi
    n=${BASH_REMATCH[1]} v=${BASH_REMATCH[2]}
    case $n in LANES|STEPS) lo=1 hi=64 ;; NMAX) lo=1 hi=65535 ;; ACC_W) lo=2 hi=63 ;; esac
    chk_uint "$who" "parameter $n" "$v" "$lo" "$hi"
  done
}
