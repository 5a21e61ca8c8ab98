using Simul.Orchestrator.Scenario;

namespace Simul.Orchestrator.Load;

/// <summary>
/// Closed load: <c>concurrency</c> callers, each sending its next request as soon as its last one
/// returns, until <c>count</c> requests were sent or <c>duration_s</c> is over. Calls sent during
/// the warm-up are not measured; the run still waits for every call it sent.
/// </summary>
public static class ClosedLoad
{
    public static async Task<LoadResult> RunAsync(IReadOnlyList<PlannedRequest> requests, LoadSpec load, SendCall send, IClock clock, CancellationToken cancellationToken)
    {
        var start = clock.NowUs;
        var warmupEnd = start + (long)(load.WarmupS * 1e6);
        var end = start + (long)(load.DurationS * 1e6);
        var claimed = -1;
        var perCaller = new List<CallRecord>[load.Concurrency];
        var callers = Enumerable.Range(0, load.Concurrency).Select(async caller =>
        {
            var mine = perCaller[caller] = [];
            while (!cancellationToken.IsCancellationRequested)
            {
                var index = Interlocked.Increment(ref claimed);
                if (load.Count is { } count ? index >= count : clock.NowUs >= end)
                {
                    break;
                }

                var sent = clock.NowUs;
                var outcome = await send(requests[index % requests.Count], cancellationToken);
                mine.Add(new CallRecord(sent, sent, clock.NowUs, outcome, Measured: sent >= warmupEnd));
            }
        });
        await Task.WhenAll(callers);

        var calls = perCaller.SelectMany(c => c).ToList();
        var measured = calls.Where(c => c.Measured).ToList();
        var seconds = load.Count is null
            ? (end - warmupEnd) / 1e6
            : measured.Count == 0 ? 0 : (measured.Max(c => c.EndUs) - measured.Min(c => c.SentUs)) / 1e6;
        return new LoadResult(calls, seconds, LateSends: 0);
    }
}
