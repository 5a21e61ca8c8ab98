using Simul.Orchestrator.Scenario;

namespace Simul.Orchestrator.Load;

/// <summary>A stretch of an open load whose rate goes from one value to another (report.json:
/// marked on the runs' time axis, in seconds from the measured window's start).</summary>
public sealed record RateStage(double FromS, double ToS, double StartRate, double EndRate)
{
    public string Describe() => StartRate == EndRate
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{EndRate:0.#}/s")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{StartRate:0.#} to {EndRate:0.#}/s");
}

/// <summary>
/// When an open load's requests are meant to leave: at <c>rate</c> per second for
/// <c>duration_s</c>, or shaped by stages as k6's are (each ramps linearly from the rate before it
/// to its own over its <c>for_s</c>; after the last, its rate holds to the end). Request k leaves
/// when the arrivals so far, the integral of the rate, reach k.
/// </summary>
public sealed class RateSchedule
{
    private readonly List<Segment> _segments = [];

    private RateSchedule(LoadSpec load)
    {
        var (at, rate) = (0.0, load.Rate);
        foreach (var stage in load.Stages)
        {
            _segments.Add(new Segment(at, stage.ForS, rate, stage.Rate));
            (at, rate) = (at + stage.ForS, stage.Rate);
        }

        if (load.DurationS > at)
        {
            _segments.Add(new Segment(at, load.DurationS - at, rate, rate));
        }
    }

    public static RateSchedule Of(LoadSpec load) => new(load);

    /// <summary>The stages where the rate is not the load's own (ramps, spikes), in seconds from
    /// the measured window's start, as the report marks them on its time axis.</summary>
    public static IReadOnlyList<RateStage> MarkedStages(LoadSpec load)
    {
        var schedule = new RateSchedule(load);
        return [.. schedule._segments.Take(load.Stages.Count)
            .Where(s => s.StartRate != load.Rate || s.EndRate != load.Rate)
            .Select(s => new RateStage(s.FromS - load.WarmupS, s.FromS + s.Seconds - load.WarmupS, s.StartRate, s.EndRate))];
    }

    /// <summary>Seconds from the load's start at which each request is meant to leave, in order.</summary>
    public IEnumerable<double> SendTimes()
    {
        long next = 0;
        double before = 0;
        foreach (var segment in _segments)
        {
            // A hair under the segment's arrivals: 25/s for 28 s is requests 0 to 699, not a 700th at 28.0 s.
            for (; next < before + segment.Arrivals - 1e-9; next++)
            {
                yield return segment.FromS + segment.SecondsUntil(next - before);
            }

            before += segment.Arrivals;
        }
    }

    /// <summary>The arrivals meant between two moments, per second: a window's offered rate.</summary>
    public double MeanRate(double fromS, double toS) => toS > fromS ? (ArrivalsBy(toS) - ArrivalsBy(fromS)) / (toS - fromS) : 0;

    private double ArrivalsBy(double s) => _segments.Sum(segment => segment.ArrivalsWithin(Math.Clamp(s - segment.FromS, 0, segment.Seconds)));

    /// <summary>Seconds during which the rate goes linearly from one value to another.</summary>
    private sealed record Segment(double FromS, double Seconds, double StartRate, double EndRate)
    {
        public double Arrivals => ArrivalsWithin(Seconds);

        /// <summary>The integral of the rate over the segment's first <paramref name="t"/> seconds.</summary>
        public double ArrivalsWithin(double t) => (StartRate * t) + ((EndRate - StartRate) * t * t / (2 * Seconds));

        /// <summary>When the arrivals within the segment reach <paramref name="count"/>: the root of
        /// a t^2 + b t = count, written as 2 count / (b + sqrt(b^2 + 4 a count)) so that it holds
        /// for a ramp down (a &lt; 0) and a constant rate (a = 0) alike.</summary>
        public double SecondsUntil(double count)
        {
            var a = (EndRate - StartRate) / (2 * Seconds);
            var b = StartRate;
            return count == 0 ? 0 : 2 * count / (b + Math.Sqrt(Math.Max(0, (b * b) + (4 * a * count))));
        }
    }
}
