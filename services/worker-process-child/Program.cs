// The process model's child program: reads one WorkItem (length-delimited protobuf) on stdin,
// runs it with blocking waits like any ordinary synchronous program, writes one ChildReply on
// stdout and exits. Environment: SIMUL_UPSTREAM (the only fetch target), SIMUL_PARENT_PID,
// TRACEPARENT/TRACESTATE (the W3C context of the request's span in the parent), OTEL_*.
using System.Diagnostics;
using System.Globalization;
using Google.Protobuf;
using Microsoft.Win32.SafeHandles;
using Simul.Contracts.V1;
using Simul.Telemetry;
using Simul.WorkerChild;
using Simul.Workloads;
using Simul.Workloads.Accounting;
using Simul.Workloads.Waiting;

ParentDeath.KillMeWithParent(int.TryParse(Environment.GetEnvironmentVariable("SIMUL_PARENT_PID"), CultureInfo.InvariantCulture, out var parent) ? parent : 0);

// The plain SDK (no host in a child), its flush before exit bounded: a slow collector must not
// hold the parent's slot. System.Net.Http is HttpClient's own source: a fetch's GET to upstream.
// A build without tracing (ChildTracing) leaves the SDK out altogether.
using var telemetry = !ChildTracing.IsSupported ? null : SimulTelemetry.Start("worker-process-child", [RequestTiming.SourceName, "System.Net.Http"], [], TimeSpan.FromSeconds(1));
// The standard streams as plain files: Console's own streams set up the terminal (terminfo)
// on first write, a cost every child would pay for a pipe that is no terminal.
using var stdin = new FileStream(new SafeFileHandle(0, ownsHandle: false), FileAccess.Read);
var item = WorkItem.Parser.ParseDelimitedFrom(stdin);
var reply = new ChildReply { StartedUnixUs = UnixClock.NowMicroseconds() };

using (var span = telemetry?.Enabled == true ? ChildSpan.Start(item) : null)
{
    // An HTTP client only for a fetch: a process per request pays its child's start-up on every
    // request, and building a client it will not use cost about half a millisecond of it
    // (bench/child-start.py: 19.8 against 20.3 ms of CPU per start, medians of four runs of 200).
    using var http = item.WorkloadCase == WorkItem.WorkloadOneofCase.Fetch ? new HttpClient() : null;
    var timing = new RequestTiming(item.WantsTimeline()) { ThreadId = Environment.CurrentManagedThreadId };
    try
    {
        var upstream = new Uri(Environment.GetEnvironmentVariable("SIMUL_UPSTREAM") ?? "http://127.0.0.1:5000/");
        reply.Reply = new WorkReply
        {
            Value = new Workload(new BlockingWaits(http), upstream).Run(item, timing, CancellationToken.None),
            Model = "process",
            Pid = Environment.ProcessId,
            Timing = timing.Finish(),
            ThreadId = timing.ThreadId,
        };
    }
    catch (WorkloadException e)
    {
        reply.Error = new ChildError { Code = (int)e.Error, Message = e.Message };
        span?.SetStatus(ActivityStatusCode.Error, e.Message);
    }
}

// The reply is length-prefixed, so the parent answers as soon as it is in; the telemetry
// flush (disposing it, at the end) runs after that, bounded in time.
using (var stdout = new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write))
{
    reply.WriteDelimitedTo(stdout);
}
