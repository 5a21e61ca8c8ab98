#!/usr/bin/env bash
# A/B of the bench's receiver: decoding every span (before, cc82c53) against counting them
# (after), each receiver warmed up by one traced saturated no-op run, then measured over a second
# (the throughput scenario, async worker): the receiver's CPU (user + system ticks from /proc)
# per span received over the measured run, and the run's rate.
set -uo pipefail
cd /work/main
out=$1; pairs=${2:-3}; mkdir -p $out
S=orchestrator/bin/Release/net10.0/simul
tick=$(getconf CLK_TCK)
traced() { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=http://127.0.0.1:14322 OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=grpc OTEL_TRACES_SAMPLER=always_on "$@"; }
spans() { sleep 6; grep -o '[0-9]* spans received' $1 | tail -1 | cut -d' ' -f1; }
for i in $(seq 1 $pairs); do
  for v in before after; do
    dll=/work/main/tests/OtlpReceiver/bin/Release/net10.0/OtlpReceiver.dll
    [ $v = before ] && dll=/tmp/before/tests/OtlpReceiver/bin/Release/net10.0/OtlpReceiver.dll
    log=$out/$v-$i-receiver.log
    dotnet $dll --port=14322 > $log 2>&1 &
    r=$!
    sleep 2
    traced $S run --local async --scenario throughput --out $out/$v-$i-warm > /dev/null 2>&1
    spans0=$(spans $log); ticks0=$(awk '{ print $14 + $15 }' /proc/$r/stat)
    traced $S run --local async --scenario throughput --out $out/$v-$i > /dev/null 2>&1
    spans1=$(spans $log); ticks1=$(awk '{ print $14 + $15 }' /proc/$r/stat)
    kill $r; wait $r 2>/dev/null
    rate=$(python3 -c "import json; print(round(json.load(open('$out/$v-$i/report.json'))['scenarios'][0]['runs'][0]['models'][0]['throughput_per_second']))")
    python3 -c "s=$spans1-$spans0; print('$v-$i', s, 'spans', round(($ticks1-$ticks0)/$tick*1e6/s, 2), 'us of receiver CPU per span;', '$rate', 'no-op requests/s')"
  done
done
