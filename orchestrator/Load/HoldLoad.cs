using Simul.Orchestrator.Scenario;

namespace Simul.Orchestrator.Load;

/// <summary>
/// Every request, <c>copies</c> times, sent at once and held: after <c>holdS</c> the calls still
/// running are cancelled (the worker stops their work). Requests that wait longer than the hold
/// show how many the model runs at once while it holds them (the resource sampler's peak of in
/// flight and not queued); a call cut this way is set aside as <see cref="CallWindow.Cut"/>, and
/// one that ended before the cut is measured like any other (a refusal is a failure).
/// </summary>
public static class HoldLoad
{
    public static async Task<LoadResult> RunAsync(IReadOnlyList<PlannedRequest> requests, int copies, double holdS, SendCall send, IClock clock, CancellationToken cancellationToken)
    {
        using var cut = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cut.CancelAfter(TimeSpan.FromSeconds(holdS));
        var start = clock.NowUs;
        var calls = await Task.WhenAll(Enumerable.Range(0, copies).SelectMany(_ => requests).Select(async request =>
        {
            var outcome = await send(request, cut.Token);
            cancellationToken.ThrowIfCancellationRequested();
            var wasCut = cut.IsCancellationRequested && outcome.Status == "CANCELLED";
            return new CallRecord(start, start, clock.NowUs, outcome, wasCut ? CallWindow.Cut : CallWindow.Measured);
        }));
        return new LoadResult(calls, start, calls.Length == 0 ? start : calls.Max(c => c.EndUs), LateSends: 0);
    }
}
