namespace Simul.Orchestrator.Stats;

/// <summary>Exact percentiles from every sample (nearest rank), no histogram approximation.</summary>
public static class Percentiles
{
    /// <summary>The smallest sample with at least <paramref name="percentile"/>% of samples at or below it.</summary>
    public static double Of(IReadOnlyList<double> sorted, double percentile)
    {
        if (sorted.Count == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
