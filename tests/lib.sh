# shellcheck shell=bash
# What the test scripts share (issue 17: written once). Source it from the
# repository root:  . tests/lib.sh
#   tl_root           ROOT=$PWD, TREX (default build/bin/trex) made absolute
#   tl_workspace DIR  T=DIR, emptied; pass=0 fail=0 ids=()
#   tl_robust NAME [--long]  the start of a tests/robust script
#   tl_start DIR [TREX]  a script's TREX argument, PY, and tl_workspace DIR
#   tl_need_numpy WHO PY has numpy, or the script ends (exit 2)
#   tl_chip FILE ...  a chip file of one tile (trex --chip)
#   tl_bad            one bad-input case (the expectation of docs/bad-inputs.md)
#   tl_ids_listed     docs/bad-inputs.md lists every case run
#   tl_verdict        counts and prints one case's verdict
# Each function uses only the variables named in its comment.

# tl_root: ROOT=$PWD; TREX from the environment (build/bin/trex by default),
# made absolute so that a case may run in another directory.
tl_root() {
  TREX=${TREX:-build/bin/trex}
  ROOT=$PWD
  [[ $TREX == /* ]] || TREX=$ROOT/$TREX
}

# tl_workspace DIR: the case directory T=DIR, removed and made again; the
# counters pass=0 fail=0 and the list ids=() of the cases run.
tl_workspace() {
  T=$1
  rm -rf "$T"; mkdir -p "$T"
  pass=0 fail=0 ids=()
}

# tl_robust NAME [--long]: the start of a tests/robust script: tl_root; the
# workspace $ROOT/build/test/NAME (tl_workspace); long=1 when the script's
# first argument is --long (its slow cases), else 0; the absolute paths of
# the default tile configuration CFG and technology table TECH (a case may
# run in another directory).
# shellcheck disable=SC2034 # long, CFG and TECH are the caller's
tl_robust() {
  tl_root
  tl_workspace "$ROOT/build/test/$1"
  long=0
  [[ ${2:-} == --long ]] && long=1
  CFG=$ROOT/tests/configs/default.json
  TECH=$ROOT/tech/default.json
}

# tl_start DIR [TREX]: a test script run as `bash SCRIPT [TREX ...]` from
# the repository root: TREX its first argument (build/bin/trex when empty),
# PY=/usr/bin/python3 (the Python that sees Debian's numpy), and the
# workspace T=DIR with its counters (tl_workspace).
tl_start() {
  TREX=${2:-build/bin/trex}
  PY=/usr/bin/python3
  tl_workspace "$1"
}

# tl_need_numpy WHO: PY imports numpy; otherwise "WHO: /usr/bin/python3 has
# no numpy (apt-get install python3-numpy)" and exit 2.
tl_need_numpy() {
  "$PY" -c 'import numpy' 2>/dev/null ||
    { echo "$1: $PY has no numpy (apt-get install python3-numpy)"; exit 2; }
}

# tl_chip FILE ROWS OUTS W_BITS CELL_BITS X_BITS ADC_BITS COLS_PER_ADC
# [W_ENCODING]: a chip file (trex --chip) of that tile, the other keys at
# their defaults.
tl_chip() {
  printf '{"tile": {"rows": %s, "outs": %s, "w_bits": %s, "cell_bits": %s, "x_bits": %s, "adc_bits": %s, "cols_per_adc": %s%s}}\n' \
    "$2" "$3" "$4" "$5" "$6" "$7" "$8" "${9:+, \"w_encoding\": \"$9\"}" > "$1"
}

# tl_bad ID DESC WANT COMMAND...: a bad input. COMMAND must exit non-zero,
# print nothing on stdout and exactly one line on stderr holding WANT.
# Counts pass/fail, adds ID to ids, appends "ID DESC EXIT STDERR" to $log
# when log is set; stderr goes through $T/err.
tl_bad() {
  local id=$1 desc=$2 want=$3; shift 3
  ids+=("$id")
  local out rc err lines
  out=$("$@" 2>"$T/err"); rc=$?
  err=$(cat "$T/err"); lines=$(grep -c '' <<<"$err")
  [[ -n ${log:-} ]] && printf '%s\t%s\t%s\t%s\n' "$id" "$desc" "$rc" "$err" >> "$log"
  if ((rc != 0)) && [[ -z $out ]] && ((lines == 1)) && [[ $err == *"$want"* ]]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL $id${desc:+ $desc}: rc=$rc stdout=${out:0:60} stderr=$err (wanted '$want')"
  fi
}

# tl_ids_listed: every id in ids has its row "| ID |" in docs/bad-inputs.md;
# a missing one counts as a failure.
tl_ids_listed() {
  local id
  for id in "${ids[@]}"; do
    grep -q "| $id |" docs/bad-inputs.md || { fail=$((fail + 1)); echo "FAIL docs/bad-inputs.md does not list $id"; }
  done
}

# tl_verdict ID DESC OK WHAT: OK 1 counts a pass ("ok   ID DESC"), 0 a
# failure ("FAIL ID DESC: WHAT").
tl_verdict() {
  if (($3)); then pass=$((pass + 1)); echo "ok   $1 $2"
  else fail=$((fail + 1)); echo "FAIL $1 $2: $4"; fi
}
