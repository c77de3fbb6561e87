#!/usr/bin/env bash
# make test-mutate-key: the resume key of every make mutate set covers every
# project file its build reads. A set's Verilator build and checks are reused
# while the key (scripts/mutate.sh --key-files SET, hashed) is unchanged, so
# a file the build reads but the key misses (a header of the testbench, the
# golden model's) would let a stale build be reused after it changes.
# The compiler (gcc -MM -MG) lists what the set's testbench sources, its
# Verilator C++ driver and the golden model read; every one of those files
# that is in the project must be in the key. Then the key must change when one
# of those files changes (a copy of the tree under OUT).
set -uo pipefail
out=${1:-build/test/mutate-key}
rm -rf "$out"; mkdir -p "$out"
fail=0
cj=$(pkg-config --cflags libcjson 2>/dev/null || echo -I/usr/include/cjson)
vinc=$(verilator --getenv VERILATOR_ROOT 2>/dev/null)/include
srcs_for() { # set -> the C/C++ sources its testbench binary is built from
  case $1 in
    ctrl) ls testbench/ctrl_tb_*.c testbench/ctrl_dut.cpp ;;
    unit-*) ls testbench/units_tb_*.c testbench/units_dut.cpp ;;
    *) ls testbench/tb_*.c testbench/tb_dut.cpp ;;
  esac
  find c-model -name '*.c'
}
for s in tile-a tile-b ctrl unit-softmax unit-layernorm unit-gelu unit-requant unit-add; do
  bash scripts/mutate.sh --key-files "$s" >"$out/$s.key" || { echo "FAIL $s: --key-files failed"; fail=1; continue; }
  : >"$out/$s.deps"
  while read -r f; do
    case $f in *.cpp) cc=(g++ -std=c++17 -I"$vinc") ;; *) cc=(gcc -std=c11) ;; esac
    "${cc[@]}" -MM -MG -Ic-model -Ic-model/cli -Itestbench $cj "$f" 2>>"$out/$s.err" |
      tr ' \\' '\n\n' | sed '/:$/d; /^$/d' >>"$out/$s.deps"
  done < <(srcs_for "$s")
  # project files only (generated V*.h and system headers are not in the tree)
  n=0
  while read -r d; do
    [[ -f $d ]] || continue
    d=$(realpath --relative-to=. "$d")
    [[ $d == ../* || $d == /* || $d == build/* ]] && continue
    n=$((n + 1))
    grep -qxF "$d" "$out/$s.key" || { echo "FAIL $s: the build reads $d, which is not in the resume key"; fail=1; }
  done < <(sort -u "$out/$s.deps")
  ((n > 10)) || { echo "FAIL $s: only $n project files found by the compiler"; fail=1; }
  echo "$s: $n project files read by the build, $(wc -l <"$out/$s.key") in the key"
done
# the key changes with a header only the compiler sees (vl_port.h, dut_cov.h)
tree=$out/tree
mkdir -p "$tree"
cp -r scripts testbench c-model rtl tests "$tree"/ 2>/dev/null
k0=$(cd "$tree" && bash scripts/mutate.sh --key tile-a)
for h in testbench/vl_port.h testbench/dut_cov.h; do
  cp "$tree/$h" "$tree/$h.orig"; echo '/* changed */' >>"$tree/$h"
  k1=$(cd "$tree" && bash scripts/mutate.sh --key tile-a)
  [[ $k0 =~ ^[0-9a-f]{16}$ && $k0 != "$k1" ]] || { echo "FAIL: the tile-a key does not change with $h"; fail=1; }
  mv "$tree/$h.orig" "$tree/$h"
done
rm -rf "$tree"
((fail == 0)) || exit 1
echo "test-mutate-key: every project file each set's build reads is in its resume key"
