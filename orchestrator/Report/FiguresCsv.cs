using System.Globalization;
using CsvHelper;
using Simul.Workloads.Accounting;

namespace Simul.Orchestrator.Report;

/// <summary>figures.csv: every headline figure, a row per scenario, level, model and repetition, for a
/// spreadsheet or a plotting script. Times in ms, memory in bytes; an empty cell is a figure the
/// row does not have (a makespan outside a batch, a prediction not made).</summary>
public static class FiguresCsv
{
    private static readonly (string Header, Func<RowRun, object?> Cell)[] Columns =
    [
        ("scenario", row => row.Scenario.Name),
        ("level", row => row.Run.Level),
        ("model", row => row.Model.Model),
        ("repetition", row => row.Repetition),
        ("label", row => row.Model.Label),
        ("runtime", row => row.Model.Capabilities?.Runtime),
        ("family", row => row.Model.Capabilities?.Family),
        ("sent", row => row.Model.Accounting.Sent),
        ("ok", row => row.Model.Accounting.Ok),
        ("failed", row => row.Model.Accounting.Failed),
        ("throughput_per_second", row => row.Model.ThroughputPerSecond),
        ("littles_law_per_second", row => row.Model.LittlesLawPerSecond),
        ("ideal_throughput_per_second", row => row.Model.IdealThroughputPerSecond),
        ("p50_ms", row => row.Model.Latency.P50),
        ("p90_ms", row => row.Model.Latency.P90),
        ("p99_ms", row => row.Model.Latency.P99),
        ("p999_ms", row => row.Model.Latency.P999),
        ("max_ms", row => row.Model.Latency.Max),
        ("mean_ms", row => row.Model.Latency.Mean),
        ("makespan_ms", row => row.Model.Batch?.MakespanMs),
        ("one_after_another_ms", row => row.Model.Batch?.OneAfterAnotherMs),
        ("story_ratio", row => row.Model.Story?.Ratio),
        ("predicted_quantity", row => row.Model.Prediction?.Quantity),
        ("predicted", row => row.Model.Prediction?.Predicted),
        ("measured_of_predicted", row => row.Model.Prediction is { Predicted: > 0 } p ? p.Measured / p.Predicted : null),
        ("bound_by", row => row.Model.Prediction?.Limit),
        .. PhaseNames.All.Select(phase => ($"{phase.Name()}_ms", (Func<RowRun, object?>)(row => row.Model.MeanPhases.Of(phase)))),
        ("peak_threads", row => row.Model.Resources.PeakThreads),
        ("peak_child_processes", row => row.Model.Resources.PeakChildProcesses),
        ("peak_memory_bytes", row => row.Model.Resources.PeakMemoryBytes),
        ("memory_per_in_flight_bytes", row => row.Model.Resources.MemoryPerInFlight),
        ("cpu_cores_busy", row => row.Model.Resources.CpuCoresBusy),
        ("running_at_once", row => row.Model.Resources.RunningAtOnce),
        ("expired_in_queue", row => row.Model.Resources.ExpiredInQueue),
        ("attempts_per_call", row => row.Model.Retries?.AttemptsPerCall),
        ("limit_reason", row => row.Model.LimitReason),
    ];

    public static IReadOnlyList<string> Headers { get; } = [.. Columns.Select(c => c.Header)];

    public static void Write(RunReport report, TextWriter writer)
    {
        using var csv = CsvWriter.Create(writer, options: null, leaveOpen: true);
        csv.WriteHeader([.. Headers]);
        foreach (var row in report.EveryRun())
        {
            csv.WriteRecord([.. Columns.Select(c => Format(c.Cell(row)))]);
        }
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        double d => d.ToString("0.####", CultureInfo.InvariantCulture),
        Enum e => ReportJson.EnumName(e),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
