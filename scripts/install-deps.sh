#!/usr/bin/env bash
# Installs the Debian packages the harness needs, only those missing.
# Idempotent; silent when everything is present. Uses apt-get only.
set -euo pipefail

# command-or-file probe : package
need=(
  "verilator:verilator"
  "iverilog:iverilog"
  "yosys:yosys"
  "sta:opensta"
  "gnuplot:gnuplot-nox"
  "pkg-config:pkg-config"
  "gcc:gcc"
  "g++:g++"
  "make:make"
  "ccache:ccache"
  "valgrind:valgrind"
  "xmllint:libxml2-utils"
  "clang:clang"
  "/usr/bin/time:time"
  "perf:linux-perf"
  "python3:python3"
  "/usr/lib/python3/dist-packages/numpy/__init__.py:python3-numpy"
  "/usr/include/cmocka.h:libcmocka-dev"
  "/usr/include/cjson/cJSON.h:libcjson-dev"
  "/usr/include/zlib.h:zlib1g-dev"
  # the Slurm back end and its tests on a private cluster (docs/slurm.md)
  "/usr/sbin/slurmctld:slurmctld"
  "/usr/sbin/slurmd:slurmd"
  "sbatch:slurm-client"
  "/usr/sbin/munged:munge"
)

missing=()
for item in "${need[@]}"; do
  probe=${item%%:*}
  pkg=${item##*:}
  if [[ $probe == /* ]]; then
    [[ -e $probe ]] && continue
  else
    command -v "$probe" >/dev/null 2>&1 && continue
  fi
  missing+=("$pkg")
done
# libFuzzer runtime for `make fuzz` comes with clang's runtime package
if ! compgen -G "/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a" >/dev/null; then
  missing+=("libclang-rt-14-dev")
fi

((${#missing[@]} == 0)) && exit 0

echo "install-deps: installing missing packages: ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "install-deps: not root and no sudo; install as root: apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
