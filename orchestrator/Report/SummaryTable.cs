using Simul.Workloads.Accounting;
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
        "model", "sent", "ok", "failed", "throughput/s", "Little's law/s", "predicted", "bound by",
        "p50 ms", "p99 ms", "p99.9 ms", "max ms",
        .. PhaseNames.All.Select(p => p.Name() + " ms"),
        "work %", "peak threads", "peak children", "peak memory MiB",
    ];

    /// <summary>Columns after the first are numbers (right-aligned), except "failed", which
    /// carries its statuses, and "bound by", a name.</summary>
    public static bool IsNumeric(int column) => column > 0 && Headers[column] is not ("failed" or "bound by");

    public static IReadOnlyList<string> Cells(ModelResult model) =>
    [
        model.Label,
        Count(model.Accounting.Sent),
        Count(model.Accounting.Ok),
        Failed(model.Accounting),
        Number(model.ThroughputPerSecond),
        model.LittlesLawPerSecond is { } law ? Number(law) + (model.LittlesLawDisagrees ? " (!)" : "") : "",
        Predicted(model.Prediction),
        model.Prediction is { } p ? p.Limit + (p.Flagged ? " (far from it)" : "") : "",
        Number(model.Latency.P50),
        Number(model.Latency.P99),
        Number(model.Latency.P999),
        Number(model.Latency.Max),
        .. PhaseNames.All.Select(p => Number(model.MeanPhases.Of(p))),
        Percent(model.WorkShare),
        Count(model.Resources.PeakThreads),
        Count(model.Resources.PeakChildProcesses),
        MiB(model.Resources.PeakMemoryBytes),
    ];

    /// <summary>"16/s" for a throughput, "748 ms" for a batch's makespan.</summary>
    public static string Predicted(Prediction? prediction) => prediction switch
    {
        null => "",
        { Quantity: PredictedQuantity.MakespanMs } p => Number(p.Predicted) + " ms",
        var p => double.IsInfinity(p.Predicted) ? "" : Number(p.Predicted) + "/s",
    };
}
