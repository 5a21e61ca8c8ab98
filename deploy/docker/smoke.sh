#!/usr/bin/env bash
# smoke.sh: build the project's images with their own Dockerfiles and run a short comparison
# across the compose network, on a machine with Docker but no registry.
#
#   1. installs Debian's docker.io and docker-compose if missing, starts dockerd if not running;
#   2. makes the base images with make-standin-images.sh (skipped when they exist);
#   3. `docker-compose build` of upstream, the worker images (.NET, CPython, Node) and the
#      orchestrator, one at a time (Dockerfiles unchanged), and checks the worker-process image
#      carries both child builds;
#   4. `docker-compose up -d` of upstream, every worker and the orchestrator only, by name:
#      Jaeger, Prometheus and Grafana cannot be pulled here, and the services run without them
#      (their OTLP endpoints stay unreachable);
#   5. waits for the orchestrator to exit, requires exit code 0, report.json, report.md and
#      report.html in reports/smoke-<time>/, and a report.json in which every model of every
#      scenario answered every request OK (accounting.by_status empty, ok == sent > 0);
#   6. tears everything down (`down -v`), also on failure, and stops dockerd if it started it.
#
# The orchestrator runs, instead of the compose file's default comparison (which takes a few
# minutes), the shipped scenarios seed-primes (a batch) and two-fetches (upstream) and
# orchestrator/scenarios/smoke.json (a short closed load of primes, fetches and steps): about
# 40 s for the ten models. Only the orchestrator's command is overridden, in a temporary
# compose file; images, environment and networking are the project's. The workers, their model
# names (the service name without worker-) and the images to build are read from the compose
# file, so a worker added there is built, started and called here too.
#
# Usage: sudo deploy/docker/smoke.sh
# Environment (optional):
#   SIMUL_SMOKE_ARGS     the orchestrator's scenario arguments (default: "--scenario seed-primes
#                        --scenario two-fetches --scenario smoke"; a target per worker and
#                        --out /reports are added); "default" keeps the compose file's own command
#                        (the default comparison, a few minutes)
#   SIMUL_SMOKE_TIMEOUT  seconds the orchestrator may run (default 420)
#   SIMUL_SMOKE_KEEP=1   leave the containers running (no `down -v`) to look at them
# DOCKER_BUILDKIT is left as it is (unset: the classic builder, which the Dockerfiles support).
# Builds run one at a time under `nice -n 10`. Prints the time of every step.
set -euo pipefail

cd "$(dirname "$0")/../.."
REPO=$(pwd)
TIMEOUT=${SIMUL_SMOKE_TIMEOUT:-420}
ARGS=${SIMUL_SMOKE_ARGS:---scenario seed-primes --scenario two-fetches --scenario smoke}
export COMPOSE_PROJECT_NAME=simul-smoke
export COMPOSE_HTTP_TIMEOUT=300
T0=$SECONDS
TIMINGS=()

log() { printf '[smoke %4ds] %s\n' "$((SECONDS - T0))" "$*"; }
die() { log "FAILED: $*"; exit 1; }
timed() { TIMINGS+=("$(printf '%-34s %4d s' "$1" "$2")"); }

