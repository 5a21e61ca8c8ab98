using Simul.Orchestrator.Scenario;

namespace Simul.Orchestrator.Load;

/// <summary>
/// Open load: each request is meant to be sent at its time of the <see cref="RateSchedule"/>
/// (start + i / rate at a constant rate), whatever the replies. Latency
/// counts from that intended time (no coordinated omission: a server that stalls the sender
/// still pays for the wait), and a send that leaves more than <see cref="LateAfterUs"/> after its
/// intended time is counted as late, so a sender that could not keep up is visible. Calls sent
/// in the window (after <c>warmup_s</c>) are measured; throughput counts the replies that came
/// back within it, so a server that falls behind shows it (and the backlog left at the end).
/// </summary>
public static class OpenLoad
{
    public const long LateAfterUs = 10_000;

    /// <summary>Runs the load; <paramref name="sentLate"/> is told of each late send as it leaves (the load generator's metrics).</summary>
    public static async Task<LoadResult> RunAsync(IReadOnlyList<PlannedRequest> requests, LoadSpec load, SendCall send, IClock clock, CancellationToken cancellationToken, Action? sentLate = null)
    {
        var start = clock.NowUs;
        var inFlight = new List<Task<CallRecord>>();
        long late = 0, i = 0;
        foreach (var at in RateSchedule.Of(load).SendTimes())
        {
            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            var intended = start + (long)(at * 1e6);
            await clock.DelayUntilAsync(intended, cancellationToken);
            var sent = clock.NowUs;
            var measured = at >= load.WarmupS;
            if (measured && sent - intended > LateAfterUs)
            {
                late++;
                sentLate?.Invoke();
            }

            inFlight.Add(SendAsync(requests[(int)(i++ % requests.Count)], intended, sent, measured ? CallWindow.Measured : CallWindow.WarmUp));
        }

        var calls = await Task.WhenAll(inFlight);
        return new LoadResult(calls, start + (long)(load.WarmupS * 1e6), start + (long)(load.DurationS * 1e6), late);

        async Task<CallRecord> SendAsync(PlannedRequest request, long intended, long sent, CallWindow window)
        {
            var outcome = await send(request, cancellationToken);
            return new CallRecord(intended, sent, clock.NowUs, outcome, window);
        }
    }
}
