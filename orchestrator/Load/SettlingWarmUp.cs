namespace Simul.Orchestrator.Load;

/// <summary>
/// Decides when a closed load's warm-up is over: not before the scenario's <c>warmup_s</c>, not
/// before every caller has had a reply (the first round of a long wait is not steady state), and
/// not while the completion rate still moves (a cold JIT in the worker or the load generator
/// takes seconds to reach full speed on a loaded machine: measuring before that was an artifact,
/// e.g. the first model of a no-op run at half the second's rate). Settled means the replies in
/// the last two windows of one mean latency (at least half a second) agree within 10%, or within
/// counting noise (two standard deviations, for a few replies per window), and the worker and
/// the load generator have all but stopped compiling (JIT time under 1% of the last window: a
/// fresh worker's background tier-up takes seconds of CPU, seen 2.8 s over its first 10 s, and
/// takes a core from the work while the rate, bound elsewhere, may look settled); at the latest
/// <see cref="MaxExtraUs"/> (or three mean latencies, if longer) after <c>warmup_s</c> the window
/// opens anyway, and the report says the rate never settled.
/// </summary>
public sealed class SettlingWarmUp
{
    public const long MaxExtraUs = 15_000_000;
    private const long BinUs = 50_000;
    private const long MinWindowUs = 500_000;
    private const double Tolerance = 0.10;
    private const double JitQuietShare = 0.01;

    private readonly long _start;
    private readonly long _minimumEnd;
    private readonly int _callers;
    private readonly long[] _bins;
    private readonly int[] _repliesPerCaller;
    private int _callersReplied;
    private long _replies;
    private long _latencySumUs;
    private readonly List<(long AtUs, double JitSeconds)> _jit = [];

    public SettlingWarmUp(long startUs, long warmUpUs, int callers, long longestRunUs)
    {
        _start = startUs;
        _minimumEnd = startUs + warmUpUs;
        _callers = callers;
        _bins = new long[(longestRunUs / BinUs) + 2];
        _repliesPerCaller = new int[callers];
    }

    /// <summary>The mean latency of the replies so far, in microseconds.</summary>
    public long MeanLatencyUs => Interlocked.Read(ref _replies) is > 0 and var n ? Interlocked.Read(ref _latencySumUs) / n : 0;

    /// <summary>Records a reply to <paramref name="caller"/> at <paramref name="endUs"/>, <paramref name="latencyUs"/> after its send.</summary>
    public void Replied(int caller, long endUs, long latencyUs)
    {
        Interlocked.Increment(ref _bins[Math.Clamp((endUs - _start) / BinUs, 0, _bins.Length - 1)]);
        Interlocked.Increment(ref _replies);
        Interlocked.Add(ref _latencySumUs, latencyUs);
        if (Interlocked.Increment(ref _repliesPerCaller[caller]) == 1)
        {
            Interlocked.Increment(ref _callersReplied);
        }
    }

    /// <summary>Whether the window may open at <paramref name="nowUs"/>, given the seconds spent
    /// compiling so far (<paramref name="jitSeconds"/>, worker and load generator): (open, settled).</summary>
    public (bool Open, bool Settled) Check(long nowUs, double jitSeconds = 0)
    {
        _jit.Add((nowUs, jitSeconds));
        if (nowUs < _minimumEnd)
        {
            return (false, false);
        }

        var replies = Interlocked.Read(ref _replies);
        var meanLatencyUs = MeanLatencyUs;
        if (nowUs >= _minimumEnd + Math.Max(MaxExtraUs, 3 * meanLatencyUs))
        {
            return (true, false);
        }

        if (Volatile.Read(ref _callersReplied) < _callers || replies == 0)
        {
            return (false, false);
        }

        // Two windows of one mean latency, in whole bins, ending at the last whole bin.
        var windowBins = Math.Max(MinWindowUs, meanLatencyUs) / BinUs;
        var end = (nowUs - _start) / BinUs;
        if (end < 2 * windowBins)
        {
            return (false, false);
        }

        var last = Sum(end - windowBins, end);
        var before = Sum(end - (2 * windowBins), end - windowBins);
        var larger = Math.Max(last, before);
        var settled = last > 0 && before > 0 && Math.Abs(last - before) <= Math.Max(Tolerance * larger, 2 * Math.Sqrt(larger))
            && !Compiling(nowUs, windowBins * BinUs);
        return (settled, settled);
    }

    /// <summary>Whether more than <see cref="JitQuietShare"/> of the last window went to compiling.</summary>
    private bool Compiling(long nowUs, long windowUs)
    {
        var from = _jit.FindLastIndex(j => j.AtUs <= nowUs - windowUs);
        return from >= 0 && _jit[^1].JitSeconds - _jit[from].JitSeconds > JitQuietShare * windowUs / 1e6;
    }

    private long Sum(long fromBin, long toBin)
    {
        long sum = 0;
        // Bins past the buffer (a warm-up stretched by very long latencies) hold nothing yet.
        for (var bin = fromBin; bin < Math.Min(toBin, _bins.Length); bin++)
        {
            sum += Interlocked.Read(ref _bins[bin]);
        }

        return sum;
    }
}
