using Grpc.Core;
using Simul.Contracts.V1;

namespace Simul.Orchestrator.Conformance;

/// <summary>Overload is refused, never queued without bound; a deadline or a cancelled call stops its work.</summary>
internal static class LimitChecks
{
    /// <summary>The most long requests the overload check will hold to fill a worker.</summary>
    private const int MostToHold = 64;

    /// <summary>A request that holds whatever the model gives it (a thread, a slot, the loop when
    /// its waits block it) for long, and is cancelled once seen.</summary>
    private static readonly PrimeRequest Holding = new() { Below = 3, WaitMs = 30_000 };

    public static Check Overload { get; } = new("overload: RESOURCE_EXHAUSTED past the stated queue and in-flight limits, and serving on", async context =>
    {
        var capabilities = (await context.DescribeAsync()).Capabilities ?? throw new CheckFailedException("Describe states no capabilities");
        var (admitted, held, limit) = Admitted(capabilities);
        if (admitted > MostToHold)
        {
            return CheckResult.Skip($"it admits {admitted} ({limit}): start it with a smaller MaxInFlight or MaxQueue to check overload (conform --local does)");
        }

        using var cancel = new CancellationTokenSource();
        var holding = new List<Task<Status>>();
        try
        {
            for (var i = 1; i <= admitted; i++)
            {
                holding.Add(ConformanceContext.StatusOf(context.Client.PrimeAsync(Holding, ConformanceContext.Within(TimeSpan.FromSeconds(60), cancellationToken: cancel.Token))));
                var queued = held is { } s ? Math.Max(0, i - s) : 0;
                await context.WaitForAsync(w => w.InFlight == i && w.QueueLength == queued, $"{i} requests admitted, {queued} of them queued");
            }

            var refused = await ConformanceContext.StatusOf(context.Client.PrimeAsync(new PrimeRequest { Below = 3 }, ConformanceContext.Within(TimeSpan.FromSeconds(10))));
            Expect.That(refused.StatusCode == StatusCode.ResourceExhausted,
                $"with {admitted} admitted ({limit}) one more got {refused.StatusCode} \"{refused.Detail}\", not RESOURCE_EXHAUSTED");
            Expect.That((await context.DescribeAsync()).Rejected >= 1, "Describe counts no rejected request");
        }
        finally
        {
            await cancel.CancelAsync();
            await Task.WhenAll(holding);
        }

        await context.WaitIdleAsync("after the overload");
        var after = await context.Client.PrimeAsync(new PrimeRequest { Below = 3 }, ConformanceContext.Within(TimeSpan.FromSeconds(30)));
        Expect.That(after.Value == 2, "the worker did not serve on after the overload");
        return CheckResult.Pass($"refused past {limit}");
    });

    /// <summary>How many requests that hold what they are given the worker admits at once, by its
    /// stated capabilities: what a request holds (threads, child slots, the loop its waits block)
    /// plus the queue behind them, or the in-flight limit, whichever is less; and which binds.</summary>
    public static (int Count, int? Held, string Limit) Admitted(Capabilities capabilities)
    {
        int? held = capabilities.Limit?.Kind switch
        {
            ConcurrencyLimit.Types.Kind.Threads or ConcurrencyLimit.Types.Kind.ChildSlots when capabilities.Limit.Count > 0 => capabilities.Limit.Count,
            ConcurrencyLimit.Types.Kind.EventLoop => Math.Max(1, capabilities.Limit.Count),
            _ => null,
        };
        return held is { } slots && slots + capabilities.MaxQueue < capabilities.MaxInFlight
            ? (slots + capabilities.MaxQueue, held, $"{slots} running and a queue of {capabilities.MaxQueue}")
            : (capabilities.MaxInFlight, held, $"{capabilities.MaxInFlight} in flight");
    }

    public static Check Deadline { get; } = new("limits: DEADLINE_EXCEEDED at the deadline, and the work stops", async context =>
        await EndsEarlyAsync(context, "the deadline", StatusCode.DeadlineExceeded, cancelAfter: null));

    public static Check Cancellation { get; } = new("limits: a cancelled call stops its work", async context =>
        await EndsEarlyAsync(context, "the cancellation", StatusCode.Cancelled, cancelAfter: TimeSpan.FromMilliseconds(400)));

    /// <summary>A request of many candidates with short waits, ended after 400 ms: the worker must
    /// stop working on it (in flight back to 0, no child left) well before it would have finished.</summary>
    private static async Task<CheckResult> EndsEarlyAsync(ConformanceContext context, string what, StatusCode expected, TimeSpan? cancelAfter)
    {
        // Prime(1,000,000) tests 17 candidates down to the prime 999,983, each followed by a 200 ms
        // wait: 3.4 s of waits at least, whatever the runtime's speed.
        var request = new PrimeRequest { Below = 1_000_000, WaitMs = 200 };
        using var cancel = new CancellationTokenSource();
        if (cancelAfter is { } after)
        {
            cancel.CancelAfter(after);
        }

        var options = cancelAfter is null
            ? ConformanceContext.Within(TimeSpan.FromMilliseconds(400))
            : ConformanceContext.Within(TimeSpan.FromSeconds(60), cancellationToken: cancel.Token);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var status = await ConformanceContext.StatusOf(context.Client.PrimeAsync(request, options));
        var ended = started.ElapsedMilliseconds;
        Expect.That(status.StatusCode == expected, $"expected {expected} at {what}, got {status.StatusCode} \"{status.Detail}\"");
        await context.WaitIdleAsync($"after {what}", TimeSpan.FromSeconds(1.5));
        return CheckResult.Pass($"the call ended after {ended} ms, the worker was idle {started.ElapsedMilliseconds} ms after it began");
    }
}
