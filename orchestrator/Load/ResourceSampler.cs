using System.Diagnostics;
using Grpc.Core;
using Simul.Contracts.V1;
using Simul.Orchestrator.Targets;

namespace Simul.Orchestrator.Load;

/// <summary>What the worker looked like during one run: peaks of threads, children, memory and
/// requests in flight, sampled with Describe, and what it was before.</summary>
public sealed record ResourceSample(int PeakThreads, int PeakChildren, long PeakRssBytes, long BaselineRssBytes, int PeakInFlight, long Spawned);

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
    private long _peakRss;
    private int _peakInFlight;
    private long _spawned;

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
        return new ResourceSample(_peakThreads, _peakChildren, _peakRss, _before?.RssBytes ?? 0, _peakInFlight, _spawned - (_before?.Spawned ?? 0));
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
        // The process model's memory is the worker's and its children's together.
        _peakRss = Math.Max(_peakRss, info.RssBytes + info.ChildrenRssBytes);
        _peakInFlight = Math.Max(_peakInFlight, info.InFlight);
        _spawned = Math.Max(_spawned, info.Spawned);
    }

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
