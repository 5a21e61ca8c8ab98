using Simul.Orchestrator.Report;

namespace Simul.Orchestrator.Compare;

/// <summary>A headline figure two reports are compared on: its name, how to read it from a row,
/// and how to write it.</summary>
public sealed record ComparedFigure(string Name, Func<ModelResult, double?> Of, Func<double, string> Format);

public static class ComparedFigures
{
    public static IReadOnlyList<ComparedFigure> All { get; } =
    [
        new("throughput", m => m.ThroughputPerSecond, v => $"{ReportFormat.Number(v)}/s"),
        new("p50", m => m.Accounting.Ok > 0 ? m.Latency.P50 : null, v => $"{ReportFormat.Number(v)} ms"),
        new("p99", m => m.Accounting.Ok > 0 ? m.Latency.P99 : null, v => $"{ReportFormat.Number(v)} ms"),
        new("makespan", m => m.Batch?.MakespanMs, v => $"{ReportFormat.Number(v)} ms"),
        new("memory per request", m => m.Resources.MemoryPerInFlight, ReportFormat.Bytes),
        new("of prediction", m => m.Prediction is { Predicted: > 0 } p ? p.Measured / p.Predicted : null, v => $"{ReportFormat.Percent(v)}%"),
    ];
}
