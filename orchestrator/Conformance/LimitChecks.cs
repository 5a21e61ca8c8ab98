using Grpc.Core;
using Simul.Contracts.V1;

namespace Simul.Orchestrator.Conformance;

/// <summary>Overload is refused, never queued without bound; a request dead in the queue never starts;
/// a deadline or a cancelled call stops its work.</summary>
internal static class LimitChecks
{
    /// <summary>The most long requests the overload check will hold to fill a worker.</summary>
    private const int MostToHold = 64;

    /// <summary>How long a request dead in the queue is given: long enough to reach the queue.</summary>
    private static readonly TimeSpan DeadInQueue = TimeSpan.FromMilliseconds(300);

    public static Check Overload { get; } = new("overload: RESOURCE_EXHAUSTED past the stated queue and in-flight limits, and serving on", async context =>
    {
        var capabilities = (await context.DescribeAsync()).Capabilities ?? throw new CheckFailedException("Describe states no capabilities");
        var (admitted, held, limit) = Admitted(capabilities);
        if (admitted > MostToHold)
        {
            return CheckResult.Skip($"it admits {admitted} ({limit}): start it with a smaller MaxInFlight or MaxQueue to check overload (conform --local does)");
        }

        await using (await HeldRequests.HoldAsync(context, admitted, held))
        {
            var refused = await ConformanceContext.StatusOf(context.Client.PrimeAsync(new PrimeRequest { Below = 3 }, ConformanceContext.Within(TimeSpan.FromSeconds(10))));
            Expect.That(refused.StatusCode == StatusCode.ResourceExhausted,
                $"with {admitted} admitted ({limit}) one more got {refused.StatusCode} \"{refused.Detail}\", not RESOURCE_EXHAUSTED");
            Expect.That((await context.DescribeAsync()).Rejected >= 1, "Describe counts no rejected request");
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

    public static Check ExpiredInQueue { get; } = new("queue: a request whose deadline passes in the queue never starts, is counted, and frees its place", async context =>
    {
        var before = await context.DescribeAsync();
        var capabilities = before.Capabilities ?? throw new CheckFailedException("Describe states no capabilities");
        var (_, held, _) = Admitted(capabilities);
        if (held is not { } slots || capabilities.MaxQueue < 1)
        {
            return await StartedIsNotExpiredAsync(context, before);
        }

        if (slots + 2 > Math.Min(MostToHold, capabilities.MaxInFlight))
        {
            return CheckResult.Skip($"it runs {slots} at once: start it with fewer threads or slots to check the queue (conform --local does)");
        }

        await using var running = await HeldRequests.HoldAsync(context, slots, slots);

        // Two in turn: each leaves the queue once its deadline has passed, so the second finds it
        // free (with MaxQueue 1 it would be refused if the first still held its place), and
        // requests dead in the queue do not fill it. The caller sees the deadline by its own
        // clock, the worker by its own, a moment apart on a busy machine: wait for the worker's.
        const int Dead = 2;
        for (var i = 1; i <= Dead; i++)
        {
            var dead = await ConformanceContext.StatusOf(context.Client.PrimeAsync(new PrimeRequest { Below = 3 }, ConformanceContext.Within(DeadInQueue)));
            Expect.That(dead.StatusCode == StatusCode.DeadlineExceeded, $"a request queued behind {slots} running got {dead.StatusCode} \"{dead.Detail}\", not DEADLINE_EXCEEDED at its deadline");
            await context.WaitForAsync(w => w.QueueLength == 0, $"expired request {i} leaving the queue", TimeSpan.FromSeconds(2));
        }

        var expired = await context.WaitForAsync(w => w.InFlight == slots && w.QueueLength == 0,
            $"the expired requests leaving the queue and ending while {slots} still run", TimeSpan.FromSeconds(2));
        Expect.That(expired.ExpiredInQueue - before.ExpiredInQueue == Dead, $"Describe counts {expired.ExpiredInQueue - before.ExpiredInQueue} requests expired in the queue, not {Dead}");

        // A live request behind them runs once a slot frees, and only it: the dead never start.
        var live = context.Client.PrimeAsync(new PrimeRequest { Below = 3 }, ConformanceContext.Within(TimeSpan.FromSeconds(30)));
        await context.WaitForAsync(w => w.QueueLength == 1, "a live request queued behind the running ones");
        await running.ReleaseAsync();
        Expect.That((await live).Value == 2, "the live request queued after the expired ones did not answer 2");
        var after = await context.WaitIdleAsync("after the expired requests");
        Expect.That(after.Completed - before.Completed == 1, $"{after.Completed - before.Completed} requests completed where only the live one should");
        Expect.That(after.Spawned - before.Spawned <= slots + 1, $"{after.Spawned - before.Spawned} children started for {slots} running and one live request: an expired one spawned");
        return CheckResult.Pass($"{Dead} expired in the queue behind {slots} running, counted, none started");
    });

    /// <summary>Where nothing waits to start (a request holds nothing the model has only so many
    /// of), a request cut at its deadline in the middle of its wait had started: it is no expiry.</summary>
    private static async Task<CheckResult> StartedIsNotExpiredAsync(ConformanceContext context, WorkerInfo before)
    {
        var cut = await ConformanceContext.StatusOf(context.Client.PrimeAsync(new PrimeRequest { Below = 3, WaitMs = 5_000 }, ConformanceContext.Within(DeadInQueue)));
        Expect.That(cut.StatusCode == StatusCode.DeadlineExceeded, $"a request waiting past its deadline got {cut.StatusCode} \"{cut.Detail}\", not DEADLINE_EXCEEDED");
        var after = await context.WaitIdleAsync("after a request cut at its deadline");
        Expect.That(after.ExpiredInQueue == before.ExpiredInQueue, $"Describe counts {after.ExpiredInQueue - before.ExpiredInQueue} expired in the queue, where the request started at once and was cut in its wait");
        return CheckResult.Pass("nothing waits to start here; a request cut in its wait is not counted as expired in the queue");
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
