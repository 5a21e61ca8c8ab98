using System.Diagnostics;
using Simul.Contracts.V1;
using Simul.Workloads;
using Simul.Workloads.Accounting;

namespace Simul.WorkerChild;

/// <summary>The child's span: it continues the request's trace across the process boundary,
/// from the W3C context the parent put in TRACEPARENT (the environment-carrier convention).</summary>
internal static class ChildSpan
{
    private static readonly ActivitySource Source = new(RequestTiming.SourceName);

    public static Activity? Start(WorkItem item)
    {
        ActivityContext.TryParse(Environment.GetEnvironmentVariable("TRACEPARENT"), Environment.GetEnvironmentVariable("TRACESTATE"), out var parent);
        return Source.StartActivity("child process", ActivityKind.Internal, parent)
            ?.SetTag("simul.workload", item.WorkloadName())
            .SetTag("process.pid", Environment.ProcessId);
    }
}
