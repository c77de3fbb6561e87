#!/usr/bin/env bash
# test-fuzz-regress: every kept crashing input (tests/fuzz/regress/<h>/) and
# every seed (tests/fuzz/seeds/<h>/) runs once through its harness, built
# with ASan+UBSan; no fuzzing time. Fails when any input crashes, leaks,
# trips UBSan or breaks a reader's promise (fuzz_check.h).
#   replay.sh BINDIR HARNESS...
set -uo pipefail
bin=$1; shift
log=build/fuzz/replay.log
mkdir -p build/fuzz
: > "$log"
pass=0 fail=0
for h in "$@"; do
  mapfile -t files < <(find tests/fuzz/regress/$h tests/fuzz/seeds/$h -type f 2>/dev/null | sort)
  ((${#files[@]})) || continue
  if FUZZ_WORK=build/fuzz/work "$bin/fuzz_$h" "${files[@]}" >> "$log" 2>&1; then
    pass=$((pass + ${#files[@]}))
  else
    fail=$((fail + 1))
    echo "FAIL fuzz_$h on one of: ${files[*]} (log $log)"
  fi
done
nreg=$(find tests/fuzz/regress -type f 2>/dev/null | wc -l)
echo "fuzz-regress: $pass inputs replayed ($nreg kept crashes), $fail harness(es) failed"
exit $((fail != 0))
