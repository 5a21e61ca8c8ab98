using Grpc.Core;
using Simul.Contracts.V1;

namespace Simul.Orchestrator.Conformance;

/// <summary>Requests that hold whatever the model gives them (a thread, a slot, the loop when its
/// waits block it) for long, sent one at a time until Describe shows each admitted; disposing
/// cancels them and waits for their calls to end.</summary>
internal sealed class HeldRequests : IAsyncDisposable
{
    private static readonly PrimeRequest Holding = new() { Below = 3, WaitMs = 30_000 };

    private readonly CancellationTokenSource _release = new();
    private readonly List<Task<Status>> _calls = [];

    private HeldRequests()
    {
    }

    /// <summary>Holds <paramref name="count"/> requests, of which those past the
    /// <paramref name="held"/> threads or slots are queued.</summary>
    public static async Task<HeldRequests> HoldAsync(ConformanceContext context, int count, int? held)
    {
        var requests = new HeldRequests();
        var before = await context.DescribeAsync();
        try
        {
            while (requests._calls.Count < count)
            {
                requests._calls.Add(ConformanceContext.StatusOf(context.Client.PrimeAsync(Holding, ConformanceContext.Within(TimeSpan.FromSeconds(60), cancellationToken: requests._release.Token))));
                var admitted = requests._calls.Count;
                var queued = held is { } slots ? Math.Max(0, admitted - slots) : 0;
                await context.WaitRunningAsync(before, admitted - queued, queued, $"{admitted} requests admitted, {admitted - queued} of them started, {queued} queued");
            }

            return requests;
        }
        catch
        {
            await requests.DisposeAsync();
            throw;
        }
    }

    /// <summary>Cancels the held requests (their threads or slots come free).</summary>
    public Task ReleaseAsync() => _release.CancelAsync();

    public async ValueTask DisposeAsync()
    {
        await _release.CancelAsync();
        await Task.WhenAll(_calls);
        _release.Dispose();
    }
}
