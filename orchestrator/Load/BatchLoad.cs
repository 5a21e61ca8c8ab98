using Simul.Orchestrator.Scenario;

namespace Simul.Orchestrator.Load;

/// <summary>Every request, <c>copies</c> times, all sent at once; the makespan is the window.</summary>
public static class BatchLoad
{
    public static async Task<LoadResult> RunAsync(IReadOnlyList<PlannedRequest> requests, int copies, SendCall send, IClock clock, CancellationToken cancellationToken)
    {
        var start = clock.NowUs;
        var calls = await Task.WhenAll(Enumerable.Range(0, copies).SelectMany(_ => requests).Select(async request =>
        {
            var outcome = await send(request, cancellationToken);
            return new CallRecord(start, start, clock.NowUs, outcome, CallWindow.Measured);
        }));
        var end = calls.Length == 0 ? start : calls.Max(c => c.EndUs);
        return new LoadResult(calls, start, end, LateSends: 0);
    }
}
