#!/usr/bin/env bash
# The demo on every runtime, three times over, each run on fresh workers: the figures the README
# quotes, each a median with its min and max, and every figure wider than 10% of its median flagged.
#   bench/demo-repeated.sh [OUT_DIR] [REPEAT]     (about 6 minutes a repetition; nothing else should run meanwhile)
set -uo pipefail
cd "$(dirname "$0")/.."
out=${1:-reports/demo-repeated-$(date +%Y%m%d-%H%M%S)}
repeat=${2:-3}
dotnet build -c Release Simul.slnx -v q -nologo >/dev/null || exit 1
dotnet run -c Release --no-build --project orchestrator -- demo --runtimes all --repeat "$repeat" --out "$out"
