namespace Simul.ServiceDefaults;

/// <summary>Which server spans a service exports.</summary>
public enum ServerSpans
{
    /// <summary>Every HTTP request but the noise, by OpenTelemetry's ASP.NET Core instrumentation
    /// (named by route, the HTTP conventions' attributes).</summary>
    Http,

    /// <summary>Each gRPC call of a workload, ASP.NET Core's own activity named by the RPC
    /// conventions (<see cref="GrpcServerSpans"/>); nothing else.</summary>
    GrpcCalls,
}
