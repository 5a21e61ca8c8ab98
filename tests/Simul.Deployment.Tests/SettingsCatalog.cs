using System.Reflection;
using Microsoft.Extensions.Configuration;
using Simul.WorkerAsync;
using Simul.WorkerHost;
using Simul.WorkerProcess;
using Simul.WorkerThreadPool;

namespace Simul.Deployment.Tests;

/// <summary>
/// Which settings classes each image binds from the configuration section <c>Simul</c>
/// (environment <c>Simul__Name</c>), as each worker's Program.cs registers them, and the
/// environment variables the telemetry setup and the OpenTelemetry SDK read.
/// </summary>
public static class SettingsCatalog
{
    public static IReadOnlyList<Type> For(App app) => app.Repository switch
    {
        "simul/worker-process" => [typeof(WorkerSettings), typeof(ProcessSettings)],
        "simul/worker-threadpool" => [typeof(WorkerSettings), typeof(ThreadPoolSettings)],
        "simul/worker-async" => [typeof(WorkerSettings), typeof(AsyncSettings)],
        _ => [],
    };

    public static IReadOnlyList<string> PropertyNames(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => p.Name)];

    /// <summary>Binds the app's Simul__ variables to each of its settings classes as the host
    /// does; the binder's complaint (a value of the wrong type, an unknown enum name) or null.</summary>
    public static string? BindError(App app)
    {
        var values = app.Env
            .Where(kv => kv.Key.StartsWith(WorkerSettings.Section + "__", StringComparison.OrdinalIgnoreCase))
            .Select(kv => new KeyValuePair<string, string?>(kv.Key.Replace("__", ":", StringComparison.Ordinal), kv.Value));
        var section = new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(WorkerSettings.Section);
        foreach (var type in For(app))
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

    /// <summary>The OTEL_* variables something in Simul reads: OtlpEndpoints, and the OpenTelemetry
    /// .NET SDK's sampler, OTLP exporter, metric reader and resource detector.</summary>
    public static IReadOnlySet<string> TelemetryVariables { get; } = new HashSet<string>(StringComparer.Ordinal)
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
