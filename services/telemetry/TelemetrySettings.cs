namespace Simul.Telemetry;

/// <summary>
/// Which signals to export, read from the standard OpenTelemetry variables:
/// OTEL_EXPORTER_OTLP_ENDPOINT (both signals), OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
/// OTEL_EXPORTER_OTLP_METRICS_ENDPOINT, OTEL_SDK_DISABLED. No endpoint: nothing is set up at all.
/// </summary>
public sealed record TelemetrySettings(bool Traces, bool Metrics)
{
    public static TelemetrySettings FromEnvironment(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (string.Equals(environment("OTEL_SDK_DISABLED"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return new TelemetrySettings(false, false);
        }

        var both = !string.IsNullOrEmpty(environment("OTEL_EXPORTER_OTLP_ENDPOINT"));
        return new TelemetrySettings(
            both || !string.IsNullOrEmpty(environment("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")),
            both || !string.IsNullOrEmpty(environment("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT")));
    }

    public bool Any => Traces || Metrics;
}
