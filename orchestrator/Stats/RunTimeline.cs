using Simul.Orchestrator.Load;
using Simul.Orchestrator.Running;

namespace Simul.Orchestrator.Stats;

/// <summary>
/// One bin of a run over time, <see cref="FromS"/> seconds from the start of the measured window
/// (negative in the warm-up): the calls that ended in it, OK and failed by status, and the OK
/// ones' latency; and the worker as Describe saw it then (the most in the bin; the last seen
/// before it when no sample fell in it): in flight, queued, threads, child processes, memory.
/// </summary>
public sealed record TimelineBin(
    double FromS,
    int Ok,
    IReadOnlyDictionary<string, int> Failed,
    double? P50Ms,
    double? P99Ms,
    double? MaxMs,
    int InFlight,
    int Queued,
    int Threads,
    int Children,
    long MemoryBytes)
{
    public int FailedCount => Failed.Values.Sum();
}

/// <summary>A run over time: the width of its bins and the bins, from the first call's end to the last's.</summary>
public sealed record RunTimeline(double BinSeconds, IReadOnlyList<TimelineBin> Bins)
{
    /// <summary>Bins of a second, or finer for a short run, so even a few seconds have a shape.</summary>
    public static double BinSecondsFor(double spanSeconds) => spanSeconds >= 30 ? 1 : spanSeconds >= 8 ? 0.5 : 0.25;

    public static RunTimeline Of(LoadResult load, IReadOnlyList<UsageSample> samples)
    {
        if (load.Calls.Count == 0)
        {
            return new RunTimeline(1, []);
        }

        var origin = load.WindowStartUs;
        var firstUs = load.Calls.Min(c => c.EndUs);
        var lastUs = load.Calls.Max(c => c.EndUs);
        var width = BinSecondsFor((lastUs - firstUs) / 1e6);
        var widthUs = (long)(width * 1e6);
        long BinOf(long us) => (long)Math.Floor((us - origin) / (double)widthUs);
        var calls = load.Calls.ToLookup(c => BinOf(c.EndUs));
        var states = samples.ToLookup(s => BinOf(s.AtUs));
        var bins = new List<TimelineBin>();
        var last = WorkerState.Idle;
        for (var bin = BinOf(firstUs); bin <= BinOf(lastUs); bin++)
        {
            var ended = calls[bin].ToList();
            var ok = ended.Where(c => c.Outcome.IsOk).Select(c => c.LatencyMs).Order().ToList();
            var seen = states[bin].Select(s => s.State).ToList();
            var state = seen.Count == 0 ? last : new WorkerState(seen.Max(s => s.InFlight), seen.Max(s => s.Queued), seen.Max(s => s.Threads), seen.Max(s => s.Children), seen.Max(s => s.MemoryBytes));
            last = seen.Count == 0 ? last : seen[^1];
            bins.Add(new TimelineBin(
                bin * width,
                ok.Count,
                ended.Where(c => !c.Outcome.IsOk).GroupBy(c => c.Outcome.Status).ToDictionary(g => g.Key, g => g.Count()),
                ok.Count > 0 ? Percentiles.Of(ok, 50) : null,
                ok.Count > 0 ? Percentiles.Of(ok, 99) : null,
                ok.Count > 0 ? ok[^1] : null,
                state.InFlight,
                state.Queued,
                state.Threads,
                state.Children,
                state.MemoryBytes));
        }

        return new RunTimeline(width, bins);
    }
}
