using Simul.Workloads.Accounting;
using static Simul.Orchestrator.Report.ReportFormat;

namespace Simul.Orchestrator.Report;

/// <summary>One column of the summary table: its header, its cell for a model (plain text; each
/// format escapes it), whether it is a number (right-aligned), the shorter header of the
/// console's narrower table if it shows the column there, and when its cell deserves a warning colour.</summary>
internal sealed record SummaryColumn(string Header, Func<ModelResult, string> Cell, bool Numeric = true, string? Console = null, Func<ModelResult, bool>? Warn = null);

/// <summary>
/// The summary table every format shows, one row per model at one level: the columns are defined
/// once here, so the console, Markdown and HTML cannot drift apart.
/// </summary>
internal static class SummaryTable
{
    public static IReadOnlyList<SummaryColumn> Columns { get; } =
    [
        new("model", m => m.Label, Numeric: false, Console: "model"),
        new("sent", m => Count(m.Accounting.Sent), Console: "sent"),
        new("ok", m => Count(m.Accounting.Ok), Console: "ok", Warn: m => m.Accounting.Failed > 0),
        new("failed", m => Failed(m.Accounting), Numeric: false),
        new("throughput/s", m => Number(m.ThroughputPerSecond), Console: "req/s"),
        new("Little's law/s", m => m.LittlesLawPerSecond is { } law ? Number(law) + (m.LittlesLawDisagrees ? " (!)" : "") : "", Console: "Little/s", Warn: m => m.LittlesLawDisagrees),
        new("predicted", m => Predicted(m.Prediction), Console: "predicted", Warn: m => m.Prediction?.Flagged == true),
        new("bound by", m => m.Prediction is { } p ? p.Limit + (p.Flagged ? " (far from it)" : "") : "", Numeric: false),
        new("p50 ms", m => Number(m.Latency.P50), Console: "p50"),
        new("p99 ms", m => Number(m.Latency.P99), Console: "p99"),
        new("p99.9 ms", m => Number(m.Latency.P999)),
        new("max ms", m => Number(m.Latency.Max)),
        .. PhaseNames.All.Select(phase => new SummaryColumn(phase.Name() + " ms", m => Number(m.MeanPhases.Of(phase)), Console: phase.Name())),
        new("work %", m => Percent(m.WorkShare)),
        new("peak threads", m => Count(m.Resources.PeakThreads), Console: "threads"),
        new("peak children", m => Count(m.Resources.PeakChildProcesses), Console: "children"),
        new("peak memory MiB", m => MiB(m.Resources.PeakMemoryBytes), Console: "MiB"),
    ];

    /// <summary>"16/s" for a throughput, "748 ms" for a batch's makespan.</summary>
    public static string Predicted(Prediction? prediction) => prediction switch
    {
        null => "",
        { Quantity: PredictedQuantity.MakespanMs } p => Number(p.Predicted) + " ms",
        var p => double.IsInfinity(p.Predicted) ? "" : Number(p.Predicted) + "/s",
    };
}
