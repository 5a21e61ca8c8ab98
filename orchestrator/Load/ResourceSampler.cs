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
    double SlotSeconds = 0)
{
    public static ResourceSample None { get; } = new(0, 0, 0, 0, 0, 0);
}

/// <summary>Polls Describe while a load runs. A worker that stops answering keeps its last values.</summary>
public sealed class ResourceSampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private readonly WorkerConnection _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly WorkerInfo? _before;
    private readonly Task _polling;
    private int _peakThreads;
    private int _peakChildren;
    private long _peakMemory;
    private int _peakInFlight;
    private long _spawned;
    private double _cpuSeconds;
    private double _slotSeconds;

    private ResourceSampler(WorkerConnection client, WorkerInfo? before)
    {
        _client = client;
        _before = before;
        _polling = PollAsync();
    }

    public static async Task<ResourceSampler> StartAsync(WorkerConnection client) =>
        new(client, await TryDescribeAsync(client, CancellationToken.None));

    /// <summary>Stops polling and returns the peaks (one last Describe included).</summary>
    public async Task<ResourceSample> StopAsync()
    {
        await _stop.CancelAsync();
        await _polling;
        Observe(await TryDescribeAsync(_client, CancellationToken.None));
        return new ResourceSample(_peakThreads, _peakChildren, _peakMemory, _before is null ? 0 : Memory(_before), _peakInFlight,
            _spawned - (_before?.Spawned ?? 0), _before is null ? 0 : Math.Max(0, _cpuSeconds - _before.CpuSeconds), _before?.Settings,
            _before is null ? 0 : Math.Max(0, _slotSeconds - _before.SlotSeconds));
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
            Observe(await TryDescribeAsync(_client, _stop.Token));
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

    private void Observe(WorkerInfo? info)
    {
        if (info is null)
        {
            return;
        }

        _peakThreads = Math.Max(_peakThreads, info.Threads);
        _peakChildren = Math.Max(_peakChildren, info.ChildProcesses);
        _peakMemory = Math.Max(_peakMemory, Memory(info));
        _peakInFlight = Math.Max(_peakInFlight, info.InFlight);
        _spawned = Math.Max(_spawned, info.Spawned);
        _cpuSeconds = Math.Max(_cpuSeconds, info.CpuSeconds);
        _slotSeconds = Math.Max(_slotSeconds, info.SlotSeconds);
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
