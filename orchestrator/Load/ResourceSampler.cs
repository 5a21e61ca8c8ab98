using System.Diagnostics;
using Grpc.Core;
using Simul.Contracts.V1;
using Simul.Orchestrator.Targets;

namespace Simul.Orchestrator.Load;

/// <summary>What the worker looked like during one run: peaks of threads, children, memory (the
/// worker's RSS and its children's PSS) and requests in flight, sampled with Describe; its memory
/// before; the CPU it used (children's included); and what it said of itself before the run.</summary>
public sealed record ResourceSample(
    int PeakThreads,
    int PeakChildren,
    long PeakMemoryBytes,
    long BaselineMemoryBytes,
    int PeakInFlight,
    long Spawned,
    double CpuSeconds = 0,
    IReadOnlyDictionary<string, string>? Settings = null,
    double SlotSeconds = 0,
    double SampledSeconds = 0,
    IReadOnlyList<CpuSample>? CpuTimeline = null)
{
    public static ResourceSample None { get; } = new(0, 0, 0, 0, 0, 0);
}

/// <summary>CPU seconds used so far, at a moment on the load's clock: the worker's (its replicas'
/// and reaped children's together) and this orchestrator's own.</summary>
public sealed record CpuSample(long AtUs, double WorkerSeconds, double GeneratorSeconds);

/// <summary>
/// Polls Describe while a load runs, every replica of the target (and sums them: a model on two
/// replicas uses both one's threads and the other's). A worker that stops answering keeps its
/// last values.
/// </summary>
public sealed class ResourceSampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private readonly IReadOnlyList<WorkerConnection> _replicas;
    private readonly CancellationTokenSource _stop = new();
    private readonly WorkerInfo?[] _before;
    private readonly WorkerInfo?[] _latest;
    private readonly System.Diagnostics.Stopwatch _sampling = System.Diagnostics.Stopwatch.StartNew();
    private readonly Task _polling;
    private int _peakThreads;
    private int _peakChildren;
    private long _peakMemory;
    private int _peakInFlight;
    private readonly List<CpuSample> _cpu = [];

    private ResourceSampler(IReadOnlyList<WorkerConnection> replicas, WorkerInfo?[] before)
    {
        _replicas = replicas;
        _before = before;
        _latest = [.. before];
        _polling = PollAsync();
    }

    public static Task<ResourceSampler> StartAsync(WorkerConnection worker) => StartAsync([worker]);

    public static async Task<ResourceSampler> StartAsync(IReadOnlyList<WorkerConnection> replicas) =>
        new(replicas, await Task.WhenAll(replicas.Select(r => TryDescribeAsync(r, CancellationToken.None))));

    /// <summary>Stops polling and returns the peaks (one last Describe included).</summary>
    public async Task<ResourceSample> StopAsync()
    {
        await _stop.CancelAsync();
        await _polling;
        await ObserveAllAsync(CancellationToken.None);
        var first = _before.FirstOrDefault(b => b is not null);
        IReadOnlyDictionary<string, string>? settings = first is null ? null : _replicas.Count == 1
            ? first.Settings
            : new Dictionary<string, string>(first.Settings) { ["replicas"] = _replicas.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        double Delta(Func<WorkerInfo, double> of) => _latest.Zip(_before).Sum(p => p.First is null || p.Second is null ? 0 : Math.Max(0, of(p.First) - of(p.Second)));
        return new ResourceSample(_peakThreads, _peakChildren, _peakMemory, _before.Sum(b => b is null ? 0 : Memory(b)), _peakInFlight,
            (long)Delta(i => i.Spawned), Delta(i => i.CpuSeconds), settings, Delta(i => i.SlotSeconds), _sampling.Elapsed.TotalSeconds, [.. _cpu]);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _polling;
        _stop.Dispose();
    }

    private async Task PollAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            await ObserveAllAsync(_stop.Token);
            try
            {
                await Task.Delay(Interval, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Describes every replica at once, and keeps the peaks of their sums.</summary>
    private async Task ObserveAllAsync(CancellationToken cancellationToken)
    {
        var infos = await Task.WhenAll(_replicas.Select(r => TryDescribeAsync(r, cancellationToken)));
        for (var i = 0; i < infos.Length; i++)
        {
            _latest[i] = infos[i] ?? _latest[i];
        }

        var known = _latest.OfType<WorkerInfo>().ToList();
        if (known.Count == _replicas.Count)
        {
            _cpu.Add(new CpuSample(SystemClock.Instance.NowUs, known.Sum(i => i.CpuSeconds), Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds));
        }

        _peakThreads = Math.Max(_peakThreads, known.Sum(i => i.Threads));
        _peakChildren = Math.Max(_peakChildren, known.Sum(i => i.ChildProcesses));
        _peakMemory = Math.Max(_peakMemory, known.Sum(Memory));
        _peakInFlight = Math.Max(_peakInFlight, known.Sum(i => i.InFlight));
    }

    /// <summary>The process model's memory is the worker's and its children's together; the
    /// children's as PSS, so pages they share (the same program) are counted once, not per child.</summary>
    private static long Memory(WorkerInfo info) => info.RssBytes + info.ChildrenPssBytes;

    private static async Task<WorkerInfo?> TryDescribeAsync(WorkerConnection client, CancellationToken cancellationToken)
    {
        // Not a request: no trace (the workers leave Describe out of theirs too).
        Activity.Current = null;
        try
        {
            return await client.DescribeAsync(new CallOptions(deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: cancellationToken));
        }
        catch (RpcException)
        {
            return null;
        }
    }
}
