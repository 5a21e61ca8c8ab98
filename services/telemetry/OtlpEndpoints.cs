using OpenTelemetry.Exporter;

namespace Simul.Telemetry;

/// <summary>
/// Where one signal goes, from the standard variables as the OpenTelemetry specification reads
/// them: OTEL_EXPORTER_OTLP_{SIGNAL}_ENDPOINT is used as given; otherwise
/// OTEL_EXPORTER_OTLP_ENDPOINT, with /v1/{signal} appended for http/protobuf. The protocol is
/// OTEL_EXPORTER_OTLP_{SIGNAL}_PROTOCOL, else OTEL_EXPORTER_OTLP_PROTOCOL, else grpc.
/// Written here because the exporter's per-signal AddOtlpExporter reads only the general
/// variables (its README: the signal ones are "Not supported" there), and UseOtlpExporter,
/// which reads them, always exports every signal, to localhost:4317 when nothing is set;
/// Simul exports a signal only where an endpoint is given.
/// </summary>
public sealed record OtlpEndpoint(Uri Endpoint, OtlpExportProtocol Protocol)
{
    public static OtlpEndpoint? For(string signal, Func<string, string?> environment)
    {
        var upper = signal.ToUpperInvariant();
        var protocol = (environment($"OTEL_EXPORTER_OTLP_{upper}_PROTOCOL") ?? environment("OTEL_EXPORTER_OTLP_PROTOCOL"))?.Trim() switch
        {
            "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            _ => OtlpExportProtocol.Grpc,
        };
        if (environment($"OTEL_EXPORTER_OTLP_{upper}_ENDPOINT") is { Length: > 0 } specific)
        {
            return new OtlpEndpoint(new Uri(specific), protocol);
        }

        if (environment("OTEL_EXPORTER_OTLP_ENDPOINT") is not { Length: > 0 } general)
        {
            return null;
        }

        return new OtlpEndpoint(
            protocol == OtlpExportProtocol.HttpProtobuf ? new Uri(general.TrimEnd('/') + "/v1/" + signal) : new Uri(general),
            protocol);
    }

    public void Apply(OtlpExporterOptions options)
    {
        options.Endpoint = Endpoint;
        options.Protocol = Protocol;
    }
}

/// <summary>Both signals' endpoints; none at all when OTEL_SDK_DISABLED=true.</summary>
public sealed record OtlpEndpoints(OtlpEndpoint? Traces, OtlpEndpoint? Metrics)
{
    public static OtlpEndpoints FromEnvironment(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        return string.Equals(environment("OTEL_SDK_DISABLED"), "true", StringComparison.OrdinalIgnoreCase)
            ? new OtlpEndpoints(null, null)
            : new OtlpEndpoints(OtlpEndpoint.For("traces", environment), OtlpEndpoint.For("metrics", environment));
    }
}
