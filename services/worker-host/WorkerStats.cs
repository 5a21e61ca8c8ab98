namespace Simul.WorkerHost;

/// <summary>Live counters of one worker, and the peaks of its threads, children and memory,
/// sampled in the background so a short burst between two Describe calls is not missed.</summary>
public sealed class WorkerStats : IDisposable
{
    private readonly IConcurrencyModel _model;
    private readonly Lock _peaksLock = new();
    private readonly Timer _sampler;
    private int _inFlight;
    private long _completed;
    private long _rejected;
    private int _peakThreads;
    private int _peakChildren;
    private long _peakRss;

    public WorkerStats(IConcurrencyModel model)
    {
        _model = model;
        // Last: the timer's first tick may run before this constructor returns.
        _sampler = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(50));
    }

    public int InFlight => Volatile.Read(ref _inFlight);

    public long Completed => Interlocked.Read(ref _completed);

    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Admits a request if fewer than <paramref name="maxInFlight"/> are in flight.</summary>
    public bool TryEnter(int maxInFlight)
    {
        if (Interlocked.Increment(ref _inFlight) <= maxInFlight)
        {
            return true;
        }

        Interlocked.Decrement(ref _inFlight);
        return false;
    }

    public void Exit(bool completed)
    {
        Interlocked.Decrement(ref _inFlight);
        if (completed)
        {
            Interlocked.Increment(ref _completed);
        }
    }

    public void CountRejected() => Interlocked.Increment(ref _rejected);

    /// <summary>Reads the process now, updates the peaks, and returns the current values.</summary>
    public (int Threads, long RssBytes, int Children) Sample()
    {
        var (threads, rss) = ProcessStats.Read();
        var children = _model.ChildProcesses;
        lock (_peaksLock)
        {
            _peakThreads = Math.Max(_peakThreads, threads);
            _peakRss = Math.Max(_peakRss, rss);
            _peakChildren = Math.Max(_peakChildren, children);
        }

        return (threads, rss, children);
    }

    public (int Threads, long RssBytes, int Children) Peaks()
    {
        lock (_peaksLock)
        {
            return (_peakThreads, _peakRss, _peakChildren);
        }
    }

    public void Dispose() => _sampler.Dispose();
}
