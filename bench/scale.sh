#!/usr/bin/env bash
# The scale row, measured: how far each model goes on this machine, and what it costs.
#   bench/scale.sh [OUT_DIR]        (about 25 minutes; nothing else should run meanwhile)
# Everything runs on loopback: the orchestrator starts upstream and the workers itself.
# Each model's caps are lifted so that the machine, not a setting, ends its curve, except
# the process model's children, capped at 1,200 (a few MiB of PSS each) to keep the machine alive.
# Writes OUT_DIR/<experiment>/report.{json,md,html} and OUT_DIR/scale-row.md (the tables).
set -uo pipefail
source "$(dirname "$0")/release.sh" scale "$@"
threadpool=(--setting threadpool.PoolThreads=15000 --setting threadpool.MaxQueue=100000)
process=(--setting process.MaxChildren=1200 --setting process.MaxQueue=100000)
async=(--setting async.MaxInFlight=200000)

# A sweep that finds a model's limit reports failures, so its exit code is 1: that is the point.
echo "== requests that wait, 10 to 10,000 in flight"
simul sweep --scenario scale-waiting --local async,threadpool,process "${async[@]}" "${threadpool[@]}" "${process[@]}" --out "$out/waiting"
echo "== where the thread pool stops, between 1,000 and 10,000 threads"
simul sweep --scenario scale-waiting --local threadpool --levels 2000,4000,8000 "${threadpool[@]}" --out "$out/waiting-threads"
echo "== async with 100,000 in flight"
simul sweep --scenario scale-waiting-100k --local async "${async[@]}" --out "$out/waiting-100k"
echo "== requests that compute, 1 to 64 at once"
simul sweep --scenario scale-computing --local async,async-loop,threadpool,process --out "$out/computing"
echo "== the price of a process per request: NativeAOT vs JIT child, 1 to 8 spawning at once"
simul sweep --scenario spawn-rate --local process,process-jit --out "$out/spawn"

{
  echo "# The scale row, measured"
  echo
  sed -n '3p' "$out/waiting/report.md"
  for experiment in waiting waiting-threads waiting-100k computing; do
    echo
    echo "## $experiment: $(sed -n 's/^Load: //p' "$out/$experiment/report.md" | head -1)"
    echo
    # The scale table: the lines of the first table after "By concurrency:".
    awk '/^By concurrency:/ { on = 1; next } on && /^\|/ { print; seen = 1; next } seen { exit }' "$out/$experiment/report.md"
  done
  echo
  echo "## spawn-rate: the process model's spawn cost (process start until the child begins work)"
  echo
  python3 - "$out/spawn/report.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
print("| child | spawning at once | spawns/s | spawn p50 ms | spawn p99 ms | request p50 ms |")
print("|---|---:|---:|---:|---:|---:|")
rows = [(m["model"], run["level"], m) for run in report["scenarios"][0]["runs"] for m in run["models"]]
for model, level, m in sorted(rows, key=lambda r: (r[0], r[1])):
    spawn = m.get("spawn") or {}
    print(f"| {model} | {level:.0f} | {m['throughput_per_second']:.0f} | {spawn.get('p50', 0):.2f} | {spawn.get('p99', 0):.2f} | {m['latency']['p50']:.2f} |")
PY
  echo
  echo "## Against issue 21's targets"
  echo
  python3 - "$out/waiting/report.json" "$out/waiting-100k/report.json" "$out/spawn/report.json" <<'PY'
import json, sys
def rows(path):
    return [(run["level"], m) for run in json.load(open(path))["scenarios"][0]["runs"] for m in run["models"]]
def verdict(ok):
    return "met" if ok else "not met"
per_request = [m["resources"]["memory_per_in_flight"] / 1024 for level, m in rows(sys.argv[1]) if m["model"] == "async" and level == 10000]
share = [m["throughput_per_second"] / m["ideal_throughput_per_second"] for _, m in rows(sys.argv[2]) if m["model"] == "async"]
spawns = [m["throughput_per_second"] for level, m in rows(sys.argv[3]) if m["model"] == "process" and level == 4]
for figure, target, ok in [
        (f"async, 10,000 in flight: {per_request[0]:.1f} KiB per request", "<= 16 KiB", per_request[0] <= 16),
        (f"async, 100,000 in flight: {share[0]:.0%} of ideal", ">= 90%", share[0] >= 0.9),
        (f"process (NativeAOT child), 4 callers: {spawns[0]:.0f} spawns/s", ">= 450/s (set where /bin/true starts in 0.7 ms: see bench/child-start.py)", spawns[0] >= 450)]:
    print(f"- {figure}; target {target}: {verdict(ok)}")
PY
} > "$out/scale-row.md"
cat "$out/scale-row.md"
