# CPU per request of one process, by where its samples fall, from a `perf record -a -g -F 499`
# of 10 s: python3 categories.py PERF_DATA PID REQUESTS_PER_SECOND. The categories are matched in
# order on perf's "dso [.] symbol" line (JIT'd code named by DOTNET_PerfMapEnabled=1).
import sys,re,collections,subprocess
d,pid,rps=sys.argv[1],sys.argv[2],float(sys.argv[3])
out=subprocess.run(["perf","report","-i",d,f"--pid={pid}","--no-children","--sort","dso,sym","-g","none","--stdio"],capture_output=True,text=True).stdout
pids=subprocess.run(["perf","script","-i",d,"-F","pid"],capture_output=True,text=True).stdout.split()
all_=len(pids); total=pids.count(pid)
cats=[("otel-trace",r"OpenTelemetry\.(Exporter|Trace|Batch|Composite|Internal|Context|BaseExport|Sdk)|BatchActivity|TracerProvider|Propagat|OpenTelemetry\] OpenTelemetry\.(?!Metrics)"),("otel-metrics",r"OpenTelemetry\.Metrics|Instrument`1|Diagnostics\.Metrics|KestrelMetrics"),("activity",r"System\.Diagnostics\.(Activity|W3C|DiagnosticListener|DistributedContext)|TagsLinkedList"),("grpc",r"\[Grpc"),("http-client",r"\[System\.Net\.Http\]"),("kestrel",r"Kestrel|AspNetCore"),("protobuf",r"Google\.Protobuf"),("simul",r"\[Simul|\[simul"),("corelib",r"System\.Private\.CoreLib|System\.Collections|System\.Memory|System\.IO\.Pipelines|System\.Threading"),("runtime",r"^(libcoreclr|libclrjit|ld-linux)"),("kernel",r"\[kernel"),("libc",r"libc\.so|vdso|libSystem")]
sums=collections.Counter()
for line in out.splitlines():
    m=re.match(r"\s*([\d.]+)%\s+(.*)",line)
    if not m: continue
    pct=float(m.group(1)); rest=m.group(2)
    for k,rx in cats:
        if re.search(rx,rest): sums[k]+=pct; break
    else: sums["other"]+=pct
# perf report's shares (of every sample) add up to a little less than the process's share of
# perf script's samples: the categories are scaled to the process's CPU per request.
per_request=total/499/(rps*10)*1e6
us=lambda pct: pct/sum(sums.values())*per_request
print(f"pid {pid}: {total/499/(rps*10)*1e6:.1f} us/request  " + "  ".join(f"{k} {us(sums[k]):.1f}" for k,_ in cats+[("other","")]))
