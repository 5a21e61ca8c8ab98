namespace Simul.Orchestrator.Load;

/// <summary>
/// Decides when a closed load's warm-up is over: not before the scenario's <c>warmup_s</c>, not
/// before every caller has had a reply (the first round of a long wait is not steady state), and
/// not while the completion rate still moves (a cold JIT in the worker or the load generator
/// takes seconds to reach full speed on a loaded machine: measuring before that was an artifact,
/// e.g. the first model of a no-op run at half the second's rate). Settled means two consecutive
/// half-second bins within 10% of each other; at the latest <see cref="MaxExtraUs"/> after
/// <c>warmup_s</c> the window opens anyway, and the report says the rate never settled.
/// </summary>
public sealed class SettlingWarmUp
{
    public const long BinUs = 500_000;
    public const long MaxExtraUs = 15_000_000;
    private const double Tolerance = 0.10;

    private readonly long _start;
    private readonly long _minimumEnd;
    private readonly int _callers;
    private readonly long[] _bins;
    private readonly int[] _repliesPerCaller;
    private int _callersReplied;

    public SettlingWarmUp(long startUs, long warmUpUs, int callers, long longestRunUs)
    {
        _start = startUs;
        _minimumEnd = startUs + warmUpUs;
        _callers = callers;
        _bins = new long[(longestRunUs / BinUs) + 2];
        _repliesPerCaller = new int[callers];
    }

    /// <summary>Records a reply to <paramref name="caller"/> at <paramref name="endUs"/>.</summary>
    public void Replied(int caller, long endUs)
    {
        var bin = Math.Clamp((endUs - _start) / BinUs, 0, _bins.Length - 1);
        Interlocked.Increment(ref _bins[bin]);
        if (Interlocked.Increment(ref _repliesPerCaller[caller]) == 1)
        {
            Interlocked.Increment(ref _callersReplied);
        }
    }

    /// <summary>Whether the window may open at <paramref name="nowUs"/>: (open, settled).</summary>
    public (bool Open, bool Settled) Check(long nowUs)
    {
        if (nowUs < _minimumEnd)
        {
            return (false, false);
        }

        if (nowUs >= _minimumEnd + MaxExtraUs)
        {
            return (true, false);
        }

        if (Volatile.Read(ref _callersReplied) < _callers)
        {
            return (false, false);
        }

        // The last two whole bins before now.
        var current = (nowUs - _start) / BinUs;
        if (current < 2)
        {
            return (false, false);
        }

        var last = Interlocked.Read(ref _bins[current - 1]);
        var before = Interlocked.Read(ref _bins[current - 2]);
        var settled = last > 0 && before > 0 && Math.Abs(last - before) <= Tolerance * Math.Max(last, before);
        return (settled, settled);
    }
}
