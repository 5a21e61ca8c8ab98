using Simul.Orchestrator.Scenario;

namespace Simul.Orchestrator.Load;

/// <summary>
/// Closed load: <c>concurrency</c> callers, each sending its next request as soon as its last one
/// returns. With <c>count</c>, until that many were sent (calls sent after <c>warmup_s</c> are
/// measured, the window is the first measured send to the last reply). Otherwise for
/// <c>duration_s</c>: the callers start spread over one request time (or half the warm-up), so
/// their sends do not come in rounds; the warm-up lasts until the rate has settled
/// (<see cref="SettlingWarmUp"/>); then a window of <c>duration_s - warmup_s</c> seconds (at
/// least three mean request times, a whole number of them) measures the calls that end in it. Throughput counts completions in the window, so it agrees with
/// Little's law (callers / mean latency). The run waits for every call it sent.
/// </summary>
public static class ClosedLoad
{
    private const long CheckEveryUs = 100_000;

    /// <param name="jitSeconds">Seconds the worker and the load generator have spent compiling so
    /// far: the warm-up lasts until they stop (null: not known, not waited for).</param>
    public static Task<LoadResult> RunAsync(IReadOnlyList<PlannedRequest> requests, LoadSpec load, SendCall send, IClock clock, CancellationToken cancellationToken,
        Func<double>? jitSeconds = null) =>
        load.Count is { } count
            ? RunCountAsync(requests, load, count, send, clock, cancellationToken)
            : RunForDurationAsync(requests, load, send, clock, jitSeconds ?? (() => 0), cancellationToken);

    private static async Task<LoadResult> RunForDurationAsync(IReadOnlyList<PlannedRequest> requests, LoadSpec load, SendCall send, IClock clock, Func<double> jitSeconds,
        CancellationToken cancellationToken)
    {
        var start = clock.NowUs;
        var warmUpUs = (long)(load.WarmupS * 1e6);
        var windowUs = (long)((load.DurationS - load.WarmupS) * 1e6);
        var longestUs = warmUpUs + windowUs + 900_000_000; // the warm-up's longest extension, with room to spare
        var warmUp = new SettlingWarmUp(start, warmUpUs, load.Concurrency, longestUs);
        var staggerUs = (long)(Math.Min(load.WarmupS, (load.IdealLatencyMs ?? load.WarmupS * 500) / 1000) * 1e6);
        var windowStart = long.MaxValue;
        var windowEnd = long.MaxValue;
        var settled = true;
        var next = 0;
        var perCaller = new List<(long Sent, long End, CallOutcome Outcome)>[load.Concurrency];
        var callers = Enumerable.Range(0, load.Concurrency).Select(async caller =>
        {
            var mine = perCaller[caller] = [];
            await clock.DelayUntilAsync(start + (staggerUs * caller / Math.Max(load.Concurrency, 1)), cancellationToken);
            while (!cancellationToken.IsCancellationRequested && clock.NowUs < Volatile.Read(ref windowEnd))
            {
                var sent = clock.NowUs;
                var outcome = await send(requests[(int)((uint)Interlocked.Increment(ref next) % requests.Count)], cancellationToken);
                var end = clock.NowUs;
                mine.Add((sent, end, outcome));
                warmUp.Replied(caller, end, end - sent);
            }
        }).ToList();

        // Opens the window once the warm-up is over; the callers stop at its end.
        while (!cancellationToken.IsCancellationRequested)
        {
            await clock.DelayUntilAsync(clock.NowUs + CheckEveryUs, cancellationToken);
            var now = clock.NowUs;
            var (open, isSettled) = warmUp.Check(now, jitSeconds());
            if (open)
            {
                settled = isSettled;
                Volatile.Write(ref windowStart, now);
                Volatile.Write(ref windowEnd, now + WindowUs(windowUs, warmUp.MeanLatencyUs));
                break;
            }
        }

        await Task.WhenAll(callers);
        var calls = perCaller.SelectMany(c => c).Select(c => new CallRecord(c.Sent, c.Sent, c.End, c.Outcome,
            c.End < windowStart ? CallWindow.WarmUp : c.End <= windowEnd ? CallWindow.Measured : CallWindow.AfterWindow)).ToList();
        return new LoadResult(calls, windowStart, windowEnd, LateSends: 0, load.Concurrency, (windowStart - start) / 1e6, settled);
    }

    /// <summary>The window: as the scenario asks, but at least three request times, and a whole
    /// number of them. Where requests take longer than the scenario thought (an overloaded
    /// model), a short window would catch part of a round of replies and miss Little's law.</summary>
    private static long WindowUs(long askedUs, long meanLatencyUs)
    {
        if (meanLatencyUs <= 0)
        {
            return askedUs;
        }

        var rounds = Math.Ceiling(Math.Max(askedUs, 3 * meanLatencyUs) / (double)meanLatencyUs);
        return (long)(rounds * meanLatencyUs);
    }

    private static async Task<LoadResult> RunCountAsync(IReadOnlyList<PlannedRequest> requests, LoadSpec load, int count, SendCall send, IClock clock, CancellationToken cancellationToken)
    {
        var start = clock.NowUs;
        var warmupEnd = start + (long)(load.WarmupS * 1e6);
        var claimed = -1;
        var perCaller = new List<CallRecord>[load.Concurrency];
        var callers = Enumerable.Range(0, load.Concurrency).Select(async caller =>
        {
            var mine = perCaller[caller] = [];
            while (!cancellationToken.IsCancellationRequested)
            {
                var index = Interlocked.Increment(ref claimed);
                if (index >= count)
                {
                    break;
                }

                var sent = clock.NowUs;
                var outcome = await send(requests[index % requests.Count], cancellationToken);
                mine.Add(new CallRecord(sent, sent, clock.NowUs, outcome, sent >= warmupEnd ? CallWindow.Measured : CallWindow.WarmUp));
            }
        });
        await Task.WhenAll(callers);

        var calls = perCaller.SelectMany(c => c).ToList();
        var measured = calls.Where(c => c.Measured).ToList();
        return measured.Count == 0
            ? new LoadResult(calls, start, start, LateSends: 0, load.Concurrency)
            : new LoadResult(calls, measured.Min(c => c.SentUs), measured.Max(c => c.EndUs), LateSends: 0, load.Concurrency, load.WarmupS);
    }
}