STARTED_DOCKERD=
TMP=$(mktemp -d)
FILES=(-f docker-compose.yml)
UP=
teardown() {
  local rc=$?
  set +e
  if [[ -n $UP ]]; then
    if [[ ${SIMUL_SMOKE_KEEP:-} == 1 ]]; then
      log "SIMUL_SMOKE_KEEP=1: containers left up; remove them with: docker-compose -p $COMPOSE_PROJECT_NAME down -v"
    else
      local t=$SECONDS
      docker-compose "${FILES[@]}" down -v --remove-orphans >/dev/null 2>&1
      log "down -v in $((SECONDS - t)) s"
    fi
  fi
  rm -rf "$TMP"
  if [[ -n $STARTED_DOCKERD && ${SIMUL_SMOKE_KEEP:-} != 1 ]]; then
    log "stopping the dockerd this script started (pid $STARTED_DOCKERD)"
    kill "$STARTED_DOCKERD" 2>/dev/null
    wait "$STARTED_DOCKERD" 2>/dev/null
  fi
  if ((${#TIMINGS[@]})); then
    log "timings:"
    printf '  %s\n' "${TIMINGS[@]}"
  fi
  log "$([[ $rc == 0 ]] && echo PASSED || echo "FAILED (exit $rc)") in $((SECONDS - T0)) s"
}
trap teardown EXIT

# 1. Docker -------------------------------------------------------------------------------
t=$SECONDS
need=()
command -v dockerd >/dev/null || need+=(docker.io)
command -v docker-compose >/dev/null || need+=(docker-compose)
if ((${#need[@]})); then
  log "apt-get install ${need[*]}"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null
fi
if ! docker info >/dev/null 2>&1; then
  log "starting dockerd"
  nohup dockerd >/var/log/simul-dockerd.log 2>&1 &
  STARTED_DOCKERD=$!
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || { tail -n 20 /var/log/simul-dockerd.log; die "dockerd did not start"; }
fi
log "docker $(docker version --format '{{.Server.Version}}'), docker-compose $(docker-compose version --short 2>/dev/null)"
timed "docker ready" $((SECONDS - t))

# The compose file's workers (services worker-*, the dapr profile's sidecars aside) and, for each
# image it builds, the first service that builds it (worker-async-loop reuses worker-async's).
mapfile -t WORKERS < <(docker-compose -f docker-compose.yml config --services | grep '^worker-' | grep -v -- '-daprd$')
MODELS=$(printf '%s\n' "${WORKERS[@]#worker-}" | paste -sd,)   # the orchestrator's model names, in target order
SERVICES=(upstream "${WORKERS[@]}" orchestrator)
mapfile -t BUILD < <(docker-compose -f docker-compose.yml config | python3 -c '
import sys, yaml
seen = {}
for name, service in yaml.safe_load(sys.stdin)["services"].items():
    if "build" in service:
        seen.setdefault(service["image"], name)
print("\n".join(seen.values()))')
((${#WORKERS[@]})) || die "no worker-* services in docker-compose.yml"
log "${#WORKERS[@]} workers (${MODELS//,/, }); images built by: ${BUILD[*]}"

# 2. Base images --------------------------------------------------------------------------
t=$SECONDS
nice -n 10 deploy/docker/make-standin-images.sh
timed "base images (stand-ins)" $((SECONDS - t))

# The project's compose file, plus (unless SIMUL_SMOKE_ARGS=default) an override of the
# orchestrator's command only.
STAMP=$(date +%Y%m%d-%H%M%S)
export SIMUL_REPORTS="$REPO/reports/smoke-$STAMP"
mkdir -p "$SIMUL_REPORTS"
if [[ $ARGS != default ]]; then
  {
    echo "services:"
    echo "  orchestrator:"
    echo "    command:"
    # shellcheck disable=SC2086 # ARGS is a list of words
    for a in run $(for w in "${WORKERS[@]}"; do echo "--target ${w#worker-}=http://$w:8080"; done) $ARGS --out /reports; do
      printf '      - "%s"\n' "$a"
    done
  } >"$TMP/smoke.override.yml"
  FILES+=(-f "$TMP/smoke.override.yml")
  log "orchestrator arguments: $ARGS"
fi
dc() { docker-compose "${FILES[@]}" "$@"; }

# 3. Build --------------------------------------------------------------------------------
for s in "${BUILD[@]}"; do
  t=$SECONDS
  log "build $s"
  nice -n 10 docker-compose "${FILES[@]}" build "$s" >"$TMP/build-$s.log" 2>&1 \
    || { tail -n 60 "$TMP/build-$s.log"; die "docker-compose build $s"; }
  image=$(dc config | python3 -c 'import sys, yaml; print(yaml.safe_load(sys.stdin)["services"][sys.argv[1]]["image"])' "$s")
  size=$(docker image inspect -f '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}')
  log "built $image in $((SECONDS - t)) s ($size)"
  timed "build $s" $((SECONDS - t))
done
# The process model's image carries its child three times (NativeAOT without and with tracing,
# and JIT), where the worker looks.
docker run --rm --entrypoint bash simul/worker-process:dev -c \
  'for aot in child-aot child-aot-traced; do test -x /app/$aot/simul-worker-child && [ "$(head -c 4 /app/$aot/simul-worker-child | od -An -c | tr -d " ")" = "177ELF" ] || exit 1; done; test -f /app/child-jit/simul-worker-child.dll' \
  || die "simul/worker-process:dev lacks /app/child-aot/simul-worker-child or /app/child-aot-traced/simul-worker-child (native), or /app/child-jit/simul-worker-child.dll"
log "simul/worker-process:dev carries child-aot/ and child-aot-traced/simul-worker-child (ELF) and child-jit/simul-worker-child.dll"

# 4. Run ----------------------------------------------------------------------------------
t=$SECONDS
log "up: ${SERVICES[*]} (the orchestrator starts once every worker is healthy)"
UP=1
if ! dc up -d --no-build "${SERVICES[@]}" >"$TMP/up.log" 2>&1; then
  cat "$TMP/up.log"; dc ps; dc logs --no-color --tail=40 upstream "${WORKERS[@]}"
  die "docker-compose up"
fi
dc ps
timed "up (until the workers are healthy)" $((SECONDS - t))

# 5. Wait and check -----------------------------------------------------------------------
t=$SECONDS
cid=$(dc ps -q orchestrator)
[[ -n $cid ]] || die "no orchestrator container"
log "waiting for the orchestrator (at most $TIMEOUT s)"
if ! rc=$(timeout "$TIMEOUT" docker wait "$cid"); then
  dc logs --no-color orchestrator | tail -n 80
  die "the orchestrator did not finish within $TIMEOUT s"
fi
timed "orchestrator run" $((SECONDS - t))
log "orchestrator output:"
dc logs --no-color orchestrator
if [[ $rc != 0 ]]; then
  dc logs --no-color --tail=40 upstream "${WORKERS[@]}"
  die "the orchestrator exited with $rc"
fi
log "orchestrator exit code 0"
for f in report.json report.md report.html; do
  path="$SIMUL_REPORTS/$f"
  [[ -s $path ]] || die "no $f in $SIMUL_REPORTS"
  log "found ${path#"$REPO"/} ($(stat -c %s "$path") bytes)"
done
# Every scenario, every model in it, every request answered OK: report.json's accounting.
python3 - "$SIMUL_REPORTS/report.json" "$MODELS" <<'PY' || die "report.json does not say every request was answered OK"
import json, sys
report = json.load(open(sys.argv[1]))
models = sys.argv[2].split(",")
bad = []
scenarios = report.get("scenarios") or []
if not scenarios:
    bad.append("no scenarios in the report")
for s in scenarios:
    for run in s["runs"]:
        seen = [m["model"] for m in run["models"]]
        if sorted(seen) != sorted(models):
            bad.append(f"{s['name']}: models {seen}, expected {models}")
        for m in run["models"]:
            a = m["accounting"]
            line = f"{s['name']:<12} {m['model']:<23} sent {a['sent']:>3}  ok {a['ok']:>3}  failed {dict(a['by_status']) or 0}"
            print("  " + line)
            if a["by_status"] or a["ok"] != a["sent"] or a["sent"] == 0:
                bad.append(line)
for b in bad:
    print("  NOT OK: " + b)
sys.exit(1 if bad else 0)
PY
log "report.json: every request of every scenario answered OK by every model"
for s in upstream "${WORKERS[@]}"; do
  state=$(docker inspect -f '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}' "$(dc ps -q "$s")")
  [[ $state == "running healthy" ]] || die "$s is '$state' after the run"
done
log "upstream and the ${#WORKERS[@]} workers still running and healthy after the run"
