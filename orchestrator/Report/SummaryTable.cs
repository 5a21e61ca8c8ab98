using static Simul.Orchestrator.Report.ReportFormat;

namespace Simul.Orchestrator.Report;

/// <summary>
/// The summary table every format shows, one row per model at one level: the columns are defined
/// once here so Markdown and HTML cannot drift apart. Cells are plain text; each format escapes them.
/// </summary>
internal static class SummaryTable
{
    public static IReadOnlyList<string> Headers { get; } =
    [
        "model", "sent", "ok", "failed", "throughput/s",
        "p50 ms", "p99 ms", "p99.9 ms", "max ms",
        "queue ms", "spawn ms", "work ms", "wait ms", "other ms",
        "work %", "peak threads", "peak children", "peak RSS MiB",
    ];

    /// <summary>Columns after the first are numbers (right-aligned), except "failed", which
    /// carries its statuses.</summary>
    public static bool IsNumeric(int column) => column > 0 && Headers[column] != "failed";

    public static IReadOnlyList<string> Cells(ModelResult model) =>
    [
        model.Model,
        Count(model.Accounting.Sent),
        Count(model.Accounting.Ok),
        Failed(model.Accounting),
        Number(model.ThroughputPerSecond),
        Number(model.Latency.P50),
        Number(model.Latency.P99),
        Number(model.Latency.P999),
        Number(model.Latency.Max),
        Number(model.MeanPhases.Queue),
        Number(model.MeanPhases.Spawn),
        Number(model.MeanPhases.Work),
        Number(model.MeanPhases.Wait),
        Number(model.MeanPhases.Other),
        Percent(model.WorkShare),
        Count(model.Resources.PeakThreads),
        Count(model.Resources.PeakChildProcesses),
        MiB(model.Resources.PeakRssBytes),
    ];
}
