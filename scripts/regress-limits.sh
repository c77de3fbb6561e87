# The regression tests' own time limits (seconds), by kind, written once:
# scripts/regress-one.sh runs a test under its kind's limit, and
# scripts/regress.sh gives Slurm's array tasks the longest limit of the kinds
# its plan holds, plus a margin (docs/regression.md, docs/slurm.md). Each
# REGRESS_*_TIMEOUT of the environment overrides its kinds' default.
rl_limit() { # KIND -> seconds
  case $1 in
    # the accuracy study, whole or in parts
    accuracy|accuracy-ideal|accuracy-task|accuracy-merge) echo "${REGRESS_ACC_TIMEOUT:-7200}" ;;
    # the trex_core build for a model: a few hundred tiles, 10-40 minutes on 2 loaded cores
    build-core) echo "${REGRESS_CORE_TIMEOUT:-5400}" ;;
    # trex_core on a model's images: the 360-image split was about 40 CPU minutes
    core) echo "${REGRESS_CORE_TIMEOUT:-10800}" ;;
    # trex_core on Icarus: the tiny model about a minute, 414 tiles hours
    core-icarus) echo "${REGRESS_ICARUS_TIMEOUT:-10800}" ;;
    *) echo "${REGRESS_TIMEOUT:-600}" ;;
  esac
}
