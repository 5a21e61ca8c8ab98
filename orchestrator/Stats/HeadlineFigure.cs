using Simul.Orchestrator.Report;

namespace Simul.Orchestrator.Stats;

/// <summary>A headline figure of a row: its name, how to read it (null where the row has none,
/// such as a makespan outside a batch), and how to write it. Repeated runs are summarised, and
/// two reports compared, on these.</summary>
public sealed record HeadlineFigure(string Name, Func<ModelResult, double?> Of, Func<double, string> Format);

public static class HeadlineFigures
{
    public static IReadOnlyList<HeadlineFigure> All { get; } =
    [
        new("throughput", m => m.Accounting.Sent > 0 ? m.ThroughputPerSecond : null, v => $"{ReportFormat.Number(v)}/s"),
        new("p50", m => m.Accounting.Ok > 0 ? m.Latency.P50 : null, v => $"{ReportFormat.Number(v)} ms"),
        new("p99", m => m.Accounting.Ok > 0 ? m.Latency.P99 : null, v => $"{ReportFormat.Number(v)} ms"),
        new("makespan", m => m.Batch?.MakespanMs, v => $"{ReportFormat.Number(v)} ms"),
        new("story ratio", m => m.Story?.Ratio, v => $"{ReportFormat.Number(v)}x"),
        new("memory per request", m => m.Resources.MemoryPerInFlight, ReportFormat.Bytes),
        new("of prediction", m => m.Prediction is { Predicted: > 0 } p ? p.Measured / p.Predicted : null, v => $"{ReportFormat.Percent(v)}%"),
    ];
}
