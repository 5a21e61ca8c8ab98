using Simul.Orchestrator.Report;

namespace Simul.Orchestrator.Stats;

/// <summary>One headline figure over a row's repeated runs. Its width is (max - min) / median: a
/// figure wider than <see cref="WideShare"/> is not one a single run can be trusted for.</summary>
public sealed record FigureSpread(string Figure, double Median, double Min, double Max)
{
    public const double WideShare = 0.10;

    public double Width => Median != 0 ? (Max - Min) / Math.Abs(Median) : 0;

    public bool Wide => Width > WideShare;

    /// <summary>Whether two spreads share a value: their difference is then within the noise.</summary>
    public bool Overlaps(FigureSpread other) => Min <= other.Max && other.Min <= Max;
}

/// <summary>A row run <see cref="Count"/> times, each on fresh workers: every run as measured
/// (<see cref="Runs"/>, in order), the spread of each headline figure every run has, and which
/// run the row shows (<see cref="Shown"/>, the one nearest the median of its main figure).</summary>
public sealed record Repeats(int Count, int Shown, IReadOnlyList<FigureSpread> Spreads, IReadOnlyList<ModelResult> Runs);

public static class Repetitions
{
    /// <summary>The row of a model run several times at one level: the run nearest the median of
    /// its main figure (a batch's makespan, else throughput), carrying every run and the spreads.
    /// One run is its own row.</summary>
    public static ModelResult Combine(IReadOnlyList<ModelResult> runs)
    {
        if (runs.Count == 1)
        {
            return runs[0];
        }

        var spreads = HeadlineFigures.All
            .Select(figure => (figure.Name, Values: runs.Select(figure.Of).OfType<double>().ToList()))
            .Where(f => f.Values.Count == runs.Count)
            .Select(f => new FigureSpread(f.Name, Median(f.Values), f.Values.Min(), f.Values.Max()))
            .ToList();
        Func<ModelResult, double> main = runs[0].Batch is null ? m => m.ThroughputPerSecond : m => m.Batch?.MakespanMs ?? 0;
        var median = Median([.. runs.Select(main)]);
        var shown = runs.Select((run, index) => (Distance: Math.Abs(main(run) - median), Index: index)).Min().Index;
        return runs[shown] with { Repeats = new Repeats(runs.Count, shown, spreads, runs) };
    }

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
