#!/usr/bin/env bash
# The scale row, measured: how far each model goes on this machine, and what it costs.
#   bench/scale.sh [OUT_DIR]        (about 10 minutes; nothing else should run meanwhile)
# Everything runs on loopback: the orchestrator starts upstream and the workers itself.
# Each model's caps are lifted so that the machine, not a setting, ends its curve, except
# the process model's children, capped at 1,200 (about 10 MiB each) to keep the machine alive.
# Writes OUT_DIR/<experiment>/report.{json,md,html} and OUT_DIR/scale-row.md (the tables).
set -uo pipefail
cd "$(dirname "$0")/.."
out=${1:-reports/scale-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
dotnet build -c Release Simul.slnx -v q -nologo >/dev/null || exit 1

simul() { dotnet run -c Release --no-build --project orchestrator -- "$@"; }
lifted=(--setting threadpool.PoolThreads=12000 --setting threadpool.MaxQueue=100000
        --setting process.MaxChildren=1200 --setting process.MaxQueue=100000
        --setting async.MaxInFlight=200000)

# A sweep that finds a model's limit reports failures, so its exit code is 1: that is the point.
echo "== requests that wait, 10 to 10,000 in flight"
simul sweep --scenario scale-waiting --local async,threadpool,process "${lifted[@]}" --out "$out/waiting"
echo "== async with 100,000 in flight"
simul sweep --scenario scale-waiting-100k --local async "${lifted[@]}" --out "$out/waiting-100k"
echo "== requests that compute, 1 to 64 at once"
simul sweep --scenario scale-computing --local async,async-loop,threadpool,process --out "$out/computing"
echo "== the price of a process per request: NativeAOT vs JIT child"
simul run --scenario spawn-rate --local process,process-jit --out "$out/spawn"

{
  echo "# The scale row, measured"
  echo
  sed -n '3p' "$out/waiting/report.md"
  for experiment in waiting waiting-100k computing; do
    echo
    echo "## $(sed -n 's/^## //p' "$out/$experiment/report.md" | head -1)"
    echo
    sed -n '/^By concurrency:/,/^$/p' "$out/$experiment/report.md" | tail -n +3
  done
  echo
  echo "## spawn-rate"
  echo
  python3 - "$out/spawn/report.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
print("| child | spawns/s | spawn p50 ms | spawn p99 ms | request p50 ms |")
print("|---|---:|---:|---:|---:|")
for m in report["scenarios"][0]["runs"][0]["models"]:
    spawn = m.get("spawn") or {}
    print(f"| {m['model']} | {m['throughput_per_second']:.0f} | {spawn.get('p50', 0):.2f} | {spawn.get('p99', 0):.2f} | {m['latency']['p50']:.2f} |")
PY
} > "$out/scale-row.md"
cat "$out/scale-row.md"
