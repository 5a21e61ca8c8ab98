#!/usr/bin/env bash
# Every runtime side by side: the demo's scenarios on every model of .NET, CPython and Node, a
# sweep of requests that only wait up to 10,000 in flight, and the process models' spawn cost.
#   bench/runtimes.sh [OUT_DIR]        (about 25 minutes; nothing else should run meanwhile)
# Everything runs on loopback: the orchestrator starts upstream and the workers itself. In the
# sweep, caps are lifted so that the machine, not a setting, ends a curve (the process models'
# children capped at 1,200, a few MiB of PSS each, to keep the machine alive).
# Writes OUT_DIR/<experiment>/report.{json,md,html} and OUT_DIR/runtimes.md (the table).
set -uo pipefail
source "$(dirname "$0")/release.sh" runtimes "$@"
models=process,threadpool,async,async-loop,async-loop-blocking,python-process,python-threads,python-asyncio,python-asyncio-blocking,node,node-worker-threads
uncapped=(--setting threadpool.PoolThreads=15000 --setting threadpool.MaxQueue=100000
          --setting python-threads.PoolThreads=15000 --setting python-threads.MaxQueue=100000
          --setting process.MaxChildren=1200 --setting process.MaxQueue=100000
          --setting python-process.MaxChildren=1200 --setting python-process.MaxQueue=100000
          --setting node-worker-threads.MaxQueue=100000)

echo "== the demo's scenarios on every model of every runtime"
simul demo --runtimes all --out "$out/demo"
# A sweep that finds a model's limit reports failures, so its exit code is 1: that is the point.
echo "== requests that wait, 10 to 10,000 in flight"
simul sweep --scenario scale-waiting --local "$models" "${uncapped[@]}" --out "$out/waiting"
echo "== the price of a process per request: 1 to 8 starting at once"
simul sweep --scenario spawn-rate --local process,process-jit,python-process --out "$out/spawn"

python3 bench/runtimes_table.py "$out" > "$out/runtimes.md"
cat "$out/runtimes.md"
