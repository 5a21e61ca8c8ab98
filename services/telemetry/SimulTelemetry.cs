using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Simul.Telemetry;

/// <summary>
/// OpenTelemetry on the plain SDK, for the console programs: the process model's child (which
/// must flush within a bound before it exits, and has no host) and the orchestrator. Traces
/// from the given ActivitySources, metrics from the given meters, each exported over OTLP only
/// where the standard variables give that signal an endpoint: no endpoint, nothing is set up
/// and nothing is paid. Exports run in the background with bounded queues: a collector that is
/// down or slow costs dropped spans, never a slower request. Dispose flushes what is left,
/// each signal within the flush timeout. The sampler is the SDK's, from OTEL_TRACES_SAMPLER.
/// <c>metering</c> adds a metric reader of the caller's (the orchestrator's /metrics listener),
/// with or without an OTLP endpoint.
/// </summary>
public sealed class SimulTelemetry : IDisposable
{
    private readonly TracerProvider? _traces;
    private readonly MeterProvider? _metrics;
    private readonly int _flushTimeoutMs;

    private SimulTelemetry(TracerProvider? traces, MeterProvider? metrics, TimeSpan flushTimeout)
    {
        _traces = traces;
        _metrics = metrics;
        _flushTimeoutMs = (int)flushTimeout.TotalMilliseconds;
    }

    public bool Enabled => _traces is not null || _metrics is not null;

    public static SimulTelemetry Start(
        string serviceName,
        IEnumerable<string> sources,
        IEnumerable<string> meters,
        TimeSpan? flushTimeout = null,
        Action<MeterProviderBuilder>? metering = null)
    {
        var endpoints = OtlpEndpoints.FromEnvironment();
        var traces = endpoints.Traces is not { } traceEndpoint
            ? null
            : Sdk.CreateTracerProviderBuilder()
                .SetResourceBuilder(SimulResource.Builder(serviceName))
                .AddSource([.. sources])
                .AddOtlpExporter(traceEndpoint.Apply)
                .Build();
        MeterProvider? metrics = null;
        if (endpoints.Metrics is { } metricEndpoint || metering is not null)
        {
            var builder = Sdk.CreateMeterProviderBuilder()
                .SetResourceBuilder(SimulResource.Builder(serviceName))
                .AddMeter([.. meters]);
            metering?.Invoke(builder);
            metrics = (endpoints.Metrics is { } otlp ? builder.AddOtlpExporter(otlp.Apply) : builder).Build();
        }

        return new SimulTelemetry(traces, metrics, flushTimeout ?? TimeSpan.FromSeconds(5));
    }

    public void Dispose()
    {
        _traces?.Shutdown(_flushTimeoutMs);
        _metrics?.Shutdown(_flushTimeoutMs);
        _traces?.Dispose();
        _metrics?.Dispose();
    }
}
