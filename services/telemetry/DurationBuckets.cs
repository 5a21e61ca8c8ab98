namespace Simul.Telemetry;

/// <summary>The histogram buckets of every request duration Simul records, the workers' and the
/// load generator's alike, so a dashboard can set the two side by side bucket for bucket.</summary>
public static class DurationBuckets
{
    /// <summary>Seconds, from a millisecond to a minute: the default buckets are made for milliseconds.</summary>
    public static IReadOnlyList<double> Seconds { get; } = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
}
