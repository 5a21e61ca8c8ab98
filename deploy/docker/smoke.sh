#!/usr/bin/env bash
# smoke.sh: build the project's images with their own Dockerfiles and run a short comparison
# across the compose network, on a machine with Docker but no registry.
#
#   1. installs Debian's docker.io and docker-compose if missing, starts dockerd if not running;
#   2. makes the .NET base images with make-standin-images.sh (skipped when they exist);
#   3. `docker-compose build` of upstream, the workers and the orchestrator (Dockerfiles unchanged);
#   4. `docker-compose up -d` of upstream, the four workers and the orchestrator only, by name:
#      Jaeger, Prometheus and Grafana cannot be pulled here, and the services run without them;
#   5. waits for the orchestrator to exit, requires exit code 0 and report.json, report.md and
#      report.html in reports/smoke-<time>/, prints the orchestrator's output;
#   6. tears everything down (`down -v`), also on failure, and stops dockerd if it started it.
#
# Usage: sudo deploy/docker/smoke.sh
# Environment (optional):
#   SIMUL_SMOKE_ARGS     orchestrator arguments instead of the compose file's (the targets and
#                        --out /reports are added); by default, when orchestrator/scenarios/smoke.json
#                        exists: --scenario /app/scenarios/smoke.json, else the default comparison
#   SIMUL_SMOKE_TIMEOUT  seconds the orchestrator may run (default 420)
#   SIMUL_SMOKE_KEEP=1   leave the containers running (no `down -v`) to look at them
# DOCKER_BUILDKIT is left as it is (unset: the classic builder, which the Dockerfiles support).
set -euo pipefail

cd "$(dirname "$0")/../.."
REPO=$(pwd)
TIMEOUT=${SIMUL_SMOKE_TIMEOUT:-420}
export COMPOSE_PROJECT_NAME=simul-smoke
export COMPOSE_HTTP_TIMEOUT=300
SERVICES=(upstream worker-process worker-threadpool worker-async worker-async-loop orchestrator)
BUILD=(upstream worker-process worker-threadpool worker-async orchestrator)  # worker-async-loop reuses worker-async's image
T0=$SECONDS

log() { printf '[smoke %4ds] %s\n' "$((SECONDS - T0))" "$*"; }
die() { log "FAILED: $*"; exit 1; }

# 1. Docker -------------------------------------------------------------------------------
need=()
command -v dockerd >/dev/null || need+=(docker.io)
command -v docker-compose >/dev/null || need+=(docker-compose)
if ((${#need[@]})); then
  log "apt-get install ${need[*]}"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null
fi
STARTED_DOCKERD=
if ! docker info >/dev/null 2>&1; then
  log "starting dockerd"
  nohup dockerd >/var/log/simul-dockerd.log 2>&1 &
  STARTED_DOCKERD=$!
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || { tail -n 20 /var/log/simul-dockerd.log; die "dockerd did not start"; }
fi
log "docker $(docker version --format '{{.Server.Version}}'), $(docker-compose version --short 2>/dev/null || docker-compose --version)"

# 2. Base images --------------------------------------------------------------------------
nice -n 10 deploy/docker/make-standin-images.sh

# Compose files: the project's, plus an override for this run when asked.
STAMP=$(date +%Y%m%d-%H%M%S)
export SIMUL_REPORTS="$REPO/reports/smoke-$STAMP"
mkdir -p "$SIMUL_REPORTS"
FILES=(-f docker-compose.yml)
ARGS=${SIMUL_SMOKE_ARGS:-}
if [[ -z $ARGS && -f orchestrator/scenarios/smoke.json ]]; then ARGS="--scenario /app/scenarios/smoke.json"; fi
TMP=$(mktemp -d)
if [[ -n $ARGS ]]; then
  {
    echo "services:"
    echo "  orchestrator:"
    echo "    command:"
    for a in run --target process=http://worker-process:8080 --target threadpool=http://worker-threadpool:8080 \
             --target async=http://worker-async:8080 --target async-loop=http://worker-async-loop:8080 $ARGS --out /reports; do
      printf '      - "%s"\n' "$a"
    done
  } >"$TMP/smoke.override.yml"
  FILES+=(-f "$TMP/smoke.override.yml")
  log "orchestrator arguments: $ARGS"
fi
dc() { docker-compose "${FILES[@]}" "$@"; }

teardown() {
  local rc=$?
  if [[ ${SIMUL_SMOKE_KEEP:-} == 1 ]]; then
    log "SIMUL_SMOKE_KEEP=1: leaving the containers up (docker-compose -p $COMPOSE_PROJECT_NAME down -v)"
  else
    dc down -v --remove-orphans >/dev/null 2>&1 || true
  fi
  rm -rf "$TMP"
  if [[ -n $STARTED_DOCKERD && ${SIMUL_SMOKE_KEEP:-} != 1 ]]; then
    kill "$STARTED_DOCKERD" 2>/dev/null || true
    wait "$STARTED_DOCKERD" 2>/dev/null || true
  fi
  log "$([[ $rc == 0 ]] && echo PASSED || echo "exit $rc") in $((SECONDS - T0)) s"
}
trap teardown EXIT

# 3. Build --------------------------------------------------------------------------------
for s in "${BUILD[@]}"; do
  t=$SECONDS
  log "build $s"
  nice -n 10 docker-compose "${FILES[@]}" build "$s" >"$TMP/build-$s.log" 2>&1 \
    || { tail -n 60 "$TMP/build-$s.log"; die "docker-compose build $s"; }
  log "built $s in $((SECONDS - t)) s: $(docker image inspect -f '{{.Size}}' "simul/$s:dev" | awk '{printf "%.0f MB", $1/1e6}')"
done

# 4. Run ----------------------------------------------------------------------------------
log "up: ${SERVICES[*]} (waits for every worker to be healthy)"
if ! dc up -d --no-build "${SERVICES[@]}" >"$TMP/up.log" 2>&1; then
  cat "$TMP/up.log"; dc ps; dc logs --no-color --tail=40 upstream worker-process worker-threadpool worker-async worker-async-loop
  die "docker-compose up"
fi
dc ps

# 5. Wait and check -----------------------------------------------------------------------
cid=$(dc ps -q orchestrator)
[[ -n $cid ]] || die "no orchestrator container"
log "waiting for the orchestrator (at most $TIMEOUT s)"
if ! rc=$(timeout "$TIMEOUT" docker wait "$cid"); then
  dc logs --no-color orchestrator | tail -n 80
  die "the orchestrator did not finish within $TIMEOUT s"
fi
log "orchestrator output:"
dc logs --no-color orchestrator
if [[ $rc != 0 ]]; then
  dc logs --no-color --tail=40 upstream worker-process worker-threadpool worker-async worker-async-loop
  die "the orchestrator exited with $rc"
fi
for f in report.json report.md report.html; do
  path=$(find "$SIMUL_REPORTS" -name "$f" -print -quit)
  [[ -n $path && -s $path ]] || die "no $f under $SIMUL_REPORTS"
  log "found ${path#"$REPO"/} ($(stat -c %s "$path") bytes)"
done
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$(find "$SIMUL_REPORTS" -name report.json -print -quit)" \
  || die "report.json is not valid JSON"
for s in upstream worker-process worker-threadpool worker-async worker-async-loop; do
  state=$(docker inspect -f '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}' "$(dc ps -q "$s")")
  [[ $state == "running healthy" ]] || die "$s is '$state' after the run"
done
log "all services still healthy after the run"
