using System.Diagnostics.Metrics;
using Simul.Contracts.V1;
using Simul.WorkerHost;
using Simul.Workloads.Accounting;

namespace Simul.Deployment.Tests;

/// <summary>
/// The Prometheus series the workers' own meter gives, with the labels they carry, read off the
/// instruments themselves (a MeterListener watching WorkerMetrics being created) and named the way
/// Prometheus 3's OTLP receiver and the /metrics exporter both name them: dots become underscores,
/// the unit becomes a suffix (s: _seconds, By: _bytes, {...}: none), counters end in _total,
/// histograms give _bucket, _count and _sum. Every series also has job (the service name).
/// </summary>
public static class MetricCatalog
{
    public static IReadOnlySet<string> Series { get; } = Read();

    /// <summary>The labels those series carry: the instruments' tags (simul.model and
    /// simul.runtime are on all of them), the histogram's le, and what Prometheus adds (job, instance).</summary>
    public static IReadOnlySet<string> Labels { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "job", "instance", "simul_model", "simul_runtime", "simul_workload", "simul_phase", "rpc_grpc_status_code", "le",
    };

    private static HashSet<string> Read()
    {
        var series = new HashSet<string>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == WorkerMetrics.MeterName)
                {
                    foreach (var name in PrometheusNames(instrument))
                    {
                        series.Add(name);
                    }
                }
            },
        };
        listener.Start();
        var model = new NoModel();
        using var stats = new WorkerStats(model, Microsoft.Extensions.Options.Options.Create(new WorkerSettings()));
        using var metrics = new WorkerMetrics(model, stats);
        return series;
    }

    private static IEnumerable<string> PrometheusNames(Instrument instrument)
    {
        var name = instrument.Name.Replace('.', '_') + instrument.Unit switch
        {
            "s" => "_seconds",
            "By" => "_bytes",
            _ => "",
        };
        var type = instrument.GetType().GetGenericTypeDefinition();
        if (type == typeof(Histogram<>))
        {
            return [name + "_bucket", name + "_count", name + "_sum"];
        }

        return type == typeof(Counter<>) || type == typeof(ObservableCounter<>) ? [name + "_total"] : [name];
    }

    /// <summary>A model that serves nothing: enough for WorkerMetrics to create its instruments.</summary>
    private sealed class NoModel : IConcurrencyModel
    {
        public string Name => "none";

        public QueueGate Queue { get; } = new(maxQueue: 0, whatIsBusy: "nothing runs");

        public IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

        public Capabilities Capabilities { get; } = new();

        public Task<long> RunAsync(WorkItem item, RequestTiming timing, CancellationToken cancellationToken) =>
            throw new NotSupportedException("the catalogue only reads the instruments");
    }
}
