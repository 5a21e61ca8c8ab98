using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Simul.Telemetry;

namespace Simul.Orchestrator.Targets;

/// <summary>
/// The orchestrator's traces: a <c>call MODEL</c> span per request (<see cref="Load.CallSender"/>)
/// and Grpc.Net.Client's client span under it, named by the RPC conventions
/// (<c>simul.v1.Worker/Prime</c>), which carries the context to the worker. The HTTP/2 request
/// beneath is not a span of its own (SuppressDownstreamInstrumentation), and health checks and
/// Describe polls are not traced at all. Its metrics (<see cref="Load.LoadMetrics"/>) go over
/// OTLP where configured, and to <c>GET /metrics</c> on <paramref name="metricsPort"/> when given
/// (OpenTelemetry's Prometheus listener, so the names are those Prometheus gives the workers' own).
/// </summary>
public static class ClientTelemetry
{
    public static SimulTelemetry Start(int? metricsPort = null) => SimulTelemetry.Start("orchestrator", [Load.CallSender.SourceName], [Load.LoadMetrics.MeterName],
        tracing: tracing => tracing.AddGrpcClientInstrumentation(grpc =>
        {
            grpc.SuppressDownstreamInstrumentation = true;
            grpc.Filter = request => !TelemetryNoise.IsNoise(request.RequestUri?.AbsolutePath);
        }),
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
