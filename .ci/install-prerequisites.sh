#!/usr/bin/env bash
# What a fresh machine (the .NET SDK, Node and Debian) lacks for the full test run:
#  - clang-14 and zlib for the NativeAOT build of the process model's child program
#  - chromium for the real-browser tests (report.html, the Aspire dashboard's trace page)
#  - prometheus (2.42) for the tests that evaluate every dashboard and KEDA query
#  - Debian's CPython packages the CPython worker runs on (services/worker-python: grpcio with
#    grpc.aio, protobuf, protoc and grpc-proto's health and reflection protos for its stubs,
#    httpx, prometheus-client); PyPI is not reachable, Debian's are what there is
#  - the grpc-js probe's npm packages (tests/grpc-js: an independent gRPC client that checks
#    health and reflection; the tests would install them too, doing it here fails early if the
#    registry is unreachable)
#  - the Node worker's npm packages (services/worker-node, pinned by its package-lock.json)
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v clang-14 >/dev/null || missing+=(clang-14)
[ -e /usr/lib/x86_64-linux-gnu/libz.so ] || missing+=(zlib1g-dev)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/prometheus ] || missing+=(prometheus)
for package in python3-grpcio python3-protobuf protobuf-compiler grpc-proto python3-httpx python3-prometheus-client; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

(cd tests/grpc-js && npm ci --no-audit --no-fund --loglevel=error)
(cd services/worker-node && npm ci --no-audit --no-fund --loglevel=error)
