using OpenTelemetry.Metrics;
using Simul.Telemetry;

namespace Simul.Orchestrator.Targets;

/// <summary>
/// The orchestrator's traces: a client span per request, named by the RPC conventions
/// (<c>simul.v1.Worker/Prime</c>), which carries the context to the worker
/// (<see cref="Load.CallSender"/>); nothing beneath it is a span of its own (the HTTP/2 request),
/// and health checks and Describe polls are not traced at all. Its metrics (<see cref="Load.LoadMetrics"/>) go over
/// OTLP where configured, and to <c>GET /metrics</c> on <paramref name="metricsPort"/> when given
/// (OpenTelemetry's Prometheus listener, so the names are those Prometheus gives the workers' own).
/// </summary>
public static class ClientTelemetry
{
    public static SimulTelemetry Start(int? metricsPort = null) => SimulTelemetry.Start("orchestrator", [Load.CallSender.SourceName], [Load.LoadMetrics.MeterName],
        metering: metricsPort is { } port ? metrics => ServeMetrics(metrics, port) : null);

    private static void ServeMetrics(MeterProviderBuilder metrics, int port) =>
        metrics.AddPrometheusHttpListener(listener =>
        {
            listener.Port = port;
            // Every interface, not only localhost (the exporter's Host makes a Uri, which "*" is
            // not): Prometheus scrapes it from elsewhere, a container or a pod.
            listener.ConfigureHttpListener = (_, http) =>
            {
                http.Prefixes.Clear();
                http.Prefixes.Add($"http://*:{port}/");
            };
        });
}
