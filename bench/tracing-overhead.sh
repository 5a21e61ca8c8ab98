#!/usr/bin/env bash
# What tracing costs: the same CPU-bound load (scenarios/throughput.json) with tracing off, then
# on with the always-on sampler, every span exported over OTLP/gRPC to Simul's own receiver
# (tests/OtlpReceiver). Prints throughput and p99 per model, and the ratio on/off (and keeps
# them in OUT_DIR/summary.md).
#   bench/tracing-overhead.sh [OUT_DIR]     (about a minute; nothing else should run meanwhile)
set -uo pipefail
cd "$(dirname "$0")/.."
out=${1:-reports/tracing-overhead-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
dotnet build -c Release Simul.slnx -v q -nologo >/dev/null || exit 1

port=14317
dotnet tests/OtlpReceiver/bin/Release/net10.0/OtlpReceiver.dll --port=$port > "$out/receiver.log" 2>&1 &
receiver=$!
trap 'kill $receiver 2>/dev/null' EXIT
sleep 2

simul() { dotnet run -c Release --no-build --project orchestrator -- "$@"; }
simul run --local async,threadpool --scenario throughput --out "$out/off" > "$out/off.log"
OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=http://127.0.0.1:$port OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=grpc OTEL_TRACES_SAMPLER=always_on \
  simul run --local async,threadpool --scenario throughput --out "$out/on" > "$out/on.log"
sleep 6 # the receiver prints its count every 5 s

{
python3 - "$out/off/report.json" "$out/on/report.json" <<'PY'
import json, sys
off, on = (json.load(open(p))["scenarios"][0]["runs"][0]["models"] for p in sys.argv[1:3])
print("| model | req/s off | req/s on | on/off | p99 ms off | p99 ms on |")
print("|---|---:|---:|---:|---:|---:|")
for a, b in zip(off, on):
    print(f"| {a['model']} | {a['throughput_per_second']:.0f} | {b['throughput_per_second']:.0f} | "
          f"{b['throughput_per_second'] / a['throughput_per_second']:.2f} | {a['latency']['p99']:.1f} | {b['latency']['p99']:.1f} |")
PY
tail -1 "$out/receiver.log"
} | tee "$out/summary.md"
