using Simul.Orchestrator.Scenario;

namespace Simul.Orchestrator.Load;

/// <summary>A batch's requests one after another: each sent when the last one returned, as
/// ordinary sequential code would call them. The baseline a batch's makespan is compared with.</summary>
public static class SequentialLoad
{
    public static async Task<LoadResult> RunAsync(IReadOnlyList<PlannedRequest> requests, SendCall send, IClock clock, CancellationToken cancellationToken)
    {
        var start = clock.NowUs;
        var calls = new List<CallRecord>(requests.Count);
        foreach (var request in requests)
        {
            var sent = clock.NowUs;
            var outcome = await send(request, cancellationToken);
            calls.Add(new CallRecord(sent, sent, clock.NowUs, outcome, CallWindow.Measured));
        }

        return new LoadResult(calls, start, clock.NowUs, LateSends: 0);
    }
}
