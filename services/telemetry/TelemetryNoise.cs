namespace Simul.Telemetry;

/// <summary>
/// Calls that are not requests of a workload and would bury them in a trace UI: health probes
/// (gRPC and HTTP), server reflection, metrics scrapes, and Describe, which the orchestrator
/// polls ten times a second while a load runs. Neither the caller nor the server traces them.
/// </summary>
public static class TelemetryNoise
{
    private static readonly string[] Prefixes =
    [
        "/grpc.health.v1.Health/",
        "/grpc.reflection.",
        "/simul.v1.Worker/Describe",
        "/healthz",
        "/metrics",
    ];

    public static bool IsNoise(string? path) =>
        path is not null && Prefixes.Any(prefix => path.StartsWith(prefix, StringComparison.Ordinal));
}
