#!/usr/bin/env bash
# The demo on every runtime, three times over, each run on fresh workers: the figures the README
# quotes, each a median with its min and max, and every figure wider than 10% of its median flagged.
#   bench/demo-repeated.sh [OUT_DIR] [REPEAT]     (about 6 minutes a repetition; nothing else should run meanwhile)
set -uo pipefail
repeat=${2:-3}
source "$(dirname "$0")/release.sh" demo-repeated "$@"
simul demo --runtimes all --repeat "$repeat" --out "$out"
