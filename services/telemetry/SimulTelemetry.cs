using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Simul.Telemetry;

/// <summary>
/// Starts OpenTelemetry for a process: traces from the given ActivitySources (Simul's own, and
/// the ones ASP.NET Core and HttpClient emit natively: no instrumentation packages), metrics
/// from the given meters, both exported over OTLP where the standard variables say. Exports
/// run in the background with bounded queues: a collector that is down or slow costs dropped
/// spans, never a slower request. Dispose flushes what is left, each signal within the flush timeout.
/// </summary>
public sealed class SimulTelemetry : IDisposable
{
    /// <summary>The spans ASP.NET Core (server) and HttpClient (client) emit in .NET 10.</summary>
    public static readonly string[] FrameworkSources = ["Microsoft.AspNetCore", "System.Net.Http"];

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

    public static SimulTelemetry Start(string serviceName, IEnumerable<string> sources, IEnumerable<string> meters, TimeSpan? flushTimeout = null)
    {
        Func<string, string?> environment = Environment.GetEnvironmentVariable;
        var disabled = string.Equals(environment("OTEL_SDK_DISABLED"), "true", StringComparison.OrdinalIgnoreCase);
        var traceEndpoint = disabled ? null : OtlpEndpoint.For("traces", environment);
        var metricEndpoint = disabled ? null : OtlpEndpoint.For("metrics", environment);
        var timeout = flushTimeout ?? TimeSpan.FromSeconds(5);
        if (traceEndpoint is null && metricEndpoint is null)
        {
            return new SimulTelemetry(null, null, timeout);
        }

        // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES, read last, win over the default name.
        var resource = ResourceBuilder.CreateEmpty()
            .AddService(serviceName)
            .AddTelemetrySdk()
            .AddEnvironmentVariableDetector();
        var traces = traceEndpoint is null
            ? null
            : Sdk.CreateTracerProviderBuilder()
                .SetResourceBuilder(resource)
                .SetSampler(Samplers.FromEnvironment())
                .AddSource([.. sources])
                .AddOtlpExporter(traceEndpoint.Apply)
                .Build();
        var metrics = metricEndpoint is null
            ? null
            : Sdk.CreateMeterProviderBuilder()
                .SetResourceBuilder(resource)
                .AddMeter([.. meters])
                .AddOtlpExporter(metricEndpoint.Apply)
                .Build();
        return new SimulTelemetry(traces, metrics, timeout);
    }

    public void Dispose()
    {
        _traces?.Shutdown(_flushTimeoutMs);
        _metrics?.Shutdown(_flushTimeoutMs);
        _traces?.Dispose();
        _metrics?.Dispose();
    }
}
