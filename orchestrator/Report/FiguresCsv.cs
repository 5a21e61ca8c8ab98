using System.Globalization;
using CsvHelper;
using Simul.Workloads.Accounting;

namespace Simul.Orchestrator.Report;

/// <summary>figures.csv: every headline figure, a row per scenario, level and model, for a
/// spreadsheet or a plotting script. Times in ms, memory in bytes; an empty cell is a figure the
/// row does not have (a makespan outside a batch, a prediction not made).</summary>
public static class FiguresCsv
{
    private static readonly (string Header, Func<ScenarioResult, LevelRun, ModelResult, object?> Cell)[] Columns =
    [
        ("scenario", (s, _, _) => s.Name),
        ("level", (_, r, _) => r.Level),
        ("model", (_, _, m) => m.Model),
        ("label", (_, _, m) => m.Label),
        ("runtime", (_, _, m) => m.Capabilities?.Runtime),
        ("family", (_, _, m) => m.Capabilities?.Family),
        ("sent", (_, _, m) => m.Accounting.Sent),
        ("ok", (_, _, m) => m.Accounting.Ok),
        ("failed", (_, _, m) => m.Accounting.Failed),
        ("throughput_per_second", (_, _, m) => m.ThroughputPerSecond),
        ("littles_law_per_second", (_, _, m) => m.LittlesLawPerSecond),
        ("ideal_throughput_per_second", (_, _, m) => m.IdealThroughputPerSecond),
        ("p50_ms", (_, _, m) => m.Latency.P50),
        ("p90_ms", (_, _, m) => m.Latency.P90),
        ("p99_ms", (_, _, m) => m.Latency.P99),
        ("p999_ms", (_, _, m) => m.Latency.P999),
        ("max_ms", (_, _, m) => m.Latency.Max),
        ("mean_ms", (_, _, m) => m.Latency.Mean),
        ("makespan_ms", (_, _, m) => m.Batch?.MakespanMs),
        ("one_after_another_ms", (_, _, m) => m.Batch?.OneAfterAnotherMs),
        ("story_ratio", (_, _, m) => m.Story?.Ratio),
        ("predicted_quantity", (_, _, m) => m.Prediction?.Quantity),
        ("predicted", (_, _, m) => m.Prediction?.Predicted),
        ("measured_of_predicted", (_, _, m) => m.Prediction is { Predicted: > 0 } p ? p.Measured / p.Predicted : null),
        ("bound_by", (_, _, m) => m.Prediction?.Limit),
        .. PhaseNames.All.Select(phase => ($"{phase.Name()}_ms", (Func<ScenarioResult, LevelRun, ModelResult, object?>)((_, _, m) => m.MeanPhases.Of(phase)))),
        ("peak_threads", (_, _, m) => m.Resources.PeakThreads),
        ("peak_child_processes", (_, _, m) => m.Resources.PeakChildProcesses),
        ("peak_memory_bytes", (_, _, m) => m.Resources.PeakMemoryBytes),
        ("memory_per_in_flight_bytes", (_, _, m) => m.Resources.MemoryPerInFlight),
        ("cpu_cores_busy", (_, _, m) => m.Resources.CpuCoresBusy),
        ("running_at_once", (_, _, m) => m.Resources.RunningAtOnce),
        ("limit_reason", (_, _, m) => m.LimitReason),
    ];

    public static IReadOnlyList<string> Headers { get; } = [.. Columns.Select(c => c.Header)];

    public static void Write(RunReport report, TextWriter writer)
    {
        using var csv = CsvWriter.Create(writer, options: null, leaveOpen: true);
        csv.WriteHeader([.. Headers]);
        foreach (var scenario in report.Scenarios)
        {
            foreach (var run in scenario.Runs)
            {
                foreach (var model in run.Models)
                {
                    csv.WriteRecord([.. Columns.Select(c => Format(c.Cell(scenario, run, model)))]);
                }
            }
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
