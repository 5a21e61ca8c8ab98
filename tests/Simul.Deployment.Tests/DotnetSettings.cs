using System.Reflection;
using Microsoft.Extensions.Configuration;
using Simul.WorkerHost;

namespace Simul.Deployment.Tests;

/// <summary>A .NET worker's settings: the properties of the classes its Program.cs binds from the
/// configuration section Simul, bound as the host binds them; its OTEL_* variables are
/// OtlpEndpoints' and the OpenTelemetry .NET SDK's.</summary>
public sealed class DotnetSettings(params Type[] types) : ISettingsReader
{
    public IReadOnlyCollection<string> Names { get; } =
        [.. types.SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)).Where(p => p.CanWrite).Select(p => p.Name)];

    public IReadOnlySet<string> TelemetryVariables => Telemetry;

    public string? BindError(IReadOnlyDictionary<string, string> settings)
    {
        var values = settings.Select(kv => new KeyValuePair<string, string?>(kv.Key.Replace("__", ":", StringComparison.Ordinal), kv.Value));
        var section = new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(WorkerSettings.Section);
        foreach (var type in types)
        {
            try
            {
                section.Get(type);
            }
            catch (InvalidOperationException e)
            {
                return $"{type.Name}: {e.Message}";
            }
        }

        return null;
    }

    /// <summary>The OTEL_* variables something in a .NET service reads: OtlpEndpoints, and the
    /// OpenTelemetry .NET SDK's sampler, OTLP exporter, metric reader and resource detector.</summary>
    public static IReadOnlySet<string> Telemetry { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "OTEL_SDK_DISABLED",
        "OTEL_SERVICE_NAME",
        "OTEL_RESOURCE_ATTRIBUTES",
        "OTEL_TRACES_SAMPLER",
        "OTEL_TRACES_SAMPLER_ARG",
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        "OTEL_EXPORTER_OTLP_PROTOCOL",
        "OTEL_EXPORTER_OTLP_HEADERS",
        "OTEL_EXPORTER_OTLP_TIMEOUT",
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
        "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL",
        "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
        "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL",
        "OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE",
        "OTEL_METRIC_EXPORT_INTERVAL",
        "OTEL_METRIC_EXPORT_TIMEOUT",
    };
}
