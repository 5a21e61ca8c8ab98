using System.Diagnostics;
using System.Globalization;
using OpenTelemetry;
using Simul.Telemetry;

namespace Simul.ServiceDefaults;

/// <summary>
/// A gRPC service's server spans: ASP.NET Core's own activity for each request (source
/// <see cref="HostingSource"/>), named and tagged by the RPC semantic conventions when it ends
/// (<c>simul.v1.Worker/Prime</c>, <c>rpc.system.name</c>, <c>rpc.method</c>,
/// <c>rpc.response.status_code</c>; Error status on the codes the conventions call server
/// errors), from the <c>grpc.method</c> and <c>grpc.status_code</c> tags Grpc.AspNetCore puts on
/// it. What is not a gRPC call of a workload (health, reflection, Describe, /healthz, /metrics:
/// <see cref="TelemetryNoise"/>) is not exported.
/// <para>Why not OpenTelemetry's ASP.NET Core instrumentation, which does all of this: it enriches
/// through DiagnosticListener events, and that nearly doubled what tracing costs a worker. The
/// async worker at a fixed 5,000 no-op requests a second: 82 us of CPU a request untraced, 112
/// traced with the instrumentation, 99 this way
/// (docs/results/tracing-overhead-2026-12-02g-fixed-rate/server-spans-ab.txt). Upstream, an
/// HTTP server off the hot path, keeps the instrumentation.</para>
/// Added before the exporter's processor, so what it drops never reaches the exporter (the
/// trace-shape tests' health and Describe case would see it if it did).
/// </summary>
public sealed class GrpcServerSpans : BaseProcessor<Activity>
{
    public const string HostingSource = "Microsoft.AspNetCore";

    // The RPC conventions' names for the codes (rpc.response.status_code), by number.
    private static readonly string[] CodeNames =
    [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
        "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED",
        "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    ];

    // The codes that are the server's fault (the conventions' server-side errors); the rest are
    // the caller's (a bad argument, an overload refusal) and leave the status unset.
    private static readonly HashSet<int> ServerErrors = [2, 4, 12, 13, 14, 15];

    public override void OnEnd(Activity activity)
    {
        if (activity.Source.Name != HostingSource)
        {
            return;
        }

        if (activity.GetTagItem("grpc.method") is not string path || TelemetryNoise.IsNoise(path))
        {
            activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            return;
        }

        var method = path.TrimStart('/');
        activity.DisplayName = method;
        activity.SetTag("rpc.system.name", "grpc");
        activity.SetTag("rpc.method", method);
        activity.SetTag("grpc.method", null);
        if (activity.GetTagItem("grpc.status_code") is string text
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            && code < CodeNames.Length)
        {
            activity.SetTag("rpc.response.status_code", CodeNames[code]);
            activity.SetTag("grpc.status_code", null);
            if (ServerErrors.Contains(code))
            {
                activity.SetStatus(ActivityStatusCode.Error);
            }
        }
    }
}
