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

        // Rounded first: 99.9 / 100 * 1000 is 999.0000000000001 in floating point, and rank 999 is meant.
        var rank = (int)Math.Ceiling(Math.Round(percentile / 100 * sorted.Count, 9));
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
