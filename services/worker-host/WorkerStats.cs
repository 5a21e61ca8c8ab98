using Microsoft.Extensions.Options;

namespace Simul.WorkerHost;

/// <summary>Live counters of one worker, and the peaks of its threads, children and memory,
/// sampled in the background so a short burst between two Describe calls is not missed.</summary>
public sealed class WorkerStats : IDisposable
{
    private readonly IConcurrencyModel _model;
    private readonly CountingLimit _inFlight;
    private readonly Lock _peaksLock = new();
    private readonly Timer _sampler;
    private long _completed;
    private long _rejected;
    private int _peakThreads;
    private int _peakChildren;
    private long _peakRss;

    public WorkerStats(IConcurrencyModel model, IOptions<WorkerSettings> settings)
    {
        _model = model;
        _inFlight = new CountingLimit(settings.Value.MaxInFlight);
        // Last: the timer's first tick may run before this constructor returns.
        _sampler = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(50));
    }

    public int InFlight => _inFlight.Count;

    public long Completed => Interlocked.Read(ref _completed);

    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>The most requests admitted at once (<see cref="WorkerSettings.MaxInFlight"/>).</summary>
    public int MaxInFlight => _inFlight.Limit;

    /// <summary>Admits a request if fewer than <see cref="MaxInFlight"/> are in flight.</summary>
    public bool TryEnter() => _inFlight.TryEnter();

    public void Exit(bool completed)
    {
        _inFlight.Exit();
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
