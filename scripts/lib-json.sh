# shellcheck shell=bash
# The lines the shell scripts hand to `regress-tool json-write` (the one JSON
# writer: scripts/regress-tool.c builds the object with cJSON and writes it
# atomically; no script builds JSON text itself). Source it:
#   . "$(dirname "$0")/lib-json.sh"
#   { jw s module "$m"; jwn area_um2 "$a"; } | build/bin/regress-tool json-write OUT.json

# jw TYPE KEY... VALUE: one line; TYPE s string, n number, b true|false,
# z null, j JSON text, f a JSON file; a decimal KEY indexes an array. Tabs
# and line breaks in VALUE become spaces (they separate the fields).
jw() {
  local v=${!#} n=$(($# - 1))
  v=${v//$'\t'/ }
  v=${v//$'\n'/ }
  printf '%s' "$1"
  printf '\t%s' "${@:2:n-1}"
  printf '\t%s\n' "$v"
}

# jwn KEY... VALUE: a number, or null when VALUE is empty or "null" (a
# figure the run could not measure).
jwn() {
  local v=${!#}
  if [[ -z $v || $v == null ]]; then jw z "${@:1:$#-1}" ""; else jw n "$@"; fi
}
