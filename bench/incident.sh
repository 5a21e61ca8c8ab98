#!/usr/bin/env bash
# The incident: a slow upstream (upstream-slowdown), the same with the load generator retrying
# what is shed (the retry storm: two retries, queues of 20 so the pool and the process model shed
# RESOURCE_EXHAUSTED), and an upstream failing one answer in five (upstream-errors), on the thread
# pool, async and the process model.
#   bench/incident.sh [OUT_DIR]        (about 6 minutes; nothing else should run meanwhile)
# Writes OUT_DIR/{slowdown,storm,errors}/report.{json,md,html}, timeline.csv and figures.csv.
set -uo pipefail
source "$(dirname "$0")/release.sh" incident "$@"
models=threadpool,async,process
# Failures are what an incident is made of, so these runs end with exit code 1: that is the point.
echo "== upstream-slowdown"
simul run --local "$models" --scenario upstream-slowdown --out "$out/slowdown"
echo "== upstream-slowdown, retried: the storm"
simul run --local "$models" --scenario upstream-slowdown --retries 2 \
  --setting threadpool.MaxQueue=20 --setting process.MaxQueue=20 --out "$out/storm"
echo "== upstream-errors"
simul run --local "$models" --scenario upstream-errors --out "$out/errors"
