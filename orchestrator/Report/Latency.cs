namespace Simul.Orchestrator.Report;

/// <summary>Latency percentiles of the OK calls, exact from every measured sample, and the
/// distribution as (percentile, milliseconds) points for charts.</summary>
public sealed record Latency(double P50, double P90, double P99, double P999, double Max, double Mean, IReadOnlyList<PercentilePoint> Distribution);

/// <summary>The failed calls' own latency (fast refusals would otherwise pull the percentiles down).</summary>
public sealed record FailureLatency(long Count, double P50, double Max);

public sealed record PercentilePoint(double Percentile, double Milliseconds);

public sealed record CallSummary(double LatencyMs, string Status, Phases Phases, string? TraceId, int Pid);
