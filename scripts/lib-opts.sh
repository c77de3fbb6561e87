# shellcheck shell=bash
# The command line of the scripts, written once (issue 17): a table-driven
# option parser, the one-line error and the tool check. Source it (it
# brings scripts/lib-checks.sh along):  . "$(dirname "$0")/lib-opts.sh"
#
#   opt_parse WHO HELP SPEC... -- "$@"
#
# WHO names the script in its messages ("WHO: ..."); HELP is the range of
# the script's own lines that --help and -h print, comment marks removed
# ("2,13"). Each SPEC declares one option:
#   --name=VAR        takes a value: VAR=value ('' when --name is the last
#                     word)
#   --name+=VAR       takes a value, appended to the array VAR (repeatable)
#   --name:VAR=WORD   a switch: VAR=WORD
#   --name...         ends the options: OPT_STOP=--name and OPT_REST= the
#                     words after it
#   ARGS              the script takes operands: the first word that does
#                     not start with '-' ends the options (OPT_REST= it and
#                     the words after it), and an unknown word starting with
#                     '-' is an "unknown option"; without ARGS every unknown
#                     word is an "unknown argument"
# The last occurrence of an option wins. An unknown word is refused with
# "WHO: unknown argument 'WORD' (see --help)" on stderr and exit 2, through
# the function named by OPT_FAIL when the script sets it (given the message;
# a script with its own error format and cleanup).
#
# Values only ever reach variables (printf -v, an array through a name
# reference): no eval, no shell between a value and the script (issue 15,
# class 1). Checking a value is the script's business (scripts/lib-checks.sh),
# where its documented messages say what is wrong.

. "$(dirname "${BASH_SOURCE[0]}")/lib-checks.sh"

OPT_WHO=${OPT_WHO:-${0##*/}}
OPT_REST=()
OPT_STOP=

# die RC MESSAGE...: the one-line error "WHO: MESSAGE" on stderr, exit RC
# (2: a usage error or bad input; 1: the run failed). A script with an error
# format of its own ("WHO: error: ...", exit 1, its cleanup) keeps its own
# die, defined before or after this file; the parser never calls it.
_opt_die() {
  local rc=$1
  shift
  echo "$OPT_WHO: $*" >&2
  exit "$rc"
}
declare -F die >/dev/null || die() { _opt_die "$@"; }

# need_tools RC TEXT TOOL...: every TOOL is a command on PATH; the first
# one missing ends the script with "WHO: 'TOOL' TEXT" and exit RC.
need_tools() {
  local rc=$1 text=$2 t
  shift 2
  for t in "$@"; do
    command -v "$t" >/dev/null 2>&1 || _opt_die "$rc" "'$t' $text"
  done
}

# opt_cd_root: here= the repository root (the parent of the script's
# directory), made the current directory.
opt_cd_root() {
  here=$(cd "$(dirname "$0")/.." && pwd)
  cd "$here" || exit 1
}

# opt_operands WHO HELP MIN "$@": a script that takes operands only (WHO
# and HELP as for opt_parse). --help or -h as the first word prints the HELP
# lines (exit 0); fewer than MIN words print them too and exit 2.
opt_operands() {
  OPT_WHO=$1
  local help=$2 min=$3
  shift 3
  if [[ ${1:-} == --help || ${1:-} == -h || $# -lt $min ]]; then
    sed -n "${help}p" "$0" | sed 's/^# \{0,1\}//'
    [[ ${1:-} == --help || ${1:-} == -h ]] && exit 0 || exit 2
  fi
}

_opt_append() {
  local -n _op_arr=$1
  _op_arr+=("$2")
}

# shellcheck disable=SC2034 # OPT_STOP and OPT_REST are the caller's
opt_parse() {
  OPT_WHO=$1
  local _op_help=$2 _op_args=0 _op_w _op_i _op_n=0 _op_unknown=argument
  local -a _op_name=() _op_kind=() _op_var=() _op_word=()
  shift 2
  [[ $_op_help =~ ^[0-9]+,[0-9]+$ ]] || _opt_die 2 "opt_parse: help range '$_op_help' is not FIRST,LAST"
  # the table
  while (($#)); do
    _op_w=$1
    shift
    [[ $_op_w == -- ]] && break
    _op_word[_op_n]=""
    if [[ $_op_w == ARGS ]]; then
      _op_args=1 _op_unknown=option
      continue
    elif [[ $_op_w =~ ^(--[A-Za-z0-9-]+)=([A-Za-z][A-Za-z0-9_]*)$ ]]; then
      _op_kind[_op_n]=value
    elif [[ $_op_w =~ ^(--[A-Za-z0-9-]+)\+=([A-Za-z][A-Za-z0-9_]*)$ ]]; then
      _op_kind[_op_n]=append
    elif [[ $_op_w =~ ^(--[A-Za-z0-9-]+):([A-Za-z][A-Za-z0-9_]*)=(.*)$ ]]; then
      _op_kind[_op_n]=switch _op_word[_op_n]=${BASH_REMATCH[3]}
    elif [[ $_op_w =~ ^(--[A-Za-z0-9-]+)\.\.\.()$ ]]; then
      _op_kind[_op_n]=stop
    else
      _opt_die 2 "opt_parse: bad option declaration '$_op_w'"
    fi
    _op_name[_op_n]=${BASH_REMATCH[1]} _op_var[_op_n]=${BASH_REMATCH[2]}
    _op_n=$((_op_n + 1))
  done
  # the words
  OPT_REST=() OPT_STOP=
  while (($#)); do
    if [[ $1 == --help || $1 == -h ]]; then
      sed -n "${_op_help}p" "$0" | sed 's/^# \{0,1\}//'
      exit 0
    fi
    for ((_op_i = 0; _op_i < _op_n; _op_i++)); do
      [[ $1 == "${_op_name[_op_i]}" ]] && break
    done
    if ((_op_i == _op_n)); then
      if ((_op_args)) && [[ $1 != -* ]]; then
        OPT_REST=("$@")
        return 0
      fi
      "${OPT_FAIL:-_opt_fail}" "unknown $_op_unknown '$1' (see --help)"
      exit 2 # an OPT_FAIL that returned
    fi
    case ${_op_kind[_op_i]} in
      value) printf -v "${_op_var[_op_i]}" '%s' "${2:-}" ;;
      append) _opt_append "${_op_var[_op_i]}" "${2:-}" ;;
      switch) printf -v "${_op_var[_op_i]}" '%s' "${_op_word[_op_i]}"; shift; continue ;;
      stop) OPT_STOP=$1; shift; OPT_REST=("$@"); return 0 ;;
    esac
    # the option and its value (none when it was the last word)
    if (($# > 1)); then shift 2; else shift; fi
  done
  return 0
}

_opt_fail() { _opt_die 2 "$1"; }
