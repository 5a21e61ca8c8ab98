#!/usr/bin/env bash
# Deployment checks (issue 6), run from .ci/run:
#   a. docker-compose accepts docker-compose.yml, alone and with the profile dapr
#      (Debian's docker-compose 1.29: the file must need nothing newer);
#   b. `kubectl kustomize` builds k8s/base and the overlays dapr, headless and keda
#      (kubectl 1.27+ with its built-in kustomize v5; fails with a clear message without it);
#   c. the smoke run of the project's real images (deploy/docker/smoke.sh): stand-in base
#      images, docker-compose build with the project's Dockerfiles, upstream + every worker of
#      every runtime (.NET, CPython, Node) + the orchestrator on the compose network, report.json
#      checked, everything torn down.
# The agreement of the compose file and the rendered manifests with the code (settings names,
# ports, probes, images, Dapr app ids, scenarios) is checked by tests/Simul.Deployment.Tests,
# which runs with the rest of the suite.
#
# Installs what it needs (docker.io, docker-compose, debootstrap from Debian's archive); run as
# root. Idempotent: a second run reuses the stand-in base images and the docker build cache.
# Usage: .ci/deploy-checks.sh [--no-smoke]
set -euo pipefail
cd "$(dirname "$0")/.."

SMOKE=1
case "${1:-}" in
  --no-smoke) SMOKE=0 ;;
  "") ;;
  *) echo "usage: $0 [--no-smoke]" >&2; exit 2 ;;
esac

T0=$SECONDS
TIMINGS=()
log() { printf '[deploy-checks %4ds] %s\n' "$((SECONDS - T0))" "$*"; }
step_done() { TIMINGS+=("$(printf '%-28s %4d s' "$1" "$((SECONDS - $2))")"); }
report() {
  local rc=$?
  if ((${#TIMINGS[@]})); then
    log "timings:"
    printf '  %s\n' "${TIMINGS[@]}"
  fi
  log "$([[ $rc == 0 ]] && echo PASSED || echo "FAILED (exit $rc)") in $((SECONDS - T0)) s"
}
trap report EXIT

[[ $(id -u) == 0 ]] || { echo "deploy-checks: run as root (installs packages, runs dockerd and debootstrap)" >&2; exit 1; }

# Packages ------------------------------------------------------------------------------------
t=$SECONDS
missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
command -v docker-compose >/dev/null || missing+=(docker-compose)
command -v debootstrap >/dev/null || missing+=(debootstrap)
command -v python3 >/dev/null || missing+=(python3)
if ((${#missing[@]})); then
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
log "docker-compose $(docker-compose version --short)"
step_done "packages" $t

# a. docker-compose config --------------------------------------------------------------------
t=$SECONDS
docker-compose -f docker-compose.yml config -q
log "docker-compose.yml: config OK"
docker-compose -f docker-compose.yml --profile dapr config -q
log "docker-compose.yml --profile dapr: config OK"
step_done "a. docker-compose config" $t

# b. kustomize ----------------------------------------------------------------------------------
t=$SECONDS
if ! command -v kubectl >/dev/null; then
  echo "deploy-checks: kubectl is not installed: the k8s/ kustomizations cannot be built." >&2
  echo "  Install kubectl 1.27 or later (it includes kustomize v5), e.g. from https://dl.k8s.io/release/ or" >&2
  echo "  the Kubernetes apt repository (pkgs.k8s.io); Debian 12's kubernetes-client 1.20 is too old." >&2
  exit 1
fi
log "kubectl $(kubectl version --client 2>/dev/null | tr '\n' ' ')"
for dir in k8s/base k8s/overlays/dapr k8s/overlays/headless k8s/overlays/keda; do
  if ! out=$(kubectl kustomize "$dir" 2>&1); then
    printf '%s\n' "$out" >&2
    echo "deploy-checks: kubectl kustomize $dir failed" >&2
    exit 1
  fi
  log "kubectl kustomize $dir: $(grep -c '^kind:' <<<"$out") objects"
done
step_done "b. kubectl kustomize" $t

# c. smoke run ----------------------------------------------------------------------------------
if [[ $SMOKE == 1 ]]; then
  t=$SECONDS
  deploy/docker/smoke.sh
  step_done "c. smoke run" $t
else
  log "smoke run skipped (--no-smoke)"
fi
