using System.Globalization;
using Simul.Orchestrator.Report;

namespace Simul.Orchestrator.Thresholds;

/// <summary>The figures of a model's row a threshold can hold to a limit.</summary>
public enum ThresholdFigure
{
    Throughput,
    P50,
    P90,
    P99,
    P999,
    Max,
    ErrorRate,
    Makespan,
}

/// <summary>Each figure's name in an expression, its unit, where it is read from a result, and
/// which prediction (if any) it can be compared with.</summary>
public static class ThresholdFigures
{
    public static IReadOnlyDictionary<string, ThresholdFigure> ByName { get; } = new Dictionary<string, ThresholdFigure>(StringComparer.Ordinal)
    {
        ["throughput"] = ThresholdFigure.Throughput,
        ["p50"] = ThresholdFigure.P50,
        ["p90"] = ThresholdFigure.P90,
        ["p99"] = ThresholdFigure.P99,
        ["p999"] = ThresholdFigure.P999,
        ["max"] = ThresholdFigure.Max,
        ["error_rate"] = ThresholdFigure.ErrorRate,
        ["makespan"] = ThresholdFigure.Makespan,
    };

    /// <summary>A latency or a makespan, in milliseconds (ms or s in an expression).</summary>
    public static bool IsTime(this ThresholdFigure figure) => figure is not (ThresholdFigure.Throughput or ThresholdFigure.ErrorRate);

    /// <summary>The figure of one model's row; null where the row has none (a makespan outside a
    /// batch, latency percentiles when no call was answered).</summary>
    public static double? Of(this ThresholdFigure figure, ModelResult model) => figure switch
    {
        ThresholdFigure.Throughput => model.ThroughputPerSecond,
        ThresholdFigure.ErrorRate => model.Accounting.Sent > 0 ? (double)model.Accounting.Failed / model.Accounting.Sent : null,
        ThresholdFigure.Makespan => model.Batch?.MakespanMs,
        _ when model.Accounting.Ok == 0 => null,
        ThresholdFigure.P50 => model.Latency.P50,
        ThresholdFigure.P90 => model.Latency.P90,
        ThresholdFigure.P99 => model.Latency.P99,
        ThresholdFigure.P999 => model.Latency.P999,
        _ => model.Latency.Max,
    };

    /// <summary>What queueing predicted for this figure of the row, when it predicted this quantity.</summary>
    public static double? Predicted(this ThresholdFigure figure, ModelResult model) => (figure, model.Prediction) switch
    {
        (ThresholdFigure.Throughput, { Quantity: PredictedQuantity.ThroughputPerSecond } p) => p.Predicted,
        (ThresholdFigure.Makespan, { Quantity: PredictedQuantity.MakespanMs } p) => p.Predicted,
        _ => null,
    };

    public static string Format(this ThresholdFigure figure, double value) => figure switch
    {
        ThresholdFigure.Throughput => value.ToString(value >= 100 ? "N0" : "0.##", CultureInfo.InvariantCulture) + "/s",
        ThresholdFigure.ErrorRate => value.ToString("0.###%", CultureInfo.InvariantCulture),
        _ => value.ToString(value >= 100 ? "N0" : "0.##", CultureInfo.InvariantCulture) + " ms",
    };
}
