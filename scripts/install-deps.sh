#!/usr/bin/env bash
# Installs the Debian packages the harness needs, only those missing.
# Idempotent; silent when everything is present. Uses apt-get only.
#   scripts/install-deps.sh           what `make` and `make test` need
#   scripts/install-deps.sh --train   also the optional training group (`make train`):
#                                     PyTorch, scikit-learn and OpenBLAS for /usr/bin/python3
set -euo pipefail

train=0
for arg in "$@"; do
  case $arg in
    --train) train=1 ;;
    -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install-deps: unknown option '$arg' (--train, --help)" >&2; exit 2 ;;
  esac
done

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
  "/usr/lib/python3/dist-packages/numpy/__init__.py:python3-numpy"
)
# Optional training group: Debian's Python packages are seen by /usr/bin/python3 only.
# OpenBLAS: with only the reference BLAS an epoch is ~8x slower (vit-digits-facts.md).
if ((train)); then
  need+=(
    "/usr/lib/python3/dist-packages/torch/__init__.py:python3-torch"
    "/usr/lib/python3/dist-packages/sklearn/__init__.py:python3-sklearn"
  )
fi

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

if ((train)) && ! compgen -G "/usr/lib/*/openblas-pthread/libblas.so.3" >/dev/null; then
  missing+=("libopenblas0-pthread")
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
